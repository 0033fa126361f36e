/**
 * Strict base64 helpers. `atob` alone accepts whitespace and missing padding; the contract wants
 * exactly one spelling per byte string, so the alphabet and padding are checked first.
 *
 * @module
 */

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as standard base64 with padding (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Decodes canonical standard, padded base64 (RFC 4648 §4 and §3.5). Returns `undefined` for
 * anything else (whitespace, url-safe alphabet, missing padding, and unused trailing bits that
 * are not zero), so callers can report a specific error. Canonical means one spelling per byte
 * string: `...A==` and `...B==` decode alike with `atob`, and a signature must not have two.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!STANDARD.test(text)) return undefined;
  const bytes = fromBinary(atob(text));
  return encodeBase64(bytes) === text ? bytes : undefined;
}

/**
 * Decodes base64 in either alphabet, padded or not: what people paste when registering a key.
 * Returns `undefined` when the text is not base64 at all.
 */
export function decodeBase64Lenient(text: string): Uint8Array<ArrayBuffer> | undefined {
  const unpadded = text.replace(/={1,2}$/, "");
  if (!URL_SAFE.test(unpadded.replaceAll("+", "-").replaceAll("/", "_"))) return undefined;
  // Mixing both alphabets in one string is never legitimate.
  if (/[+/]/.test(unpadded) && /[-_]/.test(unpadded)) return undefined;
  if (unpadded.length % 4 === 1) return undefined;
  const standard = unpadded.replaceAll("-", "+").replaceAll("_", "/");
  const padding = (4 - (standard.length % 4)) % 4;
  // Padding is optional, but when present it must be the right amount.
  if (text.length !== unpadded.length && text.length !== unpadded.length + padding) {
    return undefined;
  }
  return decodeBase64(standard + "=".repeat(padding));
}

function fromBinary(binary: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
