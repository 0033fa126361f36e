/**
 * The canonical encoding of an audit record: what the app's Ed25519 key signs when a decision
 * (or admin event) is written, and what `deno task cli verify` re-encodes to check it.
 *
 * The signed content is every attribute except the three signature attributes and the
 * operational marks ({@linkcode OPERATIONAL_FIELDS}): attributes that writers other than the one
 * that sealed the record change afterwards (the sweep's reminder and escalation marks, the
 * callback's delivery result, the click-time note). Leaving them out of the seal means no
 * writer ever has to re-seal a record, so the app's key signs each record exactly once, when
 * `record_decision` (or an admin function) writes it. Pending records (humans still deciding)
 * are not signed: they are replaced by the final, signed record.
 *
 * @module
 */

/**
 * Version of the encoding, stored as `record_version`. Version 1 signed every attribute,
 * operational marks included; version 2 leaves them out.
 */
export const RECORD_VERSION = 2;

/** The versions `verify` checks: records written before version 2 still verify. */
export const RECORD_VERSIONS: readonly number[] = [1, 2];

/**
 * Attributes changed after a record is sealed, by a writer that does not hold the record's
 * content: never part of what is signed (from record version 2 on). Each is about delivery or
 * follow-up, never about the decision itself (`status`, `outcome`, `decided_by` … are sealed):
 *
 * - `reminded_at`, `escalated_at`, `escalated_to`: `sweep_pending` marks a pending record it
 *   reminded or escalated; the mark may land just after the final record is written;
 * - `callback_status`, `callback_attempts`, `callback_detail`: `notify_caller` records how the
 *   callback went, after the final record is written;
 * - `noted_at`: the approval click notes when it decided, on the pending record, and the note
 *   may land just after the final record is written;
 * - `review_*` (except `review_due_at`, which is sealed): the break-glass follow-up's notice,
 *   reminder, escalation and acknowledgment, written after the decision; the acknowledgment is
 *   also an admin event, which is sealed on its own.
 */
export const OPERATIONAL_FIELDS: readonly string[] = [
  "reminded_at",
  "escalated_at",
  "escalated_to",
  "callback_status",
  "callback_attempts",
  "callback_detail",
  "noted_at",
  "review_notice_channel",
  "review_notice_ts",
  "review_reminded_at",
  "review_escalated_at",
  "review_acknowledged_at",
  "review_acknowledged_by",
  "review_note",
];

const OPERATIONAL = new Set(OPERATIONAL_FIELDS);

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

/**
 * Whether `key` is signed in record `version`: not a signature attribute, not an export
 * attribute (`_…`), and (from version 2) not an operational mark.
 */
function isSigned(key: string, version: number): boolean {
  return !EXCLUDED.has(key) && !key.startsWith("_") && (version < 2 || !OPERATIONAL.has(key));
}

/**
 * The signed attributes of `item`: a plain copy without the signature attributes, the
 * operational marks and the attributes an export adds (names starting with `_`; no datastore
 * attribute has one).
 */
export function contentFields(
  item: Record<string, unknown>,
  version: number = RECORD_VERSION,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    if (isSigned(key, version)) out[key] = item[key];
  }
  return out;
}

/** The operational marks `item` holds (see {@linkcode OPERATIONAL_FIELDS}). */
export function operationalFields(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of OPERATIONAL_FIELDS) {
    if (Object.hasOwn(item, key)) out[key] = item[key];
  }
  return out;
}

/** The signed attribute names of the last item shape seen, sorted (see `signedKeysOf`). */
let lastKeys: string[] = [];
let lastVersion = 0;
let lastSigned: string[] | undefined = [];

/**
 * The names of `keys` that are signed, sorted; undefined when one is integer-like (the slow
 * form then orders them). Every record of an export has the same attributes in the same order,
 * so the sorted list is kept for the last shape seen: one comparison per key instead of a sort
 * and a pattern test per key and record.
 */
function signedKeysOf(keys: string[], version: number): string[] | undefined {
  if (keys.length === lastKeys.length && version === lastVersion) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = keys[i] === lastKeys[i];
    if (same) return lastSigned;
  }
  const signed = keys.filter((key) => isSigned(key, version)).sort();
  lastKeys = keys;
  lastVersion = version;
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
 * @param version the record version to encode (a stored record's `record_version`)
 * @throws RangeError when `item` is nested deeper than {@linkcode MAX_NESTING}
 */
export function recordMessage(
  datastore: string,
  item: Record<string, unknown>,
  names: string[] = Object.keys(item),
  version: number = RECORD_VERSION,
): string {
  const keys = signedKeysOf(names, version);
  let json: string | undefined;
  if (keys !== undefined) {
    const content: Record<string, unknown> = {};
    for (let i = 0; i < keys.length && json === undefined; i++) {
      const value = item[keys[i]];
      if (isEmpty(value)) continue;
      if (typeof value !== "object") content[keys[i]] = value;
      else if (hasIntegerKey(value, 2)) json = explicitJson(contentFields(item, version), 1);
      else content[keys[i]] = normalize(value, 2);
    }
    json ??= JSON.stringify(content);
  } else json = explicitJson(contentFields(item, version), 1);
  return `countersign-audit-record/v${version}\n${datastore}\n${json}`;
}
