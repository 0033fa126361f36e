/**
 * Server-Sent Events for the page: every platform event (`message`, `view`, `view_closed`,
 * `run`, `datastore`, `call`, `trigger`, `callback`) is written as `event: <type>` +
 * `data: <json>` to each connected page.
 *
 * @module
 */

const HEARTBEAT_MS = 15_000;

/** A hub that fans platform events out to SSE streams. */
export class EventHub {
  #streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  #encoder = new TextEncoder();
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Forwards `types` of `source`'s events to the pages, as their small SSE form. */
  follow(source: EventTarget, types: string[]): void {
    for (const type of types) {
      source.addEventListener(type, (event) => {
        this.publish(type, sseDetail(type, (event as CustomEvent).detail));
      });
    }
  }

  /** Sends one event to every connected page. */
  publish(type: string, data: unknown): void {
    if (this.#streams.size === 0) return;
    const chunk = this.#encoder.encode(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const stream of this.#streams) {
      try {
        stream.enqueue(chunk);
      } catch {
        this.#streams.delete(stream);
      }
    }
  }

  /** A new SSE response that receives every later event. */
  open(): Response {
    let controller: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        this.#streams.add(c);
        c.enqueue(this.#encoder.encode(": connected\n\n"));
        this.#startHeartbeat();
      },
      cancel: () => {
        this.#streams.delete(controller);
        this.#stopHeartbeatIfIdle();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  #startHeartbeat(): void {
    // Comments keep idle connections (and proxies) from timing out.
    this.#heartbeat ??= setInterval(() => {
      for (const stream of this.#streams) {
        try {
          stream.enqueue(this.#encoder.encode(": ping\n\n"));
        } catch {
          this.#streams.delete(stream);
        }
      }
      this.#stopHeartbeatIfIdle();
    }, HEARTBEAT_MS);
  }

  #stopHeartbeatIfIdle(): void {
    if (this.#streams.size === 0 && this.#heartbeat !== undefined) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
    }
  }

  /** Ends every stream (platform shutdown). */
  close(): void {
    for (const stream of this.#streams) {
      try {
        stream.close();
      } catch {
        // already closed by the client
      }
    }
    this.#streams.clear();
    this.#stopHeartbeatIfIdle();
  }
}

/** The SSE payload of a platform event: small, the page re-reads what it needs. */
export function sseDetail(type: string, detail: Record<string, unknown>): unknown {
  if (type === "message") {
    const message = detail.message as { channel?: string; ts?: string } | undefined;
    return { op: detail.op, channel: message?.channel, ts: message?.ts };
  }
  if (type === "view") {
    const view = detail.view as { id?: string } | undefined;
    return { op: detail.op, user: detail.user, view_id: view?.id };
  }
  if (type === "call") return { seq: detail.seq, method: detail.method, ok: detail.ok };
  if (type === "trigger") {
    const trigger = detail.trigger as { id?: string } | undefined;
    return { op: detail.op, trigger_id: trigger?.id };
  }
  return detail;
}
