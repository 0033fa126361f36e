import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";

/**
 * Adds a new public key to a bot and ends its other keys after an overlap the admin chooses, so
 * the bot can switch keys without a refused request.
 */
export const AdminRotateKeyFunction = DefineFunction({
  callback_id: "admin_rotate_key",
  title: "Rotate a bot's key",
  description: "Add a new public key; the old key keeps working for the overlap you choose",
  source_file: "functions/admin_rotate_key/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      service_id: {
        type: Schema.types.string,
        title: "Bot id",
        description: "The bot whose key changes",
      },
      public_key: {
        type: Schema.types.string,
        title: "New public key",
        description: "Ed25519 public key: raw base64 or PEM (never the private key)",
      },
      key_id: {
        type: Schema.types.string,
        title: "New key id",
        description: "The key_id the bot sends with the new key (must be new for this bot)",
      },
      overlap_minutes: {
        type: Schema.types.integer,
        title: "Overlap (minutes)",
        description: "How long the old key stays valid (0 = stops now; default 60)",
      },
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
