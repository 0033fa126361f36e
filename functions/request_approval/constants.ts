/**
 * Block Kit ids of the approval message and the deny modal. Interactivity handlers are routed by
 * these, so they are shared constants rather than literals in two places.
 *
 * @module
 */

/** The Approve button. */
export const APPROVE_ACTION_ID = "countersign_approve";
/** The "Approve with comment…" button (opens the comment modal). */
export const APPROVE_COMMENT_ACTION_ID = "countersign_approve_comment";
/** The approve-with-comment modal. */
export const APPROVE_MODAL_CALLBACK_ID = "countersign_approve_modal";
/** The input block of the approver's comment. */
export const APPROVE_COMMENT_BLOCK_ID = "countersign_approve_comment";
/** The text input of the approver's comment. */
export const APPROVE_COMMENT_INPUT_ID = "countersign_approve_comment_input";
/** Longest approver comment accepted (the same bound as a denial reason). */
export const APPROVE_COMMENT_MAX = 1000;
/** The Deny button (opens the reason modal). */
export const DENY_ACTION_ID = "countersign_deny";
/** The block holding the decision buttons. */
export const DECISION_ACTIONS_BLOCK_ID = "countersign_decision_actions";
/** The deny modal. */
export const DENY_MODAL_CALLBACK_ID = "countersign_deny_modal";
/** The input block of the deny reason. */
export const DENY_REASON_BLOCK_ID = "countersign_deny_reason";
/** The text input of the deny reason. */
export const DENY_REASON_ACTION_ID = "countersign_deny_reason_input";
/** Longest denial reason accepted. */
export const DENY_REASON_MAX = 1000;
/** Shortest and longest time limits, in seconds (a minute to a week). */
export const TIMEOUT_BOUNDS = { min: 60, max: 7 * 24 * 3600 } as const;
/** The approve modal's scope choice: only this request, or requests like this one. */
export const SCOPE_BLOCK_ID = "countersign_scope";
/** The scope select. */
export const SCOPE_INPUT_ID = "countersign_scope_input";
/** For how many minutes a scope lasts. */
export const SCOPE_MINUTES_BLOCK_ID = "countersign_scope_minutes";
/** The minutes input. */
export const SCOPE_MINUTES_INPUT_ID = "countersign_scope_minutes_input";
/** How many requests a scope lets through. */
export const SCOPE_COUNT_BLOCK_ID = "countersign_scope_count";
/** The count input. */
export const SCOPE_COUNT_INPUT_ID = "countersign_scope_count_input";
/** Which resources a scope covers. */
export const SCOPE_RESOURCE_BLOCK_ID = "countersign_scope_resource";
/** The resource pattern input. */
export const SCOPE_RESOURCE_INPUT_ID = "countersign_scope_resource_input";
