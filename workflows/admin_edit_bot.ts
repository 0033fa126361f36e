import { AdminEditBotFormFunction } from "../functions/admin_edit_bot_form/definition.ts";
import { defineAdminFormWorkflow } from "./admin_workflow.ts";

/**
 * Link-trigger workflow: the edit form function opens its own form (the bot, then its settings with
 * their current values, every invalid field shown in place), then a DM with the result.
 */
export const AdminEditBotWorkflow = defineAdminFormWorkflow({
  callback_id: "admin_edit_bot",
  title: "Edit a bot",
  description: "Admins: change a bot's permissions, approvers, channels, callback or OIDC identity",
  fn: AdminEditBotFormFunction,
});
