import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminEditBotFunction } from "../functions/admin_edit_bot/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";
import { BOT_SETTING_FIELDS } from "./admin_register_bot.ts";

/** Link-trigger workflow: change a bot's permissions and approvers (blank fields unchanged). */
export const AdminEditBotWorkflow = defineAdminWorkflow({
  callback_id: "admin_edit_bot",
  title: "Edit a bot",
  description: "Admins: change a bot's permissions, approvers, channels, callback or OIDC identity",
  formTitle: "Edit a bot",
  submitLabel: "Save",
  fields: [
    { name: "service_id", title: "Bot id", type: Schema.types.string },
    ...BOT_SETTING_FIELDS,
    {
      name: "clear",
      title: "Settings to clear",
      type: Schema.types.string,
      description: "Comma-separated: watcher_channel, callback_url, approver_usergroup, " +
        "approver_users, escalation_usergroup, oidc_issuer, oidc_audience, oidc_claims, oidc_binding",
    },
  ],
  required: ["service_id"],
  fn: AdminEditBotFunction,
});
