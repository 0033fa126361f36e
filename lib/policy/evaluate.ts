/**
 * Policy evaluation: enabled rules in `position` order, first full match wins; no match means
 * "require approval" (never auto-approval).
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { type Conditions, formatConditions, parseConditions } from "../contract/conditions.ts";
import { matchPattern, validatePattern } from "./pattern.ts";
import { routingOf, routingProblem, routingText, type RuleRouting } from "./rule_routing.ts";
import { type Fact, isVerifiedKey, verifiedConditionProblem, verifiedMatches } from "./facts.ts";
import { protectedReason } from "./protect.ts";

/** What a rule (or the default) decides. */
export type PolicyEffect = "auto_approve" | "require_approval" | "deny";

/** The effects a rule may carry. */
export const POLICY_EFFECTS: readonly PolicyEffect[] = ["auto_approve", "require_approval", "deny"];

/** A `policies` item as read from the datastore (attributes may be missing). */
export interface PolicyRule {
  id: string;
  position?: number;
  name?: string;
  description?: string;
  /** Glob patterns; missing or empty means `*`. */
  service_pattern?: string;
  action_pattern?: string;
  resource_pattern?: string;
  environment_pattern?: string;
  /**
   * `key=value&…` facts the request must all carry. Keys under `oidc.`, `time.` and `freeze.`
   * are verified facts (`lib/policy/facts.ts`); other keys are the caller's asserted conditions.
   */
  conditions?: string;
  effect?: string;
  approvals_required?: number;
  /** Routing by rule (`lib/policy/rule_routing.ts`): the rule's approver groups, e.g. `S0SRE:1, S0SEC:1`. */
  approver_groups?: string;
  /** How many of `approver_groups` must sign off; 0 or missing means all. */
  groups_required?: number;
  /** The channel this rule's approval requests go to, instead of the bot's. */
  approval_channel?: string;
  /** Only `false` disables a rule; a missing flag means enabled. */
  enabled?: boolean;
}

/** The request fields policies look at. */
export interface PolicySubject {
  service_id: string;
  action: string;
  resource: string;
  environment: string;
  conditions?: string;
}

/** What Countersign knows beside the request: its verified facts and the protected environments. */
export interface PolicyContext {
  /** Verified facts: `oidc.<claim>` of a verified token, `time.*`, `freeze.active`. */
  verified?: readonly Fact[];
  /**
   * Environment patterns where a rule resting on asserted conditions never auto-approves
   * (default: `production`).
   */
  protectedEnvironments?: readonly string[];
  /** Why no rule may auto-approve now (an unreadable freeze setting): the strict side. */
  autoApproveBlocked?: string;
}

/** Result of {@linkcode evaluatePolicies}. */
export interface PolicyResult {
  effect: PolicyEffect;
  /** The rule that decided; absent for the default. */
  rule?: PolicyRule;
  /** Distinct approvals needed (0 unless the effect is `require_approval`). */
  approvals_required: number;
  /** One sentence on why, for the approval message and the audit log. */
  explanation: string;
  /** The deciding rule's own approvers and channel (`require_approval` only). */
  routing?: RuleRouting;
  /** Each fact the deciding rule looked at, with its source (empty for the default). */
  facts: Fact[];
  /** Why an auto-approving rule was sent to humans instead (protected environment). */
  protected_reason?: string;
}

const MATCHED_FIELDS = [
  ["service_pattern", "service_id", "service"],
  ["action_pattern", "action", "action"],
  ["resource_pattern", "resource", "resource"],
  ["environment_pattern", "environment", "environment"],
] as const;

/**
 * Applies `rules` to a request.
 *
 * A rule matches when its four patterns match and every one of its conditions is present in the
 * request with the same value. A reached rule that cannot be read (bad pattern, conditions or
 * effect) stops evaluation with `require_approval`: skipping it could skip a `deny`.
 *
 * @param defaultApprovals the bot's own minimum (its `approvals_required`): what a deciding rule
 *   that does not say asks for, and the floor of what one that does say asks for. A rule can
 *   raise the number of approvals, never lower it. Anything but a positive integer means 1.
 */
export function evaluatePolicies(
  rules: readonly PolicyRule[],
  request: PolicySubject,
  defaultApprovals?: number,
  context: PolicyContext = {},
): PolicyResult {
  const fallback = positiveInteger(defaultApprovals) ?? 1;
  const verified = new Map((context.verified ?? []).map((fact) => [fact.name, fact]));
  const requested = parseConditions(request.conditions ?? "");
  if (!requested.ok) {
    return {
      effect: "require_approval",
      approvals_required: fallback,
      explanation: `The request's conditions are unreadable (${requested.error}); ` +
        `asking for ${plural(fallback)}`,
      facts: [],
    };
  }
  const ordered = sortRules(rules.filter((rule) => rule.enabled !== false));
  for (const rule of ordered) {
    const problem = ruleProblem(rule);
    if (problem) {
      // An unreadable rule routes nowhere special: the bot's own approvers decide.
      const approvals = atLeast(rule.approvals_required, fallback);
      return {
        effect: "require_approval",
        rule,
        approvals_required: approvals,
        explanation: `${describe(rule)} is invalid (${problem}); asking for ${plural(approvals)}`,
        facts: [],
      };
    }
    if (!ruleMatches(rule, request, requested.conditions, verified)) continue;
    const facts = factsOf(rule, requested.conditions, verified);
    const guard = protectedReason(rule, request.environment, context.protectedEnvironments) ??
      (rule.effect === "auto_approve" ? context.autoApproveBlocked : undefined);
    if (guard) {
      return {
        effect: "require_approval",
        rule,
        approvals_required: fallback,
        explanation: `${explain(rule, "auto_approve", 0, fallback)}, but ${guard}; ` +
          `asking for ${plural(fallback)}`,
        facts,
        protected_reason: guard,
      };
    }
    const effect = rule.effect as PolicyEffect;
    const routing = effect === "require_approval" ? routingOf(rule) : undefined;
    // A sign-off across groups needs at least as many people as its smallest completion.
    const approvals = effect === "require_approval"
      ? Math.max(atLeast(rule.approvals_required, fallback), routing?.minimum ?? 0)
      : 0;
    return {
      effect,
      rule,
      approvals_required: approvals,
      explanation: explain(rule, effect, approvals, fallback) + routingText(routing),
      ...(routing ? { routing } : {}),
      facts,
    };
  }
  return {
    effect: "require_approval",
    approvals_required: fallback,
    explanation: `No enabled rule matched (${ordered.length} checked); ` +
      `default: ${plural(fallback)} required`,
    facts: [],
  };
}

