/**
 * Policy rule management for admins: building a rule from form input (add or edit), placing it
 * in the order, and describing a dry run. Pure: the handlers read and write the datastore.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { parseConditions } from "../contract/conditions.ts";
import {
  evaluatePolicies,
  POLICY_EFFECTS,
  type PolicyEffect,
  sortRules,
} from "../policy/evaluate.ts";
import { validatePattern } from "../policy/pattern.ts";
import type { PolicyContext, PolicyRule } from "../policy/evaluate.ts";
import { type Fact, verifiedConditionProblem } from "../policy/facts.ts";
import { checkAllowLists } from "../policy/allow_lists.ts";
import { checkId, checkInteger, checkText, MAX_APPROVALS } from "./fields.ts";
import type { ServiceItem } from "./service_item.ts";
import { applyRoutingInput, type RoutingInput } from "./policy_routing.ts";
import type { RuleRouting } from "../policy/rule_routing.ts";
import { describeSignOff } from "../policy/routing.ts";

/** A `policies` item (see `datastores/policies.ts`): a rule plus who changed it last. */
export interface PolicyItem extends PolicyRule {
  updated_by?: string;
  updated_at?: number;
}

/** Rule settings as admin functions receive them. Blank means "unchanged" (edit) or default. */
export interface PolicyInput extends RoutingInput {
  name?: string;
  description?: string;
  service_pattern?: string;
  action_pattern?: string;
  resource_pattern?: string;
  environment_pattern?: string;
  conditions?: string;
  effect?: string;
  approvals_required?: number;
  /** "enabled" or "disabled"; blank keeps the current switch (enabled for a new rule). */
  state?: string;
}

const PATTERNS = [
  "service_pattern",
  "action_pattern",
  "resource_pattern",
  "environment_pattern",
] as const;

/** Longest conditions text of a rule. */
export const MAX_CONDITIONS_LENGTH = 1000;

/** Result of {@linkcode applyPolicyInput}. */
export type BuiltPolicy = { ok: true; item: PolicyItem } | { ok: false; error: string };

function blank(value: unknown): value is undefined | "" {
  return value === undefined || value === null ||
    (typeof value === "string" && value.trim() === "");
}

/**
 * Applies input to a rule. Adding (`adding`) needs a name and an effect; patterns default to
 * `*`. `approvals_required` only applies to `require_approval` and is 0 for other effects.
 */
export function applyPolicyInput(
  base: PolicyItem,
  input: PolicyInput,
  adding: boolean,
): BuiltPolicy {
  const item: PolicyItem = { ...base };
  const fail = (error: string) => ({ ok: false as const, error });
  if (!blank(input.name)) {
    const problem = checkText("name", input.name.trim(), 80);
    if (problem) return fail(problem);
    item.name = input.name.trim();
  } else if (adding) return fail("name is required");
  if (!blank(input.description)) {
    const problem = checkText("description", input.description.trim(), 300);
    if (problem) return fail(problem);
    item.description = input.description.trim();
  }
  for (const field of PATTERNS) {
    const value = input[field];
    if (!blank(value)) {
      const check = validatePattern(value);
      if (!check.ok) return fail(`${field.replace("_", " ")}: ${check.error}`);
      item[field] = value;
    } else if (adding) item[field] = "*";
  }
  if (!blank(input.conditions)) {
    if (input.conditions.length > MAX_CONDITIONS_LENGTH) {
      return fail(`conditions are longer than ${MAX_CONDITIONS_LENGTH} characters`);
    }
    const parsed = parseConditions(input.conditions);
    if (!parsed.ok) return fail(parsed.error);
    for (const [key, value] of parsed.conditions) {
      const problem = verifiedConditionProblem(key, value);
      if (problem) return fail(problem);
    }
    item.conditions = input.conditions;
  } else if (adding) item.conditions = "";
  if (!blank(input.effect)) {
    if (!POLICY_EFFECTS.includes(input.effect as PolicyEffect)) {
      return fail(`effect ${quote(input.effect)} is not one of ${POLICY_EFFECTS.join(", ")}`);
    }
    item.effect = input.effect;
  } else if (adding) return fail("effect is required");
  if (input.approvals_required !== undefined && input.approvals_required !== null) {
    if (item.effect !== "require_approval") {
      return fail(
        `approvals required only applies to effect "require_approval", not ${
          quote(String(item.effect))
        }`,
      );
    }
    const problem = checkInteger("approvals required", input.approvals_required, 1, MAX_APPROVALS);
    if (problem) return fail(problem);
    item.approvals_required = input.approvals_required;
  }
  if (item.effect !== "require_approval") item.approvals_required = 0;
  else if (!item.approvals_required) item.approvals_required = 1;
  const routing = applyRoutingInput(item, input);
  if (routing) return fail(routing);
  if (!blank(input.state)) {
    if (input.state !== "enabled" && input.state !== "disabled") {
      return fail(`state ${quote(input.state)} is not "enabled" or "disabled"`);
    }
    item.enabled = input.state === "enabled";
  } else if (adding) item.enabled = true;
  return { ok: true, item };
}

