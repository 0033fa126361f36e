/**
 * Keeping a final record's seal valid when the sweep's marks and a final write cross.
 *
 * Slack datastores have no conditional writes. The sweep marks a pending record it reminded or
 * escalated (`reminded_at`, `escalated_at`, `escalated_to`) with `apps.datastore.update`, which
 * merges; if `record_decision` wrote the final, sealed record in between, the merge adds fields
 * the seal does not cover, and `verify` would report a record nobody tampered with. The same
 * happens when the marks land before `notify_caller` re-seals with the delivery result, since
 * that seal is made over the record the workflow passed on, without the marks.
 *
 * The writer that sees the crossing re-seals, but only what it can vouch for: the stored record
 * must be, apart from the sweep's marks, exactly a record the app signed (checked against the
 * stored seal, or equal to what the writer itself just wrote). Anything else is left alone for
 * `verify` to report, so this never turns the app's key into a signing service for edits made by
 * someone else. Ed25519 signatures are deterministic, so two writers re-sealing the same content
 * write the same seal.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { recordMessage, SIGNATURE_FIELDS } from "./canonical.ts";
import { appSigningKey, isSealedBy, sealRecord } from "./seal.ts";

/** Attributes the sweep adds to a pending record. */
export const SWEEP_MARKS: readonly string[] = ["reminded_at", "escalated_at", "escalated_to"];

/** What {@linkcode resealCrossedMarks} did. */
export type ResealOutcome =
  /** The stored record's seal already covers it. */
  | "intact"
  /** It differed from a signed record only by the sweep's marks, and is sealed again. */
  | "resealed"
  /** It differs in more than the marks (or there is no key): left for `verify` to report. */
  | "refused"
  /** The seal could not be written (logged by the caller). */
  | "failed";

/** `item` with the given attributes set to their values in `from` (or removed). */
function withFieldsOf(
  item: Record<string, unknown>,
  from: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const out = { ...item };
  for (const field of fields) {
    if (from[field] === undefined) delete out[field];
    else out[field] = from[field];
  }
  return out;
}

/**
 * Re-seals `stored` (a record as the datastore now holds it) when it is a record the app signed
 * plus, or minus, the sweep's marks.
 *
 * @param signed what the app signed, as the caller knows it: either a record whose own seal
 *   fields prove it (`"stored-seal"`: the stored seal must verify over `stored` with the marks
 *   taken from `signed`), or the exact content the caller just wrote under its own seal
 *   (`"written"`).
 */
export async function resealCrossedMarks(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  datastore: string,
  stored: Record<string, unknown>,
  signed: { kind: "stored-seal" | "written"; record: Record<string, unknown> },
): Promise<{ outcome: ResealOutcome; detail?: string }> {
  const found = await appSigningKey(env);
  if ("error" in found) return { outcome: "refused", detail: found.error };
  const { key } = found;
  // The common case costs no signature check: the caller's own write is what is stored.
  if (
    signed.kind === "written" &&
    recordMessage(datastore, stored) === recordMessage(datastore, signed.record)
  ) return { outcome: "intact" };
  if (await isSealedBy(key, datastore, stored)) return { outcome: "intact" };

  // The record before the marks moved: the stored one with the signed record's marks.
  const before = withFieldsOf(stored, signed.record, SWEEP_MARKS);
  const vouched = signed.kind === "stored-seal"
    ? await isSealedBy(key, datastore, before)
    : recordMessage(datastore, before) === recordMessage(datastore, signed.record);
  if (!vouched) {
    return {
      outcome: "refused",
      detail: "the stored record differs from what the app signed in more than the sweep's marks",
    };
  }
  const seal = await sealRecord(key, datastore, stored);
  const written = await client.apps.datastore.update({
    datastore,
    item: { id: stored.id, ...seal },
  });
  if (!written.ok) return { outcome: "failed", detail: String(written.error) };
  // The write was seal attributes only, so the content sealed is what is stored.
  const now = written.item as Record<string, unknown> | undefined;
  if (now && !SIGNATURE_FIELDS.every((f) => now[f] === seal[f as keyof typeof seal])) {
    return { outcome: "failed", detail: "the seal was overwritten while it was written" };
  }
  return { outcome: "resealed" };
}
