import { DefineFunction } from "deno-slack-sdk/mod.ts";
import { ADMIN_OUTPUT_PARAMS, FORM_INTERACTIVITY_PARAM } from "../../lib/admin/params.ts";

/**
 * The edit-a-bot form for a link trigger: opens its own modal (the bot, then its settings with
 * their current values), shows every invalid field in place and saves once the form is valid.
 * Admins only; every submission is recorded in admin_events.
 */
export const AdminEditBotFormFunction = DefineFunction({
  callback_id: "admin_edit_bot_form",
  title: "Edit a bot (form)",
  description: "Open a form to change a bot's settings; invalid fields are shown in place",
  source_file: "functions/admin_edit_bot_form/mod.ts",
  input_parameters: { properties: { ...FORM_INTERACTIVITY_PARAM }, required: ["interactivity"] },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
