import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { evaluatePolicies, type PolicyRule, ruleProblem } from "./evaluate.ts";
import { decodeFacts, encodeFacts, type Fact, verifiedConditionProblem } from "./facts.ts";
import { localTime, observedFacts, oidcClaimFacts, parseFreezeWindows } from "./observed.ts";
import { mayHitProtected } from "./protect.ts";

const request = {
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  conditions: "ci_status=passed",
};

function rule(conditions: string, extra: Partial<PolicyRule> = {}): PolicyRule {
  return { id: "r", position: 1, name: "green", effect: "auto_approve", conditions, ...extra };
}

const oidc = oidcClaimFacts(
  { repository: "acme/api", ref: "refs/heads/main", run_id: 42, nested: { a: 1 } },
  "https://token.actions.githubusercontent.com",
);

// Wednesday 2026-12-02 13:30 UTC.
const WEDNESDAY = Date.parse("2026-12-02T13:30:00Z");

Deno.test("a compromised bot asserting ci_status=passed for production is sent to humans", () => {
  const result = evaluatePolicies([rule("ci_status=passed")], request, 1);
  assertEquals([result.effect, result.approvals_required], ["require_approval", 1]);
  assertStringIncludes(result.protected_reason!, '"production" is a protected environment');
  assertStringIncludes(result.explanation, "only asserted by the caller");
  assertEquals(result.facts, [
    { name: "ci_status", value: "passed", source: "asserted", by: "the caller" },
  ]);
  // The same rule still auto-approves where nothing is protected.
  assertEquals(
    evaluatePolicies([rule("ci_status=passed")], { ...request, environment: "staging" })
      .effect,
    "auto_approve",
  );
  // Protection is configurable: staging protected, production not.
  const staging = evaluatePolicies(
    [rule("ci_status=passed")],
    { ...request, environment: "staging" },
    1,
    {
      protectedEnvironments: ["stag*"],
    },
  );
  assertEquals(staging.effect, "require_approval");
  assertEquals(
    evaluatePolicies([rule("ci_status=passed")], request, 1, { protectedEnvironments: [] }).effect,
    "auto_approve",
  );
});

Deno.test("a rule requiring verified OIDC claims auto-approves production with those claims", () => {
  const r = rule("oidc.repository=acme/api&oidc.ref=refs/heads/main&ci_status=passed");
  const result = evaluatePolicies([r], request, 1, { verified: oidc });
  assertEquals(result.effect, "auto_approve");
  assertEquals(result.facts.map((f) => [f.name, f.value, f.source]), [
    ["oidc.repository", "acme/api", "verified"],
    ["oidc.ref", "refs/heads/main", "verified"],
    ["ci_status", "passed", "asserted"],
  ]);
  assertStringIncludes(result.facts[0].by!, "OIDC token signed by https://token.actions");
  // Another branch does not match; numbers are compared as text.
  const other = oidcClaimFacts({ repository: "acme/api", ref: "refs/heads/dev" }, "iss");
  assertEquals(evaluatePolicies([r], request, 1, { verified: other }).effect, "require_approval");
  assertEquals(
    evaluatePolicies([rule("oidc.run_id=42")], request, 1, { verified: oidc }).effect,
    "auto_approve",
  );
  assertEquals(oidc.some((f) => f.name === "oidc.nested"), false);
});

Deno.test("the caller cannot assert a verified fact", () => {
  const forged = { ...request, conditions: "oidc.repository=acme/api&oidc.ref=refs/heads/main" };
  const result = evaluatePolicies(
    [rule("oidc.repository=acme/api&oidc.ref=refs/heads/main")],
    forged,
  );
  assertEquals(result.effect, "require_approval");
  assertEquals(result.rule, undefined);
  // Facts handed in as "asserted" do not count either.
  const asserted: Fact[] = [{ name: "oidc.ref", value: "refs/heads/main", source: "asserted" }];
  assertEquals(
    evaluatePolicies([rule("oidc.ref=refs/heads/main")], request, 1, { verified: asserted }).rule,
    undefined,
  );
});

