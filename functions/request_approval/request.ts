/**
 * Pure helpers of the approval step: decision id, time limit, and the view of the request the
 * message is built from (the same in the first run and in every interactivity payload, where the
 * function inputs arrive again as `body.function_data.inputs`).
 *
 * @module
 */
import { DEFAULT_APPROVAL_TIMEOUT_SECONDS } from "../../lib/config.ts";
import type { ApprovalRequest, DecidedView } from "./blocks.ts";
import { TIMEOUT_BOUNDS } from "./constants.ts";
import { decodeAttribution } from "../../lib/oidc/attribution.ts";
import { decodeFacts } from "../../lib/policy/facts.ts";
import type { RequestFields } from "../../lib/decision/record.ts";
import { type SignOff, signOffMinimum, signOffOf } from "../../lib/policy/routing.ts";
import { isMessageDigest } from "../../lib/decision/seen.ts";

/** The step's inputs as they arrive (all optional): the request attribution plus approval settings. */
export interface ApprovalInputs extends Omit<RequestFields, "key_id" | "policy_id"> {
  effect?: string;
  decision_id?: string;
  approver_users?: string[];
  approver_usergroup?: string;
  approval_channel?: string;
  /** The deciding rule (empty: the default); a scoped approval covers only its requests. */
  policy_id?: string;
  /** The deciding rule's channel; wins over `approval_channel` when set. */
  rule_approval_channel?: string;
  watcher_channel?: string;
  timeout_seconds?: number;
}

/** Whether the step must ask humans: only for `require_approval` (or no effect at all). */
export function needsHumans(effect: string | undefined): boolean {
  return !effect || effect === "require_approval";
}

/**
 * The decision id: the verify step's, or one derived from the execution id when it is empty (a
 * Workflow Builder use). Derived, not random, so interactivity handlers find the same id.
 */
export function decisionIdFor(inputs: { decision_id?: string }, executionId: string): string {
  return inputs.decision_id || `approval|${executionId}`;
}

/** Approvals needed: the input, at least 1. */
export function approvalsRequired(inputs: { approvals_required?: number }): number {
  const n = Number(inputs.approvals_required);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The time limit in milliseconds, defaulted and clamped to a minute … a week. */
export function timeoutMs(seconds: number | undefined): number {
  const s = Number(seconds) > 0 ? Number(seconds) : DEFAULT_APPROVAL_TIMEOUT_SECONDS;
  return Math.min(TIMEOUT_BOUNDS.max, Math.max(TIMEOUT_BOUNDS.min, s)) * 1000;
}

/**
 * The end of the time limit from the inputs alone (`requested_at` + limit), or undefined without a
 * usable `requested_at` (e.g. a Workflow Builder use). The pending record stores the same value, so
 * a click can check expiry without reading the record.
 */
export function expiryFromInputs(inputs: ApprovalInputs): number | undefined {
  const at = Number(inputs.requested_at);
  return Number.isFinite(at) && at > 0 ? at + timeoutMs(inputs.timeout_seconds) : undefined;
}

/** Where the request is asked: the deciding rule's channel, else the bot's. */
export function approvalChannel(inputs: ApprovalInputs): string {
  return inputs.rule_approval_channel || inputs.approval_channel || "";
}

/**
 * The rule's sign-off from the inputs: undefined when the rule names no groups; an error (the
 * step then denies, failing closed) when the text cannot be read.
 */
export function signOffInput(
  inputs: ApprovalInputs,
): { ok: true; signOff?: SignOff } | { ok: false; error: string } {
  const parsed = signOffOf(inputs.approver_groups ?? "", inputs.groups_required);
  return parsed.ok ? { ok: true, signOff: parsed.value } : parsed;
}

/** The request as the message shows it. */
export function toApprovalRequest(
  inputs: ApprovalInputs,
  decisionId: string,
  expiresAt?: number,
): ApprovalRequest {
  const routed = signOffInput(inputs);
  // A rule that names groups replaces the bot's approvers; an unreadable one lets nobody decide.
  const signOff = routed.ok ? routed.signOff : { groups: [], need: 1 };
  if (signOff) {
    const described = describedRequest(inputs, decisionId, expiresAt);
    return {
      ...described,
      // A Workflow Builder step may name groups without a count: the sign-off sets the floor.
      approvals_required: Math.max(described.approvals_required, signOffMinimum(signOff)),
      approver_users: [],
      approver_usergroup: undefined,
      sign_off: signOff,
    };
  }
  return describedRequest(inputs, decisionId, expiresAt);
}

function describedRequest(
  inputs: ApprovalInputs,
  decisionId: string,
  expiresAt?: number,
): ApprovalRequest {
  return {
    decision_id: decisionId,
    service_id: inputs.service_id,
    service_name: inputs.service_name,
    service_owner: inputs.service_owner,
    triggered_by: inputs.triggered_by,
    source_system: inputs.source_system,
    source_url: inputs.source_url,
    reason: inputs.reason,
    action: inputs.action,
    resource: inputs.resource,
    environment: inputs.environment,
    policy_name: inputs.policy_name,
    approvals_required: approvalsRequired(inputs),
    approver_users: [...new Set(inputs.approver_users ?? [])],
    approver_usergroup: inputs.approver_usergroup || undefined,
    expires_at: expiresAt,
    identity_method: inputs.identity_method || undefined,
    verified: decodeAttribution(inputs.verified_claims),
    facts: decodeFacts(inputs.facts),
    policy_note: inputs.policy_note || undefined,
  };
}

/** Where the approval message is, carried in the decision forms' private metadata. */
export interface MessageRef {
  channel: string;
  ts: string;
  /** Digest of the message as the user saw it when opening the form (`lib/decision/seen.ts`). */
  seen?: string;
}

/** Private metadata of the decision forms. */
export function encodeMessageRef(ref: MessageRef): string {
  return JSON.stringify({ c: ref.channel, t: ref.ts, ...(ref.seen ? { s: ref.seen } : {}) });
}

/** Reads {@link encodeMessageRef}'s output; undefined when malformed. */
export function decodeMessageRef(metadata: string | undefined): MessageRef | undefined {
  try {
    const parsed = JSON.parse(metadata ?? "");
    if (typeof parsed?.c === "string" && typeof parsed?.t === "string") {
      const seen = isMessageDigest(parsed.s) ? { seen: parsed.s } : {};
      return { channel: parsed.c, ts: parsed.t, ...seen };
    }
  } catch {
    // fall through: malformed metadata means no reference
  }
  return undefined;
}

/** The human outcome noted on a decision record, if any (used to repair a stale message). */
export function decidedFromRecord(record: {
  outcome?: string;
  decided_by?: string[];
  decided_at?: number;
  denial_reason?: string;
}): DecidedView | undefined {
  const o = record.outcome;
  if (o !== "approved" && o !== "denied" && o !== "expired") return undefined;
  return {
    outcome: o,
    decided_by: record.decided_by ?? [],
    decided_at: record.decided_at ?? 0,
    denial_reason: record.denial_reason,
  };
}
