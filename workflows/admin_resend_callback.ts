import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminResendCallbackFunction } from "../functions/admin_resend_callback/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";

/** Link-trigger workflow: resend a decision's callback that failed or was refused. */
export const AdminResendCallbackWorkflow = defineAdminWorkflow({
  callback_id: "admin_resend_callback",
  title: "Resend a failed callback",
  description: "Admins: send a decision's callback again after its delivery failed",
  formTitle: "Resend a failed callback",
  submitLabel: "Resend",
  fields: [
    { name: "decision_id", title: "Decision id", type: Schema.types.string },
    { name: "reason", title: "Reason", type: Schema.types.string, long: true },
  ],
  required: ["decision_id"],
  fn: AdminResendCallbackFunction,
});
