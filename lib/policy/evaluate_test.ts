import { assertEquals, assertStringIncludes } from "@std/assert";
import { evaluatePolicies, type PolicyRule, type PolicySubject, sortRules } from "./evaluate.ts";

const request: PolicySubject = {
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  conditions: "ci_status=passed&tests=green",
};

function rule(id: string, position: number, extra: Partial<PolicyRule>): PolicyRule {
  return { id, position, name: `rule ${id}`, effect: "auto_approve", enabled: true, ...extra };
}

Deno.test("no rules: require_approval with 1 approval, never auto-approve", () => {
  const result = evaluatePolicies([], request);
  assertEquals(result.effect, "require_approval");
  assertEquals(result.approvals_required, 1);
  assertEquals(result.rule, undefined);
  assertStringIncludes(result.explanation, "No enabled rule matched (0 checked)");
});

Deno.test("the default uses the service's approvals when it is a positive integer", () => {
  assertEquals(evaluatePolicies([], request, 3).approvals_required, 3);
  for (const bad of [0, -2, 1.5, NaN, undefined]) {
    assertEquals(evaluatePolicies([], request, bad).approvals_required, 1, String(bad));
  }
});

Deno.test("first match by position wins, whatever the input order", () => {
  const rules = [
    rule("c", 30, { effect: "deny" }),
    rule("a", 10, { action_pattern: "build" }),
    rule("b", 20, {
      effect: "require_approval",
      approvals_required: 2,
      environment_pattern: "prod*",
    }),
  ];
  const result = evaluatePolicies(rules, request);
  assertEquals(result.rule?.id, "b");
  assertEquals(result.effect, "require_approval");
  assertEquals(result.approvals_required, 2);
  assertStringIncludes(result.explanation, 'Rule "rule b" (id "b", position 20) matched');
  assertStringIncludes(result.explanation, "require 2 approvals");
  assertEquals(evaluatePolicies(rules.toReversed(), request).rule?.id, "b");
});

Deno.test("every pattern must match", () => {
  const patterns = ["service_pattern", "action_pattern", "resource_pattern", "environment_pattern"];
  for (const attribute of patterns) {
    const rules = [
      rule("miss", 1, { [attribute]: "nope" }),
      rule("fallback", 2, { effect: "deny" }),
    ];
    assertEquals(evaluatePolicies(rules, request).rule?.id, "fallback", attribute);
  }
  const all = rule("all", 1, {
    service_pattern: "ci-*",
    action_pattern: "deploy",
    resource_pattern: "api-server#?52",
    environment_pattern: "production",
  });
  const result = evaluatePolicies([all], request);
  assertEquals([result.effect, result.approvals_required], ["auto_approve", 0]);
  assertStringIncludes(result.explanation, 'resource ~ "api-server#?52"');
});

Deno.test("missing or empty patterns match anything", () => {
  const result = evaluatePolicies(
    [rule("any", 1, { service_pattern: "", effect: "deny" })],
    request,
  );
  assertEquals([result.effect, result.rule?.id, result.approvals_required], ["deny", "any", 0]);
});

Deno.test("every rule condition must be present in the request with the same value", () => {
  const needs = (conditions: string) => [
    rule("cond", 1, { conditions }),
    rule("else", 2, { effect: "deny" }),
  ];
  assertEquals(evaluatePolicies(needs("ci_status=passed"), request).rule?.id, "cond");
  assertEquals(evaluatePolicies(needs("tests=green&ci_status=passed"), request).rule?.id, "cond");
  assertEquals(evaluatePolicies(needs("ci_status=failed"), request).rule?.id, "else");
  assertEquals(evaluatePolicies(needs("ci_status=passed&lint=ok"), request).rule?.id, "else");
  assertEquals(evaluatePolicies(needs("ci_status=Passed"), request).rule?.id, "else");
  const bare = { ...request, conditions: "" };
  assertEquals(evaluatePolicies(needs("ci_status=passed"), bare).rule?.id, "else");
  // Extra request conditions do not prevent a match.
  assertEquals(evaluatePolicies(needs(""), request).rule?.id, "cond");
});

