/**
 * A rule's routing as policy evaluation sees it: its approver groups and sign-off, and its
 * channel. Stored on `policies` items as `approver_groups`, `groups_required`, `approval_channel`.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import {
  describeSignOff,
  formatApproverGroups,
  type SignOff,
  signOffMinimum,
  signOffOf,
} from "./routing.ts";

const CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;

/** The routing fields of a rule. */
export interface RoutedRule {
  approver_groups?: string;
  groups_required?: number;
  approval_channel?: string;
}

/** What the deciding rule routes: absent parts mean "the bot's own". */
export interface RuleRouting {
  /** The sign-off across the rule's groups, when it names groups. */
  signOff?: SignOff;
  /** `approver_groups` in normal form (`S0SRE:1, S0SEC:1`), empty when none. */
  approver_groups: string;
  /** Groups that must sign off (0 when no groups). */
  groups_required: number;
  /** The rule's channel, empty for the bot's. */
  approval_channel: string;
  /** Fewest distinct people the sign-off needs (0 when no groups). */
  minimum: number;
}

/** Why a rule's routing cannot be applied, or `undefined`. */
export function routingProblem(rule: RoutedRule): string | undefined {
  if (rule.approver_groups !== undefined && typeof rule.approver_groups !== "string") {
    return "approver_groups is not text";
  }
  const signOff = signOffOf(rule.approver_groups, rule.groups_required);
  if (!signOff.ok) return signOff.error;
  return channelProblem(rule.approval_channel);
}

/** Why a rule's channel is unusable, or `undefined` (empty: the bot's channel). */
export function channelProblem(channel: unknown): string | undefined {
  if (channel === undefined || channel === null || channel === "") return undefined;
  return typeof channel === "string" && CHANNEL_ID.test(channel)
    ? undefined
    : `approval channel ${quote(String(channel))} is not a Slack channel id (C… or G…)`;
}

/** The routing of a well-formed rule (see {@linkcode routingProblem}); undefined when none. */
export function routingOf(rule: RoutedRule): RuleRouting | undefined {
  const parsed = signOffOf(rule.approver_groups, rule.groups_required);
  const signOff = parsed.ok ? parsed.value : undefined;
  const channel = typeof rule.approval_channel === "string" ? rule.approval_channel : "";
  if (!signOff && !channel) return undefined;
  return {
    ...(signOff ? { signOff } : {}),
    approver_groups: signOff ? formatApproverGroups(signOff.groups) : "",
    groups_required: signOff?.need ?? 0,
    approval_channel: channel,
    minimum: signOff ? signOffMinimum(signOff) : 0,
  };
}

/** `; approvers: 1 from S0SRE and 1 from S0SEC; channel C0…` for explanations. */
export function routingText(routing: RuleRouting | undefined): string {
  if (!routing) return "";
  const parts = [
    ...(routing.signOff ? [`sign-off: ${describeSignOff(routing.signOff)}`] : []),
    ...(routing.approval_channel ? [`channel ${routing.approval_channel}`] : []),
  ];
  return `; routed by the rule (${parts.join(", ")})`;
}
