/**
 * What the hourly sweep does for a break-glass review nobody has acknowledged yet: repeat a notice
 * that could not be posted, remind once at half the review window, escalate at the deadline and
 * every day after until someone acknowledges. Pure: the caller gives the time.
 *
 * @module
 */
import type { DecisionRecord } from "../../lib/decision/record.ts";
import { REASON_CODES } from "../../lib/decision/outcome.ts";

/** How often an overdue review is escalated again. */
export const REESCALATE_MS = 24 * 3_600_000;

/** The step for one review. */
export type ReviewStep = "none" | "announce" | "remind" | "escalate";

/** Whether a record is a break-glass decision whose review is still open. */
export function reviewOpen(record: DecisionRecord): boolean {
  return record.status === "final" && record.reason_code === REASON_CODES.breakGlass &&
    !record.review_acknowledged_at;
}

/** The next step for an open review at `now`. */
export function planReview(record: DecisionRecord, now: number): ReviewStep {
  if (!reviewOpen(record)) return "none";
  const due = Number(record.review_due_at);
  const decided = Number(record.decided_at);
  if (!Number.isFinite(due) || due <= 0) return "escalate"; // no deadline: never let it lie
  if (now >= due) {
    const last = Number(record.review_escalated_at);
    return !(last > 0) || now - last >= REESCALATE_MS ? "escalate" : "none";
  }
  if (!record.review_notice_ts) return "announce";
  const half = Number.isFinite(decided) && decided < due ? decided + (due - decided) / 2 : due;
  return now >= half && !record.review_reminded_at ? "remind" : "none";
}
