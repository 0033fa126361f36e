import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Ordered policy rules. The enabled rule with the lowest `position` whose patterns and conditions
 * all match a request decides it; when none matches, the request needs one human approval.
 */
export const Policies = DefineDatastore({
  name: "policies",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    position: { type: Schema.types.number },
    name: { type: Schema.types.string },
    description: { type: Schema.types.string },
    service_pattern: { type: Schema.types.string },
    action_pattern: { type: Schema.types.string },
    resource_pattern: { type: Schema.types.string },
    environment_pattern: { type: Schema.types.string },
    /** `key=value` pairs joined by `&`, all of which the request's conditions must carry. */
    conditions: { type: Schema.types.string },
    effect: {
      type: Schema.types.string,
      enum: ["auto_approve", "require_approval", "deny"],
    },
    approvals_required: { type: Schema.types.integer },
    /** This rule's approver user groups with counts, `S0SRE:1, S0SEC:1` (lib/policy/routing.ts). */
    approver_groups: { type: Schema.types.string },
    /** How many of those groups must sign off; 0 or missing means all. */
    groups_required: { type: Schema.types.integer },
    /** Channel of this rule's approval requests instead of the bot's. */
    approval_channel: { type: Schema.slack.types.channel_id },
    enabled: { type: Schema.types.boolean },
    updated_by: { type: Schema.slack.types.user_id },
    updated_at: { type: Schema.types.number },
  },
});
