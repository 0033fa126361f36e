import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import {
  ALICE,
  CHANNEL,
  click,
  fire,
  getJson,
  postJson,
  postRaw,
  startFixture,
  webhookUrl,
} from "./_testing.ts";

Deno.test("webhook runs every step with typed values, waits for a click, then records the result", async () => {
  const platform = await startFixture();
  try {
    const run = await fire(platform, "Fixture webhook", { id: "r1", n: 7, channel: CHANNEL });
    assertEquals(run.status, "running");
    assertEquals(run.current_step, 2);
    assertEquals(run.step_outputs["0"], { doubled: 14, tags: ["a", "n7"] });
    const asked = platform.storage.listMessages(CHANNEL);
    assertEquals(asked.map((m) => m.text), ["Approve 14?"]);

    assertEquals(await click(platform, ALICE, "approve"), { ok: true, response: {} });
    const done = platform.storage.getRun(run.id)!;
    assertEquals(done.status, "completed");
    assertEquals(platform.storage.getItem("results", "r1"), {
      id: "r1",
      doubled: 14,
      tags: ["a", "n7"],
      decided_by: [ALICE],
      reason: "",
    });
    const { runs } = await getJson(`${platform.url}/_local/runs`) as {
      runs: Record<string, unknown>[];
    };
    const steps = runs[0].steps as Record<string, unknown>[];
    assertEquals(steps.map((s) => s.status), ["completed", "completed", "completed", "completed"]);
    assertEquals((steps[3].inputs as Record<string, unknown>).tags, ["a", "n7"]);
  } finally {
    await platform.close();
  }
});

Deno.test("webhook rejects nested JSON, bad JSON and wrong URLs like Slack, and starts no run", async () => {
  const platform = await startFixture();
  try {
    const url = webhookUrl(platform, "Fixture webhook");
    const nested = await postJson(url, { id: "x", n: { deep: 1 } });
    assertEquals(nested, {
      status: 400,
      json: { ok: false, error: "parameter_validation_failed" },
    });
    const list = await postJson(url, { id: "x", tags: ["a"] });
    assertEquals(list.json.error, "parameter_validation_failed");
    const bad = await postRaw(url, "{not json");
    assertEquals(bad, { status: 400, json: { ok: false, error: "invalid_json" } });
    const wrongSecret = await postJson(url.replace(/[a-f0-9]{8}$/, "00000000"), { id: "x" });
    assertEquals(wrongSecret, { status: 404, json: { ok: false, error: "trigger_not_found" } });
    assertEquals(platform.storage.listRuns().length, 0);
  } finally {
    await platform.close();
  }
});

Deno.test("a throwing function, an { error } result or an empty result fails the run visibly", async () => {
  const platform = await startFixture();
  try {
    for (
      const [mode, expected] of [
        ["throw", "Cannot continue: asked to throw"],
        ["error", "Cannot continue: asked to fail"],
        ["nothing", "handler returned nothing"],
      ]
    ) {
      const run = await fire(platform, "Fixture webhook", {
        id: mode,
        n: 1,
        mode,
        channel: CHANNEL,
      });
      assertEquals(run.status, "failed", mode);
      assertStringIncludes(run.error ?? "", "Step 1 (maybe_fail) failed");
      assertStringIncludes(run.error ?? "", expected);
    }
    // No later step ran: nothing was posted.
    assertEquals(platform.storage.listMessages(CHANNEL), []);
  } finally {
    await platform.close();
  }
});

Deno.test("a function that runs past its time limit fails the run", async () => {
  const limits: string[] = [];
  // The limit elapses when the test says so: at once for the hanging function, never for the
  // others (whatever the machine's load, only maybe_fail can time out).
  const platform = await startFixture({
    functionTimeoutMs: 45_000,
    limitTimer: (ms, name) => {
      limits.push(`${name} ${ms}`);
      return {
        elapsed: name.includes("maybe_fail") ? Promise.resolve() : new Promise(() => {}),
        cancel: () => {},
      };
    },
  });
  try {
    const run = await fire(platform, "Fixture webhook", {
      id: "h",
      n: 1,
      mode: "hang",
      channel: CHANNEL,
    });
    assertEquals(run.status, "failed");
    assertStringIncludes(
      run.error ?? "",
      'Cannot finish function "maybe_fail": it ran longer than 45 s',
    );
    assertEquals(limits.at(-1), 'function "maybe_fail" 45000', "the limit given is the one used");
    assertEquals(platform.storage.listMessages(CHANNEL), []);
  } finally {
    await platform.close();
  }
});