Deno.test("disabled rules are skipped; a missing flag means enabled", () => {
  const rules = [
    rule("off", 1, { enabled: false, effect: "auto_approve" }),
    { ...rule("implicit", 2, { effect: "deny" }), enabled: undefined },
  ];
  assertEquals(evaluatePolicies(rules, request).rule?.id, "implicit");
  const result = evaluatePolicies([rules[0]], request);
  assertEquals([result.effect, result.rule], ["require_approval", undefined]);
  assertStringIncludes(result.explanation, "(0 checked)");
});

Deno.test("require_approval without a count falls back to the service, then 1", () => {
  const rules = [rule("r", 1, { effect: "require_approval" })];
  assertEquals(evaluatePolicies(rules, request, 2).approvals_required, 2);
  assertEquals(evaluatePolicies(rules, request).approvals_required, 1);
  assertStringIncludes(evaluatePolicies(rules, request).explanation, "require 1 approval");
});

Deno.test("a rule's count can raise the bot's approvals_required, never lower it", () => {
  const one = [rule("one", 1, { effect: "require_approval", approvals_required: 1 })];
  const three = [rule("three", 1, { effect: "require_approval", approvals_required: 3 })];
  // Finding 6: a rule asking for 1 silently lowered a bot that requires 2.
  const lowered = evaluatePolicies(one, request, 2);
  assertEquals(lowered.approvals_required, 2);
  assertStringIncludes(
    lowered.explanation,
    "require 2 approvals (the rule asks for 1; the bot's minimum of 2 applies)",
  );
  assertEquals(evaluatePolicies(three, request, 2).approvals_required, 3);
  assertEquals(evaluatePolicies(three, request, 5).approvals_required, 5);
  assertEquals(evaluatePolicies(one, request, 1).explanation.includes("minimum"), false);
  // An invalid rule reached asks for at least the bot's minimum too.
  const invalid = [rule("bad", 1, { effect: "allow", approvals_required: 1 })];
  assertEquals(evaluatePolicies(invalid, request, 4).approvals_required, 4);
});

Deno.test("a reached invalid rule stops evaluation with require_approval", () => {
  const broken = [
    rule("bad-pattern", 1, { action_pattern: " deploy" }),
    rule("bad-effect", 1, { effect: "allow" }),
    rule("bad-conditions", 1, { conditions: "a=1&&b" }),
  ];
  for (const bad of broken) {
    const result = evaluatePolicies([bad, rule("later", 2, { effect: "auto_approve" })], request);
    assertEquals([result.effect, result.rule?.id], ["require_approval", bad.id]);
    assertStringIncludes(result.explanation, "is invalid");
    assertEquals(result.approvals_required, 1);
  }
  // An invalid rule after the deciding one is never reached.
  const fine = evaluatePolicies([rule("ok", 0, { effect: "deny" }), broken[0]], request);
  assertEquals(fine.rule?.id, "ok");
});

Deno.test("unreadable request conditions require approval", () => {
  const result = evaluatePolicies([rule("auto", 1, {})], { ...request, conditions: "x" });
  assertEquals([result.effect, result.rule], ["require_approval", undefined]);
  assertStringIncludes(result.explanation, "conditions are unreadable");
});

Deno.test("sortRules orders by position, missing positions last, ties by id", () => {
  const rules: PolicyRule[] = [
    { id: "z" },
    { id: "b", position: 2 },
    { id: "a", position: 2 },
    { id: "first", position: -1 },
  ];
  assertEquals(sortRules(rules).map((r) => r.id), ["first", "a", "b", "z"]);
  assertEquals(rules[0].id, "z", "input not mutated");
});

Deno.test("explanations quote rule names safely", () => {
  const named = rule("n", 1, { name: "<!channel> *bold*\n", effect: "deny" });
  assertStringIncludes(evaluatePolicies([named], request).explanation, '"<!channel> *bold*\\n"');
});
