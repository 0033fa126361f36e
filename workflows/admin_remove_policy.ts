import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminRemovePolicyFunction } from "../functions/admin_remove_policy/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";

/** Link-trigger workflow: remove a policy rule. */
export const AdminRemovePolicyWorkflow = defineAdminWorkflow({
  callback_id: "admin_remove_policy",
  title: "Remove a policy rule",
  description: "Admins: delete a rule (kept in the admin log)",
  formTitle: "Remove a policy rule",
  submitLabel: "Remove",
  fields: [{ name: "policy_id", title: "Rule id", type: Schema.types.string }],
  required: ["policy_id"],
  fn: AdminRemovePolicyFunction,
});
