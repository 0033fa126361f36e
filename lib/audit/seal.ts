/**
 * Signing audit records with the app's Ed25519 key when they are written (Web Crypto, so it runs
 * in the app's functions on hosted Slack as well as locally).
 *
 * @module
 */
import {
  fromBase64,
  importPublicKey,
  importSigningKey,
  type SigningKey,
  toBase64,
} from "../callback/keys.ts";
import { SIGNING_KEY_ENV } from "../config.ts";
import { RECORD_VERSION, RECORD_VERSIONS, recordMessage } from "./canonical.ts";

/** The signature attributes stored on a record's content. */
export interface RecordSeal {
  record_signature: string;
  record_key_id: string;
  record_version: number;
}

const encoder = new TextEncoder();

async function signText(key: SigningKey, text: string): Promise<string> {
  const signature = await crypto.subtle.sign("Ed25519", key.privateKey, encoder.encode(text));
  return toBase64(new Uint8Array(signature));
}

/**
 * Signs a record (every attribute except the signature attributes and the operational marks,
 * see `canonical.ts`).
 *
 * @param datastore the datastore the item is written to (part of what is signed)
 */
export async function sealRecord(
  key: SigningKey,
  datastore: string,
  item: Record<string, unknown>,
): Promise<RecordSeal> {
  return {
    record_signature: await signText(key, recordMessage(datastore, item)),
    record_key_id: key.keyId,
    record_version: RECORD_VERSION,
  };
}

/**
 * Reads a setting from a function's env (`slack env add` on hosted runs), falling back to the
 * process environment where the runtime allows it (local runs; hosted runs have no --allow-env).
 */
export function envSetting(env: Record<string, string> | undefined, name: string): string {
  if (env?.[name]) return env[name];
  try {
    return Deno.env.get(name) ?? "";
  } catch {
    return "";
  }
}

/** Writers already warned about a missing key. */
const warned = new Set<string>();

/** Keys already imported, by their PKCS#8 text: a warm function imports once. */
const imported = new Map<string, Promise<SigningKey>>();

/**
 * The app's signing key from `COUNTERSIGN_SIGNING_KEY`, or why there is none. The reason never
 * contains key material.
 */
export async function appSigningKey(
  env: Record<string, string> | undefined,
): Promise<{ key: SigningKey } | { error: string }> {
  const secret = envSetting(env, SIGNING_KEY_ENV);
  if (!secret) return { error: `Cannot sign audit record: ${SIGNING_KEY_ENV} is not set` };
  let pending = imported.get(secret);
  if (!pending) {
    pending = importSigningKey(secret);
    imported.set(secret, pending);
  }
  try {
    return { key: await pending };
  } catch (error) {
    imported.delete(secret);
    return { error: (error as Error).message.replace("signing key", "audit signing key") };
  }
}

/**
 * `item` with its record signature, ready to write. Without a usable key the item is returned
 * unsigned and a warning logged (never the key): the decision must still be recorded, and
 * `verify` will name the record as unsigned.
 *
 * @param writer who writes, for the warning (e.g. "record_decision")
 */
export async function withRecordSeal<T extends Record<string, unknown>>(
  env: Record<string, string> | undefined,
  datastore: string,
  item: T,
  writer: string,
): Promise<T & Partial<RecordSeal>> {
  const found = await appSigningKey(env);
  if ("error" in found) {
    // Once per writer and process: every record of a misconfigured app would say the same.
    if (!warned.has(writer)) {
      warned.add(writer);
      console.warn(`${writer}: ${found.error}; records are written unsigned`);
    }
    return item;
  }
  return { ...item, ...(await sealRecord(found.key, datastore, item)) };
}

/** Public halves imported for {@linkcode isSealedBy}, by key id. */
const publicKeys = new Map<string, Promise<CryptoKey>>();

/** Whether `item` carries a valid record signature by `key` (Web Crypto). */
export async function isSealedBy(
  key: SigningKey,
  datastore: string,
  item: Record<string, unknown>,
): Promise<boolean> {
  const version = item.record_version;
  if (item.record_key_id !== key.keyId || !RECORD_VERSIONS.includes(version as number)) {
    return false;
  }
  if (typeof item.record_signature !== "string") return false;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64(item.record_signature);
  } catch {
    return false;
  }
  let verifyKey = publicKeys.get(key.keyId);
  if (!verifyKey) {
    verifyKey = importPublicKey(key.publicKey);
    publicKeys.set(key.keyId, verifyKey);
  }
  return await crypto.subtle.verify(
    "Ed25519",
    await verifyKey,
    signature,
    encoder.encode(recordMessage(datastore, item, Object.keys(item), version as number)),
  );
}
