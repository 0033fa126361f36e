/**
 * Checks of single admin form fields. Each returns the reason a value is unusable (completing
 * the sentence "Cannot <action>: …") or `undefined` when it is fine.
 *
 * @module
 */
import { findForbiddenCharacter, quote } from "../contract/text.ts";
import { validatePattern } from "../policy/pattern.ts";

/** Same alphabet and limit as the contract's `service_id` / `key_id` (no `|`: ids join on it). */
const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const KIND = /^[a-z0-9_-]{1,32}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** Most patterns in one allow-list. */
export const MAX_PATTERNS = 50;
/** Most approvals a bot or rule may require. */
export const MAX_APPROVALS = 20;
/** Longest approval time limit, in minutes (7 days). */
export const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
/** Longest key-rotation overlap, in minutes (30 days). */
export const MAX_OVERLAP_MINUTES = 30 * 24 * 60;

/** An id such as `service_id` or `key_id`. */
export function checkId(label: string, value: string): string | undefined {
  return ID.test(value)
    ? undefined
    : `${label} ${quote(value)} must be 1–64 letters, digits or . _ : -`;
}

/** Free text shown to people (names, descriptions). */
export function checkText(label: string, value: string, max: number): string | undefined {
  if (value.trim() === "") return `${label} is empty`;
  if (Array.from(value).length > max) return `${label} is longer than ${max} characters`;
  const bad = findForbiddenCharacter(value);
  return bad ? `${label} ${quote(value)} contains a ${bad.kind} (${bad.codePoint})` : undefined;
}

/** A bot kind such as `ci`, `agent`, `script`. */
export function checkKind(value: string): string | undefined {
  return KIND.test(value)
    ? undefined
    : `kind ${quote(value)} must be 1–32 lower-case letters, digits, _ or -`;
}

/** A Slack user id. */
export function checkUserId(label: string, value: string): string | undefined {
  return USER_ID.test(value) ? undefined : `${label} ${quote(value)} is not a Slack user id`;
}

/** A Slack usergroup id. */
export function checkUsergroupId(
  value: string,
  label = "approver usergroup",
): string | undefined {
  return USERGROUP_ID.test(value)
    ? undefined
    : `${label} ${quote(value)} is not a Slack usergroup id (S followed by capitals and digits, ` +
      "e.g. S0123ABCD: the group's profile → ⋯ → Copy group ID)";
}

/** A Slack channel id. */
export function checkChannelId(label: string, value: string): string | undefined {
  return CHANNEL_ID.test(value) ? undefined : `${label} ${quote(value)} is not a Slack channel id`;
}

/** An integer within `[min, max]`. */
export function checkInteger(
  label: string,
  value: number,
  min: number,
  max: number,
): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `${label} ${quote(String(value))} must be a whole number from ${min} to ${max}`;
}

/**
 * Splits a list typed into one field: entries separated by commas or new lines, trimmed, empty
 * ones and repeats dropped (so a trailing comma is harmless).
 */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,\n\r]+/).map((entry) => entry.trim()).filter(Boolean))];
}

/** Result of {@linkcode parsePatternList}. */
export type PatternList = { ok: true; patterns: string[] } | { ok: false; error: string };

/**
 * Parses an allow-list field (`deploy, build` or one pattern per line): at least one entry, at
 * most {@linkcode MAX_PATTERNS}, each valid for {@linkcode validatePattern}.
 */
export function parsePatternList(label: string, text: string): PatternList {
  const patterns = splitList(text);
  if (patterns.length === 0) {
    return { ok: false, error: `${label} is empty (use * to allow anything)` };
  }
  if (patterns.length > MAX_PATTERNS) {
    return { ok: false, error: `${label} has ${patterns.length} entries; at most ${MAX_PATTERNS}` };
  }
  for (const pattern of patterns) {
    const check = validatePattern(pattern);
    if (!check.ok) return { ok: false, error: `${label}: ${check.error}` };
  }
  return { ok: true, patterns };
}

/** The break-glass switch of a bot form: `allowed` → true, `not_allowed` → false, else why not. */
export function readBreakGlass(text: string): boolean | string {
  const choice = text.trim();
  if (choice === "allowed" || choice === "not_allowed") return choice === "allowed";
  return `break-glass ${quote(choice)} is not "allowed" or "not_allowed"`;
}
