import { assertEquals } from "@std/assert";
import { isReasonCode, REASON_DESCRIPTIONS, ReasonCode } from "./reason_codes.ts";

Deno.test("the reason codes are exactly the contract's, each with a description", () => {
  assertEquals(Object.keys(ReasonCode), [
    "missing_field",
    "field_too_long",
    "malformed_field",
    "unknown_service",
    "service_disabled",
    "unknown_key",
    "key_expired",
    "bad_signature",
    "stale_timestamp",
    "future_timestamp",
    "replayed_request",
    "action_not_allowed",
    "resource_not_allowed",
    "environment_not_allowed",
    "oidc_not_configured",
    "oidc_invalid_token",
    "oidc_wrong_issuer",
    "oidc_issuer_not_allowed",
    "oidc_issuer_unreachable",
    "oidc_alg_none",
    "oidc_algorithm_confusion",
    "oidc_unknown_kid",
    "oidc_bad_signature",
    "oidc_wrong_audience",
    "oidc_token_expired",
    "oidc_token_not_yet_valid",
    "oidc_claim_mismatch",
    "oidc_token_replayed",
    "oidc_claim_conflict",
    "withdraw_applied",
    "withdraw_too_late",
    "withdraw_unknown_request",
    "break_glass_not_allowed",
  ]);
  for (const [key, value] of Object.entries(ReasonCode)) {
    assertEquals(key, value);
    assertEquals(REASON_DESCRIPTIONS[value].length > 10, true, key);
  }
  assertEquals(Object.keys(REASON_DESCRIPTIONS).sort(), Object.keys(ReasonCode).sort());
  assertEquals(isReasonCode("bad_signature"), true);
  assertEquals(isReasonCode("toString"), false);
  assertEquals(isReasonCode(undefined), false);
});