/** A new rule id from its name (`Prod needs two` → `prod-needs-two`), unique among `taken`. */
export function policyIdFor(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) ||
    "rule";
  let id = slug;
  for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`;
  return id;
}

/** Checks a rule id typed by an admin. */
export function checkPolicyId(id: string): string | undefined {
  return checkId("policy id", id);
}

/**
 * Puts rule `id` at 1-based `place` of the evaluation order (clamped to the ends) and numbers
 * every rule 10, 20, 30 … Returns the rules whose position changed, with their new position.
 */
export function placeRule(
  rules: readonly PolicyItem[],
  id: string,
  place: number,
): PolicyItem[] {
  const moving = rules.find((r) => r.id === id);
  if (!moving) return [];
  const others = sortRules(rules.filter((r) => r.id !== id));
  const at = Math.min(Math.max(Math.trunc(place), 1), others.length + 1) - 1;
  const ordered = [...others.slice(0, at), moving, ...others.slice(at)];
  const changed: PolicyItem[] = [];
  ordered.forEach((rule, index) => {
    const position = (index + 1) * 10;
    if (rule.position !== position) changed.push({ ...rule, position });
  });
  return changed;
}

/** A sample request for a dry run. */
export interface DryRunRequest {
  service_id: string;
  action: string;
  resource: string;
  environment: string;
  conditions?: string;
}

/**
 * Describes how `request` would be decided: the bot's own checks (registered, active, allow-lists)
 * and then the deciding rule with its reason, as plain text lines.
 */
export function describeDryRun(
  rules: readonly PolicyItem[],
  request: DryRunRequest,
  service: ServiceItem | undefined,
  context: PolicyContext & { problems?: readonly string[] } = {},
): { effect: PolicyEffect | "rejected"; ruleId: string; text: string } {
  const lines: string[] = [
    `Dry run: ${quote(request.service_id)} asks to ${quote(request.action)} ` +
    `${quote(request.resource)} in ${quote(request.environment)}` +
    (request.conditions ? ` with conditions ${quote(request.conditions, 100)}` : ""),
  ];
  let rejected = "";
  if (!service) {
    rejected = `no bot is registered as ${quote(request.service_id)} (unknown_service)`;
  } else if (service.status !== "active") {
    rejected = `bot ${quote(request.service_id)} is disabled (service_disabled)`;
  } else {
    const allowed = checkAllowLists(service, request, request.service_id);
    if (!allowed.ok) rejected = `${allowed.detail} (${allowed.code})`;
  }
  const result = evaluatePolicies(rules, request, service?.approvals_required, context);
  const enabled = rules.filter((r) => r.enabled !== false).length;
  if (rejected) {
    lines.push(`Outcome: rejected before policies: ${rejected}.`);
    lines.push(`Policies alone would decide: ${result.explanation}.`);
  } else {
    lines.push(`Outcome: ${effectText(result.effect, result.approvals_required)}.`);
    lines.push(`Why: ${result.explanation}.`);
    if (result.effect === "require_approval") lines.push(routingLine(result.routing));
  }
  if (result.facts.length > 0) {
    lines.push(`Facts the rule looked at: ${result.facts.map(factText).join("; ")}.`);
  }
  for (const problem of context.problems ?? []) lines.push(`Settings: ${problem}.`);
  lines.push(
    `Rules checked in order: ${enabled} enabled, ${rules.length - enabled} disabled (skipped).`,
  );
  return {
    effect: rejected ? "rejected" : result.effect,
    ruleId: result.rule?.id ?? "",
    text: lines.join("\n"),
  };
}

/** Who would be asked and where: the rule's routing, or the bot's own approvers and channel. */
function routingLine(routing: RuleRouting | undefined): string {
  const who = routing?.signOff
    ? `sign-off by ${describeSignOff(routing.signOff)} (members of the rule's groups only)`
    : "the bot's approvers";
  const where = routing?.approval_channel
    ? `in channel ${routing.approval_channel} (the rule's)`
    : "in the bot's approval channel";
  return `Routing: ${who}, ${where}.`;
}

/** `name = value (rule: wanted), verified by …` or `…, asserted by the caller`. */
function factText(fact: Fact): string {
  const wanted = fact.wanted ? ` (rule: ${quote(fact.wanted)})` : "";
  const value = fact.value === "" ? "not sent" : quote(fact.value);
  return `${fact.name} = ${value}${wanted}, ${fact.source}${fact.by ? ` by ${fact.by}` : ""}`;
}

function effectText(effect: PolicyEffect, approvals: number): string {
  if (effect === "auto_approve") return "auto-approved";
  if (effect === "deny") return "denied automatically";
  return `needs ${approvals === 1 ? "1 approval" : `${approvals} approvals`}`;
}
