/**
 * The shared closer (expiry and revocation) against the real local Web API, with a client that
 * refuses to complete another execution as Slack may: the outcome is still recorded and sealed,
 * the message updated, the watchers and the bot told, exactly once.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import { expiryClosure } from "../../lib/decision/mod.ts";
import { importSyncPublicKey, verifyText } from "../../lib/audit/ed25519_sync.ts";
import { recordMessage } from "../../lib/audit/canonical.ts";
import { RecordDecisionFunction } from "../record_decision/definition.ts";
import recordDecision from "../record_decision/mod.ts";
import { closePending } from "./close.ts";
import { endRevokedRequests } from "./revoke.ts";
import { APPROVE_ACTION_ID, type Harness, startClosable, U, W } from "./_testing.ts";

const ID = "deploy-bot|r-1";

/** The client as Slack may behave: completing another execution is refused. */
function refusingCompletion(client: SlackAPIClient, calls: string[]): SlackAPIClient {
  const functions = new Proxy(client.functions, {
    get: (t, k) =>
      k === "completeSuccess"
        ? (args: { function_execution_id: string }) => {
          calls.push(args.function_execution_id);
          return Promise.resolve({ ok: false, error: "not_allowed_token_type" });
        }
        : Reflect.get(t, k),
  });
  return new Proxy(client, {
    get: (t, k) => k === "functions" ? functions : Reflect.get(t, k),
  }) as SlackAPIClient;
}

const blocksOf = (h: Harness) => JSON.stringify(h.message()?.blocks ?? []);

Deno.test("expiry when Slack refuses to complete another execution: recorded, shown, told, once", async () => {
  const { h, keys, r, env, client, record, done } = await startClosable();
  try {
    const completions: string[] = [];
    const strict = refusingCompletion(client, completions);
    const now = Number(record().expires_at) + 1;
    const targets = { callback_url: r.url, watcher_channel: W.generalChannelId };
    const first = await closePending(strict, env, ID, expiryClosure(now), targets);
    assertEquals(first.result, "closed");
    assertEquals(completions, [h.executionId], "the suspended run was tried once");

    const item = record();
    assertEquals([item.status, item.outcome, item.reason_code], [
      "final",
      "expired",
      "approval_expired",
    ]);
    assertEquals(item.run_completion, "not_allowed_token_type", "what Slack answered is kept");
    assertEquals([item.callback_status, item.callback_attempts], ["delivered", 1]);
    assertEquals(item.closed_by, "sweep");
    const publicKey = await importSyncPublicKey(keys.publicKey);
    assert(
      verifyText(publicKey, recordMessage(Decisions.name, item), String(item.record_signature)),
      "the final record is sealed with everything on it",
    );
    assertStringIncludes(blocksOf(h), "*Expired*");
    assertEquals(blocksOf(h).includes(APPROVE_ACTION_ID), false, "buttons removed");
    assertEquals(r.got.map((g) => [g.ok, g.outcome, g.reason_code, g.request_id]), [
      [true, "expired", "approval_expired", "r-1"],
    ]);
    const watch = h.platform.storage.listMessages(W.generalChannelId);
    assertEquals(watch.length, 1);

    // A second sweep, and a late click: nothing more happens.
    const again = await closePending(strict, env, ID, expiryClosure(now + 5), targets);
    assertEquals(again.result, "already_decided");
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.dave).length, 1);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    assertEquals(r.got.length, 1, "exactly one callback");
    assertEquals(h.platform.storage.listMessages(W.generalChannelId).length, 1);
    assertEquals(record(), item, "the record is unchanged");
  } finally {
    await done();
  }
});

Deno.test("when Slack does complete the run, its record step leaves record and callback to the closer", async () => {
  const { h, r, env, client, record, done } = await startClosable();
  try {
    const now = Number(record().expires_at) + 1;
    const closed = await closePending(client, env, ID, expiryClosure(now), { callback_url: r.url });
    assertEquals(closed.result, "closed");
    assertEquals(record().run_completion, "completed");
    const execution = h.platform.storage.getExecution(h.executionId)!;
    assertEquals(execution.outputs?.outcome, "expired");
    const sealed = record();
    // The run goes on: its record step sees the closer's record and hands no URL to notify.
    const { createContext } = SlackFunctionTester(RecordDecisionFunction);
    const result = await recordDecision(createContext({
      inputs: {
        decision_id: ID,
        verdict: "verified",
        effect: "require_approval",
        approval_outcome: String(execution.outputs?.outcome),
        has_callback: true,
        callback_url: r.url,
      },
      env,
    })) as { outputs: Record<string, unknown> };
    assertEquals(result.outputs.outcome, "expired");
    assertEquals(result.outputs.callback_url, "");
    assertEquals(record(), sealed);
    assertEquals(r.got.length, 1);
  } finally {
    await done();
  }
});

