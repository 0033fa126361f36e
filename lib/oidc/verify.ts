/**
 * Verification of an OIDC workload token against a service registration. The JOSE work (header
 * decoding, JWK import, signature and time claims) is done by `jose`; this module decides which
 * key and algorithm are acceptable and turns every failure into a specific reason code.
 *
 * Order: header (`alg: none`, HMAC) → unverified `iss` equals the registered issuer (so only the
 * registered issuer is ever fetched) → issuer keys → algorithm published by the issuer → key by
 * `kid` (one refresh when unknown) → key type fits the algorithm → signature, `exp`, `nbf`, `iat`
 * with bounded skew and age → audience and request binding → claim patterns.
 *
 * @module
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
} from "jose";
import { OIDC_CLOCK_SKEW_SECONDS, OIDC_MAX_TOKEN_AGE_SECONDS } from "../config.ts";
import { quote } from "../contract/text.ts";
import { attributionFromClaims, type VerifiedAttribution } from "./attribution.ts";
import { checkAudience, type OidcBinding, tokenUseId } from "./binding.ts";
import { type ClaimPattern, matchClaims } from "./claims.ts";
import type { IssuerKeysResult } from "./issuer.ts";
import { ASYMMETRIC_ALGORITHMS, findKeys, publishedAlgorithms } from "./jwks.ts";

/** The reason codes {@linkcode verifyOidcToken} can return. */
export type OidcRejectCode =
  | "oidc_invalid_token"
  | "oidc_wrong_issuer"
  | "oidc_issuer_not_allowed"
  | "oidc_issuer_unreachable"
  | "oidc_alg_none"
  | "oidc_algorithm_confusion"
  | "oidc_unknown_kid"
  | "oidc_bad_signature"
  | "oidc_wrong_audience"
  | "oidc_token_expired"
  | "oidc_token_not_yet_valid"
  | "oidc_claim_mismatch"
  | "oidc_token_replayed";

/** A verified token. */
export interface VerifiedToken {
  ok: true;
  claims: JWTPayload;
  attribution: VerifiedAttribution;
  /** Single-use key (see `tokenUseId`). */
  useId: string;
  /** Whether the audience carried this request's digest. */
  bound: boolean;
  /**
   * Unix milliseconds after which the token stops verifying, less the clock skew: its `exp`, but
   * never later than `iat` plus the accepted age (however far away the issuer put `exp`). Always
   * finite; the single-use record is kept until then (plus the skew and a margin).
   */
  expiresAt: number;
}

/** Result of {@linkcode verifyOidcToken}. */
export type OidcVerification = VerifiedToken | {
  ok: false;
  code: OidcRejectCode;
  detail: string;
};

/** Gives the issuer's keys; `forceRefresh` asks for a fresh JWKS (unknown `kid`). */
export type KeySource = (issuer: string, forceRefresh: boolean) => Promise<IssuerKeysResult>;

/** What a token is checked against. */
export interface OidcExpectations {
  /** The registered issuer (`oidc_issuer`). */
  issuer: string;
  /** The configured audience. */
  audience: string;
  /** This request's digest (`requestDigest` of its canonical string). */
  digest: string;
  binding: OidcBinding;
  claimPatterns: readonly ClaimPattern[];
  keys: KeySource;
  /** Unix milliseconds (default now). */
  now?: number;
  skewSeconds?: number;
  maxAgeSeconds?: number;
}

function reject(code: OidcRejectCode, detail: string): OidcVerification {
  return { ok: false, code, detail: `Cannot accept the OIDC token: ${detail}` };
}

