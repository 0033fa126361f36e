/**
 * The fields of the request contract and their limits. The order of {@linkcode REQUEST_FIELDS}
 * is the order of the canonical string and of validation (the first failing field is reported).
 *
 * @module
 */
import { decodeBase64 } from "../keys/base64.ts";
import { ED25519_SIGNATURE_BYTES } from "../keys/ed25519.ts";
import { parseConditions } from "./conditions.ts";

/** Every field a caller sends, in canonical order; `signature` is last and not signed. */
export const REQUEST_FIELDS = [
  "service_id",
  "key_id",
  "request_id",
  "timestamp",
  "action",
  "resource",
  "environment",
  "reason",
  "triggered_by",
  "source_system",
  "source_url",
  "conditions",
  "signature",
] as const;

/** A field name of the contract. */
export type RequestField = typeof REQUEST_FIELDS[number];

/** The fields covered by the signature: all but `signature`. */
export const SIGNED_FIELDS: readonly Exclude<RequestField, "signature">[] = REQUEST_FIELDS
  .filter((field): field is Exclude<RequestField, "signature"> => field !== "signature");

/**
 * The optional OIDC workload token (a compact JWS from GitHub Actions, GitLab CI …). Like
 * `signature` it is a credential, not signed content: it is outside {@linkcode REQUEST_FIELDS}
 * and the canonical string, so `countersign-v1` is unchanged. With a token, `key_id` and
 * `signature` become optional (see `docs/oidc.md`).
 */
export const OIDC_TOKEN_FIELD = "oidc_token";

/**
 * Fields that become optional when the request carries an {@linkcode OIDC_TOKEN_FIELD} and no
 * signature: the token replaces the Ed25519 proof.
 */
export const KEYLESS_OPTIONAL_FIELDS: readonly RequestField[] = ["key_id", "signature"];

/**
 * A validated request: every field is a string; an absent optional field is `""`. `oidc_token`
 * is only present when the caller sent a non-empty one.
 */
export type ContractRequest = Record<RequestField, string> & {
  oidc_token?: string;
  withdraw?: string;
  artifact_digest?: string;
  break_glass?: string;
};

/** The signed part of a request (what the caller fills in before signing). */
export type UnsignedRequest = Omit<Record<RequestField, string>, "signature"> & {
  withdraw?: string;
  artifact_digest?: string;
  break_glass?: string;
};

/**
 * The optional `withdraw` field: the `request_id` of the caller's own pending request to
 * withdraw (docs/request_contract.md "Withdrawing a request"). Signed, but only when present: it
 * is appended to the canonical string after `conditions`, so every `countersign-v1` string
 * without it is unchanged.
 */
export const WITHDRAW_FIELD = "withdraw";

/**
 * The optional `break_glass` field: the caller's justification for an emergency approval
 * (docs/trust_model.md "Break-glass"). Only a bot registered for it may send it. Signed when
 * present, appended after `withdraw`'s place, so every string without it is unchanged.
 */
export const BREAK_GLASS_FIELD = "break_glass";

/** Limits of one field. */
export interface FieldSpec {
  /** A required field that is absent or empty (blank for free text) is `missing_field`. */
  required: boolean;
  /** Longest accepted value, counted in `unit`; longer is `field_too_long`. */
  maxLength: number;
  /** `chars` counts Unicode code points; `bytes` counts UTF-8 bytes. */
  unit: "chars" | "bytes";
  /** Human description of the allowed characters/format, used in docs and errors. */
  format: string;
  /** Returns why a (non-empty, control-free, short enough) value is malformed, if it is. */
  check?: (value: string) => string | undefined;
  /** Whether the value may be quoted back in error details (never for the signature). */
  echo: boolean;
  /** Free text: a value that shows nothing (only spaces, a blank symbol) counts as missing. */
  freeText?: boolean;
  /** Accept the emoji presentation selectors U+FE0E/U+FE0F (free text, never identities). */
  presentationSelectors?: boolean;
}

