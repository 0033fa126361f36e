/**
 * evaluate_policy with facts on the local platform's Web API: verified OIDC facts from the verify
 * step, the clock and freeze windows it observes itself (on an injected clock), and the protected
 * environments from its settings.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Policies } from "../../datastores/policies.ts";
import { startTestPlatform } from "../../local/testing.ts";
import { decodeFacts, encodeFacts } from "../../lib/policy/facts.ts";
import { oidcClaimFacts } from "../../lib/policy/observed.ts";
import { setClock } from "../_clock.ts";
import { EvaluatePolicyFunction } from "./definition.ts";
import handler from "./mod.ts";

const { createContext } = SlackFunctionTester(EvaluatePolicyFunction);

const request = {
  verdict: "verified",
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  conditions: "ci_status=passed",
  approvals_required: 1,
};

async function evaluate(
  rules: Record<string, unknown>[],
  inputs: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const platform = await startTestPlatform();
  try {
    for (const rule of rules) platform.storage.putItem(Policies.name, String(rule.id), rule);
    const ctx = createContext({
      // deno-lint-ignore no-explicit-any -- the inputs are built per test
      inputs: inputs as any,
      env: { SLACK_API_URL: platform.url, ...env },
    });
    const result = await handler(ctx);
    assertEquals(result.error, undefined);
    return result.outputs as Record<string, unknown>;
  } finally {
    await platform.close();
  }
}

const green = {
  id: "green",
  position: 1,
  name: "Green CI",
  conditions: "ci_status=passed",
  effect: "auto_approve",
};

Deno.test("evaluate_policy: asserted-only conditions do not auto-approve production; the note says why", async () => {
  const out = await evaluate([green], request);
  assertEquals([out.effect, out.policy_id], ["require_approval", "green"]);
  assertStringIncludes(String(out.policy_note), '"production" is a protected environment');
  assertEquals(decodeFacts(String(out.facts)), [
    { name: "ci_status", value: "passed", source: "asserted", by: "the caller" },
  ]);
  // COUNTERSIGN_PROTECTED_ENVIRONMENTS=none lifts it; another list moves it.
  const none = await evaluate([green], request, { COUNTERSIGN_PROTECTED_ENVIRONMENTS: "none" });
  assertEquals(none.effect, "auto_approve");
  const staging = await evaluate([green], { ...request, environment: "staging" }, {
    COUNTERSIGN_PROTECTED_ENVIRONMENTS: "staging,production",
  });
  assertEquals(staging.effect, "require_approval");
});

Deno.test("evaluate_policy: verified oidc facts from the verify step satisfy a verified-claim rule", async () => {
  const rule = {
    ...green,
    id: "main",
    conditions: "oidc.repository=acme/api&oidc.ref=refs/heads/main&ci_status=passed",
  };
  const facts = encodeFacts(
    oidcClaimFacts({ repository: "acme/api", ref: "refs/heads/main" }, "iss"),
  );
  const out = await evaluate([rule], { ...request, verified_facts: facts });
  assertEquals(out.effect, "auto_approve");
  assertEquals(decodeFacts(String(out.facts)).map((f) => `${f.name}=${f.value} (${f.source})`), [
    "oidc.repository=acme/api (verified)",
    "oidc.ref=refs/heads/main (verified)",
    "ci_status=passed (asserted)",
  ]);
  // Facts marked anything but verified, or outside oidc., are not taken from the input.
  const forged = JSON.stringify([
    { name: "oidc.repository", value: "acme/api", source: "asserted" },
    { name: "oidc.ref", value: "refs/heads/main", source: "asserted" },
  ]);
  assertEquals(
    (await evaluate([rule], { ...request, verified_facts: forged })).effect,
    "require_approval",
  );
  const clock = JSON.stringify([{ name: "time.weekday", value: "sun", source: "verified" }]);
  const sunday = {
    ...green,
    id: "sun",
    conditions: "time.weekday=sun",
    environment_pattern: "staging",
  };
  const restore = setClock(() => Date.parse("2026-12-02T12:00:00Z")); // a Wednesday
  try {
    const out = await evaluate([sunday], {
      ...request,
      environment: "staging",
      verified_facts: clock,
    });
    assertEquals(out.effect, "require_approval");
  } finally {
    restore();
  }
});

Deno.test("evaluate_policy: a time window and a freeze on an injected clock", async () => {
  const rules = [
    { id: "freeze", position: 1, name: "Freeze", conditions: "freeze.active=true", effect: "deny" },
    {
      id: "office",
      position: 2,
      name: "Office hours",
      environment_pattern: "staging",
      conditions: "time.weekday=mon-fri&time.hours=09:00-17:00",
      effect: "auto_approve",
    },
  ];
  const env = {
    COUNTERSIGN_TIME_ZONE: "Europe/Berlin",
    COUNTERSIGN_FREEZE_WINDOWS: "holidays=2026-12-20T00:00+01:00/2027-01-04T00:00+01:00",
  };
  const staging = { ...request, environment: "staging" };
  const at = async (iso: string, settings = env) => {
    const restore = setClock(() => Date.parse(iso));
    try {
      return await evaluate(rules, staging, settings);
    } finally {
      restore();
    }
  };
  // 08:30 UTC on a Wednesday is 09:30 in Berlin: inside the window.
  const inside = await at("2026-12-02T08:30:00Z");
  assertEquals([inside.effect, inside.policy_id], ["auto_approve", "office"]);
  assertStringIncludes(String(inside.facts), "Countersign's clock (Europe/Berlin)");
  // 07:30 UTC is 08:30 in Berlin: before it.
  assertEquals((await at("2026-12-02T07:30:00Z")).effect, "require_approval");
  // Inside the declared freeze the deny rule decides.
  const frozen = await at("2026-12-22T10:00:00Z");
  assertEquals([frozen.effect, frozen.policy_id], ["deny", "freeze"]);
  assertStringIncludes(String(frozen.facts), 'declared freeze window \\"holidays\\"');
  // An unreadable freeze setting: nothing auto-approves, and the explanation says why.
  const broken = await at("2026-12-02T08:30:00Z", {
    ...env,
    COUNTERSIGN_FREEZE_WINDOWS: "x=tomorrow",
  });
  assertEquals(broken.effect, "require_approval");
  assertStringIncludes(String(broken.explanation), "Cannot read freeze window");
});
