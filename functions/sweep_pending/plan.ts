/**
 * What the sweep does with one pending decision: pure, so the thresholds are unit-tested without
 * Slack.
 *
 * @module
 */
import {
  type Closure,
  closureOfRecord,
  type DecisionRecord,
  revocationOf,
  type ServiceTrust,
} from "../../lib/decision/mod.ts";
import { isDue } from "../request_approval/expire.ts";

/** Env variable: share of the time limit after which approvers are reminded. */
export const REMINDER_SHARE_ENV = "COUNTERSIGN_REMINDER_SHARE";
/** Env variable: share of the time limit after which the escalation group is asked. */
export const ESCALATION_SHARE_ENV = "COUNTERSIGN_ESCALATION_SHARE";
/** Defaults of the two shares. */
export const DEFAULT_SHARES: Shares = { reminder: 0.5, escalation: 0.75 };

/** When to remind and when to escalate, as shares (0 < s < 1) of the time limit. */
export interface Shares {
  reminder: number;
  escalation: number;
}

/** A share as configured: a number strictly between 0 and 1. */
export function isShare(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value < 1;
}

/**
 * The shares from the function inputs, else the env, else the defaults. An unusable value is
 * reported in `warnings` (quoted) and replaced by the default: a typo must not stop expiry.
 */
export function readShares(
  inputs: { reminder_share?: number; escalation_share?: number },
  env: Record<string, string | undefined>,
): { shares: Shares; warnings: string[] } {
  const warnings: string[] = [];
  const pick = (input: number | undefined, envName: string, fallback: number): number => {
    if (input !== undefined && input !== null) {
      if (isShare(input)) return input;
      warnings.push(`Cannot use share input "${input}": not a number between 0 and 1`);
    }
    const raw = env[envName];
    if (raw !== undefined && raw.trim() !== "") {
      const n = Number(raw);
      if (isShare(n)) return n;
      warnings.push(
        `Cannot use ${envName} "${
          raw.slice(0, 40)
        }": not a number between 0 and 1; using ${fallback}`,
      );
    }
    return fallback;
  };
  return {
    shares: {
      reminder: pick(inputs.reminder_share, REMINDER_SHARE_ENV, DEFAULT_SHARES.reminder),
      escalation: pick(inputs.escalation_share, ESCALATION_SHARE_ENV, DEFAULT_SHARES.escalation),
    },
    warnings,
  };
}

/** What to do now; `remind` and `escalate_to` may both be set (one message does both). */
export interface SweepPlan {
  /**
   * End the request as revoked (its bot disabled or its key retired), or finish a closure an
   * earlier closer noted and did not complete.
   */
  close?: Closure;
  expire: boolean;
  remind: boolean;
  /** The user group to escalate to. */
  escalate_to?: string;
}

/** Share of the time limit used at `now`; undefined without both times. */
export function elapsedShare(record: DecisionRecord, now: number): number | undefined {
  const start = record.requested_at, end = record.expires_at;
  if (!start || !end || end <= start) return undefined;
  return (now - start) / (end - start);
}

/**
 * The plan for one pending record: finish a closure noted earlier; end it if its bot was disabled
 * or its key retired (unless it had expired before that); expire it when due; otherwise remind
 * once after the reminder share and escalate once after the escalation share (only to a group
 * other than the approver group). A record that is not pending, has no execution, or no known
 * times gets nothing.
 */
export function planSweep(
  record: DecisionRecord,
  service:
    | ({ approver_usergroup?: string; escalation_usergroup?: string } & ServiceTrust)
    | undefined,
  now: number,
  shares: Shares,
): SweepPlan {
  const none: SweepPlan = { expire: false, remind: false };
  const noted = closureOfRecord(record);
  if (noted) return { close: noted, expire: false, remind: false };
  if (record.status !== "pending" || record.outcome || !record.approval_execution_id) return none;
  const revoked = revocationOf(record, service, now);
  if (revoked) return { close: revoked, expire: false, remind: false };
  if (isDue(record, now)) return { expire: true, remind: false };
  const share = elapsedShare(record, now);
  if (share === undefined) return none;
  const group = service?.escalation_usergroup;
  const escalate = !!group && group !== service?.approver_usergroup && !record.escalated_at &&
    share >= shares.escalation;
  return {
    expire: false,
    // An escalation message is also the reminder: never two messages in one sweep.
    remind: !record.reminded_at && share >= shares.reminder,
    ...(escalate ? { escalate_to: group } : {}),
  };
}
