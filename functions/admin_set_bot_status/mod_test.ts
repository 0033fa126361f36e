import { assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { AdminSetBotStatusFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, testBot, W, withAdminPlatform } from "../_shared/_testing.ts";
import { signedRequest } from "../../lib/contract/mod.ts";
import { sampleRequest, TEST_PRIVATE_KEY_PEM } from "../../lib/contract/_testing.ts";
import { VerifyRequestFunction } from "../verify_request/definition.ts";
import verify from "../verify_request/mod.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminSetBotStatusFunction, handler, fn);

Deno.test("a disabled bot's next request is rejected as service_disabled; re-enabling restores it", () =>
  test(async ({ run, item, events, platform }) => {
    const { createContext } = SlackFunctionTester(VerifyRequestFunction);
    const ask = async () => {
      const inputs = await signedRequest(
        { ...sampleRequest(), request_id: crypto.randomUUID() },
        TEST_PRIVATE_KEY_PEM,
      );
      const ctx = createContext({ inputs, env: { SLACK_API_URL: platform.url } });
      return (await verify(ctx)).outputs as Record<string, unknown>;
    };
    assertEquals((await ask()).verdict, "verified");

    const off = await run({
      actor: W.users.alice,
      service_id: "ci-bot",
      status: "disabled",
      reason: "Token leaked",
    });
    assertEquals(off.outputs.ok, true);
    assertStringIncludes(plain(off.outputs.summary), "Reason: Token leaked");
    assertEquals(item("services", "ci-bot")!.status, "disabled");
    const refused = await ask();
    assertEquals([refused.verdict, refused.reason_code], ["rejected", "service_disabled"]);

    const on = await run({ actor: W.users.alice, service_id: "ci-bot", status: "active" });
    assertEquals(on.outputs.ok, true);
    assertEquals((await ask()).verdict, "verified");
    assertEquals(events().map((e) => [e.action, e.result, e.changed]), [
      ["disable_bot", "applied", "status"],
      ["enable_bot", "applied", "status"],
    ]);
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  ["already active", { status: "active" }, "the bot is already active"],
  ["unknown status", { status: "paused" }, 'status "paused" is not'],
  ["missing status", { status: undefined }, 'status "" is not'],
  ["unknown bot", { service_id: "ghost" }, "no bot is registered with this id"],
  ["control char in reason", { reason: "a\u0000b" }, "control character"],
];
for (const [name, change, message] of INVALID) {
  Deno.test(`status change refused: ${name}`, () =>
    test(async ({ run, item, events }) => {
      const { outputs } = await run({
        actor: W.users.alice,
        service_id: "ci-bot",
        status: "disabled",
        ...change,
      });
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals(item("services", "ci-bot")!.status, "active");
      assertEquals(events()[0].result, "invalid");
    }));
}

Deno.test("a non-admin cannot disable a bot", () =>
  test(async ({ run, item, events }) => {
    const { outputs } = await run({ actor: W.users.bob, service_id: "ci-bot", status: "disabled" });
    assertStringIncludes(plain(outputs.summary), "Cannot disable bot");
    assertEquals(item("services", "ci-bot")!.status, "active");
    assertEquals(events()[0].result, "refused");
  }));

Deno.test("disabling a bot ends its pending requests as rejected (service_disabled), once", () =>
  withAdminPlatform(AdminSetBotStatusFunction, handler, async ({ run, item, platform }) => {
    const putDecision = (d: Record<string, unknown>) =>
      platform.storage.putItem("decisions", String(d.id), d);
    const pending = (id: string, service_id: string) => ({
      id,
      service_id,
      request_id: id,
      status: "pending",
      approval_execution_id: `Fx-${id}`,
      requested_at: Date.now(),
      expires_at: Date.now() + 3_600_000,
    });
    const { outputs } = await (async () => {
      const seed = (d: Record<string, unknown>) => putDecision(d);
      await seed(pending("ci-bot|a", "ci-bot"));
      await seed(pending("other-bot|b", "other-bot"));
      return await run({ actor: W.users.alice, service_id: "ci-bot", status: "disabled" });
    })();
    assertEquals(outputs.ok, true);
    assertStringIncludes(plain(outputs.summary), "ended 1 pending request(s) as rejected");
    const ended = item("decisions", "ci-bot|a")!;
    assertEquals([ended.status, ended.outcome, ended.reason_code, ended.closed_by], [
      "final",
      "rejected",
      "service_disabled",
      W.users.alice,
    ]);
    assertEquals(ended.callback_status, "skipped", "this bot has no callback URL");
    assertEquals(item("decisions", "other-bot|b")!.status, "pending", "other bots untouched");
  }, testBot({ callback_url: "" })).then(() => {}));
