/**
 * The OIDC (keyless identity, `docs/oidc.md`) settings of a bot as admins give them: the trusted
 * issuer, the audience, the claim patterns and the binding mode. Checked with the same rules
 * `verify_request` applies later (`lib/oidc`), so a registration the admin form accepts is one
 * verification can use. Pure: the handlers do the reads and writes around it.
 *
 * @module
 */
import { OUTGOING_DOMAINS } from "../config.ts";
import { checkCallbackUrl } from "../callback/domain.ts";
import { quote } from "../contract/text.ts";
import { parseClaimPatterns } from "../oidc/claims.ts";
import type { Built, ServiceItem, SettingsContext } from "./service_item.ts";
import { checkText, MAX_PATTERNS, splitList } from "./fields.ts";

/** OIDC settings as admin functions receive them (blank in an edit means unchanged). */
export interface OidcSettingsInput {
  oidc_issuer?: string;
  oidc_audience?: string;
  /** `claim=pattern` entries separated by commas or new lines. */
  oidc_claims?: string;
  oidc_binding?: string;
}

/** The binding modes a service may choose (`lib/oidc/binding.ts`). */
export const OIDC_BINDINGS = ["request", "single_use"] as const;

/** Longest issuer URL accepted (the callback URL's limit). */
export const MAX_ISSUER_LENGTH = 2000;
/** Longest audience accepted. */
export const MAX_AUDIENCE_LENGTH = 200;

function given(value: string | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Checks an issuer URL: https within the app's outgoing domains (the callback rule, which is
 * also the rule `lib/oidc/issuer.ts` applies before fetching discovery), and no query or fragment
 * (OpenID Connect Discovery §3: the issuer is a plain https URL).
 */
export function checkIssuer(url: string, extraDomains: readonly string[]): string | undefined {
  if (url.length > MAX_ISSUER_LENGTH) {
    return `OIDC issuer is longer than ${MAX_ISSUER_LENGTH} characters`;
  }
  const check = checkCallbackUrl(url, OUTGOING_DOMAINS, extraDomains);
  if (!check.ok) {
    return check.reason.replace(/^Cannot call back: (callback URL )?/, "OIDC issuer ");
  }
  if (check.url.search || check.url.hash || url.includes("#") || url.endsWith("?")) {
    return `OIDC issuer ${quote(url)} must not have a query or fragment`;
  }
  return undefined;
}

/**
 * Parses the claim patterns typed into one field with the verifier's own rules
 * (`parseClaimPatterns`): `claim=pattern` entries that pin at least one identifying claim.
 */
export function parseClaimsField(text: string): { ok: true; claims: string[] } | {
  ok: false;
  error: string;
} {
  const claims = splitList(text);
  if (claims.length > MAX_PATTERNS) {
    return {
      ok: false,
      error: `OIDC claims has ${claims.length} entries; at most ${MAX_PATTERNS}`,
    };
  }
  const parsed = parseClaimPatterns(claims);
  if (!parsed.ok) {
    return {
      ok: false,
      error: parsed.error.replace(/^Cannot use the service's oidc_claims: /, "OIDC claims: "),
    };
  }
  return { ok: true, claims };
}

/** Applies the given OIDC settings to `item` (already a copy); blank inputs keep the value. */
export function applyOidcSettings(
  item: ServiceItem,
  input: OidcSettingsInput,
  ctx: SettingsContext,
): Built {
  const fail = (error: string) => ({ ok: false as const, error });
  if (given(input.oidc_issuer)) {
    const issuer = input.oidc_issuer.trim();
    const problem = checkIssuer(issuer, ctx.extraDomains);
    if (problem) return fail(problem);
    item.oidc_issuer = issuer;
  }
  if (given(input.oidc_audience)) {
    const audience = input.oidc_audience.trim();
    const problem = checkText("OIDC audience", audience, MAX_AUDIENCE_LENGTH) ??
      (/\s/.test(audience)
        ? `OIDC audience ${quote(audience)} must not contain spaces`
        : undefined);
    if (problem) return fail(problem);
    item.oidc_audience = audience;
  }
  if (given(input.oidc_claims)) {
    const parsed = parseClaimsField(input.oidc_claims);
    if (!parsed.ok) return fail(parsed.error);
    item.oidc_claims = parsed.claims;
  }
  if (given(input.oidc_binding)) {
    const binding = input.oidc_binding.trim();
    if (!(OIDC_BINDINGS as readonly string[]).includes(binding)) {
      return fail(`OIDC binding ${quote(binding)} must be "request" or "single_use"`);
    }
    item.oidc_binding = binding as ServiceItem["oidc_binding"];
  }
  return { ok: true, item };
}

/**
 * Why the bot's final settings cannot identify it, or `undefined`: it needs a public key or an
 * OIDC issuer; an issuer needs usable claim patterns; audience, claims and binding mean nothing
 * without an issuer. Run after every change (an edit may clear the issuer or the claims).
 */
export function identityProblem(item: ServiceItem): string | undefined {
  const hasKey = (item.public_keys ?? []).length > 0;
  const orphans = (["oidc_claims", "oidc_audience", "oidc_binding"] as const).filter((f) =>
    item[f] !== undefined
  );
  if (!item.oidc_issuer) {
    if (orphans.length > 0) {
      return `${orphans.join(", ")} need an OIDC issuer (give oidc_issuer, or clear them)`;
    }
    if (!hasKey) {
      return "the bot needs a public key or an OIDC issuer with claim patterns to prove who it is";
    }
    return undefined;
  }
  if (item.oidc_claims === undefined || item.oidc_claims.length === 0) {
    return "OIDC claims are required with an OIDC issuer: claim=pattern entries that pin the " +
      "workload, e.g. repository=acme/api (otherwise any workload of the issuer would be accepted)";
  }
  const parsed = parseClaimPatterns(item.oidc_claims);
  return parsed.ok ? undefined : parsed.error.replace(/^Cannot use the service's /, "");
}
