/**
 * Withdraw on the local platform, through the real workflow and a decision relay: a caller's
 * Ctrl+C withdraws its pending request (outcome `withdrawn`, buttons gone, callback through the
 * relay, `wait` exits 5); a withdraw of a decided request changes nothing and is recorded as a
 * rejection; another bot cannot withdraw someone else's request.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { approvalMessage, approve, type CallerWorld, callerWorld } from "../relay/_testing.ts";
import { spawnCli } from "./_testing.ts";
import { APPROVE_ACTION_ID } from "../functions/request_approval/constants.ts";
import { generateKeyPair } from "../lib/keys/ed25519.ts";
import { send, signWithdraw } from "../sdk/mod.ts";
import { EXIT } from "./wait.ts";

const spawn = spawnCli;

const relayFlags = (w: CallerWorld) => [
  ...["--relay", w.relay.url, "--app-public-key", w.appPublicKey, "--timeout", "300", "--json"],
];

/** Reads the child's stderr until `line` appears; the rest is returned by `finish`. */
async function stderrUntil(child: Deno.ChildProcess, line: string): Promise<string[]> {
  const chunks: string[] = [];
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stderr ended before "${line}": ${chunks.join("")}`);
    chunks.push(value);
    if (chunks.join("").includes(line)) break;
  }
  // Keep draining so the child never blocks on a full pipe.
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  return chunks;
}

async function stdoutJson(child: Deno.ChildProcess) {
  const text = await new Response(child.stdout).text();
  const status = await child.status;
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text.trim().split("\n").at(-1) ?? "");
  } catch {
    // Not JSON: the assertions show the text.
  }
  return { code: status.code, json, text };
}

const hasApproveButton = (blocks: unknown) => JSON.stringify(blocks).includes(APPROVE_ACTION_ID);

Deno.test("withdraw: Ctrl+C on request --wait withdraws the pending request", async () => {
  const w = await callerWorld();
  try {
    const requestId = crypto.randomUUID();
    const id = `${w.serviceId}|${requestId}`;
    const child = spawn([
      "request",
      ...["--url", w.webhookUrl, "--key", w.keyPath, "--service", w.serviceId],
      ...["--key-id", w.keyId, "--action", "deploy", "--resource", "api#7"],
      ...["--environment", "production", "--reason", "Release 7", "--request-id", requestId],
      "--wait",
      "--withdraw-on-interrupt",
      ...relayFlags(w),
    ]);
    const stderr = await stderrUntil(child, "Ctrl+C offers to withdraw");
    const before = await approvalMessage(w.platform, id);
    assert(hasApproveButton(before.blocks), "the pending message has buttons");
    child.kill("SIGINT");
    const res = await stdoutJson(child);
    await w.platform.engine.idle();
    assertEquals(res.code, EXIT.withdrawn, `${res.text}\n${stderr.join("")}`);
    assertEquals([res.json.outcome, res.json.reason_code], ["withdrawn", "caller_withdrew"]);

    const record = w.platform.storage.getItem("decisions", id)!;
    assertEquals([record.status, record.outcome, record.closed_by], [
      "final",
      "withdrawn",
      "caller",
    ]);
    assertEquals(record.callback_status, "delivered");
    const message = w.platform.storage.getMessage(before.channel, before.ts)!;
    assert(!hasApproveButton(message.blocks), "the buttons are gone");
    assertStringIncludes(JSON.stringify(message.blocks), "Withdrawn by the caller");
    // The withdraw request itself is recorded, and said what it did.
    const own = w.platform.storage.scanItems("decisions", 1000).items.filter((r) =>
      r.reason_code === "withdraw_applied"
    );
    assertEquals(own.length, 1);
    assertStringIncludes(String(own[0].reason_detail), requestId);

    // `wait` picks the withdrawn decision up later with exit code 5.
    const later = spawn(["wait", id, "--key", w.keyPath, "--key-id", w.keyId, ...relayFlags(w)]);
    later.stderr.cancel();
    const again = await stdoutJson(later);
    assertEquals(again.code, EXIT.withdrawn, again.text);
  } finally {
    await w.close();
  }
});

Deno.test("withdraw: a decided request stays decided; another bot cannot withdraw it", async () => {
  const w = await callerWorld();
  try {
    // A second registered bot, with its own key.
    const pair = await generateKeyPair();
    const base = w.platform.storage.getItem("services", w.serviceId)!;
    w.platform.storage.putItem("services", "other-bot", {
      ...base,
      id: "other-bot",
      public_keys: [{ key_id: "o1", public_key: pair.publicKeyRaw }],
      callback_url: "",
    });
    const requestId = crypto.randomUUID();
    const id = `${w.serviceId}|${requestId}`;
    const sent = spawn([
      "request",
      ...["--url", w.webhookUrl, "--key", w.keyPath, "--service", w.serviceId],
      ...["--key-id", w.keyId, "--action", "deploy", "--resource", "api#8"],
      ...["--environment", "production", "--reason", "Release 8", "--request-id", requestId],
    ]);
    sent.stderr.cancel();
    assertEquals((await stdoutJson(sent)).code, 0);
    await approvalMessage(w.platform, id);

    // Another bot names the same request_id: it can only ever reach its own requests.
    const foreign = await signWithdraw(
      { serviceId: "other-bot", keyId: "o1", privateKey: pair.privateKeyPem },
      requestId,
    );
    await send(w.webhookUrl, foreign as unknown as Record<string, unknown>);
    await w.platform.engine.idle();
    assertEquals(w.platform.storage.getItem("decisions", id)!.status, "pending");
    const refused = w.platform.storage.getItem("decisions", `other-bot|${foreign.request_id}`)!;
    assertEquals([refused.outcome, refused.reason_code], ["rejected", "withdraw_unknown_request"]);

    // Decided, then withdrawn: nothing changes, and the withdraw is a recorded rejection.
    await approve(w.platform, id);
    const decided = w.platform.storage.getItem("decisions", id)!;
    assertEquals(decided.outcome, "approved");
    const ownId = crypto.randomUUID();
    const late = spawn([
      "withdraw",
      id,
      ...["--url", w.webhookUrl, "--key", w.keyPath, "--key-id", w.keyId, "--request-id", ownId],
      ...relayFlags(w),
    ]);
    late.stderr.cancel();
    const res = await stdoutJson(late);
    await w.platform.engine.idle();
    assertEquals(res.code, EXIT.approved, res.text);
    assertEquals(res.json.outcome, "approved");
    assertEquals(w.platform.storage.getItem("decisions", id), decided);
    const own = w.platform.storage.getItem("decisions", `${w.serviceId}|${ownId}`)!;
    assertEquals([own.outcome, own.reason_code], ["rejected", "withdraw_too_late"]);
  } finally {
    await w.close();
  }
});
