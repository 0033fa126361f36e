import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { REQUEST_FIELD_PARAMS } from "../_request_fields.ts";

/**
 * Verifies a signed request against the registered services datastore: known and active service,
 * known key and Ed25519 signature over the canonical string and/or an OIDC workload token from the
 * service's trusted issuer (docs/oidc.md), timestamp within ±5 minutes, request id not seen before,
 * action/resource/environment allowed, every field present and bounded.
 * It never fails the workflow on bad input: it reports `verdict = rejected` with a reason code,
 * and the record step writes that outcome.
 */
export const VerifyRequestFunction = DefineFunction({
  callback_id: "verify_request",
  title: "Verify a signed bot request",
  description:
    "Check a request's Ed25519 signature, timestamp, replay and permissions against the registered bots",
  source_file: "functions/verify_request/mod.ts",
  input_parameters: {
    properties: {
      ...REQUEST_FIELD_PARAMS,
      key_id: {
        type: Schema.types.string,
        title: "Key id",
        description: "Id of the key that signed the request",
      },
      timestamp: {
        type: Schema.types.string,
        title: "Timestamp",
        description: "Unix seconds when the caller signed",
      },
      signature: {
        type: Schema.types.string,
        title: "Signature",
        description: "Base64 Ed25519 signature of the canonical string",
      },
      oidc_token: {
        type: Schema.types.string,
        title: "OIDC token",
        description: "Workload identity token (GitHub Actions, GitLab CI) instead of a signature",
      },
      break_glass: {
        type: Schema.types.string,
        title: "Break-glass",
        description: "Why this is an emergency (signed); only for bots registered for break-glass",
      },
      withdraw: {
        type: Schema.types.string,
        title: "Withdraw",
        description: "request_id of the caller's own pending request to withdraw (signed)",
      },
      artifact_digest: {
        type: Schema.types.string,
        title: "Artifact digest",
        description: "Digest of the artifact the request is about, sha256:<hex> (signed)",
      },
    },
    required: [],
  },
  output_parameters: {
    properties: {
      verdict: { type: Schema.types.string, title: "Verdict", description: "verified or rejected" },
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "Id of the decision record for this request",
      },
      reason_code: {
        type: Schema.types.string,
        title: "Reason code",
        description: "Why it was rejected (empty when verified)",
      },
      reason_detail: {
        type: Schema.types.string,
        title: "Reason detail",
        description: "Human-readable explanation",
      },
      signature_verified: {
        type: Schema.types.boolean,
        title: "Signature verified",
        description: "True when the caller proved its identity (Ed25519 signature or OIDC token)",
      },
      identity_method: {
        type: Schema.types.string,
        title: "Identity method",
        description: "How the caller proved its identity: ed25519, oidc or ed25519+oidc",
      },
      verified_claims: {
        type: Schema.types.string,
        title: "Verified claims",
        description: "Attribution from the verified OIDC token, as JSON (empty without a token)",
      },
      request_digest: {
        type: Schema.types.string,
        title: "Request digest",
        description:
          "SHA-256 of the canonical string the caller signed, unpadded base64url (once the caller proved its identity)",
      },
      artifact_digest: {
        type: Schema.types.string,
        title: "Artifact digest",
        description: "The artifact digest the caller signed (once it proved its identity)",
      },
      break_glass: {
        type: Schema.types.string,
        title: "Break-glass",
        description:
          "The verified request's break-glass justification (empty for a normal request)",
      },
      verified_facts: {
        type: Schema.types.string,
        title: "Verified facts",
        description: "The verified token's claims as oidc.<claim> facts for policies, as JSON",
      },
      requested_at: {
        type: Schema.types.number,
        title: "Requested at",
        description: "Unix milliseconds when the request arrived",
      },
      service_name: {
        type: Schema.types.string,
        title: "Service name",
        description: "Registered display name",
      },
      service_owner: {
        type: Schema.slack.types.user_id,
        title: "Service owner",
        description: "Human who owns the service",
      },
      approver_users: {
        type: Schema.types.array,
        items: { type: Schema.slack.types.user_id },
        title: "Approvers",
        description: "Users allowed to approve",
      },
      approver_usergroup: {
        type: Schema.slack.types.usergroup_id,
        title: "Approver group",
        description: "User group allowed to approve",
      },
      approvals_required: {
        type: Schema.types.integer,
        title: "Approvals required",
        description: "Service default number of approvals",
      },
      approval_channel: {
        type: Schema.slack.types.channel_id,
        title: "Approval channel",
        description: "Where approvals are asked",
      },
      watcher_channel: {
        type: Schema.slack.types.channel_id,
        title: "Watcher channel",
        description: "Where outcomes are announced",
      },
      callback_url: {
        type: Schema.types.string,
        title: "Callback URL",
        description: "Where the decision is sent (only when the signature verified)",
      },
      approval_timeout_seconds: {
        type: Schema.types.integer,
        title: "Approval timeout",
        description: "Seconds before a pending approval expires",
      },
    },
    required: ["verdict", "decision_id", "signature_verified", "requested_at"],
  },
});
