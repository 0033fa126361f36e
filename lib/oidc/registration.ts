/**
 * The service side of OIDC: reads a registration's `oidc_*` fields and verifies a request's
 * token against them, bound to the request's canonical string.
 *
 * @module
 */
import { DEFAULT_OIDC_AUDIENCE } from "../config.ts";
import { canonicalString } from "../contract/canonical.ts";
import type { UnsignedRequest } from "../contract/fields.ts";
import { quote } from "../contract/text.ts";
import { bindingMode, requestDigest } from "./binding.ts";
import { parseClaimPatterns } from "./claims.ts";
import type { DomainRules, IssuerCache } from "./issuer.ts";
import { type OidcVerification, verifyOidcToken } from "./verify.ts";

/** The OIDC fields of a `services` item. */
export interface OidcRegistration {
  id?: string;
  /** Trusted issuer URL, exactly as in its tokens' `iss`. */
  oidc_issuer?: string;
  /** Audience override for this service. */
  oidc_audience?: string;
  /** `claim=pattern` entries, every one must match. */
  oidc_claims?: readonly unknown[];
  /** `request` (default) or `single_use`. */
  oidc_binding?: string;
}

/** Settings that come from the app's environment. */
export interface OidcSettings {
  /** The app-wide audience (`COUNTERSIGN_OIDC_AUDIENCE`), empty for the default. */
  audience?: string;
  domains: DomainRules;
  /** Where discovery and JWKS come from (one per isolate, holding the function's `fetch`). */
  cache: IssuerCache;
  /** Unix milliseconds (default now). */
  now?: number;
}

/** Result of {@linkcode verifyServiceToken}. */
export type ServiceTokenResult =
  | OidcVerification
  | { ok: false; code: "oidc_not_configured"; detail: string };

/** The audience a service's tokens must carry. */
export function audienceFor(service: OidcRegistration, appAudience?: string): string {
  const own = typeof service.oidc_audience === "string" ? service.oidc_audience.trim() : "";
  return own || appAudience?.trim() || DEFAULT_OIDC_AUDIENCE;
}

/** Verifies `token` for `request` against the service's registration. */
export async function verifyServiceToken(
  token: string,
  request: UnsignedRequest,
  service: OidcRegistration,
  settings: OidcSettings,
): Promise<ServiceTokenResult> {
  const serviceId = quote(service.id ?? "");
  const issuer = typeof service.oidc_issuer === "string" ? service.oidc_issuer.trim() : "";
  if (!issuer) {
    return {
      ok: false,
      code: "oidc_not_configured",
      detail: `Cannot accept an OIDC token from service ${serviceId}: it has no oidc_issuer ` +
        "registered (register the issuer and claim patterns, or sign with a key)",
    };
  }
  const patterns = parseClaimPatterns(service.oidc_claims);
  if (!patterns.ok) {
    return {
      ok: false,
      code: "oidc_not_configured",
      detail: `${patterns.error} (service ${serviceId}; ask its owner to fix the registration)`,
    };
  }
  const cache = settings.cache;
  return await verifyOidcToken(token, {
    issuer,
    audience: audienceFor(service, settings.audience),
    digest: await requestDigest(canonicalString(request)),
    binding: bindingMode(service.oidc_binding),
    claimPatterns: patterns.patterns,
    keys: (iss, force) => cache.get(iss, settings.domains, force),
    now: settings.now,
  });
}
