/**
 * Building and changing `services` items from admin input: registration (every required setting
 * present), edits (blank means unchanged, `clear` empties optional settings), key rotation and
 * the approver-count check. Pure: the handlers do the reads and writes around it.
 *
 * @module
 */
import { OUTGOING_DOMAINS } from "../config.ts";
import { checkCallbackUrl } from "../callback/domain.ts";
import { quote } from "../contract/text.ts";
import { applyOidcSettings, type OidcSettingsInput } from "./oidc.ts";
import type { Built, ServiceItem, SettingsContext } from "./service_item.ts";
import {
  checkChannelId,
  checkId,
  checkInteger,
  checkKind,
  checkText,
  checkUsergroupId,
  checkUserId,
  MAX_APPROVALS,
  MAX_TIMEOUT_MINUTES,
  parsePatternList,
  readBreakGlass,
  splitList,
} from "./fields.ts";

export type { Built, ServiceItem, SettingsContext } from "./service_item.ts";

/** Bot settings as admin functions receive them (form fields or Workflow Builder inputs). */
export interface BotSettingsInput extends OidcSettingsInput {
  display_name?: string;
  kind?: string;
  owner?: string;
  allowed_actions?: string;
  allowed_resources?: string;
  allowed_environments?: string;
  approver_users?: string[];
  approver_usergroup?: string;
  escalation_usergroup?: string;
  approvals_required?: number;
  approval_channel?: string;
  watcher_channel?: string;
  callback_url?: string;
  approval_timeout_minutes?: number;
  break_glass?: string; // `allowed` or `not_allowed`; blank: unchanged (new bot: not allowed)
}

/** Optional settings an edit may empty through its `clear` input. */
export const CLEARABLE = [
  "watcher_channel",
  "callback_url",
  "approver_usergroup",
  "approver_users",
  "escalation_usergroup",
  "oidc_issuer",
  "oidc_audience",
  "oidc_claims",
  "oidc_binding",
] as const;

/** Longest callback URL accepted. */
export const MAX_URL_LENGTH = 2000;

function blank(value: unknown): boolean {
  return value === undefined || value === null ||
    (typeof value === "string" && value.trim() === "");
}

/**
 * Applies settings to `base`. With `required` (registration), the settings a working bot needs
 * must be present; otherwise blank inputs leave the current value.
 */
export function applySettings(
  base: ServiceItem,
  input: BotSettingsInput,
  ctx: SettingsContext,
  required: boolean,
): Built {
  const item: ServiceItem = structuredClone(base);
  const missing = (name: string) => ({ ok: false as const, error: `${name} is required` });
  const fail = (error: string) => ({ ok: false as const, error });

  if (!blank(input.display_name)) {
    const problem = checkText("display name", input.display_name!.trim(), 80);
    if (problem) return fail(problem);
    item.display_name = input.display_name!.trim();
  } else if (required) return missing("display name");

  if (!blank(input.kind)) {
    const kind = input.kind!.trim();
    const problem = checkKind(kind);
    if (problem) return fail(problem);
    item.kind = kind;
  } else if (required) item.kind = "bot";

  if (!blank(input.owner)) {
    const problem = checkUserId("owner", input.owner!);
    if (problem) return fail(problem);
    item.owner = input.owner;
  } else if (required) return missing("owner");

  for (
    const [field, label] of [
      ["allowed_actions", "allowed actions"],
      ["allowed_resources", "allowed resources"],
      ["allowed_environments", "allowed environments"],
    ] as const
  ) {
    if (!blank(input[field])) {
      const list = parsePatternList(label, input[field]!);
      if (!list.ok) return fail(list.error);
      item[field] = list.patterns;
    } else if (required) return missing(label);
  }

  if (input.approver_users !== undefined && input.approver_users.length > 0) {
    const users = [...new Set(input.approver_users.flatMap((u) => splitList(String(u))))];
    for (const user of users) {
      const problem = checkUserId("approver", user);
      if (problem) return fail(problem);
    }
    item.approver_users = users;
  }
  // Group ids arrive as typed text (Slack's forms have no usergroup picker): trimmed, then the
  // format here and existence via usergroups.users.list in functions/_shared/admin.ts.
  if (!blank(input.approver_usergroup)) {
    const group = input.approver_usergroup!.trim();
    const problem = checkUsergroupId(group);
    if (problem) return fail(problem);
    item.approver_usergroup = group;
  }
  if (!blank(input.escalation_usergroup)) {
    const group = input.escalation_usergroup!.trim();
    const problem = checkUsergroupId(group, "escalation usergroup");
    if (problem) return fail(problem);
    item.escalation_usergroup = group;
  }

  const breakGlass = blank(input.break_glass) ? undefined : readBreakGlass(input.break_glass!);
  if (typeof breakGlass === "string") return fail(breakGlass);
  if (breakGlass !== undefined) item.break_glass = breakGlass;
  if (input.approvals_required !== undefined && input.approvals_required !== null) {
    const problem = checkInteger("approvals required", input.approvals_required, 1, MAX_APPROVALS);
    if (problem) return fail(problem);
    item.approvals_required = input.approvals_required;
  } else if (required) item.approvals_required = 1;

  if (!blank(input.approval_channel)) {
    const problem = checkChannelId("approval channel", input.approval_channel!);
    if (problem) return fail(problem);
    item.approval_channel = input.approval_channel;
  } else if (required) return missing("approval channel");
  if (!blank(input.watcher_channel)) {
    const problem = checkChannelId("watcher channel", input.watcher_channel!);
    if (problem) return fail(problem);
    item.watcher_channel = input.watcher_channel;
  }

  if (!blank(input.callback_url)) {
    const url = input.callback_url!.trim();
    if (url.length > MAX_URL_LENGTH) {
      return fail(`callback URL is longer than ${MAX_URL_LENGTH} characters`);
    }
    const check = checkCallbackUrl(url, OUTGOING_DOMAINS, ctx.extraDomains);
    if (!check.ok) return fail(check.reason.replace(/^Cannot call back: /, ""));
    item.callback_url = url;
  }

  if (input.approval_timeout_minutes !== undefined && input.approval_timeout_minutes !== null) {
    const minutes = input.approval_timeout_minutes;
    const problem = checkInteger("approval time limit (minutes)", minutes, 1, MAX_TIMEOUT_MINUTES);
    if (problem) return fail(problem);
    item.approval_timeout_seconds = minutes * 60;
  }
  return applyOidcSettings(item, input, ctx);
}

