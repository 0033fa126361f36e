/**
 * What `evaluate_policy` knows beside the request: the verified facts handed on by the verify
 * step, what Countersign observes itself at `now`, and the admin's settings from the env.
 *
 * @module
 */
import { FREEZE_WINDOWS_ENV, PROTECTED_ENVIRONMENTS_ENV, TIME_ZONE_ENV } from "../../lib/config.ts";
import { decodeFacts } from "../../lib/policy/facts.ts";
import type { PolicyContext } from "../../lib/policy/evaluate.ts";
import { observedFacts } from "../../lib/policy/observed.ts";
import { readPolicySettings } from "../../lib/policy/settings.ts";
import { envSetting } from "../../lib/audit/seal.ts";

/** The policy context of one evaluation, with the settings' problems. */
export function policyContext(
  env: Record<string, string> | undefined,
  verifiedFactsJson: string | undefined,
  now: number,
): PolicyContext & { problems: string[] } {
  const settings = readPolicySettings({
    protectedEnvironments: envSetting(env, PROTECTED_ENVIRONMENTS_ENV),
    timeZone: envSetting(env, TIME_ZONE_ENV),
    freezeWindows: envSetting(env, FREEZE_WINDOWS_ENV),
  });
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
