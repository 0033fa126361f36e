import { assertEquals } from "@std/assert";
import { clientErrors, MAX_INPUT_LENGTH, viewStateValues } from "./view_state.ts";

const blocks = [
  { type: "section", block_id: "intro", text: { type: "mrkdwn", text: "hi" } },
  {
    type: "input",
    block_id: "reason",
    element: { type: "plain_text_input", action_id: "reason_input", multiline: true },
  },
  {
    type: "input",
    block_id: "pick",
    element: {
      type: "static_select",
      action_id: "choice",
      options: [{ text: { type: "plain_text", text: "A" }, value: "a" }],
    },
  },
];

Deno.test("only the modal's inputs are reported, with the element's own type", () => {
  const values = viewStateValues(blocks, {
    reason: { reason_input: { type: "static_select", value: "because", extra: 1 } },
    pick: { choice: { selected_option: { value: "a", text: "forged" } } },
    injected: { x: { type: "plain_text_input", value: "nope" } },
  });
  assertEquals(values, {
    reason: { reason_input: { type: "plain_text_input", value: "because" } },
    pick: {
      choice: {
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: "A" }, value: "a" },
      },
    },
  });
});

Deno.test("unknown options, missing fields and oversized text are cut to what Slack allows", () => {
  const values = viewStateValues(blocks, {
    reason: { reason_input: { value: "x".repeat(MAX_INPUT_LENGTH + 5) } },
    pick: { choice: { selected_option: { value: "zzz" } } },
  });
  assertEquals((values.reason.reason_input as { value: string }).value.length, MAX_INPUT_LENGTH);
  assertEquals(values.pick.choice, { type: "static_select", selected_option: null });
  assertEquals(viewStateValues(blocks, "garbage").reason, {
    reason_input: { type: "plain_text_input", value: null },
  });
  assertEquals(viewStateValues(undefined, {}), {});
});

Deno.test("a Slack client submits no empty required input, no text under min_length, none over max_length", () => {
  const form = [
    {
      type: "input",
      block_id: "reason",
      element: { type: "plain_text_input", action_id: "r", min_length: 5, max_length: 8 },
    },
    {
      type: "input",
      block_id: "note",
      optional: true,
      element: { type: "plain_text_input", action_id: "n" },
    },
    {
      type: "input",
      block_id: "pick",
      element: { type: "static_select", action_id: "p", options: [{ value: "a" }] },
    },
  ];
  const sent = (reason: string) => ({ reason: { r: { value: reason } } });
  assertEquals(clientErrors(form, viewStateValues(form, sent(""))), {
    reason: "Please fill out this field.",
    pick: "Please fill out this field.",
  });
  assertEquals(
    clientErrors(form, viewStateValues(form, sent("abc"))).reason,
    "Please lengthen this text to 5 characters or more.",
  );
  const long = viewStateValues(form, sent("0123456789"));
  assertEquals(long.reason.r, { type: "plain_text_input", value: "01234567" });
  assertEquals(clientErrors(form, long).reason, undefined);
});

Deno.test("pickers report well-formed ids and number inputs only numbers, as Slack's client does", () => {
  const pickers = [
    ["owner", { type: "users_select", action_id: "v" }],
    ["approvers", { type: "multi_users_select", action_id: "v" }],
    ["channel", { type: "conversations_select", action_id: "v" }],
    ["public", { type: "channels_select", action_id: "v" }],
    ["count", { type: "number_input", action_id: "v", is_decimal_allowed: false }],
    ["ratio", { type: "number_input", action_id: "v", is_decimal_allowed: true }],
  ].map(([block_id, element]) => ({ type: "input", block_id, element }));
  const good = viewStateValues(pickers, {
    owner: { v: { selected_user: "U0ADA" } },
    approvers: { v: { selected_users: ["U0ADA", "U0ADA", "W0GRACE", "<!channel>", 7] } },
    channel: { v: { selected_conversation: "C0APPROVALS" } },
    public: { v: { selected_channel: "C0GENERAL" } },
    count: { v: { value: " 3 " } },
    ratio: { v: { value: "0.5" } },
  });
  assertEquals(good, {
    owner: { v: { type: "users_select", selected_user: "U0ADA" } },
    approvers: { v: { type: "multi_users_select", selected_users: ["U0ADA", "W0GRACE"] } },
    channel: { v: { type: "conversations_select", selected_conversation: "C0APPROVALS" } },
    public: { v: { type: "channels_select", selected_channel: "C0GENERAL" } },
    count: { v: { type: "number_input", value: "3" } },
    ratio: { v: { type: "number_input", value: "0.5" } },
  });
  const bad = viewStateValues(pickers, {
    owner: { v: { selected_user: "<@U0ADA>" } },
    channel: { v: { selected_conversation: "general" } },
    count: { v: { value: "2.5" } },
    ratio: { v: { value: "many" } },
  });
  assertEquals(bad.owner.v, { type: "users_select", selected_user: null });
  assertEquals(bad.approvers.v, { type: "multi_users_select", selected_users: [] });
  assertEquals(bad.channel.v, { type: "conversations_select", selected_conversation: null });
  assertEquals([bad.count.v, bad.ratio.v], [
    { type: "number_input", value: null },
    { type: "number_input", value: null },
  ]);
});
