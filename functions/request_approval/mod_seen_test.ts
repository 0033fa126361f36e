/**
 * "What you saw is what you approved": every decision stores the digest of the exact approval
 * message the decider acted on, and a click whose message is unknown decides nothing.
 */
import { assert, assertEquals, assertNotEquals, assertStringIncludes } from "@std/assert";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
import { ClickEvents } from "../../datastores/click_events.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { messageDigest } from "../../lib/audit/seen_digest.ts";
import {
  APPROVE_ACTION_ID,
  APPROVE_COMMENT_ACTION_ID,
  DENY_ACTION_ID,
  startApproval,
  U,
} from "./_testing.ts";

Deno.test("each vote and the record carry the digest of the message version its voter saw", async () => {
  const h = await startApproval({ approvals_required: 2 });
  try {
    const first = messageDigest(h.message()!.blocks)!;
    await h.click(U.dave, APPROVE_ACTION_ID);
    // Dave's approval changed the message (progress): Alice sees another version.
    const second = messageDigest(h.message()!.blocks)!;
    assertNotEquals(second, first);
    await h.click(U.alice, APPROVE_ACTION_ID);
    const votes = h.platform.storage.scanItems(ApprovalVotes.name, 100).items;
    const byUser = Object.fromEntries(votes.map((v) => [v.user_id, v.seen_digest]));
    assertEquals(byUser, { [U.dave]: first, [U.alice]: second });
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
    assertEquals(record.decided_by, [U.dave, U.alice]);
    assertEquals(record.seen_digests, [first, second]);
    const outputs = h.platform.storage.getExecution(h.executionId)?.outputs as Record<
      string,
      unknown
    >;
    assertEquals(outputs.seen_digests, [first, second]);
  } finally {
    await h.close();
  }
});

Deno.test("approve with comment and deny record what was seen when the form was opened", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    const seen = messageDigest(h.message()!.blocks)!;
    await h.click(U.alice, DENY_ACTION_ID);
    await h.submitDeny(U.alice, "not during the freeze");
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
    assertEquals([record.outcome, record.seen_digests], ["denied", [seen]]);
  } finally {
    await h.close();
  }
  const a = await startApproval({ approvals_required: 1 });
  try {
    const seen = messageDigest(a.message()!.blocks)!;
    await a.click(U.bob, APPROVE_COMMENT_ACTION_ID);
    await a.submitApprove(U.bob, "ok");
    const record = a.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
    assertEquals([record.outcome, record.seen_digests], ["approved", [seen]]);
  } finally {
    await a.close();
  }
});

Deno.test("a click without the message it was made on decides nothing and is recorded", async () => {
  const h = await startApproval({ approvals_required: 1 });
  try {
    await h.click(U.alice, APPROVE_ACTION_ID, { withMessage: false });
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
    assertEquals([record.status, record.outcome], ["pending", undefined]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    assertStringIncludes(h.ephemerals(U.alice)[0], "Cannot record your approval");
    const refused = h.platform.storage.scanItems(ClickEvents.name, 100).items;
    assert(refused.some((e) => e.reason === "message_unseen" && e.actor === U.alice));
    // With the message, the same approver decides, and what they saw is recorded.
    const seen = messageDigest(h.message()!.blocks);
    await h.click(U.alice, APPROVE_ACTION_ID);
    const decided = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
    assertEquals([decided.outcome, decided.seen_digests], ["approved", [seen]]);
  } finally {
    await h.close();
  }
});
