/**
 * `pubkey`: prints the public key of a private key file (raw base64, or PEM with `--pem`), or
 * with `--pkcs8` the private key as PKCS#8 base64 — the form `COUNTERSIGN_SIGNING_KEY` takes.
 *
 * @module
 */
import {
  encodeBase64,
  importPrivateKey,
  publicKeyOfPrivateKey,
  publicKeyPem,
} from "../lib/keys/mod.ts";
import { type Flags, required } from "./_args.ts";
import { readPrivateKeyFile } from "./_key_file.ts";

/** Flags of `pubkey`. */
export const PUBKEY_FLAGS = { values: ["key"], booleans: ["pem", "pkcs8"] } as const;

/** Runs `pubkey`. */
export async function pubkey(flags: Flags): Promise<void> {
  const path = required(flags, "key", "print the public key");
  if (flags.booleans.has("pem") && flags.booleans.has("pkcs8")) {
    throw new Error("Cannot print the public key: choose one of --pem and --pkcs8");
  }
  const text = await readPrivateKeyFile(path);
  if (flags.booleans.has("pkcs8")) {
    const key = await importPrivateKey(text, true);
    console.log(encodeBase64(new Uint8Array(await crypto.subtle.exportKey("pkcs8", key))));
    return;
  }
  const raw = await publicKeyOfPrivateKey(text);
  console.log(flags.booleans.has("pem") ? publicKeyPem(raw).trim() : raw);
}
