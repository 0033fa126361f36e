/**
 * The decision callback body sent to a caller.
 *
 * @module
 */

/** Version of the callback payload and signature scheme. */
export const CALLBACK_VERSION = 1;

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
  };
}
