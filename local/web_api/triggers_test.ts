import { assertEquals, assertMatch, assertNotEquals } from "@std/assert";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";

const webhook = {
  type: "webhook",
  name: "Countersign request",
  workflow: "#/workflows/handle_request",
  inputs: { service_id: { value: "{{data.service_id}}" } },
};

Deno.test("webhook triggers get a secret URL; list, update and delete work", async () => {
  const platform = await startTestPlatform({ scopes: false });
  try {
    const events: { op: string }[] = [];
    platform.api.events.addEventListener("trigger", (e) => events.push((e as CustomEvent).detail));
    const call = (m: string, a: Record<string, unknown>) => platform.api.call(m, a, TEST_TOKEN);
    const created = await call("workflows.triggers.create", webhook);
    assertEquals(created.ok, true);
    const trigger = created.trigger as Record<string, unknown>;
    const origin = new URL(platform.url).origin;
    assertMatch(
      String(trigger.webhook_url),
      new RegExp(`^${origin}/triggers/${TEST_WORKSPACE.teamId}/${trigger.id}/[0-9a-f]{40}$`),
    );
    const other = (await call("workflows.triggers.create", webhook)).trigger as Record<
      string,
      unknown
    >;
    assertNotEquals(
      String(other.webhook_url).split("/").pop(),
      String(trigger.webhook_url).split("/").pop(),
    );
    assertEquals(
      platform.storage.getTrigger(String(trigger.id))?.workflow,
      "#/workflows/handle_request",
    );

    const listed = (await call("workflows.triggers.list", {})).triggers as { id: string }[];
    assertEquals(listed.map((t) => t.id), [trigger.id, other.id]);

    const updated = await call("workflows.triggers.update", {
      ...webhook,
      trigger_id: trigger.id,
      name: "Renamed",
    });
    assertEquals((updated.trigger as { name: string }).name, "Renamed");
    assertEquals((updated.trigger as { webhook_url: string }).webhook_url, trigger.webhook_url);

    assertEquals((await call("workflows.triggers.delete", { trigger_id: trigger.id })).ok, true);
    assertEquals(await call("workflows.triggers.delete", { trigger_id: trigger.id }), {
      ok: false,
      error: "trigger_does_not_exist",
    });
    assertEquals(events.map((e) => e.op), ["created", "created", "updated", "deleted"]);
  } finally {
    await platform.close();
  }
});

Deno.test("trigger definitions are validated", async () => {
  const platform = await startTestPlatform({ scopes: false });
  try {
    const call = (a: Record<string, unknown>) =>
      platform.api.call("workflows.triggers.create", a, TEST_TOKEN);
    assertEquals((await call({ ...webhook, type: "magic" })).error, "invalid_arguments");
    assertEquals(
      (await call({ ...webhook, workflow: "handle_request" })).error,
      "invalid_workflow",
    );
    assertEquals((await call({ ...webhook, name: undefined })).error, "invalid_arguments");
    assertEquals((await call({ ...webhook, type: "scheduled" })).error, "invalid_arguments");
    assertEquals(platform.storage.listTriggers(), []);
  } finally {
    await platform.close();
  }
});

Deno.test("scheduled triggers follow Slack's schedule rules on create and update", async () => {
  const now = Date.parse("2026-12-06T17:00:00Z");
  const platform = await startTestPlatform({ scopes: false, now: () => now });
  try {
    const scheduled = (frequency: Record<string, unknown>, start = "2026-12-07T09:00:00Z") => ({
      type: "scheduled",
      name: "Weekly",
      workflow: "#/workflows/weekly_report",
      schedule: { start_time: start, frequency },
    });
    const call = (m: string, a: Record<string, unknown>) => platform.api.call(m, a, TEST_TOKEN);
    const weekly = await call("workflows.triggers.create", scheduled({ type: "weekly" }));
    assertEquals(weekly, {
      ok: false,
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] a weekly schedule needs on_days"] },
    });
    const past = await call(
      "workflows.triggers.create",
      scheduled({ type: "daily" }, "2026-12-06T16:59:59Z"),
    );
    assertEquals(past.response_metadata, {
      messages: ["[ERROR] schedule.start_time is not in the future"],
    });
    const minutely = await call("workflows.triggers.create", scheduled({ type: "minutely" }));
    assertEquals(minutely.error, "invalid_arguments");
    assertEquals(platform.storage.listTriggers(), []);

    const good = await call(
      "workflows.triggers.create",
      scheduled({ type: "weekly", on_days: ["Monday"] }),
    );
    assertEquals(good.ok, true);
    const id = (good.trigger as { id: string }).id;
    const broken = await call("workflows.triggers.update", {
      trigger_id: id,
      ...scheduled({ type: "daily", on_days: ["Monday"] }),
    });
    assertEquals(broken.response_metadata, {
      messages: ["[ERROR] frequency.on_days is not allowed for daily"],
    });
    assertEquals(platform.storage.getTrigger(id)?.definition.schedule, {
      start_time: "2026-12-07T09:00:00Z",
      frequency: { type: "weekly", on_days: ["Monday"] },
    });
  } finally {
    await platform.close();
  }
});
