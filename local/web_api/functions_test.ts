import { assertEquals } from "@std/assert";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, TEST_TOKEN } from "../testing.ts";

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
