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
 * Whether a stored value is "empty". Empty values are left out of the encoding so that a store
 * which drops empty strings or arrays (or returns `null`) gives the same bytes as one that keeps
 * them: absence and emptiness are one thing to an auditor.
 */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0);
}

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, empty values left out, numbers
 * and strings as `JSON.stringify` writes them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // A non-finite number has no JSON form; encode it as null like JSON.stringify does.
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (isEmpty(record[key])) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  }
  return `{${parts.join(",")}}`;
}

/** The signed attributes of `item` (a plain copy without the signature attributes). */
export function contentFields(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    if (!EXCLUDED.has(key)) out[key] = item[key];
  }
  return out;
}

/**
 * The text signed for a record: a domain-separation prefix, the datastore name (so a decision
 * cannot pass as an admin event) and the canonical JSON of the content.
 */
export function recordMessage(datastore: string, item: Record<string, unknown>): string {
  return `countersign-audit-record/v${RECORD_VERSION}\n${datastore}\n${
    canonicalJson(contentFields(item))
  }`;
}
