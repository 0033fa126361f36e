/**
 * Issue #12 finding 1 at the handler level: two copies of one signed request run the approval
 * step at the same time. One copy owns the request (posts the one message, takes decisions); the
 * other ends at once as `replayed`. A Deny on one copy and an Approve on the other, in either
 * order or at the same instant, give one outcome; the refused click is recorded.
 */
import { assert, assertEquals } from "@std/assert";
import { ClickEvents } from "../../datastores/click_events.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { APPROVE_ACTION_ID, DENY_ACTION_ID, type Harness, startCopies, U, W } from "./_testing.ts";

/** Runs two copies; returns [owner, duplicate] and checks the election's visible results. */
async function twoCopies(approvals = 1): Promise<[Harness, Harness]> {
  const copies = await startCopies(2, { approvals_required: approvals });
  const owners = copies.filter((c) => c.result.completed === false);
  const others = copies.filter((c) => c.result.completed !== false);
  try {
    assertEquals(owners.length, 1, JSON.stringify(copies.map((c) => c.result)));
    assertEquals((others[0].result.outputs as Record<string, unknown>).outcome, "replayed");
    const posted = copies[0].platform.storage.listMessages(W.channelId).filter((m) =>
      !m.ephemeral_to
    );
    assertEquals(posted.length, 1, "only the owner posts an approval message");
    const record = copies[0].platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals(record?.approval_execution_id, owners[0].executionId);
  } catch (err) {
    await copies[0].close();
    throw err;
  }
  return [owners[0], others[0]];
}

function outcomeOf(h: Harness) {
  const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
  return { outcome: record?.outcome, decided_by: record?.decided_by };
}

function refusals(h: Harness) {
  return h.platform.storage.scanItems(ClickEvents.name, 100).items.map((e) => [
    e.actor,
    e.action,
    e.reason,
    e.execution_id,
  ]);
}

Deno.test("two copies at once; Deny on one, Approve on the other → one outcome (denied)", async () => {
  const [owner, copy] = await twoCopies();
  try {
    await owner.click(U.bob, DENY_ACTION_ID);
    await owner.submitDeny(U.bob, "Freeze");
    await copy.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(outcomeOf(owner), { outcome: "denied", decided_by: [U.bob] });
    assertEquals(owner.platform.storage.getExecution(copy.executionId)?.status, "running");
    assertEquals(refusals(owner), [[U.dave, "approve", "duplicate_copy", copy.executionId]]);
  } finally {
    await owner.close();
  }
});

Deno.test("two copies at once; Approve on one, Deny on the other → one outcome (approved)", async () => {
  const [owner, copy] = await twoCopies();
  try {
    await owner.click(U.dave, APPROVE_ACTION_ID);
    // The copy's Deny still opens its form (trigger_id first); the submission is refused.
    await copy.click(U.bob, DENY_ACTION_ID);
    const answer = await copy.submitDeny(U.bob, "Freeze") as { errors?: Record<string, string> };
    assert(answer?.errors, "the form shows why");
    assertEquals(outcomeOf(owner), { outcome: "approved", decided_by: [U.dave] });
    assertEquals(refusals(owner), [[U.bob, "deny_submit", "duplicate_copy", copy.executionId]]);
  } finally {
    await owner.close();
  }
});

Deno.test("two copies at once; Deny and Approve at the same instant → one outcome", async () => {
  for (const [denyOn, approveOn] of [["owner", "copy"], ["copy", "owner"]] as const) {
    const [owner, copy] = await twoCopies();
    const on = { owner, copy };
    try {
      await on[denyOn].click(U.bob, DENY_ACTION_ID);
      await Promise.all([
        on[denyOn].submitDeny(U.bob, "Freeze"),
        on[approveOn].click(U.dave, APPROVE_ACTION_ID),
      ]);
      const expected = denyOn === "owner"
        ? { outcome: "denied", decided_by: [U.bob] }
        : { outcome: "approved", decided_by: [U.dave] };
      assertEquals(outcomeOf(owner), expected);
      assertEquals(refusals(owner).length, 1);
      assertEquals(refusals(owner)[0][2], "duplicate_copy");
    } finally {
      await owner.close();
    }
  }
});

Deno.test("two copies, 2 of 3 approvals: only the owner's votes count; the copy's are refused", async () => {
  const [owner, copy] = await twoCopies(2);
  try {
    await owner.click(U.dave, APPROVE_ACTION_ID);
    await copy.click(U.alice, APPROVE_ACTION_ID);
    await copy.click(U.bob, DENY_ACTION_ID);
    await copy.submitDeny(U.bob, "no");
    assertEquals(outcomeOf(owner).outcome, undefined, "still pending: one valid approval");
    await owner.click(U.alice, APPROVE_ACTION_ID);
    assertEquals(outcomeOf(owner), { outcome: "approved", decided_by: [U.dave, U.alice] });
    await copy.click(U.bob, APPROVE_ACTION_ID);
    assertEquals(outcomeOf(owner), { outcome: "approved", decided_by: [U.dave, U.alice] });
    assertEquals(refusals(owner).map((r) => r.slice(0, 3)), [
      [U.alice, "approve", "duplicate_copy"],
      [U.bob, "deny_submit", "duplicate_copy"],
      [U.bob, "approve", "duplicate_copy"],
    ]);
  } finally {
    await owner.close();
  }
});
