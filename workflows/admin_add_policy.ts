import { AdminAddPolicyFormFunction } from "../functions/admin_add_policy_form/definition.ts";
import { defineAdminFormWorkflow } from "./admin_workflow.ts";

/**
 * Link-trigger workflow: the add-a-rule form function opens its own form (every invalid field
 * shown in place, nothing saved until valid), then a DM with the result.
 */
export const AdminAddPolicyWorkflow = defineAdminFormWorkflow({
  callback_id: "admin_add_policy",
  title: "Add a policy rule",
  description: "Admins: add a rule to the first-match policy order",
  fn: AdminAddPolicyFormFunction,
});
