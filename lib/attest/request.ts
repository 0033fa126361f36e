/**
 * The request digest of a decision whose record does not carry `request_digest` (records written
 * before it was recorded): computed from the signed request the caller sent, once that request is
 * shown to be the one decided.
 *
 * The record stores every signed field except `timestamp`, so each of them must equal the
 * request's; the timestamp must lie in the window the verify step accepted around the record's
 * `requested_at`. Since a decision's id is `<service_id>|<request_id>` and a request id is used
 * once, that leaves no other request the digest could stand for.
 *
 * @module
 */
import {
  canonicalString,
  checkTimestamp,
  quote,
  SIGNED_FIELDS,
  type UnsignedRequest,
} from "../contract/mod.ts";
import { requestDigest } from "../oidc/binding.ts";
import { requestDigestHex } from "./digest.ts";
import { ARTIFACT_DIGEST_FIELD, WITHDRAW_FIELD } from "../contract/fields.ts";

/** Signed fields a request carries only when it uses them. */
const OPTIONAL_SIGNED = [WITHDRAW_FIELD, ARTIFACT_DIGEST_FIELD] as const;

/**
 * The signed fields of a request body (`signature` and `oidc_token` left out; absent optional
 * fields are empty).
 *
 * @throws {Error} `the request is not a JSON object` / `the request's <field> is not a string`.
 */
export function signedFieldsOf(request: unknown): UnsignedRequest {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw new Error("the request is not a JSON object");
  }
  const fields = request as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const field of SIGNED_FIELDS) {
    const value = fields[field] ?? "";
    if (typeof value !== "string") throw new Error(`the request's ${field} is not a string`);
    out[field] = value;
  }
  // Signed only when present (lib/contract/canonical.ts): kept only when present.
  for (const field of OPTIONAL_SIGNED) {
    const value = fields[field] ?? "";
    if (typeof value !== "string") throw new Error(`the request's ${field} is not a string`);
    if (value !== "") out[field] = value;
  }
  return out as UnsignedRequest;
}

/**
 * The request digest as `sha256:<hex>`: what a deploy step passes to `attest verify --subject`.
 *
 * @throws {Error} `Cannot compute request digest: …`
 */
export async function requestSubjectDigest(request: unknown): Promise<string> {
  try {
    return `sha256:${
      requestDigestHex(await requestDigest(canonicalString(signedFieldsOf(request))))
    }`;
  } catch (error) {
    throw new Error(`Cannot compute request digest: ${(error as Error).message}`);
  }
}

/**
 * The digest (unpadded base64url, as `requestDigest`) of `request`, after checking it is the
 * request `record` decided.
 *
 * @param request the parsed JSON body the caller sent (signature and token are ignored)
 * @throws {Error} `Cannot attest decision "<id>": …` naming the first field that differs.
 */
export async function checkedRequestDigest(
  record: Record<string, unknown>,
  request: unknown,
): Promise<string> {
  const id = String(record.id ?? "");
  const fail = (why: string) => new Error(`Cannot attest decision ${quote(id, 200)}: ${why}`);
  let unsigned: UnsignedRequest;
  try {
    unsigned = signedFieldsOf(request);
  } catch (error) {
    throw fail((error as Error).message.replace("the request", "the given request"));
  }
  for (const field of SIGNED_FIELDS) {
    if (field === "timestamp") continue;
    const stored = typeof record[field] === "string" ? record[field] : "";
    if (stored !== unsigned[field]) {
      throw fail(
        `the given request is not the one decided: its ${field} is ${
          quote(unsigned[field], 60)
        }, ` +
          `the record's is ${quote(String(stored), 60)}`,
      );
    }
  }
  // The record keeps the artifact digest (not `withdraw`, whose requests are rejections).
  const artifact = unsigned[ARTIFACT_DIGEST_FIELD] ?? "";
  const recordedArtifact = typeof record.artifact_digest === "string" ? record.artifact_digest : "";
  if (artifact !== recordedArtifact) {
    throw fail(
      `the given request is not the one decided: its artifact_digest is ${quote(artifact, 80)}, ` +
        `the record's is ${quote(recordedArtifact, 80)}`,
    );
  }
  const requestedAt = record.requested_at;
  if (typeof requestedAt !== "number" || !checkTimestamp(unsigned.timestamp, requestedAt).ok) {
    throw fail(
      `the given request's timestamp ${quote(unsigned.timestamp)} is not within the accepted ` +
        "window of the time the decision's request arrived",
    );
  }
  try {
    return await requestDigest(canonicalString(unsigned));
  } catch (error) {
    throw fail((error as Error).message);
  }
}
