/**
 * The loud break-glass notice and its follow-ups (reminder, escalation, acknowledgment). Every
 * value from the record is caller text or comes from it, so all of it is escaped.
 *
 * @module
 */
import type { KnownBlock } from "@slack/types";
import {
  escapeMrkdwn,
  FIELD_BUDGET,
  SECTION_TEXT_MAX,
  slackDate,
  truncate,
  usergroupMention,
  userMention,
} from "../../lib/render/mod.ts";

/** The parts of a decision record the notice shows. */
export interface BreakGlassView {
  id: string;
  service_id?: string;
  service_name?: string;
  action?: string;
  resource?: string;
  environment?: string;
  triggered_by?: string;
  break_glass_reason?: string;
  review_due_at?: number;
  decided_at?: number;
}

/** Who is asked to review: mentions of the approvers. */
export function reviewers(users: readonly string[], group?: string): string {
  const parts = users.slice(0, 20).map((u) => userMention(u));
  if (group) parts.push(usergroupMention(group));
  return parts.join(" ") || "_the bot's approvers_";
}

/** How to acknowledge, in words: the shortcut and the decision id. */
export function howToAcknowledge(view: BreakGlassView): string {
  return `Acknowledge the review with the *Countersign: Acknowledge break-glass* shortcut, ` +
    `decision id \`${escapeMrkdwn(view.id, FIELD_BUDGET.medium, false)}\``;
}

/** One-line summary: who broke glass to do what where. */
export function summaryLine(view: BreakGlassView): string {
  const bot = escapeMrkdwn(
    view.service_name || view.service_id || "A bot",
    FIELD_BUDGET.short,
    false,
  );
  const what = escapeMrkdwn(
    `${view.action || "act"} on ${view.resource || "a resource"} in ${view.environment || "?"}`,
    FIELD_BUDGET.medium,
    false,
  );
  return `${bot} broke glass: ${what}`;
}

/** The notice blocks; `loud` adds `@here` (security channel). */
export function noticeBlocks(view: BreakGlassView, audience: string, loud: boolean): KnownBlock[] {
  const reason = escapeMrkdwn(view.break_glass_reason || "(none)", FIELD_BUDGET.long);
  const by = view.triggered_by
    ? `\n*Triggered by _(caller-asserted)_:* ${
      escapeMrkdwn(view.triggered_by, FIELD_BUDGET.short, false)
    }`
    : "";
  const due = view.review_due_at ? slackDate(view.review_due_at) : "_unknown_";
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `${loud ? "<!here> " : ""}:rotating_light: *BREAK-GLASS APPROVAL* — ${
            summaryLine(view)
          }` +
            `\nApproved at once, without the policy rules or a human. ` +
            `*Justification _(caller-asserted)_:* ${reason}${by}`,
          SECTION_TEXT_MAX,
        ),
      },
    },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `*Follow-up review required* from ${audience} by ${due}.\n${howToAcknowledge(view)}.`,
          SECTION_TEXT_MAX,
        ),
      },
    },
  ];
}

/** Plain notification text of the notice. */
export function noticeText(view: BreakGlassView): string {
  return truncate(`BREAK-GLASS: ${summaryLine(view)}. Follow-up review required.`, 3000);
}
