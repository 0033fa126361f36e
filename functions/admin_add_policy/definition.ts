import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";
import { POLICY_SETTINGS_PARAMS } from "../../lib/admin/policy_params.ts";

/** Adds a policy rule at a chosen place in the first-match order. */
export const AdminAddPolicyFunction = DefineFunction({
  callback_id: "admin_add_policy",
  title: "Add a policy rule",
  description: "Add a rule that auto-approves, requires approval or denies matching requests",
  source_file: "functions/admin_add_policy/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      policy_id: {
        type: Schema.types.string,
        title: "Rule id",
        description: "Id of the new rule (default: made from its name)",
      },
      ...POLICY_SETTINGS_PARAMS,
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
