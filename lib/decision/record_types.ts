/**
 * The shapes of decision records: a `decisions` datastore item and the request attribution every
 * record carries. The builders are in `record.ts`.
 *
 * @module
 */
import type { Outcome } from "./outcome.ts";

/** A `decisions` datastore item (see `datastores/decisions.ts`). */
export interface DecisionRecord {
  id: string;
  request_id?: string;
  service_id?: string;
  service_name?: string;
  service_owner?: string;
  key_id?: string;
  triggered_by?: string;
  source_system?: string;
  source_url?: string;
  action?: string;
  resource?: string;
  environment?: string;
  reason?: string;
  conditions?: string;
  status?: "pending" | "final";
  outcome?: Outcome;
  reason_code?: string;
  reason_detail?: string;
  policy_id?: string;
  policy_name?: string;
  approvals_required?: number;
  decided_by?: string[];
  denial_reason?: string;
  /** The approvers' optional comment (approved only; N-of-M: "U…: text" joined by " | "). */
  approver_comment?: string;
  requested_at?: number;
  decided_at?: number;
  time_to_decision_ms?: number;
  expires_at?: number;
  message_channel?: string;
  message_ts?: string;
  approval_execution_id?: string;
  reminded_at?: number;
  escalated_at?: number;
  escalated_to?: string;
  callback_status?: "pending" | "delivered" | "failed" | "skipped" | "refused";
  callback_attempts?: number;
  callback_detail?: string;
  /** `ed25519`, `oidc` or `ed25519+oidc`. */
  identity_method?: string;
  /**
   * Who ended the request from outside its approval step (`sweep`, or an admin's user id): set
   * on expiry and revocation (`lib/decision/close.ts`); absent when a human or policy decided.
   */
  closed_by?: string;
  /** When a click or a closer noted the outcome on the pending record (Unix ms; not sealed). */
  noted_at?: number;
  /** What Slack answered when the closer tried to complete the suspended run (`completed` or an error code). */
  run_completion?: string;
  /** Verified OIDC attribution as JSON (see `lib/oidc/attribution.ts`). */
  verified_claims?: string;
  /** The deciding rule's approver groups, `S0SRE:1, S0SEC:1` (routing by rule). */
  approver_groups?: string;
  /** How many of those groups had to sign off. */
  groups_required?: number;
  /** What each of `decided_by` saw, in the same order: `sha256:<hex>` (lib/decision/seen.ts). */
  seen_digests?: string[];
  /** SHA-256 of the request's canonical string, unpadded base64url (lib/oidc/binding.ts). */
  request_digest?: string;
  /** The artifact digest the caller signed, `sha256:<hex>` or `sha512:<hex>`. */
  artifact_digest?: string;
  /** The scope this approval granted, as JSON (`lib/policy/scope.ts` `encodeGrant`). */
  approval_scope?: string;
  /** The decision whose scoped approval let this request through without asking humans. */
  scoped_by?: string;
  /** The facts the deciding rule looked at, with their sources, as JSON (`lib/policy/facts.ts`). */
  facts?: string;
  /** Why an auto-approving rule sent the request to humans (a protected environment). */
  policy_note?: string;
  /** Break-glass: the justification, and when the follow-up review is due (sealed). */
  break_glass_reason?: string;
  review_due_at?: number;
  /** Break-glass follow-up marks (operational; see `OPERATIONAL_FIELDS`). */
  review_notice_channel?: string;
  review_notice_ts?: string;
  review_reminded_at?: number;
  review_escalated_at?: number;
  review_acknowledged_at?: number;
  review_acknowledged_by?: string;
  review_note?: string;
}

/** Request attribution carried by every record (caller-asserted, so bounded here). */
export interface RequestFields {
  service_id?: string;
  request_id?: string;
  action?: string;
  resource?: string;
  environment?: string;
  reason?: string;
  triggered_by?: string;
  source_system?: string;
  source_url?: string;
  conditions?: string;
  service_name?: string;
  service_owner?: string;
  key_id?: string;
  policy_id?: string;
  policy_name?: string;
  approvals_required?: number;
  requested_at?: number;
  /** How the caller proved its identity (from the verify step). */
  identity_method?: string;
  /** Verified OIDC attribution as JSON (from the verify step). */
  verified_claims?: string;
  /** The deciding rule's approver groups (from the policy step). */
  approver_groups?: string;
  /** How many of them must sign off (from the policy step). */
  groups_required?: number;
  /** SHA-256 of the canonical string, unpadded base64url (from the verify step). */
  request_digest?: string;
  /** The artifact digest the caller signed (from the request, validated by the verify step). */
  artifact_digest?: string;
  /** The facts that mattered, as JSON (from the policy step). */
  facts?: string;
  /** Why an auto-approving rule sent the request to humans (from the policy step). */
  policy_note?: string;
}
