/**
 * Who may acknowledge a break-glass review: the bot's approvers (listed users, members of its
 * approver or escalation group) and the app admins; never the person the request names as its
 * trigger. The group lookup is injected, so the rule is tested without HTTP.
 *
 * @module
 */
import { quote } from "../../lib/contract/text.ts";
import type { AdminConfig } from "../../lib/admin/config.ts";
import type { MembersLookup } from "../../lib/admin/authorize.ts";
import { authorizeAdmin } from "../../lib/admin/authorize.ts";

/** The bot settings the rule reads. */
export interface Reviewers {
  approver_users?: readonly string[];
  approver_usergroup?: string;
  escalation_usergroup?: string;
}

/** Why `actor` may not acknowledge (`Cannot …`), or `undefined` when they may. */
export async function reviewRefusal(
  actor: string | undefined,
  bot: Reviewers | undefined,
  triggeredBy: string | undefined,
  admins: AdminConfig,
  members: (group: string) => Promise<MembersLookup>,
): Promise<string | undefined> {
  const label = "acknowledge the break-glass review";
  if (!actor) return `Cannot ${label}: no acting user was given`;
  if (triggeredBy && triggeredBy.trim() === actor) {
    return `Cannot ${label}: user ${quote(actor)} triggered the request; someone else reviews it`;
  }
  if (bot?.approver_users?.includes(actor)) return undefined;
  for (const group of [bot?.approver_usergroup, bot?.escalation_usergroup]) {
    if (!group) continue;
    const found = await members(group);
    if (found.ok && found.users.includes(actor)) return undefined;
  }
  const admin = await authorizeAdmin(label, actor, admins, members);
  if (admin.ok) return undefined;
  return `Cannot ${label}: user ${quote(actor)} is neither an approver of the bot nor an app admin`;
}
