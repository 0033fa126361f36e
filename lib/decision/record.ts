/**
 * Builds decision records (items of the `decisions` datastore): the pending record written when
 * humans are asked, and the final record written once per decision.
 *
 * @module
 */
import { deriveOutcome, REASON_CODES, timeToDecisionMs } from "./outcome.ts";
import { stripControl, truncate } from "../render/mrkdwn.ts";
import { decodeAttribution, encodeAttribution } from "../oidc/attribution.ts";
import { formatApproverGroups, signOffOf } from "../policy/routing.ts";
import { ARTIFACT_DIGEST } from "../contract/fields.ts";
import { isMessageDigest } from "./seen.ts";
import { decodeGrant, encodeGrant } from "../policy/scope.ts";
import { decodeFacts, encodeFacts } from "../policy/facts.ts";

export type { DecisionRecord, RequestFields } from "./record_types.ts";
import type { DecisionRecord, RequestFields } from "./record_types.ts";

/** A request digest as `lib/oidc/binding.ts` writes it: 32 bytes, unpadded base64url. */
const REQUEST_DIGEST = /^[A-Za-z0-9_-]{43}$/;

/** Largest caller string stored in an audit record; keeps items far below Slack's 400 KB. */
export const MAX_STORED_FIELD = 4000;

/** The detail of an `overloaded` rejection when the step that was overloaded gave none. */
const OVERLOADED_DETAIL =
  "A step was rate-limited by Slack for longer than its time budget; retry later with a new " +
  "request_id";

/** Control characters removed and length bounded; empty strings dropped. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const out = truncate(stripControl(String(value)), MAX_STORED_FIELD);
  return out.length > 0 ? out : undefined;
}

/** Copies the request attribution, cleaning strings and dropping empty values. */
export function attribution(fields: RequestFields): Omit<DecisionRecord, "id"> {
  const out: Omit<DecisionRecord, "id"> = {};
  const strings = [
    "service_id",
    "request_id",
    "action",
    "resource",
    "environment",
    "reason",
    "triggered_by",
    "source_system",
    "source_url",
    "conditions",
    "service_name",
    "service_owner",
    "key_id",
    "policy_id",
    "policy_name",
    "policy_note",
  ] as const;
  for (const key of strings) {
    const value = clean(fields[key]);
    if (value !== undefined) out[key] = value;
  }
  if (Number.isInteger(fields.approvals_required)) {
    out.approvals_required = fields.approvals_required;
  }
  // Only a well-formed sign-off is recorded, in normal form, with the groups it applies to.
  const signOff = signOffOf(fields.approver_groups, fields.groups_required);
  if (signOff.ok && signOff.value) {
    out.approver_groups = formatApproverGroups(signOff.value.groups);
    out.groups_required = signOff.value.need;
  }
  // Digests are recorded only in their exact forms: anything else is not a digest of anything.
  if (typeof fields.request_digest === "string" && REQUEST_DIGEST.test(fields.request_digest)) {
    out.request_digest = fields.request_digest;
  }
  if (typeof fields.artifact_digest === "string" && ARTIFACT_DIGEST.test(fields.artifact_digest)) {
    out.artifact_digest = fields.artifact_digest;
  }
  if (typeof fields.requested_at === "number" && fields.requested_at > 0) {
    out.requested_at = fields.requested_at;
  }
  const method = clean(fields.identity_method);
  if (method && /^(ed25519|oidc|ed25519\+oidc)$/.test(method)) out.identity_method = method;
  // Re-encoded from the parsed form so the stored JSON is always whole and bounded.
  const verified = decodeAttribution(fields.verified_claims);
  if (verified) out.verified_claims = encodeAttribution(verified);
  const facts = encodeFacts(decodeFacts(fields.facts));
  if (facts) out.facts = facts;
  return out;
}

/** What the approval step knows when it posts the request. */
export interface PendingContext {
  decision_id: string;
  execution_id: string;
  expires_at: number;
  message_channel?: string;
  message_ts?: string;
}

/** The record written while humans decide: status `pending`, no outcome yet. */
export function buildPendingRecord(fields: RequestFields, ctx: PendingContext): DecisionRecord {
  const record: DecisionRecord = {
    id: ctx.decision_id,
    ...attribution(fields),
    status: "pending",
    approval_execution_id: ctx.execution_id,
    expires_at: ctx.expires_at,
  };
  if (ctx.message_channel) record.message_channel = ctx.message_channel;
  if (ctx.message_ts) record.message_ts = ctx.message_ts;
  return record;
}

/** Inputs of the record step: the request plus every earlier step's outputs. */
export interface FinalInputs extends RequestFields {
  decision_id: string;
  verdict?: string;
  reason_code?: string;
  reason_detail?: string;
  effect?: string;
  approval_outcome?: string;
  decided_by?: string[];
  denial_reason?: string;
  approver_comment?: string;
  /** What each of `decided_by` saw (the approval step's output), in the same order. */
  seen_digests?: string[];
  /** The scope the approver granted (the approval step's output, JSON). */
  approval_scope?: string;
  /** The granting decision's id when a scoped approval let this request through (policy step). */
  scoped_by?: string;
  decided_at?: number;
  message_channel?: string;
  message_ts?: string;
  has_callback?: boolean;
  /** The service's callback URL; an empty string means there is nothing to deliver. */
  callback_url?: string;
  /** The verified break-glass justification (verify step). */
  break_glass?: string;
  /** How long humans have to acknowledge a break-glass review, in milliseconds. */
  review_window_ms?: number;
}

