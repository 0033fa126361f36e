/**
 * Synchronous Ed25519 and SHA-256 for the audit CLI (`node:crypto`): verifying 100,000 records
 * one `await` at a time through Web Crypto is about half as fast. Only the CLI and benchmarks
 * import this file; the app's functions sign with Web Crypto (`seal.ts`).
 *
 * @module
 */
import { createPrivateKey, createPublicKey, hash, type KeyObject, sign, verify } from "node:crypto";
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
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const length = encoder.encodeInto(text, scratch).written;
  try {
    return verify(null, new Uint8Array(scratch.buffer, 0, length), key.object, signatureView);
  } catch {
    return false;
  }
}

/**
 * Record signatures gathered and then checked together: each signed text is UTF-8 encoded once
 * into one reused buffer, where the export chain hashes it too (no string is kept or built
 * twice), and the checks run back to back, a few percent faster than interleaving each with the
 * parsing around it.
 */
export class SignatureBatch {
  #bytes = new Uint8Array(256 * 1024);
  #signatures = new Uint8Array(64 * 512);
  #used = 0;
  #jobs: { tag: number; key: SyncPublicKey; start: number; end: number }[] = [];
  /** Where the staged `before`, message and `after` start, and where the staged bytes end. */
  #staged = [0, 0, 0, 0];

  /**
   * Encodes `before + message + after` after what the batch holds, for {@linkcode digest} and
   * {@linkcode add} (which checks the signature of `message` alone).
   */
  stage(message: string, before = "", after = ""): void {
    const worst = (before.length + message.length + after.length) * 3;
    if (this.#used + worst > this.#bytes.length) this.#bytes = grow(this.#bytes, worst);
    const start = this.#used;
    let at = start + encoder.encodeInto(before, this.#bytes.subarray(start)).written;
    const messageStart = at;
    at += encoder.encodeInto(message, this.#bytes.subarray(at)).written;
    const messageEnd = at;
    at += encoder.encodeInto(after, this.#bytes.subarray(at)).written;
    this.#staged = [start, messageStart, messageEnd, at];
  }

  /** Hex SHA-256 of the staged `before + message + after`. */
  digest(): string {
    const [start, , , end] = this.#staged;
    return hash("sha256", new Uint8Array(this.#bytes.buffer, start, end - start), "hex");
  }

  /**
   * Adds the check of `signatureBase64` on the staged message by `key`, answered under `tag`
   * by {@linkcode run}; false (nothing added) when the signature cannot be one.
   */
  add(tag: number, key: SyncPublicKey, signatureBase64: string): boolean {
    // As in verifyText: 64 bytes of signature are at most 88 base64 characters.
    if (signatureBase64.length > 88) return false;
    if (signatureScratch.write(signatureBase64, "base64") !== 64) return false;
    const n = this.#jobs.length;
    if ((n + 1) * 64 > this.#signatures.length) this.#signatures = grow(this.#signatures, 64);
    this.#signatures.set(signatureView, n * 64);
    const [, start, end, used] = this.#staged;
    this.#jobs.push({ tag, key, start, end });
    this.#used = used;
    return true;
  }

  /** Checks every signature added, in order, and empties the batch. */
  run(done: (tag: number, valid: boolean) => void): void {
    const { buffer } = this.#bytes;
    for (const [i, job] of this.#jobs.entries()) {
      let valid = false;
      try {
        valid = verify(
          null,
          new Uint8Array(buffer, job.start, job.end - job.start),
          job.key.object,
          new Uint8Array(this.#signatures.buffer, i * 64, 64),
        );
      } catch {
        // Not a valid signature.
      }
      done(job.tag, valid);
    }
    this.#jobs.length = 0;
    this.#used = 0;
  }
}

function grow(bytes: Uint8Array, more: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(bytes.length * 2 + more);
  grown.set(bytes);
  return grown;
}

/** The Ed25519 signature of `text`, standard base64. */
export function signTextSync(key: SyncPrivateKey, text: string): string {
  return sign(null, Buffer.from(text, "utf8"), key.privateObject).toString("base64");
}

/**
 * Hex SHA-256 of a UTF-8 string: the one-shot native hash, three times faster than SHA-256 in
 * TypeScript. Each call leaves a small native object that only a full collection frees, so the
 * commands that hash every record collect now and then (`cli/_gc.ts`).
 */
export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}
