/**
 * Test helpers: a key pair in every form the audit code takes, signed decision records and a
 * complete export built from them.
 *
 * @module
 */
import { importSigningKey, type SigningKey } from "../callback/keys.ts";
import { generateTestKeyPair } from "../callback/_testing.ts";
import { importSyncPrivateKey, type SyncPrivateKey } from "./ed25519_sync.ts";
import { ExportWriter } from "./export_format.ts";
import { sealRecord } from "./seal.ts";

/** One key pair as the app (Web Crypto) and the CLI (node:crypto) hold it. */
export interface TestAuditKey {
  pkcs8: string;
  publicKey: string;
  signing: SigningKey;
  sync: SyncPrivateKey;
}

/** A fresh key pair. */
export async function testAuditKey(): Promise<TestAuditKey> {
  const { pkcs8, publicKey } = await generateTestKeyPair();
  return {
    pkcs8,
    publicKey,
    signing: await importSigningKey(pkcs8),
    sync: await importSyncPrivateKey(pkcs8),
  };
}

/** A final decision record like `record_decision` writes, number `n`. */
export function sampleDecision(n: number): Record<string, unknown> {
  return {
    id: `deploy-bot|r-${String(n).padStart(6, "0")}`,
    request_id: `r-${n}`,
    service_id: "deploy-bot",
    action: "deploy",
    resource: `api-server#${n}`,
    environment: n % 2 ? "production" : "staging",
    reason: `release ${n} — "quoted" <!channel>`,
    status: "final",
    outcome: n % 3 ? "approved" : "denied",
    reason_code: n % 3 ? "human_approved" : "human_denied",
    decided_by: ["U0BOB000001"],
    requested_at: 1_700_000_000_000 + n * 1000,
    decided_at: 1_700_000_060_000 + n * 1000,
    time_to_decision_ms: 60_000,
    approvals_required: 1,
    callback_status: "delivered",
    callback_attempts: 1,
  };
}

/** `item` with its record signature attributes. */
export async function signed(
  key: TestAuditKey,
  datastore: string,
  item: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return { ...item, ...(await sealRecord(key.signing, datastore, item)) };
}

/** The lines of an export of `items` (decisions), sealed with `key` unless `seal` is false. */
export function exportLines(
  key: TestAuditKey,
  items: Record<string, unknown>[],
  opts: { seal?: boolean; datastore?: string } = {},
): string[] {
  const writer = new ExportWriter({
    exported_at: "2026-11-24T00:00:00.000Z",
    source: "test",
    datastores: ["decisions"],
    public_key: key.publicKey,
    key_id: key.signing.keyId,
  });
  const lines = [writer.headerLine()];
  for (const item of items) lines.push(writer.recordLine(opts.datastore ?? "decisions", item));
  lines.push(writer.trailerLine(opts.seal === false ? undefined : key.sync));
  return lines;
}

/** An admin event like the admin functions write, number `n`. */
export function sampleAdminEvent(n: number): Record<string, unknown> {
  const at = 1_700_000_000_000 + n * 1000;
  return {
    id: `${String(at).padStart(13, "0")}-a${String(n).padStart(7, "0")}`,
    at,
    actor: "U0ALICE0001",
    action: "rotate_key",
    target_type: "bot",
    target_id: "deploy-bot",
    result: "applied",
    detail: `Rotated the key of deploy-bot (${n})`,
    before: '{"id":"deploy-bot"}',
    after: '{"id":"deploy-bot","status":"active"}',
    changed: "public_keys",
  };
}
