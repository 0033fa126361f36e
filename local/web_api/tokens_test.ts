import { assertEquals } from "@std/assert";
import { tokenTable } from "./tokens.ts";

Deno.test("the bot token and issued workflow tokens authenticate as the bot; others do not", () => {
  const bot = { user_id: "U0BOT", team_id: "T1" };
  const issued = new Set(["xwfp-1"]);
  const table = tokenTable(
    { executionForToken: (token) => issued.has(token) ? "Fx1" : undefined },
    "xoxb-1",
    bot,
  );
  // The Web API reads the table with Object.hasOwn and indexing.
  assertEquals([Object.hasOwn(table, "xoxb-1"), table["xoxb-1"]], [true, {
    ...bot,
    token_type: "bot",
  }]);
  assertEquals([Object.hasOwn(table, "xwfp-1"), table["xwfp-1"]], [true, {
    ...bot,
    token_type: "workflow",
    execution_id: "Fx1",
  }]);
  assertEquals([Object.hasOwn(table, "xwfp-2"), table["xwfp-2"]], [false, undefined]);
  issued.add("xwfp-2");
  assertEquals(Object.hasOwn(table, "xwfp-2"), true, "tokens issued later are seen at once");
  assertEquals(Object.hasOwn(table, "constructor"), false);
  assertEquals(Object.hasOwn(table, "__proto__"), false);
});

Deno.test("app tokens carry the app's scopes; the platform's own token is ungated and unbound", () => {
  const bot = { user_id: "U0BOT", team_id: "T1" };
  const table = tokenTable({ executionForToken: () => undefined }, "xoxb-1", bot, {
    scopes: ["chat:write"],
    platformToken: "xoxp-platform",
  });
  assertEquals(table["xoxb-1"].scopes, ["chat:write"]);
  assertEquals(table["xoxp-platform"], bot);
});
