import { assertEquals, assertStringIncludes } from "@std/assert";
import { applyPolicyInput, describeDryRun, placeRule, policyIdFor } from "./policy.ts";

const rules = [
  { id: "a", position: 10, effect: "deny", environment_pattern: "prod" },
  { id: "b", position: 20, effect: "auto_approve" },
  { id: "c", position: 30, effect: "require_approval", approvals_required: 2 },
];

Deno.test("placeRule moves a rule and renumbers only what changed", () => {
  assertEquals(placeRule(rules, "c", 1).map((r) => [r.id, r.position]), [
    ["c", 10],
    ["a", 20],
    ["b", 30],
  ]);
  assertEquals(placeRule(rules, "b", 2), []);
  assertEquals(placeRule(rules, "a", 99).map((r) => r.id), ["b", "c", "a"]);
  assertEquals(placeRule(rules, "zzz", 1), []);
});

Deno.test("policyIdFor makes a slug unique among taken ids", () => {
  assertEquals(policyIdFor("Prod: needs TWO!", new Set()), "prod-needs-two");
  assertEquals(policyIdFor("x", new Set(["x", "x-2"])), "x-3");
  assertEquals(policyIdFor("¡¡", new Set()), "rule");
});

Deno.test("applyPolicyInput: defaults for a new rule, approvals only for require_approval", () => {
  const added = applyPolicyInput({ id: "n" }, { name: "N", effect: "require_approval" }, true);
  assertEquals(added.ok && added.item, {
    id: "n",
    name: "N",
    service_pattern: "*",
    action_pattern: "*",
    resource_pattern: "*",
    environment_pattern: "*",
    conditions: "",
    effect: "require_approval",
    approvals_required: 1,
    enabled: true,
  });
  const edited = applyPolicyInput(rules[2], { effect: "deny" }, false);
  assertEquals(edited.ok && edited.item.approvals_required, 0);
});

Deno.test("describeDryRun explains the deciding rule and the bot's own checks", () => {
  const bot = {
    id: "ci",
    status: "active" as const,
    allowed_actions: ["*"],
    allowed_resources: ["*"],
    allowed_environments: ["*"],
  };
  const request = { service_id: "ci", action: "deploy", resource: "r", environment: "prod" };
  const denied = describeDryRun(rules, request, bot);
  assertEquals([denied.effect, denied.ruleId], ["deny", "a"]);
  assertStringIncludes(denied.text, "Outcome: denied automatically.");
  const off = describeDryRun(rules, request, { ...bot, status: "disabled" });
  assertEquals(off.effect, "rejected");
  assertStringIncludes(off.text, "(service_disabled)");
});
