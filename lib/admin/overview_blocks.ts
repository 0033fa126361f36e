/**
 * The admin overview as Block Kit messages: a section per bot with its settings as fields
 * (people as `<@U…>` mentions, channels as `<#C…>` links, groups as `<!subteam^S…>` mentions),
 * a section per policy rule in evaluation order, ids and patterns as code spans (copyable, no
 * invisible characters). Every stored value is hostile: mentions are made only from well-formed
 * ids, everything else is escaped. Slack's limits are kept: 50 blocks a message, 10 fields a
 * section, 2000 characters a field, 3000 a section text, 150 a header.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { sortRules } from "../policy/evaluate.ts";
import {
  channelMention,
  codeSpan,
  escapeMrkdwn,
  usergroupMention,
  userMention,
} from "../render/mrkdwn.ts";
import type { ServiceItem } from "./bot.ts";
import type { PolicyItem } from "./policy.ts";

/** Slack's limits this module keeps. */
export const LIMITS = {
  blocksPerMessage: 50,
  fieldsPerSection: 10,
  fieldChars: 2000,
  sectionChars: 3000,
  headerChars: 150,
} as const;
/** Most messages one overview is sent in; the rest is counted, not shown. */
export const MAX_MESSAGES = 10;

type Block = Record<string, unknown>;

/** One message of the overview: notification text and blocks. */
export interface OverviewMessage {
  text: string;
  blocks: Block[];
}

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });

/** Joins rendered items up to `max` characters, saying how many were left out. */
function joinCapped(items: readonly string[], max: number, empty = "none"): string {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const next = out ? `${out}, ${items[i]}` : items[i];
    const rest = items.length - i;
    if (next.length > max - 20) return `${out} … and ${rest} more`;
    out = next;
  }
  return out || empty;
}

function field(label: string, value: string): { type: string; text: string } {
  return mrkdwn(`*${label}*\n${value}`.slice(0, LIMITS.fieldChars));
}

const codes = (values: readonly string[] | undefined) =>
  joinCapped((values ?? []).map((v) => codeSpan(v, 120)), LIMITS.fieldChars - 40);

function keyText(key: { key_id: string; not_after?: number }, now: number): string {
  const end = key.not_after ?? 0;
  const id = codeSpan(quote(key.key_id, 64), 80);
  if (!end) return id;
  return `${id} (${end < now ? "ended" : "until"} ${new Date(end).toISOString()})`;
}

/** The section of one bot: a title line and up to ten fields. */
export function botSection(bot: ServiceItem, now: number): Block {
  const status = escapeMrkdwn(bot.status ?? "?", 40, false);
  const title = `*${codeSpan(quote(bot.id, 64), 80)}* ${
    codeSpan(quote(bot.display_name ?? "", 60), 80)
  } · ${bot.status === "disabled" ? `*${status}*` : status}`;
  const approvers = [
    ...(bot.approver_users ?? []).map((id) => userMention(id, 40)),
    ...(bot.approver_usergroup ? [usergroupMention(bot.approver_usergroup, 40)] : []),
  ];
  const channels = [
    `${bot.approval_channel ? channelMention(bot.approval_channel, 40) : "?"} (approvals)`,
    ...(bot.watcher_channel ? [`${channelMention(bot.watcher_channel, 40)} (outcomes)`] : []),
  ];
  const fields = [
    field("Keys", joinCapped((bot.public_keys ?? []).map((k) => keyText(k, now)), 1900)),
    field("Owner", bot.owner ? userMention(bot.owner, 40) : "none"),
    field(
      "Approvers",
      `${Number(bot.approvals_required ?? 1)} of ${joinCapped(approvers, 1900, "nobody")}`,
    ),
    field("Channels", channels.join("\n")),
    field("Actions", codes(bot.allowed_actions)),
    field("Resources", codes(bot.allowed_resources)),
    field("Environments", codes(bot.allowed_environments)),
  ];
  if (bot.escalation_usergroup) {
    fields.push(field("Escalation", usergroupMention(bot.escalation_usergroup, 40)));
  }
  if (bot.oidc_issuer) {
    const binding = escapeMrkdwn(bot.oidc_binding ?? "request", 40, false);
    fields.push(
      field("OIDC", `${codeSpan(bot.oidc_issuer, 200)} (${binding})\n${codes(bot.oidc_claims)}`),
    );
  }
  if (bot.callback_url) fields.push(field("Callback", codeSpan(bot.callback_url, 300)));
  return {
    type: "section",
    text: mrkdwn(title.slice(0, LIMITS.sectionChars)),
    fields: fields.slice(0, LIMITS.fieldsPerSection),
  };
}

