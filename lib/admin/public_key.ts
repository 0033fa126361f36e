/**
 * Reading a public key pasted into an admin form. Private keys are refused outright (and never
 * echoed), so a leaked secret does not end up in the services datastore or the audit log.
 *
 * @module
 */
import { decodeBase64Lenient } from "../keys/base64.ts";
import { importPublicKey } from "../keys/ed25519.ts";

/** DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo (what `keygen` writes, base64-encoded). */
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];

/** Result of {@linkcode readPublicKey}. */
export type PublicKeyRead = { ok: true; raw: string } | { ok: false; error: string };

/**
 * Normalises a pasted Ed25519 public key (raw base64/base64url or SPKI PEM/DER) to raw base64.
 * Refuses PEM private keys of any kind, OpenSSH private keys, base64 PKCS#8 private keys and
 * private JWKs with a message that never contains the pasted text.
 */
export async function readPublicKey(text: string): Promise<PublicKeyRead> {
  const trimmed = text.trim();
  const privateKey = {
    ok: false as const,
    error: "the pasted key is a PRIVATE key; never share it — paste the public key " +
      "(`deno task cli pubkey`) and consider this private key exposed",
  };
  if (trimmed === "") return { ok: false, error: "the public key is empty" };
  if (/PRIVATE KEY/.test(trimmed)) return privateKey;
  if (trimmed.startsWith("{")) {
    try {
      const jwk = JSON.parse(trimmed);
      if (jwk && typeof jwk === "object" && "d" in jwk) return privateKey;
    } catch {
      // fall through to the generic message
    }
    return { ok: false, error: "a JSON key is not accepted; paste raw base64 or a PEM public key" };
  }
  const bytes = decodeBase64Lenient(trimmed);
  if (
    bytes && bytes.length >= PKCS8_PREFIX.length && PKCS8_PREFIX.every((b, i) => bytes[i] === b)
  ) {
    return privateKey;
  }
  try {
    return { ok: true, raw: (await importPublicKey(trimmed)).raw };
  } catch (error) {
    // importPublicKey's messages describe the format, never the key bytes.
    return { ok: false, error: (error as Error).message.replace(/^Cannot read public key: /, "") };
  }
}
