import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminEditPolicyFunction } from "../functions/admin_edit_policy/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";
import { POLICY_FIELDS } from "./admin_policy_fields.ts";

/** Link-trigger workflow: change or move a policy rule (blank fields unchanged). */
export const AdminEditPolicyWorkflow = defineAdminWorkflow({
  callback_id: "admin_edit_policy",
  title: "Edit or move a policy rule",
  description: "Admins: change a rule or its place in the order",
  formTitle: "Edit or move a rule",
  submitLabel: "Save",
  fields: [{ name: "policy_id", title: "Rule id", type: Schema.types.string }, ...POLICY_FIELDS],
  required: ["policy_id"],
  fn: AdminEditPolicyFunction,
});
