/**
 * The routing settings of a policy rule as admins give them: approver groups with their counts,
 * how many groups must sign off, and the rule's own approval channel. Blank keeps the current
 * value (a new rule: none); `none` removes it. Pure.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { channelProblem, routingOf } from "../policy/rule_routing.ts";
import { describeSignOff, formatApproverGroups, signOffOf } from "../policy/routing.ts";
import { channelMention, usergroupMention } from "../render/mod.ts";
import type { PolicyRule } from "../policy/evaluate.ts";

/** What an admin typed (blank: unchanged). */
export interface RoutingInput {
  approvals_required?: number;
  approver_groups?: string;
  groups_required?: number;
  approval_channel?: string;
}

/**
 * ` (sign-off: 1 from @sre and 1 from @security, in #prod-approvals)` for the overview: a rule's
 * routing in mrkdwn, empty when it routes to the bot's approvers and channel.
 */
export function routingSummary(rule: PolicyRule): string {
  const routing = routingOf(rule);
  if (!routing) return "";
  const parts = [
    ...(routing.signOff ? [`sign-off: ${describeSignOff(routing.signOff, usergroupMention)}`] : []),
    ...(routing.approval_channel ? [`in ${channelMention(routing.approval_channel)}`] : []),
  ];
  return ` (${parts.join(", ")})`;
}

/** The word that removes a routing setting in an edit. */
export const CLEAR = "none";

function given(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Applies routing input to `item` (in place), after its effect and approvals are settled. Returns
 * why the input is unusable (completing "Cannot <action>: …"), or `undefined`.
 */
export function applyRoutingInput(item: PolicyRule, input: RoutingInput): string | undefined {
  const typedCount = input.approvals_required;
  if (given(input.approver_groups)) {
    const text = input.approver_groups.trim();
    if (text.toLowerCase() === CLEAR) {
      delete item.approver_groups;
      delete item.groups_required;
    } else {
      const parsed = signOffOf(text, 0);
      if (!parsed.ok) return parsed.error;
      item.approver_groups = formatApproverGroups(parsed.value!.groups);
      // New groups: all must sign off unless the same form says otherwise.
      if (input.groups_required === undefined || input.groups_required === null) {
        delete item.groups_required;
      }
    }
  }
  if (input.groups_required !== undefined && input.groups_required !== null) {
    if (!item.approver_groups) {
      return `groups required ${quote(String(input.groups_required))} needs approver groups ` +
        `(as in "S0123SRE:1, S0456SEC:1")`;
    }
    item.groups_required = input.groups_required;
  }
  if (given(input.approval_channel)) {
    const channel = input.approval_channel.trim();
    if (channel.toLowerCase() === CLEAR) delete item.approval_channel;
    else {
      const problem = channelProblem(channel);
      if (problem) return problem;
      item.approval_channel = channel;
    }
  }
  const routes = !!item.approver_groups || !!item.approval_channel;
  if (!routes) return undefined;
  if (item.effect !== "require_approval") {
    const what = given(input.approver_groups) || given(input.approval_channel)
      ? "approver groups and approval channel only apply"
      : "this rule's approver groups and approval channel only apply";
    return `${what} to effect "require_approval", not ${quote(String(item.effect))} ` +
      `(set them to "${CLEAR}" first)`;
  }
  const signOff = signOffOf(item.approver_groups, item.groups_required);
  if (!signOff.ok) return signOff.error;
  const minimum = routingOf(item)?.minimum ?? 0;
  if (typedCount !== undefined && typedCount !== null && typedCount < minimum) {
    return `approvals required ${quote(String(typedCount))} is fewer than the ${minimum} ` +
      `people the sign-off needs (${quote(item.approver_groups ?? "", 80)})`;
  }
  item.approvals_required = Math.max(item.approvals_required ?? 1, minimum);
  return undefined;
}
