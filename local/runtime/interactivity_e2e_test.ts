/** Interactivity and restarts on a running platform with the fixture app. */
import { assertEquals } from "@std/assert";
import { ALICE, BOB, CHANNEL, click, fire, getJson, postJson, startFixture } from "../_testing.ts";

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
    // An empty required input never reaches the app: the Slack client refuses it.
    const blank = await submit("");
    assertEquals(blank.json, {
      ok: false,
      error: "validation_errors",
      errors: { reason: "Please fill out this field." },
    });
    // A view given back in response_action is checked as views.update checks it.
    const refused = await submit("show a long title");
    assertEquals(refused.json.ok, false);
    assertEquals(
      String(refused.json.error).startsWith("invalid_arguments: [ERROR] must be at most 24"),
      true,
      String(refused.json.error),
    );
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
      assertEquals(second.triggers.length, 3, "triggers are not created twice");
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
