import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS, BOT_SETTINGS_PARAMS } from "../../lib/admin/params.ts";

/**
 * Changes a registered bot's settings: permissions (allow-lists), approvers, escalation group,
 * channels, callback, time limit, OIDC identity. Blank inputs keep the current value; `clear` empties optional settings.
 */
export const AdminEditBotFunction = DefineFunction({
  callback_id: "admin_edit_bot",
  title: "Edit a bot",
  description:
    "Change a bot's permissions, approvers, escalation, channels, callback, time limit or OIDC identity",
  source_file: "functions/admin_edit_bot/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      service_id: {
        type: Schema.types.string,
        title: "Bot id",
        description: "The bot to change",
      },
      ...BOT_SETTINGS_PARAMS,
      clear: {
        type: Schema.types.string,
        title: "Settings to clear",
        description:
          "Optional settings to empty, comma-separated: watcher_channel, callback_url, approver_usergroup, approver_users, escalation_usergroup, oidc_issuer, oidc_audience, oidc_claims, oidc_binding",
      },
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
