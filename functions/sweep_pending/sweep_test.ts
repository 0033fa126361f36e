import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { SlackAPI, SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import { APPROVE_ACTION_ID, U, W } from "../request_approval/_testing.ts";
import { DEFAULT_SHARES } from "./plan.ts";
import { sweepPending } from "./sweep.ts";
import { SweepPendingFunction } from "./definition.ts";
import handler from "./mod.ts";
import {
  at,
  clientOf,
  ESCALATION_GROUP,
  LIMIT_MS,
  pendingApproval,
  record,
  replies,
} from "./_testing.ts";

Deno.test("the sweep reminds the approvers once, in the request's thread", async () => {
  const h = await pendingApproval(false);
  try {
    const sweep = (share: number) =>
      sweepPending(clientOf(h), { shares: DEFAULT_SHARES, now: () => at(h, share) });
    assertEquals((await sweep(0.4)).reminded, 0);
    assertEquals(replies(h), []);
    assertEquals(await sweep(0.55), {
      examined: 1,
      reminded: 1,
      escalated: 0,
      expired: 0,
      revoked: 0,
      failed: 0,
      complete: true,
    });
    const [reply] = replies(h);
    assertStringIncludes(reply.text, "Reminder for <@U0DAVE00001> <!subteam^S0APPROVERS>");
    assertEquals(record(h).reminded_at, at(h, 0.55));
    assertEquals((await sweep(0.9)).reminded, 0, "once per decision");
    assertEquals(replies(h).length, 1);
    assertEquals(record(h).escalated_at, undefined, "no escalation group: no escalation");
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
  } finally {
    await h.close();
  }
});

Deno.test("escalation asks the secondary group once and lets its members decide", async () => {
  const h = await pendingApproval();
  try {
    // Before escalation carol is nobody's approver.
    await h.click(U.carol, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.carol), [
      "You are not an approver for this request, so you cannot act on it.",
    ]);
    const sweep = (share: number) =>
      sweepPending(clientOf(h), { shares: DEFAULT_SHARES, now: () => at(h, share) });
    const first = await sweep(0.8);
    assertEquals([first.escalated, first.reminded], [1, 0]);
    assertEquals(record(h).escalated_to, ESCALATION_GROUP);
    assertEquals(record(h).reminded_at, at(h, 0.8), "the escalation also counts as the reminder");
    assertStringIncludes(replies(h)[0].text, "Escalated to <!subteam^S0ESCALATE1>");
    assertEquals((await sweep(0.85)).escalated, 0, "once per decision");
    assertEquals(replies(h).length, 1);

    await h.click(U.carol, APPROVE_ACTION_ID);
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.outputs?.outcome, "approved");
    assertEquals(execution?.outputs?.decided_by, [U.carol]);
    assertStringIncludes(JSON.stringify(h.message()?.blocks), "*Approved* by <@U0CAROL0001>");
  } finally {
    await h.close();
  }
});

Deno.test("at the limit the sweep expires the request: completed, recorded, message updated", async () => {
  const h = await pendingApproval();
  try {
    const after = record(h).expires_at! + 1;
    const result = await sweepPending(clientOf(h), { shares: DEFAULT_SHARES, now: () => after });
    assertEquals([result.expired, result.reminded, result.escalated], [1, 0, 0]);
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.status, "completed");
    assertEquals(execution?.outputs?.outcome, "expired");
    assertEquals(record(h).outcome, "expired");
    assertStringIncludes(JSON.stringify(h.message()?.blocks), "*Expired*");
    assertEquals(JSON.stringify(h.message()?.blocks).includes(APPROVE_ACTION_ID), false);
    // The next sweep finds it decided and does nothing.
    const again = await sweepPending(clientOf(h), { shares: DEFAULT_SHARES, now: () => after });
    assertEquals([again.expired, again.failed], [0, 0]);
  } finally {
    await h.close();
  }
});

Deno.test("the sweep follows cursors to the end of the pending list", async () => {
  const h = await pendingApproval();
  try {
    const { storage } = h.platform;
    const now = Date.now();
    for (let i = 0; i < 7; i++) {
      const id = `Fx-old-${i}`;
      storage.putExecution({
        id,
        callback_id: "request_approval",
        inputs: {},
        status: "running",
        started: now,
      });
      storage.putItem(Decisions.name, `old|${i}`, {
        id: `old|${i}`,
        status: "pending",
        approval_execution_id: id,
        requested_at: now - 2 * LIMIT_MS,
        expires_at: now - LIMIT_MS,
      });
    }
    storage.putItem(Decisions.name, "done|1", { id: "done|1", status: "final", outcome: "denied" });
    const result = await sweepPending(clientOf(h), {
      shares: DEFAULT_SHARES,
      now: () => now,
      pageSize: 2,
    });
    assertEquals([result.examined, result.expired, result.complete], [8, 7, true]);
    for (let i = 0; i < 7; i++) {
      assertEquals(storage.getExecution(`Fx-old-${i}`)?.outputs?.outcome, "expired");
    }
    assertEquals(storage.getExecution(h.executionId)?.status, "running", "not due yet");
  } finally {
    await h.close();
  }
});

