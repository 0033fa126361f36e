/**
 * The facts and policy effect an attestation states, read from a decision record.
 *
 * @module
 */
import { decodeAttribution } from "../oidc/attribution.ts";
import { parseConditions } from "../contract/conditions.ts";
import { decodeFacts } from "../policy/facts.ts";

/** Where a fact comes from: the issuer's signed token, or the caller's own word. */
export type FactSource = "verified" | "asserted";

/** One fact the decision saw. */
export interface Fact {
  /** `oidc.<claim>` for verified OIDC attribution; the condition key for asserted conditions. */
  name: string;
  value: string;
  source: FactSource;
}

/** A non-empty string field of `record`, or undefined. */
export function text(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The policy effect a final outcome implies (records keep the outcome, not the effect). */
export function policyEffect(outcome: string): string {
  switch (outcome) {
    case "auto_approved":
      return "auto_approve";
    case "auto_denied":
      return "deny";
    case "approved":
    case "denied":
    case "expired":
    case "withdrawn":
      return "require_approval";
    default:
      return "none";
  }
}

/** Verified OIDC attribution, then the caller's asserted conditions, as facts. */
export function factsOf(record: Record<string, unknown>): Fact[] {
  const facts: Fact[] = [];
  const verified = decodeAttribution(text(record, "verified_claims"));
  for (const [name, value] of Object.entries(verified ?? {})) {
    if (typeof value === "string" && value !== "") {
      facts.push({ name: `oidc.${name}`, value, source: "verified" });
    }
  }
  const conditions = text(record, "conditions");
  if (conditions) {
    const parsed = parseConditions(conditions);
    // A stored text that no longer parses is still what the caller said: kept whole.
    if (!parsed.ok) facts.push({ name: "conditions", value: conditions, source: "asserted" });
    else {
      for (const [name, value] of parsed.conditions) {
        facts.push({ name, value, source: "asserted" });
      }
    }
  }
  // The facts the deciding rule looked at (lib/policy/facts.ts) that the above does not name:
  // the clock, the freeze windows, OIDC claims outside the attribution.
  const named = new Set(facts.map((f) => `${f.name}\u0000${f.source}`));
  for (const fact of decodeFacts(text(record, "facts"))) {
    if (named.has(`${fact.name}\u0000${fact.source}`)) continue;
    facts.push({ name: fact.name, value: fact.value, source: fact.source });
  }
  return facts;
}