const ID_CHARS = /^[A-Za-z0-9._:-]+$/;
const ACTION_CHARS = /^[A-Za-z0-9._:/-]+$/;
const RESOURCE_CHARS = /^[A-Za-z0-9._:/#@+=,~%-]+$/;
const SIGNATURE_TEXT = /^[A-Za-z0-9+/]{86}==$/;
/** A compact JWS: three base64url parts (the third may be empty only to be refused later). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function chars(pattern: RegExp, description: string): (value: string) => string | undefined {
  return (value) => pattern.test(value) ? undefined : `may only contain ${description}`;
}

const ID_FORMAT = "letters, digits and . _ : -";

function id(maxLength: number, required = true): FieldSpec {
  return {
    required,
    maxLength,
    unit: "chars",
    format: ID_FORMAT,
    check: chars(ID_CHARS, ID_FORMAT),
    echo: true,
  };
}

/**
 * Free text: any printable text. `emoji`: also the emoji presentation selectors (a `reason`;
 * never an identity such as `triggered_by`, which self-approval checks compare).
 */
function text(maxLength: number, required: boolean, emoji = false): FieldSpec {
  return {
    required,
    maxLength,
    unit: "chars",
    format: emoji
      ? "any text without control, invisible or format characters (U+FE0E/U+FE0F allowed)"
      : "any text without control, invisible or format characters",
    echo: true,
    freeText: true,
    ...(emoji ? { presentationSelectors: true } : {}),
  };
}

/**
 * Checks a source URL: absolute https (http only for localhost), written out in full
 * (`https://host/…`: URL parsers repair `https:/host` and `https:\\host`, other readers do
 * not), no backslash anywhere, no embedded credentials.
 */
export function checkSourceUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not an absolute URL";
  }
  if (/\s/.test(value)) return "must not contain spaces";
  if (value.includes("\\")) return "must not contain a backslash";
  if (url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname)) {
    return "must use https (http is only accepted for localhost)";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https";
  if (!/^https?:\/\/[^/?#]/i.test(value)) {
    return "must start with https:// and a host (as in https://ci.example.com/run/1)";
  }
  if (url.username || url.password) return "must not contain a user name or password";
  return undefined;
}

/** The contract's limits, per field. */
export const FIELD_SPECS: Readonly<Record<RequestField, FieldSpec>> = {
  service_id: id(64),
  key_id: id(64),
  request_id: id(128),
  timestamp: {
    required: true,
    maxLength: 12,
    unit: "chars",
    format: "Unix seconds as decimal digits",
    check: (value) => /^[0-9]+$/.test(value) ? undefined : "must be Unix seconds (digits only)",
    echo: true,
  },
  action: {
    required: true,
    maxLength: 64,
    unit: "chars",
    format: "letters, digits and . _ : / -",
    check: chars(ACTION_CHARS, "letters, digits and . _ : / -"),
    echo: true,
  },
  resource: {
    required: true,
    maxLength: 256,
    unit: "chars",
    format: "letters, digits and . _ : / # @ + = , ~ % -",
    check: chars(RESOURCE_CHARS, "letters, digits and . _ : / # @ + = , ~ % -"),
    echo: true,
  },
  environment: id(64),
  reason: text(1000, true, true),
  triggered_by: text(128, false),
  source_system: id(64, false),
  source_url: {
    required: false,
    maxLength: 2048,
    unit: "bytes",
    format: "https://host/… URL (http only for localhost), no backslash, no credentials",
    check: checkSourceUrl,
    echo: true,
  },
  conditions: {
    required: false,
    maxLength: 1024,
    unit: "chars",
    format: "key=value pairs joined by &, percent-encoding allowed",
    check: (value) => {
      const parsed = parseConditions(value);
      return parsed.ok ? undefined : parsed.error.replace(/^Cannot parse conditions: /, "");
    },
    echo: true,
  },
  signature: {
    required: true,
    maxLength: 88,
    unit: "chars",
    format: "canonical standard base64 (with padding, unused bits zero) of a 64-byte Ed25519 " +
      "signature",
    check: (value) => {
      const bytes = SIGNATURE_TEXT.test(value) ? decodeBase64(value) : undefined;
      return bytes?.length === ED25519_SIGNATURE_BYTES
        ? undefined
        : "must be canonical standard base64 (88 characters with padding, the unused bits " +
          "of the last character zero) of a 64-byte Ed25519 signature";
    },
    echo: false,
  },
};

/**
 * The optional `artifact_digest` field: the digest of what the request is about (a container
 * image, a build artifact), which an approval attestation names as a subject
 * (docs/attestations.md). Signed, but only when present: appended to the canonical string after
 * `withdraw`, so every `countersign-v1` string without it is unchanged.
 */
export const ARTIFACT_DIGEST_FIELD = "artifact_digest";

/** An artifact digest: `sha256:` and 64 lower-case hex digits, or `sha512:` and 128. */
export const ARTIFACT_DIGEST = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

/** Limits of {@linkcode ARTIFACT_DIGEST_FIELD}. */
export const ARTIFACT_DIGEST_SPEC: FieldSpec = {
  required: false,
  maxLength: 135,
  unit: "chars",
  format: "sha256:<64 lower-case hex digits> or sha512:<128 lower-case hex digits>",
  check: (value) =>
    ARTIFACT_DIGEST.test(value)
      ? undefined
      : "must be sha256:<64 lower-case hex digits> or sha512:<128 lower-case hex digits> " +
        "(e.g. a container image digest)",
  echo: true,
};
/** Limits of {@linkcode BREAK_GLASS_FIELD}: free text like `reason`. */
export const BREAK_GLASS_SPEC: FieldSpec = text(1000, false, true);

/** Limits of {@linkcode WITHDRAW_FIELD}: a request_id. */
export const WITHDRAW_SPEC: FieldSpec = id(128, false);

/** Limits of {@linkcode OIDC_TOKEN_FIELD}; never echoed back (it is a bearer credential). */
export const OIDC_TOKEN_SPEC: FieldSpec = {
  required: false,
  maxLength: 8192,
  unit: "chars",
  format: "compact JWS: three base64url parts joined by dots",
  check: (value) =>
    COMPACT_JWS.test(value) ? undefined : "must be a compact JWS (header.payload.signature)",
  echo: false,
};
