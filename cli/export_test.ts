import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { startTestPlatform, type TestPlatform } from "../local/testing.ts";
import { AuditVerifier, type Finding, readLines } from "../lib/audit/mod.ts";
import {
  sampleAdminEvent,
  sampleDecision,
  signed,
  type TestAuditKey,
  testAuditKey,
} from "../lib/audit/_testing.ts";
import { parseFlags } from "./_args.ts";
import { EXPORT_FLAGS, exportAudit } from "./export.ts";
import { VERIFY_FLAGS, verifyAudit } from "./verify.ts";
import { apiBase, readLocalSecrets } from "./_audit_source.ts";

const DECISIONS = 1_200;
const EVENTS = 40;

async function withTempDir(fn: (dir: string) => void | Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "countersign_export_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A local Web API holding signed decisions and admin events, and the key file that sealed them. */
async function seeded(
  dir: string,
): Promise<{ platform: TestPlatform; key: TestAuditKey; keyFile: string; origin: string }> {
  const key = await testAuditKey();
  const platform = await startTestPlatform();
  for (let n = 1; n <= DECISIONS; n++) {
    const item = await signed(key, "decisions", sampleDecision(n));
    platform.storage.putItem("decisions", item.id as string, item);
  }
  for (let n = 1; n <= EVENTS; n++) {
    const item = await signed(key, "admin_events", sampleAdminEvent(n));
    platform.storage.putItem("admin_events", item.id as string, item);
  }
  const keyFile = join(dir, "app.key");
  await Deno.writeTextFile(keyFile, key.pkcs8, { mode: 0o600 });
  return { platform, key, keyFile, origin: platform.url.replace(/\/api\/$/, "") };
}

const run = (...args: string[]) => exportAudit(parseFlags(args, EXPORT_FLAGS));

async function verifyFile(path: string, key: TestAuditKey, allowUnsealed = false) {
  const findings: Finding[] = [];
  const verifier = new AuditVerifier({
    keys: [key.sync],
    onFinding: (f) => findings.push(f),
    allowUnsealed,
  });
  using file = await Deno.open(path);
  let n = 0;
  for await (const line of readLines(file)) await verifier.line(line, ++n);
  return { findings, summary: await verifier.finish() };
}

Deno.test("export pages through every decision and admin event to the end, sealed", async () => {
  await withTempDir(async (dir) => {
    const { platform, key, keyFile, origin } = await seeded(dir);
    try {
      const out = join(dir, "audit.jsonl");
      await run(
        "--url",
        origin,
        "--token",
        platform.token,
        "--page-size",
        "100",
        "--out",
        out,
        "--seal-key",
        keyFile,
      );
      const lines = (await Deno.readTextFile(out)).trimEnd().split("\n");
      assertEquals(lines.length, DECISIONS + EVENTS + 2);
      const header = JSON.parse(lines[0]);
      assertEquals(header.datastores, ["decisions", "admin_events"]);
      assertEquals(header.key_id, key.sync.keyId);
      const records = lines.slice(1, -1).map((l) => JSON.parse(l));
      const ids = new Set(records.map((r) => r.id));
      assertEquals(ids.size, DECISIONS + EVENTS);
      assertEquals(records.filter((r) => r._datastore === "admin_events").length, EVENTS);
      assertEquals(records.map((r) => r._seq), records.map((_, i) => i + 1));
      // 12 full pages of decisions, then a last (empty) page; admin events in one page.
      const queries = platform.storage.listCalls().filter((c) =>
        c.method === "apps.datastore.query"
      );
      assert(queries.length >= 14, `only ${queries.length} queries`);
      const { findings, summary } = await verifyFile(out, key);
      assertEquals(findings, []);
      assertEquals(summary.signed, DECISIONS + EVENTS);
      assertEquals(summary.seal, "valid");
    } finally {
      await platform.close();
    }
  });
});

Deno.test("CSV export has one row per record, arrays as JSON and formulas defused", async () => {
  await withTempDir(async (dir) => {
    const { platform, origin, key } = await seeded(dir);
    try {
      const hostile = sampleDecision(9_999);
      hostile.reason = '=HYPERLINK("https://evil.example","click")';
      platform.storage.putItem("decisions", hostile.id as string, hostile);
      const out = join(dir, "audit.csv");
      await run(
        "--url",
        origin,
        "--token",
        platform.token,
        "--format",
        "csv",
        "--out",
        out,
        "--datastore",
        "decisions",
      );
      const text = await Deno.readTextFile(out);
      const rows = text.trimEnd().split("\n");
      assertEquals(rows.length, 1 + DECISIONS + 1);
      assert(rows[0].startsWith("_datastore,_seq,_chain,id,"));
      assertStringIncludes(text, `"'=HYPERLINK(""https://evil.example"",""click"")"`);
      assertStringIncludes(rows[1], '"[""U0BOB000001""]"');
      // verify names the format rather than a missing key, even with --public-key given.
      for (const extra of [[], ["--public-key", key.publicKey]]) {
        const error = await assertRejects(() =>
          verifyAudit(parseFlags(extra, VERIFY_FLAGS), [out])
        );
        assertStringIncludes(
          (error as Error).message,
          `Cannot verify "${out}": it is a CSV export (for reading; its cells lose the types`,
        );
      }
    } finally {
      await platform.close();
    }
  });
});

Deno.test("a `slack datastore query --to-file` file converts to a verifiable export", async () => {
  await withTempDir(async (dir) => {
    const key = await testAuditKey();
    const source = join(dir, "slack-query.jsonl");
    const items = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signed(key, "decisions", sampleDecision(i + 1))),
    );
    // The Slack CLI writes one JSON object per line (Go's encoder: sorted keys, newline each).
    const sorted = (o: Record<string, unknown>) =>
      JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a < b ? -1 : 1)));
    await Deno.writeTextFile(source, items.map((i) => sorted(i) + "\n").join(""));
    const out = join(dir, "audit.jsonl");
    await run("--from-file", source, "--out", out, "--no-seal", "--public-key", key.publicKey);
    const { findings, summary } = await verifyFile(out, key, true);
    assertEquals(findings.map((f) => f.severity), ["warning"]); // unsealed, accepted
    assertEquals(summary.records, 30);
    assertEquals(summary.seal, "absent");
    const header = JSON.parse((await Deno.readTextFile(out)).split("\n")[0]);
    assertEquals(header.source, "file:slack-query.jsonl");
    assertEquals(header.public_key, key.publicKey);
  });
});

