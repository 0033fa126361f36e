/**
 * Whether a bot's people can work: its owner and listed approvers are active human members, its
 * approver usergroup exists and, with the listed users, gives enough distinct approvers, and its
 * escalation usergroup is another group with members. The Slack lookups are passed in
 * (`usergroups.users.list`, `users.info`: `slackLookups` in `functions/_shared/admin.ts`), so the
 * rules are tested without HTTP.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import type { MembersLookup } from "./authorize.ts";
import { checkApprovers } from "./bot.ts";
import type { ServiceItem } from "./service_item.ts";

/** Result of a user lookup (`users.info`); `failed` when the call itself failed. */
export type UserLookup =
  | { ok: true; deleted: boolean; is_bot: boolean }
  | { ok: false; error: string; failed?: boolean };

/** The Slack lookups the checks make. */
export interface PeopleLookups {
  /** Members of a usergroup (`usergroups.users.list`). */
  members(usergroup: string): Promise<MembersLookup>;
  /** One user (`users.info`). */
  user(id: string): Promise<UserLookup>;
}

/**
 * Why the bot's people cannot work, or `undefined`: the owner and every listed approver must be
 * real, active, human members of the workspace (`users.info`), so a typo cannot leave a bot
 * whose approvals nobody can give.
 */
export async function peopleProblem(
  item: ServiceItem,
  lookups: PeopleLookups,
): Promise<string | undefined> {
  const people: [string, string][] = [
    ...(item.owner ? [["owner", item.owner] as [string, string]] : []),
    ...(item.approver_users ?? []).map((id) => ["approver", id] as [string, string]),
  ];
  for (const [role, id] of people) {
    let why: string | undefined;
    const found = await lookups.user(id);
    if (!found.ok) {
      why = found.failed
        ? `users.info failed: ${found.error}`
        : `Slack answered ${quote(found.error)}`;
    } else if (found.deleted) why = "the account is deactivated";
    else if (found.is_bot) why = "it is a bot, not a person";
    if (why) return `${role} ${quote(id)} cannot be used: ${why}`;
  }
  return undefined;
}

/**
 * Why the bot's approvers cannot work, or `undefined`: an unknown usergroup is named with
 * Slack's error (`usergroups.users.list`), then {@linkcode checkApprovers} applies.
 */
export async function approversProblem(
  item: ServiceItem,
  lookups: PeopleLookups,
): Promise<string | undefined> {
  let members: string[] = [];
  if (item.approver_usergroup) {
    const found = await lookups.members(item.approver_usergroup);
    if (!found.ok) {
      return `approver usergroup ${quote(item.approver_usergroup)} cannot be used: Slack ` +
        `answered ${quote(found.error)}${
          found.error === "no_such_subteam" ? " (no such usergroup in this workspace)" : ""
        }`;
    }
    members = found.users;
  }
  return checkApprovers(item, members) ?? await escalationProblem(item, lookups) ??
    await peopleProblem(item, lookups);
}

/**
 * Why the escalation usergroup cannot work, or `undefined`: the sweep escalates only to a group
 * other than the approver group (`functions/sweep_pending/plan.ts`), and only a group with
 * members (`usergroups.users.list`) can act on an escalation.
 */
export async function escalationProblem(
  item: ServiceItem,
  lookups: PeopleLookups,
): Promise<string | undefined> {
  const group = item.escalation_usergroup;
  if (!group) return undefined;
  if (group === item.approver_usergroup) {
    return `escalation usergroup ${quote(group)} is the approver usergroup; the sweep only ` +
      "escalates to another group";
  }
  const found = await lookups.members(group);
  if (!found.ok) {
    return `escalation usergroup ${quote(group)} cannot be used: Slack answered ` +
      `${quote(found.error)}${
        found.error === "no_such_subteam" ? " (no such usergroup in this workspace)" : ""
      }`;
  }
  if (found.users.length === 0) {
    return `escalation usergroup ${quote(group)} has no members to escalate to`;
  }
  return undefined;
}
