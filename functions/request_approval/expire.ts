/**
 * Expiry of a pending approval from outside the function (e.g. a scheduled sweep): Slack never
 * wakes an incomplete function when its time limit passes, so the sweep ends the request itself
 * (`close.ts`) and tries to complete the suspended run with the execution id the pending record
 * stores.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { type DecisionRecord, expiryClosure } from "../../lib/decision/mod.ts";
import { closePending, type CloseTargets } from "./close.ts";
import { q } from "./_slack.ts";

export { requestFromRecord } from "./close.ts";

/** Result of {@link expireDecision}. */
export type ExpireResult =
  | "expired"
  /** Not pending, no execution id, or its time limit has not passed. */
  | "not_due"
  /** Someone decided (or a closer noted another closure) first. */
  | "already_decided"
  /** Any other Slack error, logged. */
  | "error";

/** Whether a record is a pending approval whose time limit has passed at `now`. */
export function isDue(record: DecisionRecord, now: number): boolean {
  return record.status === "pending" && !record.outcome && !!record.approval_execution_id &&
    !!record.expires_at && now > record.expires_at;
}

/**
 * Expires a due pending approval through the shared closer ({@link closePending}): the outcome
 * is recorded, the message updated and the caller told whether or not Slack lets the sweep
 * complete the suspended run.
 */
export async function expireDecision(
  client: SlackAPIClient,
  record: DecisionRecord,
  now: number,
  env?: Record<string, string>,
  targets: CloseTargets = {},
): Promise<ExpireResult> {
  if (!isDue(record, now)) return "not_due";
  const closed = await closePending(client, env, record.id, expiryClosure(now), targets);
  switch (closed.result) {
    case "closed":
      return "expired";
    case "error":
      console.error(`request_approval: cannot expire ${q(record.id)}: ${closed.detail}`);
      return "error";
    default:
      return "already_decided";
  }
}
