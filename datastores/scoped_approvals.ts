import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Scoped approvals (`lib/policy/scope.ts`): temporary rules an approver made by approving
 * "requests like this one" for N minutes and/or N requests. The id is `scope|<decision_id>` of
 * the approval that granted it. An item matches nothing once `expires_at` has passed or its
 * `max_requests` uses are claimed (use claims are `approval_claims` registers
 * `scope|<decision_id>|use|<k>|…`); `used` is only a hint of how many were claimed.
 */
export const ScopedApprovals = DefineDatastore({
  name: "scoped_approvals",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    decision_id: { type: Schema.types.string },
    granted_by: { type: Schema.slack.types.user_id },
    granted_at: { type: Schema.types.number },
    expires_at: { type: Schema.types.number },
    minutes: { type: Schema.types.integer },
    max_requests: { type: Schema.types.integer },
    used: { type: Schema.types.integer },
    service_id: { type: Schema.types.string },
    action: { type: Schema.types.string },
    environment: { type: Schema.types.string },
    resource_pattern: { type: Schema.types.string },
    policy_id: { type: Schema.types.string },
  },
});
