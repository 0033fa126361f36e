/**
 * Signing and verification of decision callbacks.
 *
 * The signature is Ed25519 over the canonical string
 * `countersign-callback:v2\n<timestamp>\n<key id>\n<service id>\n<raw body>` where
 * `<timestamp>` is Unix seconds (the `X-Countersign-Timestamp` header). Binding the timestamp
 * lets receivers reject replays of old callbacks; binding the key id stops a signature being
 * re-labelled; binding the service id (also sent as `X-Countersign-Service`, and equal to the
 * body's `service_id`) stops one service's callback being re-posted to another service's receiver,
 * since every service's callbacks are signed by the one app key.
 *
 * @module
 */
import { MAX_CLOCK_SKEW_MS } from "../config.ts";
import { decodeBase64 } from "../keys/base64.ts";
import { fromBase64, importPublicKey, keyIdFor, type SigningKey, toBase64 } from "./keys.ts";
import { CALLBACK_VERSION, type CallbackPayload } from "./payload.ts";

/** Header carrying the signing time, Unix seconds. */
export const TIMESTAMP_HEADER = "X-Countersign-Timestamp";
/** Header carrying the base64 Ed25519 signature. */
export const SIGNATURE_HEADER = "X-Countersign-Signature";
/** Header carrying the id of the app key that signed. */
export const KEY_ID_HEADER = "X-Countersign-Key-Id";
/** Header naming the service the callback is for (version 2). */
export const SERVICE_HEADER = "X-Countersign-Service";

/**
 * The signature scheme, first line of the canonical string. It changes only when what is signed
 * changes; payload versions that merely add fields keep it.
 */
export const CALLBACK_SCHEME = "countersign-callback:v2";

/** A service id as the request contract allows it. */
const SERVICE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The exact bytes (as a string) that are signed. */
export function canonicalString(
  timestamp: string,
  keyId: string,
  serviceId: string,
  body: string,
): string {
  return `${CALLBACK_SCHEME}\n${timestamp}\n${keyId}\n${serviceId}\n${body}`;
}

/**
 * Signs `body` (whose `service_id` is `serviceId`) at `nowMs` and returns the four headers to send
 * with it (plus content type).
 *
 * @throws Error `Cannot sign callback: …` when the service id is not a contract id.
 */
export async function signCallback(
  key: SigningKey,
  body: string,
  nowMs: number,
  serviceId: string,
): Promise<Record<string, string>> {
  if (!SERVICE_ID.test(serviceId)) {
    throw new Error(`Cannot sign callback: service id "${serviceId.slice(0, 70)}" is not valid`);
  }
  const timestamp = String(Math.floor(nowMs / 1000));
  const data = new TextEncoder().encode(canonicalString(timestamp, key.keyId, serviceId, body));
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", key.privateKey, data));
  return {
    "Content-Type": "application/json",
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: toBase64(signature),
    [KEY_ID_HEADER]: key.keyId,
    [SERVICE_HEADER]: serviceId,
  };
}

/** Imported verification keys by their base64 text: a receiver checks every callback. */
const verificationKeys = new Map<string, Promise<{ key: CryptoKey; keyId: string }>>();
/** A receiver configures one or two keys (rotation); a bound keeps odd callers from growing it. */
const VERIFICATION_KEYS_MAX = 16;

function verificationKey(publicKey: string): Promise<{ key: CryptoKey; keyId: string }> {
  let pending = verificationKeys.get(publicKey);
  if (!pending) {
    pending = (async () => ({
      key: await importPublicKey(publicKey),
      keyId: await keyIdFor(fromBase64(publicKey)),
    }))();
    if (verificationKeys.size >= VERIFICATION_KEYS_MAX) verificationKeys.clear();
    verificationKeys.set(publicKey, pending);
    // A bad key is not kept: its error is reported each time, as before.
    pending.catch(() => verificationKeys.delete(publicKey));
  }
  return pending;
}

/** Result of verifying a callback. */
export type VerifyResult =
  | { ok: true; payload: CallbackPayload; keyId: string; timestamp: number }
  | { ok: false; reason: string };

/**
 * The service(s) a receiver acts for: one id, a list, or a test. A receiver must say which
 * service it is, or a callback for another service would be accepted as its own.
 */
export type ExpectedService = string | readonly string[] | ((serviceId: string) => boolean);

