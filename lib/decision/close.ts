/**
 * Ending a pending request from outside its approval step ("closing" it): when its time limit
 * passes (expiry) or when what it was signed with stops being trusted (revocation: the bot was
 * disabled, or the key that signed it was retired). Pure: which closure applies, how a pending
 * record carries a closure that is under way, and the final record a closure writes.
 *
 * The closer — not the suspended workflow run — records the outcome and tells the caller, so
 * neither depends on Slack letting one execution complete another (see
 * `functions/request_approval/close.ts`).
 *
 * @module
 */
import { type DecisionRecord } from "./record.ts";
import { REASON_CODES, timeToDecisionMs } from "./outcome.ts";

/** How a request closed from outside ends, and why. */
export interface Closure {
  /** `expired` when its time limit passed, `rejected` when revoked, `withdrawn` by its caller. */
  outcome: "expired" | "rejected" | "withdrawn";
  /** `approval_expired`, `service_disabled` or `key_retired`. */
  reason_code: string;
  /** One sentence saying why, shown on the approval message and stored as `reason_detail`. */
  reason_detail: string;
  /** Who ended it: `sweep`, `caller` (a withdraw), or the Slack user id of the admin whose action revoked it. */
  closed_by: string;
  /** When (Unix ms). */
  decided_at: number;
}

/** The service fields a revocation check reads (a `services` item). */
export interface ServiceTrust {
  id?: string;
  status?: string;
  public_keys?: { key_id?: string; not_after?: number }[];
  updated_at?: number;
}

/** Quotes a caller- or admin-chosen id for a sentence. */
const quoted = (value: string | undefined) => JSON.stringify(String(value ?? "").slice(0, 100));

/** The closure of a request whose time limit passed. */
export function expiryClosure(now: number, closedBy = "sweep"): Closure {
  return {
    outcome: "expired",
    reason_code: REASON_CODES.approvalExpired,
    reason_detail: "Nobody decided before the request's time limit",
    closed_by: closedBy,
    decided_at: now,
  };
}

/**
 * The closure of a request its caller withdrew: the signed withdraw request `withdrawRequestId`
 * of the same service (what a caller may only do to its own requests).
 */
export function withdrawClosure(withdrawRequestId: string, now: number): Closure {
  return {
    outcome: "withdrawn",
    reason_code: REASON_CODES.callerWithdrew,
    reason_detail: `Withdrawn by the caller (withdraw request ${quoted(withdrawRequestId)})`,
    closed_by: "caller",
    decided_at: now,
  };
}

/**
 * Whether the request's own signing key is part of its proof of identity: ed25519 and
 * ed25519+oidc requests name a key; OIDC-only requests do not (their `key_id` means nothing).
 */
function signedWithKey(record: Pick<DecisionRecord, "key_id" | "identity_method">): boolean {
  if (!record.key_id) return false;
  return record.identity_method === undefined || record.identity_method.startsWith("ed25519");
}

/**
 * The revocation closure of a pending request at `now`, if what it was verified with is no longer
 * trusted: its bot is disabled (`service_disabled`), or the key that signed it is gone or past its
 * `not_after` (`key_retired`). A request whose time limit had already passed when the revocation
 * happened gets none: it expired first, and expiry says so.
 *
 * @param record the pending record (`service_id`, `key_id`, `identity_method`, `expires_at`)
 * @param service the bot's `services` item; undefined when unknown (then nothing is revoked)
 * @param closedBy who ends it (`sweep` or the acting admin's user id), recorded as `closed_by`
 */
