/**
 * The checks of an export's trailer: its count against the records read, its chain against the
 * last record line's link, and its seal (the exporter's signature over both).
 *
 * @module
 */
import { type SyncPublicKey, verifyText } from "./ed25519_sync.ts";
import { type ExportTrailer, sealMessage } from "./export_format.ts";
import { quote } from "./line_form.ts";

/** What the verifier knows when the trailer comes. */
export interface TrailerContext {
  /** Why the trailer is not in the exported form, if it is not. */
  form?: string;
  /** Record lines read. */
  records: number;
  /** The highest export position seen. */
  highest: number;
  /** The link the trailer's chain must equal (undefined: the line before was unreadable). */
  lastLink?: string;
  keys: ReadonlyMap<string, SyncPublicKey>;
  /** The header's export version. */
  version: number;
}

/** The trailer's problems, and what its seal says. */
export function checkTrailer(
  trailer: ExportTrailer,
  ctx: TrailerContext,
): { reasons: string[]; seal: "valid" | "invalid" | "absent" } {
  const reasons: string[] = [];
  if (ctx.form !== undefined) reasons.push(`trailer is ${ctx.form}`);
  const { count, chain, seal_signature: signature, seal_key_id: keyId } = trailer;
  if (!Number.isSafeInteger(count) || count < 0) {
    reasons.push(`trailer count ${quote(count)} is not a number of records`);
  } else if (count !== ctx.highest || count !== ctx.records) {
    reasons.push(
      `trailer counts ${count} records; the file has ${ctx.records} ` +
        `(highest position ${ctx.highest})`,
    );
  }
  if (ctx.lastLink !== chain) reasons.push("trailer chain does not match the last record line");
  if (!signature) return { reasons, seal: "absent" };
  // Only what an exporter writes is checked: any other value would be turned into text here
  // (and an object whose `toString` is not a function cannot be).
  const typed = typeof signature === "string" && typeof chain === "string" &&
    Number.isSafeInteger(count) && (keyId === undefined || typeof keyId === "string");
  const key = typed ? ctx.keys.get(keyId ?? "") : undefined;
  const ok = key !== undefined &&
    verifyText(key, sealMessage(count, chain, ctx.version), signature);
  if (!ok) {
    reasons.push(
      !typed
        ? "seal cannot be checked: seal_signature, seal_key_id, chain or count is not of the " +
          "type an export writes"
        : key
        ? "seal signature does not match the trailer (the trailer was changed)"
        : `sealed by unknown key id ${quote(keyId ?? "")}`,
    );
  }
  return { reasons, seal: ok ? "valid" : "invalid" };
}

/** Why a trailer without a seal is reported (a problem unless unsealed input is allowed). */
export function unsealedReason(allowed: boolean): string {
  return "unsealed: the trailer has no seal (exported with --no-seal or without the app's key, " +
    "or the seal was stripped), so lines removed and the rest renumbered and rechained would " +
    "go unseen" +
    (allowed
      ? " (accepted: --allow-unsealed)"
      : "; pass --allow-unsealed to accept an unsealed export");
}
