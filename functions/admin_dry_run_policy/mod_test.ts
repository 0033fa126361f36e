import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminDryRunPolicyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, seedPolicies, W, withAdminPlatform } from "../_shared/_testing.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminDryRunPolicyFunction, handler, (t) => {
    seedPolicies(t.platform);
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

Deno.test("a dry run names the deciding rule and why, and writes nothing", () =>
  test(async ({ run, events }) => {
    const { outputs } = await run(sample());
    assertEquals([outputs.ok, outputs.effect, outputs.rule_id], [
      true,
      "require_approval",
      "prod-two",
    ]);
    const text = plain(outputs.summary);
    assertStringIncludes(text, "Outcome: needs 2 approvals");
    assertStringIncludes(
      text,
      'Why: Rule "Production needs two" (id "prod-two", position 20) matched',
    );
    assertEquals(events(), []);
  }));

Deno.test("a dry run reports the default, the bot's own refusals and disabled rules", () =>
  test(async ({ run, platform }) => {
    const none = await run(sample({ environment: "staging", action: "build" }));
    assertEquals(none.outputs.effect, "auto_approve");
    const other = await run(sample({ service_id: "ghost" }));
    assertEquals(other.outputs.effect, "rejected");
    assertStringIncludes(plain(other.outputs.summary), "no bot is registered");
    const blocked = await run(sample({ action: "drop-database" }));
    assertStringIncludes(plain(blocked.outputs.summary), "(action_not_allowed)");
    assertStringIncludes(plain(blocked.outputs.summary), "Policies alone would decide");
    platform.storage.putItem("policies", "prod-two", {
      ...platform.storage.getItem("policies", "prod-two")!,
      enabled: false,
    });
    const fallback = await run(sample());
    assertEquals([fallback.outputs.effect, fallback.outputs.rule_id], ["require_approval", ""]);
    assertStringIncludes(plain(fallback.outputs.summary), "No enabled rule matched");
    assertStringIncludes(plain(fallback.outputs.summary), "1 enabled, 1 disabled");
  }));

Deno.test("dry run refused: missing fields, bad conditions, non-admin", () =>
  test(async ({ run, events }) => {
    const missing = await run(sample({ environment: "" }));
    assertStringIncludes(plain(missing.outputs.summary), "environment is empty");
    const bad = await run(sample({ conditions: "x=1=2" }));
    assertStringIncludes(plain(bad.outputs.summary), 'second "="');
    const outsider = await run(sample({ actor: W.users.bob }));
    assertStringIncludes(plain(outsider.outputs.summary), "Cannot try the policies");
    assertEquals(events().map((e) => e.result), ["invalid", "invalid", "refused"]);
  }));
