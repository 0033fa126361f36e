/**
 * Attribution taken from a verified OIDC token: who ran what, where, at which commit. It travels
 * between workflow steps and into the decision record as one JSON string (`verified_claims`),
 * because Slack function parameters cannot be free-form objects in Workflow Builder.
 *
 * The values come from the issuer's signed token, so they are *verified*, but they are still text
 * from outside: they are bounded here and escaped wherever they are shown.
 *
 * @module
 */
import { stripControl, truncate } from "../render/mrkdwn.ts";
import { claimText } from "./claims.ts";

/** The issuer of GitHub Actions tokens (github.com). */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** Verified attribution; every field is optional except the issuer and subject. */
export interface VerifiedAttribution {
  /** The token's `iss`. */
  issuer: string;
  /** The token's `sub`. */
  subject: string;
  /** Human or account that started the job (`actor`, GitLab `user_login`). */
  actor?: string;
  /** Repository or project path (`repository`, GitLab `project_path`). */
  repository?: string;
  /** Git ref the job ran for. */
  ref?: string;
  /** Commit the job ran for. */
  sha?: string;
  /** Deployment environment named by the job, if any. */
  environment?: string;
  /** Workflow / pipeline definition (`job_workflow_ref`, GitLab `ci_config_ref_uri`). */
  workflow?: string;
  /** Run id (GitHub `run_id`, GitLab `pipeline_id`). */
  run_id?: string;
  /** Link to the run, built from the issuer's known URL layout. */
  run_url?: string;
  /** Event that started the run (GitHub `event_name`, GitLab `pipeline_source`). */
  event?: string;
}

/** Longest stored value of one attribution field. */
export const MAX_ATTRIBUTION_FIELD = 300;

const FIELDS: readonly (keyof VerifiedAttribution)[] = [
  "issuer",
  "subject",
  "actor",
  "repository",
  "ref",
  "sha",
  "environment",
  "workflow",
  "run_id",
  "run_url",
  "event",
];

function bounded(value: unknown): string | undefined {
  const text = claimText(value);
  if (text === undefined) return undefined;
  const out = truncate(stripControl(text, false), MAX_ATTRIBUTION_FIELD);
  return out === "" ? undefined : out;
}

/** The first present text claim of `names`. */
function first(claims: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = Object.hasOwn(claims, name) ? bounded(claims[name]) : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

const PATH = /^[A-Za-z0-9._/-]+$/;
const DIGITS = /^[0-9]+$/;

/** The run URL for the issuers whose layout is known (github.com and GitLab instances). */
function runUrl(issuer: string, claims: Record<string, unknown>): string | undefined {
  if (issuer === GITHUB_ACTIONS_ISSUER) {
    const repo = first(claims, "repository");
    const run = first(claims, "run_id");
    const attempt = first(claims, "run_attempt");
    if (!repo || !run || !PATH.test(repo) || !DIGITS.test(run)) return undefined;
    const tail = attempt && DIGITS.test(attempt) ? `/attempts/${attempt}` : "";
    return `https://github.com/${repo}/actions/runs/${run}${tail}`;
  }
  const project = first(claims, "project_path");
  const pipeline = first(claims, "pipeline_id");
  if (project && pipeline && PATH.test(project) && DIGITS.test(pipeline)) {
    try {
      const base = new URL(issuer);
      if (base.protocol !== "https:" && base.protocol !== "http:") return undefined;
      return `${base.origin}/${project}/-/pipelines/${pipeline}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Extracts the attribution from verified claims (GitHub and GitLab names, then generic ones). */
export function attributionFromClaims(
  issuer: string,
  claims: Record<string, unknown>,
): VerifiedAttribution {
  const out: VerifiedAttribution = {
    issuer: bounded(issuer) ?? "",
    subject: first(claims, "sub") ?? "",
    actor: first(claims, "actor", "user_login", "preferred_username", "email"),
    repository: first(claims, "repository", "project_path"),
    ref: first(claims, "ref"),
    sha: first(claims, "sha"),
    environment: first(claims, "environment"),
    workflow: first(claims, "job_workflow_ref", "workflow_ref", "ci_config_ref_uri", "workflow"),
    run_id: first(claims, "run_id", "pipeline_id"),
    run_url: runUrl(issuer, claims),
    event: first(claims, "event_name", "pipeline_source"),
  };
  return dropEmpty(out);
}

function dropEmpty(value: VerifiedAttribution): VerifiedAttribution {
  const out = { issuer: value.issuer, subject: value.subject } as VerifiedAttribution;
  for (const key of FIELDS) {
    const v = value[key];
    if (typeof v === "string" && v !== "") out[key] = v;
  }
  return out;
}

/** The JSON text carried by `verified_claims` (fields in a fixed order). */
export function encodeAttribution(value: VerifiedAttribution): string {
  return JSON.stringify(dropEmpty(value));
}

/**
 * Reads `verified_claims` back. Anything that is not an object with a text `issuer` gives
 * `undefined` (an empty input means "not verified by OIDC"); unknown keys are dropped and every
 * value is bounded again, since the text passed through workflow inputs.
 */
export function decodeAttribution(text: string | undefined): VerifiedAttribution | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const out = {} as VerifiedAttribution;
  for (const key of FIELDS) {
    const value = typeof record[key] === "string" ? bounded(record[key]) : undefined;
    if (value !== undefined) out[key] = value;
  }
  if (!out.issuer) return undefined;
  out.subject ??= "";
  return out;
}