/** Parses an edit's `clear` input into setting names; unknown names are an error. */
export function parseClear(text: string | undefined): { ok: true; fields: string[] } | {
  ok: false;
  error: string;
} {
  const fields = splitList(text ?? "");
  const unknown = fields.find((f) => !(CLEARABLE as readonly string[]).includes(f));
  if (unknown !== undefined) {
    return {
      ok: false,
      error: `setting ${quote(unknown)} cannot be cleared (only ${CLEARABLE.join(", ")})`,
    };
  }
  return { ok: true, fields };
}

/** Removes the named optional settings from an item. */
export function clearSettings(item: ServiceItem, fields: readonly string[]): ServiceItem {
  const out = { ...item } as Record<string, unknown>;
  for (const field of fields) delete out[field];
  return out as unknown as ServiceItem;
}

/**
 * Checks that the bot can reach its approvals: at least one approver, and `approvals_required`
 * no larger than the distinct people who may approve (listed users plus usergroup members).
 */
export function checkApprovers(
  item: ServiceItem,
  groupMembers: readonly string[],
): string | undefined {
  const people = new Set([...(item.approver_users ?? []), ...groupMembers]);
  if (people.size === 0) {
    return "no approvers: give approver users or an approver usergroup with members";
  }
  const needed = item.approvals_required ?? 1;
  if (needed > people.size) {
    return `approvals required (${needed}) is larger than the ${people.size} distinct ` +
      `approver${people.size === 1 ? "" : "s"} (listed users plus usergroup members)`;
  }
  return undefined;
}

/** Checks a key id for a new key of `item`: well-formed and not already used by the bot. */
export function checkNewKeyId(item: ServiceItem, keyId: string): string | undefined {
  const problem = checkId("key id", keyId);
  if (problem) return problem;
  if ((item.public_keys ?? []).some((k) => k.key_id === keyId)) {
    return `key id ${quote(keyId)} is already used by bot ${quote(item.id)}; pick a new one`;
  }
  return undefined;
}

/**
 * Adds `raw` as key `keyId` and ends every other still-valid key at `now + overlapMs` (keys that
 * already end sooner keep their end). Keys whose end has passed are dropped.
 */
export function rotateKeys(
  item: ServiceItem,
  keyId: string,
  raw: string,
  overlapMs: number,
  now: number,
): ServiceItem {
  const end = now + overlapMs;
  const kept = (item.public_keys ?? [])
    .filter((k) => !(typeof k.not_after === "number" && k.not_after > 0 && k.not_after < now))
    .map((k) => ({
      ...k,
      not_after: typeof k.not_after === "number" && k.not_after > 0 && k.not_after < end
        ? k.not_after
        : end,
    }));
  return { ...item, public_keys: [...kept, { key_id: keyId, public_key: raw, not_after: 0 }] };
}

/**
 * How a rotation leaves an old key, for the admin's message: ended now (overlap 0; never "valid
 * until <now>") or valid until its end.
 */
export function oldKeyText(key: { key_id: string; not_after?: number }, now: number): string {
  const end = key.not_after ?? 0;
  return end > now
    ? `${quote(key.key_id)} stays valid until ${new Date(end).toISOString()}`
    : `${quote(key.key_id)} no longer works (retired now, no overlap)`;
}
