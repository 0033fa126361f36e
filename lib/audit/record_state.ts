/**
 * Whether a decision record's status and outcome agree, as `verify` reads them. A decision
 * record is in one of three states, and only these:
 *
 * - `pending`: humans are still deciding. No outcome, not signed yet (a warning: export again
 *   once it is decided).
 * - deciding: still `status: "pending"`, but an approver's click has noted the outcome
 *   (`approved`, `denied` or `expired`) together with `noted_at`, the click time, and the
 *   workflow's record step has not yet written the final record. The record step follows within
 *   seconds, so this is a warning only while `noted_at` is at most
 *   {@linkcode NOTED_GRACE_MS} before the export's `exported_at`.
 * - `final`: an outcome, sealed by the app.
 *
 * Anything else is a problem: a pending record carrying an outcome without the click's note (a
 * final record edited back to `pending`, its seal stripped), a note older than the grace
 * period (the record step failed, or the note was forged to hide such an edit), a final record
 * without an outcome, or a status or outcome the app never writes.
 *
 * @module
 */
import { OUTCOMES } from "../metrics/report.ts";
import { quote } from "./line_form.ts";

/** Outcomes a click (or an expired click) notes on the pending record. */
export const NOTED_OUTCOMES: readonly string[] = ["approved", "denied", "expired"];

/**
 * How long before the export a click-time note may be and still read as "the final record is
 * being written": the record step runs right after the click, within a function's 15-minute
 * limit at the very most.
 */
export const NOTED_GRACE_MS = 15 * 60_000;

/**
 * The same for a closer's note (expiry or revocation, `closed_by` set): a closer interrupted
 * between its note and the final record is finished by the next hourly sweep.
 */
export const CLOSURE_GRACE_MS = 2 * 60 * 60_000;

/** Clock skew tolerated between the app's clock (`noted_at`) and the exporter's. */
export const NOTED_SKEW_MS = 5 * 60_000;

/** What a decision record's state says. */
export interface StateCheck {
  /** Contradictions: the record is not one the app left in this state. */
  problems: string[];
  /** A legitimate state that is not final yet. */
  warning?: string;
}

/** Whether a stored value says something (an absent or empty value does not). */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "" &&
    !(Array.isArray(value) && value.length === 0);
}

/**
 * Checks a decision record's status against its outcome.
 *
 * @param exportedAtMs when the export was taken (its header's `exported_at`), NaN if unknown
 */
export function checkDecisionState(
  item: Record<string, unknown>,
  exportedAtMs: number,
): StateCheck {
  const { status, outcome } = item;
  if (status === "final") {
    if (!present(outcome)) return { problems: ["status final without an outcome"] };
    if (!(OUTCOMES as readonly string[]).includes(outcome as string)) {
      return { problems: [`outcome ${quote(outcome)} is not one the app writes`] };
    }
    return { problems: [] };
  }
  if (status !== "pending") {
    return { problems: [`status ${quote(status)} is not one the app writes (pending or final)`] };
  }
  const decided = [
    "outcome",
    "decided_by",
    "decided_at",
    "denial_reason",
    "approver_comment",
  ].filter((field) => present(item[field]));
  if (decided.length === 0) {
    return { problems: [], warning: "pending (humans still deciding), so not signed yet" };
  }
  const what = present(outcome) ? `outcome ${quote(outcome)}` : decided.join(", ");
  const noted = item.noted_at;
  if (typeof noted !== "number" || !Number.isFinite(noted)) {
    return {
      problems: [
        `status pending contradicts its ${what}, and no click noted it (noted_at): a final ` +
        "record edited back to pending, or a record the app did not write",
      ],
    };
  }
  const closing = typeof item.closed_by === "string" && item.closed_by !== "";
  // A closer notes `rejected` too (revocation: service_disabled, key_retired).
  if (!NOTED_OUTCOMES.includes(outcome as string) && !(closing && outcome === "rejected")) {
    return {
      problems: [
        `status pending contradicts its ${what}: a click notes only approved, denied or expired`,
      ],
    };
  }
  if (!Number.isFinite(exportedAtMs)) {
    return {
      problems: [`${what} noted at click time, but the export's time is unknown to compare`],
    };
  }
  const age = exportedAtMs - noted;
  if (age > (closing ? CLOSURE_GRACE_MS : NOTED_GRACE_MS)) {
    return {
      problems: [
        `${what} was noted at click time ${Math.round(age / 60_000)} min before the export, ` +
        "yet the record is not final: the record step failed, or a final record was edited " +
        "back to pending",
      ],
    };
  }
  if (age < -NOTED_SKEW_MS) {
    return { problems: [`${what} is noted ${Math.round(-age / 60_000)} min after the export`] };
  }
  return {
    problems: [],
    warning: `deciding: ${what} noted at click time, the final record not yet written when ` +
      "exported (export again to check it)",
  };
}
