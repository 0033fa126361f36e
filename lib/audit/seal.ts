/**
 * Signing audit records with the app's Ed25519 key when they are written (Web Crypto, so it runs
 * in the app's functions on hosted Slack as well as locally). Finding the key in the function's
 * env is the functions' part (`functions/_shared/seal.ts`).
 *
 * @module
 */
import { fromBase64, importPublicKey, type SigningKey, toBase64 } from "../callback/keys.ts";
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
