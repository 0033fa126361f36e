/** Routing by rule through the admin forms: add, edit, dry run, and specific refusals. */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminAddPolicyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { AdminEditPolicyFunction } from "../admin_edit_policy/definition.ts";
import editHandler from "../admin_edit_policy/mod.ts";
import { AdminDryRunPolicyFunction } from "../admin_dry_run_policy/definition.ts";
import dryRunHandler from "../admin_dry_run_policy/mod.ts";
import { order, plain, seedPolicies, W, withAdminPlatform } from "../_shared/_testing.ts";

const rule = (extra: Record<string, unknown> = {}) => ({
  actor: W.users.alice,
  name: "Prod needs SRE and Security",
  environment_pattern: "production",
  effect: "require_approval",
  approver_groups: "S0SRE, S0SEC",
  approval_channel: "C0PRODAPPR",
  position: 1,
  ...extra,
});

Deno.test("an added rule keeps its groups and channel; the dry run shows the routing", () =>
  withAdminPlatform(AdminAddPolicyFunction, handler, async ({ run, item, platform }) => {
    seedPolicies(platform);
    const { outputs } = await run(rule());
    assertEquals(outputs.ok, true, plain(outputs.summary));
    const added = item("policies", "prod-needs-sre-and-security")!;
    assertEquals(
      [added.approver_groups, added.groups_required, added.approval_channel],
      ["S0SRE:1, S0SEC:1", undefined, "C0PRODAPPR"],
    );
    // The sign-off needs two people, so the rule asks for two.
    assertEquals(added.approvals_required, 2);
    let text = "";
    await withAdminPlatform(AdminDryRunPolicyFunction, dryRunHandler, async (t) => {
      t.platform.storage.putItem("policies", String(added.id), added);
      const dry = await t.run({
        actor: W.users.alice,
        service_id: "ci-bot",
        action: "deploy",
        resource: "api-gateway",
        environment: "production",
      });
      text = plain(dry.outputs.summary);
    });
    assertStringIncludes(text, "Outcome: needs 2 approvals");
    assertStringIncludes(
      text,
      "Routing: sign-off by 1 from S0SRE and 1 from S0SEC (members of the rule's groups only), " +
        "in channel C0PRODAPPR (the rule's).",
    );
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  ["not a group id", { approver_groups: "sre-team" }, 'approver group "sre-team" is not a Slack'],
  ["bad count", { approver_groups: "S0SRE:0" }, 'the count "0" must be a whole number'],
  ["group twice", { approver_groups: "S0SRE, S0SRE:2" }, 'name "S0SRE" twice'],
  ["too many groups required", { groups_required: 3 }, 'groups required "3" must be'],
  ["groups required alone", {
    approver_groups: "",
    groups_required: 1,
  }, 'groups required "1" needs approver groups'],
  ["bad channel", { approval_channel: "#prod" }, 'approval channel "#prod" is not a Slack channel'],
  ["routing on auto-approve", {
    effect: "auto_approve",
  }, 'only apply to effect "require_approval", not "auto_approve"'],
  ["fewer than the sign-off", {
    approvals_required: 1,
  }, 'approvals required "1" is fewer than the 2 people the sign-off needs'],
];
for (const [name, change, message] of INVALID) {
  Deno.test(`adding a routed rule refused: ${name}`, () =>
    withAdminPlatform(AdminAddPolicyFunction, handler, async ({ run, events, platform }) => {
      seedPolicies(platform);
      const { outputs } = await run(rule(change));
      assertEquals(outputs.ok, false);
      const text = plain(outputs.summary);
      assertStringIncludes(text, "Cannot add policy rule: ");
      assertStringIncludes(text, message);
      assertEquals(order(platform).length, 2);
      assertEquals(events()[0].result, "invalid");
    }));
}

Deno.test("an edit sets any N of M, changes the channel, and `none` removes routing", () =>
  withAdminPlatform(AdminEditPolicyFunction, editHandler, async ({ run, item, platform }) => {
    seedPolicies(platform);
    const edit = (extra: Record<string, unknown>) =>
      run({ actor: W.users.alice, policy_id: "prod-two", ...extra });
    let res = await edit({ approver_groups: "S0SRE, S0SEC, S0DBA", groups_required: 2 });
    assertEquals(res.outputs.ok, true, plain(res.outputs.summary));
    let rule = item("policies", "prod-two")!;
    assertEquals([rule.approver_groups, rule.groups_required, rule.approvals_required], [
      "S0SRE:1, S0SEC:1, S0DBA:1",
      2,
      2,
    ]);
    res = await edit({ groups_required: 4 });
    assertStringIncludes(plain(res.outputs.summary), 'groups required "4" must be a whole number');
    res = await edit({ effect: "deny" });
    assertStringIncludes(plain(res.outputs.summary), 'set them to "none" first');
    res = await edit({ approver_groups: "none", approval_channel: "C0OTHER01" });
    assertEquals(res.outputs.ok, true, plain(res.outputs.summary));
    rule = item("policies", "prod-two")!;
    assertEquals([rule.approver_groups, rule.groups_required, rule.approval_channel], [
      undefined,
      undefined,
      "C0OTHER01",
    ]);
  }));
