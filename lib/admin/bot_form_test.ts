import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { BOT_FORM_FIELDS, botFormView, FORM_ACTION_ID, readBotForm } from "./bot_form.ts";
import { checkBotForm, problemField } from "./bot_form_check.ts";
import { TEST_PUBLIC_KEY } from "../contract/_testing.ts";
import { testBot, W } from "./_testing.ts";
import type { ServiceItem } from "./bot.ts";

type Block = {
  type: string;
  block_id?: string;
  label?: { text: string };
  hint?: { text: string };
  element?: Record<string, unknown>;
};

/** Block Kit element types an input block of a modal accepts (Slack's reference). */
const INPUT_ELEMENTS = new Set([
  "plain_text_input",
  "number_input",
  "static_select",
  "users_select",
  "multi_users_select",
  "conversations_select",
]);

Deno.test("the bot forms keep Slack's modal rules: titles, labels, element types, metadata", () => {
  const bot = testBot() as unknown as ServiceItem;
  for (
    const view of [
      botFormView({ callbackId: "admin_register_bot_form", mode: "register" }),
      botFormView({ callbackId: "admin_edit_bot_form", mode: "edit", item: bot }),
    ]
  ) {
    const v = view as { title: { text: string }; submit: { text: string }; blocks: Block[] };
    assert(v.title.text.length <= 24 && v.submit.text.length <= 24);
    assert(v.blocks.length <= 100);
    assert(String(view.private_metadata).length <= 3000);
    const ids = new Set<string>();
    for (const block of v.blocks.filter((b) => b.type === "input")) {
      assert(!ids.has(block.block_id!), `block ids are unique: ${block.block_id}`);
      ids.add(block.block_id!);
      assert(block.label!.text.length <= 2000 && (block.hint?.text.length ?? 0) <= 2000);
      assert(INPUT_ELEMENTS.has(String(block.element!.type)), String(block.element!.type));
      assertEquals(block.element!.action_id, FORM_ACTION_ID);
    }
  }
});

Deno.test("the edit form starts from the bot's values; a choice starts on an exact option", () => {
  const bot = { ...testBot(), oidc_binding: "single_use" } as unknown as ServiceItem;
  const view = botFormView({ callbackId: "x", mode: "edit", item: bot }) as { blocks: Block[] };
  const element = (id: string) => view.blocks.find((b) => b.block_id === id)?.element ?? {};
  assertEquals(element("service_id"), {}, "the id is not editable");
  assertEquals(element("owner").initial_user, W.users.alice);
  assertEquals(element("approver_users").initial_users, [W.users.alice, W.users.bob]);
  assertEquals(element("approval_channel").initial_conversation, W.channelId);
  assertEquals(element("allowed_environments").initial_value, "staging\nproduction");
  assertEquals(element("approval_timeout_minutes").initial_value, "60");
  const options = element("oidc_binding").options as unknown[];
  assert(options.includes(element("oidc_binding").initial_option));
});

/** A submission's state values as Slack sends them. */
function submission(values: Record<string, Record<string, unknown>>) {
  return Object.fromEntries(
    Object.entries(values).map(([block, state]) => [block, { [FORM_ACTION_ID]: state }]),
  );
}

Deno.test("readBotForm reads each element's state and ignores what is not a field", () => {
  const input = readBotForm(submission({
    service_id: { type: "plain_text_input", value: "deploy-bot" },
    owner: { type: "users_select", selected_user: W.users.bob },
    approver_users: { type: "multi_users_select", selected_users: [W.users.alice, 7] },
    approval_channel: { type: "conversations_select", selected_conversation: W.channelId },
    approvals_required: { type: "number_input", value: "2" },
    approval_timeout_minutes: { type: "number_input", value: "1.5" },
    oidc_binding: { type: "static_select", selected_option: { value: "request" } },
    kind: { type: "plain_text_input", value: "  " },
    injected: { type: "plain_text_input", value: "x" },
  }));
  assertEquals(input, {
    service_id: "deploy-bot",
    owner: W.users.bob,
    approver_users: [W.users.alice],
    approval_channel: W.channelId,
    approvals_required: 2,
    approval_timeout_minutes: NaN,
    oidc_binding: "request",
  });
  assertEquals(readBotForm("garbage"), {});
  assertEquals(BOT_FORM_FIELDS.length, 22);
});

