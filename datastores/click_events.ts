import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Every refused click on an approval message or deny form: who (`actor`), what (`action` on
 * `decision_id`), why (`reason`, a stable code, and `detail`, the text the user was shown). The id
 * starts with the time in milliseconds (13 digits), so id order is time order, as in
 * `admin_events`.
 */
export const ClickEvents = DefineDatastore({
  name: "click_events",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    at: { type: Schema.types.number },
    actor: { type: Schema.types.string },
    action: {
      type: Schema.types.string,
      enum: ["approve", "approve_submit", "deny", "deny_submit"],
    },
    decision_id: { type: Schema.types.string },
    execution_id: { type: Schema.types.string },
    result: { type: Schema.types.string, enum: ["refused"] },
    reason: { type: Schema.types.string },
    detail: { type: Schema.types.string },
    /** Ed25519 signature by the app's key over every other attribute (lib/audit/canonical.ts). */
    record_signature: { type: Schema.types.string },
    /** Key id of the key that made `record_signature`. */
    record_key_id: { type: Schema.types.string },
    /** Version of the signed encoding. */
    record_version: { type: Schema.types.integer },
  },
});
