import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminEditPolicyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { order, plain, seedPolicies, W, withAdminPlatform } from "../_shared/_testing.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminEditPolicyFunction, handler, (t) => {
    seedPolicies(t.platform);
    return fn(t);
  });

Deno.test("moving a rule to place 1 reorders; changing its effect is recorded", () =>
  test(async ({ run, item, events, platform }) => {
    const { outputs } = await run({
      actor: W.users.alice,
      policy_id: "prod-two",
      position: 1,
      effect: "deny",
      state: "disabled",
    });
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertEquals(order(platform), [["prod-two", 10], ["staging-auto", 20]]);
    const edited = item("policies", "prod-two")!;
    assertEquals([edited.effect, edited.approvals_required, edited.enabled], ["deny", 0, false]);
    const [event] = events();
    assertEquals(event.changed, "approvals_required,effect,enabled,position");
    assertEquals(JSON.parse(String(event.before)).effect, "require_approval");
  }));

Deno.test("a pure reorder of another rule is recorded too", () =>
  test(async ({ run, platform }) => {
    const { outputs } = await run({ actor: W.users.alice, policy_id: "staging-auto", position: 2 });
    assertEquals(outputs.ok, true);
    assertEquals(order(platform), [["prod-two", 10], ["staging-auto", 20]]);
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  ["unknown rule", { policy_id: "ghost", name: "x" }, "no rule has this id"],
  ["nothing changes", { name: "Production needs two" }, "nothing to change"],
  ["same place", { position: 2 }, "nothing to change"],
  ["place out of range", { position: 3 }, "place in order"],
  ["pattern syntax", { service_pattern: "x".repeat(257) }, "longer than 256"],
  ["conditions", { conditions: "k" }, 'has no "="'],
  ["approvals 0", { approvals_required: 0 }, "approvals required"],
];
for (const [name, change, message] of INVALID) {
  Deno.test(`editing a rule refused: ${name}`, () =>
    test(async ({ run, events, platform }) => {
      const { outputs } = await run({ actor: W.users.alice, policy_id: "prod-two", ...change });
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals(order(platform), [["staging-auto", 10], ["prod-two", 20]]);
      assertEquals(events()[0].result, "invalid");
    }));
}

Deno.test("a non-admin cannot edit a rule", () =>
  test(async ({ run, events }) => {
    const { outputs } = await run({ actor: W.users.dave, policy_id: "prod-two", effect: "deny" });
    assertStringIncludes(plain(outputs.summary), "is not a Countersign admin");
    assertEquals(events()[0].result, "refused");
  }));
