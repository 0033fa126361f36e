/**
 * Block Kit for the approval message (pending and decided) and the watcher notice (the decision
 * forms are in `modal.ts`). Every caller-provided value goes through `lib/render`, so hostile text
 * is shown inert and every block stays within Slack's limits.
 *
 * @module
 */
import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from "@slack/types";
import {
  CONTEXT_TEXT_MAX,
  escapeMrkdwn,
  FIELD_BUDGET,
  FIELD_TEXT_MAX,
  HEADER_TEXT_MAX,
  isUserId,
  plainText,
  safeLink,
  SECTION_TEXT_MAX,
  slackDate,
  truncate,
  usergroupMention,
  userMention,
} from "../../lib/render/mod.ts";
import {
  APPROVE_ACTION_ID,
  APPROVE_COMMENT_ACTION_ID,
  DECISION_ACTIONS_BLOCK_ID,
  DENY_ACTION_ID,
} from "./constants.ts";
import type { ApprovalRequest, DecidedView } from "./types.ts";
import type { GroupProgress, SignOff } from "../../lib/policy/routing.ts";
import { describeGrant } from "../../lib/policy/scope.ts";
import { ASSERTED_MARK, identityText, verifiedIdentityBlock } from "./identity.ts";
import { factsBlock } from "./facts_block.ts";

export type { ApprovalRequest, DecidedView } from "./types.ts";

/** One-line escaped value, or an italic dash when missing. */
function short(value: string | undefined, max: number = FIELD_BUDGET.short): string {
  return value ? escapeMrkdwn(value, max, false) : "_–_";
}

/** `*Label*\nvalue`, bounded to the field limit. */
function field(label: string, value: string): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text: truncate(`*${label}*\n${value}`, FIELD_TEXT_MAX) };
}

/** Who triggered it: a mention for a Slack user id, otherwise the escaped claim. */
function triggeredBy(value: string | undefined): string {
  if (!value) return "_not stated_";
  return isUserId(value) ? userMention(value) : escapeMrkdwn(value, FIELD_BUDGET.short, false);
}

/** Service name with its id and owner. */
function serviceText(req: ApprovalRequest): string {
  const name = short(req.service_name || req.service_id);
  const id = req.service_name && req.service_id
    ? ` (${escapeMrkdwn(req.service_id, FIELD_BUDGET.short, false)})`
    : "";
  const owner = req.service_owner ? `\nowned by ${userMention(req.service_owner)}` : "";
  const how = identityText(req.identity_method);
  return `${name}${id}${owner}${how ? `\nproved by ${how}` : ""}`;
}

/** Source system, linked to the source URL when it is a safe http(s) URL. */
function sourceText(req: ApprovalRequest): string {
  if (req.source_url) {
    return safeLink(req.source_url, req.source_system || "Open source", FIELD_BUDGET.url);
  }
  return short(req.source_system);
}

/** Mentions of everyone who may approve (notifies them). */
export function approverMentions(req: ApprovalRequest): string {
  const parts = req.approver_users.slice(0, 20).map((u) => userMention(u));
  for (const g of req.sign_off?.groups ?? []) parts.push(usergroupMention(g.usergroup));
  if (req.approver_usergroup) parts.push(usergroupMention(req.approver_usergroup));
  if (req.escalation_usergroup) parts.push(usergroupMention(req.escalation_usergroup));
  return parts.length > 0 ? parts.join(" ") : "_nobody_";
}

/** The blocks describing the request, shared by the pending and decided messages. */
function attributionBlocks(req: ApprovalRequest): KnownBlock[] {
  const what = plainText(
    `${req.service_name || req.service_id || "A service"} asks to ${req.action || "act"} on ${
      req.resource || "a resource"
    }`,
    HEADER_TEXT_MAX,
  );
  const fields: SectionBlock = {
    type: "section",
    fields: [
      field("Service", serviceText(req)),
      field(`Triggered by${ASSERTED_MARK}`, triggeredBy(req.triggered_by)),
      field("Action", short(req.action)),
      field("Resource", short(req.resource, FIELD_BUDGET.medium)),
      field("Environment", short(req.environment)),
      field(`Source${ASSERTED_MARK}`, sourceText(req)),
      field("Rule", req.policy_name ? short(req.policy_name, FIELD_BUDGET.medium) : "Default rule"),
    ],
  };
  const reason = req.reason ? escapeMrkdwn(req.reason, FIELD_BUDGET.long) : "_No reason given_";
  return [
    { type: "header", text: { type: "plain_text", text: what, emoji: false } },
    fields,
    ...(req.verified ? [verifiedIdentityBlock(req.verified)] : []),
    ...[factsBlock(req.facts ?? [], req.policy_note)].filter((b) => b !== undefined),
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`*Reason${ASSERTED_MARK}*\n${reason}`, SECTION_TEXT_MAX),
      },
    },
  ];
}

/** Small print: decision id (escaped: it contains caller text). */
function idContext(req: ApprovalRequest, extra: string): ContextBlock {
  const text = `${extra}Decision \`${escapeMrkdwn(req.decision_id, FIELD_BUDGET.medium, false)}\``;
  return {
    type: "context",
    elements: [{ type: "mrkdwn", text: truncate(text, CONTEXT_TEXT_MAX) }],
  };
}

/** "1 of 2 approvals" with who approved so far. */
export function progressText(required: number, approvedBy: readonly string[]): string {
  const n = Math.max(1, required);
  const who = approvedBy.length > 0 ? `: ${approvedBy.map((u) => userMention(u)).join(", ")}` : "";
  return `*Approvals:* ${approvedBy.length} of ${n}${who}`;
}

