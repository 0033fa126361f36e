import { DefineFunction } from "deno-slack-sdk/mod.ts";
import { ADMIN_OUTPUT_PARAMS, FORM_INTERACTIVITY_PARAM } from "../../lib/admin/params.ts";

/**
 * The add-a-policy-rule form for a link trigger: opens its own modal, shows every invalid field
 * in place and adds the rule once the form is valid (the checks of `admin_add_policy`). Admins
 * only; every submission is recorded in admin_events.
 */
export const AdminAddPolicyFormFunction = DefineFunction({
  callback_id: "admin_add_policy_form",
  title: "Add a policy rule (form)",
  description:
    "Open a form to add a policy rule; invalid fields are shown in place until it is valid",
  source_file: "functions/admin_add_policy_form/mod.ts",
  input_parameters: { properties: { ...FORM_INTERACTIVITY_PARAM }, required: ["interactivity"] },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
