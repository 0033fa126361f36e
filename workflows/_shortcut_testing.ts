/**
 * Test helpers for link-trigger workflows on the local platform: click a shortcut as a user, fill
 * in its form, submit it, and read the DM the workflow sends back.
 *
 * @module
 */
import { assertEquals, assertExists } from "@std/assert";
import type { Platform } from "../local/server.ts";

/** POSTs JSON to one of the platform's `/_local/` endpoints. */
export async function post(platform: Platform, path: string, body: unknown) {
  const res = await fetch(`${platform.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return await res.json() as Record<string, unknown>;
}

/** Form values by field name (a list for a multi-select). */
export type Values = Record<string, string | string[]>;

/** What Slack's client reports for an element of `type` holding `value`. */
function elementState(type: string, value: string | string[]): Record<string, unknown> {
  const key: Record<string, string> = {
    static_select: "selected_option",
    users_select: "selected_user",
    multi_users_select: "selected_users",
    conversations_select: "selected_conversation",
  };
  if (type === "static_select") return { type, selected_option: { value } };
  return { type, [key[type] ?? "value"]: value };
}

/** Clicks the shortcut of `workflow` as `user`, fills the form with `values`, submits it. */
export async function useShortcut(
  platform: Platform,
  user: string,
  workflow: string,
  values: Values,
) {
  const trigger = platform.storage.listTriggers().find((t) =>
    t.type === "shortcut" && t.workflow === `#/workflows/${workflow}`
  );
  assertExists(trigger, `a link trigger for ${workflow} exists`);
  assertEquals(
    (await post(platform, "/_local/shortcuts", { user, trigger_id: trigger.id })).ok,
    true,
  );
  await platform.engine.idle();
  const res = await fetch(`${platform.url}/_local/views?as=${user}`);
  const { views } = await res.json() as {
    views: { id: string; view: { blocks: { block_id: string; element: { type: string } }[] } }[];
  };
  assertEquals(views.length, 1, "the form opened as a modal for the clicking user");
  const form = views[0];
  const state: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const block = form.view.blocks.find((b) => b.block_id === name);
    assertExists(block, `the form has a field ${name}`);
    state[name] = { value: elementState(block.element.type, value) };
  }
  const submitted = await post(platform, "/_local/views/submit", {
    user,
    view_id: form.id,
    values: state,
  });
  assertEquals(submitted.ok, true, JSON.stringify(submitted));
  await platform.engine.idle();
  return lastDm(platform, user);
}

/** The text of the latest message the app sent `user` in their DM. */
export function lastDm(platform: Platform, user: string): string {
  const dm = platform.storage.listChannels().find((c) =>
    c.is_im && c.members.includes(user) && c.members.includes(
      platform.storage.listUsers()
        .find((u) => u.is_bot)!.id,
    )
  );
  assertExists(dm, `the app opened a DM with ${user}`);
  return platform.storage.listMessages(dm.id).at(-1)?.text ?? "";
}