Deno.test("time windows and weekdays match Countersign's clock in the configured zone", () => {
  assertEquals(localTime(WEDNESDAY, "UTC"), { weekday: "wed", hours: "13:30" });
  assertEquals(localTime(WEDNESDAY, "Asia/Tokyo"), { weekday: "wed", hours: "22:30" });
  const at = (now: number, zone = "UTC") => ({ verified: observedFacts(now, zone, []) });
  const office = rule("time.weekday=mon-fri&time.hours=09:00-17:00", {
    environment_pattern: "staging",
  });
  const staging = { ...request, environment: "staging" };
  assertEquals(evaluatePolicies([office], staging, 1, at(WEDNESDAY)).effect, "auto_approve");
  assertEquals(
    evaluatePolicies([office], staging, 1, at(WEDNESDAY, "Asia/Tokyo")).effect,
    "require_approval",
  );
  const saturday = Date.parse("2026-12-05T10:00:00Z");
  assertEquals(evaluatePolicies([office], staging, 1, at(saturday)).effect, "require_approval");
  const night = rule("time.hours=22:00-06:00&time.weekday=fri-mon");
  assertEquals(
    evaluatePolicies([night], staging, 1, at(Date.parse("2026-12-06T23:10:00Z"))).effect,
    "auto_approve",
  );
  assertEquals(
    evaluatePolicies([night], staging, 1, at(Date.parse("2026-12-06T21:59:00Z"))).effect,
    "require_approval",
  );
  // Without the clock's facts, a time condition never matches.
  assertEquals(evaluatePolicies([office], staging).effect, "require_approval");
  const result = evaluatePolicies([office], staging, 1, at(WEDNESDAY));
  assertEquals(result.facts[1], {
    name: "time.hours",
    value: "13:30",
    source: "verified",
    by: "Countersign's clock (UTC)",
    wanted: "09:00-17:00",
  });
});

Deno.test("a declared freeze window is a verified fact", () => {
  const parsed = parseFreezeWindows(
    "holidays=2026-12-20T00:00Z/2027-01-04T00:00+01:00; q4=2026-11-01T00:00Z/2026-11-02T00:00Z",
  );
  assert(parsed.ok);
  const freeze = rule("freeze.active=true", { effect: "deny", id: "frozen" });
  const open = rule("", { id: "open", position: 2 });
  const staging = { ...request, environment: "staging" };
  const during = observedFacts(Date.parse("2026-12-24T12:00:00Z"), "UTC", parsed.windows);
  const result = evaluatePolicies([freeze, open], staging, 1, { verified: during });
  assertEquals([result.effect, result.rule?.id], ["deny", "frozen"]);
  assertStringIncludes(result.facts[0].by!, 'freeze window "holidays"');
  const after = observedFacts(Date.parse("2027-01-05T12:00:00Z"), "UTC", parsed.windows);
  assertEquals(evaluatePolicies([freeze, open], staging, 1, { verified: after }).rule?.id, "open");
  // An unreadable freeze setting gives no fact: neither freeze.active=true nor =false matches.
  const unknown = observedFacts(WEDNESDAY, "UTC", undefined);
  assertEquals(unknown.some((f) => f.name === "freeze.active"), false);
  for (
    const [text, why] of [
      ["x=2026-12-20/2027-01-04", "is not an instant"],
      ["x=2026-12-20T00:00/2027-01-04T00:00", "is not an instant"],
      ["x=2027-01-04T00:00Z/2026-12-20T00:00Z", "ends before it starts"],
      ["bad name=2026-12-20T00:00Z/2027-01-04T00:00Z", "name=START/END"],
    ]
  ) {
    const bad = parseFreezeWindows(text);
    assertEquals(bad.ok, false, text);
    if (!bad.ok) assertStringIncludes(bad.error, why);
  }
});

