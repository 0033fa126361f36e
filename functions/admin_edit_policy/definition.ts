import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";
import { POLICY_SETTINGS_PARAMS } from "../../lib/admin/policy_params.ts";

/** Changes a policy rule or moves it in the order (blank settings stay as they are). */
export const AdminEditPolicyFunction = DefineFunction({
  callback_id: "admin_edit_policy",
  title: "Edit or move a policy rule",
  description: "Change a rule's patterns, conditions, effect or switch; or move it in the order",
  source_file: "functions/admin_edit_policy/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      policy_id: {
        type: Schema.types.string,
        title: "Rule id",
        description: "The rule to change",
      },
      ...POLICY_SETTINGS_PARAMS,
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
