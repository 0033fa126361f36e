import { assert, assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
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

Deno.test("a non-approver cannot open the deny modal nor submit a denial", async () => {
  const h = await startApproval();
  try {
    await h.click(U.carol, DENY_ACTION_ID);
    assertEquals(h.views.length, 0);
    assertEquals(h.ephemerals(U.carol), [
      "You are not an approver for this request, so you cannot act on it.",
    ]);
    assert(h.logs.some((l) => l.includes("refused deny") && l.includes(U.carol)));

    // Even with a modal opened by an approver, carol's submission is refused.
    await h.click(U.bob, DENY_ACTION_ID);
    const refused = await h.submitDeny(U.carol, "because");
    assertEquals(refused, {
      response_action: "errors",
      errors: {
        [DENY_REASON_BLOCK_ID]:
          "You are not an approver for this request, so you cannot act on it.",
      },
    });
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
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
