/**
 * Slack Block Kit size limits and the tighter per-field budgets Countersign uses, so that a
 * message built from the largest allowed inputs still stays well under every Slack limit.
 *
 * @module
 */

/** Slack: a section block's `text` may hold at most 3000 characters. */
export const SECTION_TEXT_MAX = 3000;
/** Slack: each section `fields` entry may hold at most 2000 characters. */
export const FIELD_TEXT_MAX = 2000;
/** Slack: a header block's plain text may hold at most 150 characters. */
export const HEADER_TEXT_MAX = 150;
/** Slack: a button's `value` may hold at most 2000 characters. */
export const BUTTON_VALUE_MAX = 2000;
/** Slack: a message may hold at most 50 blocks. */
export const MAX_BLOCKS = 50;
/** Slack: a context block element's text; kept far below Slack's 3000 as context is small print. */
export const CONTEXT_TEXT_MAX = 2000;

/** Budgets for caller-controlled values shown in a message (characters after escaping). */
export const FIELD_BUDGET = {
  /** Short identifiers: service id, action, environment, source system, triggered-by. */
  short: 200,
  /** Resource names and policy names. */
  medium: 400,
  /** Free text: the reason, the denial reason. */
  long: 1500,
  /** Link labels and URLs. */
  url: 1000,
  /** The notification `text` fallback (shown in notifications and by screen readers). */
  fallback: 300,
} as const;
