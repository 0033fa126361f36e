/**
 * The demo bot's callback endpoint on the local platform: it verifies each decision callback
 * with the app's public key (exactly as a real caller would) and keeps what it received so the
 * page can show it. Unverified deliveries are kept too, marked, so a broken signature is visible.
 *
 * @module
 */
import { type CallbackPayload, type ExpectedService, verifyCallback } from "../lib/callback/mod.ts";
import { readBodyLimited } from "../lib/callback/body.ts";

/** Largest body the receiver reads; a decision callback is a few hundred bytes. */
export const MAX_CALLBACK_BYTES = 64 * 1024;
/** How many deliveries are kept (oldest dropped first). */
export const MAX_KEPT = 500;

/** One delivery as received. */
export interface Received {
  /** Unix milliseconds when it arrived. */
  received_at: number;
  /** True when the signature, timestamp and key id verified. */
  verified: boolean;
  /** The parsed body (verified payload, or best-effort parse of an unverified one). */
  body: CallbackPayload | Record<string, unknown> | null;
  /** Key id header of a verified delivery. */
  key_id?: string;
  /** Why verification failed. */
  error?: string;
}

/** Options of {@linkcode createCallbackReceiver}. */
export interface CallbackReceiverOptions {
  /** The app's raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /**
   * The services this receiver acts for. Default: any service, because the local platform's one
   * demo endpoint stands in for every demo bot; a real receiver names its own (docs/callbacks.md).
   */
  services?: ExpectedService;
  /** Called after each delivery is stored (the platform turns it into a page event). */
  onReceive?: (received: Received) => void;
  /** Clock for verification, Unix milliseconds (tests). */
  now?: () => number;
}

/** A callback receiver: an HTTP handler plus the list of what it got. */
export interface CallbackReceiver {
  /** Handles `POST` with a signed callback: 200 when verified, 401 otherwise, 405/413 misuse. */
  handle(req: Request): Promise<Response>;
  /** Deliveries received so far, oldest first. */
  list(): Received[];
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function parseLoose(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Creates a receiver verifying with the app's public key. */
export function createCallbackReceiver(opts: CallbackReceiverOptions): CallbackReceiver {
  const received: Received[] = [];
  const keep = (r: Received) => {
    received.push(r);
    if (received.length > MAX_KEPT) received.splice(0, received.length - MAX_KEPT);
    opts.onReceive?.(r);
  };
  return {
    async handle(req) {
      if (req.method !== "POST") return json(405, { ok: false, error: "method_not_allowed" });
      const body = await readBodyLimited(req, MAX_CALLBACK_BYTES);
      const now = opts.now?.() ?? Date.now();
      if (body === undefined) {
        keep({
          received_at: now,
          verified: false,
          body: null,
          error: `Cannot accept callback: body exceeds ${MAX_CALLBACK_BYTES} bytes`,
        });
        return json(413, { ok: false, error: "payload_too_large" });
      }
      const result = await verifyCallback(opts.publicKey, req.headers, body, {
        now,
        service: opts.services ?? (() => true),
      });
      if (!result.ok) {
        keep({ received_at: now, verified: false, body: parseLoose(body), error: result.reason });
        return json(401, { ok: false, error: result.reason });
      }
      keep({ received_at: now, verified: true, body: result.payload, key_id: result.keyId });
      return json(200, { ok: true });
    },
    list() {
      return [...received];
    },
  };
}
