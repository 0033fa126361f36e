/**
 * Character-level checks shared by the contract and the policy parser. Caller strings end up in
 * Slack messages and audit exports, so anything that can forge a line, reorder text visually or
 * break UTF-8 round-trips is refused before it is stored or shown.
 *
 * @module
 */

/** The first character a caller string may not contain, and where it is. */
export interface ForbiddenCharacter {
  /** Index in code points (what a person counts), 0-based. */
  position: number;
  /** `U+XXXX` notation of the character. */
  codePoint: string;
  /** What kind of character it is, for the error message. */
  kind: string;
}

/**
 * Invisible and format characters: Unicode's format characters (general category Cf: zero-width
 * space, joiners, LRM/RLM/ALM, soft hyphen, word joiner, byte order mark, tag characters …) and
 * the other default-ignorable code points (Hangul fillers, variation selectors, the combining
 * grapheme joiner …). They render as nothing, so "ada" and "ada" + U+200B look alike and
 * compare different.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/**
 * The emoji and text presentation selectors (U+FE0E, U+FE0F): default-ignorable, but part of
 * how emoji are written (`✔️` is U+2714 U+FE0F). Free text may hold them; identities may not.
 */
const PRESENTATION_SELECTORS = new Set([0xfe0e, 0xfe0f]);

/** Options of {@linkcode findForbiddenCharacter}. */
export interface CharacterRules {
  /** Accept U+FE0E and U+FE0F (emoji presentation), for free text such as a `reason`. */
  presentationSelectors?: boolean;
}

/**
 * Finds the first forbidden character: C0 controls (including tab and newline), DEL, C1 controls,
 * lone UTF-16 surrogates (invalid UTF-8 once encoded), bidirectional overrides/isolates (they
 * make text display differently from what was signed), the Unicode line/paragraph separators,
 * and every invisible or format character (see {@linkcode INVISIBLE}; the emoji presentation
 * selectors only where `rules` allow them).
 */
export function findForbiddenCharacter(
  value: string,
  rules: CharacterRules = {},
): ForbiddenCharacter | undefined {
  let position = 0;
  for (let i = 0; i < value.length; i++, position++) {
    const unit = value.charCodeAt(i);
    let kind: string | undefined;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: one code point
        const point = String.fromCharCode(unit, next);
        if (!INVISIBLE.test(point)) continue;
        const codePoint = `U+${point.codePointAt(0)!.toString(16).toUpperCase()}`;
        return { position, codePoint, kind: "invisible or format character" };
      }
      kind = "lone surrogate (invalid UTF-8)";
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      kind = "lone surrogate (invalid UTF-8)";
    } else if (unit < 0x20 || unit === 0x7f) {
      kind = "control character";
    } else if (unit >= 0x80 && unit <= 0x9f) {
      kind = "C1 control character";
    } else if ((unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069)) {
      kind = "bidirectional control character";
    } else if (unit === 0x2028 || unit === 0x2029) {
      kind = "line separator";
    } else if (unit === 0xfffd) {
      // What decoders substitute for invalid UTF-8 bytes: the caller's bytes were not UTF-8.
      kind = "replacement character (invalid UTF-8)";
    } else if (
      unit >= 0xa0 && INVISIBLE.test(value[i]) &&
      !(rules.presentationSelectors && PRESENTATION_SELECTORS.has(unit))
    ) {
      kind = "invisible or format character";
    }
    if (kind) {
      const codePoint = `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
      return { position, codePoint, kind };
    }
  }
  return undefined;
}

/**
 * Whether free text shows nothing: only white space, emoji presentation selectors and blank
 * symbols (U+2800 BRAILLE PATTERN BLANK). Such a `reason` counts as missing.
 */
export function isBlankText(value: string): boolean {
  return value.replace(/[\s\uFE0E\uFE0F\u2800]/gu, "") === "";
}

/** Length in code points, which is what the contract's character limits count. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/** Length in bytes once encoded as UTF-8. */
export function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}

/**
 * Quotes a caller value for an error message: truncated to `max` code points (with `…`) and
 * JSON-escaped, so control characters and quotes in the value cannot change the message.
 */
export function quote(value: string, max = 40): string {
  const chars = Array.from(value);
  const shown = chars.length > max ? chars.slice(0, max).join("") + "…" : value;
  return JSON.stringify(shown);
}
