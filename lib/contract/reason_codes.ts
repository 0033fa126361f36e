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
  oidc_not_configured: "oidc_not_configured",
  oidc_invalid_token: "oidc_invalid_token",
  oidc_wrong_issuer: "oidc_wrong_issuer",
  oidc_issuer_not_allowed: "oidc_issuer_not_allowed",
  oidc_issuer_unreachable: "oidc_issuer_unreachable",
  oidc_alg_none: "oidc_alg_none",
  oidc_algorithm_confusion: "oidc_algorithm_confusion",
  oidc_unknown_kid: "oidc_unknown_kid",
  oidc_bad_signature: "oidc_bad_signature",
  oidc_wrong_audience: "oidc_wrong_audience",
  oidc_token_expired: "oidc_token_expired",
  oidc_token_not_yet_valid: "oidc_token_not_yet_valid",
  oidc_claim_mismatch: "oidc_claim_mismatch",
  oidc_token_replayed: "oidc_token_replayed",
  oidc_claim_conflict: "oidc_claim_conflict",
  withdraw_applied: "withdraw_applied",
  withdraw_too_late: "withdraw_too_late",
  withdraw_unknown_request: "withdraw_unknown_request",
  break_glass_not_allowed: "break_glass_not_allowed",
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
  oidc_not_configured:
    "The request carries an OIDC token but the service trusts no issuer, or pins no workload",
  oidc_invalid_token:
    "The OIDC token cannot be decoded, or a required claim is missing or malformed",
  oidc_wrong_issuer: "The OIDC token's issuer is not the one registered for the service",
  oidc_issuer_not_allowed: "The issuer or its JWKS URL is outside the app's outgoing domains",
  oidc_issuer_unreachable: "The issuer's discovery document or JWKS could not be fetched",
  oidc_alg_none: "The OIDC token is unsigned (alg none)",
  oidc_algorithm_confusion: "The OIDC token's algorithm is not one the issuer's key publishes",
  oidc_unknown_kid: "The OIDC token's key id is not in the issuer's JWKS, even after a refresh",
  oidc_bad_signature: "The OIDC token's signature does not verify with the issuer's key",
  oidc_wrong_audience: "The OIDC token was not issued for Countersign's audience",
  oidc_token_expired: "The OIDC token has expired or was issued too long ago",
  oidc_token_not_yet_valid: "The OIDC token is not valid yet (nbf or iat in the future)",
  oidc_claim_mismatch: "The OIDC token's claims do not match the service's registration",
  oidc_token_replayed: "The OIDC token was issued for, or already used by, a different request",
  oidc_claim_conflict:
    "A request field (environment, triggered_by, source_url) contradicts the verified OIDC token",
  withdraw_applied:
    "A withdraw request: it withdrew the caller's pending request (now outcome withdrawn)",
  withdraw_too_late: "A withdraw request whose target was already decided: nothing changed",
  withdraw_unknown_request: "A withdraw request naming no request of this service",
  break_glass_not_allowed:
    "A break-glass request from a bot that is not registered for break-glass",
};

/** Whether `value` is one of the contract's reason codes. */
export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === "string" && Object.hasOwn(ReasonCode, value);
}
