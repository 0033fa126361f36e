/**
 * The app's Ed25519 signing key for callbacks: import from PKCS#8, derive the public key and the
 * key id callers use to pick the right verification key.
 *
 * @module
 */

/** Base64 (standard alphabet) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Bytes of a standard or URL-safe base64 string; throws on anything else. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const normal = text.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal)) throw new Error("not base64");
  const padded = normal + "=".repeat((4 - (normal.length % 4)) % 4);
  const raw = atob(padded);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * Key id of an Ed25519 public key: the first 16 hex characters of SHA-256 over the raw 32-byte
 * key. Derived rather than configured, so it can never disagree with the key itself.
 */
export async function keyIdFor(publicKeyRaw: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", publicKeyRaw));
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An imported signing key with its public half. */
export interface SigningKey {
  privateKey: CryptoKey;
  /** Raw 32-byte public key, base64: what callers configure to verify callbacks. */
  publicKey: string;
  /** Sent as `X-Countersign-Key-Id`. */
  keyId: string;
}

/**
 * Imports the app's private key (PKCS#8 DER, base64, as in `COUNTERSIGN_SIGNING_KEY`).
 *
 * @throws Error `Cannot import signing key: …` when the value is not a PKCS#8 Ed25519 key; the
 * message never contains the key material.
 */
export function importSigningKey(pkcs8Base64: string): Promise<SigningKey> {
  // A warm function process signs many callbacks with the same key: import it once. A failed
  // import is not cached, so a corrected setting takes effect at once.
  let pending = importedKeys.get(pkcs8Base64);
  if (!pending) {
    pending = importUncached(pkcs8Base64);
    importedKeys.set(pkcs8Base64, pending);
    pending.catch(() => importedKeys.delete(pkcs8Base64));
  }
  return pending;
}

/** Imported signing keys by their PKCS#8 text (the process's own memory only). */
const importedKeys = new Map<string, Promise<SigningKey>>();

async function importUncached(pkcs8Base64: string): Promise<SigningKey> {
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = fromBase64(pkcs8Base64);
  } catch {
    throw new Error("Cannot import signing key: the value is not base64");
  }
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
  } catch {
    throw new Error("Cannot import signing key: the value is not a PKCS#8 Ed25519 private key");
  }
  // A private JWK carries the public point `x`, which is the raw public key (base64url).
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  const raw = fromBase64(jwk.x ?? "");
  return { privateKey, publicKey: toBase64(raw), keyId: await keyIdFor(raw) };
}

/**
 * Imports a raw 32-byte Ed25519 public key (base64) for verification.
 *
 * @throws Error `Cannot import public key: …` when it is not 32 bytes of base64.
 */
export async function importPublicKey(publicKeyBase64: string): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(publicKeyBase64);
  } catch {
    throw new Error("Cannot import public key: the value is not base64");
  }
  if (raw.length !== 32) {
    throw new Error(`Cannot import public key: expected 32 bytes, got ${raw.length}`);
  }
  return await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, true, ["verify"]);
}
