import { DefineFunction } from "deno-slack-sdk/mod.ts";
import { ADMIN_OUTPUT_PARAMS, FORM_INTERACTIVITY_PARAM } from "../../lib/admin/params.ts";

/**
 * The register-a-bot form for a link trigger: opens its own modal, shows every invalid field in
 * place and registers the bot once the form is valid (the checks of `admin_register_bot`).
 * Admins only; every submission is recorded in admin_events.
 */
export const AdminRegisterBotFormFunction = DefineFunction({
  callback_id: "admin_register_bot_form",
  title: "Register a bot (form)",
  description: "Open a form to add a bot; invalid fields are shown in place until it is valid",
  source_file: "functions/admin_register_bot_form/mod.ts",
  input_parameters: { properties: { ...FORM_INTERACTIVITY_PARAM }, required: ["interactivity"] },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
