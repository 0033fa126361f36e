/**
 * Request–token conflicts. A request carries caller-asserted fields; its OIDC token carries
 * issuer-signed claims. Where both speak of the same thing and disagree, approvers would see two
 * stories side by side, and a policy or allow-list would act on the caller's. Such a request is
 * refused as `oidc_claim_conflict`, naming both values (docs/oidc.md, "When the request and the
 * token disagree"). Checked:
 *
 * - `environment` against the token's `environment` (GitHub environment, GitLab environment);
 * - `triggered_by` against the token's `actor` / `triggering_actor` (GitHub) or `user_login` /
 *   `user_email` (GitLab), usernames compared without case as both platforms do; unless the job
 *   runs as a bot account (GitHub `…[bot]`, GitLab `project_N_bot…` / `group_N_bot…`), where
 *   `triggered_by` may name the person the bot acts for;
 * - `source_url`, when it is a run URL on the host of the token's own run (GitHub
 *   `/<owner>/<repo>/actions/runs/<id>`, GitLab `/<project>/-/pipelines/<id>` or `/-/jobs/<id>`),
 *   against the token's repository (or project) and run id.
 *
 * A field the caller leaves empty, or a claim the token does not carry, is no conflict.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { GITHUB_ACTIONS_ISSUER, type VerifiedAttribution } from "./attribution.ts";
import { claimText } from "./claims.ts";

/** The caller-asserted fields compared with the token. */
export interface AssertedFields {
  environment?: string;
  triggered_by?: string;
  source_url?: string;
}

/** One disagreement between a request field and a verified claim. */
export interface ClaimConflict {
  /** The request field. */
  field: keyof AssertedFields;
  /** The token claim it disagrees with. */
  claim: string;
  asserted: string;
  verified: string;
  /** `Cannot accept the request: …`, with both values. */
  detail: string;
}

const ACTOR_CLAIMS = ["actor", "triggering_actor", "user_login", "user_email"] as const;
const BOT_ACCOUNT = /\[bot\]$|^(?:project|group)_\d+_bot/;

function text(claims: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(claims, name) ? claimText(claims[name]) : undefined;
  return value === undefined || value === "" ? undefined : value;
}

function conflict(
  field: keyof AssertedFields,
  claim: string,
  asserted: string,
  verified: string,
  what: string = field,
): ClaimConflict {
  return {
    field,
    claim,
    asserted,
    verified,
    detail: `Cannot accept the request: its ${what} is ${quote(asserted, 120)} but its verified ` +
      `OIDC token says ${quote(verified, 120)} (claim ${quote(claim)}); the request and the ` +
      "token must agree (send the token's value, or leave the field empty)",
  };
}

/** The first conflict between the request and the verified token, or `undefined`. */
export function findClaimConflict(
  request: AssertedFields,
  claims: Record<string, unknown>,
  attribution: VerifiedAttribution,
): ClaimConflict | undefined {
  const environment = text(claims, "environment");
  if (request.environment && environment !== undefined && request.environment !== environment) {
    return conflict("environment", "environment", request.environment, environment);
  }
  const who = request.triggered_by;
  const actors = ACTOR_CLAIMS.map((name) => [name, text(claims, name)] as const)
    .filter((pair): pair is readonly [typeof ACTOR_CLAIMS[number], string] => !!pair[1]);
  if (who && actors.length > 0 && !actors.some(([, v]) => BOT_ACCOUNT.test(v))) {
    const same = actors.some(([, v]) => v.toLowerCase() === who.toLowerCase());
    if (!same) return conflict("triggered_by", actors[0][0], who, actors[0][1]);
  }
  return request.source_url ? runConflict(request.source_url, claims, attribution) : undefined;
}

/** A `source_url` naming another repository's or another run's page on the token's CI host. */
function runConflict(
  sourceUrl: string,
  claims: Record<string, unknown>,
  attribution: VerifiedAttribution,
): ClaimConflict | undefined {
  if (!attribution.run_url || !attribution.repository) return undefined;
  let source: URL;
  try {
    source = new URL(sourceUrl);
  } catch {
    return undefined;
  }
  if (source.origin !== new URL(attribution.run_url).origin) return undefined;
  const github = attribution.issuer === GITHUB_ACTIONS_ISSUER;
  const match = github
    ? /^\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)(?:\/|$)/.exec(source.pathname)
    : /^\/(.+?)\/-\/(?:pipelines\/(\d+)|jobs\/\d+)(?:\/|$)/.exec(source.pathname);
  if (!match) return undefined;
  const [, repository, runId] = match;
  const repoClaim = github ? "repository" : "project_path";
  if (decoded(repository).toLowerCase() !== attribution.repository.toLowerCase()) {
    return conflict(
      "source_url",
      repoClaim,
      sourceUrl,
      attribution.repository,
      `source_url (a run of ${quote(repository, 120)})`,
    );
  }
  const runClaim = github ? "run_id" : "pipeline_id";
  const verifiedRun = text(claims, runClaim);
  if (runId !== undefined && verifiedRun !== undefined && runId !== verifiedRun) {
    return conflict(
      "source_url",
      runClaim,
      sourceUrl,
      verifiedRun,
      `source_url (run ${quote(runId)})`,
    );
  }
  return undefined;
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
