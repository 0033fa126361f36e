/**
 * Conditions: `key=value` pairs joined by `&` (`ci_status=passed&tests=green`). Keys and values
 * may be percent-encoded (`%26` for `&`, `%3D` for `=`); `+` is a literal plus, not a space, so
 * the text means the same thing everywhere it is read.
 *
 * @module
 */
import { findForbiddenCharacter, quote } from "./text.ts";

/** Longest decoded key, in characters. */
export const MAX_CONDITION_KEY_LENGTH = 64;
/** Longest decoded value, in characters. */
export const MAX_CONDITION_VALUE_LENGTH = 256;

const KEY_CHARS = /^[A-Za-z0-9._-]+$/;

/** Parsed conditions, in the order given. */
export type Conditions = ReadonlyMap<string, string>;

/** Result of {@linkcode parseConditions}. */
export type ParseConditionsResult =
  | { ok: true; conditions: Conditions }
  | { ok: false; error: string };

/**
 * Parses a conditions string. The empty string means "no conditions".
 *
 * Refused with a specific error: an empty pair (`a=1&&b=2`), a pair without `=`, an unencoded
 * `=` in a value, bad percent-encoding, a key outside `[A-Za-z0-9._-]` or longer than 64, a value
 * longer than 256 or holding a control character once decoded, and a repeated key.
 */
export function parseConditions(text: string): ParseConditionsResult {
  const conditions = new Map<string, string>();
  if (text === "") return { ok: true, conditions };
  const pairs = text.split("&");
  for (const [index, pair] of pairs.entries()) {
    const where = `pair ${index + 1} (${quote(pair, 30)})`;
    if (pair === "") return fail(`pair ${index + 1} is empty (stray "&")`);
    const eq = pair.indexOf("=");
    if (eq < 0) return fail(`${where} has no "="`);
    if (pair.indexOf("=", eq + 1) >= 0) {
      return fail(`${where} has a second "="; encode it as %3D`);
    }
    const key = decode(pair.slice(0, eq));
    const value = decode(pair.slice(eq + 1));
    if (key === undefined || value === undefined) {
      return fail(`${where} has invalid percent-encoding`);
    }
    if (key === "") return fail(`${where} has an empty key`);
    if (!KEY_CHARS.test(key)) {
      return fail(`${where} key may only contain letters, digits and . _ -`);
    }
    if (key.length > MAX_CONDITION_KEY_LENGTH) {
      return fail(`${where} key is longer than ${MAX_CONDITION_KEY_LENGTH} characters`);
    }
    const bad = findForbiddenCharacter(value);
    if (bad) return fail(`${where} value contains a ${bad.kind} (${bad.codePoint})`);
    if (Array.from(value).length > MAX_CONDITION_VALUE_LENGTH) {
      return fail(`${where} value is longer than ${MAX_CONDITION_VALUE_LENGTH} characters`);
    }
    if (conditions.has(key)) return fail(`key ${quote(key)} appears twice`);
    conditions.set(key, value);
  }
  return { ok: true, conditions };
}

/** Formats conditions back to text, percent-encoding what needs it. */
export function formatConditions(conditions: Conditions): string {
  return Array.from(conditions, ([key, value]) => `${encode(key)}=${encode(value)}`).join("&");
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function encode(text: string): string {
  return encodeURIComponent(text);
}

function fail(reason: string): ParseConditionsResult {
  return { ok: false, error: `Cannot parse conditions: ${reason}` };
}
