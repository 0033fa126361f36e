/**
 * `export`: streams the audit log (decisions and admin events) to JSON Lines or CSV, from the
 * local platform or a Slack workspace (`apps.datastore.query`, every page to the end — no
 * 10,000-item cap), or converts a `slack datastore query --to-file` file. Memory stays flat:
 * one page of records is held at a time.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { AdminEvents } from "../datastores/admin_events.ts";
import { Decisions } from "../datastores/decisions.ts";
import { SIGNING_KEY_ENV } from "../lib/config.ts";
import {
  ExportWriter,
  importSyncPrivateKey,
  importSyncPublicKey,
  readLines,
  type SyncPrivateKey,
} from "../lib/audit/mod.ts";
import type { Flags } from "./_args.ts";
import { openOut, Output } from "./_export_output.ts";
import {
  apiBase,
  type ApiSource,
  datastoreExists,
  isLoopbackUrl,
  PAGE_SIZE,
  queryPages,
  readLocalSecrets,
} from "./_audit_source.ts";

/** Flags of `export`. */
export const EXPORT_FLAGS = {
  values: [
    "url",
    "token",
    "page-size",
    "out",
    "format",
    "from-file",
    "data",
    "app-id",
    "seal-key",
    "public-key",
  ],
  repeated: ["datastore"],
  booleans: ["no-seal"],
} as const;

/**
 * Lines written at a time: about 70 KB of text, below V8's large-object size, so each batch
 * (its text and bytes) is young garbage, freed at once; a whole page (700 KB) waits for a full
 * collection, and memory grew with the export until one came.
 */
const FLUSH_LINES = 100;

/** Environment variable with the Web API token (kept out of process lists; same as `report`). */
export const TOKEN_ENV = "COUNTERSIGN_SLACK_TOKEN";

/** The audit datastores, in export order. */
export const AUDIT_DATASTORES = [Decisions.name, AdminEvents.name] as const;

function env(name: string): string {
  try {
    return Deno.env.get(name) ?? "";
  } catch {
    return "";
  }
}

