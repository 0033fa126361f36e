/**
 * The approval step's views of a request: what the message shows while pending, and the decision
 * it shows once decided.
 *
 * @module
 */
import type { VerifiedAttribution } from "../../lib/oidc/attribution.ts";
import type { SignOff } from "../../lib/policy/routing.ts";
import type { ScopeGrant } from "../../lib/policy/scope.ts";
import type { Fact } from "../../lib/policy/facts.ts";

/** What the approval message shows about a request (function inputs, mostly caller text). */
export interface ApprovalRequest {
  decision_id: string;
  service_id?: string;
  service_name?: string;
  service_owner?: string;
  triggered_by?: string;
  source_system?: string;
  source_url?: string;
  reason?: string;
  action?: string;
  resource?: string;
  environment?: string;
  policy_name?: string;
  approvals_required: number;
  approver_users: string[];
  approver_usergroup?: string;
  /** The secondary group the expiry sweep escalated to; its members may decide too. */
  escalation_usergroup?: string;
  expires_at?: number;
  /** How the service proved its identity (`ed25519`, `oidc`, `ed25519+oidc`). */
  identity_method?: string;
  /** Attribution from a verified OIDC token. */
  verified?: VerifiedAttribution;
  /**
   * The deciding rule's sign-off across user groups: when set, only the groups' members (and,
   * after an escalation, the secondary group's) may decide, and `approver_users` /
   * `approver_usergroup` are empty.
   */
  sign_off?: SignOff;
  /** The facts the deciding rule looked at, with their sources, and why humans are asked. */
  facts?: Fact[];
  policy_note?: string;
}

/** A decided request, for the message shown after the decision. */
export interface DecidedView {
  outcome: "approved" | "denied" | "expired";
  decided_by: string[];
  decided_at: number;
  denial_reason?: string;
  /** Comments of the approving votes (see `approverComment` in _approve.ts); approved only. */
  approver_comment?: string;
  /** What each of `decided_by` saw: the message digest, in the same order (lib/decision/seen.ts). */
  seen_digests?: string[];
  /** What the approver also approved: requests like this one (approved only). */
  scope?: ScopeGrant;
}
