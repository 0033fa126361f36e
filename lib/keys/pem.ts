/**
 * Minimal PEM (RFC 7468) reading and writing for the two key shapes Countersign handles:
 * `PUBLIC KEY` (SPKI) and `PRIVATE KEY` (PKCS#8).
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from "./base64.ts";

/** Wraps DER bytes in a PEM block with 64-character lines, as `openssl` prints it. */
export function encodePem(label: string, der: Uint8Array): string {
  const body = encodeBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${body.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * Extracts the DER bytes of the first PEM block with `label`. Surrounding text, CRLF line ends
 * and indentation (keys pasted into forms) are tolerated; a corrupt body is not.
 *
 * @throws {Error} `Cannot read PEM: …` when there is no such block or its body is not base64.
 */
export function decodePem(text: string, label: string): Uint8Array<ArrayBuffer> {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) {
    throw new Error(`Cannot read PEM: no "${begin}" … "${end}" block found`);
  }
  const body = text.slice(start + begin.length, stop).replace(/\s+/g, "");
  const der = decodeBase64(body);
  if (!der || der.length === 0) {
    throw new Error(`Cannot read PEM: the "${label}" block is not valid base64`);
  }
  return der;
}
