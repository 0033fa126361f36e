import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { startPlatform } from "../local/server.ts";
import { canonicalString } from "../lib/contract/mod.ts";
import { messageDigest } from "../lib/audit/seen_digest.ts";
import { importSigningKey } from "../lib/callback/keys.ts";
import { generateTestKeyPair } from "../lib/callback/_testing.ts";
import { parseFlags } from "./_args.ts";
import { attest, ATTEST_FLAGS, MAX_ATTESTATION_BYTES } from "./attest.ts";
import { click, demoFields, demoKey, postRaw, sign, webhookUrl } from "../proof/_testing.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** Runs `deno task cli …` as a user would. */
async function cli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", COUNTERSIGN_SIGNING_KEY: "", COUNTERSIGN_SLACK_TOKEN: "" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("request → human approval → cli attest → cli attest verify, on the local platform", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_attest_" });
  const data = join(dir, "data");
  const platform = await startPlatform({
    port: 0,
    dataDir: data,
    quiet: true,
    webhookRateLimit: false,
  });
  try {
    // A bot asks to deploy to production: humans must approve.
    const fields = demoFields(platform, "human");
    const request = await sign(fields, await demoKey(platform));
    const requestFile = join(dir, "request.json");
    await Deno.writeTextFile(requestFile, JSON.stringify(request));
    assertEquals((await postRaw(webhookUrl(platform), JSON.stringify(request))).status, 200);
    await platform.engine.idle();
    const id = `${fields.service_id}|${fields.request_id}`;
    const pending = platform.storage.getItem("decisions", id)!;
    assertEquals(pending.status, "pending");
    const base = ["attest", id, "--url", platform.url, "--data", data, "--request", requestFile];

    const early = await cli([...base, "--out", join(dir, "early.json")]);
    assertEquals(early.code, 1);
    assertStringIncludes(early.stderr, `error: Cannot attest decision "${id}": it is not final`);

    const message = platform.storage.getMessage(
      String(pending.message_channel),
      String(pending.message_ts),
    )!;
    await click(platform, platform.demo!.users.approver1, message);
    await platform.engine.idle();
    const final = platform.storage.getItem("decisions", id)!;
    assertEquals([final.status, final.outcome], ["final", "approved"]);

    // The record carries the request digest and what the approver saw: the record alone is
    // enough (the signed request, when given, must agree).
    const bare = await cli(["attest", id, "--url", platform.url, "--data", data]);
    assertEquals(bare.code, 0, bare.stderr);
    assertEquals(final.seen_digests, [messageDigest(message.blocks)]);

    const file = join(dir, "approval.intoto.json");
    const made = await cli([...base, "--out", file]);
    assertEquals(made.code, 0, made.stderr);
    assertStringIncludes(made.stderr, `attested approved decision "${id}"`);

    const appPkcs8 = platform.storage.getSetting("app_signing_key_pkcs8") as string;
    const appKey = await importSigningKey(appPkcs8);
    const digest = createHash("sha256").update(canonicalString(fields)).digest("hex");
    const printed = await cli(["attest", "digest", requestFile]);
    assertEquals([printed.code, printed.stdout], [0, `sha256:${digest}\n`], printed.stderr);
    const verify = (path: string, ...more: string[]) =>
      cli(["attest", "verify", path, "--public-key", appKey.publicKey, ...more]);

    const ok = await verify(
      file,
      "--subject",
      `sha256:${digest}`,
      "--require-outcome",
      "approved",
      "--max-age",
      "1h",
    );
    assertEquals(ok.code, 0, ok.stderr);
    assertStringIncludes(ok.stdout, `verified: decision "${id}" approved (human_approved)`);
    assertStringIncludes(ok.stdout, `by ${platform.demo!.users.approver1}`);

    const json = await verify(file, "--json");
    const statement = JSON.parse(json.stdout).statement;
    assertEquals(statement.predicate.approvers, [{
      userId: platform.demo!.users.approver1,
      decidedAt: new Date(Number(final.decided_at)).toISOString(),
      messageDigest: messageDigest(message.blocks),
    }]);
    assertEquals(statement.subject[0].digest, { sha256: digest });
    assertEquals(statement.predicate.attester.keyId, appKey.keyId);

    // Failures exit 1 and name the reason.
    const other = await generateTestKeyPair();
    const underOther = await cli(["attest", "verify", file, "--public-key", other.publicKey]);
    assertEquals(underOther.code, 1);
    assertStringIncludes(underOther.stderr, "no signature by key id");
    const wrongSubject = await verify(file, "--subject", `sha256:${"ab".repeat(32)}`);
    assertEquals(wrongSubject.code, 1);
    assertStringIncludes(wrongSubject.stderr, `no subject has digest sha256:${"ab".repeat(32)}`);
    const notAuto = await verify(file, "--require-outcome", "auto_approved");
    assertEquals(notAuto.code, 1);
    assertStringIncludes(notAuto.stderr, `the decision's outcome is "approved"`);
    const text = await Deno.readTextFile(file);
    assertEquals(bare.stdout, text, "the record alone gives the same attestation");
    const toStdout = await cli(base);
    assertEquals(toStdout.stdout, text, "without --out the envelope goes to stdout");
    const tampered = join(dir, "tampered.json");
    const envelope = JSON.parse(text);
    const payload = atob(envelope.payload).replace('"approved"', '"approvee"');
    await Deno.writeTextFile(tampered, JSON.stringify({ ...envelope, payload: btoa(payload) }));
    const changed = await verify(tampered);
    assertEquals(changed.code, 1);
    assertStringIncludes(changed.stderr, "does not verify");

    // The same decision from a verified audit export gives the same attestation, byte for byte.
    const audit = join(dir, "audit.jsonl");
    const exported = await cli(["export", "--url", platform.url, "--data", data, "--out", audit]);
    assertEquals(exported.code, 0, exported.stderr);
    const keyFile = join(dir, "app.key");
    await Deno.writeTextFile(keyFile, appPkcs8, { mode: 0o600 });
    const fromExport = join(dir, "from_export.json");
    const fromFile = (
      file: string,
    ) => ["attest", "--from-export", file, "--id", id, "--key", keyFile, "--request", requestFile];
    const viaExport = await cli([...fromFile(audit), "--out", fromExport]);
    assertEquals(viaExport.code, 0, viaExport.stderr);
    assertEquals(await Deno.readTextFile(fromExport), text);

    // A record changed in the export is not attested.
    const forged = join(dir, "forged.jsonl");
    const lines = (await Deno.readTextFile(audit)).split("\n").map((line) =>
      line.includes(`"id":${JSON.stringify(id)}`) ? line.replace('"production"', '"staging"') : line
    );
    await Deno.writeTextFile(forged, lines.join("\n"));
    const refused = await cli(fromFile(forged));
    assertEquals(refused.code, 1);
    assertStringIncludes(refused.stderr, "its record signature does not verify with the app key");
    assert(!refused.stdout.includes("payload"));
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("attest refuses unusable flags with specific messages", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_attest_flags_" });
  try {
    const run = (positional: string[], ...args: string[]) =>
      attest(parseFlags(args, ATTEST_FLAGS), positional);
    const big = join(dir, "big.json");
    await Deno.writeTextFile(big, " ".repeat(MAX_ATTESTATION_BYTES + 1));
    const notJson = join(dir, "request.txt");
    await Deno.writeTextFile(notJson, "service_id=x");
    const { publicKey } = await generateTestKeyPair();
    const cases: [string[], string[], string][] = [
      [["a|b"], ["--url", "http://127.0.0.1:1", "--from-export", "x"], "give either --url"],
      [[], ["--url", "http://127.0.0.1:1"], "give the decision id"],
      [["a|b"], ["--id", "c|d", "--url", "http://127.0.0.1:1"], "give one decision id"],
      [["a|b"], ["--url", "x", "--public-key", publicKey], "--public-key does not apply here"],
      [["verify", "f"], ["--out", "x"], "--out does not apply here"],
      [["verify", "f"], [], "--public-key (the app's public key) is required"],
      [["verify"], ["--public-key", publicKey], "give one file"],
      [["verify", "f"], ["--public-key", "nope"], "--public-key: Cannot read public key"],
      [["verify", "f"], ["--public-key", publicKey, "--subject", "md5:ab"], "expected sha256:"],
      [["verify", "f"], ["--public-key", publicKey, "--max-age", "5x"], `Cannot read age "5x"`],
      [["verify", join(dir, "none")], ["--public-key", publicKey], "no such file"],
      [["verify", big], ["--public-key", publicKey], "too large to be an attestation"],
      [["digest", notJson], [], "is not JSON"],
    ];
    for (const [positional, args, message] of cases) {
      await assertRejects(() => run(positional, ...args), Error, message);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
