import { assertEquals, assertMatch } from "@std/assert";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";

const modal = {
  type: "modal",
  callback_id: "deny_reason",
  title: { type: "plain_text", text: "Deny request" },
  submit: { type: "plain_text", text: "Deny" },
  blocks: [{
    type: "input",
    block_id: "reason",
    label: { type: "plain_text", text: "Reason" },
    element: { type: "plain_text_input", action_id: "reason" },
  }],
  private_metadata: "svc|r1",
};

Deno.test("views.open needs a fresh trigger id, stores the view and emits a view event", async () => {
  let clock = 1_700_000_000_000;
  const platform = await startTestPlatform({ now: () => clock });
  try {
    const events: { op: string; user: string; view: { id: string } }[] = [];
    platform.api.events.addEventListener("view", (e) => events.push((e as CustomEvent).detail));
    const call = (m: string, a: Record<string, unknown>) => platform.api.call(m, a, TEST_TOKEN);

    const trigger = platform.api.registerInteraction(TEST_WORKSPACE.users.bob);
    const opened = await call("views.open", { trigger_id: trigger, view: JSON.stringify(modal) });
    assertEquals(opened.ok, true);
    const view = opened.view as Record<string, unknown>;
    assertMatch(String(view.id), /^V/);
    assertEquals([view.callback_id, view.private_metadata], ["deny_reason", "svc|r1"]);
    assertEquals(platform.storage.getView(String(view.id))?.user, TEST_WORKSPACE.users.bob);
    assertEquals(events.map((e) => [e.op, e.user, e.view.id]), [
      ["opened", TEST_WORKSPACE.users.bob, view.id],
    ]);

    // A trigger id works once, and only for ~3 seconds.
    assertEquals(
      (await call("views.open", { trigger_id: trigger, view: modal })).error,
      "exchanged_trigger_id",
    );
    const late = platform.api.registerInteraction(TEST_WORKSPACE.users.bob);
    clock += 3_001;
    assertEquals(
      (await call("views.open", { trigger_id: late, view: modal })).error,
      "expired_trigger_id",
    );
    assertEquals(
      (await call("views.open", { trigger_id: "1.2.3", view: modal })).error,
      "invalid_trigger_id",
    );
    assertEquals((await call("views.open", { view: modal })).error, "invalid_trigger_id");

    // interactivity_pointer is accepted in place of trigger_id (next-gen handlers use it).
    const pointer = platform.api.registerInteraction(TEST_WORKSPACE.users.alice);
    const pushed = await call("views.push", { interactivity_pointer: pointer, view: modal });
    assertEquals(pushed.ok, true);

    const updated = await call("views.update", {
      view_id: view.id,
      view: { ...modal, title: { type: "plain_text", text: "Thanks" } },
    });
    assertEquals((updated.view as { title: { text: string } }).title.text, "Thanks");
    assertEquals(
      (await call("views.update", { view_id: view.id, hash: "stale", view: modal })).error,
      "hash_conflict",
    );
    assertEquals((await call("views.update", { view_id: "V404", view: modal })).error, "not_found");
  } finally {
    await platform.close();
  }
});

Deno.test("views.open refuses invalid views before using the trigger id", async () => {
  const platform = await startTestPlatform();
  try {
    const trigger = platform.api.registerInteraction(TEST_WORKSPACE.users.bob);
    const call = (view: unknown) =>
      platform.api.call("views.open", { trigger_id: trigger, view }, TEST_TOKEN);
    assertEquals(
      (await call({ ...modal, title: { type: "plain_text", text: "x".repeat(25) } })).error,
      "invalid_arguments",
    );
    assertEquals((await call({ ...modal, type: "popup" })).error, "invalid_arguments");
    assertEquals((await call(undefined)).error, "invalid_arguments");
    assertEquals((await call(modal)).ok, true);
  } finally {
    await platform.close();
  }
});
