import { assertEquals } from "@std/assert";
import manifest from "../manifest.ts";
import { checkFormInputs, checkOpenForms, MAX_ELEMENT_TITLE } from "./open_form_rules.ts";

Deno.test("every OpenForm in every workflow uses documented element types and limits", () => {
  assertEquals(checkOpenForms(manifest.workflows as Record<string, unknown>), []);
});

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
