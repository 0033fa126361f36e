/**
 * Helpers of the process and storage fault tests: data folders prepared in-process, decision
 * records checked for completeness, databases read back.
 *
 * @module
 */
import { assert, assertMatch } from "@std/assert";
import { DatabaseSync } from "node:sqlite";
import { Policies } from "../datastores/policies.ts";
import { Services } from "../datastores/services.ts";
import { startPlatform } from "../local/server.ts";
import { openSqliteStorage } from "../local/storage/sqlite.ts";

/** A datastore item. */
export type Item = Record<string, unknown>;

/** Runs a command; true when it succeeded (false when missing or refused). */
export async function run(cmd: string, ...args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Prepares a data folder whose production requests need two approvals; returns demo info. */
export async function prepare(dir: string) {
  const platform = await startPlatform({ port: 0, dataDir: dir, quiet: true });
  try {
    const demo = platform.demo!;
    const service = platform.storage.getItem(Services.name, demo.serviceId)!;
    platform.storage.putItem(Services.name, demo.serviceId, { ...service, approvals_required: 2 });
    const rule = platform.storage.getItem(Policies.name, "production")!;
    platform.storage.putItem(Policies.name, "production", { ...rule, approvals_required: 2 });
    return demo;
  } finally {
    await platform.close();
  }
}

/** A complete decision record: final ones carry outcome, reason and time; ids are well-formed. */
export function assertComplete(record: Item): void {
  assertMatch(String(record.id), /^(rejected\|\S+|[^|]+\|[^|]+)$/);
  assert(record.status === "pending" || record.status === "final", JSON.stringify(record));
  assert(typeof record.request_id === "string" && record.request_id !== "");
  if (record.status === "final") {
    assert(typeof record.outcome === "string" && record.outcome !== "", JSON.stringify(record));
    assert(typeof record.reason_code === "string" && record.reason_code !== "");
    assert(typeof record.decided_at === "number" && record.decided_at > 0);
  } else {
    assert(typeof record.message_ts === "string", "a pending record points at its message");
  }
}

/** POSTs a JSON body; returns the HTTP status. */
export async function post(webhook: string, body: unknown): Promise<number> {
  const res = await fetch(webhook, { method: "POST", body: JSON.stringify(body) });
  await res.body?.cancel();
  return res.status;
}

/** Integrity and every decision of a copied database, read through the platform's storage. */
export function readDecisions(dbPath: string): { integrity: string; items: Item[] } {
  const db = new DatabaseSync(dbPath);
  const integrity = String((db.prepare("PRAGMA integrity_check").get() as Item).integrity_check);
  db.close();
  const storage = openSqliteStorage(dbPath);
  try {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = storage.scanItems("decisions", 1000, cursor);
      items.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return { integrity, items };
  } finally {
    storage.close();
  }
}
