import { assertEquals, assertStringIncludes } from "@std/assert";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";
import { runBuiltin } from "./builtins.ts";
import { checkFormInputs, MAX_ELEMENT_TITLE, MAX_FORM_ELEMENTS } from "./open_form_rules.ts";

Deno.test("the check refuses usergroup_id fields, long titles and undocumented array items", () => {
  const problems = checkFormInputs({
    title: "Register a bot, with every setting",
    submit_label: "Register",
    interactivity: "{{inputs.interactivity}}",
    fields: {
      elements: [
        { name: "group", title: "Approver group", type: "slack#/types/usergroup_id" },
        { name: "limit", title: "Approval time limit (minutes)", type: "integer" },
        {
          name: "groups",
          title: "Groups",
          type: "array",
          items: { type: "slack#/types/usergroup_id" },
        },
        { name: "tags", title: "Tags", type: "array", items: { type: "string" } },
      ],
      required: ["group", "gone"],
    },
  });
  assertEquals(problems, [
    'form title "Register a bot, with every setting" is longer than 24 characters',
    'element "group": type "slack#/types/usergroup_id" is not a form element type',
    `element "limit": title "Approval time limit (minutes)" is longer than ${MAX_ELEMENT_TITLE} characters`,
    'element "groups": array of "slack#/types/usergroup_id" is not a form element type',
    'element "tags": an array of strings needs an enum (a multi-select of fixed options)',
    'required "gone" is not an element',
  ]);
});

Deno.test("a form holds at most as many elements as a modal holds blocks; a select at most 100 options", () => {
  const element = (i: number) => ({ name: `f${i}`, title: `F${i}`, type: "string" });
  const form = (n: number, description?: string) => ({
    title: "Big form",
    description,
    interactivity: {},
    fields: { elements: Array.from({ length: n }, (_, i) => element(i)) },
  });
  assertEquals(checkFormInputs(form(MAX_FORM_ELEMENTS)), []);
  assertEquals(checkFormInputs(form(MAX_FORM_ELEMENTS, "About")), [
    "form has 100 elements; a form holds at most 99",
  ]);
  const options = Array.from({ length: 101 }, (_, i) => `o${i}`);
  assertEquals(
    checkFormInputs({
      title: "Pick",
      interactivity: {},
      fields: { elements: [{ name: "o", title: "Option", type: "string", enum: options }] },
    }),
    ['element "o": 101 options; a select holds at most 100'],
  );
});

/** Runs the platform's form step with `fields`, as a workflow's OpenForm step runs. */
async function openForm(
  form: Record<string, unknown>,
  relax: { formFreeTextArrays?: boolean } = {},
) {
  const platform = await startTestPlatform();
  try {
    const pointer = platform.api.registerInteraction(TEST_WORKSPACE.users.bob);
    const outcome = await runBuiltin("slack#/functions/open_form", {
      interactivity: {
        interactivity_pointer: pointer,
        interactor: { id: TEST_WORKSPACE.users.bob },
      },
      ...form,
    }, {
      api: platform.api,
      botToken: TEST_TOKEN,
      execution: { id: "Fx1", token: TEST_TOKEN },
      relax,
    });
    const calls = platform.storage.listCalls().map((c) => c.method);
    return { outcome, opened: calls.includes("views.open") };
  } finally {
    await platform.close();
  }
}

const fields = (...elements: Record<string, unknown>[]) => ({ elements });

Deno.test("the form step refuses a usergroup_id field with Slack's parameter_validation_failed, before opening anything", async () => {
  const { outcome, opened } = await openForm({
    title: "Register a bot",
    fields: fields({ name: "group", title: "Approver group", type: "slack#/types/usergroup_id" }),
  });
  assertEquals(outcome.kind, "failed");
  const error = outcome.kind === "failed" ? outcome.error : "";
  assertStringIncludes(error, "parameter_validation_failed");
  assertStringIncludes(error, '"slack#/types/usergroup_id" is not a form element type');
  assertEquals(opened, false);
});

Deno.test("the form step refuses titles over 24 (form) and 25 (field) characters instead of cutting them", async () => {
  const long = await openForm({
    title: "Register a bot, every setting",
    fields: fields({ name: "n", title: "Name", type: "string" }),
  });
  assertEquals(long.outcome.kind, "failed");
  const label = await openForm({
    title: "Register a bot",
    fields: fields({ name: "t", title: "Approval time limit (min)x", type: "integer" }),
  });
  assertEquals(label.outcome.kind, "failed");
  const fine = await openForm({
    title: "Register a bot, settings",
    fields: fields({ name: "t", title: "Approval time limit (min)", type: "integer" }),
  });
  assertEquals([fine.outcome.kind, fine.opened], ["suspended", true]);
  // "24 characters / 8 Japanese characters max": 24 bytes of UTF-8.
  const japanese = (title: string) =>
    openForm({ title, fields: fields({ name: "n", title: "Name", type: "string" }) });
  assertEquals((await japanese("承認申請フォーム")).outcome.kind, "suspended");
  const nine = await japanese("承認申請フォーム式");
  assertEquals(nine.outcome.kind, "failed");
  assertStringIncludes(nine.outcome.kind === "failed" ? nine.outcome.error : "", "24 bytes");
});

Deno.test("an array of free strings is refused (assumption) unless relaxed", async () => {
  const form = {
    title: "Tags",
    fields: fields({ name: "tags", title: "Tags", type: "array", items: { type: "string" } }),
  };
  assertEquals((await openForm(form)).outcome.kind, "failed");
  assertEquals((await openForm(form, { formFreeTextArrays: true })).outcome.kind, "suspended");
});
