/**
 * Routing by rule, end to end on the local platform: a policy rule names two approver groups and
 * its own channel; a signed production request is posted there, approvals from one group do not
 * decide it, and one approval from each group does.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { buildStatement } from "../lib/attest/mod.ts";
import { clickButton, decisionOf, lastMessage, sendRequest, startApp } from "./_app.ts";

const SRE = "S0SRE00001";
const SEC = "S0SEC00001";

Deno.test("a two-group rule: one group alone is not enough, one from each decides", async () => {
  const platform = await startApp();
  try {
    const demo = platform.demo!;
    const users = demo.users as Record<string, string>;
    const channels = demo.channels as Record<string, string>;
    const s = platform.storage;
    s.putUsergroup({
      id: SRE,
      handle: "sre",
      name: "SRE",
      users: [users.approver1, users.outsider],
    });
    s.putUsergroup({ id: SEC, handle: "security", name: "Security", users: [users.approver2] });
    s.putItem("policies", "prod-two-groups", {
      id: "prod-two-groups",
      position: 1,
      name: "Prod: SRE and Security",
      environment_pattern: "production",
      effect: "require_approval",
      approvals_required: 2,
      approver_groups: `${SRE}:1, ${SEC}:1`,
      approval_channel: channels.deployWatch,
      enabled: true,
    });

    const body = await sendRequest(platform);
    assertEquals(lastMessage(platform, channels.approvals), undefined);
    const posted = JSON.stringify(lastMessage(platform, channels.deployWatch)!.blocks);
    assertStringIncludes(posted, `<!subteam^${SRE}>: 0 of 1`);
    assertStringIncludes(posted, `<!subteam^${SEC}>: 0 of 1`);

    const approve = /^countersign_approve$/;
    await clickButton(platform, channels.deployWatch, users.approver1, approve);
    await clickButton(platform, channels.deployWatch, users.outsider, approve);
    // Two SRE approvals: the count of two is met, Security's sign-off is not.
    assertEquals(decisionOf(platform, body.request_id)?.status, "pending");
    assertEquals(platform.storage.listRuns(1)[0].status, "running");
    const progress = JSON.stringify(lastMessage(platform, channels.deployWatch)!.blocks);
    assertStringIncludes(progress, `:white_check_mark: <!subteam^${SRE}>: 1 of 1`);
    assertStringIncludes(progress, `:hourglass_flowing_sand: <!subteam^${SEC}>: 0 of 1`);

    await clickButton(platform, channels.deployWatch, users.approver2, approve);
    assertEquals(platform.storage.listRuns(1)[0].status, "completed");
    const record = decisionOf(platform, body.request_id)!;
    assertEquals([record.outcome, record.decided_by], [
      "approved",
      [users.approver1, users.approver2],
    ]);
    assertEquals([record.approver_groups, record.groups_required, record.policy_id], [
      `${SRE}:1, ${SEC}:1`,
      2,
      "prod-two-groups",
    ]);
    const policy = buildStatement(record, { appKeyId: "test" }).predicate.policy;
    assertEquals([policy.approverGroups, policy.groupsRequired], [`${SRE}:1, ${SEC}:1`, 2]);
  } finally {
    await platform.close();
  }
});
