/**
 * Block Kit as Slack refuses it, over the local Web API's HTTP edge (the app's SDK path): each
 * rule's refusal carries Slack's error code and a `response_metadata.messages` line naming the
 * field, and the largest value Slack accepts still passes.
 */
import { assertEquals } from "@std/assert";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";
import type { WebApiRelax } from "./context.ts";
import { blockProblems, viewProblems } from "./block_kit.ts";

const W = TEST_WORKSPACE;
const text = (t: string) => ({ type: "plain_text", text: t });
const button = (fields: Record<string, unknown> = {}) => ({
  type: "button",
  action_id: "go",
  text: text("Go"),
  ...fields,
});
const actions = (...elements: unknown[]) => ({ type: "actions", block_id: "a", elements });
const section = (t: string) => ({ type: "section", text: { type: "mrkdwn", text: t } });
const input = {
  type: "input",
  block_id: "reason",
  label: text("Reason"),
  element: { type: "plain_text_input", action_id: "reason" },
};
const modal = (fields: Record<string, unknown> = {}) => ({
  type: "modal",
  callback_id: "deny",
  title: text("Deny"),
  submit: text("Deny"),
  blocks: [input],
  ...fields,
});

/** Calls `method` over HTTP as the SDK does (form body, JSON-encoded values). */
async function call(
  method: string,
  args: Record<string, unknown>,
  relax?: WebApiRelax,
): Promise<Record<string, unknown>> {
  const platform = await startTestPlatform({ relax });
  try {
    const form = new URLSearchParams();
    const trigger = platform.api.registerInteraction(W.users.bob);
    const all = method.startsWith("views.") ? { trigger_id: trigger, ...args } : args;
    for (const [k, v] of Object.entries(all)) {
      form.set(k, typeof v === "string" ? v : JSON.stringify(v));
    }
    const res = await fetch(`${platform.url}${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
      body: form,
    });
    assertEquals(res.status, 200);
    return await res.json();
  } finally {
    await platform.close();
  }
}

const post = (blocks: unknown[], relax?: WebApiRelax) =>
  call("chat.postMessage", { channel: W.channelId, text: "fallback", blocks }, relax);

Deno.test("chat.postMessage: button text over 75, value over 2000 and action_id over 255 are invalid_blocks", async () => {
  assertEquals(await post([actions(button({ text: text("x".repeat(76)) }))]), {
    ok: false,
    error: "invalid_blocks",
    response_metadata: {
      messages: [
        "[ERROR] must be at most 75 characters [json-pointer:/blocks/0/elements/0/text/text]",
      ],
    },
  });
  const value = await post([actions(button({ value: "v".repeat(2001) }))]);
  assertEquals(value.response_metadata, {
    messages: ["[ERROR] must be at most 2000 characters [json-pointer:/blocks/0/elements/0/value]"],
  });
  const id = await post([actions(button({ action_id: "a".repeat(256) }))]);
  assertEquals(id.error, "invalid_blocks");
  const limits = await post([
    actions(
      button({ text: text("x".repeat(75)), value: "v".repeat(2000), action_id: "a".repeat(255) }),
    ),
  ]);
  assertEquals(limits.ok, true);
});

Deno.test("chat.postMessage: unknown block and element types, empty texts, duplicate ids are refused", async () => {
  const messages = async (blocks: unknown[]) =>
    ((await post(blocks)).response_metadata as { messages: string[] }).messages;
  assertEquals(await messages([{ type: "banner" }]), [
    '[ERROR] unsupported block type "banner" [json-pointer:/blocks/0/type]',
  ]);
  assertEquals(await messages([actions({ type: "link", action_id: "x" })]), [
    '[ERROR] unsupported type "link" here [json-pointer:/blocks/0/elements/0/type]',
  ]);
  assertEquals(await messages([section("")]), [
    "[ERROR] must be at least 1 characters [json-pointer:/blocks/0/text/text]",
  ]);
  assertEquals(await messages([section("x".repeat(3001))]), [
    "[ERROR] must be at most 3000 characters [json-pointer:/blocks/0/text/text]",
  ]);
  assertEquals(await messages([{ type: "header", text: { type: "mrkdwn", text: "*h*" } }]), [
    '[ERROR] must be "plain_text" [json-pointer:/blocks/0/text/type]',
  ]);
  assertEquals(await messages([actions(button(), button())]), [
    '[ERROR] duplicate action_id "go" in this block [json-pointer:/blocks/0/elements/1/action_id]',
  ]);
  assertEquals(await messages([actions(button()), actions(button())]), [
    '[ERROR] duplicate block_id "a" [json-pointer:/blocks/1/block_id]',
  ]);
  assertEquals(
    (await post([actions(button()), actions(button())], { duplicateBlockIds: true })).ok,
    true,
  );
});

Deno.test("chat.postMessage and chat.update: more than 50 blocks or an input block are refused", async () => {
  const many = Array.from({ length: 51 }, () => section("x"));
  assertEquals((await post(many)).response_metadata, {
    messages: ["[ERROR] must have at most 50 items [json-pointer:/blocks]"],
  });
  assertEquals((await post(many.slice(1))).ok, true);
  assertEquals((await post([input])).response_metadata, {
    messages: [
      "[ERROR] input blocks are only allowed in modals and Home tabs [json-pointer:/blocks/0/type]",
    ],
  });
  assertEquals((await post([input], { inputBlocksInMessages: true })).ok, true);
  const platform = await startTestPlatform();
  try {
    const posted = await platform.api.call("chat.postMessage", {
      channel: W.channelId,
      text: "x",
    }, TEST_TOKEN);
    const updated = await platform.api.call("chat.update", {
      channel: W.channelId,
      ts: posted.ts,
      blocks: [actions(button({ style: "loud" }))],
    }, TEST_TOKEN);
    assertEquals(updated.error, "invalid_blocks");
  } finally {
    await platform.close();
  }
});

Deno.test("views.open: title, submit and close over 24, callback_id over 255, private_metadata over 3000 are invalid_arguments", async () => {
  const open = (view: unknown) => call("views.open", { view });
  const first = async (view: unknown) =>
    ((await open(view)).response_metadata as { messages: string[] }).messages[0];
  assertEquals(
    await first(modal({ submit: text("x".repeat(25)) })),
    "[ERROR] must be at most 24 characters [json-pointer:/view/submit/text]",
  );
  assertEquals(
    await first(modal({ close: text("x".repeat(25)) })),
    "[ERROR] must be at most 24 characters [json-pointer:/view/close/text]",
  );
  assertEquals(
    await first(modal({ callback_id: "c".repeat(256) })),
    "[ERROR] must be at most 255 characters [json-pointer:/view/callback_id]",
  );
  assertEquals(
    (await open(modal({ private_metadata: "m".repeat(3001) }))).error,
    "invalid_arguments",
  );
  assertEquals(await first({ type: "home", blocks: [] }), '[ERROR] view.type must be "modal"');
  assertEquals(
    await first(modal({ submit: undefined })),
    "[ERROR] must define submit to use input block [json-pointer:/view/submit]",
  );
  const blocks = Array.from({ length: 101 }, (_, i) => ({ ...input, block_id: `b${i}` }));
  assertEquals(
    await first(modal({ blocks })),
    "[ERROR] must have at most 100 items [json-pointer:/view/blocks]",
  );
  const ok = await open(modal({
    title: text("t".repeat(24)),
    submit: text("s".repeat(24)),
    close: text("c".repeat(24)),
    callback_id: "c".repeat(255),
    private_metadata: "m".repeat(3000),
    blocks: blocks.slice(1),
  }));
  assertEquals(ok.ok, true);
});

Deno.test("pure checks: input labels, options, confirm dialogs and overflow menus follow Slack's limits", () => {
  const label = { ...input, label: text("l".repeat(2001)) };
  assertEquals(viewProblems(modal({ blocks: [label] })), [
    "[ERROR] must be at most 2000 characters [json-pointer:/view/blocks/0/label/text]",
  ]);
  const option = (t: string, v = "v") => ({ text: text(t), value: v });
  const select = {
    type: "static_select",
    action_id: "s",
    options: [option("o".repeat(76)), option("o", "v".repeat(151))],
  };
  assertEquals(blockProblems([actions(select)], "message"), [
    "[ERROR] must be at most 75 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]",
    "[ERROR] must be at most 150 characters [json-pointer:/blocks/0/elements/0/options/1/value]",
  ]);
  const overflow = { type: "overflow", action_id: "o", options: Array(6).fill(option("o")) };
  assertEquals(blockProblems([actions(overflow)], "message"), [
    "[ERROR] must have at most 5 items [json-pointer:/blocks/0/elements/0/options]",
  ]);
  const confirm = {
    title: text("t"),
    text: text("sure?"),
    confirm: text("c".repeat(31)),
    deny: text("No"),
  };
  assertEquals(blockProblems([actions(button({ confirm }))], "message"), [
    "[ERROR] must be at most 30 characters [json-pointer:/blocks/0/elements/0/confirm/confirm/text]",
  ]);
  const fields = Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" }));
  assertEquals(blockProblems([{ type: "section", fields }], "message"), [
    "[ERROR] must have at most 10 items [json-pointer:/blocks/0/fields]",
  ]);
  assertEquals(
    blockProblems([
      actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` }))),
    ], "modal"),
    [
      "[ERROR] must have at most 25 items [json-pointer:/blocks/0/elements]",
    ],
  );
});
