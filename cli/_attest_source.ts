/**
 * Where `attest` gets what it signs with and what it signs: the app key, and a decision record
 * from a Web API (`apps.datastore.get`) or from an audit export.
 *
 * @module
 */
import { SIGNING_KEY_ENV } from "../lib/config.ts";
import { importSigningKey, type SigningKey } from "../lib/callback/keys.ts";
import { encodeBase64, importPrivateKey } from "../lib/keys/mod.ts";
import { readLines } from "../lib/audit/mod.ts";
import { Decisions } from "../datastores/decisions.ts";
import type { Flags } from "./_args.ts";
import { apiBase, call } from "./_audit_source.ts";
import { readPrivateKeyFile } from "./_key_file.ts";

/** An environment variable, or "" when unset or not readable. */
export function env(name: string): string {
  try {
    return Deno.env.get(name) ?? "";
  } catch {
    return "";
  }
}

/** The app key: `--key FILE`, else `COUNTERSIGN_SIGNING_KEY`, else the local platform's. */
export async function appKey(flags: Flags, localPkcs8: string | undefined): Promise<SigningKey> {
  const path = flags.values.get("key");
  let pkcs8 = path ? undefined : env(SIGNING_KEY_ENV) || localPkcs8;
  if (path) {
    // Any form the key file may take (PEM, PKCS#8 base64, seed) as the PKCS#8 the app uses.
    const key = await importPrivateKey(await readPrivateKeyFile(path), true);
    pkcs8 = encodeBase64(new Uint8Array(await crypto.subtle.exportKey("pkcs8", key)));
  }
  if (!pkcs8) {
    throw new Error(
      `Cannot attest: no app key: give --key FILE or set ${SIGNING_KEY_ENV} ` +
        "(on the local platform, --data with its data folder)",
    );
  }
  return await importSigningKey(pkcs8);
}

/** The decision record `id` through `apps.datastore.get`. */
export async function recordFromApi(flags: Flags, url: string, id: string, token: string) {
  const body = await call(
    { base: apiBase(url), token, appId: flags.values.get("app-id") },
    "apps.datastore.get",
    {
      datastore: Decisions.name,
      id,
    },
  );
  const item = body.item as Record<string, unknown> | undefined;
  if (!item || item.id !== id) {
    throw new Error(`Cannot attest decision ${JSON.stringify(id)}: no such decision`);
  }
  return item;
}

/** The decision record `id` from an audit export (JSON Lines). */
export async function recordFromExport(path: string, id: string): Promise<Record<string, unknown>> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot attest: cannot read --from-export "${path}": ${why}`);
  }
  try {
    for await (const line of readLines(file)) {
      // Cheap filter first: only a line naming the id can be its record.
      if (typeof line !== "string" || !line.includes(JSON.stringify(id).slice(1, -1))) continue;
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch {
        continue;
      }
      const record = item as Record<string, unknown>;
      if (record && record._datastore === Decisions.name && record.id === id) return record;
    }
  } finally {
    file.close();
  }
  throw new Error(`Cannot attest decision ${JSON.stringify(id)}: not in "${path}"`);
}
