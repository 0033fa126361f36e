/**
 * The canonical encoding of an audit record: what the app's Ed25519 key signs when a decision
 * (or admin event) is written, and what `deno task cli verify` re-encodes to check it.
 *
 * The signed content is every attribute except the three signature attributes. Every writer of
 * a final record re-signs what it writes: `record_decision` the whole record, `notify_caller`
 * the record with its delivery result. Pending records (humans still deciding) are not signed:
 * they change several times and are replaced by the final, signed record.
 *
 * @module
 */

/** Version of the encoding, stored as `record_version`. */
export const RECORD_VERSION = 1;

/** Attributes holding the signature; never part of what is signed. */
export const SIGNATURE_FIELDS: readonly string[] = [
  "record_signature",
  "record_key_id",
  "record_version",
];

const EXCLUDED = new Set(SIGNATURE_FIELDS);

/**
 * The deepest nesting of arrays and objects a record may have, the record itself being level 1.
 * The app's records are flat (strings, numbers and arrays of strings: level 2), so nothing it
 * writes comes near; the limit keeps the recursive encoding below far from the end of the stack,
 * and `verify` reports a line nested deeper by its number instead of encoding it.
 */
export const MAX_NESTING = 32;

/** Refuses a value nested deeper than {@linkcode MAX_NESTING}. */
function checkLevel(level: number): void {
  if (level > MAX_NESTING) {
    throw new RangeError(
      `Cannot encode an audit record: nested more than ${MAX_NESTING} levels deep`,
    );
  }
}

/**
 * Whether a stored value is "empty". Empty values are left out of the encoding so that a store
 * which drops empty strings or arrays (or returns `null`) gives the same bytes as one that keeps
 * them: absence and emptiness are one thing to an auditor.
 */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0);
}

/** Keys that JavaScript objects order numerically, before all others. */
const INTEGER_KEY = /^(0|[1-9]\d*)$/;

/**
 * `value` with object keys in sorted order and empty values left out, so that one native
 * `JSON.stringify` writes the canonical form (objects keep string keys in insertion order).
 * `level`: how deep `value` sits (the record is level 1).
 */
function normalize(value: unknown, level: number): unknown {
  if (value === null || typeof value !== "object") return value;
  checkLevel(level);
  if (Array.isArray(value)) return value.map((inner) => normalize(inner, level + 1));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (!isEmpty(record[key])) out[key] = normalize(record[key], level + 1);
  }
  return out;
}

/** Whether any object inside `value` (at `level`) has a key JavaScript would reorder. */
function hasIntegerKey(value: unknown, level: number): boolean {
  if (value === null || typeof value !== "object") return false;
  checkLevel(level);
  if (Array.isArray(value)) return value.some((inner) => hasIntegerKey(inner, level + 1));
  for (const [key, inner] of Object.entries(value)) {
    if (INTEGER_KEY.test(key) || hasIntegerKey(inner, level + 1)) return true;
  }
  return false;
}

/** The slow, explicit form, for the rare object with integer-like keys. */
function explicitJson(value: unknown, level: number): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  checkLevel(level);
  if (Array.isArray(value)) return `[${value.map((v) => explicitJson(v, level + 1)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (isEmpty(record[key])) continue;
    parts.push(`${JSON.stringify(key)}:${explicitJson(record[key], level + 1)}`);
  }
  return `{${parts.join(",")}}`;
}

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, empty values left out, numbers
 * and strings as `JSON.stringify` writes them (a non-finite number as `null`).
 *
 * @throws RangeError when `value` is nested deeper than {@linkcode MAX_NESTING}
 */
export function canonicalJson(value: unknown): string {
  if (hasIntegerKey(value, 1)) return explicitJson(value, 1);
  return JSON.stringify(normalize(value, 1)) ?? "null";
}

/** Whether `key` is signed: not a signature attribute, not an export attribute (`_…`). */
function isSigned(key: string): boolean {
  return !EXCLUDED.has(key) && !key.startsWith("_");
}

/**
 * The signed attributes of `item`: a plain copy without the signature attributes and without
 * the attributes an export adds (names starting with `_`; no datastore attribute has one).
 */
export function contentFields(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    if (isSigned(key)) out[key] = item[key];
  }
  return out;
}

/** The signed attribute names of the last item shape seen, sorted (see `signedKeysOf`). */
let lastKeys: string[] = [];
let lastSigned: string[] | undefined = [];

/**
 * The names of `keys` that are signed, sorted; undefined when one is integer-like (the slow
 * form then orders them). Every record of an export has the same attributes in the same order,
 * so the sorted list is kept for the last shape seen: one comparison per key instead of a sort
 * and a pattern test per key and record.
 */
function signedKeysOf(keys: string[]): string[] | undefined {
  if (keys.length === lastKeys.length) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = keys[i] === lastKeys[i];
    if (same) return lastSigned;
  }
  const signed = keys.filter(isSigned).sort();
  lastKeys = keys;
  lastSigned = signed.some((key) => INTEGER_KEY.test(key)) ? undefined : signed;
  return lastSigned;
}

/**
 * The text signed for a record: a domain-separation prefix, the datastore name (so a decision
 * cannot pass as an admin event) and the canonical JSON of the content. Built in one pass over
 * the sorted keys, since `verify` builds it for every line of a large file; only objects nested
 * in a value are normalized (values are mostly strings and numbers).
 *
 * @param names `Object.keys(item)`, when the caller has it already
 * @throws RangeError when `item` is nested deeper than {@linkcode MAX_NESTING}
 */
export function recordMessage(
  datastore: string,
  item: Record<string, unknown>,
  names: string[] = Object.keys(item),
): string {
  const keys = signedKeysOf(names);
  let json: string | undefined;
  if (keys !== undefined) {
    const content: Record<string, unknown> = {};
    for (let i = 0; i < keys.length && json === undefined; i++) {
      const value = item[keys[i]];
      if (isEmpty(value)) continue;
      if (typeof value !== "object") content[keys[i]] = value;
      else if (hasIntegerKey(value, 2)) json = explicitJson(contentFields(item), 1);
      else content[keys[i]] = normalize(value, 2);
    }
    json ??= JSON.stringify(content);
  } else json = explicitJson(contentFields(item), 1);
  return `countersign-audit-record/v${RECORD_VERSION}\n${datastore}\n${json}`;
}