Deno.test("a step whose handler was cut off by a stop fails on restart; suspended steps do not", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-crash-" });
  try {
    const first = await startFixture({ dataDir });
    const waiting = await fire(first, "Fixture webhook", { id: "w", n: 1, channel: CHANNEL });
    // What a kill during step 1's handler leaves behind: a run on step 1 and a running,
    // not suspended, execution (written as the engine writes them).
    first.storage.putRun({ ...waiting, id: "WrCRASHED01", current_step: 1, step_outputs: {} });
    first.storage.putExecution({
      id: "FxCRASHED01",
      run_id: "WrCRASHED01",
      step_index: 1,
      callback_id: "maybe_fail",
      inputs: {},
      status: "running",
      started: 0,
    });
    first.engine.state.linkStep("WrCRASHED01", 1, "FxCRASHED01");
    await first.close();

    const second = await startFixture({ dataDir });
    try {
      await second.engine.idle();
      const crashed = second.storage.getRun("WrCRASHED01")!;
      assertEquals(crashed.status, "failed");
      assertStringIncludes(
        crashed.error ?? "",
        "the platform stopped while its handler was running",
      );
      assertEquals(second.storage.getRun(waiting.id)?.status, "running");
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("an unset required input fails the step before the function runs", async () => {
  const platform = await startFixture();
  try {
    const run = await fire(platform, "Fixture webhook", { id: "nochan", n: 2 });
    assertEquals(run.status, "failed");
    assertStringIncludes(
      run.error ?? "",
      'parameter_validation_failed - Validation for parameter "channel" failed: missing_required_value',
    );
  } finally {
    await platform.close();
  }
});

Deno.test("send_message built-in interpolates text; app fetches are limited to outgoing domains", async () => {
  const platform = await startFixture();
  try {
    const blocked = await fire(platform, "Echo webhook", {
      channel: CHANNEL,
      text: "hi <!channel>",
      url: "http://blocked.invalid/x",
    });
    assertEquals(blocked.status, "completed");
    assertEquals(platform.storage.listMessages(CHANNEL).at(-1)?.text, "Echo: hi <!channel>");
    const blockedResult = String(blocked.step_outputs["1"].result);
    assertMatch(blockedResult, /^NotCapable: .*blocked\.invalid.*outgoing_domains/);
    const context = JSON.parse(String(blocked.step_outputs["1"].context));
    assertEquals(context, {
      // Another app gets no Countersign variables: only what the platform itself sets.
      env_keys: ["SLACK_API_URL"],
      api_url: platform.webApiUrl,
      team_id: "T0LOCAL001",
      token_matches_event: true,
      body_type: "event_callback",
      event_type: "function_executed",
      callback_id: "probe",
      execution_id: platform.engine.state.stepExecution(blocked.id, 1),
      inputs: { url: "http://blocked.invalid/x" },
    });
    const message = blocked.step_outputs["0"].message_context as Record<string, unknown>;
    assertEquals(message.channel_id, CHANNEL);

    const allowed = await fire(platform, "Echo webhook", {
      channel: CHANNEL,
      text: "again",
      url: `${platform.url}/_local/state`,
    });
    assertMatch(String(allowed.step_outputs["1"].result), /^status 200/);
  } finally {
    await platform.close();
  }
});

Deno.test("a scheduled trigger created through the API starts its workflow when due, once", async () => {
  const platform = await startFixture();
  try {
    const start = Date.now() + 3_600_000;
    const created = await platform.api.call("workflows.triggers.create", {
      type: "scheduled",
      name: "Hourly echo",
      workflow: "#/workflows/echo_flow",
      inputs: {
        channel: { value: CHANNEL },
        text: { value: "tick" },
        url: { value: "http://blocked.invalid/" },
      },
      schedule: { start_time: new Date(start).toISOString(), frequency: { type: "hourly" } },
    }, platform.cliToken);
    assertEquals(created.ok, true);
    assertEquals(platform.engine.fireDueSchedules(start - 1), []);
    assertEquals(platform.engine.fireDueSchedules(start + 1).length, 1);
    assertEquals(platform.engine.fireDueSchedules(start + 2), [], "an occurrence fires once");
    await platform.engine.idle();
    assertEquals(platform.storage.listMessages(CHANNEL).map((m) => m.text), ["Echo: tick"]);
    assertEquals(platform.engine.fireDueSchedules(start + 3_600_001).length, 1);
    await platform.engine.idle();
  } finally {
    await platform.close();
  }
});

Deno.test("a webhook trigger's filter decides whether a request starts a run", async () => {
  const platform = await startFixture();
  try {
    const created = await platform.api.call("workflows.triggers.create", {
      type: "webhook",
      name: "Production echo",
      workflow: "#/workflows/echo_flow",
      inputs: { channel: { value: "{{data.channel}}" }, text: { value: "{{data.text}}" } },
      webhook: { filter: { version: 1, root: { statement: "{{data.env}} == production" } } },
    }, platform.cliToken) as { trigger: { webhook_url: string } };
    const url = created.trigger.webhook_url;
    const staging = await postJson(url, { env: "staging", channel: CHANNEL, text: "s" });
    assertEquals(staging, { status: 200, json: { ok: true } });
    assertEquals(platform.storage.listRuns().length, 0);
    await postJson(url, { env: "production", channel: CHANNEL, text: "p" });
    await platform.engine.idle();
    assertEquals(platform.storage.listRuns().length, 1);
  } finally {
    await platform.close();
  }
});

Deno.test("webhooks are rate limited per trigger like Slack's 10 per minute", async () => {
  const platform = await startFixture({ webhookRateLimit: 2 });
  try {
    const url = webhookUrl(platform, "Echo webhook");
    assertEquals((await postJson(url, {})).status, 200);
    assertEquals((await postJson(url, {})).status, 200);
    const third = await postJson(url, {});
    assertEquals(third, { status: 429, json: { ok: false, error: "rate_limited" } });
    await platform.engine.idle();
  } finally {
    await platform.close();
  }
});
