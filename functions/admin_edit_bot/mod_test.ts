import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminEditBotFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, testBot, W, withAdminPlatform } from "../_shared/_testing.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminEditBotFunction, handler, fn);

Deno.test("an edit changes only the given settings and records the diff", () =>
  test(async ({ run, item, events }) => {
    const { outputs } = await run({
      actor: W.users.alice,
      service_id: "ci-bot",
      allowed_actions: "deploy, rollback",
      approver_usergroup: W.usergroupId,
      approver_users: [W.users.carol],
      approvals_required: 3,
      owner: "",
    });
    assertEquals(outputs.ok, true, plain(outputs.summary));
    const bot = item("services", "ci-bot")!;
    assertEquals(bot.allowed_actions, ["deploy", "rollback"]);
    assertEquals(bot.approver_users, [W.users.carol]);
    assertEquals([bot.approvals_required, bot.owner, bot.updated_by], [
      3,
      W.users.alice,
      W.users.alice,
    ]);
    assertEquals(bot.allowed_resources, testBot().allowed_resources);
    const [event] = events();
    assertEquals(
      event.changed,
      "allowed_actions,approvals_required,approver_usergroup,approver_users",
    );
    assertEquals(JSON.parse(String(event.before)).approvals_required, 1);
    assertStringIncludes(plain(outputs.summary), "changed allowed_actions, approvals_required");
  }));

Deno.test("clear empties optional settings", () =>
  test(async ({ run, item }) => {
    const { outputs } = await run({
      actor: W.users.alice,
      service_id: "ci-bot",
      clear: "watcher_channel, callback_url",
    });
    assertEquals(outputs.ok, true);
    const bot = item("services", "ci-bot")!;
    assertEquals([bot.watcher_channel, bot.callback_url], [undefined, undefined]);
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  ["unknown bot", { service_id: "ghost", display_name: "x" }, "no bot is registered"],
  ["nothing changes", { display_name: "CI bot" }, "nothing to change"],
  ["N > approvers", { approvals_required: 3 }, "approvals required (3) is larger than the 2"],
  ["unknown usergroup", { approver_usergroup: "S0MISSING" }, "no_such_subteam"],
  ["clearing every approver", { clear: "approver_users" }, "no approvers"],
  ["unknown clear", { clear: "owner" }, 'setting "owner" cannot be cleared'],
  ["pattern syntax", { allowed_environments: "prod\u0085" }, "Cannot use pattern"],
  ["callback domain", { callback_url: "https://attacker.test/" }, "not in the app's outgoing"],
  ["bad approver", { approver_users: ["alice"] }, 'approver "alice" is not a Slack user id'],
];
for (const [name, change, message] of INVALID) {
  Deno.test(`edit refused: ${name}`, () =>
    test(async ({ run, item, events }) => {
      const { outputs } = await run({ actor: W.users.alice, service_id: "ci-bot", ...change });
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals(item("services", "ci-bot"), testBot());
      assertEquals(events()[0].result, "invalid");
    }));
}

Deno.test("a non-admin cannot edit a bot", () =>
  test(async ({ run, item, events }) => {
    const { outputs } = await run({
      actor: W.users.carol,
      service_id: "ci-bot",
      approver_users: [W.users.carol],
    });
    assertStringIncludes(plain(outputs.summary), "Cannot edit bot");
    assertEquals(item("services", "ci-bot"), testBot());
    assertEquals(events()[0].result, "refused");
  }));
