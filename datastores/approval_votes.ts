import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * One item per (decision, approver) vote. Slack datastores have no conditional writes, so votes
 * are separate items keyed `<decision_id>|<user_id>` rather than a list inside the decision: two
 * approvers clicking at once then never overwrite each other's vote.
 */
export const ApprovalVotes = DefineDatastore({
  name: "approval_votes",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    decision_id: { type: Schema.types.string },
    user_id: { type: Schema.slack.types.user_id },
    vote: { type: Schema.types.string, enum: ["approve", "deny"] },
    comment: { type: Schema.types.string },
    voted_at: { type: Schema.types.number },
    /** `sha256:<hex>` of the approval message the voter acted on (lib/decision/seen.ts). */
    seen_digest: { type: Schema.types.string },
  },
});
