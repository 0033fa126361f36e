/**
 * The admin overview: every registered bot and every policy rule in evaluation order, as plain
 * text lines, so an admin can find the ids the other admin forms ask for.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { sortRules } from "../policy/evaluate.ts";
import type { ServiceItem } from "./bot.ts";
import type { PolicyItem } from "./policy.ts";

function keyText(key: { key_id: string; not_after?: number }, now: number): string {
  const end = key.not_after ?? 0;
  if (!end) return quote(key.key_id);
  const when = new Date(end).toISOString();
  return `${quote(key.key_id)} (${end < now ? "ended" : "until"} ${when})`;
}

/** One line per bot: id, name, status, keys, permissions and approvers. */
export function describeBot(bot: ServiceItem, now: number): string {
  const approvers = [
    ...(bot.approver_users ?? []),
    ...(bot.approver_usergroup ? [`group ${bot.approver_usergroup}`] : []),
  ];
  return `• ${quote(bot.id, 64)} ${quote(bot.display_name ?? "", 60)}: ${bot.status ?? "?"}; ` +
    `keys ${(bot.public_keys ?? []).map((k) => keyText(k, now)).join(", ") || "none"}; ` +
    (bot.oidc_issuer
      ? `OIDC ${quote(bot.oidc_issuer, 80)} ${(bot.oidc_claims ?? []).join(", ")} ` +
        `(${bot.oidc_binding ?? "request"}); `
      : "") +
    `actions ${(bot.allowed_actions ?? []).join(", ") || "none"}; ` +
    `resources ${(bot.allowed_resources ?? []).join(", ") || "none"}; ` +
    `environments ${(bot.allowed_environments ?? []).join(", ") || "none"}; ` +
    `${bot.approvals_required ?? 1} of ${approvers.join(", ") || "nobody"} in ` +
    `${bot.approval_channel ?? "?"}` +
    (bot.escalation_usergroup ? `, escalating to group ${bot.escalation_usergroup}` : "");
}

/** One line per rule, numbered in evaluation order (disabled rules marked, not skipped). */
export function describeRule(rule: PolicyItem, place: number): string {
  const when = [
    `bot ${rule.service_pattern || "*"}`,
    `action ${rule.action_pattern || "*"}`,
    `resource ${rule.resource_pattern || "*"}`,
    `environment ${rule.environment_pattern || "*"}`,
    ...(rule.conditions ? [`conditions ${rule.conditions}`] : []),
  ].join(", ");
  const effect = rule.effect === "require_approval"
    ? `require ${rule.approvals_required || "the bot's"} approval(s)`
    : String(rule.effect);
  return `${place}. ${quote(rule.id, 64)} ${quote(rule.name ?? "", 60)} (position ` +
    `${rule.position ?? "none"})${rule.enabled === false ? " [disabled]" : ""}: ${effect} when ` +
    when;
}

/** The whole overview text. */
export function overviewText(
  bots: readonly ServiceItem[],
  rules: readonly PolicyItem[],
  now: number,
): string {
  const sortedBots = [...bots].sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [
    `Bots (${bots.length}):`,
    ...(sortedBots.length ? sortedBots.map((bot) => describeBot(bot, now)) : ["(none)"]),
    "",
    `Policy rules in the order they are checked (${rules.length}); first match wins, ` +
    "no match needs 1 approval:",
    ...(rules.length ? sortRules(rules).map((rule, i) => describeRule(rule, i + 1)) : ["(none)"]),
  ].join("\n");
}
