import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";

/**
 * Resends a decision's callback that failed (or was refused) to the bot's current callback URL,
 * signed afresh by the app's key. Recorded in the admin log and on the decision.
 */
export const AdminResendCallbackFunction = DefineFunction({
  callback_id: "admin_resend_callback",
  title: "Resend a failed callback",
  description: "Send a decision's callback again after it failed (admins only)",
  source_file: "functions/admin_resend_callback/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "<service_id>|<request_id>, as in the audit log",
      },
      reason: {
        type: Schema.types.string,
        title: "Reason",
        description: "Why (kept in the admin log)",
      },
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
