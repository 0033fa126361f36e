import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminAddPolicyFunction } from "../functions/admin_add_policy/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";
import { POLICY_FIELDS } from "./admin_policy_fields.ts";

/** Link-trigger workflow: add a policy rule at a chosen place. */
export const AdminAddPolicyWorkflow = defineAdminWorkflow({
  callback_id: "admin_add_policy",
  title: "Add a policy rule",
  description: "Admins: add a rule to the first-match policy order",
  formTitle: "Add a policy rule",
  submitLabel: "Add",
  fields: [
    {
      name: "policy_id",
      title: "Rule id",
      type: Schema.types.string,
      description: "Default: made from the name",
    },
    ...POLICY_FIELDS,
  ],
  required: ["name", "effect"],
  fn: AdminAddPolicyFunction,
});
