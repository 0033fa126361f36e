/**
 * Block Kit for the approval message (pending and decided), the deny modal and the watcher
 * notice. Every caller-provided value goes through `lib/render`, so hostile text is shown inert
 * and every block stays within Slack's limits.
 *
 * @module
 */
import type { ActionsBlock, ContextBlock, KnownBlock, ModalView, SectionBlock } from "@slack/types";
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
  APPROVE_COMMENT_BLOCK_ID,
  APPROVE_COMMENT_INPUT_ID,
  APPROVE_COMMENT_MAX,
  APPROVE_MODAL_CALLBACK_ID,
  DECISION_ACTIONS_BLOCK_ID,
  DENY_ACTION_ID,
  DENY_MODAL_CALLBACK_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
  DENY_REASON_MAX,
} from "./constants.ts";
import type { VerifiedAttribution } from "../../lib/oidc/attribution.ts";
import { ASSERTED_MARK, identityText, verifiedIdentityBlock } from "./identity.ts";

/** What the approval message shows about a request (function inputs, mostly caller text). */
export interface ApprovalRequest {
  decision_id: string;
  service_id?: string;
  service_name?: string;
  service_owner?: string;
  triggered_by?: string;
  source_system?: string;
  source_url?: string;
  reason?: string;
  action?: string;
  resource?: string;
  environment?: string;
  policy_name?: string;
  approvals_required: number;
  approver_users: string[];
  approver_usergroup?: string;
  /** The secondary group the expiry sweep escalated to; its members may decide too. */
  escalation_usergroup?: string;
  expires_at?: number;
  /** How the service proved its identity (`ed25519`, `oidc`, `ed25519+oidc`). */
  identity_method?: string;
  /** Attribution from a verified OIDC token. */
  verified?: VerifiedAttribution;
}

/** A decided request, for the message shown after the decision. */
export interface DecidedView {
  outcome: "approved" | "denied" | "expired";
  decided_by: string[];
  decided_at: number;
  denial_reason?: string;
  /** Comments of the approving votes (see `approverComment` in mod.ts); approved only. */
  approver_comment?: string;
}

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

/** The pending message: attribution, progress, approvers, expiry, Approve / Deny buttons. */
export function requestBlocks(
  req: ApprovalRequest,
  approvedBy: readonly string[] = [],
): KnownBlock[] {
  const expires = req.expires_at ? `\n*Expires:* ${slackDate(req.expires_at)}` : "";
  const status: SectionBlock = {
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(
        `${progressText(req.approvals_required, approvedBy)}\n*Who may approve:* ${
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
      const line = `:white_check_mark: *Approved* by ${who || "_unknown_"} at ${when}`;
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

/** Which decision form a modal is: Deny (reason required) or Approve with comment (optional). */
export type ModalKind = "deny" | "approve";

/** Ids and wording of each decision form. */
export const MODAL_FORMS = {
  deny: {
    callbackId: DENY_MODAL_CALLBACK_ID,
    blockId: DENY_REASON_BLOCK_ID,
    inputId: DENY_REASON_ACTION_ID,
    max: DENY_REASON_MAX,
    required: true,
    title: "Deny request",
    submit: "Deny",
    label: "Why are you denying it?",
  },
  approve: {
    callbackId: APPROVE_MODAL_CALLBACK_ID,
    blockId: APPROVE_COMMENT_BLOCK_ID,
    inputId: APPROVE_COMMENT_INPUT_ID,
    max: APPROVE_COMMENT_MAX,
    required: false,
    title: "Approve request",
    submit: "Approve",
    label: "Comment for the caller (optional)",
  },
} as const;

/** The deny modal: what is being denied and a required reason. */
export function denyModal(req: ApprovalRequest, privateMetadata: string): ModalView {
  return decisionModal("deny", req, privateMetadata);
}

/** A decision modal: what is being decided and a reason (deny) or an optional comment (approve). */
export function decisionModal(
  kind: ModalKind,
  req: ApprovalRequest,
  privateMetadata: string,
): ModalView {
  const form = MODAL_FORMS[kind];
  return {
    type: "modal",
    callback_id: form.callbackId,
    private_metadata: truncate(privateMetadata, 3000),
    title: { type: "plain_text", text: form.title },
    submit: { type: "plain_text", text: form.submit },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: {
          type: "plain_text",
          emoji: false,
          text: plainText(
            `${req.service_name || req.service_id || "A service"} asks to ${
              req.action || "act"
            } on ${req.resource || "a resource"} in ${
              req.environment || "an unnamed environment"
            }.`,
            SECTION_TEXT_MAX,
          ),
        },
      },
      {
        type: "input",
        block_id: form.blockId,
        ...(form.required ? {} : { optional: true }),
        label: { type: "plain_text", text: form.label },
        element: {
          type: "plain_text_input",
          action_id: form.inputId,
          multiline: true,
          ...(form.required ? { min_length: 1 } : {}),
          max_length: form.max,
        },
      },
    ],
  };
}