Deno.test("a datastore failure is reported, not swallowed", async () => {
  const h = await pendingApproval();
  try {
    const bad = SlackAPI("xoxb-not-a-valid-token", { slackApiUrl: h.platform.url });
    await assertRejects(
      () => sweepPending(bad, { shares: DEFAULT_SHARES }),
      Error,
      "Cannot sweep pending approvals: datastore query failed",
    );
  } finally {
    await h.close();
  }
});

Deno.test("the function reads the reminder share from the env", async () => {
  const h = await pendingApproval(false);
  try {
    // Requested one limit ago, expiring one limit from now: half the time has passed.
    h.platform.storage.putItem(Decisions.name, "deploy-bot|r-1", {
      ...record(h),
      requested_at: record(h).expires_at! - 2 * LIMIT_MS,
    } as unknown as Record<string, unknown>);
    const run = async (env: Record<string, string>) => {
      const ctx = SlackFunctionTester(SweepPendingFunction).createContext({
        inputs: {},
        env: { SLACK_API_URL: h.platform.url, ...env },
      });
      return (await handler(ctx)) as { outputs?: Record<string, unknown>; error?: string };
    };
    assertEquals((await run({ COUNTERSIGN_REMINDER_SHARE: "0.6" })).outputs?.reminded, 0);
    const sent = await run({});
    assertEquals(sent.outputs?.reminded, 1, JSON.stringify(sent));
    assert(record(h).reminded_at);
    assertEquals(h.logs.filter((l) => l.includes("COUNTERSIGN_REMINDER_SHARE")), []);
    await run({ COUNTERSIGN_REMINDER_SHARE: "lots" });
    assertEquals(
      h.logs.filter((l) => l.includes('COUNTERSIGN_REMINDER_SHARE "lots"')).length,
      1,
      "a bad share is logged with its value",
    );
  } finally {
    await h.close();
  }
});

Deno.test("the sweep stops starting work when its time budget is spent, and says so", async () => {
  const h = await pendingApproval();
  try {
    for (let i = 0; i < 5; i++) {
      h.platform.storage.putItem(Decisions.name, `other|${i}`, {
        id: `other|${i}`,
        status: "pending",
      });
    }
    // Each clock read is a minute later; a two-minute budget allows only the first decision.
    let clock = Date.now();
    const result = await sweepPending(clientOf(h), {
      shares: DEFAULT_SHARES,
      now: () => (clock += 60_000),
      budgetMs: 120_000,
    });
    assertEquals(result.complete, false);
    assertEquals(result.examined, 1, "of 6 pending decisions");
  } finally {
    await h.close();
  }
});
Deno.test("the sweep ends a request whose signing key's overlap ran out, and one of a disabled bot", async () => {
  const h = await pendingApproval(false);
  try {
    const now = Date.now();
    h.platform.storage.putItem(Decisions.name, "deploy-bot|r-1", {
      ...record(h),
      key_id: "old",
      identity_method: "ed25519",
    } as unknown as Record<string, unknown>);
    h.platform.storage.putItem(Services.name, "deploy-bot", {
      id: "deploy-bot",
      status: "active",
      approver_users: [U.dave],
      watcher_channel: W.generalChannelId,
      public_keys: [
        { key_id: "old", public_key: "x", not_after: now + 60_000 },
        { key_id: "new", public_key: "y", not_after: 0 },
      ],
    });
    const sweep = (at: number) =>
      sweepPending(clientOf(h), { shares: DEFAULT_SHARES, now: () => at });
    assertEquals((await sweep(now)).revoked, 0, "still within the overlap");
    const after = await sweep(now + 60_001);
    assertEquals([after.revoked, after.expired, after.failed], [1, 0, 0]);
    assertEquals([record(h).status, record(h).outcome, record(h).reason_code], [
      "final",
      "rejected",
      "key_retired",
    ]);
    assertEquals(record(h).closed_by, "sweep");
    assertStringIncludes(JSON.stringify(h.message()?.blocks), "(ended by the hourly sweep)");
    const watch = h.platform.storage.listMessages(W.generalChannelId);
    assertEquals(watch.length, 1);
    assertStringIncludes(watch[0].text, "was retired");
    assertEquals((await sweep(now + 120_000)).revoked, 0, "once");
  } finally {
    await h.close();
  }
});
