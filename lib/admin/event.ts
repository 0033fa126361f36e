/**
 * Admin event records (`datastores/admin_events.ts`): who did what to which target, when, with
 * what result, and the target's item before and after as JSON.
 *
 * @module
 */
import { type Change, diffItems, stable } from "./diff.ts";

/** What an admin function attempted. */
export type AdminAction =
  | "register_bot"
  | "rotate_key"
  | "disable_bot"
  | "enable_bot"
  | "edit_bot"
  | "add_policy"
  | "edit_policy"
  | "remove_policy"
  | "dry_run_policy"
  | "list_admin_overview"
  | "resend_callback"
  | "acknowledge_break_glass";

/** How the attempt ended: applied, refused (not an admin) or invalid (bad input). */
export type AdminResult = "applied" | "refused" | "invalid";

/** An `admin_events` item. */
export interface AdminEventItem {
  id: string;
  at: number;
  actor: string;
  action: AdminAction;
  target_type: "bot" | "policy" | "decision";
  target_id: string;
  result: AdminResult;
  detail: string;
  /** JSON of the item before (empty when it did not exist or nothing was read). */
  before: string;
  /** JSON of the item after (empty when removed or not applied). */
  after: string;
  /** The changed attribute names, comma-separated. */
  changed: string;
}

/** The fields of an event the caller chooses. */
export interface AdminEventInput {
  actor?: string;
  action: AdminAction;
  targetType: "bot" | "policy" | "decision";
  targetId?: string;
  result: AdminResult;
  detail: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Longest `detail` stored; the rest is cut with `…` (the before/after JSON is complete). */
export const MAX_DETAIL = 2000;

/**
 * Builds an event item. Its id sorts by time (`<ms, 13 digits>-<random>`), so a query of the
 * datastore in id order is the admin log in order.
 */
export function adminEvent(input: AdminEventInput, now: number, random: string): AdminEventItem {
  const changes: Change[] = input.result === "applied" ? diffItems(input.before, input.after) : [];
  const detail = Array.from(input.detail);
  return {
    id: `${String(now).padStart(13, "0")}-${random}`,
    at: now,
    actor: input.actor ?? "",
    action: input.action,
    target_type: input.targetType,
    target_id: input.targetId ?? "",
    result: input.result,
    detail: detail.length > MAX_DETAIL ? detail.slice(0, MAX_DETAIL).join("") + "…" : input.detail,
    before: input.before ? stable(input.before) : "",
    after: input.after ? stable(input.after) : "",
    changed: changes.map((c) => c.attribute).join(","),
  };
}
