/**
 * The decision callback body sent to a caller.
 *
 * Version 2 (the current one) binds the callback to its service (see `sign.ts`) and adds
 * `denial_reason`, then (additively, same version) `approver_comment`. Versions only ever add fields: a receiver that understands version N reads the
 * fields it knows of any later payload whose signature scheme it verifies.
 *
 * @module
 */

/** Version of the callback payload and signature scheme. */
export const CALLBACK_VERSION = 2;

/** Longest `denial_reason` sent, in Unicode code points (the deny modal accepts 1,000). */
export const DENIAL_REASON_MAX = 1000;

/** Longest `approver_comment` sent, in Unicode code points (the comment modal accepts 1,000). */
export const APPROVER_COMMENT_MAX = 1000;

/** The JSON body of a callback. Times are Unix milliseconds. */
export interface CallbackPayload {
  version: number;
  service_id: string;
  request_id: string;
  decision_id: string;
  outcome: string;
  reason_code: string;
  decided_by: string[];
  decided_at: number;
  delivered_at: number;
  /**
   * Why the approver denied (version 2): plain text, one line, at most
   * {@link DENIAL_REASON_MAX} code points, no control or invisible characters; `""` unless the
   * outcome is `denied`. Caller text to display, never markup or a command.
   */
  denial_reason: string;
  /**
   * The approvers' optional comment (added to version 2; absent from older payloads): plain
   * text, one line, at most {@link APPROVER_COMMENT_MAX} code points, no control or invisible
   * characters; `""` unless the outcome is `approved`. In an N-of-M approval, each approving
   * vote's comment as `U…: text`, joined by ` | `. Caller text to display, never markup.
   */
  approver_comment: string;
}

/** Decision facts the callback reports. */
export interface CallbackFacts {
  service_id?: string;
  request_id?: string;
  decision_id: string;
  outcome: string;
  reason_code?: string;
  decided_by?: string[];
  decided_at?: number;
  denial_reason?: string;
  approver_comment?: string;
}

/**
 * C0/C1 controls, Unicode format characters (bidi overrides and isolates, zero-width characters,
 * soft hyphen, BOM …), line and paragraph separators and private-use characters: nothing a
 * receiver should have to display, log or store.
 */
const NOT_INERT = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/gu;

/**
 * A deny reason made safe to send: line breaks and tabs become spaces, every other control or
 * format character is removed, runs of spaces collapse, and the text is cut to `max` code points.
 */
export function inertText(text: string | undefined, max = DENIAL_REASON_MAX): string {
  const flat = String(text ?? "").replace(/[\r\n\t\u2028\u2029]+/g, " ").replace(NOT_INERT, "");
  const squeezed = flat.replace(/ {2,}/g, " ").trim();
  const chars = Array.from(squeezed);
  return chars.length <= max ? squeezed : chars.slice(0, max - 1).join("") + "…";
}

/** Builds the payload for one delivery attempt made at `now` (Unix milliseconds). */
export function buildCallbackPayload(facts: CallbackFacts, now: number): CallbackPayload {
  return {
    version: CALLBACK_VERSION,
    service_id: facts.service_id ?? "",
    request_id: facts.request_id ?? "",
    decision_id: facts.decision_id,
    outcome: facts.outcome,
    reason_code: facts.reason_code ?? "",
    decided_by: [...(facts.decided_by ?? [])],
    decided_at: facts.decided_at ?? 0,
    delivered_at: now,
    denial_reason: facts.outcome === "denied" ? inertText(facts.denial_reason) : "",
    approver_comment: facts.outcome === "approved"
      ? inertText(facts.approver_comment, APPROVER_COMMENT_MAX)
      : "",
  };
}
