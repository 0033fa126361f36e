import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPlatform } from "../local/server.ts";
import { postJson } from "../local/_testing.ts";
import { signedRequest } from "../lib/contract/mod.ts";
import type { Platform } from "../local/server.ts";
import { exportLines, sampleDecision, signed, testAuditKey } from "../lib/audit/_testing.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Runs the CLI as a user would (a separate process), returning exit code and output; a run
 * still going after a minute is stopped (and fails), so a hostile file cannot hang the suite.
 */
async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", COUNTERSIGN_SLACK_TOKEN: "", COUNTERSIGN_SIGNING_KEY: "" },
    signal: AbortSignal.timeout(300_000), // a hang guard, generous for a busy machine
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Sends one signed demo request through the webhook and waits for the workflow to settle. */
async function send(platform: Platform, environment: string): Promise<string> {
  const demo = platform.demo!;
  const requestId = crypto.randomUUID();
  const body = await signedRequest({
    service_id: demo.serviceId,
    key_id: demo.keyId,
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment,
    reason: "Release 152",
    triggered_by: demo.users.engineer,
    source_system: "e2e",
    source_url: "",
    conditions: environment === "staging" ? "ci_status=passed" : "",
  }, await Deno.readTextFile(demo.privateKeyPath));
  const url = platform.triggers.find((t) => t.webhook_url)!.webhook_url!;
  assertEquals(await postJson(url, body), { status: 200, json: { ok: true } });
  await platform.engine.idle();
  return `${demo.serviceId}|${requestId}`;
}

