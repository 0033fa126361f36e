/**
 * A report as a compact Slack message (Block Kit) and as plain text for the terminal. Group keys
 * are caller text (bot ids, actions, environments), so they are escaped and bounded.
 *
 * @module
 */
import type { KnownBlock } from "@slack/types";
import {
  CONTEXT_TEXT_MAX,
  escapeMrkdwn,
  SECTION_TEXT_MAX,
  stripControl,
  truncate,
} from "../render/mod.ts";
import { formatDuration, formatRate } from "./stats.ts";
import { periodLabel } from "./period.ts";
import type { GroupMetrics, Report } from "./report.ts";

/** Rows shown per group in the Slack summary. */
export const TOP_N = 5;

/** `12 decisions · 58.3% approved · …` for one group. */
function countsLine(g: GroupMetrics): string {
  const c = g.counts;
  const parts = [`${c.total} decision${c.total === 1 ? "" : "s"}`];
  if (c.pending) parts.push(`${c.pending} pending`);
  if (c.break_glass) parts.push(`:rotating_light: ${c.break_glass} break-glass`);
  if (g.rates.approval !== undefined) {
    parts.push(
      `approved ${formatRate(g.rates.approval)}`,
      `denied ${formatRate(g.rates.denial)}`,
      `auto ${formatRate(g.rates.auto)}`,
      `rejected ${formatRate(g.rates.rejection)}`,
      `expired ${formatRate(g.rates.expiry)}`,
    );
  }
  return parts.join(" · ");
}

/** `p50 3m 10s · p90 … · max …` (only when humans decided something). */
function timeLine(g: GroupMetrics): string {
  const t = g.time;
  if (!t.count) return "no human decisions";
  return `p50 ${formatDuration(t.p50)} · p90 ${formatDuration(t.p90)} · max ${
    formatDuration(t.max)
  } (${t.count} human)`;
}

/** Short line per group member: `• *key* — 5 (approved 60.0%), p50 2m 00s`. */
function groupLines(groups: GroupMetrics[], label: (key: string) => string): string {
  const shown = groups.slice(0, TOP_N).map((g) => {
    const rate = g.rates.approval !== undefined
      ? ` (approved ${formatRate(g.rates.approval)})`
      : "";
    const p50 = g.time.count ? `, p50 ${formatDuration(g.time.p50)}` : "";
    return `• ${label(g.key)}: ${g.counts.total}${rate}${p50}`;
  });
  const more = groups.length > TOP_N ? `\n_…and ${groups.length - TOP_N} more_` : "";
  return shown.join("\n") + more;
}

/** A caller-supplied key, escaped for mrkdwn and bounded. */
const esc = (key: string) => `*${escapeMrkdwn(key, 80, false)}*`;
/**
 * An approver by name when known, else the id as code: never a mention, so a weekly report does
 * not ping every approver.
 */
const approverLabel = (names: Readonly<Record<string, string>>) => (key: string) =>
  Object.hasOwn(names, key) && names[key] ? esc(names[key]) : `\`${escapeMrkdwn(key, 40, false)}\``;

/** Options of {@link summaryBlocks}. */
export interface SummaryOptions {
  /** Display names of approvers by user id (ids without a name are shown as ids). */
  approverNames?: Readonly<Record<string, string>>;
}

/** Notification text of the summary message. */
export function summaryText(report: Report): string {
  return truncate(
    `Countersign report ${periodLabel(report.period)}: ${countsLine(report.overall)}`,
    SECTION_TEXT_MAX,
  );
}

/** The compact Slack summary: totals, rates, time-to-decision, top bots/actions/envs/approvers. */
export function summaryBlocks(report: Report, opts: SummaryOptions = {}): KnownBlock[] {
  const o = report.overall;
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: "Countersign weekly report", emoji: false },
    },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(periodLabel(report.period), CONTEXT_TEXT_MAX) }],
    },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `*Decisions:* ${countsLine(o)}\n*Time to decision:* ${timeLine(o)}`,
          SECTION_TEXT_MAX,
        ),
      },
    },
  ];
  if (o.counts.total === 0) return blocks;
  const sections: [string, GroupMetrics[], (key: string) => string][] = [
    ["By bot", report.by_bot, esc],
    ["By action", report.by_action, esc],
    ["By environment", report.by_environment, esc],
    ["By approver", report.by_approver, approverLabel(opts.approverNames ?? {})],
  ];
  const glass = breakGlassLine(report, esc);
  if (glass) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(glass, SECTION_TEXT_MAX) },
    });
  }
  for (const [title, groups, label] of sections) {
    if (groups.length === 0) continue;
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`*${title}*\n${groupLines(groups, label)}`, SECTION_TEXT_MAX),
      },
    });
  }
  return blocks;
}

/** Break-glass use per bot (every bot that used it, not only the top ones), or "". */
function breakGlassLine(report: Report, label: (key: string) => string): string {
  const used = report.by_bot.filter((g) => g.counts.break_glass > 0)
    .sort((a, b) => b.counts.break_glass - a.counts.break_glass || a.key.localeCompare(b.key));
  if (used.length === 0) return "";
  return `*:rotating_light: Break-glass by bot*\n` +
    used.map((g) => `• ${label(g.key)}: ${g.counts.break_glass}`).join("\n");
}

/** One table row of the text report. */
function row(g: GroupMetrics): string {
  const c = g.counts;
  return [
    g.key.slice(0, 40).padEnd(40),
    String(c.total).padStart(6),
    formatRate(g.rates.approval).padStart(7),
    formatRate(g.rates.denial).padStart(7),
    formatRate(g.rates.auto).padStart(7),
    formatRate(g.rates.rejection).padStart(7),
    formatRate(g.rates.expiry).padStart(7),
    formatDuration(g.time.p50).padStart(8),
    formatDuration(g.time.p90).padStart(8),
    formatDuration(g.time.max).padStart(8),
  ].join(" ");
}

/** The report as terminal text (control characters in keys are removed). */
export function reportText(report: Report): string {
  const header = [
    "".padEnd(40),
    "total".padStart(6),
    "appr".padStart(7),
    "deny".padStart(7),
    "auto".padStart(7),
    "rej".padStart(7),
    "expd".padStart(7),
    "p50".padStart(8),
    "p90".padStart(8),
    "max".padStart(8),
  ].join(" ");
  const clean = (g: GroupMetrics) => ({ ...g, key: stripControl(g.key, false) });
  const lines = [
    `Countersign report ${periodLabel(report.period)}`,
    `Decisions: ${countsLine(report.overall)}`,
    `Time to decision: ${timeLine(report.overall)}`,
  ];
  const glass = breakGlassLine(report, (key) => stripControl(key, false));
  if (glass) lines.push(glass.replace(/\*/g, "").replace(":rotating_light: ", ""));
  const sections: [string, GroupMetrics[]][] = [
    ["By bot", report.by_bot],
    ["By action", report.by_action],
    ["By environment", report.by_environment],
    ["By approver", report.by_approver],
  ];
  for (const [title, groups] of sections) {
    if (groups.length === 0) continue;
    lines.push("", `${title}`, header, ...groups.map((g) => row(clean(g))));
  }
  return lines.join("\n");
}
