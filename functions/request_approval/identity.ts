/**
 * How the approval message shows who is asking: the verified identity from an OIDC token (signed
 * by the CI platform) apart from the fields the caller merely asserts.
 *
 * @module
 */
import type { SectionBlock } from "@slack/types";
import {
  escapeMrkdwn,
  FIELD_BUDGET,
  FIELD_TEXT_MAX,
  safeLink,
  SECTION_TEXT_MAX,
  truncate,
} from "../../lib/render/mod.ts";
import type { VerifiedAttribution } from "../../lib/oidc/attribution.ts";

/** Suffix of the labels of caller-asserted fields. */
export const ASSERTED_MARK = " _(caller-asserted)_";

/** How the service proved who it is, in words. */
export function identityText(method: string | undefined): string {
  switch (method) {
    case "oidc":
      return "OIDC token (keyless)";
    case "ed25519+oidc":
      return "Ed25519 key + OIDC token";
    case "ed25519":
      return "Ed25519 key";
    default:
      return "";
  }
}

function value(text: string | undefined, max: number = FIELD_BUDGET.short): string {
  return text ? escapeMrkdwn(text, max, false) : "_–_";
}

function field(label: string, text: string): { type: "mrkdwn"; text: string } {
  return { type: "mrkdwn", text: truncate(`*${label}*\n${text}`, FIELD_TEXT_MAX) };
}

/** The run: a link when the issuer's URL layout is known, else the run id. */
function runText(v: VerifiedAttribution): string {
  if (v.run_url) return safeLink(v.run_url, v.run_id ? `run ${v.run_id}` : "run", FIELD_BUDGET.url);
  return value(v.run_id);
}

/**
 * The "verified identity" section: what the issuer signed (actor, repository, run, commit, ref,
 * environment, workflow). Values are escaped like any outside text.
 */
export function verifiedIdentityBlock(v: VerifiedAttribution): SectionBlock {
  const issuer = escapeMrkdwn(v.issuer, FIELD_BUDGET.medium, false);
  const sha = v.sha && /^[0-9a-f]{40,64}$/i.test(v.sha)
    ? `\`${v.sha.slice(0, 12)}\``
    : value(v.sha);
  const fields = [
    field("Actor (verified)", value(v.actor)),
    field("Repository (verified)", value(v.repository, FIELD_BUDGET.medium)),
    field("Run (verified)", runText(v)),
    field("Commit (verified)", sha),
    field("Ref (verified)", value(v.ref, FIELD_BUDGET.medium)),
  ];
  if (v.environment) fields.push(field("Environment (verified)", value(v.environment)));
  if (v.workflow) fields.push(field("Workflow (verified)", value(v.workflow, FIELD_BUDGET.medium)));
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(
        `:lock: *Verified identity* — signed by the OIDC issuer \`${issuer}\``,
        SECTION_TEXT_MAX,
      ),
    },
    fields,
  };
}
