/**
 * The pin rule: which claim patterns name the workload. A public issuer such as GitHub's signs
 * tokens for every repository in the world, so a registration must constrain a claim that says
 * *whose* job it is, and constrain it so that no other owner's job can match.
 *
 * A pattern pins when it is an exact value (no `*` or `?`) of an identifying claim, or when its
 * literal part before the first wildcard already contains the owner: `repository=acme/*` pins
 * (every repository of `acme`), `repository=*` / `?*` / `*\/*` / `acme*` do not (the last also
 * matches `acme-evil/x`). Ids and owner names (`repository_id`, `repository_owner`, …) pin only
 * as exact values. `job_workflow_ref` and GitLab's `ci_config_ref_uri` name the workflow *code*,
 * which another repository may run (a public reusable workflow, a CI file included from another
 * project), so they never pin on their own. See `docs/oidc.md`, "The pin rule".
 *
 * @module
 */
import { quote } from "../contract/text.ts";

/** How a pattern on one identifying claim must look to pin the workload. */
export interface PinRule {
  claim: string;
  /** What a value of the claim names (documentation and messages). */
  names: string;
  /**
   * Accepted literal parts before the first wildcard, each naming the owner and ending at a
   * separator; empty: only an exact value pins.
   */
  prefixes: readonly RegExp[];
  /** Good pins, for messages. */
  examples: readonly string[];
}

/** The identifying claims and their rules (GitHub Actions, GitLab CI, Buildkite `sub`). */
export const PIN_RULES: readonly PinRule[] = [
  {
    claim: "sub",
    names: "the workload's subject",
    prefixes: [
      /^repo:[^/:]+\//, // GitHub: repo:<owner>/<repo>:…
      /^(?:repository_owner|repository_owner_id|repository_id):[^:]+:/, // GitHub custom subjects
      /^project_path:[^/:]+\//, // GitLab: project_path:<group>/<project>:…
      /^organization:[^:]+:/, // Buildkite: organization:<org>:pipeline:…
    ],
    examples: ["sub=repo:acme/api:environment:production", "sub=repo:acme/api:*"],
  },
  {
    claim: "repository",
    names: "a GitHub repository, owner/name",
    prefixes: [/^[^/]+\//],
    examples: ["repository=acme/api", "repository=acme/*"],
  },
  {
    claim: "repository_owner",
    names: "a GitHub user or organization",
    prefixes: [],
    examples: ["repository_owner=acme"],
  },
  {
    claim: "repository_id",
    names: "a GitHub repository id",
    prefixes: [],
    examples: ["repository_id=123456789"],
  },
  {
    claim: "repository_owner_id",
    names: "a GitHub owner id",
    prefixes: [],
    examples: ["repository_owner_id=9919"],
  },
  {
    claim: "workflow_ref",
    names: "the run's own workflow file, owner/repo/path@ref",
    prefixes: [/^[^/]+\//],
    examples: ["workflow_ref=acme/api/.github/workflows/deploy.yml@refs/heads/main"],
  },
  {
    claim: "project_path",
    names: "a GitLab project, group/…/project",
    prefixes: [/^[^/]+\//],
    examples: ["project_path=acme/api", "project_path=acme/*"],
  },
  {
    claim: "project_id",
    names: "a GitLab project id",
    prefixes: [],
    examples: ["project_id=42"],
  },
  {
    claim: "namespace_path",
    names: "a GitLab group or user namespace",
    prefixes: [/^[^/]+\//],
    examples: ["namespace_path=acme", "namespace_path=acme/*"],
  },
  {
    claim: "namespace_id",
    names: "a GitLab namespace id",
    prefixes: [],
    examples: ["namespace_id=7"],
  },
];

/** Claims that can pin the workload (see {@linkcode PIN_RULES}). */
export const IDENTIFYING_CLAIMS: readonly string[] = PIN_RULES.map((rule) => rule.claim);

/** Claims that look identifying but never pin on their own, and why. */
export const NOT_PINS: Readonly<Record<string, string>> = {
  job_workflow_ref: "it names the workflow code, which any repository may call when it is public",
  ci_config_ref_uri: "it names the CI file, which another project may include",
};

/** The literal part of a pattern: everything before its first `*` or `?`. */
export function literalPrefix(pattern: string): string {
  const cut = pattern.search(/[*?]/);
  return cut < 0 ? pattern : pattern.slice(0, cut);
}

/**
 * Why `claim=pattern` does not pin the workload, or `undefined` when it does. Patterns of claims
 * outside {@linkcode IDENTIFYING_CLAIMS} never pin.
 */
export function pinProblem(claim: string, pattern: string): string | undefined {
  const shown = quote(`${claim}=${pattern}`, 120);
  const rule = PIN_RULES.find((r) => r.claim === claim);
  if (!rule) {
    return Object.hasOwn(NOT_PINS, claim)
      ? `${shown} does not pin the workload: ${NOT_PINS[claim]}`
      : `${shown} does not pin the workload: ${quote(claim)} is not an identifying claim`;
  }
  const literal = literalPrefix(pattern);
  if (literal === pattern) return undefined; // an exact value
  if (literal === "") {
    return `${shown} does not pin the workload: it starts with a wildcard, so it matches ` +
      "anyone's value";
  }
  if (rule.prefixes.length === 0) {
    return `${shown} does not pin the workload: ${quote(claim)} (${rule.names}) pins only ` +
      `as an exact value, e.g. ${rule.examples[0]}`;
  }
  if (rule.prefixes.some((prefix) => prefix.test(literal))) return undefined;
  return `${shown} does not pin the workload: the part before the first wildcard ` +
    `(${quote(literal)}) must name the owner and end at a separator, e.g. ` +
    rule.examples.join(" or ");
}

/** A sentence saying what a good pin looks like. */
export const GOOD_PINS = "a good pin is an exact value, or keeps the owner literal: " +
  "repository=acme/api, repository=acme/*, sub=repo:acme/api:*, repository_owner=acme, " +
  "project_path=acme/api";