/** Rules sorted by `position` (missing last), ties by `id`, without mutating. */
export function sortRules<T extends PolicyRule>(rules: readonly T[]): T[] {
  const key = (rule: PolicyRule) =>
    typeof rule.position === "number" && Number.isFinite(rule.position)
      ? rule.position
      : Number.POSITIVE_INFINITY;
  return [...rules].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Why a rule cannot be applied, or `undefined` when it is well-formed. */
export function ruleProblem(rule: PolicyRule): string | undefined {
  for (const [attribute] of MATCHED_FIELDS) {
    const pattern = rule[attribute];
    if (pattern === undefined || pattern === "") continue;
    if (typeof pattern !== "string") return `${attribute} is not text`;
    const check = validatePattern(pattern);
    if (!check.ok) return `${attribute}: ${check.error}`;
  }
  if (rule.conditions !== undefined && typeof rule.conditions !== "string") {
    return "conditions is not text";
  }
  const conditions = parseConditions(rule.conditions ?? "");
  if (!conditions.ok) return conditions.error;
  for (const [key, value] of conditions.conditions) {
    const problem = verifiedConditionProblem(key, value);
    if (problem) return problem;
  }
  if (!POLICY_EFFECTS.includes(rule.effect as PolicyEffect)) {
    return `effect ${quote(String(rule.effect))} is not one of ${POLICY_EFFECTS.join(", ")}`;
  }
  return routingProblem(rule);
}

function ruleMatches(
  rule: PolicyRule,
  request: PolicySubject,
  requested: Conditions,
  verified: ReadonlyMap<string, Fact>,
): boolean {
  for (const [attribute, field] of MATCHED_FIELDS) {
    const pattern = rule[attribute] || "*";
    if (!matchPattern(pattern, request[field])) return false;
  }
  const needed = parseConditions(rule.conditions ?? "");
  if (!needed.ok) return false;
  for (const [key, value] of needed.conditions) {
    // A verified key is matched only against verified facts, never the caller's own word.
    const ok = isVerifiedKey(key)
      ? verifiedMatches(key, value, verified.get(key))
      : requested.get(key) === value;
    if (!ok) return false;
  }
  return true;
}

/** The facts a matched rule looked at, each with its source and what the rule asked of it. */
function factsOf(
  rule: PolicyRule,
  requested: Conditions,
  verified: ReadonlyMap<string, Fact>,
): Fact[] {
  const needed = parseConditions(rule.conditions ?? "");
  if (!needed.ok) return [];
  return Array.from(needed.conditions, ([key, wanted]): Fact => {
    const fact: Fact = isVerifiedKey(key)
      ? { ...verified.get(key)! }
      : { name: key, value: requested.get(key) ?? "", source: "asserted", by: "the caller" };
    if (fact.value !== wanted) fact.wanted = wanted;
    return fact;
  });
}

function explain(
  rule: PolicyRule,
  effect: PolicyEffect,
  approvals: number,
  minimum: number,
): string {
  const parts = MATCHED_FIELDS.map(([attribute, , label]) =>
    `${label} ~ ${quote(rule[attribute] || "*")}`
  );
  const needed = parseConditions(rule.conditions ?? "");
  if (needed.ok && needed.conditions.size > 0) {
    parts.push(`conditions ${quote(formatConditions(needed.conditions))}`);
  }
  const outcome = effect === "auto_approve"
    ? "auto-approve"
    : effect === "deny"
    ? "deny"
    : `require ${plural(approvals)}${floorNote(rule, minimum)}`;
  return `${describe(rule)} matched (${parts.join(", ")}): ${outcome}`;
}

function describe(rule: PolicyRule): string {
  const name = rule.name ? `${quote(rule.name, 60)} ` : "";
  const position = typeof rule.position === "number" ? `, position ${rule.position}` : "";
  return `Rule ${name}(id ${quote(rule.id, 60)}${position})`;
}

/** The rule's count when it is a positive integer, but never below the bot's `minimum`. */
function atLeast(value: unknown, minimum: number): number {
  return Math.max(positiveInteger(value) ?? minimum, minimum);
}

/** Says so when the rule asked for fewer approvals than the bot's minimum. */
function floorNote(rule: PolicyRule, minimum: number): string {
  const asked = positiveInteger(rule.approvals_required);
  return asked !== undefined && asked < minimum
    ? ` (the rule asks for ${asked}; the bot's minimum of ${minimum} applies)`
    : "";
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function plural(approvals: number): string {
  return approvals === 1 ? "1 approval" : `${approvals} approvals`;
}
