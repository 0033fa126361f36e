/**
 * Binding an OIDC token to one request (see `docs/oidc.md`, "Binding a token to the request").
 *
 * - **Request-bound audience.** The caller asks its platform for a token whose `aud` is
 *   `<audience>/request/<digest>`, where `<digest>` is the unpadded base64url SHA-256 of the
 *   request's `countersign-v1` canonical string. The issuer signs the digest, so the token is good
 *   for exactly that request: any change to a signed field changes the digest.
 * - **Single use.** Every accepted token is recorded by its issuer and `jti` together with the
 *   request digest; the same token on a different request is refused. Platforms whose audience is
 *   fixed when the job is created (GitLab) can only rely on this, and a service opts in to it with
 *   `oidc_binding: "single_use"`.
 *
 * @module
 */
import { base64url } from "jose";
import { OIDC_CLOCK_SKEW_SECONDS, OIDC_MAX_TOKEN_AGE_SECONDS } from "../config.ts";
import { quote } from "../contract/text.ts";
import { claimText } from "./claims.ts";

/** Separator between the audience and the request digest in a request-bound audience. */
export const BOUND_AUDIENCE_INFIX = "/request/";

/** How a service's tokens must be bound to the request. */
export type OidcBinding = "request" | "single_use";

/** Reads a registration's `oidc_binding`; anything but `single_use` means the strict default. */
export function bindingMode(value: unknown): OidcBinding {
  return value === "single_use" ? "single_use" : "request";
}

/** The request digest: unpadded base64url SHA-256 of the canonical string's UTF-8 bytes. */
export async function requestDigest(canonical: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return base64url.encode(new Uint8Array(hash));
}

/** The audience a caller requests for a token bound to the request with `digest`. */
export function boundAudience(audience: string, digest: string): string {
  return `${audience}${BOUND_AUDIENCE_INFIX}${digest}`;
}

/** Result of {@linkcode checkAudience}. */
export type AudienceCheck =
  | { ok: true; bound: boolean }
  | { ok: false; code: "oidc_wrong_audience" | "oidc_token_replayed"; detail: string };

/**
 * Checks `aud` (a string or an array of strings) against the configured audience and the
 * request's digest. A bound audience for another digest means the token was minted for another
 * request: `oidc_token_replayed`. A plain audience is only enough with `single_use` binding.
 */
export function checkAudience(
  aud: unknown,
  audience: string,
  digest: string,
  mode: OidcBinding,
): AudienceCheck {
  const values = (Array.isArray(aud) ? aud : [aud]).map(claimText).filter((v) =>
    v !== undefined
  ) as string[];
  const prefix = `${audience}${BOUND_AUDIENCE_INFIX}`;
  if (values.includes(boundAudience(audience, digest))) return { ok: true, bound: true };
  const otherRequest = values.find((v) => v.startsWith(prefix));
  if (otherRequest !== undefined) {
    return {
      ok: false,
      code: "oidc_token_replayed",
      detail: `the token was issued for another request (its audience ends in ` +
        `${quote(otherRequest.slice(prefix.length), 60)}, this request's digest is ` +
        `${quote(digest)}): mint a new token for every request`,
    };
  }
  if (values.includes(audience)) {
    if (mode === "single_use") return { ok: true, bound: false };
    return {
      ok: false,
      code: "oidc_wrong_audience",
      detail: `the token's audience is ${quote(audience)} but this service requires a ` +
        `request-bound audience ${quote(boundAudience(audience, digest), 120)} ` +
        `(or oidc_binding "single_use")`,
    };
  }
  const shown = values.length > 0 ? values.map((v) => quote(v, 60)).join(", ") : "(none)";
  return {
    ok: false,
    code: "oidc_wrong_audience",
    detail: `the token's audience is ${shown}; expected ${quote(audience)} ` +
      `or ${quote(boundAudience(audience, "<request digest>"), 120)}`,
  };
}

/**
 * The single-use key of a token: SHA-256 (hex) of the issuer and the `jti`, or of the issuer and
 * the payload text when the token has no `jti`. Never the whole token: an ECDSA signature can be
 * re-encoded into a second valid token with the same payload.
 */
export async function tokenUseId(
  issuer: string,
  claims: Record<string, unknown>,
  payloadText: string,
): Promise<string> {
  const jti = claimText(claims.jti);
  const material = jti ? `${issuer}\njti:${jti}` : `${issuer}\npayload:${payloadText}`;
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Latest `expires_at` a used-token record can need, after its use (ms): a token is accepted only
 * while its `iat` is at most the accepted age old, and its `iat` is at most the clock skew in the
 * future, so it stops verifying by then (plus the skew the purge adds).
 */
export const MAX_TOKEN_RECORD_MS = (OIDC_MAX_TOKEN_AGE_SECONDS + OIDC_CLOCK_SKEW_SECONDS) * 1000;

/**
 * The `expires_at` (Unix ms) to store for a token used at `usedAt`: its own bound, never later
 * than {@linkcode MAX_TOKEN_RECORD_MS} after the use, and always a finite number.
 */
export function tokenRecordExpiry(expiresAt: number, usedAt: number): number {
  const latest = usedAt + MAX_TOKEN_RECORD_MS;
  return Number.isFinite(expiresAt) ? Math.min(expiresAt, latest) : latest;
}
