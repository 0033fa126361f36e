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
import { canonicalString, checkTimestamp, quote, SIGNED_FIELDS } from "../contract/mod.ts";
import { requestDigest } from "../oidc/binding.ts";

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
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    throw fail("the given request is not a JSON object");
  }
  const fields = request as Record<string, unknown>;
  const unsigned: Record<string, string> = {};
  for (const field of SIGNED_FIELDS) {
    const value = fields[field] ?? "";
    if (typeof value !== "string") throw fail(`the given request's ${field} is not a string`);
    unsigned[field] = value;
    if (field === "timestamp") continue;
    const stored = typeof record[field] === "string" ? record[field] : "";
    if (stored !== value) {
      throw fail(
        `the given request is not the one decided: its ${field} is ${quote(value, 60)}, ` +
          `the record's is ${quote(String(stored), 60)}`,
      );
    }
  }
  const requestedAt = record.requested_at;
  if (typeof requestedAt !== "number" || !checkTimestamp(unsigned.timestamp, requestedAt).ok) {
    throw fail(
      `the given request's timestamp ${quote(unsigned.timestamp)} is not within the accepted ` +
        "window of the time the decision's request arrived",
    );
  }
  try {
    return await requestDigest(canonicalString(unsigned as Parameters<typeof canonicalString>[0]));
  } catch (error) {
    throw fail((error as Error).message);
  }
}
