/**
 * The policy settings an admin declares with `slack env add`: protected environments, the time
 * zone of `time.*` facts and the freeze windows. Pure: the caller hands in the values.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import {
  DEFAULT_PROTECTED_ENVIRONMENTS,
  DEFAULT_TIME_ZONE,
  type FreezeWindow,
  parseFreezeWindows,
  validTimeZone,
} from "./observed.ts";
import { validatePattern } from "./pattern.ts";

/** The settings as read; a problem leaves the strict side in place and is reported. */
export interface PolicySettings {
  protectedEnvironments: string[];
  timeZone: string;
  /** `undefined` when the setting is unreadable: no freeze fact then, and auto-approval stops. */
  freezes: FreezeWindow[] | undefined;
  /** What was wrong with the settings, for the explanation and the dry run. */
  problems: string[];
}

/** The raw setting texts (empty or missing: the default). */
export interface PolicySettingTexts {
  protectedEnvironments?: string;
  timeZone?: string;
  freezeWindows?: string;
}

/** Reads the settings. An unreadable protected list protects everything (`*`). */
export function readPolicySettings(texts: PolicySettingTexts): PolicySettings {
  const problems: string[] = [];
  let protectedEnvironments = [...DEFAULT_PROTECTED_ENVIRONMENTS];
  const listed = (texts.protectedEnvironments ?? "").trim();
  if (listed === "none") protectedEnvironments = [];
  else if (listed !== "") {
    const patterns = listed.split(",").map((p) => p.trim()).filter((p) => p !== "");
    const bad = patterns.map(validatePattern).find((check) => !check.ok);
    if (bad && !bad.ok) {
      problems.push(`protected environments: ${bad.error}; every environment is protected`);
      protectedEnvironments = ["*"];
    } else protectedEnvironments = patterns;
  }
  let timeZone = DEFAULT_TIME_ZONE;
  const zone = (texts.timeZone ?? "").trim();
  if (zone !== "") {
    if (validTimeZone(zone)) timeZone = zone;
    else problems.push(`Cannot use time zone ${quote(zone)}: not an IANA zone name; using UTC`);
  }
  const parsed = parseFreezeWindows(texts.freezeWindows ?? "");
  if (!parsed.ok) problems.push(`${parsed.error}; no rule may auto-approve until it is fixed`);
  return {
    protectedEnvironments,
    timeZone,
    freezes: parsed.ok ? parsed.windows : undefined,
    problems,
  };
}
