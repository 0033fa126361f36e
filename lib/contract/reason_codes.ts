/**
 * Why a request was rejected. The codes are part of the public contract: callers receive them in
 * the signed decision and auditors filter on them, so they never change meaning.
 *
 * @module
 */

/** Every rejection reason, as an enum-like object (`ReasonCode.bad_signature`). */
export const ReasonCode = {
  missing_field: "missing_field",
  field_too_long: "field_too_long",
  malformed_field: "malformed_field",
  unknown_service: "unknown_service",
  service_disabled: "service_disabled",
  unknown_key: "unknown_key",
  key_expired: "key_expired",
  bad_signature: "bad_signature",
  stale_timestamp: "stale_timestamp",
  future_timestamp: "future_timestamp",
  replayed_request: "replayed_request",
  action_not_allowed: "action_not_allowed",
  resource_not_allowed: "resource_not_allowed",
  environment_not_allowed: "environment_not_allowed",
} as const;

/** One of the {@linkcode ReasonCode} values. */
export type ReasonCode = typeof ReasonCode[keyof typeof ReasonCode];

/** A short human description of each reason code, for messages and the audit view. */
export const REASON_DESCRIPTIONS: Readonly<Record<ReasonCode, string>> = {
  missing_field: "A required field is missing or empty",
  field_too_long: "A field is longer than its limit",
  malformed_field: "A field has characters or a format the contract does not allow",
  unknown_service: "No service is registered with this service_id",
  service_disabled: "The service is registered but disabled",
  unknown_key: "The service has no usable key with this key_id",
  key_expired: "The signing key is past its not_after date",
  bad_signature: "The signature does not match the request and the registered key",
  stale_timestamp: "The request was signed more than 5 minutes ago",
  future_timestamp: "The request's timestamp is more than 5 minutes in the future",
  replayed_request: "A request with this request_id was already received from this service",
  action_not_allowed: "The service may not request this action",
  resource_not_allowed: "The service may not request this resource",
  environment_not_allowed: "The service may not request this environment",
};

/** Whether `value` is one of the contract's reason codes. */
export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === "string" && Object.hasOwn(ReasonCode, value);
}
