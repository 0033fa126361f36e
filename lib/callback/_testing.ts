/**
 * Test helper: a fresh Ed25519 key pair in the formats the app uses.
 *
 * @module
 */
import { toBase64 } from "./keys.ts";

/** A new key pair: PKCS#8 base64 private key (as in the env) and raw base64 public key. */
export async function generateTestKeyPair(): Promise<{ pkcs8: string; publicKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return { pkcs8: toBase64(pkcs8), publicKey: toBase64(raw) };
}
