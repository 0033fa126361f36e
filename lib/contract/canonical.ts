/**
 * The canonical string: exactly the bytes a caller signs. Version line first, then one
 * `name=value` line per signed field in {@linkcode SIGNED_FIELDS} order, every line ending in
 * `\n`, then `withdraw=<request_id>` only for a withdraw request and
 * `artifact_digest=<digest>` only when the caller names an artifact and `break_glass=<text>` only
 * for a break-glass request. Values are the field texts exactly as sent (absent optional fields are empty). Validation
 * rejects line breaks in values, so no value can forge another line: the string is unambiguous.
 *
 * @module
 */
import {
  ARTIFACT_DIGEST_FIELD,
  BREAK_GLASS_FIELD,
  SIGNED_FIELDS,
  type UnsignedRequest,
  WITHDRAW_FIELD,
} from "./fields.ts";

/** First line of the canonical string; a new format would get a new version. */
export const CANONICAL_VERSION = "countersign-v1";

/**
 * Builds the canonical string of a request (the `signature` field, if present, is ignored).
 *
 * @throws {Error} `Cannot build canonical string: …` when a value holds a line break, which a
 *   validated request never does.
 */
export function canonicalString(request: UnsignedRequest): string {
  let out = `${CANONICAL_VERSION}\n`;
  for (const field of SIGNED_FIELDS) {
    const value = request[field] ?? "";
    if (/[\r\n]/.test(value)) {
      throw new Error(`Cannot build canonical string: field "${field}" contains a line break`);
    }
    out += `${field}=${value}\n`;
  }
  // Appended only when present, so a string without it is the same as before the field existed.
  const withdraw = request[WITHDRAW_FIELD] ?? "";
  if (withdraw !== "") {
    if (/[\r\n]/.test(withdraw)) {
      throw new Error(`Cannot build canonical string: field "withdraw" contains a line break`);
    }
    out += `${WITHDRAW_FIELD}=${withdraw}\n`;
  }
  // Likewise appended only when present: strings of requests without an artifact are unchanged.
  const artifact = request[ARTIFACT_DIGEST_FIELD] ?? "";
  if (artifact !== "") {
    if (/[\r\n]/.test(artifact)) {
      throw new Error(
        `Cannot build canonical string: field "artifact_digest" contains a line break`,
      );
    }
    out += `${ARTIFACT_DIGEST_FIELD}=${artifact}\n`;
  }
  const breakGlass = request[BREAK_GLASS_FIELD] ?? "";
  if (breakGlass !== "") {
    if (/[\r\n]/.test(breakGlass)) {
      throw new Error(`Cannot build canonical string: field "break_glass" contains a line break`);
    }
    out += `${BREAK_GLASS_FIELD}=${breakGlass}\n`;
  }
  return out;
}
