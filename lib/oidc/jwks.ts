/**
 * An issuer's published signing keys (JWKS): which keys count (public, asymmetric, for signing),
 * which algorithms the issuer publishes, which key a token names, and how long a JWKS is cached.
 * Pure: `issuer.ts` fetches the documents.
 *
 * @module
 */

/** A public JWK as published (only the members used here are typed). */
export interface PublicJwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  crv?: string;
  [member: string]: unknown;
}

/** What is known about an issuer's signing keys. */
export interface IssuerKeys {
  issuer: string;
  jwksUri: string;
  keys: PublicJwk[];
  /** `id_token_signing_alg_values_supported` from discovery (empty when not published). */
  discoveryAlgorithms: string[];
  fetchedAt: number;
  expiresAt: number;
}

/** Cache lifetime when the JWKS response says nothing. */
export const DEFAULT_JWKS_TTL_MS = 60 * 60 * 1000;
const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 24 * 60 * 60 * 1000;

/** Asymmetric JWS algorithms and the key type (and curve) each needs. */
export const ASYMMETRIC_ALGORITHMS: Readonly<Record<string, { kty: string; crv?: string }>> = {
  RS256: { kty: "RSA" },
  RS384: { kty: "RSA" },
  RS512: { kty: "RSA" },
  PS256: { kty: "RSA" },
  PS384: { kty: "RSA" },
  PS512: { kty: "RSA" },
  ES256: { kty: "EC", crv: "P-256" },
  ES384: { kty: "EC", crv: "P-384" },
  ES512: { kty: "EC", crv: "P-521" },
  EdDSA: { kty: "OKP", crv: "Ed25519" },
  Ed25519: { kty: "OKP", crv: "Ed25519" },
};

/** Only public signing keys: no symmetric (`oct`) keys, no private members, `use` sig or absent. */
export function publicSigningKey(raw: unknown): PublicJwk | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const jwk = raw as Record<string, unknown>;
  if (jwk.use !== undefined && jwk.use !== "sig") return undefined;
  const members: Record<string, readonly string[]> = {
    RSA: ["n", "e"],
    EC: ["crv", "x", "y"],
    OKP: ["crv", "x"],
  };
  const kty = typeof jwk.kty === "string" ? jwk.kty : "";
  const needed = Object.hasOwn(members, kty) ? members[kty] : undefined;
  if (!needed || !needed.every((m) => typeof jwk[m] === "string")) return undefined;
  const out: PublicJwk = { kty };
  for (const m of needed) out[m] = jwk[m];
  for (const m of ["kid", "alg", "use"] as const) {
    if (typeof jwk[m] === "string") out[m] = jwk[m] as string;
  }
  return out;
}

/** Cache lifetime from `Cache-Control: max-age=N`, clamped. */
export function ttlFrom(cacheControl: string | null): number {
  const match = /(?:^|[,\s])max-age=(\d+)/i.exec(cacheControl ?? "");
  if (!match) return DEFAULT_JWKS_TTL_MS;
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, Number(match[1]) * 1000));
}

/** Algorithms the issuer publishes: discovery's list, else the keys' `alg`s; asymmetric only. */
export function publishedAlgorithms(keys: IssuerKeys): string[] {
  const listed = keys.discoveryAlgorithms.length > 0
    ? keys.discoveryAlgorithms
    : keys.keys.map((k) => k.alg).filter((a): a is string => typeof a === "string");
  return [...new Set(listed)].filter((a) => Object.hasOwn(ASYMMETRIC_ALGORITHMS, a));
}

/** The keys with `kid` (several during a rotation); without a kid, the only key of `alg`'s type. */
export function findKeys(keys: IssuerKeys, kid: string | undefined, alg: string): PublicJwk[] {
  if (kid !== undefined) return keys.keys.filter((k) => k.kid === kid);
  const fitting = keys.keys.filter((k) => k.kty === ASYMMETRIC_ALGORITHMS[alg].kty);
  return fitting.length === 1 ? fitting : [];
}