/**
 * Each group's progress of a rule's sign-off, one line a group: "✓ @sre: 1 of 1 (@ann)". With
 * any N of M, a heading says how many groups must complete.
 */
export function groupProgressText(
  signOff: SignOff,
  groups: readonly GroupProgress[] | undefined,
): string {
  const shown = groups ?? signOff.groups.map((g) => ({ ...g, approvedBy: [], done: false }));
  const heading = signOff.need < signOff.groups.length
    ? `*Sign-off:* any ${signOff.need} of ${signOff.groups.length} groups`
    : `*Sign-off:* ${signOff.groups.length === 1 ? "the group" : "every group"}`;
  const lines = shown.map((g) => {
    const who = g.approvedBy.length > 0
      ? ` (${g.approvedBy.slice(0, 10).map((u) => userMention(u)).join(", ")})`
      : "";
    const mark = g.done ? ":white_check_mark:" : ":hourglass_flowing_sand:";
    return `${mark} ${usergroupMention(g.usergroup)}: ${
      Math.min(g.approvedBy.length, g.count)
    } of ${g.count}${who}`;
  });
  return [heading, ...lines].join("\n");
}

/** The pending message: attribution, progress, approvers, expiry, Approve / Deny buttons. */
export function requestBlocks(
  req: ApprovalRequest,
  approvedBy: readonly string[] = [],
  groups?: readonly GroupProgress[],
): KnownBlock[] {
  const expires = req.expires_at ? `\n*Expires:* ${slackDate(req.expires_at)}` : "";
  const signOff = req.sign_off ? `\n${groupProgressText(req.sign_off, groups)}` : "";
  const status: SectionBlock = {
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(
        `${progressText(req.approvals_required, approvedBy)}${signOff}\n*Who may approve:* ${
          approverMentions(req)
        }${expires}`,
        SECTION_TEXT_MAX,
      ),
    },
  };
  const actions: ActionsBlock = {
    type: "actions",
    block_id: DECISION_ACTIONS_BLOCK_ID,
    elements: [
      {
        type: "button",
        action_id: APPROVE_ACTION_ID,
        style: "primary",
        text: { type: "plain_text", text: "Approve", emoji: false },
        value: truncate(req.decision_id, 2000),
      },
      {
        type: "button",
        action_id: APPROVE_COMMENT_ACTION_ID,
        text: { type: "plain_text", text: "Approve with comment…", emoji: false },
        value: truncate(req.decision_id, 2000),
      },
      {
        type: "button",
        action_id: DENY_ACTION_ID,
        style: "danger",
        text: { type: "plain_text", text: "Deny", emoji: false },
        value: truncate(req.decision_id, 2000),
        confirm: {
          title: { type: "plain_text", text: "Deny this request?" },
          text: { type: "plain_text", text: "You will be asked for a reason, which is recorded." },
          confirm: { type: "plain_text", text: "Continue" },
          deny: { type: "plain_text", text: "Cancel" },
          style: "danger",
        },
      },
    ],
  };
  return [...attributionBlocks(req), status, actions, idContext(req, "")];
}

/** The outcome line of a decided request. */
export function outcomeText(d: DecidedView): string {
  const who = d.decided_by.map((u) => userMention(u)).join(", ");
  const when = slackDate(d.decided_at);
  switch (d.outcome) {
    case "approved": {
      const scope = d.scope
        ? `\n*Also approved:* ${escapeMrkdwn(describeGrant(d.scope), 300)}`
        : "";
      const line = `:white_check_mark: *Approved* by ${who || "_unknown_"} at ${when}${scope}`;
      return d.approver_comment
        ? `${line}\n*Comment:* ${escapeMrkdwn(d.approver_comment, FIELD_BUDGET.long)}`
        : line;
    }
    case "denied": {
      const reason = d.denial_reason ? escapeMrkdwn(d.denial_reason, FIELD_BUDGET.long) : "_none_";
      return `:no_entry: *Denied* by ${who || "_unknown_"} at ${when}\n*Reason:* ${reason}`;
    }
    case "expired":
      return `:hourglass: *Expired* at ${when}: nobody decided in time`;
  }
}

/** The decided message: attribution and outcome, no buttons. */
export function outcomeBlocks(req: ApprovalRequest, d: DecidedView): KnownBlock[] {
  return [
    ...attributionBlocks(req),
    { type: "section", text: { type: "mrkdwn", text: truncate(outcomeText(d), SECTION_TEXT_MAX) } },
    idContext(req, ""),
  ];
}

/** Notification text of the pending message; mentions the approvers so they are notified. */
export function requestText(req: ApprovalRequest): string {
  const what = escapeMrkdwn(
    `${req.service_name || req.service_id || "A service"} asks to ${req.action || "act"} on ${
      req.resource || "a resource"
    } in ${req.environment || "an unnamed environment"}`,
    FIELD_BUDGET.fallback,
    false,
  );
  return `Approval needed from ${approverMentions(req)}: ${what}`;
}

/** Short notice for the watcher channel (and the notification text of the decided message). */
export function watcherNotice(req: ApprovalRequest, d: DecidedView): string {
  const what = escapeMrkdwn(
    `${req.service_name || req.service_id || "A service"}: ${req.action || "act"} on ${
      req.resource || "a resource"
    } in ${req.environment || "an unnamed environment"}`,
    FIELD_BUDGET.fallback,
    false,
  );
  const line = outcomeText({
    ...d,
    denial_reason: d.denial_reason && truncate(d.denial_reason, 300),
  });
  return truncate(`${what}\n${line}`, SECTION_TEXT_MAX);
}
