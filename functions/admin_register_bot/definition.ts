import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS, BOT_SETTINGS_PARAMS } from "../../lib/admin/params.ts";

/**
 * Registers a new bot in the services datastore after validating every setting. Admins only;
 * every attempt (applied, refused, invalid) is recorded in admin_events. Inputs are not marked
 * required so that a missing one gets a specific, recorded message instead of a bare failure.
 */
export const AdminRegisterBotFunction = DefineFunction({
  callback_id: "admin_register_bot",
  title: "Register a bot",
  description:
    "Add a bot that may ask for permission: its public key or OIDC issuer, permissions and approvers",
  source_file: "functions/admin_register_bot/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      service_id: {
        type: Schema.types.string,
        title: "Bot id",
        description: "The service_id the bot sends (letters, digits, . _ : -)",
      },
      public_key: {
        type: Schema.types.string,
        title: "Public key",
        description:
          "Ed25519 public key: raw base64 or PEM (never the private key); optional with an OIDC issuer",
      },
      key_id: {
        type: Schema.types.string,
        title: "Key id",
        description: "The key_id the bot sends (default: <bot id>-1)",
      },
      ...BOT_SETTINGS_PARAMS,
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
