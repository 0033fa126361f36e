/**
 * A direct callback listener for `request --wait --listen`: when the caller is reachable, the bot's
 * callback URL can point at it instead of a relay. It verifies each delivery (app key, this
 * service) and resolves with the one for the awaited request.
 *
 * @module
 */
import { verifyCallback } from "../lib/callback/mod.ts";
import { readBodyLimited } from "../lib/callback/body.ts";
import { type Decided, verifyStoredCallback } from "../sdk/mod.ts";

/** Largest body read; a callback is well under 4 KiB. */
const MAX_BODY = 64 * 1024;

/** A started listener. */
export interface Listener {
  /** Resolves with the verified decision of `requestId`, or undefined when stopped. */
  decision(requestId: string): Promise<Decided | undefined>;
  close(): Promise<void>;
}

/**
 * Listens on `address` (`[host:]port`, host default 127.0.0.1) for callbacks of `serviceId`.
 *
 * @throws {Error} `Cannot listen for callbacks: …` for a bad address or a port in use.
 */
export function listenForCallbacks(
  address: string,
  serviceId: string,
  appPublicKey: string,
): Listener {
  const match = address.match(/^(?:(.+):)?(\d{1,5})$/);
  const port = Number(match?.[2]);
  if (!match || port > 65535) {
    throw new Error(`Cannot listen for callbacks: "${address}" is not [host:]port`);
  }
  const waiting = new Map<string, (d: Decided | undefined) => void>();
  const arrived = new Map<string, Decided>();
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({ hostname: match[1] ?? "127.0.0.1", port, onListen() {} }, async (req) => {
      if (req.method !== "POST") return new Response("method not allowed", { status: 405 });
      const body = await readBodyLimited(req, MAX_BODY);
      if (body === undefined) return new Response("too large", { status: 413 });
      const checked = await verifyCallback(appPublicKey, req.headers, body, { service: serviceId });
      if (!checked.ok) return new Response(checked.reason, { status: 401 });
      const headers = Object.fromEntries(req.headers);
      const decided = await verifyStoredCallback(
        { headers, body },
        [appPublicKey],
        serviceId,
        checked.payload.request_id,
      );
      // Act once per request: the first verified callback wins.
      if (!arrived.has(decided.request_id)) arrived.set(decided.request_id, decided);
      waiting.get(decided.request_id)?.(arrived.get(decided.request_id));
      return new Response("ok");
    });
  } catch (error) {
    throw new Error(`Cannot listen for callbacks on "${address}": ${(error as Error).message}`);
  }
  return {
    decision(requestId) {
      const known = arrived.get(requestId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiting.set(requestId, resolve));
    },
    async close() {
      for (const resolve of waiting.values()) resolve(undefined);
      await server.shutdown();
    },
  };
}
