import { assert, assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform } from "../../local/testing.ts";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
import { ClickEvents } from "../../datastores/click_events.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { RequestApprovalFunction } from "./definition.ts";
import handler from "./mod.ts";
import { APPROVE_ACTION_ID, type Harness, startApproval, U, W } from "./_testing.ts";

/** The text of every block of a stored message, joined. */
function blockText(blocks: unknown[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}

Deno.test("an auto-decided request completes at once without any Slack call", async () => {
  const platform = await startTestPlatform();
  try {
    const ctx = SlackFunctionTester(RequestApprovalFunction).createContext({
      inputs: { effect: "auto_approve", approval_channel: W.channelId },
      env: { SLACK_API_URL: platform.url },
    });
    const result = await handler(ctx);
    assertEquals(result, { completed: true, outputs: { outcome: "" } });
    assertEquals(platform.storage.listCalls(), []);
  } finally {
    await platform.close();
  }
});

Deno.test("posts an attributed request and writes the pending decision", async () => {
  const h = await startApproval();
  try {
    assertEquals(h.result, { completed: false });
    const msg = h.message();
    assert(msg, "approval message posted");
    assertStringIncludes(msg.text, `<@${U.dave}> <!subteam^${W.usergroupId}>`);
    const blocks = blockText(msg.blocks);
    assertStringIncludes(blocks, "hotfix &lt;!channel&gt;"); // hostile reason is inert
    assertStringIncludes(blocks, "0 of 2");
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals(record?.status, "pending");
    assertEquals(record?.approval_execution_id, h.executionId);
    assertEquals(record?.message_channel, W.channelId);
    assertEquals(record?.message_ts, msg.ts);
    assert((record?.expires_at as number) > Date.now());
  } finally {
    await h.close();
  }
});

Deno.test("a non-approver is refused privately, logged, and changes nothing", async () => {
  const h = await startApproval({ triggered_by: "someone-else" });
  try {
    await h.click(U.carol, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.carol), [
      "You are not an approver for this request, so you cannot act on it.",
    ]);
    assert(h.logs.some((l) => l.includes("refused approve") && l.includes(U.carol)), h.logs.join());
    assertEquals(h.platform.storage.countItems(ApprovalVotes.name), 0);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    assertEquals(refused(h), [[U.carol, "approve", "not_approver"]]);
  } finally {
    await h.close();
  }
});

/** The refused clicks recorded in `click_events`: who, what, why. */
function refused(h: Harness) {
  return h.platform.storage.scanItems(ClickEvents.name, 100).items.map((e) => [
    e.actor,
    e.action,
    e.reason,
  ]);
}

Deno.test("refused clicks are recorded: who, what, why (self-approval, late, hostile user id)", async () => {
  const h = await startApproval({ triggered_by: "bob@example.com", approvals_required: 1 });
  try {
    await h.click(U.bob, APPROVE_ACTION_ID);
    await h.click(U.dave, APPROVE_ACTION_ID);
    await h.click(U.alice, APPROVE_ACTION_ID);
    await h.click("U0EVIL\n<!channel>", APPROVE_ACTION_ID);
    assertEquals(refused(h), [
      [U.bob, "approve", "requester"],
      [U.alice, "approve", "already_decided"],
      ["U0EVIL <!channel>", "approve", "already_decided"],
    ]);
    const events = h.platform.storage.scanItems(ClickEvents.name, 100).items;
    for (const e of events) {
      assertEquals([e.result, e.decision_id, e.execution_id], [
        "refused",
        "deploy-bot|r-1",
        h.executionId,
      ]);
      assert(/^\d{13}-/.test(String(e.id)), String(e.id));
    }
    assertEquals(events[0].detail, "You triggered this request, so you cannot approve it.");
  } finally {
    await h.close();
  }
});

Deno.test("the triggering human may not approve, by email or by user id", async () => {
  const byEmail = await startApproval({ triggered_by: "bob@example.com" });
  try {
    await byEmail.click(U.bob, APPROVE_ACTION_ID);
    assertEquals(byEmail.ephemerals(U.bob), [
      "You triggered this request, so you cannot approve it.",
    ]);
    assertEquals(byEmail.platform.storage.countItems(ApprovalVotes.name), 0);
    assert(byEmail.logs.some((l) => l.includes("requester")));
  } finally {
    await byEmail.close();
  }
  const byId = await startApproval({ triggered_by: U.alice, approvals_required: 1 });
  try {
    await byId.click(U.alice, APPROVE_ACTION_ID);
    assertStringIncludes(byId.ephemerals(U.alice)[0], "You triggered this request");
    assertEquals(byId.platform.storage.getExecution(byId.executionId)?.status, "running");
  } finally {
    await byId.close();
  }
});

Deno.test("two approvals need two distinct approvers; a double click counts once", async () => {
  const h = await startApproval();
  try {
    const ts = h.message()?.ts;
    await h.click(U.bob, APPROVE_ACTION_ID);
    await h.click(U.bob, APPROVE_ACTION_ID);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    assertEquals(h.ephemerals(U.bob), [
      "Your approval is recorded (1 of 2).",
      "Your approval is recorded (1 of 2).",
    ]);
    assertStringIncludes(blockText(h.message()?.blocks), `1 of 2: <@${U.bob}>`);
    assertEquals(h.platform.storage.countItems(ApprovalVotes.name), 1);

    await h.click(U.dave, APPROVE_ACTION_ID); // a listed user, not in the group
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.status, "completed");
    assertEquals(execution?.outputs?.outcome, "approved");
    assertEquals(execution?.outputs?.decided_by, [U.bob, U.dave]);
    assertEquals(execution?.outputs?.message_ts, ts);

    // The same message, updated in place: outcome shown, buttons gone.
    const msg = h.message();
    assertEquals(msg?.ts, ts);
    assert(msg?.edited_ts, "message was edited");
    const blocks = blockText(msg?.blocks);
    assertStringIncludes(blocks, `*Approved* by <@${U.bob}>, <@${U.dave}>`);
    assertFalse(blocks.includes(APPROVE_ACTION_ID));
    const watcher = h.platform.storage.listMessages(W.generalChannelId);
    assertEquals(watcher.length, 1);
    assertStringIncludes(watcher[0].text, "*Approved*");
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals(record?.outcome, "approved");
    assertEquals(record?.decided_by, [U.bob, U.dave]);
  } finally {
    await h.close();
  }
});

