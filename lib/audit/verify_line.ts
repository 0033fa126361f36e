/**
 * The checks of one export line on its own: what it is (a record, the trailer, or not a JSON
 * object), which attributes were added outside the signed content, and whether its record
 * signature verifies. The file-wide checks (positions, chain order, counts, the seal) are the
 * verifier's ({@linkcode AuditVerifier} in `verify.ts`).
 *
 * @module
 */
import { RECORD_VERSIONS, recordMessage } from "./canonical.ts";
import { type SyncPublicKey, verifyText } from "./ed25519_sync.ts";
import { EXPORT_FIELDS } from "./export_format.ts";
import { notExportedForm, parseObject, quote } from "./line_form.ts";

/** What one line is. */
export type ParsedLine =
  /** Not a JSON object that verify can check; `id` when one can be read from the text. */
  | { kind: "invalid"; why: string; id?: string }
  | { kind: "trailer"; trailer: Record<string, unknown>; form?: string }
  | { kind: "record"; line: Record<string, unknown>; form?: string };

const ID_PATTERN = /"id"\s*:\s*"((?:[^"\\]|\\.){0,200})"/;

/**
 * Reads a non-blank line. `records`: every line is a record, never the trailer (after a first
 * line that is no header).
 */
export function readLine(text: string, records = false): ParsedLine {
  const parsed = parseObject(text);
  if (typeof parsed === "string") return { kind: "invalid", why: parsed, id: idIn(text) };
  const form = notExportedForm(text, parsed);
  if (!records && "countersign_audit_trailer" in parsed) {
    return { kind: "trailer", trailer: parsed, form };
  }
  return { kind: "record", line: parsed, form };
}

/** The `id` an unreadable line seems to have, to name it. */
function idIn(text: string): string | undefined {
  return ID_PATTERN.exec(text)?.[1];
}

/** The attribute names of the last record shape seen, and what {@linkcode addedAttributes} said. */
let lastNames: string[] = [];
let lastAdded: string[] = [];

/**
 * Problems with attribute names: attributes starting with `_` are not signed, so only the
 * export's own may appear. Every record of an export has the same names, so the answer for the
 * last shape seen is kept.
 */
export function addedAttributes(names: string[]): string[] {
  if (names.length === lastNames.length && names.every((name, i) => name === lastNames[i])) {
    return lastAdded;
  }
  lastNames = names;
  lastAdded = names.filter((name) => name.startsWith("_") && !EXPORT_FIELDS.includes(name))
    .map((name) => `attribute ${quote(name)} was added (not in any export)`);
  return lastAdded;
}

/** The result of {@linkcode checkSignature}. */
export interface SignatureCheck {
  /** true: valid; false: checked and not valid; undefined: not checked (see `problem`). */
  valid?: boolean;
  /** Why it could not be checked; absent for an unsigned pending decision (not signed yet). */
  problem?: string;
  /** The signed text in the record's own version, when built (the chain may reuse it). */
  message?: string;
  /** The record's version when it is one verify knows. */
  version?: number;
}

/**
 * Checks a record line's signature. An unsigned record is a problem, except a pending decision
 * (humans still deciding: not signed yet; its state is checked apart).
 *
 * @param names `Object.keys(line)`
 */
export function checkSignature(
  line: Record<string, unknown>,
  names: string[],
  datastore: string | undefined,
  keys: ReadonlyMap<string, SyncPublicKey>,
): SignatureCheck {
  const signature = line.record_signature;
  if (typeof signature !== "string" || signature === "") {
    if (line.status === "pending" && datastore === "decisions") return {};
    return { problem: "unsigned: no record_signature" };
  }
  if (datastore === undefined) {
    return { problem: "no datastore (_datastore), so the signature cannot be checked" };
  }
  const version = line.record_version;
  if (typeof version !== "number" || !RECORD_VERSIONS.includes(version)) {
    return { problem: `unsupported record_version ${quote(version)}` };
  }
  const keyId = String(line.record_key_id ?? "");
  const key = keys.get(keyId);
  if (!key) {
    return {
      problem: `signed by unknown key id ${quote(keyId)} (forged, or pass that key)`,
      version,
    };
  }
  const message = recordMessage(datastore, line, names, version);
  return { valid: verifyText(key, message, signature), message, version };
}
