import { assertEquals } from "@std/assert";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, TEST_TOKEN } from "../testing.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { RuntimeState } from "../runtime/state.ts";
import { createWebApi } from "./mod.ts";
import { tokenTable } from "./tokens.ts";

Deno.test("functions.completeSuccess completes once; a second completion is refused", async () => {
  const platform = await startTestPlatform();
  try {
    platform.storage.putExecution({
      id: "Fx1",
      callback_id: "record_decision",
      inputs: {},
      status: "running",
      started: 1,
    });
    const completed: { execution: { id: string; status: string } }[] = [];
    platform.api.events.addEventListener(
      "function_completed",
      (e) => completed.push((e as CustomEvent).detail),
    );
    const client = SlackAPI(TEST_TOKEN, { slackApiUrl: platform.url });
    const first = await client.functions.completeSuccess({
      function_execution_id: "Fx1",
      outputs: { decision_id: "svc|r1", approved: true },
    });
    assertEquals(first.ok, true);
    const second = await client.functions.completeSuccess({
      function_execution_id: "Fx1",
      outputs: {},
    });
    assertEquals([second.ok, second.error], [false, "execution_not_in_running_state"]);
    const error = await client.functions.completeError({
      function_execution_id: "Fx1",
      error: "late",
    });
    assertEquals(error.error, "execution_not_in_running_state");
    assertEquals(platform.storage.getExecution("Fx1")?.outputs, {
      decision_id: "svc|r1",
      approved: true,
    });
    assertEquals(completed.map((c) => [c.execution.id, c.execution.status]), [[
      "Fx1",
      "completed",
    ]]);

    const missing = await client.functions.completeError({
      function_execution_id: "Fx404",
      error: "x",
    });
    assertEquals(missing.error, "function_execution_not_found");
  } finally {
    await platform.close();
  }
});

Deno.test("functions.completeError records the error; concurrent completions have one winner", async () => {
  const platform = await startTestPlatform();
  try {
    platform.storage.putExecution({
      id: "Fx2",
      callback_id: "c",
      inputs: {},
      status: "running",
      started: 1,
    });
    const results = await Promise.all([
      platform.api.call("functions.completeError", {
        function_execution_id: "Fx2",
        error: "Cannot x",
      }, TEST_TOKEN),
      platform.api.call(
        "functions.completeSuccess",
        { function_execution_id: "Fx2", outputs: {} },
        TEST_TOKEN,
      ),
    ]);
    assertEquals(results.filter((r) => r.ok).length, 1);
    assertEquals(platform.storage.getExecution("Fx2")?.status, "failed");
    assertEquals(platform.storage.getExecution("Fx2")?.error, "Cannot x");
  } finally {
    await platform.close();
  }
});

/** A Web API with the platform's token table: a bot token and workflow tokens per execution. */
function strictApi(relax = {}) {
  const storage = openSqliteStorage(":memory:");
  const state = new RuntimeState(storage);
  const api = createWebApi({
    storage,
    datastores: {},
    tokens: tokenTable(state, "xoxb-app", { user_id: "U0BOT", team_id: "T1" }, {
      scopes: ["chat:write"],
      platformToken: "xoxp-platform",
    }),
    baseUrl: "http://127.0.0.1",
    relax,
  });
  for (const id of ["FxOWN", "FxOTHER"]) {
    storage.putExecution({ id, callback_id: "f", inputs: {}, status: "running", started: 1 });
  }
  return { storage, api, own: state.issueToken("FxOWN") };
}

Deno.test("a workflow token completes only its own execution; the bot token none (access_denied)", async () => {
  const { storage, api, own } = strictApi();
  try {
    const other = await api.call("functions.completeSuccess", {
      function_execution_id: "FxOTHER",
      outputs: {},
    }, own);
    assertEquals(other, { ok: false, error: "access_denied" });
    const bot = await api.call("functions.completeError", {
      function_execution_id: "FxOTHER",
      error: "x",
    }, "xoxb-app");
    assertEquals(bot, { ok: false, error: "access_denied" });
    assertEquals(storage.getExecution("FxOTHER")?.status, "running", "nothing changed");
    const mine = await api.call("functions.completeSuccess", {
      function_execution_id: "FxOWN",
      outputs: {},
    }, own);
    assertEquals(mine.ok, true);
    // Slack's built-ins (the platform's own token) are not an app token.
    const builtin = await api.call("functions.completeError", {
      function_execution_id: "FxOTHER",
      error: "form closed",
    }, "xoxp-platform");
    assertEquals(builtin.ok, true);
  } finally {
    storage.close();
  }
});

Deno.test("relax.crossExecutionCompletion lets any app token complete any execution", async () => {
  const { storage, api, own } = strictApi({ crossExecutionCompletion: true });
  try {
    const other = await api.call("functions.completeSuccess", {
      function_execution_id: "FxOTHER",
      outputs: {},
    }, own);
    assertEquals(other.ok, true);
  } finally {
    storage.close();
  }
});
