/**
 * Protected environments: where a rule that rests on the caller's asserted conditions may not
 * auto-approve. A compromised bot can assert `ci_status=passed` about itself; in production that
 * must not be enough.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { parseConditions } from "../contract/conditions.ts";
import { isOidcKey, isVerifiedKey } from "./facts.ts";
import { DEFAULT_PROTECTED_ENVIRONMENTS } from "./observed.ts";
import { matchesAny, matchPattern } from "./pattern.ts";

/** The policy attributes the guard looks at. */
export interface GuardedRule {
  effect?: string;
  conditions?: string;
  environment_pattern?: string;
}

/**
 * Why an auto-approving rule may not decide in `environment`: it rests on conditions the caller
 * only asserts and requires no verified OIDC claim, and the environment is protected. Time and
 * freeze facts are verified but say nothing about who is asking, so they do not lift it.
 */
export function protectedReason(
  rule: GuardedRule,
  environment: string,
  protectedEnvironments: readonly string[] = DEFAULT_PROTECTED_ENVIRONMENTS,
): string | undefined {
  if (rule.effect !== "auto_approve") return undefined;
  if (!matchesAny(protectedEnvironments, environment)) return undefined;
  const needed = parseConditions(rule.conditions ?? "");
  if (!needed.ok) return undefined;
  const keys = [...needed.conditions.keys()];
  const asserted = keys.filter((key) => !isVerifiedKey(key));
  if (asserted.length === 0 || keys.some(isOidcKey)) return undefined;
  return `${quote(environment)} is a protected environment and the rule's conditions ` +
    `${quote(asserted.join(", "))} are only asserted by the caller, with no verified oidc.* ` +
    `claim beside them, so it cannot auto-approve there`;
}

/**
 * For the overview: whether an auto-approving rule rests on asserted conditions only and its
 * environment pattern may reach a protected environment (either pattern matches the other as
 * text: `*` and `prod*` reach `production`). Such a rule sends those requests to humans.
 */
export function mayHitProtected(
  rule: GuardedRule,
  protectedEnvironments: readonly string[] = DEFAULT_PROTECTED_ENVIRONMENTS,
): string | undefined {
  const pattern = rule.environment_pattern || "*";
  const hit = protectedEnvironments.find((p) =>
    matchPattern(pattern, p) || matchPattern(p, pattern)
  );
  return hit === undefined ? undefined : protectedReason(rule, hit, protectedEnvironments);
}