Deno.test("rule conditions on verified facts are checked with specific messages", () => {
  const cases: [string, string, string][] = [
    [
      "time.weekday",
      "someday",
      'Cannot use condition "time.weekday=someday": "someday" is not a day',
    ],
    ["time.hours", "9-17", "write the hours as HH:MM-HH:MM"],
    ["time.hours", "09:00-09:00", "the window is empty"],
    ["freeze.active", "yes", 'use "true" or "false"'],
    ["time.month", "12", '"time.month" is no verified fact'],
    ["oidc.", "x", "name the claim"],
  ];
  for (const [key, value, why] of cases) {
    assertStringIncludes(verifiedConditionProblem(key, value) ?? "", why, `${key}=${value}`);
  }
  assertEquals(verifiedConditionProblem("ci_status", "anything"), undefined);
  assertStringIncludes(ruleProblem(rule("time.hours=25:00-26:00"))!, "HH:MM-HH:MM");
  // An invalid rule stops evaluation with require_approval rather than being skipped.
  assertEquals(evaluatePolicies([rule("time.weekday=funday")], request).effect, "require_approval");
});

Deno.test("the overview flags auto-approve rules that can no longer decide in protected environments", () => {
  assertStringIncludes(mayHitProtected(rule("ci_status=passed"))!, "cannot auto-approve");
  assertStringIncludes(
    mayHitProtected(rule("ci_status=passed", { environment_pattern: "prod*" }))!,
    "production",
  );
  assertEquals(
    mayHitProtected(rule("ci_status=passed", { environment_pattern: "staging" })),
    undefined,
  );
  assertEquals(mayHitProtected(rule("oidc.repository=acme/api&ci_status=passed")), undefined);
  assertEquals(mayHitProtected(rule("")), undefined);
  assertEquals(mayHitProtected(rule("ci_status=passed", { effect: "deny" })), undefined);
});

Deno.test("facts round-trip as bounded JSON; junk decodes to nothing", () => {
  const facts: Fact[] = [
    { name: "oidc.ref", value: "refs/heads/main", source: "verified", by: "OIDC" },
    { name: "ci_status", value: "passed", source: "asserted", wanted: "passed" },
  ];
  assertEquals(decodeFacts(encodeFacts(facts)), facts);
  assertEquals(encodeFacts([]), "");
  for (
    const junk of ["", "{", "{}", '[{"name":1}]', '[{"name":"a","value":"b","source":"trusted"}]']
  ) {
    assertEquals(decodeFacts(junk), [], junk);
  }
  assertEquals(
    decodeFacts(JSON.stringify([{ ...facts[0], value: "x".repeat(5000) }]))[0].value.length,
    300,
  );
});

Deno.test("policy settings: defaults, opt-out, and the strict side when unreadable", async (t) => {
  const { readPolicySettings } = await import("./settings.ts");
  await t.step("defaults", () => {
    const s = readPolicySettings({});
    assertEquals([s.protectedEnvironments, s.timeZone, s.freezes, s.problems], [
      ["production"],
      "UTC",
      [],
      [],
    ]);
  });
  await t.step("configured", () => {
    const s = readPolicySettings({
      protectedEnvironments: "prod*, pci",
      timeZone: "Europe/Berlin",
    });
    assertEquals([s.protectedEnvironments, s.timeZone], [["prod*", "pci"], "Europe/Berlin"]);
    assertEquals(readPolicySettings({ protectedEnvironments: "none" }).protectedEnvironments, []);
  });
  await t.step("unreadable", () => {
    const s = readPolicySettings({ timeZone: "Mars/Olympus", freezeWindows: "x=soon/later" });
    assertEquals([s.timeZone, s.freezes], ["UTC", undefined]);
    assertStringIncludes(s.problems.join("\n"), 'Cannot use time zone "Mars/Olympus"');
    assertStringIncludes(s.problems.join("\n"), "no rule may auto-approve");
    const blocked = evaluatePolicies([rule("")], { ...request, environment: "dev" }, 1, {
      autoApproveBlocked: s.problems[1],
    });
    assertEquals(blocked.effect, "require_approval");
    assertStringIncludes(blocked.explanation, "Cannot read freeze window");
  });
});
