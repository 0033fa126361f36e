/**
 * Authentication of relay reads (docs/relay.md): decision ids are guessable, so a read proves it
 * comes from the service that made the request by an Ed25519 signature with the service's
 * registered key over
 *
 * ```
 * countersign-relay-read:v1
 * <timestamp, Unix seconds>
 * <nonce>
 * <service id>
 * <key id>
 * <request id>
 * ```
 *
 * sent as the `X-Countersign-*` headers below. The relay accepts a timestamp within
 * {@link READ_WINDOW_SECONDS} of its clock and each nonce once.
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from "../lib/keys/base64.ts";
import { importPrivateKey } from "../lib/keys/ed25519.ts";

/** First line of the signed read. */
export const READ_SCHEME = "countersign-relay-read:v1";
/** Accepted distance between a read's timestamp and the relay's clock (bounds included). */
export const READ_WINDOW_SECONDS = 60;
/** Headers of a signed read. */
export const READ_HEADERS = {
  timestamp: "X-Countersign-Timestamp",
  nonce: "X-Countersign-Nonce",
  keyId: "X-Countersign-Key-Id",
  signature: "X-Countersign-Signature",
} as const;

/** Ids as the request contract allows them. */
export const ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A nonce: 16–64 characters of base64url. */
export const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/** Who reads: a registered service and one of its keys. */
export interface ServiceIdentity {
  serviceId: string;
  keyId: string;
  /** Private key text (PKCS#8 PEM or base64, raw seed base64) or an imported signing key. */
  privateKey: string | CryptoKey;
}

/** The exact text a read signs. */
export function readCanonical(
  timestamp: string,
  nonce: string,
  serviceId: string,
  keyId: string,
  requestId: string,
): string {
  return [READ_SCHEME, timestamp, nonce, serviceId, keyId, requestId].join("\n");
}

/** A fresh random nonce (128 bits, base64url). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return encodeBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The headers of a signed read of `requestId`'s decision, made at `nowMs`. */
export async function signRead(
  identity: ServiceIdentity,
  requestId: string,
  nowMs: number = Date.now(),
): Promise<Record<string, string>> {
  const key = typeof identity.privateKey === "string"
    ? await importPrivateKey(identity.privateKey)
    : identity.privateKey;
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = newNonce();
  const text = readCanonical(timestamp, nonce, identity.serviceId, identity.keyId, requestId);
  const signature = await crypto.subtle.sign("Ed25519", key, new TextEncoder().encode(text));
  return {
    [READ_HEADERS.timestamp]: timestamp,
    [READ_HEADERS.nonce]: nonce,
    [READ_HEADERS.keyId]: identity.keyId,
    [READ_HEADERS.signature]: encodeBase64(new Uint8Array(signature)),
  };
}

/** What a relay checks before looking at the nonce. */
export type ReadCheck =
  | { ok: true; nonce: string; keyId: string }
  | { ok: false; reason: string };

/**
 * Checks a signed read's headers against the service's public keys (by key id). Pure apart from
 * Web Crypto; never throws on caller input.
 */
export async function checkRead(
  headers: Headers,
  serviceId: string,
  requestId: string,
  keys: ReadonlyMap<string, CryptoKey>,
  nowMs: number,
): Promise<ReadCheck> {
  const get = (name: string) => headers.get(name) ?? "";
  const timestamp = get(READ_HEADERS.timestamp);
  const nonce = get(READ_HEADERS.nonce);
  const keyId = get(READ_HEADERS.keyId);
  const signature = get(READ_HEADERS.signature);
  if (!timestamp || !nonce || !keyId || !signature) {
    return { ok: false, reason: "Cannot read decision: the request is not signed" };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: "Cannot read decision: timestamp is not Unix seconds" };
  }
  if (Math.abs(nowMs - Number(timestamp) * 1000) > READ_WINDOW_SECONDS * 1000) {
    return { ok: false, reason: "Cannot read decision: timestamp is outside the window" };
  }
  if (!NONCE.test(nonce)) {
    return { ok: false, reason: "Cannot read decision: nonce is not 16-64 base64url characters" };
  }
  const key = keys.get(keyId);
  if (!key) {
    return { ok: false, reason: "Cannot read decision: key id is not registered for the service" };
  }
  const bytes = decodeBase64(signature);
  if (!bytes || bytes.length !== 64 || encodeBase64(bytes) !== signature) {
    return { ok: false, reason: "Cannot read decision: signature is not canonical base64" };
  }
  const text = readCanonical(timestamp, nonce, serviceId, keyId, requestId);
  const valid = await crypto.subtle.verify("Ed25519", key, bytes, new TextEncoder().encode(text));
  if (!valid) return { ok: false, reason: "Cannot read decision: signature does not match" };
  return { ok: true, nonce, keyId };
}