/**
 * Whether the record step hands a callback to the notify step: the caller proved its identity
 * and there is a callback URL. verify_request gives no URL for requests that must not be called
 * back (stale, future, replayed), so those, and bots without a URL, are `skipped` at once: a final
 * record never says `pending` for a delivery nobody will make.
 */
export function expectsCallback(
  inputs: Pick<FinalInputs, "has_callback" | "callback_url">,
): boolean {
  return !!inputs.has_callback && (inputs.callback_url ?? "").trim() !== "";
}

/** Why no callback is made, for `callback_detail` of a `skipped` delivery. */
export function skippedCallbackDetail(
  inputs: Pick<FinalInputs, "has_callback" | "callback_url">,
): string {
  return inputs.has_callback
    ? "No callback: no callback URL for this request (none registered, or a stale, future or " +
      "replayed request, which never gets the original's callback)"
    : "No callback: the caller's identity was not verified";
}

/**
 * The final record. Fields only the pending record knows (execution id, expiry, message) are
 * carried over from `pending` so that replacing it loses nothing.
 *
 * @param inputs the record step's inputs
 * @param now Unix milliseconds, used when the approval step gave no decision time
 * @param pending the pending record, if the approval step wrote one
 */
export function buildFinalRecord(
  inputs: FinalInputs,
  now: number,
  pending?: DecisionRecord,
): DecisionRecord {
  const { outcome, reason_code } = deriveOutcome(inputs);
  const decidedAt = inputs.decided_at && inputs.decided_at > 0 ? inputs.decided_at : now;
  const record: DecisionRecord = {
    id: inputs.decision_id,
    ...attribution(inputs),
    status: "final",
    outcome,
    reason_code,
    decided_at: decidedAt,
    time_to_decision_ms: timeToDecisionMs(inputs.requested_at, decidedAt),
    callback_status: expectsCallback(inputs) ? "pending" : "skipped",
    callback_attempts: 0,
  };
  if (!expectsCallback(inputs)) record.callback_detail = skippedCallbackDetail(inputs);
  // An overloaded approval step reports its detail (what Slack refused, retry after) as its
  // denial reason, the only text output it has.
  const detail = reason_code === REASON_CODES.overloaded
    ? clean(inputs.reason_detail || inputs.denial_reason) ?? OVERLOADED_DETAIL
    : clean(inputs.reason_detail);
  if (outcome === "rejected" && detail) record.reason_detail = detail;
  // Only humans decide approved/denied/expired; auto outcomes and rejections have no decider.
  const humanOutcome = outcome === "approved" || outcome === "denied";
  record.decided_by = humanOutcome ? (inputs.decided_by ?? []).slice(0, 50) : [];
  const denial = clean(inputs.denial_reason);
  if (outcome === "denied" && denial) record.denial_reason = denial;
  const comment = clean(inputs.approver_comment);
  if (outcome === "approved" && comment) record.approver_comment = comment;
  // The scope an approval granted, and the approval whose scope let an auto-approval through.
  const grant = decodeGrant(inputs.approval_scope);
  if (outcome === "approved" && grant) record.approval_scope = encodeGrant(grant);
  const scopedBy = clean(inputs.scoped_by);
  if (outcome === "auto_approved" && scopedBy) record.scoped_by = scopedBy;
  // One digest per decider, or none: a list that does not pair up would misattribute.
  const seen = inputs.seen_digests ?? [];
  if (
    humanOutcome && record.decided_by.length > 0 && seen.length === record.decided_by.length &&
    seen.every(isMessageDigest)
  ) {
    record.seen_digests = [...seen];
  }
  const channel = inputs.message_channel || pending?.message_channel;
  const ts = inputs.message_ts || pending?.message_ts;
  if (channel) record.message_channel = channel;
  if (ts) record.message_ts = ts;
  if (pending?.approval_execution_id) {
    record.approval_execution_id = pending.approval_execution_id;
  }
  if (pending?.expires_at) record.expires_at = pending.expires_at;
  if (reason_code === REASON_CODES.breakGlass) {
    // Flagged and sealed: the justification and the review deadline are part of the decision.
    record.break_glass_reason = clean(inputs.break_glass) ?? "(no justification recorded)";
    record.review_due_at = decidedAt + (inputs.review_window_ms ?? 24 * 3_600_000);
  }
  // What the expiry sweep did while humans were deciding stays part of the audit record.
  if (pending?.reminded_at) record.reminded_at = pending.reminded_at;
  if (pending?.escalated_at) record.escalated_at = pending.escalated_at;
  if (pending?.escalated_to) record.escalated_to = pending.escalated_to;
  return record;
}
