/**
 * Scoped approvals: an approver approves "requests like this one" (same bot, action and
 * environment, a resource pattern, the same deciding rule) for the next N minutes and/or N
 * requests. The scope is a temporary rule, recorded as a `scoped_approvals` item, that expires by
 * itself: past `expires_at`, or once `max_requests` uses are claimed, it matches nothing. Pure:
 * the policy step reads the items, claims a use, and records which approval let a request through.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { matchPattern, validatePattern } from "./pattern.ts";

/** Longest scope, in minutes (a working day). */
export const MAX_SCOPE_MINUTES = 8 * 60;
/** Most requests one scope may let through. */
export const MAX_SCOPE_REQUESTS = 50;
/** Minutes of a scope whose approver gave a count but no time. */
export const DEFAULT_SCOPE_MINUTES = 60;
/** Prefix of a scope's id; the rest is the id of the decision that granted it. */
export const SCOPE_ID_PREFIX = "scope|";

/** What an approver granted beyond the request itself. */
export interface ScopeGrant {
  /** Minutes from the approval until the scope expires. */
  minutes: number;
  /** Requests it may let through; 0 means only the time bounds it. */
  max_requests: number;
  /** Which resources it covers (glob, `lib/policy/pattern.ts`). */
  resource_pattern: string;
}

/** A `scoped_approvals` item: the temporary rule. */
export interface ScopedRule extends ScopeGrant {
  id: string;
  /** The decision whose approval granted the scope (every request it lets through links here). */
  decision_id: string;
  granted_by: string;
  granted_at: number;
  expires_at: number;
  service_id: string;
  action: string;
  environment: string;
  /** The rule that required approval for the granting request (`""`: the default). */
  policy_id: string;
  /** Uses claimed so far, as last written (a hint: the use claims are the truth). */
  used?: number;
}

/** The form's raw values. */
export interface ScopeInput {
  /** `this` (only this request) or `like` (requests like this one). */
  choice?: string;
  minutes?: string;
  count?: string;
  resource_pattern?: string;
}

/** The request a scope is granted on, or matched against. */
export interface ScopeSubject {
  service_id: string;
  action: string;
  resource: string;
  environment: string;
}

/** Which form field a problem is about. */
export type ScopeField = "minutes" | "count" | "resource_pattern";

/** Result of {@linkcode parseScopeInput}. */
export type ParsedScope =
  | { ok: true; grant?: ScopeGrant }
  | { ok: false; field: ScopeField; error: string };

