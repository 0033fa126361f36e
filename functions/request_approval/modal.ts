/**
 * The decision forms as modals: Deny (a reason is required) and Approve with comment (optional).
 * Caller text is shown as plain text, bounded to Slack's limits.
 *
 * @module
 */
import type { ModalView } from "@slack/types";
import { plainText, SECTION_TEXT_MAX, truncate } from "../../lib/render/mod.ts";
import {
  APPROVE_COMMENT_BLOCK_ID,
  APPROVE_COMMENT_INPUT_ID,
  APPROVE_COMMENT_MAX,
  APPROVE_MODAL_CALLBACK_ID,
  DENY_MODAL_CALLBACK_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
  DENY_REASON_MAX,
} from "./constants.ts";
import type { ApprovalRequest } from "./types.ts";
import { scopeBlocks } from "./_scope.ts";

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
      ...(kind === "approve" ? scopeBlocks(req) : []),
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
