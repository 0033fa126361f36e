import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import { OUTCOMES } from "../lib/decision/outcome.ts";

/**
 * One item per request. `id` is `<service_id>|<request_id>` once the caller's signature is
 * verified (so the id doubles as replay protection); requests rejected before that, and replays,
 * get `rejected|<function_execution_id>` so a forger can never occupy a real request's id.
 * Times (`*_at`) are Unix milliseconds.
 */
export const Decisions = DefineDatastore({
  name: "decisions",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    request_id: { type: Schema.types.string },
    service_id: { type: Schema.types.string },
    service_name: { type: Schema.types.string },
    service_owner: { type: Schema.types.string },
    key_id: { type: Schema.types.string },
    triggered_by: { type: Schema.types.string },
    source_system: { type: Schema.types.string },
    source_url: { type: Schema.types.string },
    action: { type: Schema.types.string },
    resource: { type: Schema.types.string },
    environment: { type: Schema.types.string },
    reason: { type: Schema.types.string },
    conditions: { type: Schema.types.string },
    /** "pending" while humans decide; then one of the final outcomes. */
    status: { type: Schema.types.string, enum: ["pending", "final"] },
    outcome: { type: Schema.types.string, enum: [...OUTCOMES] },
    reason_code: { type: Schema.types.string },
    reason_detail: { type: Schema.types.string },
    policy_id: { type: Schema.types.string },
    policy_name: { type: Schema.types.string },
    approvals_required: { type: Schema.types.integer },
    decided_by: { type: Schema.types.array, items: { type: Schema.types.string } },
    denial_reason: { type: Schema.types.string },
    approver_comment: { type: Schema.types.string },
    requested_at: { type: Schema.types.number },
    decided_at: { type: Schema.types.number },
    time_to_decision_ms: { type: Schema.types.number },
    expires_at: { type: Schema.types.number },
    message_channel: { type: Schema.types.string },
    message_ts: { type: Schema.types.string },
    approval_execution_id: { type: Schema.types.string },
    /** When the expiry sweep reminded the approvers (sent once). */
    reminded_at: { type: Schema.types.number },
    /** When the sweep escalated, and to which user group (whose members may then decide). */
    escalated_at: { type: Schema.types.number },
    escalated_to: { type: Schema.slack.types.usergroup_id },
    /**
     * When an approver's click noted the outcome on the pending record (Unix ms), before the
     * final record replaces it: marks the "deciding" state verify accepts (lib/audit/record_state.ts).
     */
    noted_at: { type: Schema.types.number },
    callback_status: {
      type: Schema.types.string,
      enum: ["pending", "delivered", "failed", "skipped", "refused"],
    },
    callback_attempts: { type: Schema.types.integer },
    callback_detail: { type: Schema.types.string },
    /** How the caller proved its identity: `ed25519`, `oidc` or `ed25519+oidc`. */
    identity_method: { type: Schema.types.string },
    /** Attribution from a verified OIDC token, as JSON (lib/oidc/attribution.ts). */
    verified_claims: { type: Schema.types.string },
    /** The deciding rule's approver groups with counts, `S0SRE:1, S0SEC:1` (routing by rule). */
    approver_groups: { type: Schema.types.string },
    /** How many of those groups had to sign off. */
    groups_required: { type: Schema.types.integer },
    /** What each of `decided_by` saw, in the same order: `sha256:<hex>` (lib/decision/seen.ts). */
    seen_digests: { type: Schema.types.array, items: { type: Schema.types.string } },
    /** SHA-256 of the request's canonical string (the bytes the bot signed), base64url. */
    request_digest: { type: Schema.types.string },
    /** The artifact digest the bot signed (e.g. a container image), `sha256:<hex>`. */
    artifact_digest: { type: Schema.types.string },
    /** The scope this approval granted ("requests like this one"), as JSON (lib/policy/scope.ts). */
    approval_scope: { type: Schema.types.string },
    /** The decision whose scoped approval let this request through without asking humans. */
    scoped_by: { type: Schema.types.string },
    /** Break-glass: the caller's justification (present only on break-glass decisions). */
    break_glass_reason: { type: Schema.types.string },
    /** Break-glass: when humans must have acknowledged the follow-up review (Unix ms). */
    review_due_at: { type: Schema.types.number },
    /** Break-glass follow-up marks (operational, not sealed: the acknowledgment's own admin
     * event is signed): where the notice is, reminders, escalation, acknowledgment. */
    review_notice_channel: { type: Schema.slack.types.channel_id },
    review_notice_ts: { type: Schema.types.string },
    review_reminded_at: { type: Schema.types.number },
    review_escalated_at: { type: Schema.types.number },
    review_acknowledged_at: { type: Schema.types.number },
    review_acknowledged_by: { type: Schema.slack.types.user_id },
    review_note: { type: Schema.types.string },
    /** Each fact the deciding rule looked at, with its source (`verified`/`asserted`), as JSON. */
    facts: { type: Schema.types.string },
    /** Why an auto-approving rule sent the request to humans (a protected environment). */
    policy_note: { type: Schema.types.string },
    /** Who ended the request from outside its approval step: `sweep` or an admin's user id. */
    closed_by: { type: Schema.types.string },
    /** What Slack answered when that closer tried to complete the suspended run. */
    run_completion: { type: Schema.types.string },
    /** Ed25519 signature by the app's key over every other attribute (lib/audit/canonical.ts). */
    record_signature: { type: Schema.types.string },
    /** Key id of the key that made `record_signature`. */
    record_key_id: { type: Schema.types.string },
    /** Version of the signed encoding. */
    record_version: { type: Schema.types.integer },
  },
});
