/**
 * The break-glass part of the sweep: pages through break-glass decisions, and for each open review
 * repeats a missing notice, reminds the approvers in the review thread, or escalates loudly to the
 * security channel and the bot's escalation group (docs/trust_model.md).
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import type { DecisionRecord } from "../../lib/decision/record.ts";
import { REASON_CODES } from "../../lib/decision/outcome.ts";
import { slackDate, truncate, usergroupMention } from "../../lib/render/mod.ts";
import { securityChannel } from "../_break_glass_settings.ts";
import {
  howToAcknowledge,
  noticeBlocks,
  noticeText,
  reviewers,
  summaryLine,
} from "../announce_break_glass/blocks.ts";
import { planReview } from "./review_plan.ts";

/** Counts of the review sweep. */
export interface ReviewSweepResult {
  reviews_reminded: number;
  reviews_escalated: number;
  failed: number;
  complete: boolean;
}

interface Bot {
  approver_users?: string[];
  approver_usergroup?: string;
  escalation_usergroup?: string;
  approval_channel?: string;
  watcher_channel?: string;
}

/** Sweeps every open break-glass review once, until `deadline` (Unix ms of `now()`). */
export async function sweepReviews(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  now: () => number,
  deadline: number,
): Promise<ReviewSweepResult> {
  const result: ReviewSweepResult = {
    reviews_reminded: 0,
    reviews_escalated: 0,
    failed: 0,
    complete: true,
  };
  let cursor: string | undefined;
  do {
    if (now() > deadline) {
      result.complete = false;
      break;
    }
    const page = await client.apps.datastore.query<typeof Decisions.definition>({
      datastore: Decisions.name,
      expression: "#code = :bg",
      expression_attributes: { "#code": "reason_code" },
      expression_values: { ":bg": REASON_CODES.breakGlass },
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    if (!page.ok) throw new Error(`Cannot sweep break-glass reviews: query failed (${page.error})`);
    for (const item of page.items ?? []) {
      const record = item as DecisionRecord;
      const step = planReview(record, now());
      if (step === "none") continue;
      if (now() > deadline) {
        result.complete = false;
        break;
      }
      const ok = await act(client, env, record, step, now());
      if (!ok) result.failed++;
      else if (step === "escalate") result.reviews_escalated++;
      else result.reviews_reminded++;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor && result.complete);
  return result;
}

async function act(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  record: DecisionRecord,
  step: "announce" | "remind" | "escalate",
  now: number,
): Promise<boolean> {
  const found = await client.apps.datastore.get<typeof Services.definition>({
    datastore: Services.name,
    id: record.service_id ?? "",
  });
  const bot = (found.ok && found.item?.id ? found.item : {}) as Bot;
  const audience = reviewers(bot.approver_users ?? [], bot.approver_usergroup);
  const view = { ...record, id: record.id };
  const security = securityChannel(env);
  let posted: { ok: boolean; channel?: string; ts?: string; error?: string };
  const marks: Record<string, unknown> = {};
  if (step === "announce") {
    const channel = bot.approval_channel || security || bot.watcher_channel;
    if (!channel) return false;
    posted = await client.chat.postMessage({
      channel,
      text: noticeText(view),
      blocks: noticeBlocks(view, audience, channel === security),
    });
    if (posted.ok) {
      Object.assign(marks, { review_notice_channel: channel, review_notice_ts: posted.ts });
    }
  } else if (step === "remind") {
    posted = await client.chat.postMessage({
      channel: record.review_notice_channel!,
      thread_ts: record.review_notice_ts,
      reply_broadcast: true,
      text: truncate(
        `:bell: Reminder for ${audience}: the break-glass review of ${summaryLine(view)} is ` +
          `due ${slackDate(record.review_due_at ?? now)}. ${howToAcknowledge(view)}.`,
        3000,
      ),
    });
    if (posted.ok) marks.review_reminded_at = now;
  } else {
    const channel = security || record.review_notice_channel || bot.approval_channel;
    if (!channel) return false;
    const group = bot.escalation_usergroup ? ` ${usergroupMention(bot.escalation_usergroup)}` : "";
    posted = await client.chat.postMessage({
      channel,
      text: truncate(
        `<!here>${group} :rotating_light: *Overdue break-glass review*: ${summaryLine(view)}. ` +
          `Nobody has acknowledged it (due ${slackDate(record.review_due_at ?? now)}; ` +
          `reviewers: ${audience}). ${howToAcknowledge(view)}.`,
        3000,
      ),
    });
    if (posted.ok) marks.review_escalated_at = now;
  }
  if (!posted.ok) {
    console.warn(
      `sweep_pending: break-glass ${step} of ${JSON.stringify(record.id)}: ${posted.error}`,
    );
    return false;
  }
  const update = await client.apps.datastore.update<typeof Decisions.definition>({
    datastore: Decisions.name,
    item: { id: record.id, ...marks },
  });
  if (!update.ok) {
    console.warn(`sweep_pending: cannot mark ${JSON.stringify(record.id)}: ${update.error}`);
  }
  return update.ok;
}