Deno.test("simultaneous approvals complete exactly once", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    await Promise.all([
      h.click(U.alice, APPROVE_ACTION_ID),
      h.click(U.bob, APPROVE_ACTION_ID),
      h.click(U.dave, APPROVE_ACTION_ID),
      h.click(U.alice, APPROVE_ACTION_ID),
    ]);
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.status, "completed");
    const winners = execution?.outputs?.decided_by as string[];
    assertEquals(winners.length, 1);
    const completions = h.platform.storage.listCalls().filter((c) =>
      c.method === "functions.completeSuccess"
    );
    // With one approval needed every click tries to complete; only one may win.
    assertEquals(completions.length, 4);
    assertEquals(completions.filter((c) => c.ok).length, 1);
    assertEquals(completions.filter((c) => !c.ok).map((c) => c.error), [
      ...Array(completions.length - 1).fill("execution_not_in_running_state"),
    ]);
    const alreadyDecided = [U.alice, U.bob, U.dave]
      .flatMap((u) => h.ephemerals(u))
      .filter((t) => t === "This request was already decided.");
    assertEquals(alreadyDecided.length, completions.length - 1);
    assertEquals(h.platform.storage.listMessages(W.generalChannelId).length, 1);
    assertStringIncludes(blockText(h.message()?.blocks), `*Approved* by <@${winners[0]}>`);
  } finally {
    await h.close();
  }
});

Deno.test("a click after the time limit expires the request instead of approving", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
    h.platform.storage.putItem(Decisions.name, "deploy-bot|r-1", {
      ...record,
      expires_at: Date.now() - 1,
    });
    await h.click(U.bob, APPROVE_ACTION_ID);
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.outputs?.outcome, "expired");
    assertEquals(execution?.outputs?.decided_by, []);
    assertStringIncludes(blockText(h.message()?.blocks), "*Expired*");
    assertEquals(h.ephemerals(U.bob), ["This request expired before it was decided."]);
  } finally {
    await h.close();
  }
});

Deno.test("a request nobody could approve is denied at once with the reason", async () => {
  const h = await startApproval({
    approver_users: [],
    approver_usergroup: "",
    approvals_required: 1,
  });
  try {
    assertEquals(h.result.completed, true);
    const outputs = h.result.outputs as Record<string, unknown>;
    assertEquals(outputs.outcome, "denied");
    assertStringIncludes(String(outputs.denial_reason), "has no approvers configured");
    assertEquals(h.message(), undefined);
  } finally {
    await h.close();
  }
});

Deno.test("unreachable channel or too few approvers fail closed with a recorded reason", async () => {
  const noChannel = await startApproval({ approval_channel: "C0MISSING01" });
  try {
    const outputs = noChannel.result.outputs as Record<string, unknown>;
    assertEquals(outputs.outcome, "denied");
    assertEquals(
      outputs.denial_reason,
      'Cannot request approval: chat.postMessage to "C0MISSING01" failed (channel_not_found)',
    );
  } finally {
    await noChannel.close();
  }
  const tooFew = await startApproval({ approvals_required: 4 });
  try {
    const outputs = tooFew.result.outputs as Record<string, unknown>;
    assertEquals(
      outputs.denial_reason,
      "Cannot request approval: 4 approvals are required but only 3 approvers exist",
    );
    assertEquals(tooFew.message(), undefined);
  } finally {
    await tooFew.close();
  }
});

Deno.test("every decision reads the record first, even a listed approver deciding alone", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    const before = h.platform.storage.listCalls().length;
    await h.click(U.dave, APPROVE_ACTION_ID);
    const calls = h.platform.storage.listCalls().slice(before).map((c) => c.method);
    // The click's read, then a fresh read right before the completion (the record may have
    // changed meanwhile: another copy, another approver, the sweep).
    assertEquals(calls[0], "apps.datastore.get", calls.join(", "));
    const complete = calls.indexOf("functions.completeSuccess");
    assertEquals(calls[complete - 1], "apps.datastore.get", calls.join(", "));
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals(record?.outcome, "approved");
    assertEquals(record?.decided_by, [U.dave]);
    assertStringIncludes(blockText(h.message()?.blocks), "Approved");
    // A late click reads the noted outcome and is refused before any completion is tried.
    const late = h.platform.storage.listCalls().length;
    await h.click(U.dave, APPROVE_ACTION_ID);
    const lateCalls = h.platform.storage.listCalls().slice(late).map((c) => c.method);
    assertEquals(lateCalls.includes("functions.completeSuccess"), false, lateCalls.join(", "));
    assertEquals(h.ephemerals(U.dave), ["This request was already decided."]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "approved");
  } finally {
    await h.close();
  }
});

Deno.test("a click after the time limit expires the request instead of deciding it", async () => {
  const h = await startApproval({
    approvals_required: 1,
    requested_at: Date.now() - 2 * 3_600_000,
    timeout_seconds: 3600,
  });
  try {
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.dave), ["This request expired before it was decided."]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "expired");
  } finally {
    await h.close();
  }
});
