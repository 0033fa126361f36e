/**
 * Synchronous Ed25519 and SHA-256 for the audit CLI (`node:crypto`): verifying 100,000 records
 * one `await` at a time through Web Crypto is about half as fast. Only the CLI and benchmarks
 * import this file; the app's functions sign with Web Crypto (`seal.ts`).
 *
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { Buffer } from "node:buffer";
import { keyIdFor } from "../callback/keys.ts";
import { decodeBase64Lenient } from "../keys/base64.ts";
import { normalizePublicKey } from "../keys/ed25519.ts";

/** A public key ready for synchronous verification. */
export interface SyncPublicKey {
  keyId: string;
  /** Raw 32-byte key, standard base64. */
  publicKey: string;
  object: KeyObject;
}

/** A private key ready for synchronous signing (export seals, benchmarks, tests). */
export interface SyncPrivateKey extends SyncPublicKey {
  privateObject: KeyObject;
}

const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * A public key already read (raw 32 bytes in standard base64) with its key id, synchronously:
 * how `verify`'s worker threads take the keys the main thread imported.
 */
export function syncPublicKey(keyId: string, publicKey: string): SyncPublicKey {
  const object = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, "base64")]),
    format: "der",
    type: "spki",
  });
  return { keyId, publicKey, object };
}

/**
 * Imports a public key (raw base64/base64url, SPKI base64 or PEM).
 *
 * @throws Error `Cannot read public key: …`
 */
export async function importSyncPublicKey(text: string): Promise<SyncPublicKey> {
  const publicKey = normalizePublicKey(text);
  const raw = Buffer.from(publicKey, "base64");
  const object = createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, raw]),
    format: "der",
    type: "spki",
  });
  return { keyId: await keyIdFor(new Uint8Array(raw)), publicKey, object };
}

/**
 * Imports a private key: PKCS#8 DER in base64 (the `COUNTERSIGN_SIGNING_KEY` form) or a PEM
 * block (what `deno task cli keygen` writes).
 *
 * @throws Error `Cannot read private key: …` (never containing the key).
 */
export async function importSyncPrivateKey(text: string): Promise<SyncPrivateKey> {
  let privateObject: KeyObject;
  try {
    const trimmed = text.trim();
    if (trimmed.includes("-----BEGIN")) {
      privateObject = createPrivateKey({ key: trimmed, format: "pem" });
    } else {
      const der = decodeBase64Lenient(trimmed);
      if (!der) throw new Error("not base64");
      privateObject = createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
    }
    if (privateObject.asymmetricKeyType !== "ed25519") throw new Error("not Ed25519");
  } catch {
    throw new Error("Cannot read private key: expected an Ed25519 PKCS#8 key (PEM or base64)");
  }
  const spki = createPublicKey(privateObject).export({ format: "der", type: "spki" });
  const raw = new Uint8Array(spki.subarray(SPKI_PREFIX.length));
  const publicKey = Buffer.from(raw).toString("base64");
  return {
    keyId: await keyIdFor(raw),
    publicKey,
    object: createPublicKey(privateObject),
    privateObject,
  };
}

/**
 * Scratch space reused by every verification: allocating two Buffers per record leaves tens of
 * megabytes of external memory for the garbage collector to find late in a 100,000-line file.
 */
let scratch = new Uint8Array(64 * 1024);
const signatureScratch = Buffer.alloc(96);
// Plain views of the scratch space: node:crypto takes them as they are, a Buffer's `subarray`
// costs about a microsecond per record more.
const signatureView = new Uint8Array(signatureScratch.buffer, signatureScratch.byteOffset, 64);
const encoder = new TextEncoder();

/** Whether `signatureBase64` is a valid Ed25519 signature of `text` by `key`. */
export function verifyText(key: SyncPublicKey, text: string, signatureBase64: string): boolean {
  // 64 bytes of signature are 88 base64 characters; anything longer cannot be one.
  if (signatureBase64.length > 88) return false;
  const signatureLength = signatureScratch.write(signatureBase64, "base64");
  if (signatureLength !== 64) return false;
  // One spelling per signature: `Buffer` decodes any unused trailing bits and sloppy padding.
  if (signatureScratch.toString("base64", 0, 64) !== signatureBase64) return false;
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const length = encoder.encodeInto(text, scratch).written;
  try {
    return verify(null, new Uint8Array(scratch.buffer, 0, length), key.object, signatureView);
  } catch {
    return false;
  }
}

/** The Ed25519 signature of `text`, standard base64. */
export function signTextSync(key: SyncPrivateKey, text: string): string {
  return sign(null, Buffer.from(text, "utf8"), key.privateObject).toString("base64");
}

/** Where {@linkcode sha256Hex} encodes its text (grown for a longer one, then reused). */
let hashInput = new Uint8Array(64 * 1024);

/**
 * Hex SHA-256 of a UTF-8 string (lone surrogates as U+FFFD), with `@noble/hashes`: about half as
 * fast as `node:crypto`'s one-shot hash, but that leaves a native object per call that V8 frees
 * only in a full collection, so memory grew with the records hashed (measured: +130 MB over
 * 300,000 records). Here every allocation is young garbage.
 */
export function sha256Hex(text: string): string {
  if (text.length * 3 > hashInput.length) hashInput = new Uint8Array(text.length * 3);
  const length = encoder.encodeInto(text, hashInput).written;
  return bytesToHex(sha256(hashInput.subarray(0, length)));
}
