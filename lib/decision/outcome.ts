/**
 * Derives a request's final outcome from what the earlier workflow steps reported.
 *
 * @module
 */

/** Every final outcome a decision can have. */
export type Outcome =
  | "approved"
  | "denied"
  | "auto_approved"
  | "auto_denied"
  | "rejected"
  | "expired"
  /** The caller withdrew its own pending request (a signed `withdraw` request). */
  | "withdrawn";

/** Machine-readable reason codes this module assigns (verify step codes pass through). */
export const REASON_CODES = {
  /** A policy rule auto-approved the request. */
  policyAutoApprove: "policy_auto_approve",
  /** A policy rule denied the request. */
  policyDeny: "policy_deny",
  /** Enough distinct approvers approved. */
  humanApproved: "human_approved",
  /** An approver denied, with a reason. */
  humanDenied: "human_denied",
  /** Nobody decided within the time limit. */
  approvalExpired: "approval_expired",
  /** The verify step rejected the request but gave no code. */
  unverified: "unverified",
  /** The policy step reported an effect this version does not know. */
  unknownEffect: "unknown_effect",
  /** Approval was required but the approval step reported no known outcome. */
  approvalMissing: "approval_missing",
  /**
   * A step could not finish within its time budget because Slack rate-limited a call it needed
   * (the approval step reports `overloaded`); retry the request later, with a new request_id.
   */
  overloaded: "overloaded",
  /** A pending request ended because its bot was disabled (`lib/decision/close.ts`). */
  serviceDisabled: "service_disabled",
  /** A pending request ended because the key that signed it was retired. */
  keyRetired: "key_retired",
  /**
   * A duplicate copy of a request that another copy owns (the approval step's `replayed`):
   * recorded under the copy's own `rejected|…` id, like a replay the verify step caught.
   */
  replayedRequest: "replayed_request",
  /** A pending request ended because its caller withdrew it (`outcome: withdrawn`). */
  callerWithdrew: "caller_withdrew",
  /**
   * A bot registered for break-glass sent `break_glass`: approved at once (`auto_approved`), with
   * a loud notice and a follow-up review humans must acknowledge (docs/trust_model.md).
   */
  breakGlass: "break_glass",
} as const;

/** Every final outcome a decision record can carry (the `decisions` datastore's enum). */
export const OUTCOMES = [
  "approved",
  "denied",
  "auto_approved",
  "auto_denied",
  "rejected",
  "expired",
  "withdrawn",
] as const;

/** What the earlier steps reported; every field may be missing or empty. */
export interface OutcomeInputs {
  /** `verified` or `rejected` (anything else counts as not verified). */
  verdict?: string;
  /** Reason code from the verify step (kept for rejections). */
  reason_code?: string;
  /**
   * Policy effect: auto_approve, require_approval, deny (none/empty when not evaluated),
   * overloaded (the policy step was rate-limited past its budget).
   */
  effect?: string;
  /**
   * Outcome of the approval step: approved, denied, expired, overloaded, overloaded_unclaimed (a
   * copy rate-limited before it won the owner election), replayed (a duplicate) or empty.
   */
  approval_outcome?: string;
}

/** A final outcome with its reason code. */
export interface DerivedOutcome {
  outcome: Outcome;
  reason_code: string;
}

/**
 * The final outcome. Anything unexpected ends as `rejected` (never as an approval), so a bug or a
 * malformed step output fails closed.
 */
export function deriveOutcome(inputs: OutcomeInputs): DerivedOutcome {
  if (inputs.verdict !== "verified") {
    return { outcome: "rejected", reason_code: inputs.reason_code || REASON_CODES.unverified };
  }
  switch (inputs.effect) {
    case "overloaded":
      return { outcome: "rejected", reason_code: REASON_CODES.overloaded };
    case "auto_approve":
      return { outcome: "auto_approved", reason_code: REASON_CODES.policyAutoApprove };
    case "deny":
      return { outcome: "auto_denied", reason_code: REASON_CODES.policyDeny };
    case "break_glass":
      return { outcome: "auto_approved", reason_code: REASON_CODES.breakGlass };
    case "require_approval":
    case "":
    case undefined:
      break;
    default:
      return { outcome: "rejected", reason_code: REASON_CODES.unknownEffect };
  }
  switch (inputs.approval_outcome) {
    case "approved":
      return { outcome: "approved", reason_code: REASON_CODES.humanApproved };
    case "denied":
      return { outcome: "denied", reason_code: REASON_CODES.humanDenied };
    case "expired":
      return { outcome: "expired", reason_code: REASON_CODES.approvalExpired };
    case "overloaded":
    case "overloaded_unclaimed":
      return { outcome: "rejected", reason_code: REASON_CODES.overloaded };
    case "replayed":
      return { outcome: "rejected", reason_code: REASON_CODES.replayedRequest };
    default:
      return { outcome: "rejected", reason_code: REASON_CODES.approvalMissing };
  }
}

/**
 * Milliseconds from request to decision; 0 when either time is unknown or the clock went back.
 */
export function timeToDecisionMs(requestedAt: number | undefined, decidedAt: number): number {
  if (!requestedAt || !Number.isFinite(requestedAt) || !Number.isFinite(decidedAt)) return 0;
  return Math.max(0, Math.round(decidedAt - requestedAt));
}
