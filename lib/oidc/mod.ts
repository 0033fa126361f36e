/**
 * Keyless identity: OIDC workload tokens (GitHub Actions, GitLab CI, any OIDC issuer) in place of,
 * or as well as, a registered Ed25519 key. See `docs/oidc.md`.
 *
 * - `registration.ts`: verify a request's token against a service's `oidc_*` fields.
 * - `verify.ts`: the token checks and their reason codes (JOSE work by `jose`).
 * - `issuer.ts`: discovery + JWKS within the outgoing domains, cached, refreshed on unknown kid.
 * - `jwks.ts`: which published keys and algorithms count, and how long a JWKS is cached.
 * - `binding.ts`: request digest, request-bound audience, single-use key.
 * - `claims.ts`: claim patterns of the registration; `pin.ts`: which of them name the workload.
 * - `attribution.ts`: verified attribution (actor, repository, run, sha) and its JSON form.
 * - `conflict.ts`: a request field that contradicts a verified claim (`oidc_claim_conflict`).
 *
 * @module
 */
export * from "./attribution.ts";
export * from "./binding.ts";
export * from "./claims.ts";
export * from "./conflict.ts";
export * from "./issuer.ts";
export * from "./jwks.ts";
export * from "./pin.ts";
export * from "./registration.ts";
export * from "./verify.ts";
