import { AdminRegisterBotFormFunction } from "../functions/admin_register_bot_form/definition.ts";
import { defineAdminFormWorkflow } from "./admin_workflow.ts";

/**
 * Link-trigger workflow: the register form function opens its own form (every invalid field shown in
 * place, nothing saved until valid), then a DM with the result.
 */
export const AdminRegisterBotWorkflow = defineAdminFormWorkflow({
  callback_id: "admin_register_bot",
  title: "Register a bot",
  description: "Admins: add a bot that may ask for permission",
  fn: AdminRegisterBotFormFunction,
});