Deno.test("export the audit log of a running platform, verify it, edit one byte, see the record named", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_verify_" });
  const platform = await startPlatform({ port: 0, dataDir: dir, appDir: ROOT, quiet: true });
  try {
    const auto1 = await send(platform, "staging");
    const auto2 = await send(platform, "staging");
    const pending = await send(platform, "production");
    assertEquals(platform.storage.getItem("decisions", auto1)?.outcome, "auto_approved");

    // Export from the running platform: token and app key come from its data folder.
    const file = join(dir, "audit.jsonl");
    const exported = await cli("export", "--url", platform.url, "--data", dir, "--out", file);
    assertEquals(exported.code, 0, exported.stderr);
    assertMatch(exported.stderr, /exported 3 records \(decisions: 3, admin_events: 0\)/);
    assertMatch(exported.stderr, /sealed with key id [0-9a-f]{16}/);

    const clean = await cli("verify", file);
    assertEquals(clean.code, 0, clean.stdout + clean.stderr);
    assertStringIncludes(clean.stdout, "Checked 3 records");
    assertStringIncludes(clean.stdout, "2 signed and intact, 0 problems, 1 warning");
    assertStringIncludes(clean.stdout, `record ${JSON.stringify(pending)}`);
    assertStringIncludes(clean.stdout, "Seal: valid, chain intact");
    assertStringIncludes(clean.stdout, "public key written in the file itself");
    assertStringIncludes(clean.stdout, "Deleted records:");

    // The app's public key pinned from the file the platform exports beside its key.
    const header = JSON.parse((await Deno.readTextFile(file)).split("\n")[0]);
    const publicKeyFile = join(dir, "app_signing.pub");
    assertEquals((await Deno.readTextFile(publicKeyFile)).trim(), header.public_key);
    const pinned = await cli("verify", file, "--public-key", publicKeyFile);
    assertEquals(pinned.code, 0, pinned.stdout);
    assertStringIncludes(pinned.stdout, "given with --public-key");

    // One byte changed in the second auto-approved record's resource.
    const lines = (await Deno.readTextFile(file)).split("\n");
    const index = lines.findIndex((l) => l.includes(JSON.stringify(auto2)));
    assert(index > 0);
    lines[index] = lines[index].replace("api-server#152", "api-server#153");
    await Deno.writeTextFile(file, lines.join("\n"));
    const tampered = await cli("verify", file);
    assertEquals(tampered.code, 1);
    assertStringIncludes(
      tampered.stdout,
      `line ${index + 1}: record ${JSON.stringify(auto2)} (decisions): content does not match ` +
        "its signature (modified or forged)",
    );
    assertStringIncludes(tampered.stdout, "the chain breaks at 1 line");
    assertStringIncludes(tampered.stderr, 'error: Cannot verify "');
    assert(!tampered.stdout.includes(`record ${JSON.stringify(auto1)}`));
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("verify refuses a missing file, no file, and a file without a key", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_verify_" });
  try {
    const missing = await cli("verify", join(dir, "nope.jsonl"));
    assertEquals(missing.code, 1);
    assertStringIncludes(missing.stderr, "no such file");
    const none = await cli("verify");
    assertStringIncludes(none.stderr, "give exactly one export file");
    const raw = join(dir, "raw.jsonl");
    await Deno.writeTextFile(raw, '{"id":"a"}\n');
    const keyless = await cli("verify", raw);
    assertEquals(keyless.code, 1);
    assertStringIncludes(keyless.stderr, "names no public key");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--previous names the records of an earlier export that are gone from this one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_verify_" });
  try {
    const key = await testAuditKey();
    const items = [];
    for (let n = 1; n <= 5; n++) items.push(await signed(key, "decisions", sampleDecision(n)));
    const older = join(dir, "november.jsonl");
    const newer = join(dir, "december.jsonl");
    await Deno.writeTextFile(older, exportLines(key, items).join("\n") + "\n");
    // Record 3 was deleted from the datastore between the two exports.
    await Deno.writeTextFile(newer, exportLines(key, items.toSpliced(2, 1)).join("\n") + "\n");

    const alone = await cli("verify", newer, "--public-key", key.publicKey);
    assertEquals(alone.code, 0, alone.stdout); // the newer file on its own is consistent

    const compared = await cli("verify", newer, "--public-key", key.publicKey, "--previous", older);
    assertEquals(compared.code, 1);
    assertStringIncludes(
      compared.stdout,
      `record ${JSON.stringify(items[2].id)} (decisions): deleted: in ${older} (line 4) but not ` +
        "in this export",
    );
    assertStringIncludes(compared.stdout, "4 signed and intact, 1 problem");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hostile lines are named by line, and verify ends", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_verify_" });
  try {
    const key = await testAuditKey();
    const items = [];
    for (let n = 1; n <= 6; n++) items.push(await signed(key, "decisions", sampleDecision(n)));
    const lines = exportLines(key, items);
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    // Record 3 was denied: an approval put before the signed value; record 4 claims position
    // 9e15 (once an endless search for missing positions); record 5 overflowed the stack.
    lines[3] = lines[3].replace('"action":', '"outcome":"approved","action":');
    lines[4] = lines[4].replace(/"_seq":\d+/, '"_seq":9000000000000000');
    lines[5] = lines[5].replace('"decided_by":', `"deep":${deep},"decided_by":`);
    const file = join(dir, "hostile.jsonl");
    await Deno.writeTextFile(file, lines.join("\n") + "\n");

    {
      const run = await cli("verify", file, "--public-key", key.publicKey);
      assertEquals(run.code, 1, run.stdout + run.stderr);
      assertStringIncludes(
        run.stdout,
        `line 4: record ${JSON.stringify(items[2].id)} (decisions): not in the exported form: ` +
          'key "outcome" appears twice in one object',
      );
      assertStringIncludes(
        run.stdout,
        `line 5: record ${JSON.stringify(items[3].id)} (decisions): export position ` +
          "9000000000000000 is out of range",
      );
      assertStringIncludes(
        run.stdout,
        `line 6: record ${JSON.stringify(items[4].id)}: line is nested too deep (more than 32`,
      );
      assertStringIncludes(run.stdout, "missing: no line has export positions 4–5");
      assertStringIncludes(run.stdout, "Checked 5 records");
      assert(!run.stdout.includes("exactly as exported"));
      assertStringIncludes(run.stderr, "problems found");
    }

    // Only the forged value: signatures, chain and seal all check, yet verify does not say the
    // file is as exported.
    const forged = exportLines(key, items);
    forged[3] = lines[3];
    await Deno.writeTextFile(file, forged.join("\n") + "\n");
    const run = await cli("verify", file, "--public-key", key.publicKey);
    assertEquals(run.code, 1);
    assertStringIncludes(run.stdout, "6 signed and intact, 1 problem");
    assertStringIncludes(
      run.stdout,
      "Seal: valid and chain intact, but 1 line was re-written after export",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unsealed or seal-stripped export fails verify unless --allow-unsealed is given", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_verify_" });
  try {
    const key = await testAuditKey();
    const items = [];
    for (let n = 1; n <= 4; n++) items.push(await signed(key, "decisions", sampleDecision(n)));
    const sealed = join(dir, "sealed.jsonl");
    await Deno.writeTextFile(sealed, exportLines(key, items).join("\n") + "\n");
    const ok = await cli("verify", sealed, "--public-key", key.publicKey);
    assertEquals(ok.code, 0, ok.stdout + ok.stderr);

    // The seal stripped from the trailer (what hides a deletion once renumbered and rechained).
    const lines = exportLines(key, items);
    const trailer = JSON.parse(lines.at(-1)!);
    delete trailer.seal_signature;
    delete trailer.seal_key_id;
    lines[lines.length - 1] = JSON.stringify(trailer);
    const stripped = join(dir, "stripped.jsonl");
    await Deno.writeTextFile(stripped, lines.join("\n") + "\n");
    const refused = await cli("verify", stripped, "--public-key", key.publicKey);
    assertEquals(refused.code, 1);
    assertStringIncludes(refused.stdout, "unsealed: the trailer has no seal");
    assertStringIncludes(refused.stderr, "1 problem found");

    const allowed = await cli(
      "verify",
      stripped,
      "--public-key",
      key.publicKey,
      "--allow-unsealed",
    );
    assertEquals(allowed.code, 0, allowed.stdout);
    assertStringIncludes(allowed.stdout, "4 signed and intact, 0 problems, 1 warning");
    assertStringIncludes(allowed.stdout, "Seal: none.");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
