/**
 * Field validation: the first check every request goes through, before any lookup.
 *
 * @module
 */
import {
  BREAK_GLASS_FIELD,
  BREAK_GLASS_SPEC,
  type ContractRequest,
  FIELD_SPECS,
  type FieldSpec,
  KEYLESS_OPTIONAL_FIELDS,
  OIDC_TOKEN_FIELD,
  OIDC_TOKEN_SPEC,
  REQUEST_FIELDS,
  type RequestField,
  WITHDRAW_FIELD,
  WITHDRAW_SPEC,
} from "./fields.ts";
import { ARTIFACT_DIGEST_FIELD, ARTIFACT_DIGEST_SPEC } from "./fields.ts";

/** The optional fields outside {@linkcode REQUEST_FIELDS}. */
type ExtraField =
  | typeof OIDC_TOKEN_FIELD
  | typeof WITHDRAW_FIELD
  | typeof ARTIFACT_DIGEST_FIELD
  | typeof BREAK_GLASS_FIELD;
import { ReasonCode } from "./reason_codes.ts";
import { codePointLength, findForbiddenCharacter, isBlankText, quote, utf8Length } from "./text.ts";

/** The validation codes {@linkcode validateRequest} can return. */
export type ValidationCode =
  | typeof ReasonCode.missing_field
  | typeof ReasonCode.field_too_long
  | typeof ReasonCode.malformed_field;

/** Result of {@linkcode validateRequest}. */
export type ValidationResult =
  | { ok: true; request: ContractRequest }
  | {
    ok: false;
    code: ValidationCode;
    field: RequestField | ExtraField;
    detail: string;
  };

/**
 * Checks every field of a raw request (the flat JSON body, or the workflow inputs) in canonical
 * order and reports the first problem. Fields outside the contract are ignored. Details quote the
 * offending value, truncated and escaped, except for the signature, which is never echoed.
 */
export function validateRequest(raw: Record<string, unknown>): ValidationResult {
  const request = {} as ContractRequest;
  const present = (field: string) => {
    const value = Object.hasOwn(raw, field) ? raw[field] : undefined;
    return value !== undefined && value !== null && value !== "";
  };
  // An OIDC token without a signature replaces the Ed25519 proof (docs/oidc.md).
  const keyless = present(OIDC_TOKEN_FIELD) && !present("signature");
  for (const field of REQUEST_FIELDS) {
    const spec = keyless && KEYLESS_OPTIONAL_FIELDS.includes(field)
      ? { ...FIELD_SPECS[field], required: false }
      : FIELD_SPECS[field];
    const checked = checkField(raw, field, spec);
    if (!checked.ok) return checked;
    request[field] = checked.text;
  }
  const token = checkField(raw, OIDC_TOKEN_FIELD, OIDC_TOKEN_SPEC);
  if (!token.ok) return token;
  if (token.text !== "") request.oidc_token = token.text;
  const withdraw = checkField(raw, WITHDRAW_FIELD, WITHDRAW_SPEC);
  if (!withdraw.ok) return withdraw;
  if (withdraw.text !== "") request.withdraw = withdraw.text;
  const artifact = checkField(raw, ARTIFACT_DIGEST_FIELD, ARTIFACT_DIGEST_SPEC);
  if (!artifact.ok) return artifact;
  if (artifact.text !== "") request.artifact_digest = artifact.text;
  const breakGlass = checkField(raw, BREAK_GLASS_FIELD, BREAK_GLASS_SPEC);
  if (!breakGlass.ok) return breakGlass;
  if (breakGlass.text !== "") {
    // A blank justification is no justification: only visible text breaks glass.
    if (isBlankText(breakGlass.text)) {
      return fail("malformed_field", BREAK_GLASS_FIELD, "must say why, in visible text");
    }
    if (request.withdraw) {
      return fail("malformed_field", BREAK_GLASS_FIELD, "a withdraw request cannot break glass");
    }
    request.break_glass = breakGlass.text;
  }
  return { ok: true, request };
}

/** Checks one field against its spec; the text is `""` for an absent optional value. */
function checkField(
  raw: Record<string, unknown>,
  field: RequestField | ExtraField,
  spec: FieldSpec,
): { ok: true; text: string } | Extract<ValidationResult, { ok: false }> {
  const value = Object.hasOwn(raw, field) ? raw[field] : undefined;
  if (value !== undefined && value !== null && typeof value !== "string") {
    const got = Array.isArray(value) ? "array" : typeof value;
    return fail("malformed_field", field, `must be a JSON string, got ${got}`);
  }
  const text = value ?? "";
  const rules = { presentationSelectors: spec.presentationSelectors };
  // Free text that shows nothing (spaces, a blank symbol) counts as missing.
  const blank = spec.freeText ? isBlankText(text) : text === "";
  if (blank) {
    if (spec.required) return fail("missing_field", field, "is required");
    // A blank optional value is treated as absent, but the exact text is what was signed.
    const bad = text === "" ? undefined : findForbiddenCharacter(text, rules);
    if (bad) return fail("malformed_field", field, `contains a ${bad.kind} (${bad.codePoint})`);
    return { ok: true, text };
  }
  const length = spec.unit === "bytes" ? utf8Length(text) : codePointLength(text);
  if (length > spec.maxLength) {
    const unit = spec.unit === "bytes" ? "bytes" : "characters";
    return fail(
      "field_too_long",
      field,
      `is ${length} ${unit} long; the limit is ${spec.maxLength}`,
    );
  }
  const bad = findForbiddenCharacter(text, rules);
  if (bad) {
    return fail(
      "malformed_field",
      field,
      `contains a ${bad.kind} (${bad.codePoint}) at position ${bad.position + 1}`,
    );
  }
  const problem = spec.check?.(text);
  if (problem) {
    const shown = spec.echo ? ` ${quote(text)}` : "";
    return fail("malformed_field", field, `value${shown} ${problem}`);
  }
  return { ok: true, text };
}

function fail(
  code: ValidationCode,
  field: RequestField | ExtraField,
  detail: string,
): Extract<ValidationResult, { ok: false }> {
  return { ok: false, code, field, detail: `Cannot accept field "${field}": ${detail}` };
}
