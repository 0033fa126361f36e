/**
 * Test harness of the OIDC verifier: a local issuer, an issuer cache on an injected clock, and a
 * registration pinned to `acme/api`. Tests only.
 *
 * @module
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { sampleRequest } from "../contract/_testing.ts";
import { canonicalString } from "../contract/canonical.ts";
import type { UnsignedRequest } from "../contract/fields.ts";
import { boundAudience, requestDigest } from "./binding.ts";
import { IssuerCache } from "./issuer.ts";
import {
  type OidcRegistration,
  type ServiceTokenResult,
  verifyServiceToken,
} from "./registration.ts";
import { issuerFetch, startTestIssuer, type TestIssuer } from "../../dev/oidc_issuer.ts";

/** Outgoing domains that let the local issuer be fetched. */
export const DOMAINS = { allowed: ["example.com"], extra: ["127.0.0.1"] };

/**
 * One clock reading for every request of a test file: a token bound to `request()` must stay bound
 * to the next `request()`, however many seconds a busy machine lets pass between the two calls.
 * (Token checks do not look at the request's timestamp; `verify_request` does, elsewhere.)
 */
const REQUEST_MS = Date.now();

/** A keyless sample request, the same each call (same timestamp) unless `change`d. */
export function request(change: Partial<UnsignedRequest> = {}): UnsignedRequest {
  return { ...sampleRequest(REQUEST_MS), key_id: "", ...change };
}

/** The request-bound audience of `req`. */
export async function audienceFor(req: UnsignedRequest): Promise<string> {
  return boundAudience("countersign", await requestDigest(canonicalString(req)));
}

/** What {@linkcode withIssuer} gives a test. */
export interface Harness {
  issuer: TestIssuer;
  service: OidcRegistration;
  cache: IssuerCache;
  /** The cache's clock (Unix ms); tokens use the real clock. */
  clock: { ms: number };
  check(token: string, req?: UnsignedRequest, service?: OidcRegistration): Promise<
    ServiceTokenResult
  >;
  /** A token bound to `req` with claim overrides. */
  tokenFor(req?: UnsignedRequest, overrides?: Record<string, unknown>): Promise<string>;
}

/** Runs `fn` with a fresh local issuer, closed afterwards. */
export async function withIssuer(fn: (h: Harness) => Promise<void>): Promise<void> {
  const issuer = await startTestIssuer();
  const clock = { ms: Date.now() };
  const sample = request();
  const cache = new IssuerCache({ fetch: issuerFetch, now: () => clock.ms });
  const service: OidcRegistration = {
    id: "ci-bot",
    oidc_issuer: issuer.issuer,
    oidc_claims: ["repository=acme/api", "ref=refs/heads/main", "environment=prod*"],
  };
  try {
    await fn({
      issuer,
      service,
      cache,
      clock,
      // One default request for both: two calls of request() could straddle a second.
      check: (token, req = sample, svc = service) =>
        verifyServiceToken(token, req, svc, { domains: DOMAINS, cache }),
      tokenFor: async (req = sample, overrides = {}) =>
        await issuer.token({ aud: await audienceFor(req), ...overrides }),
    });
  } finally {
    await issuer.close();
  }
}

/** Asserts a refusal with `code` whose detail includes `detail`. */
export function assertRejected(result: ServiceTokenResult, code: string, detail: string) {
  assertEquals(result.ok ? "accepted" : result.code, code);
  if (!result.ok) assertStringIncludes(result.detail, detail);
}
