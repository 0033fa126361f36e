/**
 * The decision relay (docs/relay.md): receives Countersign's signed callbacks for the services it
 * is configured for, verifies and stores them (first one per (service, request id) wins), and
 * serves signed long-poll reads to the service that made the request. It returns the raw signed
 * callback, so callers verify the app's signature themselves: the relay is trusted for
 * availability only.
 *
 * @module
 */
import { verifyCallback } from "../lib/callback/mod.ts";
import { readBodyLimited } from "../lib/callback/body.ts";
import { checkRead, ID, READ_WINDOW_SECONDS } from "../sdk/relay_auth.ts";
import type { RelayStore } from "./store.ts";

/** Options of {@link createRelay}. */
export interface RelayOptions {
  store: RelayStore;
  /** The app's raw base64 public key(s) (several during a rotation): pinned, never fetched. */
  appPublicKeys: readonly string[];
  /** Registered read keys per service id, by key id. */
  services: ReadonlyMap<string, ReadonlyMap<string, CryptoKey>>;
  /** How long a stored decision is kept (default 7 days). */
  retentionMs?: number;
  /** Longest long-poll a read may ask for, seconds (default 60). */
  maxWaitSeconds?: number;
  /** Clock, Unix ms (tests). */
  now?: () => number;
  /** One line per request (default: none). */
  log?: (line: string) => void;
}

/** A running relay's request handler and housekeeping. */
export interface Relay {
  handle(req: Request): Promise<Response>;
  /** Deletes decisions past retention and nonces past the read window. */
  cleanup(): { callbacks: number; nonces: number };
  /** Reads parked in a long-poll now. */
  waiting(): number;
  /** Ends all waiting reads (as pending) so a server can stop. */
  close(): void;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** Largest callback body accepted; a decision callback is well under 4 KiB. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

/** Creates a relay over `options.store`. */
export function createRelay(options: RelayOptions): Relay {
  const { store, services } = options;
  const now = options.now ?? Date.now;
  const retention = options.retentionMs ?? 7 * 24 * 3600_000;
  const maxWait = options.maxWaitSeconds ?? 60;
  const waiters = new Map<string, Set<() => void>>();
  const slot = (service: string, request: string) => `${service}\n${request}`;

  const wake = (key: string) => {
    for (const done of waiters.get(key) ?? []) done();
    waiters.delete(key);
  };

  async function receive(req: Request, service: string): Promise<[Response, string]> {
    if (req.method !== "POST") return [json(405, { ok: false, error: "method_not_allowed" }), ""];
    if (!services.has(service)) {
      return [json(404, { ok: false, error: `Cannot accept callback: unknown service` }), ""];
    }
    const body = await readBodyLimited(req, MAX_CALLBACK_BYTES);
    if (body === undefined) return [json(413, { ok: false, error: "payload_too_large" }), ""];
    let reason = "no app public key configured";
    for (const key of options.appPublicKeys) {
      const result = await verifyCallback(key, req.headers, body, { service, now: now() });
      if (!result.ok) {
        reason = result.reason;
        continue;
      }
      const p = result.payload;
      if (!ID.test(String(p.request_id))) {
        return [json(400, { ok: false, error: "Cannot accept callback: bad request_id" }), ""];
      }
      const headers: Record<string, string> = {};
      for (const name of ["timestamp", "signature", "key-id", "service"]) {
        headers[`X-Countersign-${name.replace(/(^|-)\w/g, (c) => c.toUpperCase())}`] =
          req.headers.get(`x-countersign-${name}`) ?? "";
      }
      const stored = store.put({
        service_id: service,
        request_id: p.request_id,
        outcome: String(p.outcome),
        headers,
        body,
        received_at: now(),
      });
      if (stored) wake(slot(service, p.request_id));
      return [
        json(200, { ok: true, stored }),
        `${p.request_id} ${p.outcome}${stored ? "" : " duplicate (kept the first)"}`,
      ];
    }
    return [json(401, { ok: false, error: reason }), `refused: ${reason}`];
  }

  async function read(
    req: Request,
    service: string,
    request: string,
  ): Promise<[Response, string]> {
    if (req.method !== "GET") return [json(405, { ok: false, error: "method_not_allowed" }), ""];
    const keys = services.get(service);
    if (!keys || !ID.test(request)) {
      return [json(404, { ok: false, error: "Cannot read decision: unknown service" }), ""];
    }
    const check = await checkRead(req.headers, service, request, keys, now());
    if (!check.ok) return [json(401, { ok: false, error: check.reason }), check.reason];
    if (!store.useNonce(service, check.nonce, now())) {
      const error = "Cannot read decision: this signed read was used before (replayed)";
      return [json(401, { ok: false, error }), error];
    }
    const waitText = new URL(req.url).searchParams.get("wait") ?? "0";
    const wait = Math.min(maxWait, /^\d{1,5}$/.test(waitText) ? Number(waitText) : 0);
    const key = slot(service, request);
    let found = store.get(service, request);
    if (!found && wait > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.get(key)?.delete(done);
          resolve();
        };
        const timer = setTimeout(done, wait * 1000);
        if (!waiters.has(key)) waiters.set(key, new Set());
        waiters.get(key)!.add(done);
      });
      found = store.get(service, request);
    }
    if (!found) return [json(200, { status: "pending" }), `${request} pending`];
    return [
      json(200, { status: "decided", callback: { headers: found.headers, body: found.body } }),
      `${request} ${found.outcome}`,
    ];
  }

  return {
    async handle(req) {
      const started = now();
      const path = new URL(req.url).pathname;
      let response: Response;
      let note = "";
      const parts = path.split("/").map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return "\u0000";
        }
      });
      if (path === "/healthz" || path === "/health") {
        response = json(200, { ok: true, decisions: store.count() });
      } else if (parts.length === 4 && parts[1] === "v1" && parts[2] === "callbacks") {
        [response, note] = await receive(req, parts[3]);
      } else if (parts.length === 5 && parts[1] === "v1" && parts[2] === "decisions") {
        [response, note] = await read(req, parts[3], parts[4]);
      } else {
        response = json(404, { ok: false, error: "not_found" });
      }
      // One line per request; never headers, signatures or bodies.
      const shown = path.replace(/[^\x21-\x7e]/g, "?").slice(0, 200);
      options.log?.(
        `${new Date(started).toISOString()} ${req.method} ${shown} ${response.status} ${
          now() - started
        }ms${note ? ` ${note.replace(/[^\x20-\x7e]/g, "?").slice(0, 200)}` : ""}`,
      );
      return response;
    },
    cleanup() {
      return store.cleanup(now() - retention, now() - 2 * READ_WINDOW_SECONDS * 1000);
    },
    waiting() {
      let n = 0;
      for (const set of waiters.values()) n += set.size;
      return n;
    },
    close() {
      for (const key of [...waiters.keys()]) wake(key);
    },
  };
}
