/**
 * Signing and verification of decision callbacks.
 *
 * The signature is Ed25519 over the canonical string
 * `countersign-callback:v1\n<timestamp>\n<key id>\n<raw body>` where `<timestamp>` is Unix
 * seconds (the `X-Countersign-Timestamp` header). Binding the timestamp lets receivers reject
 * replays of old callbacks; binding the key id stops a signature being re-labelled.
 *
 * @module
 */
import { MAX_CLOCK_SKEW_MS } from "../config.ts";
import { fromBase64, importPublicKey, keyIdFor, type SigningKey, toBase64 } from "./keys.ts";
import { CALLBACK_VERSION, type CallbackPayload } from "./payload.ts";

/** Header carrying the signing time, Unix seconds. */
export const TIMESTAMP_HEADER = "X-Countersign-Timestamp";
/** Header carrying the base64 Ed25519 signature. */
export const SIGNATURE_HEADER = "X-Countersign-Signature";
/** Header carrying the id of the app key that signed. */
export const KEY_ID_HEADER = "X-Countersign-Key-Id";

/** The exact bytes (as a string) that are signed. */
export function canonicalString(timestamp: string, keyId: string, body: string): string {
  return `countersign-callback:v${CALLBACK_VERSION}\n${timestamp}\n${keyId}\n${body}`;
}

/**
 * Signs `body` at `nowMs` and returns the three headers to send with it (plus content type).
 */
export async function signCallback(
  key: SigningKey,
  body: string,
  nowMs: number,
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const data = new TextEncoder().encode(canonicalString(timestamp, key.keyId, body));
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", key.privateKey, data));
  return {
    "Content-Type": "application/json",
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: toBase64(signature),
    [KEY_ID_HEADER]: key.keyId,
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

/** Options for {@link verifyCallback}. */
export interface VerifyOptions {
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
 * Verifies a received callback: headers present, timestamp fresh, key id matching `publicKey`,
 * Ed25519 signature valid over the canonical string, and the body a version-1 payload.
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
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  const keyId = header(headers, KEY_ID_HEADER);
  if (!timestamp || !signature || !keyId) {
    return { ok: false, reason: "Cannot verify callback: a X-Countersign-* header is missing" };
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
  let sigBytes: Uint8Array<ArrayBuffer>;
  try {
    sigBytes = fromBase64(signature);
  } catch {
    return { ok: false, reason: "Cannot verify callback: signature is not base64" };
  }
  const data = new TextEncoder().encode(canonicalString(timestamp, keyId, body));
  const valid = sigBytes.length === 64 &&
    await crypto.subtle.verify("Ed25519", key, sigBytes, data);
  if (!valid) return { ok: false, reason: "Cannot verify callback: signature does not match" };
  let payload: CallbackPayload;
  try {
    payload = JSON.parse(body);
  } catch {
    return { ok: false, reason: "Cannot verify callback: body is not JSON" };
  }
  if (typeof payload !== "object" || payload === null || payload.version !== CALLBACK_VERSION) {
    return { ok: false, reason: "Cannot verify callback: unsupported payload version" };
  }
  return { ok: true, payload, keyId, timestamp: Number(timestamp) };
}
