/**
 * The in-toto Statement (v1) of one final decision, and its predicate
 * (`https://countersign.dev/attestation/decision/v1`, documented in `docs/attestations.md`).
 *
 * Built only from the decision record's stable fields, so the same record always gives the same
 * bytes (and, Ed25519 being deterministic, the same envelope).
 *
 * @module
 */
import { type Fact, factsOf, policyEffect, text } from "./facts.ts";

export { type Fact, factsOf, type FactSource, policyEffect } from "./facts.ts";
import { quote } from "../contract/text.ts";
import { parseDigest, requestDigestHex } from "./digest.ts";
import { isMessageDigest } from "../decision/seen.ts";

/** `_type` of an in-toto Statement v1. */
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

/** `predicateType` of a Countersign decision. */
export const DECISION_PREDICATE_TYPE = "https://countersign.dev/attestation/decision/v1";

/** Name prefix of the request subject: `countersign:request:<service_id>/<request_id>`. */
export const REQUEST_SUBJECT_PREFIX = "countersign:request:";

/** Name of the artifact subject (the artifact the caller named in its signed request). */
export const ARTIFACT_SUBJECT_NAME = "countersign:artifact";

/** An in-toto ResourceDescriptor as a subject: a name and a DigestSet. */
export interface Subject {
  name: string;
  digest: Record<string, string>;
}

/** The predicate of a decision attestation. */
export interface DecisionPredicate {
  decision: {
    id: string;
    serviceId: string;
    requestId: string;
    outcome: string;
    reasonCode: string;
    /** RFC 3339 (UTC). */
    decidedAt: string;
    requestedAt?: string;
    /** The decision whose scoped approval let this one through without asking humans. */
    scopedBy?: string;
  };
  /** The signed request fields the decision was about (the caller's own words). */
  request: {
    action: string;
    resource: string;
    environment: string;
    reason?: string;
    triggeredBy?: string;
    sourceSystem?: string;
    sourceUrl?: string;
  };
  /**
   * Humans who approved or denied; empty for policy decisions, rejections and expiries.
   * `messageDigest`: the approval message that person acted on (`sha256:<hex>`), when recorded.
   */
  approvers: { userId: string; decidedAt: string; messageDigest?: string }[];
  /**
   * The policy applied; `effect` is `auto_approve`, `deny`, `require_approval` or `none`.
   * `approverGroups` / `groupsRequired`: the rule's sign-off across user groups, when it had one.
   */
  policy: {
    id?: string;
    name?: string;
    effect: string;
    approverGroups?: string;
    groupsRequired?: number;
  };
  /**
   * How the caller proved who it is: `ed25519`, `oidc`, `ed25519+oidc`, or `none` when the
   * record names no method. `keyId`: the bot's key (Ed25519 methods).
   */
  identity: { method: string; keyId?: string };
  facts: Fact[];
  /** The app key that signed this attestation (the same key id as on records and callbacks). */
  attester: { keyId: string };
}

/** An in-toto Statement v1 with the decision predicate. */
export interface DecisionStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof DECISION_PREDICATE_TYPE;
  predicate: DecisionPredicate;
}

/** What the statement is built from besides the record. */
export interface StatementOptions {
  /** Key id of the app key that will sign the envelope. */
  appKeyId: string;
  /**
   * The request digest (unpadded base64url, as `requestDigest` returns) when the record does not
   * carry `request_digest`: computed by the caller from the signed request it checked against the
   * record. When both are present they must agree.
   */
  requestDigest?: string;
}

function iso(ms: unknown): string | undefined {
  return typeof ms === "number" && Number.isFinite(ms) && ms > 0
    ? new Date(ms).toISOString()
    : undefined;
}

function required(record: Record<string, unknown>, key: string, id: string): string {
  const value = text(record, key);
  if (value === undefined) {
    throw new Error(`Cannot attest decision ${quote(id, 200)}: the record has no ${key}`);
  }
  return value;
}

/**
 * The Statement of a final decision record.
 *
 * @throws {Error} `Cannot attest decision "<id>": …` for a record that is not final, lacks a
 *   stable field, has no request digest, or carries a malformed `artifact_digest`.
 */
