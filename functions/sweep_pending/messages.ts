/**
 * Thread replies the sweep posts under an approval message. The request's fields are caller
 * text, so they go through `lib/render`.
 *
 * @module
 */
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import {
  escapeMrkdwn,
  FIELD_BUDGET,
  SECTION_TEXT_MAX,
  slackDate,
  truncate,
  usergroupMention,
  userMention,
} from "../../lib/render/mod.ts";

/** Who is asked: listed users and the approver group. */
export interface Approvers {
  users: readonly string[];
  usergroup?: string;
}

/** `Deploy Bot: deploy on api-server in production`, escaped. */
function what(record: DecisionRecord): string {
  return escapeMrkdwn(
    `${record.service_name || record.service_id || "A service"}: ${record.action || "act"} on ${
      record.resource || "a resource"
    } in ${record.environment || "an unnamed environment"}`,
    FIELD_BUDGET.fallback,
    false,
  );
}

function mentions(a: Approvers): string {
  const parts = [...new Set(a.users)].slice(0, 20).map((u) => userMention(u));
  if (a.usergroup) parts.push(usergroupMention(a.usergroup));
  return parts.join(" ");
}

/** The reminder: mentions the approvers (so they are notified) and says when it expires. */
export function reminderText(record: DecisionRecord, approvers: Approvers): string {
  const who = mentions(approvers);
  const expires = record.expires_at ? ` It expires ${slackDate(record.expires_at)}.` : "";
  return truncate(
    `:bell: Reminder${who ? ` for ${who}` : ""}: this request is still waiting for a decision.` +
      `${expires}\n${what(record)}`,
    SECTION_TEXT_MAX,
  );
}

/** The escalation notice: the secondary group is mentioned and told it may now decide. */
export function escalationText(
  record: DecisionRecord,
  group: string,
  approvers: Approvers,
): string {
  const expires = record.expires_at ? ` It expires ${slackDate(record.expires_at)}.` : "";
  const first = mentions(approvers);
  return truncate(
    `:rotating_light: Escalated to ${usergroupMention(group)}: nobody has decided yet${
      first ? ` (asked: ${first})` : ""
    }. Members of ${usergroupMention(group)} may now approve or deny.${expires}\n${what(record)}`,
    SECTION_TEXT_MAX,
  );
}
