import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";

/** Removes a policy rule; the removed rule stays readable in the admin log's `before`. */
export const AdminRemovePolicyFunction = DefineFunction({
  callback_id: "admin_remove_policy",
  title: "Remove a policy rule",
  description: "Delete a rule; its last settings are kept in the admin log",
  source_file: "functions/admin_remove_policy/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      policy_id: {
        type: Schema.types.string,
        title: "Rule id",
        description: "The rule to remove",
      },
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
