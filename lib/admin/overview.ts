/**
 * The admin overview: every registered bot and every policy rule in evaluation order, as mrkdwn
 * lines (ids and patterns as copyable code, people and channels as mentions and links), so an
 * admin can find the ids the other admin forms ask for. Every stored value is hostile: ids become
 * mentions only when well-formed, and everything else is escaped.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { ruleProblem, sortRules } from "../policy/evaluate.ts";
import { mayHitProtected } from "../policy/protect.ts";
import { type PolicySettings, readPolicySettings } from "../policy/settings.ts";
import type { ServiceItem } from "./service_item.ts";
import type { PolicyItem } from "./policy.ts";
import { routingSummary } from "./policy_routing.ts";
import {
  channelMention,
  codeSpan,
  escapeMrkdwn,
  usergroupMention,
  userMention,
} from "../render/mrkdwn.ts";

/** An id or name as the admin forms take it: quoted, in a code span (copyable). */
function q(value: string, max = 64): string {
  return codeSpan(quote(value, max), max + 10);
}

/** A list of patterns or names as code spans, or `none`. */
function list(values: readonly string[] | undefined): string {
  return (values ?? []).map((v) => codeSpan(v, 120)).join(", ") || "none";
}

function keyText(key: { key_id: string; not_after?: number }, now: number): string {
  const end = key.not_after ?? 0;
  if (!end) return q(key.key_id);
  const when = new Date(end).toISOString();
  return `${q(key.key_id)} (${end < now ? "ended" : "until"} ${when})`;
}

/**
 * One mrkdwn line per bot: id, name, status, keys, permissions and approvers. People, groups and
 * channels are mentions and links (only for well-formed ids; anything else is escaped text).
 */
export function describeBot(bot: ServiceItem, now: number): string {
  const approvers = [
    ...(bot.approver_users ?? []).map((id) => userMention(id)),
    ...(bot.approver_usergroup ? [usergroupMention(bot.approver_usergroup)] : []),
  ];
  return `• ${q(bot.id)} ${q(bot.display_name ?? "", 60)}: ${
    escapeMrkdwn(bot.status ?? "?", 40, false)
  }; ` +
    `keys ${(bot.public_keys ?? []).map((k) => keyText(k, now)).join(", ") || "none"}; ` +
    (bot.oidc_issuer
      ? `OIDC ${q(bot.oidc_issuer, 80)} ${list(bot.oidc_claims)} ` +
        `(${escapeMrkdwn(bot.oidc_binding ?? "request", 40, false)}); `
      : "") +
    `actions ${list(bot.allowed_actions)}; ` +
    `resources ${list(bot.allowed_resources)}; ` +
    `environments ${list(bot.allowed_environments)}; ` +
    `${Number(bot.approvals_required ?? 1)} of ${approvers.join(", ") || "nobody"} in ` +
    `${bot.approval_channel ? channelMention(bot.approval_channel) : "?"}` +
    (bot.escalation_usergroup
      ? `, escalating to ${usergroupMention(bot.escalation_usergroup)}`
      : "") +
    (bot.break_glass === true ? "; :rotating_light: may break glass" : "");
}

/**
 * One mrkdwn line per rule, numbered in evaluation order (disabled rules marked, not skipped). An
 * auto-approving rule that rests on asserted conditions only is flagged: in a protected
 * environment it sends requests to humans.
 */
export function describeRule(
  rule: PolicyItem,
  place: number,
  protectedEnvironments?: readonly string[],
): string {
  const when = [
    `bot ${codeSpan(rule.service_pattern || "*")}`,
    `action ${codeSpan(rule.action_pattern || "*")}`,
    `resource ${codeSpan(rule.resource_pattern || "*")}`,
    `environment ${codeSpan(rule.environment_pattern || "*")}`,
    ...(rule.conditions ? [`conditions ${codeSpan(rule.conditions, 400)}`] : []),
  ].join(", ");
  const effect = rule.effect === "require_approval"
    ? `require ${Number(rule.approvals_required) || "the bot's"} approval(s)${routingSummary(rule)}`
    : codeSpan(String(rule.effect), 40);
  return `${place}. ${q(rule.id)} ${q(rule.name ?? "", 60)} (position ` +
    `${Number(rule.position ?? NaN) || "none"})${
      rule.enabled === false ? " [disabled]" : ""
    }: ${effect} when ` +
    when + protectedFlag(rule, protectedEnvironments);
}

function protectedFlag(rule: PolicyItem, protectedEnvironments?: readonly string[]): string {
  // A stored rule that no longer reads (e.g. an old asserted `time.x` key, now a verified fact)
  // stops evaluation with require_approval: say so, so it gets fixed.
  const problem = ruleProblem(rule);
  if (problem) {
    return ` :warning: invalid, asks humans for every request that reaches it: ${
      escapeMrkdwn(problem, 300, false)
    }`;
  }
  const reason = mayHitProtected(rule, protectedEnvironments);
  return reason
    ? ` :warning: asks humans instead in protected environments: ${
      escapeMrkdwn(reason, 400, false)
    }` +
      " (add an oidc.<claim> condition to let it auto-approve there)"
    : "";
}

/** The trust settings as one line: protected environments, time zone, freeze windows, problems. */
export function describeSettings(settings: PolicySettings, now: number): string {
  const freezes = settings.freezes === undefined
    ? "unreadable"
    : settings.freezes.map((w) =>
      `${codeSpan(w.name, 80)} ${new Date(w.start).toISOString()} → ${
        new Date(w.end).toISOString()
      }` +
      (now >= w.start && now < w.end ? " (on now)" : "")
    ).join(", ") || "none";
  const problems = settings.problems.map((p) => `\n:warning: ${escapeMrkdwn(p, 300, false)}`);
  return `Protected environments: ${list(settings.protectedEnvironments)}; time zone ` +
    `${codeSpan(settings.timeZone, 80)}; freeze windows: ${freezes}${problems.join("")}`;
}

/** The whole overview as mrkdwn: bold headings, one line per bot and per rule. */
export function overviewText(
  bots: readonly ServiceItem[],
  rules: readonly PolicyItem[],
  now: number,
  settings: PolicySettings = readPolicySettings({}),
): string {
  const sortedBots = [...bots].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [
    `*Bots (${bots.length})*`,
    ...(sortedBots.length ? sortedBots.map((bot) => describeBot(bot, now)) : ["(none)"]),
    "",
    `*Policy rules in the order they are checked (${rules.length})*; first match wins, ` +
    "no match needs 1 approval:",
    ...(rules.length
      ? sortRules(rules).map((rule, i) => describeRule(rule, i + 1, settings.protectedEnvironments))
      : ["(none)"]),
    describeSettings(settings, now),
  ].join("\n");
}

/**
 * `mrkdwn` cut to at most `max` characters at a line end (never inside a mention or a code
 * span), saying how many lines were left out.
 */
export function capLines(mrkdwn: string, max: number): string {
  const lines = mrkdwn.split("\n");
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const next = length + lines[i].length + 1;
    if (next > max - 40) {
      return [...lines.slice(0, i), `… (${lines.length - i} more lines)`].join("\n");
    }
    length = next;
  }
  return mrkdwn;
}
