import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminRemovePolicyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { order, plain, seedPolicies, W, withAdminPlatform } from "../_shared/_testing.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminRemovePolicyFunction, handler, (t) => {
    seedPolicies(t.platform);
    return fn(t);
  });

Deno.test("removing a rule deletes it and keeps its last settings in the admin log", () =>
  test(async ({ run, events, platform }) => {
    const { outputs } = await run({ actor: W.users.alice, policy_id: "staging-auto" });
    assertEquals(outputs.ok, true);
    assertEquals(order(platform), [["prod-two", 20]]);
    const [event] = events();
    assertEquals([event.action, event.result, event.after], ["remove_policy", "applied", ""]);
    assertEquals(JSON.parse(String(event.before)).effect, "auto_approve");
  }));

Deno.test("removing refused: unknown rule, missing id, non-admin", () =>
  test(async ({ run, events, platform }) => {
    const unknown = await run({ actor: W.users.alice, policy_id: "ghost" });
    assertStringIncludes(plain(unknown.outputs.summary), 'remove policy rule "ghost"');
    assertStringIncludes(plain(unknown.outputs.summary), "no rule has this id");
    const missing = await run({ actor: W.users.alice, policy_id: "" });
    assertStringIncludes(plain(missing.outputs.summary), "rule id is required");
    const outsider = await run({ actor: W.users.carol, policy_id: "prod-two" });
    assertStringIncludes(plain(outsider.outputs.summary), "is not a Countersign admin");
    assertEquals(order(platform).length, 2);
    assertEquals(events().map((e) => e.result), ["invalid", "invalid", "refused"]);
  }));