function whole(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/**
 * Reads the approver's scope choice. `this` (or nothing) grants nothing beyond the request.
 * `like` needs a time or a count (a count alone lasts {@linkcode DEFAULT_SCOPE_MINUTES}); the
 * resource pattern defaults to this request's resource and must cover it.
 */
export function parseScopeInput(input: ScopeInput, request: ScopeSubject): ParsedScope {
  if ((input.choice ?? "this") === "this") return { ok: true };
  if (input.choice !== "like") {
    return { ok: false, field: "minutes", error: `Unknown scope ${quote(input.choice ?? "")}.` };
  }
  const minutesText = (input.minutes ?? "").trim();
  const countText = (input.count ?? "").trim();
  if (!minutesText && !countText) {
    return {
      ok: false,
      field: "minutes",
      error: "Give the minutes, a number of requests, or both, for requests like this one.",
    };
  }
  const minutes = minutesText ? whole(minutesText, 1, MAX_SCOPE_MINUTES) : DEFAULT_SCOPE_MINUTES;
  if (minutes === undefined) {
    return {
      ok: false,
      field: "minutes",
      error: `Cannot use ${quote(minutesText)} minutes: give a whole number from 1 to ` +
        `${MAX_SCOPE_MINUTES}.`,
    };
  }
  const max = countText ? whole(countText, 1, MAX_SCOPE_REQUESTS) : 0;
  if (max === undefined) {
    return {
      ok: false,
      field: "count",
      error: `Cannot use ${quote(countText)} requests: give a whole number from 1 to ` +
        `${MAX_SCOPE_REQUESTS}.`,
    };
  }
  const pattern = (input.resource_pattern ?? "").trim() || request.resource;
  const check = validatePattern(pattern);
  if (!check.ok) {
    return {
      ok: false,
      field: "resource_pattern",
      error: `Cannot use the pattern: ${check.error}`,
    };
  }
  if (!matchPattern(pattern, request.resource)) {
    return {
      ok: false,
      field: "resource_pattern",
      error: `Cannot use the pattern ${quote(pattern)}: it does not cover this request's ` +
        `resource ${quote(request.resource)}.`,
    };
  }
  return { ok: true, grant: { minutes, max_requests: max, resource_pattern: pattern } };
}

/** The temporary rule a grant makes, once the granting request is decided. */
export function scopedRule(
  grant: ScopeGrant,
  ctx: ScopeSubject & { decision_id: string; granted_by: string; now: number; policy_id: string },
): ScopedRule {
  return {
    id: `${SCOPE_ID_PREFIX}${ctx.decision_id}`,
    decision_id: ctx.decision_id,
    granted_by: ctx.granted_by,
    granted_at: ctx.now,
    expires_at: ctx.now + grant.minutes * 60_000,
    minutes: grant.minutes,
    max_requests: grant.max_requests,
    resource_pattern: grant.resource_pattern,
    service_id: ctx.service_id,
    action: ctx.action,
    environment: ctx.environment,
    policy_id: ctx.policy_id,
    used: 0,
  };
}

/**
 * The scopes that may let `request` through at `now`, oldest grant first: same bot, action,
 * environment and deciding rule, resource within the pattern, not expired, and (by the hint) not
 * used up. Malformed items match nothing.
 */
export function liveScopes(
  scopes: readonly Partial<ScopedRule>[],
  request: ScopeSubject,
  policyId: string,
  now: number,
): ScopedRule[] {
  return scopes
    .filter((s): s is ScopedRule =>
      typeof s.id === "string" && typeof s.decision_id === "string" &&
      typeof s.expires_at === "number" && now < s.expires_at &&
      s.service_id === request.service_id && s.action === request.action &&
      s.environment === request.environment && (s.policy_id ?? "") === policyId &&
      typeof s.resource_pattern === "string" &&
      validatePattern(s.resource_pattern).ok &&
      matchPattern(s.resource_pattern, request.resource) &&
      Number.isInteger(s.max_requests ?? 0) && (s.max_requests ?? 0) >= 0 &&
      (!s.max_requests || (s.used ?? 0) < s.max_requests)
    )
    .sort((a, b) => (a.granted_at ?? 0) - (b.granted_at ?? 0) || (a.id < b.id ? -1 : 1));
}

/** "requests like this one (resource "api*") for 60 min, at most 5" for messages and records. */
export function describeGrant(grant: ScopeGrant): string {
  const count = grant.max_requests > 0
    ? `, at most ${grant.max_requests} request${grant.max_requests === 1 ? "" : "s"}`
    : "";
  return `requests like this one (resource ${
    quote(grant.resource_pattern, 60)
  }) for ${grant.minutes} min${count}`;
}

/** The grant as the approval step's output and the record's `approval_scope` (JSON). */
export function encodeGrant(grant: ScopeGrant): string {
  return JSON.stringify({
    minutes: grant.minutes,
    max_requests: grant.max_requests,
    resource_pattern: grant.resource_pattern,
  });
}

/** Reads {@linkcode encodeGrant}'s output; undefined when absent or malformed. */
export function decodeGrant(text: string | undefined): ScopeGrant | undefined {
  try {
    const g = JSON.parse(text ?? "");
    if (
      Number.isInteger(g?.minutes) && g.minutes >= 1 && g.minutes <= MAX_SCOPE_MINUTES &&
      Number.isInteger(g?.max_requests) && g.max_requests >= 0 &&
      g.max_requests <= MAX_SCOPE_REQUESTS && typeof g?.resource_pattern === "string" &&
      validatePattern(g.resource_pattern).ok
    ) {
      return {
        minutes: g.minutes,
        max_requests: g.max_requests,
        resource_pattern: g.resource_pattern,
      };
    }
  } catch {
    // not a grant
  }
  return undefined;
}
