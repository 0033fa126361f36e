/**
 * Ed25519 key handling on Web Crypto (`crypto.subtle`), which Deno and Slack's hosted runtime
 * provide without extra packages.
 *
 * Services register public keys as raw 32-byte base64 (what the `services` datastore stores);
 * people paste either that or the SPKI PEM that `openssl pkey -pubout` prints, so both are
 * accepted and normalised to raw base64.
 *
 * @module
 */
import { decodeBase64Lenient, encodeBase64 } from "./base64.ts";
import { decodePem, encodePem } from "./pem.ts";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const SPKI_PREFIX = fromHex("302a300506032b6570032100");
/** DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo without attributes; the 32-byte seed follows. */
const PKCS8_PREFIX = fromHex("302e020100300506032b657004220420");

/** Length in bytes of a raw Ed25519 public key and of a private key seed. */
export const ED25519_KEY_BYTES = 32;
/** Length in bytes of an Ed25519 signature. */
export const ED25519_SIGNATURE_BYTES = 64;

const ALGORITHM = { name: "Ed25519" } as const;

/** A freshly generated key pair in the shapes a service operator needs. */
export interface GeneratedKeyPair {
  /** PKCS#8 PEM, the file a caller signs with (`openssl pkeyutl -inkey`). */
  privateKeyPem: string;
  /** Raw 32-byte public key, standard base64: what the `services` datastore stores. */
  publicKeyRaw: string;
  /** SPKI PEM of the same public key. */
  publicKeyPem: string;
}

/**
 * Normalises a public key to raw 32-byte standard base64.
 *
 * Accepts raw 32 bytes in base64 or base64url (padded or not), SPKI DER in base64, or an SPKI
 * PEM block (`-----BEGIN PUBLIC KEY-----`).
 *
 * @throws {Error} `Cannot read public key: …` naming what was wrong.
 */
export function normalizePublicKey(text: string): string {
  const trimmed = text.trim();
  let bytes: Uint8Array | undefined;
  if (trimmed.includes("-----BEGIN")) {
    if (trimmed.includes("PRIVATE KEY-----")) {
      throw new Error("Cannot read public key: this is a private key; never share it");
    }
    try {
      bytes = decodePem(trimmed, "PUBLIC KEY");
    } catch (err) {
      throw new Error(`Cannot read public key: ${(err as Error).message}`);
    }
  } else {
    bytes = decodeBase64Lenient(trimmed);
    if (!bytes) {
      throw new Error(
        "Cannot read public key: expected raw 32-byte base64/base64url or a PEM public key",
      );
    }
  }
  if (bytes.length === ED25519_KEY_BYTES) return encodeBase64(bytes);
  if (bytes.length === SPKI_PREFIX.length + ED25519_KEY_BYTES && startsWith(bytes, SPKI_PREFIX)) {
    return encodeBase64(bytes.slice(SPKI_PREFIX.length));
  }
  throw new Error(
    `Cannot read public key: got ${bytes.length} bytes that are not an Ed25519 key ` +
      "(expected 32 raw bytes or an Ed25519 SPKI structure)",
  );
}

/**
 * Imports a public key for `crypto.subtle.verify`, accepting every format
 * {@linkcode normalizePublicKey} does.
 *
 * @returns the verify key and the key as raw standard base64.
 * @throws {Error} `Cannot read public key: …` for unusable input.
 */
export async function importPublicKey(text: string): Promise<{ key: CryptoKey; raw: string }> {
  const raw = normalizePublicKey(text);
  const bytes = decodeBase64Lenient(raw) as Uint8Array<ArrayBuffer>;
  try {
    const key = await crypto.subtle.importKey("raw", bytes, ALGORITHM, true, ["verify"]);
    return { key, raw };
  } catch (err) {
    throw new Error(`Cannot read public key: ${(err as Error).message}`);
  }
}

/**
 * Imports an Ed25519 private key for signing. Accepts a PKCS#8 PEM (`openssl genpkey -algorithm
 * ed25519`), PKCS#8 DER in base64 (the form of `COUNTERSIGN_SIGNING_KEY`), or a raw 32-byte seed
 * in base64. The key is not extractable unless `extractable` is set.
 *
 * @throws {Error} `Cannot read private key: …` (never including the key material).
 */
export async function importPrivateKey(text: string, extractable = false): Promise<CryptoKey> {
  const der = privateKeyDer(text.trim());
  try {
    return await crypto.subtle.importKey("pkcs8", der, ALGORITHM, extractable, ["sign"]);
  } catch {
    throw new Error("Cannot read private key: not an Ed25519 PKCS#8 key");
  }
}

/**
 * Derives the raw base64 public key belonging to a private key (any format accepted by
 * {@linkcode importPrivateKey}).
 */
export async function publicKeyOfPrivateKey(text: string): Promise<string> {
  const key = await importPrivateKey(text, true);
  const jwk = await crypto.subtle.exportKey("jwk", key);
  if (typeof jwk.x !== "string") throw new Error("Cannot derive public key: no public part");
  return normalizePublicKey(jwk.x);
}

/** Builds the PKCS#8 PEM of the private key whose 32-byte seed is given. */
export function privateKeyPemFromSeed(seed: Uint8Array): string {
  if (seed.length !== ED25519_KEY_BYTES) {
    throw new Error(`Cannot build private key: seed has ${seed.length} bytes, expected 32`);
  }
  return encodePem("PRIVATE KEY", concat(PKCS8_PREFIX, seed));
}

/** Formats a raw base64 public key as the SPKI PEM that `openssl pkey -pubout` prints. */
export function publicKeyPem(text: string): string {
  const raw = decodeBase64Lenient(normalizePublicKey(text)) as Uint8Array;
  return encodePem("PUBLIC KEY", concat(SPKI_PREFIX, raw));
}

/** Generates a new Ed25519 key pair for a service. */
export async function generateKeyPair(): Promise<GeneratedKeyPair> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const publicKeyRaw = encodeBase64(raw);
  return {
    privateKeyPem: encodePem("PRIVATE KEY", pkcs8),
    publicKeyRaw,
    publicKeyPem: publicKeyPem(publicKeyRaw),
  };
}

function privateKeyDer(text: string): Uint8Array<ArrayBuffer> {
  if (text.includes("-----BEGIN")) {
    try {
      return decodePem(text, "PRIVATE KEY");
    } catch {
      throw new Error('Cannot read private key: expected a "-----BEGIN PRIVATE KEY-----" block');
    }
  }
  const bytes = decodeBase64Lenient(text);
  if (!bytes) throw new Error("Cannot read private key: expected PEM or base64");
  return bytes.length === ED25519_KEY_BYTES ? concat(PKCS8_PREFIX, bytes) : bytes;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
