/**
 * The app's own Ed25519 key pair for signing decision callbacks on the local platform.
 *
 * On hosted Slack the operator stores the private key with `slack env add COUNTERSIGN_SIGNING_KEY`.
 * Locally the platform generates one on first start and keeps it in the storage settings, so the
 * demo callback receiver can verify callbacks across restarts.
 *
 * @module
 */
import { importSigningKey } from "../lib/callback/mod.ts";
import { encodeBase64 } from "../lib/keys/mod.ts";
import type { Storage } from "../local/storage/types.ts";

/** Storage setting holding the app's private key (PKCS#8 DER, base64). */
export const APP_SIGNING_KEY_SETTING = "app_signing_key_pkcs8";

/** The app's key pair in the forms the platform needs. */
export interface AppSigningKey {
  /** PKCS#8 DER, base64: the value of `COUNTERSIGN_SIGNING_KEY`. */
  privateKeyPkcs8B64: string;
  /** Raw 32-byte public key, base64: what callers verify callbacks with. */
  publicKeyRawB64: string;
}

/**
 * Returns the app's signing key pair, generating and saving it the first time.
 *
 * @throws {Error} `Cannot use the app signing key: …` when a saved key is unreadable.
 */
export async function ensureAppSigningKey(
  storage: Pick<Storage, "getSetting" | "setSetting">,
): Promise<AppSigningKey> {
  const saved = storage.getSetting(APP_SIGNING_KEY_SETTING);
  if (saved) {
    try {
      const key = await importSigningKey(saved);
      return { privateKeyPkcs8B64: saved, publicKeyRawB64: key.publicKey };
    } catch (error) {
      throw new Error(
        `Cannot use the app signing key: setting "${APP_SIGNING_KEY_SETTING}" is unreadable ` +
          `(${(error as Error).message})`,
      );
    }
  }
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  const privateKeyPkcs8B64 = encodeBase64(pkcs8);
  storage.setSetting(APP_SIGNING_KEY_SETTING, privateKeyPkcs8B64);
  return { privateKeyPkcs8B64, publicKeyRawB64: encodeBase64(raw) };
}
