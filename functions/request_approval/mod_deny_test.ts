import { assert, assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
import { ClickEvents } from "../../datastores/click_events.ts";
import { APPROVE_ACTION_ID, DENY_ACTION_ID, startApproval, U, W } from "./_testing.ts";
import { DENY_MODAL_CALLBACK_ID, DENY_REASON_BLOCK_ID } from "./constants.ts";

Deno.test("Deny opens a reason modal; the reason is required; the denial completes once", async () => {
  const h = await startApproval();
  try {
    const ts = h.message()?.ts;
    await h.click(U.bob, DENY_ACTION_ID);
    assertEquals(h.views.length, 1);
    assertEquals(h.views[0].user, U.bob);
    assertEquals(h.views[0].view.callback_id, DENY_MODAL_CALLBACK_ID);

    const empty = await h.submitDeny(U.bob, "   \u0000 ");
    assertEquals(empty, {
      response_action: "errors",
      errors: { [DENY_REASON_BLOCK_ID]: "Give a reason for denying this request." },
    });
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");

    const closed = await h.submitDeny(U.bob, "Code freeze until Monday <!here>");
    assertEquals(closed, undefined); // the modal closes
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.status, "completed");
    assertEquals(execution?.outputs?.outcome, "denied");
    assertEquals(execution?.outputs?.decided_by, [U.bob]);
    assertEquals(execution?.outputs?.denial_reason, "Code freeze until Monday <!here>");

    const msg = h.message();
    assertEquals(msg?.ts, ts);
    const blocks = JSON.stringify(msg?.blocks);
    assertStringIncludes(blocks, `*Denied* by <@${U.bob}>`);
    assertStringIncludes(blocks, "Code freeze until Monday &lt;!here&gt;");
    assertFalse(blocks.includes(DENY_ACTION_ID));
    const vote = h.platform.storage.getItem(ApprovalVotes.name, `deploy-bot|r-1|${U.bob}`);
    assertEquals(vote?.vote, "deny");
    assertEquals(vote?.comment, "Code freeze until Monday <!here>");

    // A later approval cannot overturn the denial.
    await h.click(U.alice, APPROVE_ACTION_ID);
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "denied");
    assertEquals(h.ephemerals(U.dave), ["This request was already decided."]);
  } finally {
    await h.close();
  }
});

Deno.test("Deny opens its form first (trigger_id lives 3 s); a non-approver's submission is refused and recorded", async () => {
  // Latency mode: with hosted-like delays, any read or lookup before views.open would make the
  // trigger_id expire (local/latency_test.ts shows one read and two lookups do).
  const h = await startApproval({}, { latency: true });
  try {
    const before = h.platform.storage.listCalls().length;
    await h.click(U.carol, DENY_ACTION_ID);
    const calls = h.platform.storage.listCalls().slice(before).map((c) => c.method);
    // Nothing may come before views.open: no record read, no group lookup.
    assertEquals(calls, ["views.open"]);
    assertEquals(h.views.length, 1);
    assertEquals(h.views[0].user, U.carol);

    const refused = await h.submitDeny(U.carol, "because");
    const text = "You are not an approver for this request, so you cannot act on it.";
    assertEquals(refused, { response_action: "errors", errors: { [DENY_REASON_BLOCK_ID]: text } });
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    assert(h.logs.some((l) => l.includes("refused deny_submit") && l.includes(U.carol)));
    const events = h.platform.storage.scanItems(ClickEvents.name, 100).items;
    assertEquals(events.map((e) => [e.actor, e.action, e.reason, e.detail, e.result]), [
      [U.carol, "deny_submit", "not_approver", text, "refused"],
    ]);
    assertEquals(events[0].decision_id, "deploy-bot|r-1");
    assertEquals(events[0].execution_id, h.executionId);
  } finally {
    await h.close();
  }
});

Deno.test("a deny reason is stored on one line: newlines and other control characters go", async () => {
  const h = await startApproval();
  try {
    await h.click(U.bob, DENY_ACTION_ID);
    await h.submitDeny(U.bob, "Line one\nline two\r\n\tthree\u0007\u2028four");
    const reason = String(h.platform.storage.getExecution(h.executionId)?.outputs?.denial_reason);
    // deno-lint-ignore no-control-regex -- the point: none are stored
    assertFalse(/[\u0000-\u001f\u007f\u2028\u2029]/.test(reason), JSON.stringify(reason));
    assertStringIncludes(reason, "Line one line two");
  } finally {
    await h.close();
  }
});

Deno.test("a denial after someone else decided does not complete twice", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    await h.click(U.bob, DENY_ACTION_ID);
    await h.click(U.alice, APPROVE_ACTION_ID);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "approved");
    await h.submitDeny(U.bob, "too late");
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "approved");
    assertEquals(h.ephemerals(U.bob), ["This request was already decided."]);
    assertEquals(h.platform.storage.listMessages(W.generalChannelId).length, 1);
    assertStringIncludes(JSON.stringify(h.message()?.blocks), "*Approved*");
  } finally {
    await h.close();
  }
});