export function revocationOf(
  record: Pick<DecisionRecord, "service_id" | "key_id" | "identity_method" | "expires_at">,
  service: ServiceTrust | undefined,
  now: number,
  closedBy = "sweep",
): Closure | undefined {
  if (!service?.id || service.id !== record.service_id) return undefined;
  const expiredBefore = (at: number) => !!record.expires_at && record.expires_at < at;
  const bot = quoted(service.id);
  if (service.status === "disabled") {
    const at = Math.min(service.updated_at || now, now);
    if (expiredBefore(at)) return undefined;
    return {
      outcome: "rejected",
      reason_code: REASON_CODES.serviceDisabled,
      reason_detail: `Cannot approve: bot ${bot} was disabled`,
      closed_by: closedBy,
      decided_at: now,
    };
  }
  if (!signedWithKey(record)) return undefined;
  const key = (service.public_keys ?? []).find((k) => k?.key_id === record.key_id);
  const notAfter = typeof key?.not_after === "number" ? key.not_after : 0;
  // Gone from the list: retired by an edit (when is unknown, so "now" at the latest).
  const retiredAt = !key ? Math.min(service.updated_at || now, now) : notAfter > 0 ? notAfter : 0;
  if (!retiredAt || retiredAt > now || expiredBefore(retiredAt)) return undefined;
  return {
    outcome: "rejected",
    reason_code: REASON_CODES.keyRetired,
    reason_detail: `Cannot approve: key ${quoted(record.key_id)} of bot ${bot}, which signed ` +
      "this request, was retired",
    closed_by: closedBy,
    decided_at: now,
  };
}

/**
 * The closure a pending record carries when a closer noted it and has not finished (its final
 * record not yet written): the first closure wins, so a later sweep finishes the same one.
 * Undefined for a plain pending record and for one a click noted (no `closed_by`).
 */
export function closureOfRecord(record: DecisionRecord): Closure | undefined {
  if (record.status !== "pending" || !record.closed_by) return undefined;
  // Read from the reason, not `outcome`: a click racing the closer may note its own outcome over
  // the closer's, and the closer's claim must still stand.
  return {
    outcome: record.reason_code === REASON_CODES.approvalExpired
      ? "expired"
      : record.reason_code === REASON_CODES.callerWithdrew
      ? "withdrawn"
      : "rejected",
    reason_code: record.reason_code ?? "",
    reason_detail: record.reason_detail ?? "",
    closed_by: record.closed_by,
    decided_at: record.decided_at ?? 0,
  };
}

/** The fields a closer notes on the pending record before anything else (its claim). */
export function closureNote(id: string, closure: Closure): DecisionRecord {
  return {
    id,
    outcome: closure.outcome,
    reason_code: closure.reason_code,
    reason_detail: closure.reason_detail,
    closed_by: closure.closed_by,
    decided_at: closure.decided_at,
    // Tells verify this pending record is a closure in progress, not a final record edited back.
    noted_at: closure.decided_at,
  };
}

/** What became of the attempt to complete the suspended approval step. */
export type RunCompletion = string;

/**
 * The final record of a closed request: the pending record's fields, the closure's outcome and
 * reason, what Slack answered when the closer tried to complete the suspended run
 * (`run_completion`: `completed` or Slack's error code), and the delivery state known now:
 * `pending` while the closer is about to call back, else `skipped` with why.
 */
export function buildClosedRecord(
  pending: DecisionRecord,
  closure: Closure,
  runCompletion: RunCompletion,
  callback: { expected: true } | { expected: false; detail: string },
): DecisionRecord {
  const {
    reminded_at: _r,
    escalated_at: _e,
    escalated_to: _t,
    callback_status: _s,
    callback_attempts: _a,
    callback_detail: _d,
    ...kept
  } = pending;
  const record: DecisionRecord = {
    ...kept,
    status: "final",
    outcome: closure.outcome,
    reason_code: closure.reason_code,
    reason_detail: closure.reason_detail,
    decided_by: [],
    decided_at: closure.decided_at,
    time_to_decision_ms: timeToDecisionMs(pending.requested_at, closure.decided_at),
    closed_by: closure.closed_by,
    run_completion: runCompletion.slice(0, 100),
    callback_status: callback.expected ? "pending" : "skipped",
    callback_attempts: 0,
  };
  if (!callback.expected) record.callback_detail = callback.detail;
  // What the sweep did while humans were deciding stays part of the audit record.
  if (pending.reminded_at) record.reminded_at = pending.reminded_at;
  if (pending.escalated_at) record.escalated_at = pending.escalated_at;
  if (pending.escalated_to) record.escalated_to = pending.escalated_to;
  delete record.denial_reason;
  delete record.approver_comment;
  return record;
}
