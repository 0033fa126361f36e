import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";

/**
 * Disables or re-enables a bot. A disabled bot's next request is rejected at once by
 * verify_request (`service_disabled`) and recorded like every rejection.
 */
export const AdminSetBotStatusFunction = DefineFunction({
  callback_id: "admin_set_bot_status",
  title: "Disable or enable a bot",
  description: "Switch a bot off (its requests are rejected at once) or back on",
  source_file: "functions/admin_set_bot_status/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      service_id: {
        type: Schema.types.string,
        title: "Bot id",
        description: "The bot to switch",
      },
      status: {
        type: Schema.types.string,
        title: "New status",
        description: "disabled (reject its requests) or active",
        enum: ["disabled", "active"],
        choices: [
          { value: "disabled", title: "Disabled", description: "Reject its requests at once" },
          { value: "active", title: "Active", description: "Accept its requests again" },
        ],
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
