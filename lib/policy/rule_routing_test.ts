import { assertEquals, assertStringIncludes } from "@std/assert";
import { evaluatePolicies, type PolicyRule, type PolicySubject } from "./evaluate.ts";

const request: PolicySubject = {
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
};

const routed = (extra: Partial<PolicyRule>): PolicyRule => ({
  id: "prod",
  position: 10,
  name: "Prod needs SRE and Security",
  effect: "require_approval",
  environment_pattern: "production",
  ...extra,
});

Deno.test("a rule routes to its own groups and channel; the sign-off sets the count", () => {
  const result = evaluatePolicies(
    [routed({ approver_groups: "S0SRE, S0SEC", approval_channel: "C0PROD" })],
    request,
    1,
  );
  assertEquals(result.approvals_required, 2);
  assertEquals(result.routing?.approver_groups, "S0SRE:1, S0SEC:1");
  assertEquals([result.routing?.groups_required, result.routing?.approval_channel], [2, "C0PROD"]);
  assertStringIncludes(
    result.explanation,
    "routed by the rule (sign-off: 1 from S0SRE and 1 from S0SEC, channel C0PROD)",
  );
});

Deno.test("a rule raises the bot's minimum but never lowers it, with groups too", () => {
  const groups = { approver_groups: "S0SRE, S0SEC" };
  // The bot asks for 3: the two-group sign-off still needs 3 people in all.
  assertEquals(evaluatePolicies([routed(groups)], request, 3).approvals_required, 3);
  assertEquals(
    evaluatePolicies([routed({ ...groups, approvals_required: 1 })], request, 3)
      .approvals_required,
    3,
  );
  assertEquals(
    evaluatePolicies([routed({ ...groups, approvals_required: 4 })], request, 1)
      .approvals_required,
    4,
  );
});

Deno.test("any N of M needs the smallest completion; other effects route nothing", () => {
  const any = evaluatePolicies(
    [routed({ approver_groups: "S0SRE:2, S0SEC:1, S0DBA:3", groups_required: 2 })],
    request,
    1,
  );
  assertEquals(any.approvals_required, 3);
  assertStringIncludes(any.explanation, "any 2 of: 2 from S0SRE; 1 from S0SEC; 3 from S0DBA");
  const auto = evaluatePolicies(
    [routed({ effect: "auto_approve", approver_groups: "S0SRE", approval_channel: "C0PROD" })],
    request,
  );
  assertEquals([auto.effect, auto.routing], ["auto_approve", undefined]);
});

Deno.test("a rule with unreadable routing is invalid: the bot's approvers, never fewer", () => {
  for (
    const [extra, message] of [
      [{ approver_groups: "sre" }, 'approver group "sre" is not a Slack user group id'],
      [{ approver_groups: "S0SRE", groups_required: 2 }, 'groups required "2"'],
      [{ approval_channel: "#prod" }, 'approval channel "#prod" is not a Slack channel id'],
    ] as [Partial<PolicyRule>, string][]
  ) {
    const result = evaluatePolicies([routed(extra)], request, 2);
    assertEquals([result.effect, result.approvals_required], ["require_approval", 2]);
    assertEquals(result.routing, undefined);
    assertStringIncludes(result.explanation, "is invalid");
    assertStringIncludes(result.explanation, message);
  }
});
