/**
 * The sweep and the weekly report on the local platform with the real app: a signed request
 * waits for approval, the hourly sweep reminds, then expires it, and the original workflow
 * records `expired` and calls the bot back; the weekly report and the page's chart count it.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fileURLToPath } from "node:url";
import { signedRequest } from "../../lib/contract/mod.ts";
import { type Platform, startPlatform } from "../../local/server.ts";
import { getJson, postJson } from "../../local/_testing.ts";
import { DEMO_CHANNELS } from "../../demo/workspace.ts";
import { Decisions } from "../../datastores/decisions.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const HOUR = 3_600_000;

async function sendRequest(platform: Platform, requestId: string): Promise<void> {
  const demo = platform.demo!;
  const body = await signedRequest({
    service_id: demo.serviceId,
    key_id: demo.keyId,
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: "production",
    reason: "Release 152",
    triggered_by: demo.users.engineer,
    source_system: "e2e",
    source_url: "",
    conditions: "",
  }, await Deno.readTextFile(demo.privateKeyPath));
  const url = platform.triggers.find((t) => t.webhook_url)!.webhook_url!;
  assertEquals(await postJson(url, body), { status: 200, json: { ok: true } });
  await platform.engine.idle();
}

/** Starts a run of the named scheduled trigger now (as its schedule would) and waits for it. */
async function fireNow(platform: Platform, name: string) {
  const trigger = platform.storage.listTriggers().find((t) => t.name === name);
  assert(trigger, `trigger "${name}" was created from triggers/`);
  assertEquals(trigger.type, "scheduled");
  const run = platform.engine.startRun(trigger, {});
  await platform.engine.idle();
  return platform.storage.getRun(run.id)!;
}

/** Moves a pending decision's clock: requested `agoMs` ago, expiring `leftMs` from now. */
function age(platform: Platform, id: string, agoMs: number, leftMs: number) {
  const item = platform.storage.getItem(Decisions.name, id)!;
  const now = Date.now();
  platform.storage.putItem(Decisions.name, id, {
    ...item,
    requested_at: now - agoMs,
    expires_at: now + leftMs,
  });
}

