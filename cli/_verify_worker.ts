/**
 * A worker thread of `verify`: checks batches of Ed25519 record signatures (the costly part of
 * verification) so several cores share a large file. Messages: `{ keys }` once, then
 * `{ id, jobs }` answered with `{ id, results }` (1 = valid).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { importSyncPublicKey, type SyncPublicKey, verifyText } from "../lib/audit/ed25519_sync.ts";
import type { SignatureJob } from "../lib/audit/verify.ts";

let keys = new Map<string, SyncPublicKey>();
let batches = 0;

self.onmessage = async (event: MessageEvent) => {
  const data = event.data as { keys?: string[]; id?: number; jobs?: SignatureJob[] };
  if (data.keys) {
    const imported = await Promise.all(data.keys.map(importSyncPublicKey));
    keys = new Map(imported.map((k) => [k.keyId, k]));
    self.postMessage({ ready: true });
    return;
  }
  const jobs = data.jobs ?? [];
  const results = new Uint8Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const key = keys.get(jobs[i].keyId);
    results[i] = key && verifyText(key, jobs[i].message, jobs[i].signature) ? 1 : 0;
  }
  self.postMessage({ id: data.id, results }, [results.buffer]);
  // Like the main thread (see export.ts), collect now and then so memory stays flat.
  if (++batches % 8 === 0) (globalThis as { gc?: () => void }).gc?.();
};
