import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { POLICY_FACT_PARAMS, REQUEST_FIELD_PARAMS } from "../_request_fields.ts";

/**
 * Derives the final outcome from the earlier steps (verify → rejected, policy → auto_approved /
 * auto_denied, approval → approved / denied / expired) and writes it to the decisions datastore,
 * exactly once per decision id.
 */
export const RecordDecisionFunction = DefineFunction({
  callback_id: "record_decision",
  title: "Record the decision",
  description: "Write the final outcome of a request, with full attribution, to the audit trail",
  source_file: "functions/record_decision/mod.ts",
  input_parameters: {
    properties: {
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "From the verify step",
      },
      verdict: { type: Schema.types.string, title: "Verdict", description: "verified or rejected" },
      reason_code: {
        type: Schema.types.string,
        title: "Reason code",
        description: "Rejection reason from the verify step",
      },
      reason_detail: {
        type: Schema.types.string,
        title: "Reason detail",
        description: "Explanation from the verify step",
      },
      effect: { type: Schema.types.string, title: "Effect", description: "Policy effect" },
      break_glass: {
        type: Schema.types.string,
        title: "Break-glass",
        description: "The verified break-glass justification (verify step)",
      },
      ...POLICY_FACT_PARAMS,
      policy_id: {
        type: Schema.types.string,
        title: "Policy id",
        description: "Rule that applied",
      },
      policy_name: {
        type: Schema.types.string,
        title: "Policy name",
        description: "Name of that rule",
      },
      approvals_required: {
        type: Schema.types.integer,
        title: "Approvals required",
        description: "Approvals the rule needed",
      },
      approver_groups: {
        type: Schema.types.string,
        title: "Approver groups",
        description: "The rule's approver groups with counts (routing by rule)",
      },
      groups_required: {
        type: Schema.types.integer,
        title: "Groups that must sign off",
        description: "How many of the rule's groups had to sign off",
      },
      seen_digests: {
        type: Schema.types.array,
        items: { type: Schema.types.string },
        title: "What the deciders saw",
        description: "Digest of the approval message each decider acted on, in decided_by order",
      },
      approval_scope: {
        type: Schema.types.string,
        title: "Approval scope",
        description: "The scope the approver granted (JSON), when any",
      },
      scoped_by: {
        type: Schema.types.string,
        title: "Scoped by",
        description: "The decision whose scoped approval let this request through",
      },
      request_digest: {
        type: Schema.types.string,
        title: "Request digest",
        description: "SHA-256 of the signed canonical string (from the verify step)",
      },
      artifact_digest: {
        type: Schema.types.string,
        title: "Artifact digest",
        description: "The artifact digest the caller signed (from the verify step)",
      },
      approval_outcome: {
        type: Schema.types.string,
        title: "Approval outcome",
        description: "From the approval step",
      },
      decided_by: {
        type: Schema.types.array,
        items: { type: Schema.slack.types.user_id },
        title: "Decided by",
        description: "Who decided",
      },
      denial_reason: {
        type: Schema.types.string,
        title: "Denial reason",
        description: "Reason given with Deny",
      },
      approver_comment: {
        type: Schema.types.string,
        title: "Approver comment",
        description: "Optional comment given with Approve with comment",
      },
      decided_at: {
        type: Schema.types.number,
        title: "Decided at",
        description: "Unix milliseconds (now when empty)",
      },
      message_channel: {
        type: Schema.slack.types.channel_id,
        title: "Message channel",
        description: "Approval message channel",
      },
      message_ts: {
        type: Schema.types.string,
        title: "Message ts",
        description: "Approval message timestamp",
      },
      ...REQUEST_FIELD_PARAMS,
      key_id: {
        type: Schema.types.string,
        title: "Key id",
        description: "Key that signed the request",
      },
      service_name: {
        type: Schema.types.string,
        title: "Service name",
        description: "Display name of the service",
      },
      service_owner: {
        type: Schema.slack.types.user_id,
        title: "Service owner",
        description: "Owner of the service",
      },
      requested_at: {
        type: Schema.types.number,
        title: "Requested at",
        description: "Unix milliseconds when the request arrived",
      },
      has_callback: {
        type: Schema.types.boolean,
        title: "Has callback",
        description: "Whether the caller will be notified",
      },
      callback_url: {
        type: Schema.types.string,
        title: "Callback URL",
        description: "The service's callback URL; empty or missing: no callback is made",
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
    },
    required: ["decision_id"],
  },
  output_parameters: {
    properties: {
      outcome: {
        type: Schema.types.string,
        title: "Outcome",
        description: "approved, denied, auto_approved, auto_denied, rejected or expired",
      },
      reason_code: {
        type: Schema.types.string,
        title: "Reason code",
        description: "Machine-readable reason",
      },
      decided_at: {
        type: Schema.types.number,
        title: "Decided at",
        description: "Unix milliseconds of the decision",
      },
      record_json: {
        type: Schema.types.string,
        title: "Signed record",
        description: "The decision record as written, with its signature, as JSON",
      },
      decision_id: {
        type: Schema.types.string,
        title: "Record id",
        description: "Id of the record written: the request's, or rejected|… for a duplicate copy",
      },
      callback_url: {
        type: Schema.types.string,
        title: "Callback URL",
        description:
          "Where the notify step sends this decision; empty for a duplicate copy or when this run makes no callback (a closed request is called back by its closer)",
      },
    },
    required: ["outcome", "reason_code", "decided_at"],
  },
});
