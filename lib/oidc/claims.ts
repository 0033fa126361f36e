/**
 * Claim patterns of a service registration (`oidc_claims`) and their matching against a verified
 * token's claims. Patterns are the glob patterns of `lib/policy` (`*`, `?`, case-sensitive).
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { matchPattern, validatePattern } from "../policy/pattern.ts";
import { GOOD_PINS, IDENTIFYING_CLAIMS, NOT_PINS, pinProblem } from "./pin.ts";

/** One `claim=pattern` requirement. */
export interface ClaimPattern {
  claim: string;
  pattern: string;
}

/** Result of {@linkcode parseClaimPatterns}. */
export type ClaimPatternsResult =
  | { ok: true; patterns: ClaimPattern[] }
  | { ok: false; error: string };

const CLAIM_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses the registration's claim patterns: an array of `claim=pattern` strings (the pattern
 * may itself contain `=`, only the first one separates). Refuses an empty list, a bad claim name,
 * an invalid pattern, a repeated claim, and a list that pins no workload (`lib/oidc/pin.ts`): a
 * public issuer such as GitHub's signs tokens for every repository in the world, so "any token
 * from GitHub" is never an identity. Loose patterns are allowed beside a pin (they only narrow).
 */
export function parseClaimPatterns(raw: unknown): ClaimPatternsResult {
  const fail = (why: string): ClaimPatternsResult => ({
    ok: false,
    error: `Cannot use the service's oidc_claims: ${why}`,
  });
  if (!Array.isArray(raw) || raw.length === 0) {
    return fail(`it must list claim=pattern entries, e.g. ["repository=acme/api"]`);
  }
  const patterns: ClaimPattern[] = [];
  for (const entry of raw) {
    if (typeof entry !== "string") return fail("every entry must be a string");
    const eq = entry.indexOf("=");
    const claim = eq > 0 ? entry.slice(0, eq) : "";
    if (!CLAIM_NAME.test(claim)) {
      return fail(`entry ${quote(entry)} must be claim=pattern with a claim name of . _ - a-z 0-9`);
    }
    const pattern = entry.slice(eq + 1);
    const check = validatePattern(pattern);
    if (!check.ok) return fail(check.error);
    if (patterns.some((p) => p.claim === claim)) return fail(`claim ${quote(claim)} appears twice`);
    patterns.push({ claim, pattern });
  }
  const problems = patterns.map((p) => pinProblem(p.claim, p.pattern));
  if (!problems.includes(undefined)) {
    // Explain the nearest miss: a loose pattern on an identifying claim, if there is one.
    const near = patterns.findIndex((p) =>
      IDENTIFYING_CLAIMS.includes(p.claim) || Object.hasOwn(NOT_PINS, p.claim)
    );
    const nearMiss = near >= 0 ? `${problems[near]}; ` : "";
    return fail(
      `it must pin at least one of ${IDENTIFYING_CLAIMS.join(", ")} to the workload (without ` +
        `it any workload of the issuer would be accepted): ${nearMiss}${GOOD_PINS}`,
    );
  }
  return { ok: true, patterns };
}

/** A claim as text: strings as they are, numbers and booleans written out, anything else none. */
export function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

/** Result of {@linkcode matchClaims}. */
export type ClaimMatch = { ok: true } | { ok: false; detail: string };

/** Checks every pattern against the token's claims; the first mismatch is reported. */
export function matchClaims(
  patterns: readonly ClaimPattern[],
  claims: Record<string, unknown>,
): ClaimMatch {
  for (const { claim, pattern } of patterns) {
    const value = Object.hasOwn(claims, claim) ? claimText(claims[claim]) : undefined;
    if (value === undefined) {
      return {
        ok: false,
        detail: `the token has no text claim ${quote(claim)} (the registration requires ` +
          `${quote(pattern)})`,
      };
    }
    if (!matchPattern(pattern, value)) {
      return {
        ok: false,
        detail: `claim ${quote(claim)} is ${quote(value, 120)}, which does not match ` +
          `${quote(pattern, 120)}`,
      };
    }
  }
  return { ok: true };
}