export function buildStatement(
  record: Record<string, unknown>,
  options: StatementOptions,
): DecisionStatement {
  const id = typeof record.id === "string" ? record.id : "";
  const fail = (why: string) => new Error(`Cannot attest decision ${quote(id, 200)}: ${why}`);
  if (!id) throw fail("the record has no id");
  if (record.status !== "final") {
    throw fail(
      `it is not final (status ${quote(String(record.status ?? "none"))}): ` +
        "only a final decision can be attested",
    );
  }
  const outcome = required(record, "outcome", id);
  const decidedAt = iso(record.decided_at);
  if (!decidedAt) throw fail("the record has no decided_at");

  const recorded = text(record, "request_digest");
  if (recorded && options.requestDigest && recorded !== options.requestDigest) {
    throw fail(
      `the given request's digest ${quote(options.requestDigest)} is not the recorded ` +
        `request_digest ${quote(recorded)}`,
    );
  }
  const digest = recorded ?? options.requestDigest;
  if (!digest) {
    throw fail("the record carries no request_digest: give the signed request it decided");
  }
  const serviceId = required(record, "service_id", id);
  const requestId = required(record, "request_id", id);
  const subject: Subject[] = [{
    name: `${REQUEST_SUBJECT_PREFIX}${serviceId}/${requestId}`,
    digest: { sha256: requestDigestHex(digest) },
  }];
  const artifact = text(record, "artifact_digest");
  if (artifact) {
    const parsed = parseDigest(artifact, "the record's artifact_digest");
    subject.push({ name: ARTIFACT_SUBJECT_NAME, digest: { [parsed.algorithm]: parsed.hex } });
  }

  const decidedBy = Array.isArray(record.decided_by)
    ? record.decided_by.filter((u): u is string => typeof u === "string" && u !== "")
    : [];
  // What each decider saw pairs with them by position; a list that does not pair up is refused.
  const seen = Array.isArray(record.seen_digests) ? record.seen_digests : [];
  if (seen.length > 0 && (seen.length !== decidedBy.length || !seen.every(isMessageDigest))) {
    throw fail("the record's seen_digests do not pair one well-formed digest with each decider");
  }
  /** Record fields under their predicate names (lowerCamelCase), when present. */
  const optional = <K extends string>(names: Record<K, string>) => {
    const out: Partial<Record<K, string>> = {};
    for (const [name, field] of Object.entries(names) as [K, string][]) {
      const value = text(record, field);
      if (value !== undefined) out[name] = value;
    }
    return out;
  };

  const requestedAt = iso(record.requested_at);
  const keyId = text(record, "key_id");
  const policyId = text(record, "policy_id");
  const policyName = text(record, "policy_name");
  const scopedBy = text(record, "scoped_by");
  const groups = text(record, "approver_groups");
  return {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: DECISION_PREDICATE_TYPE,
    predicate: {
      decision: {
        id,
        serviceId,
        requestId,
        outcome,
        reasonCode: text(record, "reason_code") ?? "",
        decidedAt,
        ...(requestedAt ? { requestedAt } : {}),
        ...(scopedBy ? { scopedBy } : {}),
      },
      request: {
        action: text(record, "action") ?? "",
        resource: text(record, "resource") ?? "",
        environment: text(record, "environment") ?? "",
        ...optional({
          reason: "reason",
          triggeredBy: "triggered_by",
          sourceSystem: "source_system",
          sourceUrl: "source_url",
        }),
      },
      // The record keeps one decision time; each approver's vote is at or before it.
      approvers: decidedBy.map((userId, i) => ({
        userId,
        decidedAt,
        ...(seen[i] ? { messageDigest: seen[i] } : {}),
      })),
      policy: {
        ...(policyId ? { id: policyId } : {}),
        ...(policyName ? { name: policyName } : {}),
        effect: policyEffect(outcome),
        ...(groups ? { approverGroups: groups } : {}),
        ...(groups && Number.isInteger(record.groups_required)
          ? { groupsRequired: record.groups_required as number }
          : {}),
      },
      identity: {
        // None recorded: a rejection before the caller was verified, or an older record.
        method: text(record, "identity_method") ?? "none",
        ...(keyId ? { keyId } : {}),
      },
      facts: factsOf(record),
      attester: { keyId: options.appKeyId },
    },
  };
}
