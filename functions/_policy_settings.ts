/**
 * The admin's policy settings from the functions' env (`slack env add`): protected environments,
 * time zone, freeze windows. Read by evaluate_policy, the dry run and the overview alike.
 *
 * @module
 */
import { FREEZE_WINDOWS_ENV, PROTECTED_ENVIRONMENTS_ENV, TIME_ZONE_ENV } from "../lib/config.ts";
import { envSetting } from "./_shared/env.ts";
import { type PolicySettings, readPolicySettings } from "../lib/policy/settings.ts";

/** Reads the policy settings of this run. */
export function policySettingsFromEnv(env: Record<string, string> | undefined): PolicySettings {
  return readPolicySettings({
    protectedEnvironments: envSetting(env, PROTECTED_ENVIRONMENTS_ENV),
    timeZone: envSetting(env, TIME_ZONE_ENV),
    freezeWindows: envSetting(env, FREEZE_WINDOWS_ENV),
  });
}