function expects(expected: ExpectedService, serviceId: string): boolean {
  if (typeof expected === "function") return expected(serviceId);
  if (typeof expected === "string") return expected === serviceId;
  return expected.includes(serviceId);
}

/** Options for {@link verifyCallback}. */
export interface VerifyOptions {
  /** The service this receiver acts for (required: see {@link ExpectedService}). */
  service: ExpectedService;
  /** Current time in Unix milliseconds (default `Date.now()`). */
  now?: number;
  /** Accepted distance between the timestamp and now (default ±5 minutes). */
  maxSkewMs?: number;
}

/** Case-insensitive header lookup over a `Headers` or a plain object. */
function header(headers: Headers | Record<string, string>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * Verifies a received callback: headers present, timestamp fresh (±5 minutes, bounds included),
 * key id matching `publicKey`, service the expected one, Ed25519 signature (canonical base64 of
 * 64 bytes) valid over the canonical string, and the body a version-2 payload whose
 * `service_id` is the signed service.
 * Never throws for bad input; it returns `{ ok: false, reason }` with a specific reason.
 *
 * @param publicKey the app's raw 32-byte Ed25519 public key, base64
 * @param headers the request headers
 * @param body the raw request body, exactly as received
 */
export async function verifyCallback(
  publicKey: string,
  headers: Headers | Record<string, string>,
  body: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  const keyId = header(headers, KEY_ID_HEADER);
  const service = header(headers, SERVICE_HEADER);
  if (!timestamp || !signature || !keyId || !service) {
    const missing = [TIMESTAMP_HEADER, SIGNATURE_HEADER, KEY_ID_HEADER, SERVICE_HEADER]
      .filter((name) => !header(headers, name));
    return {
      ok: false,
      reason: `Cannot verify callback: a X-Countersign-* header is missing (${missing.join(", ")})`,
    };
  }
  if (!SERVICE_ID.test(service) || !expects(options.service, service)) {
    return {
      ok: false,
      reason: `Cannot verify callback: it is for service "${
        service.slice(0, 70)
      }", not one this receiver acts for`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return {
      ok: false,
      reason: `Cannot verify callback: timestamp "${timestamp.slice(0, 40)}" is not Unix seconds`,
    };
  }
  const now = options.now ?? Date.now();
  const skew = Math.abs(now - Number(timestamp) * 1000);
  if (skew > (options.maxSkewMs ?? MAX_CLOCK_SKEW_MS)) {
    return {
      ok: false,
      reason: `Cannot verify callback: timestamp "${timestamp}" is too old or in the future`,
    };
  }
  let key: CryptoKey;
  let expectedKeyId: string;
  try {
    ({ key, keyId: expectedKeyId } = await verificationKey(publicKey));
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (keyId !== expectedKeyId) {
    return {
      ok: false,
      reason: `Cannot verify callback: key id "${
        keyId.slice(0, 40)
      }" is not the configured key (${expectedKeyId})`,
    };
  }
  // Exactly one spelling per signature: padded standard base64 whose unused bits are zero.
  const sigBytes = decodeBase64(signature);
  if (!sigBytes || sigBytes.length !== 64 || toBase64(sigBytes) !== signature) {
    return {
      ok: false,
      reason: "Cannot verify callback: signature is not canonical base64 of 64 bytes",
    };
  }
  const data = new TextEncoder().encode(canonicalString(timestamp, keyId, service, body));
  const valid = await crypto.subtle.verify("Ed25519", key, sigBytes, data);
  if (!valid) return { ok: false, reason: "Cannot verify callback: signature does not match" };
  let payload: CallbackPayload;
  try {
    payload = JSON.parse(body);
  } catch {
    return { ok: false, reason: "Cannot verify callback: body is not JSON" };
  }
  // Later payload versions only add fields, so any version from 2 on is read.
  if (
    typeof payload !== "object" || payload === null || !Number.isInteger(payload.version) ||
    payload.version < CALLBACK_VERSION
  ) {
    return { ok: false, reason: "Cannot verify callback: unsupported payload version" };
  }
  if (payload.service_id !== service) {
    return {
      ok: false,
      reason: "Cannot verify callback: the body's service_id is not the signed service",
    };
  }
  return { ok: true, payload, keyId, timestamp: Number(timestamp) };
}
