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
 * Finds the first forbidden character: C0 controls (including tab and newline), DEL, C1 controls,
 * lone UTF-16 surrogates (invalid UTF-8 once encoded), bidirectional overrides/isolates (they
 * make text display differently from what was signed) and the Unicode line/paragraph separators.
 */
export function findForbiddenCharacter(value: string): ForbiddenCharacter | undefined {
  let position = 0;
  for (let i = 0; i < value.length; i++, position++) {
    const unit = value.charCodeAt(i);
    let kind: string | undefined;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: one code point
        continue;
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
    }
    if (kind) {
      const codePoint = `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
      return { position, codePoint, kind };
    }
  }
  return undefined;
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