const CTX = { extraDomains: [] };

Deno.test("checkBotForm names every invalid field at once, each under its own block", async () => {
  const checked = await checkBotForm("register", {
    service_id: "deploy bot",
    public_key: TEST_PUBLIC_KEY,
    display_name: "Deploy bot",
    owner: W.users.alice,
    allowed_actions: "deploy",
    allowed_resources: "api-*",
    allowed_environments: "staging",
    approvals_required: 0,
    approval_channel: W.channelId,
    callback_url: "https://attacker.example/hook",
    oidc_binding: "sometimes",
  }, CTX);
  assert(!checked.ok);
  assertEquals(Object.keys(checked.errors).sort(), [
    "approvals_required",
    "callback_url",
    "oidc_binding",
    "service_id",
  ]);
  assertStringIncludes(checked.errors.service_id, '"deploy bot" must be 1–64 letters');
  assertStringIncludes(checked.errors.callback_url, "outgoing");
});

Deno.test("checkBotForm: a registration needs a key or an OIDC issuer; private keys are refused", async () => {
  const base = {
    service_id: "b",
    display_name: "B",
    owner: W.users.alice,
    allowed_actions: "*",
    allowed_resources: "*",
    allowed_environments: "*",
    approval_channel: W.channelId,
  };
  const keyless = await checkBotForm("register", base, CTX);
  assert(!keyless.ok);
  assertStringIncludes(keyless.errors.public_key, "the public key is empty");
  const secret = await checkBotForm("register", {
    ...base,
    public_key: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----",
  }, CTX);
  assert(!secret.ok);
  assertStringIncludes(secret.errors.public_key, "PRIVATE key");
  assert(!secret.errors.public_key.includes("abc"), "the pasted secret is never echoed");
  const ok = await checkBotForm("register", { ...base, public_key: TEST_PUBLIC_KEY }, CTX);
  assert(ok.ok);
  assertEquals(ok.keyId, "b-1");
  assertEquals(ok.item.public_keys, [{ key_id: "b-1", public_key: TEST_PUBLIC_KEY, not_after: 0 }]);
});

Deno.test("checkBotForm edit: the form is the whole setting; a blank optional field clears it", async () => {
  const before = testBot() as unknown as ServiceItem;
  const required = {
    display_name: "CI bot",
    owner: W.users.alice,
    allowed_actions: "deploy",
    allowed_resources: "api-*",
    allowed_environments: "staging",
    approval_channel: W.channelId,
  };
  const checked = await checkBotForm(
    "edit",
    { ...required, approver_users: [W.users.alice] },
    CTX,
    before,
  );
  assert(checked.ok);
  assertEquals(checked.item.id, "ci-bot");
  assertEquals(checked.item.public_keys, before.public_keys, "keys are not part of the form");
  assertEquals(checked.item.status, "active");
  assertEquals([checked.item.watcher_channel, checked.item.callback_url], [undefined, undefined]);
  assertEquals(checked.item.approval_timeout_seconds, undefined);
  const orphan = await checkBotForm(
    "edit",
    { ...required, oidc_claims: "repository=acme/api" },
    CTX,
    before,
  );
  assert(!orphan.ok);
  assertEquals(Object.keys(orphan.errors), ["oidc_issuer"]);
});

Deno.test("problemField: the Web API checks' messages land under their fields", () => {
  const cases: [string, string][] = [
    [
      'approver usergroup "S0X" cannot be used: Slack answered "no_such_subteam"',
      "approver_usergroup",
    ],
    ['escalation usergroup "S0X" has no members to escalate to', "escalation_usergroup"],
    ["approvals required (3) is larger than the 2 distinct approvers", "approvals_required"],
    ["no approvers: give approver users or an approver usergroup", "approver_users"],
    ['approver "U0X" cannot be used: the account is deactivated', "approver_users"],
    ['owner "U0X" cannot be used: it is a bot, not a person', "owner"],
  ];
  for (const [message, field] of cases) assertEquals(problemField(message, "register"), field);
});
