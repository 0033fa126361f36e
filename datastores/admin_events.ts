import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Every admin action attempt: applied changes, refusals (not an admin) and invalid input. The id
 * starts with the time in milliseconds (13 digits), so id order is time order. `before` and
 * `after` are the target item as stable JSON; `changed` lists the attributes that differ.
 */
export const AdminEvents = DefineDatastore({
  name: "admin_events",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    at: { type: Schema.types.number },
    actor: { type: Schema.slack.types.user_id },
    action: { type: Schema.types.string },
    target_type: { type: Schema.types.string, enum: ["bot", "policy", "decision"] },
    target_id: { type: Schema.types.string },
    result: { type: Schema.types.string, enum: ["applied", "refused", "invalid"] },
    detail: { type: Schema.types.string },
    before: { type: Schema.types.string },
    after: { type: Schema.types.string },
    changed: { type: Schema.types.string },
    /** Ed25519 signature by the app's key over every other attribute (lib/audit/canonical.ts). */
    record_signature: { type: Schema.types.string },
    /** Key id of the key that made `record_signature`. */
    record_key_id: { type: Schema.types.string },
    /** Version of the signed encoding. */
    record_version: { type: Schema.types.integer },
  },
});