Deno.test("conversion names a line that is not a JSON object", async () => {
  await withTempDir(async (dir) => {
    const source = join(dir, "bad.jsonl");
    await Deno.writeTextFile(source, '{"id":"a"}\n[1,2]\n');
    await assertRejects(
      () => run("--from-file", source, "--out", join(dir, "o.jsonl"), "--no-seal"),
      Error,
      `Cannot convert "${source}": line 2 is not a JSON object`,
    );
    await assertRejects(
      () => run("--from-file", source, "--out", source, "--no-seal"),
      Error,
      "would overwrite the --from-file input",
    );
    assertEquals(await Deno.readTextFile(source), '{"id":"a"}\n[1,2]\n');
  });
});

Deno.test("conversion names a line nested deeper than a record may be", async () => {
  await withTempDir(async (dir) => {
    const source = join(dir, "deep.jsonl");
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    await Deno.writeTextFile(source, `{"id":"a","1":"x"}\n{"id":"b","deep":${deep}}\n`);
    await assertRejects(
      () => run("--from-file", source, "--out", join(dir, "o.jsonl"), "--no-seal"),
      Error,
      `Cannot convert "${source}": line 2: Cannot encode an audit record: nested more than 32`,
    );
  });
});

Deno.test("bad flags are refused with specific messages", async () => {
  await assertRejects(
    () => run("--url", "http://127.0.0.1:9", "--format", "xml"),
    Error,
    '--format "xml"',
  );
  await assertRejects(() => run(), Error, "--url");
  await assertRejects(() => run("--url", "http://x", "--from-file", "f"), Error, "not both");
  await assertRejects(
    () => run("--url", "http://127.0.0.1:9", "--datastore", "services", "--token", "t"),
    Error,
    '--datastore "services" is not one of decisions, admin_events',
  );
  await assertRejects(
    () => run("--url", "https://slack.example/api/", "--no-seal"),
    Error,
    "no token",
  );
  await assertRejects(
    () => run("--url", "ftp://x/", "--token", "t"),
    Error,
    "must be http or https",
  );
  await assertRejects(
    () => run("--url", "http://127.0.0.1:9", "--page-size", "5000", "--token", "t"),
    Error,
    "--page-size",
  );
});

Deno.test("a wrong token is reported with Slack's error code", async () => {
  const platform = await startTestPlatform();
  try {
    const origin = platform.url.replace(/\/api\/$/, "");
    await assertRejects(
      () => run("--url", origin, "--token", "xoxb-wrong", "--no-seal", "--out", "/dev/null"),
      Error,
      '"invalid_auth"',
    );
  } finally {
    await platform.close();
  }
});

Deno.test("the local platform's bot token and app key are read from its data folder", async () => {
  await withTempDir(async (dir) => {
    assertEquals(readLocalSecrets(join(dir, "missing")), {});
    // What a started platform (bot token) and Countersign's plugin (app key) leave there.
    await Deno.writeTextFile(join(dir, "bot_token"), "xoxb-local-abc\n");
    await Deno.writeTextFile(join(dir, "app_signing.key"), "MC4CAQAwBQYDK2VwBCIEI");
    assertEquals(readLocalSecrets(dir), {
      botToken: "xoxb-local-abc",
      appKeyPkcs8: "MC4CAQAwBQYDK2VwBCIEI",
    });
  });
});

Deno.test("the Web API base is derived from a platform or Slack URL", () => {
  assertEquals(apiBase("http://localhost:3000"), "http://localhost:3000/api/");
  assertEquals(apiBase("https://slack.com/api"), "https://slack.com/api/");
  assertEquals(apiBase("https://slack.com/api/"), "https://slack.com/api/");
});
