import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkPolicyForm } from "./policy_form_check.ts";
import { readSpecForm, SPEC_ACTION_ID, specFormView } from "./spec_form.ts";
import type { SpecField } from "./spec_form.ts";

const FIELDS: SpecField[] = [
  { name: "policy_id", title: "Rule id", type: "string" },
  { name: "name", title: "Name", type: "string" },
  { name: "action_pattern", title: "Action pattern", type: "string" },
  { name: "conditions", title: "Conditions", type: "string" },
  {
    name: "effect",
    title: "Effect",
    type: "string",
    choices: [
      { value: "auto_approve", title: "Auto-approve" },
      { value: "require_approval", title: "Require approval" },
      { value: "deny", title: "Deny" },
    ],
  },
  { name: "approvals_required", title: "Approvals required", type: "integer" },
  { name: "position", title: "Place in order", type: "integer" },
  { name: "channel", title: "Channel", type: "slack#/types/channel_id" },
  { name: "people", title: "People", type: "array", items: { type: "slack#/types/user_id" } },
];
const REQUIRED = ["name", "effect"];

Deno.test("a spec form: one input per field with Slack's element for its type", () => {
  const view = specFormView({
    callbackId: "x",
    title: "Add a policy rule",
    submit: "Add",
    fields: FIELDS,
    required: REQUIRED,
    initial: { effect: "deny", approvals_required: 2 },
  }) as {
    title: { text: string };
    blocks: { block_id: string; optional: boolean; element: Record<string, unknown> }[];
  };
  assert(view.title.text.length <= 24);
  const types = Object.fromEntries(view.blocks.map((b) => [b.block_id, b.element.type]));
  assertEquals(types, {
    policy_id: "plain_text_input",
    name: "plain_text_input",
    action_pattern: "plain_text_input",
    conditions: "plain_text_input",
    effect: "static_select",
    approvals_required: "number_input",
    position: "number_input",
    channel: "conversations_select",
    people: "multi_users_select",
  });
  const effect = view.blocks.find((b) => b.block_id === "effect")!;
  assertEquals((effect.element.initial_option as { value: string }).value, "deny");
  assertEquals(effect.optional, false);
});

const submitted = (values: Record<string, Record<string, unknown>>) =>
  readSpecForm(
    FIELDS,
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [SPEC_ACTION_ID]: v }])),
  );

Deno.test("every invalid field of a rule is named at once, each under its own field", () => {
  const input = submitted({
    policy_id: { type: "plain_text_input", value: "bad id!" },
    name: { type: "plain_text_input", value: "Deny deletes" },
    action_pattern: { type: "plain_text_input", value: " delete*" },
    conditions: { type: "plain_text_input", value: "ci_status" },
    effect: { type: "static_select", selected_option: { value: "deny" } },
    approvals_required: { type: "number_input", value: "2" },
  });
  const checked = checkPolicyForm(FIELDS, REQUIRED, input, { id: "" }, true);
  assert(!checked.ok);
  assertEquals(Object.keys(checked.errors).sort(), [
    "action_pattern",
    "approvals_required",
    "conditions",
    "policy_id",
  ]);
  assertStringIncludes(
    checked.errors.approvals_required,
    'only applies to effect "require_approval"',
  );
  const missing = checkPolicyForm(FIELDS, REQUIRED, {}, { id: "" }, true);
  assert(!missing.ok);
  assertEquals(missing.errors, { name: "name is required", effect: "effect is required" });
});

Deno.test("a valid rule is built with the step's defaults", () => {
  const checked = checkPolicyForm(
    FIELDS,
    REQUIRED,
    submitted({
      name: { type: "plain_text_input", value: "Two for prod" },
      effect: { type: "static_select", selected_option: { value: "require_approval" } },
      approvals_required: { type: "number_input", value: "2" },
      position: { type: "number_input", value: "1" },
    }),
    { id: "" },
    true,
  );
  assert(checked.ok);
  assertEquals(
    [
      checked.item.name,
      checked.item.effect,
      checked.item.approvals_required,
      checked.item.action_pattern,
    ],
    ["Two for prod", "require_approval", 2, "*"],
  );
  assertEquals(checked.item.enabled, true);
});
