/**
 * Whether a line of an export is still in the form the exporter wrote it. The signatures, the
 * chain and the seal cover what `JSON.parse` makes of a line, not its bytes, and `JSON.parse`
 * keeps the last of two equal keys: an `"outcome":"approved"` put before the signed
 * `"outcome":"denied"` passes every one of them, while a reader that keeps the first value sees
 * the forged one. The exporter writes every line as `JSON.stringify` of an object (see
 * `ExportWriter`), so a line it wrote is exactly `JSON.stringify(JSON.parse(line))`; any other
 * line (a key twice, other spacing, escapes or number forms) was re-written. Keys merely put in
 * another order are the one re-write this cannot see (`JSON.parse` keeps their order), and the
 * one that changes no value any reader sees.
 *
 * Also reading a line as a JSON object, with the nesting check that keeps a hostile line away
 * from the recursive canonical encoding.
 *
 * @module
 */
import { MAX_NESTING } from "./canonical.ts";

/** Longest offending value quoted in a finding: the line itself can be megabytes. */
const QUOTE_CHARS = 80;

/** `value` as JSON, cut to {@linkcode QUOTE_CHARS} characters, for a finding. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}

/** Characters of JSON's structure, as `charCodeAt` gives them. */
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether valid JSON `text` nests arrays and objects deeper than `limit` levels. Most lines
 * hold fewer brackets than the limit (anywhere, strings included), which proves the answer
 * with a few native `indexOf` scans; only other lines are scanned character by character.
 */
export function nestedDeeper(text: string, limit: number = MAX_NESTING): boolean {
  let brackets = 0;
  for (const open of ["{", "["]) {
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) {
      if (++brackets > limit) return maxDepth(text, limit) > limit;
    }
  }
  return false;
}

/** Where the string starting at `start` ends (its closing quote; an escaped one is not). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
    if (text.charCodeAt(i) === BACKSLASH) i++;
  }
  return i;
}

/** The nesting depth of valid JSON `text`, counted until it passes `limit`. */
function maxDepth(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return depth;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return 0;
}

/**
 * A JSON object, or why the text is not one that verify can check: one nested deeper than
 * {@linkcode MAX_NESTING} is refused here, before anything encodes it.
 */
export function parseObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "not a JSON object";
  }
  if (nestedDeeper(text)) {
    return `nested too deep (more than ${MAX_NESTING} levels of arrays and objects)`;
  }
  return value as Record<string, unknown>;
}

/**
 * Why a parsed line is not in the exported form, or undefined when it is. `text` is the line
 * as verify reads it (without its `\r\n` or the file's byte order mark, as today), `parsed` is
 * `JSON.parse(text)`, no deeper than {@linkcode MAX_NESTING}.
 */
export function notExportedForm(text: string, parsed: unknown): string | undefined {
  const exported = JSON.stringify(parsed);
  if (exported === text) return undefined;
  // The rare case: say what differs, for the auditor.
  const duplicate = duplicateKey(text);
  if (duplicate !== undefined) {
    return `not in the exported form: key ${quote(duplicate)} appears twice in one object ` +
      "(verify checked the last value; a reader may take the first)";
  }
  let at = 0;
  while (at < text.length && text.charCodeAt(at) === exported.charCodeAt(at)) at++;
  return "not in the exported form: re-formatted (first difference at column " +
    `${at + 1}: ${quote(text.slice(at, at + 20))} where the export has ` +
    `${quote(exported.slice(at, at + 20))})`;
}

/** One object or array being scanned by {@linkcode duplicateKey}. */
interface Open {
  /** The keys so far (undefined: an array). */
  keys?: Set<string>;
  /** Whether the next string is a key. */
  expectKey: boolean;
}

/** The first key that appears twice in one object of valid JSON `text`, as parsed. */
export function duplicateKey(text: string): string | undefined {
  const stack: Open[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack.at(-1);
    if (c === QUOTE) {
      const start = i;
      i = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        // Parsed, so that `"outcom\u0065"` is the `"outcome"` it means.
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
    } else if (c === OPEN_OBJECT) stack.push({ keys: new Set(), expectKey: true });
    else if (c === OPEN_ARRAY) stack.push({ expectKey: false });
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) stack.pop();
    else if (c === 0x2c && top?.keys) top.expectKey = true; // `,`: a key comes next
  }
  return undefined;
}