async function readKeyText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot export: cannot read --seal-key "${path}": ${why}`);
  }
}

/** `--page-size`: 1–1000 items evaluated per query (default 1000, Slack's maximum). */
function pageSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > PAGE_SIZE) {
    throw new Error(`Cannot export: --page-size "${value}" is not 1-${PAGE_SIZE}`);
  }
  return n;
}

/** Runs `export`. */
export async function exportAudit(flags: Flags): Promise<void> {
  const format = flags.values.get("format") ?? "jsonl";
  if (format !== "jsonl" && format !== "csv") {
    throw new Error(`Cannot export: --format "${format}" is not jsonl or csv`);
  }
  const fromFile = flags.values.get("from-file");
  const url = flags.values.get("url");
  if (fromFile && url) throw new Error("Cannot export: give --url or --from-file, not both");
  if (!fromFile && !url) {
    throw new Error(
      "Cannot export: --url (local platform or https://slack.com/api/) or --from-file is required",
    );
  }
  const local = url !== undefined && isLoopbackUrl(apiBase(url));
  const secrets = local ? readLocalSecrets(flags.values.get("data") ?? ".countersign") : {};

  // The seal key: the app's key (or any key the auditor will trust), never printed.
  let seal: SyncPrivateKey | undefined;
  if (!flags.booleans.has("no-seal")) {
    const sealPath = flags.values.get("seal-key");
    const text = sealPath
      ? await readKeyText(sealPath)
      : env(SIGNING_KEY_ENV) || secrets.appKeyPkcs8;
    if (text) {
      try {
        seal = await importSyncPrivateKey(text);
      } catch (error) {
        throw new Error(`Cannot export: seal key: ${(error as Error).message}`);
      }
    }
  }
  const given = flags.values.get("public-key");
  const headerKey = given ? await importSyncPublicKey(given) : seal;

  const requested = flags.repeated.get("datastore");
  const datastores = requested ?? (fromFile ? [Decisions.name] : [...AUDIT_DATASTORES]);
  for (const name of datastores) {
    if (!(AUDIT_DATASTORES as readonly string[]).includes(name)) {
      throw new Error(
        `Cannot export: --datastore "${name}" is not one of ${AUDIT_DATASTORES.join(", ")}`,
      );
    }
  }
  const outPath = flags.values.get("out");
  if (fromFile && outPath && resolve(fromFile) === resolve(outPath)) {
    throw new Error(`Cannot export: --out "${outPath}" would overwrite the --from-file input`);
  }
  if (fromFile && datastores.length !== 1) {
    throw new Error("Cannot export: --from-file holds one datastore; give one --datastore");
  }

  let source: ApiSource | undefined;
  let present = datastores;
  if (url) {
    const token = flags.values.get("token") || env(TOKEN_ENV) || secrets.botToken;
    if (!token) {
      throw new Error(
        `Cannot export: no token: set ${TOKEN_ENV} (or --token)` +
          (local ? " or pass --data with the platform's data folder" : " (see docs/audit.md)"),
      );
    }
    source = {
      base: apiBase(url),
      token,
      appId: flags.values.get("app-id"),
      pageSize: pageSize(flags.values.get("page-size")),
    };
    present = [];
    for (const name of datastores) {
      if (await datastoreExists(source, name)) present.push(name);
      else if (requested) throw new Error(`Cannot export: the app has no datastore "${name}"`);
      else console.error(`note: the app has no datastore "${name}"; exported without it`);
    }
  }

  const writer = new ExportWriter({
    exported_at: new Date().toISOString(),
    source: url ? apiBase(url) : `file:${basename(fromFile!)}`,
    datastores: present,
    ...(headerKey ? { public_key: headerKey.publicKey, key_id: headerKey.keyId } : {}),
  });
  const out = new Output(await openOut(flags.values.get("out")), writer, format === "csv");
  for (const name of present) out.counts.set(name, 0);
  try {
    out.start();
    if (source) {
      for (const name of present) {
        for await (const page of queryPages(source, name)) {
          for (const item of page) {
            out.add(name, item);
            if (out.pending >= FLUSH_LINES) await out.flush();
          }
          await out.flush();
        }
      }
    } else {
      await convert(fromFile!, present[0], out);
    }
    await out.end(seal);
  } catch (error) {
    await out.close().catch(() => {});
    throw error;
  }
  const parts = [...out.counts].map(([name, n]) => `${name}: ${n}`).join(", ") || "no records";
  const where = flags.values.get("out") ? ` to ${flags.values.get("out")}` : "";
  console.error(`exported ${writer.count} records (${parts})${where}`);
  if (format === "csv") {
    console.error("note: CSV is for reading; export --format jsonl to verify the records");
  } else if (seal) console.error(`sealed with key id ${seal.keyId}`);
  else {
    console.error(
      `note: not sealed (--no-seal, or no --seal-key or ${SIGNING_KEY_ENV}): verify fails on it ` +
        "unless given --allow-unsealed, since without a seal it cannot prove no line was " +
        "removed and the rest renumbered",
    );
  }
}

/**
 * Converts a `slack datastore query --to-file` file (JSON Lines, one item per line). A line too
 * long to be an item (see `readLines`) is named and skipped unread, the rest still converted to
 * name any others; then it fails before the trailer, so the output cannot pass for complete.
 */
async function convert(path: string, datastore: string, out: Output): Promise<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot convert "${path}": ${why}`);
  }
  try {
    await convertLines(path, datastore, out, file);
  } finally {
    file.close();
  }
}

/** Converts the lines of the open `file` (see `convert`). */
async function convertLines(
  path: string,
  datastore: string,
  out: Output,
  file: Deno.FsFile,
): Promise<void> {
  let lineNo = 0;
  let long = 0;
  for await (const text of readLines(file)) {
    lineNo++;
    if (typeof text !== "string") {
      long++;
      console.error(`problem: line ${lineNo} of "${path}" is ${text.why}: not a datastore item`);
      continue;
    }
    if (text.trim() === "") continue;
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      item = undefined;
    }
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new Error(`Cannot convert "${path}": line ${lineNo} is not a JSON object`);
    }
    if ("countersign_audit_export" in item) {
      throw new Error(`Cannot convert "${path}": it is already a Countersign audit export`);
    }
    try {
      out.add(datastore, item as Record<string, unknown>);
    } catch (error) {
      // An item no datastore holds (nested deeper than the signed encoding allows).
      throw new Error(`Cannot convert "${path}": line ${lineNo}: ${(error as Error).message}`);
    }
    if (out.pending >= FLUSH_LINES) await out.flush();
  }
  if (long > 0) {
    throw new Error(
      `Cannot convert "${path}": ${long} line${long === 1 ? "" : "s"} too long to be an item ` +
        "(named above) skipped; the output is incomplete and has no trailer",
    );
  }
}
