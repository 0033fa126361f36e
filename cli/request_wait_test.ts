/**
 * `cli request --wait` and `cli wait` as a script with no inbound port uses them: against the local
 * platform running the real workflow, with the demo bot's callback URL pointing at a decision relay.
 * Every outcome arrives with its exit code (and the deny reason); a timeout leaves the request
 * pending for `wait`; a relay restart in the middle loses nothing.
 */
import { assert, assertEquals } from "@std/assert";
import {
  approvalMessage,
  approve,
  type CallerWorld,
  callerWorld,
  deny,
  expire,
} from "../relay/_testing.ts";
import { spawnCli } from "./_testing.ts";
import { EXIT } from "./wait.ts";

const spawn = spawnCli;

async function finish(child: Deno.ChildProcess) {
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    // Not JSON: the assertions below show stdout and stderr.
  }
  return { code: out.code, json, text: `${stdout}\n${stderr}` };
}

function waitFlags(w: CallerWorld, timeout = "300") {
  return [
    "--relay",
    w.relay.url,
    "--app-public-key",
    w.appPublicKey,
    "--timeout",
    timeout,
    "--json",
  ];
}

/** Starts `request --wait` for a fresh request id; returns the child and the decision id. */
function request(w: CallerWorld, opts: { env?: string; action?: string; timeout?: string } = {}) {
  const requestId = crypto.randomUUID();
  const staging = opts.env === "staging";
  const child = spawn([
    "request",
    ...["--url", w.webhookUrl, "--key", w.keyPath, "--service", w.serviceId],
    ...["--key-id", w.keyId, "--action", opts.action ?? "deploy", "--resource", "api#7"],
    ...["--environment", opts.env ?? "production", "--reason", "Release 7"],
    ...["--request-id", requestId, ...(staging ? ["--condition", "ci_status=passed"] : [])],
    "--wait",
    ...waitFlags(w, opts.timeout),
  ]);
  return { child, id: `${w.serviceId}|${requestId}` };
}

Deno.test("cli request --wait: every outcome through the relay, with its exit code", async (t) => {
  const w = await callerWorld();
  try {
    await t.step("approved → 0, with the approver", async () => {
      const { child, id } = request(w);
      await approve(w.platform, id);
      const res = await finish(child);
      assertEquals(res.code, EXIT.approved, res.text);
      assertEquals([res.json.outcome, res.json.decided_by], [
        "approved",
        [w.platform.demo!.users.approver1],
      ]);
    });
    await t.step("denied → 2, with the reason", async () => {
      const { child, id } = request(w);
      await deny(w.platform, id, "Freeze week: no prod deploys");
      const res = await finish(child);
      assertEquals(res.code, EXIT.denied, res.text);
      assertEquals([res.json.outcome, res.json.denial_reason], [
        "denied",
        "Freeze week: no prod deploys",
      ]);
    });
    await t.step("auto-approved → 0", async () => {
      const res = await finish(request(w, { env: "staging" }).child);
      assertEquals(res.code, EXIT.approved, res.text);
      assertEquals(res.json.outcome, "auto_approved");
    });
    await t.step("rejected → 3", async () => {
      const res = await finish(request(w, { action: "drop-database" }).child);
      assertEquals(res.code, EXIT.rejected, res.text);
      assertEquals([res.json.outcome, res.json.reason_code], ["rejected", "action_not_allowed"]);
    });
    await t.step("expired → 4", async () => {
      const { child, id } = request(w);
      await expire(w.platform, id);
      const res = await finish(child);
      assertEquals(res.code, EXIT.expired, res.text);
      assertEquals(res.json.outcome, "expired");
    });
    await t.step("a timeout leaves it pending (6); `wait` picks it up later", async () => {
      const { child, id } = request(w, { timeout: "0" });
      const first = await finish(child);
      assertEquals(first.code, EXIT.timeout, first.text);
      assertEquals([first.json.status, first.json.decision_id], ["pending", id]);
      await approvalMessage(w.platform, id);
      assertEquals(w.platform.storage.getItem("decisions", id)?.status, "pending");
      const later = spawn(["wait", id, "--key", w.keyPath, "--key-id", w.keyId, ...waitFlags(w)]);
      await approve(w.platform, id);
      const res = await finish(later);
      assertEquals(res.code, EXIT.approved, res.text);
    });
    await t.step("a reachable caller listens directly (--listen), no relay", async () => {
      const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const port = (probe.addr as Deno.NetAddr).port;
      probe.close();
      const services = w.platform.storage;
      const stored = services.getItem("services", w.serviceId)!;
      services.putItem("services", w.serviceId, {
        ...stored,
        callback_url: `http://127.0.0.1:${port}/countersign`,
      });
      try {
        const requestId = crypto.randomUUID();
        const child = spawn([
          "request",
          ...["--url", w.webhookUrl, "--key", w.keyPath, "--service", w.serviceId],
          ...["--key-id", w.keyId, "--action", "deploy", "--resource", "api#7"],
          ...["--environment", "production", "--reason", "Direct", "--request-id", requestId],
          ...["--wait", "--listen", `127.0.0.1:${port}`, "--app-public-key", w.appPublicKey],
          "--json",
        ]);
        await deny(w.platform, `${w.serviceId}|${requestId}`, "Use the relay");
        const res = await finish(child);
        assertEquals(res.code, EXIT.denied, res.text);
        assertEquals(res.json.denial_reason, "Use the relay");
      } finally {
        services.putItem("services", w.serviceId, stored);
      }
    });
    await t.step("a relay restart while waiting loses nothing", async () => {
      const { child, id } = request(w);
      await approvalMessage(w.platform, id);
      await w.restartRelay();
      await approve(w.platform, id);
      const res = await finish(child);
      assertEquals(res.code, EXIT.approved, res.text);
      assert(w.relay.store.get(w.serviceId, id.split("|")[1]));
    });
  } finally {
    await w.close();
  }
});
