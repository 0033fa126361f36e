/** The dry run with facts: protected environments, sample verified claims and a chosen moment. */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminDryRunPolicyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, W, withAdminPlatform } from "../_shared/_testing.ts";

const RULES = [
  {
    id: "green",
    position: 10,
    name: "Green CI",
    conditions: "ci_status=passed",
    effect: "auto_approve",
  },
  {
    id: "main",
    position: 20,
    name: "main ships",
    conditions: "oidc.repository=acme/api&oidc.ref=refs/heads/main",
    effect: "auto_approve",
  },
  {
    id: "office",
    position: 30,
    name: "Office hours",
    environment_pattern: "staging",
    conditions: "time.weekday=mon-fri&time.hours=09:00-17:00",
    effect: "auto_approve",
  },
];

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminDryRunPolicyFunction, handler, (t) => {
    for (const rule of RULES) {
      t.platform.storage.putItem("policies", rule.id, { enabled: true, ...rule });
    }
    return fn(t);
  });

const sample = (extra: Record<string, unknown> = {}) => ({
  actor: W.users.alice,
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-gateway",
  environment: "production",
  ...extra,
});

Deno.test("dry run: an asserted-only rule in production goes to humans and the dry run says why", () =>
  test(async ({ run }) => {
    const { outputs } = await run(sample({ conditions: "ci_status=passed" }));
    assertEquals([outputs.effect, outputs.rule_id], ["require_approval", "green"]);
    const text = plain(outputs.summary);
    assertStringIncludes(text, '"production" is a protected environment');
    assertStringIncludes(text, 'ci_status = "passed", asserted by the caller');
    // With the protection lifted by the settings, the same sample is auto-approved.
    const lifted = await run(sample({ conditions: "ci_status=passed" }), {
      COUNTERSIGN_PROTECTED_ENVIRONMENTS: "none",
    });
    assertEquals(lifted.outputs.effect, "auto_approve");
  }));

Deno.test("dry run: sample verified claims and a chosen moment", () =>
  test(async ({ run }) => {
    const verified = await run(sample({
      verified_claims: "oidc.repository=acme/api&oidc.ref=refs/heads/main",
    }));
    assertEquals([verified.outputs.effect, verified.outputs.rule_id], ["auto_approve", "main"]);
    assertStringIncludes(plain(verified.outputs.summary), 'oidc.ref = "refs/heads/main", verified');
    const weekday = await run(sample({ environment: "staging", at: "2026-12-02T10:00Z" }));
    assertEquals([weekday.outputs.effect, weekday.outputs.rule_id], ["auto_approve", "office"]);
    assertStringIncludes(
      plain(weekday.outputs.summary),
      'time.hours = "10:00" (rule: "09:00-17:00")',
    );
    const saturday = await run(sample({ environment: "staging", at: "2026-12-05T10:00Z" }));
    assertEquals(saturday.outputs.effect, "require_approval");
  }));

Deno.test("dry run refused: a typed claim outside oidc., a bad moment; broken settings are shown", () =>
  test(async ({ run, events }) => {
    const claim = await run(sample({ verified_claims: "ci_status=passed" }));
    assertStringIncludes(plain(claim.outputs.summary), 'Cannot use verified claim "ci_status"');
    const moment = await run(sample({ at: "tomorrow" }));
    assertStringIncludes(plain(moment.outputs.summary), 'Cannot use time "tomorrow"');
    assertEquals(events().map((e) => e.result), ["invalid", "invalid"]);
    const broken = await run(sample({ environment: "staging", at: "2026-12-02T10:00Z" }), {
      COUNTERSIGN_FREEZE_WINDOWS: "x=soon/later",
    });
    assertEquals(broken.outputs.effect, "require_approval");
    assertStringIncludes(plain(broken.outputs.summary), "Settings: Cannot read freeze window");
  }));
