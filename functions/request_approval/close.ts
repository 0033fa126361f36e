/**
 * Closing a pending request from outside its approval step: one mechanism for expiry (the sweep)
 * and revocation (a bot disabled, a key retired). It records the outcome, replaces the approval
 * message's buttons with a line saying why, tells the watcher channel and calls the bot back —
 * none of which depends on Slack letting this token complete another workflow run's execution.
 *
 * The order is what makes it safe without conditional writes:
 *
 * 1. re-read the record: only a pending record nobody has decided is closed (a click that noted
 *    its outcome first wins; a closure noted by an earlier, interrupted closer is finished as it
 *    was, not replaced);
 * 2. note the closure on the pending record (`outcome`, `reason_code`, `closed_by`): from now on a
 *    click is refused and the run's record step, should the run go on, leaves the record and the
 *    callback to the closer;
 * 3. try `functions.completeSuccess` on the suspended run so it ends too; Slack's answer is kept
 *    as `run_completion` (`completed`, or its error code). When Slack refuses, the run stays
 *    "in progress" in Slack's activity log; nothing else changes (README "Expiry and revocation");
 * 4. post the watcher notice, send the signed callback, then update the message (last, so a click
 *    that raced the note cannot leave its own outcome showing);
 * 5. write the final, sealed record with all of it in one write.
 *
 * A click in the same instant as the note may still complete its own execution; the record and
 * the callback stay the closer's (the run's record step defers to a noted closure).
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import {
  buildClosedRecord,
  type Closure,
  closureNote,
  closureOfRecord,
  type DecisionRecord,
} from "../../lib/decision/mod.ts";
import { withRecordSeal } from "../_shared/seal.ts";
import {
  escapeMrkdwn,
  isUserId,
  SECTION_TEXT_MAX,
  slackDate,
  truncate,
  userMention,
} from "../../lib/render/mod.ts";
import { sendCallback } from "../notify_caller/send.ts";
import { type ApprovalRequest, outcomeBlocks, outcomeText, watcherNotice } from "./blocks.ts";
import { decodeAttribution } from "../../lib/oidc/attribution.ts";
import { q } from "./_slack.ts";

/** The message view of a stored pending record. */
export function requestFromRecord(record: DecisionRecord): ApprovalRequest {
  return {
    decision_id: record.id,
    service_id: record.service_id,
    service_name: record.service_name,
    service_owner: record.service_owner,
    triggered_by: record.triggered_by,
    source_system: record.source_system,
    source_url: record.source_url,
    reason: record.reason,
    action: record.action,
    resource: record.resource,
    environment: record.environment,
    policy_name: record.policy_name,
    approvals_required: record.approvals_required ?? 1,
    approver_users: [],
    expires_at: record.expires_at,
    identity_method: record.identity_method,
    verified: decodeAttribution(record.verified_claims),
  };
}

/** Where a closure's side effects go: from the bot's `services` item. */
export interface CloseTargets {
  /** The bot's callback URL; empty or missing: no callback (recorded as `skipped`). */
  callback_url?: string;
  /** The bot's watcher channel, told like for a human decision. */
  watcher_channel?: string;
}

/** Result of {@link closePending}. */
export type CloseResult =
  | {
    result: "closed";
    closure: Closure;
    /** What Slack answered to completing the suspended run. */
    run_completion: string;
    callback_status: string;
  }
  /** Decided (or being decided by a click) before the closer got there. */
  | { result: "already_decided" }
  | { result: "not_found" }
  /** A datastore call failed; the pending record (with its note, if written) is retried later. */
  | { result: "error"; detail: string };

/** The line that replaces the buttons: what ended the request and when. */
export function closedLine(closure: Closure): string {
  if (closure.outcome === "expired") {
    return outcomeText({ outcome: "expired", decided_by: [], decided_at: closure.decided_at });
  }
  if (closure.outcome === "withdrawn") {
    return `:leftwards_arrow_with_hook: *Withdrawn by the caller* at ${
      slackDate(closure.decided_at)
    }. It can no longer be approved.`;
  }
  const by = isUserId(closure.closed_by)
    ? ` (ended by ${userMention(closure.closed_by)})`
    : closure.closed_by === "sweep"
    ? " (ended by the hourly sweep)"
    : " (ended by an admin action)";
  return truncate(
    `:no_entry_sign: *Ended, rejected* at ${slackDate(closure.decided_at)}: ` +
      `${escapeMrkdwn(closure.reason_detail, 600)}${by}. It can no longer be approved.`,
    SECTION_TEXT_MAX,
  );
}

/** The closed message: the request's attribution and the closure line, no buttons. */
export function closedBlocks(record: DecisionRecord, closure: Closure) {
  const expired = { outcome: "expired" as const, decided_by: [], decided_at: closure.decided_at };
  const blocks = outcomeBlocks(requestFromRecord(record), expired);
  if (closure.outcome === "expired") return blocks;
  // The decided layout with its outcome section replaced by the closure's line.
  const line = {
    type: "section" as const,
    text: { type: "mrkdwn" as const, text: closedLine(closure) },
  };
  const at = blocks.findIndex((b) =>
    b.type === "section" &&
    (b as { text?: { text?: string } }).text?.text?.startsWith(":hourglass:")
  );
  if (at >= 0) blocks.splice(at, 1, line);
  else blocks.push(line);
  return blocks;
}

