/**
 * Test helper: an eventually consistent `apps.datastore.query` in front of a real Web API.
 * Slack documents `apps.datastore.query` as a scan, which may not see a write made a moment
 * before; the local platform's query always does. This proxy forwards every call unchanged but
 * drops from query results the items written since the test last called `settle()`: the
 * staleness is chosen by the test, not by a clock, so no test depends on timing.
 *
 * @module
 */

/** A running proxy. */
export interface StaleQueryProxy {
  /** Base URL to use as `SLACK_API_URL` (ends with `/api/`). */
  url: string;
  /** Makes every write so far visible to queries. */
  settle(): void;
  /** Items (by datastore and id) that queries hid, in order. */
  hidden: string[];
  close(): Promise<void>;
}

/** Reads the method's arguments the way Slack accepts them (form or JSON body). */
function argsOf(type: string, raw: string): Record<string, unknown> {
  if (type.includes("application/json")) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function itemOf(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const item = args.item;
  if (typeof item === "string") {
    try {
      return JSON.parse(item) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return item && typeof item === "object" ? item as Record<string, unknown> : undefined;
}

/** Starts the proxy in front of `target` (a Web API base URL ending with `/api/`). */
export function staleQueryProxy(target: string): StaleQueryProxy {
  const young = new Set<string>();
  const hidden: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const method = url.pathname.replace(/^.*\/api\//, "");
    const raw = req.method === "POST" ? await req.text() : "";
    const type = req.headers.get("content-type") ?? "";
    const forwarded = await fetch(new URL(method + url.search, target), {
      method: req.method,
      headers: req.headers,
      body: req.method === "POST" ? raw : undefined,
    });
    const text = await forwarded.text();
    const args = argsOf(type, raw);
    const datastore = String(args.datastore ?? "");
    if (method === "apps.datastore.put" || method === "apps.datastore.update") {
      const id = itemOf(args)?.id;
      if (id !== undefined) young.add(`${datastore}|${id}`);
    }
    if (method === "apps.datastore.query") {
      const body = JSON.parse(text) as { ok: boolean; items?: { id?: unknown }[] };
      if (body.ok && Array.isArray(body.items)) {
        body.items = body.items.filter((item) => {
          const key = `${datastore}|${item.id}`;
          if (!young.has(key)) return true;
          hidden.push(key);
          return false;
        });
        return Response.json(body, { status: forwarded.status });
      }
    }
    return new Response(text, { status: forwarded.status, headers: forwarded.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/api/`,
    settle: () => young.clear(),
    hidden,
    close: () => server.shutdown(),
  };
}
