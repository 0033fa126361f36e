/**
 * Facts with a source. A policy condition matches a fact, and every fact says where it comes from:
 *
 * - `verified`: signed by someone other than the caller, or observed by Countersign itself — the
 *   claims of a verified OIDC token (`oidc.<claim>`), the time and weekday in the configured time
 *   zone (`time.weekday`, `time.hours`), and whether a declared freeze window is on
 *   (`freeze.active`);
 * - `asserted`: the caller's own `conditions` (`ci_status=passed`), its word and nothing more.
 *
 * The namespaces `oidc.`, `time.` and `freeze.` belong to verified facts: a rule condition with
 * such a key is matched only against verified facts, so a caller that sends `oidc.ref=…` in its
 * own conditions proves nothing.
 *
 * @module
 */
import { quote } from "../contract/text.ts";

/** Where a fact comes from. */
export type FactSource = "verified" | "asserted";

/** One fact: its name (the condition key), its value and its source. */
export interface Fact {
  name: string;
  value: string;
  source: FactSource;
  /** Who vouches for it, in words ("OIDC token from …", "Countersign's clock (UTC)", "the caller"). */
  by?: string;
  /** What the deciding rule asked of it (shown beside the value). */
  wanted?: string;
}

/** Verified facts by name. */
export type VerifiedFacts = ReadonlyMap<string, Fact>;

/** Prefixes reserved for verified facts. */
export const VERIFIED_PREFIXES = ["oidc.", "time.", "freeze."] as const;

/** The facts Countersign observes itself, by name. */
export const OBSERVED_FACTS = ["time.weekday", "time.hours", "freeze.active"] as const;

/** Whether a condition key names a verified fact (and so is never matched against the caller's). */
export function isVerifiedKey(key: string): boolean {
  return VERIFIED_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Whether a condition key names a verified OIDC claim. */
export function isOidcKey(key: string): boolean {
  return key.startsWith("oidc.") && key.length > "oidc.".length;
}

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const HOURS = /^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$/;

/** The days a `time.weekday` value names (`mon-fri`, `sat,sun`, `fri-mon`), or an error. */
function weekdays(value: string): Set<string> | string {
  const out = new Set<string>();
  for (const part of value.toLowerCase().split(",")) {
    const [from, to, extra] = part.trim().split("-");
    const a = DAYS.indexOf(from as typeof DAYS[number]);
    const b = to === undefined ? a : DAYS.indexOf(to as typeof DAYS[number]);
    if (extra !== undefined || a < 0 || b < 0) {
      return `${quote(part.trim())} is not a day (mon … sun) or a range of days (mon-fri)`;
    }
    for (let i = a;; i = (i + 1) % 7) {
      out.add(DAYS[i]);
      if (i === b) break;
    }
  }
  return out;
}

/** Minutes since midnight of `HH:MM`. */
function minutes(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return h * 60 + m;
}

/**
 * Why a rule condition on a verified fact cannot be used, or `undefined`. Keys outside the
 * verified namespaces are the caller's own and take any value.
 */
export function verifiedConditionProblem(key: string, value: string): string | undefined {
  const fail = (why: string) => `Cannot use condition ${quote(`${key}=${value}`, 60)}: ${why}`;
  if (key.startsWith("oidc.")) {
    return isOidcKey(key) ? undefined : fail("name the claim after oidc. (oidc.repository)");
  }
  if (key === "time.weekday") {
    const days = weekdays(value);
    return typeof days === "string" ? fail(days) : undefined;
  }
  if (key === "time.hours") {
    const m = HOURS.exec(value);
    if (!m || (m[3] === "24" && m[4] !== "00")) {
      return fail("write the hours as HH:MM-HH:MM in the configured time zone (09:00-17:30)");
    }
    return minutes(value.slice(0, 5)) === minutes(value.slice(6))
      ? fail("the window is empty (start equals end)")
      : undefined;
  }
  if (key === "freeze.active") {
    return value === "true" || value === "false" ? undefined : fail('use "true" or "false"');
  }
  if (isVerifiedKey(key)) {
    return fail(
      `Countersign observes only ${OBSERVED_FACTS.join(", ")} and oidc.<claim>; ` +
        `${quote(key)} is no verified fact`,
    );
  }
  return undefined;
}

/** Whether the verified fact `fact` satisfies a rule's `wanted` value for `key`. */
export function verifiedMatches(key: string, wanted: string, fact: Fact | undefined): boolean {
  if (!fact || fact.source !== "verified") return false;
  if (key === "time.weekday") {
    const days = weekdays(wanted);
    return typeof days !== "string" && days.has(fact.value);
  }
  if (key === "time.hours") {
    if (verifiedConditionProblem(key, wanted)) return false;
    const now = minutes(fact.value);
    const start = minutes(wanted.slice(0, 5));
    const end = minutes(wanted.slice(6));
    // A window past midnight (22:00-06:00) wraps.
    return start < end ? now >= start && now < end : now >= start || now < end;
  }
  return fact.value === wanted;
}

/** Most facts carried between steps and stored on a record. */
export const MAX_FACTS = 64;
const MAX_FACT_TEXT = 300;

/** The JSON text that carries facts between workflow steps and into the decision record. */
export function encodeFacts(facts: readonly Fact[]): string {
  return facts.length === 0 ? "" : JSON.stringify(decodeFactList(facts));
}

/**
 * Reads facts back from JSON. Anything malformed is dropped (empty list), unknown keys are
 * dropped and every text is bounded again: the text passed through workflow inputs.
 */
export function decodeFacts(text: string | undefined): Fact[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? decodeFactList(parsed) : [];
  } catch {
    return [];
  }
}

function decodeFactList(list: readonly unknown[]): Fact[] {
  const out: Fact[] = [];
  for (const entry of list.slice(0, MAX_FACTS)) {
    if (typeof entry !== "object" || entry === null) continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== "string" || typeof e.value !== "string") continue;
    if (e.source !== "verified" && e.source !== "asserted") continue;
    const fact: Fact = { name: bound(e.name), value: bound(e.value), source: e.source };
    if (typeof e.by === "string" && e.by !== "") fact.by = bound(e.by);
    if (typeof e.wanted === "string" && e.wanted !== "") fact.wanted = bound(e.wanted);
    out.push(fact);
  }
  return out;
}

function bound(text: string): string {
  const chars = Array.from(text);
  return chars.length > MAX_FACT_TEXT ? `${chars.slice(0, MAX_FACT_TEXT - 1).join("")}…` : text;
}
