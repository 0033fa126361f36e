/**
 * The dry run's stand-ins for what a real request would bring: the claims of the bot's OIDC token
 * (typed by the admin) and the moment to try.
 *
 * @module
 */
import { quote } from "../../lib/contract/text.ts";
import { parseConditions } from "../../lib/contract/conditions.ts";
import { encodeFacts, type Fact, isOidcKey } from "../../lib/policy/facts.ts";
import { readInstant } from "../../lib/policy/observed.ts";

/** Result of {@linkcode sampleFacts}. */
export type SampledFacts = { ok: true; factsJson: string; at: number } | {
  ok: false;
  error: string;
};

/** Reads the sample claims (`oidc.<claim>=value&…`) and the moment (`at`, default `now`). */
export function sampleFacts(claims: string, at: string, now: number): SampledFacts {
  const parsed = parseConditions(claims.trim());
  if (!parsed.ok) {
    return { ok: false, error: parsed.error.replace("conditions", "verified claims") };
  }
  const facts: Fact[] = [];
  for (const [name, value] of parsed.conditions) {
    if (!isOidcKey(name)) {
      return {
        ok: false,
        error: `Cannot use verified claim ${quote(name)}: write it as oidc.<claim> ` +
          "(the clock and the freeze windows are observed, not typed)",
      };
    }
    facts.push({ name, value, source: "verified", by: "the dry run's sample token" });
  }
  const when = at.trim();
  const ms = readInstant(when);
  if (when !== "" && ms === undefined) {
    return {
      ok: false,
      error: `Cannot use time ${quote(when, 40)}: write an instant like 2026-12-24T10:00Z`,
    };
  }
  return { ok: true, factsJson: encodeFacts(facts), at: ms ?? now };
}
