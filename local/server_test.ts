import { assertEquals, assertExists, assertMatch, assertStringIncludes } from "@std/assert";
import {
  ALICE,
  BOB,
  CHANNEL,
  click,
  fire,
  getJson,
  postJson,
  postRaw,
  startFixture,
  webhookUrl,
} from "./_test_support.ts";

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
  const platform = await startFixture({ functionTimeoutMs: 20 });
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
      'Cannot finish function "maybe_fail": it ran longer than',
    );
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

Deno.test("deny opens a modal; an empty reason comes back as errors; a reason completes the run", async () => {
  const platform = await startFixture();
  try {
    const run = await fire(platform, "Fixture webhook", { id: "d1", n: 3, channel: CHANNEL });
    assertEquals(await click(platform, BOB, "deny"), { ok: true, response: {} });
    const { views } = await getJson(`${platform.url}/_local/views?as=${BOB}`) as {
      views: { id: string; view: Record<string, unknown> }[];
    };
    assertEquals(views.length, 1);
    assertEquals(views[0].view.callback_id, "deny_modal");
    assertEquals((await getJson(`${platform.url}/_local/views?as=${ALICE}`)).views, []);

    const submit = (reason: string) =>
      postJson(`${platform.url}/_local/views/submit`, {
        user: BOB,
        view_id: views[0].id,
        values: { reason: { reason_input: { type: "plain_text_input", value: reason } } },
      });
    const empty = await submit("  ");
    assertEquals(empty.json, {
      ok: false,
      error: "validation_errors",
      errors: { reason: "A reason is required" },
    });
    assertEquals(platform.storage.getRun(run.id)!.status, "running");
    const good = await submit("not today");
    assertEquals(good.json.ok, true);
    await platform.engine.idle();
    assertEquals(platform.storage.getRun(run.id)!.status, "completed");
    assertEquals(platform.storage.getItem("results", "d1")?.reason, "not today");
    assertEquals(platform.storage.getItem("results", "d1")?.decided_by, [BOB]);
    assertEquals((await getJson(`${platform.url}/_local/views?as=${BOB}`)).views, []);
  } finally {
    await platform.close();
  }
});

Deno.test("closing a notify_on_close modal delivers view_closed to the function", async () => {
  const platform = await startFixture();
  try {
    await fire(platform, "Fixture webhook", { id: "c1", n: 3, channel: CHANNEL });
    await click(platform, BOB, "deny");
    const { views } = await getJson(`${platform.url}/_local/views?as=${BOB}`) as {
      views: { id: string }[];
    };
    const closed = await postJson(`${platform.url}/_local/views/close`, {
      user: BOB,
      view_id: views[0].id,
    });
    assertEquals(closed.json.ok, true);
    assertEquals(platform.storage.listMessages(CHANNEL).at(-1)?.text, "Deny cancelled");
    assertEquals((await getJson(`${platform.url}/_local/views?as=${BOB}`)).views, []);
  } finally {
    await platform.close();
  }
});

Deno.test("an action without a handler is acknowledged like the SDK does; bad clicks are refused", async () => {
  const platform = await startFixture();
  try {
    const run = await fire(platform, "Fixture webhook", { id: "u1", n: 1, channel: CHANNEL });
    assertEquals(await click(platform, ALICE, "ignored"), { ok: true });
    assertEquals(platform.storage.getRun(run.id)!.status, "running");
    assertEquals((await click(platform, ALICE, "no_such_action")).error, "action_not_found");
    platform.storage.putUser({ id: "U0CAROL001", name: "carol", real_name: "Carol" });
    assertEquals((await click(platform, "U0CAROL001", "approve")).error, "not_in_channel");
    assertEquals((await click(platform, "U0NOBODY01", "approve")).error, "user_not_found");
    await click(platform, ALICE, "approve");
    assertEquals(platform.storage.getRun(run.id)!.status, "completed");
  } finally {
    await platform.close();
  }
});

Deno.test("a suspended run survives a restart: the message stays clickable and the run finishes", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-restart-" });
  try {
    const first = await startFixture({ dataDir });
    const run = await fire(first, "Fixture webhook", { id: "k1", n: 5, channel: CHANNEL });
    assertEquals(run.status, "running");
    await first.close();

    const second = await startFixture({ dataDir });
    try {
      assertEquals(second.fresh, false);
      assertEquals(second.storage.getRun(run.id)?.status, "running");
      assertEquals(second.triggers.length, 2, "triggers are not created twice");
      assertEquals(await click(second, ALICE, "approve"), { ok: true, response: {} });
      assertEquals(second.storage.getRun(run.id)?.status, "completed");
      assertEquals(second.storage.getItem("results", "k1")?.doubled, 10);
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("a completion sent with the execution's workflow token after a restart continues the run", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-restart-" });
  try {
    const first = await startFixture({ dataDir });
    const run = await fire(first, "Fixture webhook", { id: "k2", n: 4, channel: CHANNEL });
    const executionId = first.engine.state.stepExecution(run.id, 2)!;
    const token = first.engine.state.tokenForExecution(executionId)!;
    await first.close();

    const second = await startFixture({ dataDir });
    try {
      const res = await fetch(`${second.webApiUrl}functions.completeSuccess`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          function_execution_id: executionId,
          outputs: JSON.stringify({ decided_by: [BOB] }),
        }),
      });
      assertEquals(await res.json(), { ok: true });
      await second.engine.idle();
      assertEquals(second.storage.getRun(run.id)?.status, "completed");
      assertEquals(second.storage.getItem("results", "k2")?.decided_by, [BOB]);
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
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
    }, platform.botToken);
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
    }, platform.botToken) as { trigger: { webhook_url: string } };
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

Deno.test("the page, its state and the SSE stream are served; other hosts are refused", async () => {
  const platform = await startFixture();
  try {
    const page = await fetch(`${platform.url}/`);
    assertEquals(page.headers.get("content-type"), "text/html; charset=utf-8");
    assertStringIncludes(await page.text(), "<!doctype html>");
    const missing = await fetch(`${platform.url}/..%2Fserver.ts`);
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
    const state = await getJson(`${platform.url}/_local/state`);
    assertEquals((state.triggers as unknown[]).length, 2);
    assertExists(state.bot_user_id);

    const events = await fetch(`${platform.url}/_local/events`);
    const reader = events.body!.getReader();
    await reader.read(); // ": connected"
    await fire(platform, "Echo webhook", {
      channel: CHANNEL,
      text: "x",
      url: "http://blocked.invalid",
    });
    let text = "";
    // A message event follows its Web API call's commit, so it may come after run events.
    while (!text.includes("event: run") || !text.includes("event: message")) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    assertStringIncludes(text, "event: message");
    await reader.cancel();

    // fetch keeps its own Host header, so speak HTTP/1.1 directly, as a DNS-rebinding page would.
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: Number(new URL(platform.url).port),
    });
    await conn.write(new TextEncoder().encode(
      "GET /_local/state HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    ));
    const buf = new Uint8Array(256);
    const n = await conn.read(buf);
    conn.close();
    assertStringIncludes(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "HTTP/1.1 403");
    const form = await postRaw(`${platform.url}/_local/actions`, "user=x", "text/plain");
    assertEquals(form.status, 415);
  } finally {
    await platform.close();
  }
});

Deno.test("close does not wait for an open page's event stream", async () => {
  const platform = await startFixture();
  const events = await fetch(`${platform.url}/_local/events`);
  const reader = events.body!.getReader();
  await reader.read(); // ": connected"
  await platform.close();
  // The stream was ended by the platform, not by this reader.
  assertEquals((await reader.read()).done, true);
});
