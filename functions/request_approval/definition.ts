import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { POLICY_FACT_PARAMS, REQUEST_FIELD_PARAMS } from "../_request_fields.ts";

/**
 * Asks the approvers in a channel with Approve / Deny buttons and waits (the function stays
 * incomplete) until enough distinct approvers approve, one denies with a reason, or the time
 * limit passes. When `effect` is anything but `require_approval` it completes at once and does
 * nothing, so an auto-decided request costs no Slack call here.
 */
export const RequestApprovalFunction = DefineFunction({
  callback_id: "request_approval",
  title: "Request human approval",
  description:
    "Post an attributed approval request with Approve / Deny buttons and wait for the approvers",
  source_file: "functions/request_approval/mod.ts",
  input_parameters: {
    properties: {
      effect: {
        type: Schema.types.string,
        title: "Effect",
        description: "Policy effect; only require_approval asks humans (empty means ask)",
      },
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "Decision record id (generated when empty)",
      },
      ...REQUEST_FIELD_PARAMS,
      service_name: {
        type: Schema.types.string,
        title: "Service name",
        description: "Display name of the service",
      },
      service_owner: {
        type: Schema.slack.types.user_id,
        title: "Service owner",
        description: "Owner shown in the message",
      },
      policy_name: {
        type: Schema.types.string,
        title: "Policy",
        description: "Rule that required approval",
      },
      approvals_required: {
        type: Schema.types.integer,
        title: "Approvals required",
        description: "Distinct approvals needed (default 1)",
      },
      approver_users: {
        type: Schema.types.array,
        items: { type: Schema.slack.types.user_id },
        title: "Approvers",
        description: "Users who may approve",
      },
      approver_usergroup: {
        type: Schema.slack.types.usergroup_id,
        title: "Approver group",
        description: "User group whose members may approve",
      },
      approval_channel: {
        type: Schema.slack.types.channel_id,
        title: "Approval channel",
        description: "Where to ask",
      },
      approver_groups: {
        type: Schema.types.string,
        title: "Approver groups",
        description:
          "Sign-off across user groups instead of the approvers above, e.g. S0123SRE:1, S0456SEC:1 (a person counts for one group)",
      },
      groups_required: {
        type: Schema.types.integer,
        title: "Groups that must sign off",
        description: "How many of the approver groups must each give their count (default: all)",
      },
      policy_id: {
        type: Schema.types.string,
        title: "Policy id",
        description:
          "Id of the rule that required approval (a scoped approval covers only its requests)",
      },
      rule_approval_channel: {
        type: Schema.types.string,
        title: "Rule's approval channel",
        description: "Channel id of the deciding rule, used instead of the approval channel",
      },
      watcher_channel: {
        type: Schema.slack.types.channel_id,
        title: "Watcher channel",
        description: "Where to post a short notice of the outcome",
      },
      timeout_seconds: {
        type: Schema.types.integer,
        title: "Time limit",
        description: "Seconds before the request expires (default 3600)",
      },
      requested_at: {
        type: Schema.types.number,
        title: "Requested at",
        description: "Unix milliseconds when the request arrived; the time limit counts from here",
      },
      identity_method: {
        type: Schema.types.string,
        title: "Identity method",
        description: "How the caller proved its identity: ed25519, oidc or ed25519+oidc",
      },
      verified_claims: {
        type: Schema.types.string,
        title: "Verified claims",
        description: "Attribution from the verified OIDC token, as JSON",
      },
      key_id: {
        type: Schema.types.string,
        title: "Key id",
        description: "Key that signed the request; kept so retiring that key ends the request",
      },
      ...POLICY_FACT_PARAMS,
    },
    required: [],
  },
  output_parameters: {
    properties: {
      outcome: {
        type: Schema.types.string,
        title: "Outcome",
        description:
          "approved, denied, expired, overloaded, overloaded_unclaimed, replayed (a duplicate copy), or empty when nobody was asked",
      },
      decided_by: {
        type: Schema.types.array,
        items: { type: Schema.slack.types.user_id },
        title: "Decided by",
        description: "Approvers who approved, or the one who denied",
      },
      denial_reason: {
        type: Schema.types.string,
        title: "Denial reason",
        description: "Reason given with Deny",
      },
      approver_comment: {
        type: Schema.types.string,
        title: "Approver comment",
        description:
          'Optional comment given with Approve with comment (N-of-M: each approving vote\'s comment as "U…: text", joined by " | ")',
      },
      approval_scope: {
        type: Schema.types.string,
        title: "Approval scope",
        description:
          "What the approver also approved, as JSON: requests like this one for some minutes and/or requests (empty: only this request)",
      },
      seen_digests: {
        type: Schema.types.array,
        items: { type: Schema.types.string },
        title: "What the deciders saw",
        description:
          "sha256 digest of the approval message each of decided_by acted on, in the same order",
      },
      decided_at: {
        type: Schema.types.number,
        title: "Decided at",
        description: "Unix milliseconds of the decision",
      },
      message_channel: {
        type: Schema.slack.types.channel_id,
        title: "Message channel",
        description: "Channel of the approval message",
      },
      message_ts: {
        type: Schema.types.string,
        title: "Message ts",
        description: "Timestamp of the approval message",
      },
    },
    required: ["outcome"],
  },
});
