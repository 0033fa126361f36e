/**
 * The OIDC part of `verify_request`: settings from the function's env, the token check against
 * the service registration, and the single-use record of accepted tokens.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { OidcTokens } from "../../datastores/oidc_tokens.ts";
import { EXTRA_DOMAINS_ENV, OIDC_AUDIENCE_ENV, OUTGOING_DOMAINS } from "../../lib/config.ts";
import { parseDomainList } from "../../lib/callback/domain.ts";
import { canonicalString } from "../../lib/contract/canonical.ts";
import type { ContractRequest } from "../../lib/contract/fields.ts";
import { quote } from "../../lib/contract/text.ts";
import {
  encodeAttribution,
  type OidcRegistration,
  type OidcRejectCode,
  type OidcSettings,
  requestDigest,
  tokenRecordExpiry,
  type VerifiedToken,
  verifyServiceToken,
} from "../../lib/oidc/mod.ts";
import { IssuerCache } from "../../lib/oidc/issuer.ts";
import { envSetting } from "../_shared/env.ts";
import { encodeFacts } from "../../lib/policy/facts.ts";
import { oidcClaimFacts } from "../../lib/policy/observed.ts";

/**
 * The issuer cache shared by every verification in this isolate. Its `fetch` is looked up at
 * call time, so a platform's outgoing guard applies.
 */
export const sharedIssuerCache: IssuerCache = new IssuerCache({
  fetch: (url, init) => fetch(url, init),
});

/** OIDC settings from the env: the app audience and the run-time extra outgoing domains. */
export function oidcSettings(env: Record<string, string> | undefined): OidcSettings {
  return {
    audience: envSetting(env, OIDC_AUDIENCE_ENV),
    domains: {
      allowed: OUTGOING_DOMAINS,
      extra: parseDomainList(envSetting(env, EXTRA_DOMAINS_ENV)),
    },
    cache: sharedIssuerCache,
  };
}

/** How the caller proved its identity, as recorded in `identity_method`. */
export function identityMethod(signature: boolean, token: boolean): string {
  return [signature ? "ed25519" : "", token ? "oidc" : ""].filter(Boolean).join("+");
}

/** A checked token together with the request digest it was checked for. */
export interface CheckedToken {
  token: VerifiedToken;
  digest: string;
  /** `verified_claims` output (JSON). */
  claimsJson: string;
  /** `verified_facts` output: the token's claims as `oidc.<claim>` facts (JSON). */
  factsJson: string;
}

/** Verifies the request's token; the failure carries a reason code. */
export async function checkToken(
  request: ContractRequest,
  service: OidcRegistration,
  env: Record<string, string> | undefined,
): Promise<
  { ok: true; checked: CheckedToken } | {
    ok: false;
    code: OidcRejectCode | "oidc_not_configured";
    detail: string;
  }
> {
  let result: Awaited<ReturnType<typeof verifyServiceToken>>;
  try {
    result = await verifyServiceToken(
      request.oidc_token ?? "",
      request,
      service,
      oidcSettings(env),
    );
  } catch (err) {
    // Never expected (the verifier turns every failure into a code), but caller input must
    // never fail the workflow before a record exists.
    const why = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      code: "oidc_invalid_token",
      detail: `Cannot verify the OIDC token: ${why}`,
    };
  }
  if (!result.ok) return result;
  return {
    ok: true,
    checked: {
      token: result,
      digest: await requestDigest(canonicalString(request)),
      claimsJson: encodeAttribution(result.attribution),
      factsJson: encodeFacts(oidcClaimFacts(result.claims, result.attribution.issuer)),
    },
  };
}

/** Result of {@linkcode consumeToken}. */
export type ConsumeResult =
  | { ok: true }
  | { ok: false; code: "oidc_token_replayed"; detail: string }
  | { error: string };

/**
 * Records the token as used by this request, refusing it when it was used before. Like the
 * request replay check, this is a read then a write: Slack datastores have no conditional put,
 * so two uses within the same instant are not guaranteed to be told apart (docs/oidc.md).
 */
export async function consumeToken(
  client: SlackAPIClient,
  checked: CheckedToken,
  decisionId: string,
  now: number,
): Promise<ConsumeResult> {
  const id = checked.token.useId;
  const found = await client.apps.datastore.get<typeof OidcTokens.definition>({
    datastore: OidcTokens.name,
    id,
  });
  if (!found.ok) return { error: `Cannot check OIDC token use ${quote(id)}: ${found.error}` };
  if (found.item?.id) {
    return {
      ok: false,
      code: "oidc_token_replayed",
      detail: "Cannot accept the OIDC token: it was already used by request " +
        `${quote(String(found.item.decision_id ?? ""), 120)}; a token is good for one request`,
    };
  }
  const put = await client.apps.datastore.put<typeof OidcTokens.definition>({
    datastore: OidcTokens.name,
    item: {
      id,
      issuer: checked.token.attribution.issuer,
      request_digest: checked.digest,
      decision_id: decisionId,
      used_at: now,
      expires_at: tokenRecordExpiry(checked.token.expiresAt, now),
    },
  });
  if (!put.ok) return { error: `Cannot record OIDC token use ${quote(id)}: ${put.error}` };
  return { ok: true };
}
