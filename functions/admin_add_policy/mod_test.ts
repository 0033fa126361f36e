import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminAddPolicyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { order, plain, seedPolicies, W, withAdminPlatform } from "../_shared/_testing.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminAddPolicyFunction, handler, (t) => {
    seedPolicies(t.platform);
    return fn(t);
  });

const rule = (extra: Record<string, unknown> = {}) => ({
  actor: W.users.alice,
  name: "Deny deletes in prod",
  action_pattern: "delete*",
  environment_pattern: "production",
  effect: "deny",
  ...extra,
});

Deno.test("a rule added at place 1 is checked first; the order is renumbered", () =>
  test(async ({ run, item, events, platform }) => {
    const { outputs } = await run(rule({ position: 1 }));
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertEquals(order(platform), [
      ["deny-deletes-in-prod", 10],
      ["staging-auto", 20],
      ["prod-two", 30],
    ]);
    const added = item("policies", "deny-deletes-in-prod")!;
    assertEquals(
      [added.service_pattern, added.resource_pattern, added.effect, added.enabled],
      ["*", "*", "deny", true],
    );
    assertEquals(added.approvals_required, 0);
    const [event] = events();
    assertEquals([event.action, event.result, event.target_id], [
      "add_policy",
      "applied",
      "deny-deletes-in-prod",
    ]);
    assertStringIncludes(plain(outputs.summary), "renumbered 2 other rule(s)");
  }));

Deno.test("without a place the rule goes last; a given id is used; names make unique ids", () =>
  test(async ({ run, platform }) => {
    await run(rule({ policy_id: "custom-id", effect: "require_approval", approvals_required: 3 }));
    await run(rule());
    await run(rule());
    assertEquals(order(platform).map(([id]) => id), [
      "staging-auto",
      "prod-two",
      "custom-id",
      "deny-deletes-in-prod",
      "deny-deletes-in-prod-2",
    ]);
    assertEquals(platform.storage.getItem("policies", "custom-id")!.approvals_required, 3);
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  ["missing name", { name: "" }, "name is required"],
  ["missing effect", { effect: "" }, "effect is required"],
  ["unknown effect", { effect: "maybe" }, 'effect "maybe" is not one of'],
  ["pattern syntax", { resource_pattern: " api" }, "starts or ends with whitespace"],
  ["empty-looking pattern", { action_pattern: "a\u0009b" }, "control character"],
  ["conditions", { conditions: "a=1&&b=2" }, "Cannot parse conditions"],
  ["hours", { conditions: "time.hours=9-17" }, 'Cannot use condition "time.hours=9-17": write'],
  ["weekday", { conditions: "time.weekday=someday" }, '"someday" is not a day'],
  ["unknown verified fact", { conditions: "time.month=12" }, '"time.month" is no verified fact'],
  ["freeze flag", { conditions: "freeze.active=yes" }, 'use "true" or "false"'],
  ["conditions too long", { conditions: "a=1&".repeat(300) + "z=1" }, "longer than 1000"],
  ["approvals with deny", { approvals_required: 2 }, 'only applies to effect "require_approval"'],
  ["too many approvals", {
    effect: "require_approval",
    approvals_required: 99,
  }, "approvals required"],
  ["place out of range", { position: 9 }, "place in order"],
  ["id taken", { policy_id: "prod-two" }, 'rule id "prod-two" is taken'],
  ["bad id", { policy_id: "a b" }, 'policy id "a b"'],
  ["bad state", { state: "off" }, 'state "off" is not'],
];
for (const [name, change, message] of INVALID) {
  Deno.test(`adding a rule refused: ${name}`, () =>
    test(async ({ run, events, platform }) => {
      const { outputs } = await run(rule(change));
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals(order(platform), [["staging-auto", 10], ["prod-two", 20]]);
      assertEquals(events()[0].result, "invalid");
    }));
}

Deno.test("a non-admin cannot add a rule", () =>
  test(async ({ run, events, platform }) => {
    const { outputs } = await run(rule({ actor: W.users.bob }));
    assertStringIncludes(plain(outputs.summary), "Cannot add policy rule");
    assertEquals(order(platform).length, 2);
    assertEquals(events()[0].result, "refused");
  }));