Deno.test("a pending approval is reminded, then expired: recorded, message updated, caller called back", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign_sweep_" });
  const platform = await startPlatform({
    port: 0,
    dataDir,
    appDir: REPO,
    quiet: true,
    env: { COUNTERSIGN_REPORT_CHANNEL: DEMO_CHANNELS.deployWatch.id },
  });
  try {
    await sendRequest(platform, "expire-me");
    const id = `${platform.demo!.serviceId}|expire-me`;
    const run = platform.storage.listRuns(1)[0];
    assertEquals([run.workflow, run.status, run.current_step], ["handle_request", "running", 2]);
    const approvals = DEMO_CHANNELS.approvals.id;
    const request = platform.storage.listMessages(approvals).find((m) => !m.thread_ts)!;

    // 60% of the time limit has passed: the sweep reminds the approvers in the thread.
    age(platform, id, 0.6 * HOUR, 0.4 * HOUR);
    const first = await fireNow(platform, "Countersign expiry sweep");
    assertEquals(first.status, "completed", first.error);
    assertEquals(first.step_outputs["0"].reminded, 1);
    const reply = platform.storage.listMessages(approvals).find((m) => m.thread_ts === request.ts);
    assertStringIncludes(reply?.text ?? "", "still waiting for a decision");
    assert(platform.storage.getItem(Decisions.name, id)?.reminded_at);

    // The limit has passed: "Run now" on the page starts the sweep, which expires the request.
    // The strict platform refuses to let the sweep's token complete the approval run's
    // execution, as Slack may: the outcome is recorded, shown and told all the same, the
    // refusal is kept on the record, and the original run stays in progress.
    age(platform, id, 2 * HOUR, -1000);
    const sweepTrigger = platform.storage.listTriggers().find((t) =>
      t.name === "Countersign expiry sweep"
    )!;
    const started = await postJson(`${platform.url}/_local/schedules/run`, {
      trigger_id: sweepTrigger.id,
    });
    assertEquals(started.json.ok, true);
    await platform.engine.idle();
    const second = platform.storage.getRun(String(started.json.run_id))!;
    assertEquals(second.status, "completed", second.error);
    assertEquals(second.step_outputs["0"].expired, 1);
    assertEquals(platform.storage.getRun(run.id)?.status, "running");
    const decision = platform.storage.getItem(Decisions.name, id)!;
    assertEquals([decision.status, decision.outcome], ["final", "expired"]);
    assertEquals(decision.run_completion, "access_denied", "what Slack answered is recorded");
    const refused = platform.storage.listCalls().filter((c) =>
      c.method === "functions.completeSuccess" && !c.ok
    );
    assertEquals(refused.map((c) => c.error), ["access_denied"]);
    assertEquals(decision.reason_code, "approval_expired");
    assert(decision.reminded_at, "the reminder stays on the final record");
    const updated = platform.storage.getMessage(approvals, request.ts)!;
    assertStringIncludes(JSON.stringify(updated.blocks), "*Expired*");
    assertEquals(JSON.stringify(updated.blocks).includes('"type":"button"'), false);
    const { callbacks } = await getJson(`${platform.url}/_local/callbacks`) as {
      callbacks: { verified: boolean; body: Record<string, unknown> }[];
    };
    assertEquals(callbacks.map((c) => [c.verified, c.body.outcome]), [[true, "expired"]]);
    assertEquals(platform.storage.getItem(Decisions.name, id)?.callback_status, "delivered");
    const watch = platform.storage.listMessages(DEMO_CHANNELS.deployWatch.id).map((m) => m.text);
    assertEquals(watch.length, 1);
    assertStringIncludes(watch[0], "*Expired*");

    // The weekly report and the page's chart count the expiry.
    const report = await fireNow(platform, "Countersign weekly report");
    assertEquals(report.status, "completed", report.error);
    const summary = platform.storage.listMessages(DEMO_CHANNELS.deployWatch.id).at(-1)!;
    assertStringIncludes(JSON.stringify(summary.blocks), "1 decision · approved 0.0%");
    assertStringIncludes(JSON.stringify(summary.blocks), "expired 100.0%");
    const chart = await fetch(`${platform.url}/_local/report.svg`);
    assertEquals(chart.headers.get("content-type"), "image/svg+xml; charset=utf-8");
    assertStringIncludes(await chart.text(), "expired: 1</title>");
    const webhook = platform.triggers.find((t) => t.webhook_url)!;
    const notScheduled = await postJson(`${platform.url}/_local/schedules/run`, {
      trigger_id: webhook.id,
    });
    assertEquals(notScheduled, { status: 404, json: { ok: false, error: "trigger_not_found" } });
    // The manifest's botScopes cover every call the app made on the way (request, approval
    // message, reminder, expiry, report): the strict platform refused none for a scope.
    const scopeRefusals = platform.storage.listCalls().filter((c) => c.error === "missing_scope");
    assertEquals(scopeRefusals.map((c) => c.method), []);
    const bad = await fetch(`${platform.url}/_local/report.svg?from=soon`);
    assertEquals(bad.status, 400);
    assertStringIncludes((await bad.json()).error, 'Cannot read period: --from "soon"');
  } finally {
    await platform.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("with cross-execution completion relaxed, expiry also ends the suspended run", async () => {
  const platform = await startPlatform({
    port: 0,
    dataDir: ":memory:",
    appDir: REPO,
    quiet: true,
    relax: { crossExecutionCompletion: true },
  });
  try {
    await sendRequest(platform, "expire-relaxed");
    const id = `${platform.demo!.serviceId}|expire-relaxed`;
    const run = platform.storage.listRuns(1)[0];
    age(platform, id, 2 * HOUR, -1000);
    const sweep = await fireNow(platform, "Countersign expiry sweep");
    assertEquals(sweep.step_outputs["0"].expired, 1, sweep.error);
    assertEquals(platform.storage.getRun(run.id)?.status, "completed");
    const decision = platform.storage.getItem(Decisions.name, id)!;
    assertEquals([decision.outcome, decision.run_completion], ["expired", "completed"]);
    const { callbacks } = await getJson(`${platform.url}/_local/callbacks`) as {
      callbacks: { body: Record<string, unknown> }[];
    };
    assertEquals(callbacks.map((c) => c.body.outcome), ["expired"], "the caller is told once");
  } finally {
    await platform.close();
  }
});
