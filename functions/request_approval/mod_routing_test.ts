/**
 * Routing by rule on the local platform: the rule's groups replace the bot's approvers, its
 * channel replaces the bot's, and a two-group sign-off is not decided by one group alone.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { Decisions } from "../../datastores/decisions.ts";
import type { TestPlatform } from "../../local/testing.ts";
import { APPROVE_ACTION_ID, startApproval, U, W } from "./_testing.ts";

const SRE = "S0SRE000001";
const SEC = "S0SEC000001";

function seedGroups(
  platform: TestPlatform,
  security: string[] = [U.bob],
  sre: string[] = [U.alice, U.dave],
) {
  platform.storage.putUsergroup({ id: SRE, handle: "sre", name: "SRE", users: sre });
  platform.storage.putUsergroup({ id: SEC, handle: "security", name: "Security", users: security });
}

const routed = {
  approvals_required: 2,
  approver_groups: `${SRE}:1, ${SEC}:1`,
  rule_approval_channel: W.generalChannelId,
  triggered_by: "release-pipeline",
};

Deno.test("two-group sign-off: one group alone is not enough; one from each decides", async () => {
  const h = await startApproval(routed, { seed: (p) => seedGroups(p) });
  try {
    const record = () => h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    // The rule's channel, not the bot's, carries the request.
    assertEquals(h.platform.storage.listMessages(W.channelId).length, 0);
    const first = h.message()!;
    assertStringIncludes(JSON.stringify(first.blocks), `<!subteam^${SRE}>: 0 of 1`);
    assertEquals([record()?.approver_groups, record()?.groups_required], [
      `${SRE}:1, ${SEC}:1`,
      2,
    ]);

    await h.click(U.alice, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.alice), [
      `Your approval is recorded (1 of 2; waiting for sign-off from ${SEC}).`,
    ]);
    // A second SRE approval makes two approvals, but Security has not signed off.
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.dave), [
      `Your approval is recorded (2 of 2; waiting for sign-off from ${SEC}).`,
    ]);
    assertEquals(record()?.outcome, undefined);
    const shown = JSON.stringify(h.message()!.blocks);
    assertStringIncludes(shown, `:white_check_mark: <!subteam^${SRE}>: 1 of 1 (<@${U.alice}>`);
    assertStringIncludes(shown, `:hourglass_flowing_sand: <!subteam^${SEC}>: 0 of 1`);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");

    // Carol is in neither group (the bot's own approver list no longer applies either).
    await h.click(U.carol, APPROVE_ACTION_ID);
    assertStringIncludes(h.ephemerals(U.carol)[0], "You are not an approver");

    await h.click(U.bob, APPROVE_ACTION_ID);
    assertEquals([record()?.outcome, record()?.decided_by], ["approved", [U.alice, U.bob]]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "completed");
  } finally {
    await h.close();
  }
});

Deno.test("the bot's listed approvers do not count under a rule's groups", async () => {
  // Dave is the bot's listed approver and alice/bob its group; the rule names SEC only.
  const h = await startApproval({
    ...routed,
    approvals_required: 1,
    approver_groups: SEC,
  }, { seed: (p) => seedGroups(p, [U.carol]) });
  try {
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertStringIncludes(h.ephemerals(U.dave)[0], "You are not an approver");
    await h.click(U.carol, APPROVE_ACTION_ID);
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals([record?.outcome, record?.decided_by], ["approved", [U.carol]]);
  } finally {
    await h.close();
  }
});

Deno.test("a sign-off the groups cannot meet is denied at once, with the reason", async () => {
  // Security's only member is also in SRE: one person cannot stand for both groups.
  const h = await startApproval(routed, { seed: (p) => seedGroups(p, [U.alice], [U.alice]) });
  try {
    assertEquals(
      h.result.outputs && (h.result.outputs as Record<string, unknown>).outcome,
      "denied",
    );
    const why = String((h.result.outputs as Record<string, unknown>).denial_reason);
    assertStringIncludes(why, "Cannot request approval: the sign-off (1 from S0SRE000001 and 1");
    assertStringIncludes(why, "a person counts for one group");
    assertEquals(h.message(), undefined);
  } finally {
    await h.close();
  }
});

Deno.test("unreadable approver groups fail closed", async () => {
  const h = await startApproval({ ...routed, approver_groups: "sre-team" }, {
    seed: (p) => seedGroups(p),
  });
  try {
    const outputs = h.result.outputs as Record<string, unknown>;
    assertEquals(outputs.outcome, "denied");
    assertStringIncludes(String(outputs.denial_reason), 'approver group "sre-team" is not a Slack');
  } finally {
    await h.close();
  }
});

Deno.test("any 1 of 2 groups: the group that completes its count decides", async () => {
  const h = await startApproval({
    ...routed,
    approvals_required: 1,
    approver_groups: `${SRE}:2, ${SEC}:1`,
    groups_required: 1,
  }, { seed: (p) => seedGroups(p) });
  try {
    assertStringIncludes(JSON.stringify(h.message()!.blocks), "*Sign-off:* any 1 of 2 groups");
    // One SRE approval is half of SRE's count; Security's one approval completes its group.
    await h.click(U.alice, APPROVE_ACTION_ID);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    await h.click(U.bob, APPROVE_ACTION_ID);
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals([record?.outcome, record?.decided_by], ["approved", [U.bob]]);
  } finally {
    await h.close();
  }
});