/** The watcher channel's notice of a closure. */
export function closedNotice(record: DecisionRecord, closure: Closure): string {
  const req = requestFromRecord(record);
  if (closure.outcome === "expired") {
    return watcherNotice(req, {
      outcome: "expired",
      decided_by: [],
      decided_at: closure.decided_at,
    });
  }
  const first = watcherNotice(req, { outcome: "expired", decided_by: [], decided_at: 0 })
    .split("\n")[0];
  return truncate(`${first}\n${closedLine(closure)}`, SECTION_TEXT_MAX);
}

/**
 * Ends the pending request `id` with `closure` (see the module doc for the order and why).
 * Re-running it on a request it already closed, or one a click decided, changes nothing.
 */
export async function closePending(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  id: string,
  closure: Closure,
  targets: CloseTargets = {},
): Promise<CloseResult> {
  const fresh = await client.apps.datastore.get<typeof Decisions.definition>({
    datastore: Decisions.name,
    id,
  });
  if (!fresh.ok) return { result: "error", detail: `datastore get failed (${fresh.error})` };
  const record = fresh.item?.id ? fresh.item as DecisionRecord : undefined;
  if (!record) return { result: "not_found" };
  if (record.status !== "pending") return { result: "already_decided" };
  // A closure noted earlier (an interrupted closer) is finished as noted: the first one wins.
  const noted = closureOfRecord(record);
  if (!noted && record.outcome) return { result: "already_decided" };
  const c = noted ?? closure;
  if (!noted) {
    const note = await client.apps.datastore.update<typeof Decisions.definition>({
      datastore: Decisions.name,
      item: closureNote(id, c),
    });
    if (!note.ok) return { result: "error", detail: `datastore update failed (${note.error})` };
  }

  const runCompletion = await completeRun(client, record, c);
  if (targets.watcher_channel) {
    const res = await client.chat.postMessage({
      channel: targets.watcher_channel,
      text: closedNotice(record, c),
    });
    if (!res.ok) console.warn(`close: watcher notice failed for ${q(id)}: ${res.error}`);
  }

  const url = (targets.callback_url ?? "").trim();
  const final = buildClosedRecord(
    record,
    c,
    runCompletion,
    url
      ? { expected: true }
      : { expected: false, detail: "No callback: the bot has no callback URL" },
  );
  if (url) {
    const sent = await sendCallback(env, url, {
      service_id: record.service_id,
      request_id: record.request_id,
      decision_id: id,
      outcome: c.outcome,
      reason_code: c.reason_code,
      decided_by: [],
      decided_at: c.decided_at,
    });
    final.callback_status = sent.status;
    final.callback_attempts = sent.attempts;
    final.callback_detail = sent.detail;
  }
  // The message last but one: a click that raced the note and shows its own outcome is
  // overwritten by what was recorded (clicks after the note are refused).
  if (record.message_channel && record.message_ts) {
    const res = await client.chat.update({
      channel: record.message_channel,
      ts: record.message_ts,
      text: closedNotice(record, c),
      blocks: closedBlocks(record, c),
    });
    if (!res.ok) console.warn(`close: chat.update failed for ${q(id)}: ${res.error}`);
  }
  // One sealed write with everything known: no mark is added after the seal.
  const item = await withRecordSeal(env ?? {}, Decisions.name, { ...final }, "close");
  const put = await client.apps.datastore.put<typeof Decisions.definition>({
    datastore: Decisions.name,
    item,
  });
  if (!put.ok) return { result: "error", detail: `datastore put failed (${put.error})` };
  return {
    result: "closed",
    closure: c,
    run_completion: runCompletion,
    callback_status: final.callback_status ?? "skipped",
  };
}

/**
 * Tries to end the suspended approval step with the closure's outcome, so the run does not stay
 * open. Slack documents completing a function from its own execution only; whatever it answers
 * is returned (and recorded), and nothing else depends on it.
 */
async function completeRun(
  client: SlackAPIClient,
  record: DecisionRecord,
  c: Closure,
): Promise<string> {
  if (!record.approval_execution_id) return "no_execution";
  try {
    const done = await client.functions.completeSuccess({
      function_execution_id: record.approval_execution_id,
      outputs: {
        outcome: c.outcome,
        decided_by: [],
        decided_at: c.decided_at,
        denial_reason: "",
        ...(record.message_channel && record.message_ts
          ? { message_channel: record.message_channel, message_ts: record.message_ts }
          : {}),
      },
    });
    if (done.ok) return "completed";
    console.warn(`close: Slack refused to complete the run of ${q(record.id)}: ${done.error}`);
    return String(done.error ?? "unknown_error");
  } catch (error) {
    // A rate limit that outlasts the budget, or a network error: the closure goes on regardless.
    console.warn(`close: cannot complete the run of ${q(record.id)}: ${(error as Error).message}`);
    return "call_failed";
  }
}
