/**
 * Audit export and verification throughput and peak memory. For each size N the benchmark fills
 * a file-backed local Web API with N signed decisions (plus N/100 admin events), then runs
 * `cli export` against it and `cli verify` on the file, each in its own process so each peak RSS
 * is the command's own. Memory flat in N means the peak does not grow with N.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { restate } from "../local/startup/args.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStorage } from "../local/storage/sqlite.ts";
import { manifestDatastores } from "../local/testing.ts";
import { createWebApi } from "../local/web_api/mod.ts";
import {
  importSyncPrivateKey,
  RECORD_VERSION,
  recordMessage,
  signTextSync,
  type SyncPrivateKey,
} from "../lib/audit/mod.ts";
import { sampleAdminEvent, sampleDecision } from "../lib/audit/_testing.ts";
import { generateTestKeyPair } from "../lib/callback/_testing.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TOKEN = "xoxb-bench-audit";

/** Figures for one size. */
export interface AuditBenchResult {
  records: number;
  fileMb: number;
  exportMs: number;
  exportRps: number;
  exportPeakMb: number;
  verifyMs: number;
  verifyRps: number;
  verifyPeakMb: number;
  /** Problems verify reported (0 expected: every record is signed and the file untouched). */
  verifyExitCode: number;
}

interface ChildResult {
  ms: number;
  peak_rss_kb: number;
  code: number;
}

/** The flags of `deno task cli` (deno.jsonc), so the benchmark runs the commands as users do. */
async function cliFlags(): Promise<string[]> {
  const text = await Deno.readTextFile(join(ROOT, "deno.jsonc"));
  const task = /"cli":\s*"deno run ([^"]*) cli\/main\.ts"/.exec(text)?.[1];
  if (!task) throw new Error('Cannot run the audit benchmark: no "cli" task in deno.jsonc');
  return task.split(/\s+/);
}

async function child(args: string[]): Promise<ChildResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...await cliFlags(), "bench/_audit_child.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", COUNTERSIGN_SLACK_TOKEN: "", COUNTERSIGN_SIGNING_KEY: "" },
  }).output();
  const text = new TextDecoder().decode(out.stdout).trimEnd();
  const last = text.slice(text.lastIndexOf("\n") + 1);
  try {
    return JSON.parse(last) as ChildResult;
  } catch {
    throw new Error(
      `Cannot run the audit benchmark: child "${args[0]}" failed: ` +
        new TextDecoder().decode(out.stderr).slice(0, 500),
    );
  }
}

function sealed(
  key: SyncPrivateKey,
  datastore: string,
  item: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...item,
    record_signature: signTextSync(key, recordMessage(datastore, item)),
    record_key_id: key.keyId,
    record_version: RECORD_VERSION,
  };
}

/** Measures export and verify for each number of decisions in `sizes`. */
export async function measureAudit(sizes: number[]): Promise<AuditBenchResult[]> {
  const { pkcs8 } = await generateTestKeyPair();
  const key = await importSyncPrivateKey(pkcs8);
  const results: AuditBenchResult[] = [];
  for (const n of sizes) {
    const dir = await Deno.makeTempDir({ prefix: "countersign_bench_audit_" });
    const storage = openSqliteStorage(join(dir, "platform.db"));
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => api.handle(req),
    );
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const api = createWebApi({
      storage,
      datastores: await manifestDatastores(),
      tokens: { [TOKEN]: { user_id: "U0BENCH0001", team_id: "T0BENCH0001" } },
      baseUrl: origin,
    });
    try {
      for (let i = 1; i <= n; i++) {
        const item = sealed(key, "decisions", sampleDecision(i));
        storage.putItem("decisions", item.id as string, item);
      }
      const events = Math.max(1, Math.floor(n / 100));
      for (let i = 1; i <= events; i++) {
        const item = sealed(key, "admin_events", sampleAdminEvent(i));
        storage.putItem("admin_events", item.id as string, item);
      }
      const keyFile = join(dir, "app.key");
      await Deno.writeTextFile(keyFile, pkcs8, { mode: 0o600 });
      const file = join(dir, "audit.jsonl");
      const exported = await child([
        "export",
        "--url",
        origin,
        "--token",
        TOKEN,
        "--seal-key",
        keyFile,
        "--out",
        file,
      ]);
      if (exported.code !== 0) throw new Error("Cannot run the audit benchmark: export failed");
      const verified = await child(["verify", file, "--public-key", key.publicKey]);
      const total = n + events;
      results.push({
        records: total,
        fileMb: (await Deno.stat(file)).size / 1e6,
        exportMs: exported.ms,
        exportRps: total / (exported.ms / 1000),
        exportPeakMb: exported.peak_rss_kb / 1024,
        verifyMs: verified.ms,
        verifyRps: total / (verified.ms / 1000),
        verifyPeakMb: verified.peak_rss_kb / 1024,
        verifyExitCode: verified.code,
      });
    } finally {
      await server.shutdown();
      storage.close();
      await Deno.remove(dir, { recursive: true });
    }
  }
  return results;
}

/** The results as a Markdown table. */
export function auditTable(results: AuditBenchResult[]): string[] {
  const lines = [
    "| records | file MB | export rec/s | export peak RSS MB | verify rec/s | verify peak RSS MB | verify |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const r of results) {
    lines.push(
      `| ${r.records} | ${r.fileMb.toFixed(1)} | ${r.exportRps.toFixed(0)} | ` +
        `${r.exportPeakMb.toFixed(0)} | ${r.verifyRps.toFixed(0)} | ${
          r.verifyPeakMb.toFixed(0)
        } | ` +
        `${r.verifyExitCode === 0 ? "all intact" : "PROBLEMS"} |`,
    );
  }
  return lines;
}

if (import.meta.main) {
  // Usage: bench/audit.ts [RECORDS …] (default 10000 100000).
  let given: string[];
  try {
    given = parseArgs({ args: Deno.args, options: {}, strict: true, allowPositionals: true })
      .positionals;
  } catch (error) {
    console.error(`error: ${restate(error as Error).message}`);
    Deno.exit(1);
  }
  const bad = given.find((size) => !/^[1-9]\d*$/.test(size));
  if (bad !== undefined) {
    console.error(`error: Cannot run the audit benchmark: "${bad}" is not a record count`);
    Deno.exit(1);
  }
  const sizes = given.length > 0 ? given.map(Number) : [10_000, 100_000];
  console.log(auditTable(await measureAudit(sizes)).join("\n"));
}
