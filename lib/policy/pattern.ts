/**
 * Glob patterns for policy rules and service allow-lists: `*` matches any run of characters
 * (including none), `?` exactly one character, everything else itself (case-sensitive). There is
 * no escape syntax: the contract forbids `*` and `?` in the matched request fields.
 *
 * Matching is a linear backtracking scan, not a RegExp, so a hostile pattern or value cannot
 * cause catastrophic backtracking.
 *
 * @module
 */
import { findForbiddenCharacter, quote } from "../contract/text.ts";

/** Longest accepted pattern, in characters. */
export const MAX_PATTERN_LENGTH = 256;

/** Result of {@linkcode validatePattern}. */
export type PatternCheck = { ok: true } | { ok: false; error: string };

/**
 * Checks a pattern before it is saved: not empty, at most 256 characters, no control characters,
 * no surrounding whitespace (a pasted space would silently never match).
 */
export function validatePattern(pattern: string): PatternCheck {
  const fail = (why: string): PatternCheck => ({
    ok: false,
    error: `Cannot use pattern ${quote(pattern)}: ${why}`,
  });
  if (pattern === "") return fail("it is empty (use * to match anything)");
  if (Array.from(pattern).length > MAX_PATTERN_LENGTH) {
    return fail(`it is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  const bad = findForbiddenCharacter(pattern);
  if (bad) return fail(`it contains a ${bad.kind} (${bad.codePoint})`);
  if (pattern.trim() !== pattern) return fail("it starts or ends with whitespace");
  return { ok: true };
}

/** Whether `value` matches the glob `pattern` as a whole. */
export function matchPattern(pattern: string, value: string): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  let pi = 0;
  let vi = 0;
  let starPi = -1; // position after the last `*` seen
  let starVi = 0; // value position that `*` is currently extended to
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === "?" || (p[pi] !== "*" && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === "*") {
      starPi = ++pi;
      starVi = vi;
    } else if (starPi >= 0) {
      // Let the last `*` swallow one more character and retry from there.
      pi = starPi;
      vi = ++starVi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

/** Whether `value` matches at least one valid pattern of `patterns`. */
export function matchesAny(patterns: readonly unknown[] | undefined, value: string): boolean {
  return (patterns ?? []).some((pattern) =>
    typeof pattern === "string" && validatePattern(pattern).ok && matchPattern(pattern, value)
  );
}