/** The section of one rule, numbered in evaluation order. */
export function ruleSection(rule: PolicyItem, place: number): Block {
  const effect = rule.effect === "require_approval"
    ? `require ${Number(rule.approvals_required) || "the bot's"} approval(s)`
    : codeSpan(String(rule.effect), 40);
  const when = [
    `bot ${codeSpan(rule.service_pattern || "*")}`,
    `action ${codeSpan(rule.action_pattern || "*")}`,
    `resource ${codeSpan(rule.resource_pattern || "*")}`,
    `environment ${codeSpan(rule.environment_pattern || "*")}`,
    ...(rule.conditions ? [`conditions ${codeSpan(rule.conditions, 400)}`] : []),
  ].join(", ");
  const position = Number(rule.position ?? NaN) || "none";
  const text =
    `*${place}.* ${codeSpan(quote(rule.id, 64), 80)} ${
      codeSpan(quote(rule.name ?? "", 60), 80)
    } · position ${position}${rule.enabled === false ? " · *disabled*" : ""}\n` +
    `${effect} when ${when}`;
  return { type: "section", text: mrkdwn(text.slice(0, LIMITS.sectionChars)) };
}

const header = (text: string) => ({
  type: "header",
  text: { type: "plain_text", text: text.slice(0, LIMITS.headerChars) },
});

/**
 * The overview as messages of at most 50 blocks each (at most {@linkcode MAX_MESSAGES}; what
 * does not fit is counted in a last note). Bots are sorted by id, rules in evaluation order.
 */
export function overviewMessages(
  bots: readonly ServiceItem[],
  rules: readonly PolicyItem[],
  now: number,
): OverviewMessage[] {
  const sortedBots = [...bots].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const empty = (what: string) => ({ type: "context", elements: [mrkdwn(`No ${what} yet.`)] });
  const blocks: Block[] = [
    header(`Bots (${bots.length})`),
    ...(sortedBots.length ? sortedBots.map((bot) => botSection(bot, now)) : [empty("bots")]),
    { type: "divider" },
    header(`Policy rules in evaluation order (${rules.length})`),
    {
      type: "context",
      elements: [mrkdwn("First match wins; a request no rule matches needs 1 approval.")],
    },
    ...(rules.length ? sortRules(rules).map((r, i) => ruleSection(r, i + 1)) : [empty("rules")]),
  ];
  const text = `Countersign overview: ${bots.length} bot(s), ${rules.length} policy rule(s)`;
  const per = LIMITS.blocksPerMessage;
  const messages: OverviewMessage[] = [];
  for (let i = 0; i < blocks.length && messages.length < MAX_MESSAGES; i += per) {
    messages.push({ text, blocks: blocks.slice(i, i + per) });
  }
  const shown = messages.reduce((n, m) => n + m.blocks.length, 0);
  if (shown < blocks.length) {
    const last = messages.at(-1)!;
    last.blocks.splice(per - 1, last.blocks.length, {
      type: "context",
      elements: [mrkdwn(`… ${blocks.length - shown + 1} more not shown.`)],
    });
  }
  return messages;
}
