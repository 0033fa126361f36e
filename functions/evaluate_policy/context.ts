/**
 * What `evaluate_policy` knows beside the request: the verified facts handed on by the verify
 * step, what Countersign observes itself at `now`, and the admin's settings from the env.
 *
 * @module
 */
import { decodeFacts } from "../../lib/policy/facts.ts";
import type { PolicyContext } from "../../lib/policy/evaluate.ts";
import { observedFacts } from "../../lib/policy/observed.ts";
import type { PolicySettings } from "../../lib/policy/settings.ts";
import { policySettingsFromEnv } from "../_policy_settings.ts";

/** The policy context from settings, verified `oidc.` facts (JSON) and the time. */
export function contextFrom(
  settings: PolicySettings,
  verifiedFactsJson: string | undefined,
  now: number,
): PolicyContext & { problems: string[] } {
  // Only `oidc.` facts come from the verify step: the clock and the freezes are observed here.
  const oidc = decodeFacts(verifiedFactsJson).filter((fact) =>
    fact.source === "verified" && fact.name.startsWith("oidc.")
  );
  return {
    verified: [...oidc, ...observedFacts(now, settings.timeZone, settings.freezes)],
    protectedEnvironments: settings.protectedEnvironments,
    autoApproveBlocked: settings.freezes ? undefined : settings.problems.at(-1),
    problems: settings.problems,
  };
}

/** The policy context of one evaluation, with the settings' problems. */
export function policyContext(
  env: Record<string, string> | undefined,
  verifiedFactsJson: string | undefined,
  now: number,
): PolicyContext & { problems: string[] } {
  return contextFrom(policySettingsFromEnv(env), verifiedFactsJson, now);
}
