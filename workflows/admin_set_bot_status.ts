import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminSetBotStatusFunction } from "../functions/admin_set_bot_status/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";

/** Link-trigger workflow: switch a bot off (its requests are rejected at once) or on. */
export const AdminSetBotStatusWorkflow = defineAdminWorkflow({
  callback_id: "admin_set_bot_status",
  title: "Disable or enable a bot",
  description: "Admins: switch a bot off at once, or back on",
  formTitle: "Disable or enable a bot",
  submitLabel: "Apply",
  fields: [
    { name: "service_id", title: "Bot id", type: Schema.types.string },
    {
      name: "status",
      title: "New status",
      type: Schema.types.string,
      enum: ["disabled", "active"],
      choices: [
        { value: "disabled", title: "Disabled: reject its requests" },
        { value: "active", title: "Active: accept its requests" },
      ],
    },
    { name: "reason", title: "Reason", type: Schema.types.string, long: true },
  ],
  required: ["service_id", "status"],
  fn: AdminSetBotStatusFunction,
});
