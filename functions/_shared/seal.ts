/**
 * The app's signing key from a function's env, and sealing a record with it before it is
 * written (the signing itself is `lib/audit/seal.ts`).
 *
 * @module
 */
import { importSigningKey, type SigningKey } from "../../lib/callback/keys.ts";
import { SIGNING_KEY_ENV } from "../../lib/config.ts";
import { type RecordSeal, sealRecord } from "../../lib/audit/seal.ts";
import { envSetting } from "./env.ts";

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