/** Verifies `token` (a compact JWS) against the expectations; never throws on caller input. */
export async function verifyOidcToken(
  token: string,
  expect: OidcExpectations,
): Promise<OidcVerification> {
  let header: ProtectedHeaderParameters;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch (error) {
    return reject("oidc_invalid_token", `it cannot be decoded (${(error as Error).message})`);
  }
  const alg = typeof header.alg === "string" ? header.alg : "";
  if (alg.toLowerCase() === "none") {
    return reject("oidc_alg_none", "it is unsigned (alg none); only issuer-signed tokens count");
  }
  if (/^HS/i.test(alg)) {
    return reject(
      "oidc_algorithm_confusion",
      `its algorithm ${quote(alg)} is an HMAC; issuer keys are public, so HMAC is never accepted`,
    );
  }
  if (!Object.hasOwn(ASYMMETRIC_ALGORITHMS, alg)) {
    return reject("oidc_algorithm_confusion", `its algorithm ${quote(alg)} is not supported`);
  }
  const malformed = malformedClaim(unverified);
  if (malformed) return reject("oidc_invalid_token", malformed);
  if (unverified.iss !== expect.issuer) {
    return reject(
      "oidc_wrong_issuer",
      `its issuer is ${quote(unverified.iss as string, 120)}; the service trusts ` +
        `${quote(expect.issuer, 120)}`,
    );
  }

  let source = await expect.keys(expect.issuer, false);
  if (!source.ok) return reject(source.code, source.detail);
  const published = publishedAlgorithms(source.keys);
  if (!published.includes(alg)) {
    return reject(
      "oidc_algorithm_confusion",
      `its algorithm ${quote(alg)} is not one the issuer publishes (${published.join(", ")})`,
    );
  }
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  let candidates = findKeys(source.keys, kid, alg);
  if (candidates.length === 0 && kid !== undefined) {
    // A key rotation may have happened since the JWKS was cached: look once more.
    source = await expect.keys(expect.issuer, true);
    if (!source.ok) return reject(source.code, source.detail);
    candidates = findKeys(source.keys, kid, alg);
  }
  if (candidates.length === 0) {
    return reject(
      kid === undefined ? "oidc_invalid_token" : "oidc_unknown_kid",
      kid === undefined
        ? "it names no key (kid) and the issuer publishes more than one"
        : `its key id ${quote(kid)} is not in the issuer's JWKS`,
    );
  }
  const fit = ASYMMETRIC_ALGORITHMS[alg];
  const fitting = candidates.filter((jwk) =>
    (jwk.alg === undefined || jwk.alg === alg) && jwk.kty === fit.kty &&
    (!fit.crv || jwk.crv === fit.crv)
  );
  if (fitting.length === 0) {
    const jwk = candidates[0];
    return reject(
      "oidc_algorithm_confusion",
      `its algorithm ${quote(alg)} does not fit the issuer's key ${quote(kid ?? "")} ` +
        `(${jwk.kty}${jwk.crv ? ` ${jwk.crv}` : ""}${jwk.alg ? `, alg ${jwk.alg}` : ""})`,
    );
  }

  const now = expect.now ?? Date.now();
  const skew = expect.skewSeconds ?? OIDC_CLOCK_SKEW_SECONDS;
  const maxAge = expect.maxAgeSeconds ?? OIDC_MAX_TOKEN_AGE_SECONDS;
  let claims: JWTPayload | undefined;
  // An issuer may publish two keys under one kid (mid-rotation): every fitting one is tried.
  for (const jwk of fitting) {
    try {
      const key = await importJWK(jwk, alg);
      ({ payload: claims } = await jwtVerify(token, key, {
        algorithms: [alg],
        issuer: expect.issuer,
        clockTolerance: skew,
        maxTokenAge: maxAge,
        requiredClaims: ["exp", "iat", "sub"],
        currentDate: new Date(now),
      }));
      break;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      return mapJoseError(error, maxAge);
    }
  }
  if (!claims) {
    return reject("oidc_bad_signature", "its signature does not verify with the issuer's key");
  }

  const audience = checkAudience(claims.aud, expect.audience, expect.digest, expect.binding);
  if (!audience.ok) return reject(audience.code, audience.detail);
  const match = matchClaims(expect.claimPatterns, claims);
  if (!match.ok) return reject("oidc_claim_mismatch", match.detail);
  return {
    ok: true,
    claims,
    attribution: attributionFromClaims(expect.issuer, claims),
    useId: await tokenUseId(expect.issuer, claims, JSON.stringify(claims)),
    bound: audience.bound,
    expiresAt: usableUntil(claims, now, skew, maxAge),
  };
}

const TIME_CLAIMS = ["exp", "iat", "nbf"] as const;

/**
 * Why the unverified payload is malformed, or `undefined`: `iss` must be one string (RFC 7519
 * §4.1.1) and the time claims, when present, finite numbers of seconds (NumericDate). Checked
 * before anything is fetched so that each gets `oidc_invalid_token` with its own detail, rather
 * than a misleading expiry or issuer message.
 */
function malformedClaim(payload: JWTPayload): string | undefined {
  const iss: unknown = payload.iss;
  if (iss === undefined) return 'it has no "iss" claim';
  if (typeof iss !== "string") {
    const kind = Array.isArray(iss) ? `an array of ${iss.length}` : `a ${typeof iss}`;
    return `its "iss" claim is ${kind}, not one issuer URL`;
  }
  for (const name of TIME_CLAIMS) {
    if (!Object.hasOwn(payload, name)) continue;
    const value: unknown = payload[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const shown = typeof value === "string" ? quote(value, 40) : String(value);
      return `its ${quote(name)} claim is ${shown} (a ${typeof value}); it must be a finite ` +
        "number of seconds since 1970";
    }
  }
  return undefined;
}

/** See {@linkcode VerifiedToken.expiresAt}. */
function usableUntil(claims: JWTPayload, now: number, skew: number, maxAge: number): number {
  const seconds = Math.min(
    Number(claims.exp),
    Number(claims.iat) + maxAge,
    now / 1000 + skew + maxAge,
  );
  return Number.isFinite(seconds) ? Math.floor(seconds * 1000) : now + maxAge * 1000;
}

function mapJoseError(error: unknown, maxAge: number): OidcVerification {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return reject("oidc_bad_signature", "its signature does not verify with the issuer's key");
  }
  if (error instanceof errors.JWTExpired) {
    return error.claim === "iat"
      ? reject("oidc_token_expired", `it was issued more than ${maxAge} seconds ago`)
      : reject("oidc_token_expired", "it has expired (exp)");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") {
      return reject("oidc_invalid_token", `it has no ${quote(error.claim)} claim`);
    }
    if (error.reason === "invalid") {
      return reject("oidc_invalid_token", `its ${quote(error.claim)} claim is malformed`);
    }
    if (error.claim === "nbf") {
      return reject("oidc_token_not_yet_valid", "it is not valid yet (nbf)");
    }
    if (error.claim === "iat") {
      return reject("oidc_token_not_yet_valid", "it claims to be issued in the future (iat)");
    }
    if (error.claim === "iss") return reject("oidc_wrong_issuer", "its issuer does not match");
    return reject("oidc_invalid_token", `its ${quote(error.claim)} claim is invalid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return reject("oidc_algorithm_confusion", "its algorithm is not allowed for this key");
  }
  const message = error instanceof Error ? error.message : String(error);
  return reject("oidc_invalid_token", `it is not a valid signed JWT (${message})`);
}