Deno.test("a closure interrupted after its note is finished as noted by the next closer", async () => {
  const { h, r, env, client, record, done } = await startClosable();
  try {
    // A revocation noted its claim, then its function died (no final record yet).
    h.platform.storage.putItem(Decisions.name, ID, {
      ...record(),
      outcome: "rejected",
      reason_code: "service_disabled",
      reason_detail: 'Cannot approve: bot "deploy-bot" was disabled',
      closed_by: U.alice,
      decided_at: 5,
    });
    // A click now is refused, though the record still says pending.
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertStringIncludes(h.ephemerals(U.dave)[0], "This request was ended");
    // The sweep comes along with an expiry: the first closure wins.
    const later = await closePending(client, env, ID, expiryClosure(Date.now()), {
      callback_url: r.url,
    });
    assertEquals(later.result, "closed");
    assertEquals([record().status, record().outcome, record().reason_code], [
      "final",
      "rejected",
      "service_disabled",
    ]);
    assertEquals(record().closed_by, U.alice);
    assertEquals(r.got.map((g) => g.reason_code), ["service_disabled"]);
    assertStringIncludes(blocksOf(h), "Ended, rejected");
    assertStringIncludes(blocksOf(h), "was disabled");
  } finally {
    await done();
  }
});

Deno.test("a click that raced the closer's note cannot take the outcome from it", async () => {
  const { h, r, env, client, record, done } = await startClosable();
  try {
    const bot = { id: "deploy-bot", status: "disabled", callback_url: r.url };
    h.platform.storage.putItem(Services.name, "deploy-bot", bot);
    const { createContext } = SlackFunctionTester(RecordDecisionFunction);
    const runRecordStep = async () =>
      (await recordDecision(createContext({
        inputs: {
          decision_id: ID,
          verdict: "verified",
          effect: "require_approval",
          approval_outcome: "approved",
          decided_by: [U.dave],
          has_callback: true,
          callback_url: r.url,
        },
        env,
      })) as { outputs: Record<string, unknown> }).outputs;
    let ranBefore: Record<string, unknown> = {};
    // The race: after the closer noted its claim, a click that had read the record before it
    // completes its own execution and notes "approved" over the closer's outcome.
    const racing = new Proxy(client, {
      get: (t, k) =>
        k === "functions"
          ? new Proxy(t.functions, {
            get: (f, m) =>
              m === "completeSuccess"
                ? async (args: Parameters<typeof f.completeSuccess>[0]) => {
                  await f.completeSuccess({ ...args, outputs: { outcome: "approved" } });
                  h.platform.storage.putItem(Decisions.name, ID, {
                    ...record(),
                    outcome: "approved",
                    decided_by: [U.dave],
                  });
                  // The click's run goes on at once; its record step defers to the closer.
                  ranBefore = await runRecordStep();
                  return await f.completeSuccess(args);
                }
                : Reflect.get(f, m),
          })
          : Reflect.get(t, k),
    }) as SlackAPIClient;
    const summary = await endRevokedRequests(racing, env, bot, U.alice);
    assertEquals(summary.ended, 1);
    assertEquals(record().run_completion, "execution_not_in_running_state");
    assertEquals([record().status, record().outcome, record().reason_code], [
      "final",
      "rejected",
      "service_disabled",
    ]);
    assertEquals([ranBefore.outcome, ranBefore.reason_code, ranBefore.callback_url], [
      "rejected",
      "service_disabled",
      "",
    ]);
    // And a record step running after the closer finished changes nothing either.
    const final = record();
    const ran = await runRecordStep();
    assertEquals([ran.outcome, ran.callback_url], ["rejected", ""]);
    assertEquals(record(), final);
    assertEquals(r.got.map((g) => g.outcome), ["rejected"]);
    assertStringIncludes(blocksOf(h), "Ended, rejected");
  } finally {
    await done();
  }
});
