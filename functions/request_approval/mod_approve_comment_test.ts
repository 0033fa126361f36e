import { assert, assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
import { ClickEvents } from "../../datastores/click_events.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { APPROVE_ACTION_ID, APPROVE_COMMENT_ACTION_ID, startApproval, U } from "./_testing.ts";
import {
  APPROVE_COMMENT_BLOCK_ID,
  APPROVE_COMMENT_MAX,
  APPROVE_MODAL_CALLBACK_ID,
} from "./constants.ts";

Deno.test("Approve with comment opens its form first: the click's only Web API call is views.open", async () => {
  const h = await startApproval({ approvals_required: 1 }, { latency: true });
  try {
    const before = h.platform.storage.listCalls().length;
    await h.click(U.carol, APPROVE_COMMENT_ACTION_ID);
    const calls = h.platform.storage.listCalls().slice(before).map((c) => c.method);
    assertEquals(calls, ["views.open"]);
    assertEquals(h.views.length, 1);
    assertEquals(h.views[0].view.callback_id, APPROVE_MODAL_CALLBACK_ID);
    // The one-click Approve button stays.
    assertStringIncludes(JSON.stringify(h.message()?.blocks), APPROVE_ACTION_ID);
  } finally {
    await h.close();
  }
});

Deno.test("submitting the comment form approves, with the comment (one line) in the outputs, on the record and in the message", async () => {
  const h = await startApproval({ approvals_required: 1 }, { latency: true });
  try {
    await h.click(U.bob, APPROVE_COMMENT_ACTION_ID);
    const closed = await h.submitApprove(U.bob, "Ship it\nafter 5pm\u202e <!here>");
    assertEquals(closed, undefined);
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.status, "completed");
    assertEquals(execution?.outputs?.outcome, "approved");
    assertEquals(execution?.outputs?.decided_by, [U.bob]);
    const comment = String(execution?.outputs?.approver_comment);
    assertEquals(comment, "Ship it after 5pm <!here>");
    // Noted on the decision record at click time (the record step then writes the final record).
    const noted = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals(noted?.outcome, "approved");
    assertEquals(noted?.approver_comment, "Ship it after 5pm <!here>");
    assertStringIncludes(
      JSON.stringify(h.message()?.blocks),
      "*Comment:* Ship it after 5pm &lt;!here&gt;",
    );
  } finally {
    await h.close();
  }
});

Deno.test("an empty comment approves like a click; an over-long one is refused in the form", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    await h.click(U.bob, APPROVE_COMMENT_ACTION_ID);
    const long = await h.submitApprove(U.bob, "x".repeat(APPROVE_COMMENT_MAX + 1));
    assertEquals(long, {
      response_action: "errors",
      errors: {
        [APPROVE_COMMENT_BLOCK_ID]: `Keep the comment under ${APPROVE_COMMENT_MAX} characters.`,
      },
    });
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    await h.submitApprove(U.bob, "  \u0000 ");
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.outputs?.outcome, "approved");
    assertEquals(execution?.outputs?.approver_comment, "");
  } finally {
    await h.close();
  }
});

Deno.test("a non-approver's comment submission is refused and recorded; nothing is approved", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    await h.click(U.carol, APPROVE_COMMENT_ACTION_ID);
    const refused = await h.submitApprove(U.carol, "lgtm");
    const text = "You are not an approver for this request, so you cannot act on it.";
    assertEquals(refused, {
      response_action: "errors",
      errors: { [APPROVE_COMMENT_BLOCK_ID]: text },
    });
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    const events = h.platform.storage.scanItems(ClickEvents.name, 100).items;
    assertEquals(events.map((e) => [e.actor, e.action, e.reason, e.result]), [
      [U.carol, "approve_submit", "not_approver", "refused"],
    ]);
    assert(h.logs.some((l) => l.includes("refused approve_submit") && l.includes(U.carol)));
  } finally {
    await h.close();
  }
});

Deno.test("N-of-M: the approving votes' comments are kept as 'U…: text' joined by ' | '", async () => {
  const h = await startApproval({ approvals_required: 2 });
  try {
    await h.click(U.alice, APPROVE_COMMENT_ACTION_ID);
    await h.submitApprove(U.alice, "checked the diff");
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    const vote = h.platform.storage.getItem(ApprovalVotes.name, `deploy-bot|r-1|${U.alice}`);
    assertEquals(vote?.comment, "checked the diff");
    await h.click(U.bob, APPROVE_ACTION_ID);
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.outputs?.outcome, "approved");
    assertEquals(execution?.outputs?.approver_comment, `${U.alice}: checked the diff`);
    assertFalse(String(execution?.outputs?.approver_comment).includes(U.bob));
  } finally {
    await h.close();
  }
});
