/**
 * Signing a decision Statement into a DSSE envelope, and checking one offline against the app's
 * public key: the signature, the Statement's form, the subjects a deploy step expects and the
 * outcome it requires. Every refusal names its reason.
 *
 * @module
 */
import type { SigningKey } from "../callback/keys.ts";
import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, openEnvelope, signEnvelope } from "./dsse.ts";
import { quote } from "../contract/text.ts";
import { type Digest, formatDigest } from "./digest.ts";
import {
  DECISION_PREDICATE_TYPE,
  type DecisionPredicate,
  type DecisionStatement,
  STATEMENT_TYPE,
} from "./statement.ts";

/** Signs a Statement with the app's key (keyid: the app's key id). */
export function signStatement(
  key: SigningKey,
  statement: DecisionStatement,
): Promise<DsseEnvelope> {
  const payload = new TextEncoder().encode(JSON.stringify(statement));
  return signEnvelope(key.privateKey, key.keyId, IN_TOTO_PAYLOAD_TYPE, payload);
}

/** What a verifier requires besides a good signature. */
export interface AttestationChecks {
  /** Every digest must be a subject of the Statement (the request's, an artifact's). */
  subjects?: readonly Digest[];
  /** The decision's outcome must be one of these (e.g. `["approved"]`). */
  outcomes?: readonly string[];
  /** The decision must be at most this old (ms) at `now`. */
  maxAgeMs?: number;
  /** Unix ms for {@linkcode AttestationChecks.maxAgeMs} (default: the clock). */
  now?: number;
}

/** Result of {@linkcode verifyAttestation}. */
export type AttestationResult =
  | { ok: true; statement: DecisionStatement }
  | { ok: false; reason: string };

/** A value from the file, quoted and shortened for a message. */
function shown(value: unknown): string {
  if (typeof value === "string") return quote(value, 80);
  return String(JSON.stringify(value ?? null)).slice(0, 80);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why a parsed payload is not a decision Statement, if it is not. */
function statementProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "the payload is not a JSON object";
  if (value._type !== STATEMENT_TYPE) {
    return `the payload is not an in-toto Statement v1 (_type ${shown(value._type)})`;
  }
  if (value.predicateType !== DECISION_PREDICATE_TYPE) {
    return `the predicateType is ${shown(value.predicateType)}, not ${DECISION_PREDICATE_TYPE}`;
  }
  const subjects = value.subject;
  if (!Array.isArray(subjects) || subjects.length === 0) return "the Statement has no subject";
  for (const s of subjects) {
    if (!isObject(s) || !isObject(s.digest) || Object.keys(s.digest).length === 0) {
      return "a subject of the Statement has no digest";
    }
  }
  const predicate = value.predicate;
  if (!isObject(predicate) || !isObject(predicate.decision)) {
    return "the predicate has no decision";
  }
  const decision = predicate.decision as Partial<DecisionPredicate["decision"]>;
  if (typeof decision.outcome !== "string" || typeof decision.id !== "string") {
    return "the predicate's decision has no id or outcome";
  }
  return undefined;
}

/**
 * Verifies an attestation (the envelope's JSON text) against the app's public key.
 *
 * @param publicKey the app's Ed25519 public key (Web Crypto)
 * @param keyId the app's key id (derived from the public key, see `keyIdFor`)
 */
export async function verifyAttestation(
  text: string,
  publicKey: CryptoKey,
  keyId: string,
  checks: AttestationChecks = {},
): Promise<AttestationResult> {
  const opened = await openEnvelope(text, publicKey, keyId);
  if (!opened.ok) return opened;
  if (opened.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      ok: false,
      reason: `the payloadType is ${shown(opened.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
    };
  }
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(opened.payload));
  } catch {
    return { ok: false, reason: "the payload is not UTF-8 JSON" };
  }
  const problem = statementProblem(statement);
  if (problem) return { ok: false, reason: problem };
  const good = statement as DecisionStatement;
  for (const wanted of checks.subjects ?? []) {
    const found = good.subject.some((s) =>
      s.digest[wanted.algorithm]?.toLowerCase() === wanted.hex
    );
    if (!found) {
      const have = good.subject.flatMap((s) =>
        Object.entries(s.digest).map(([a, h]) => `${s.name} ${a}:${h}`)
      );
      return {
        ok: false,
        reason: `no subject has digest ${formatDigest(wanted)} (the subjects are: ${
          have.join("; ")
        })`,
      };
    }
  }
  const outcome = good.predicate.decision.outcome;
  if (checks.outcomes && checks.outcomes.length > 0 && !checks.outcomes.includes(outcome)) {
    return {
      ok: false,
      reason: `the decision's outcome is "${outcome}", not ${
        checks.outcomes.map((o) => `"${o}"`).join(" or ")
      }`,
    };
  }
  if (checks.maxAgeMs !== undefined) {
    const decidedAt = Date.parse(good.predicate.decision.decidedAt);
    const age = (checks.now ?? Date.now()) - decidedAt;
    if (!Number.isFinite(decidedAt) || age > checks.maxAgeMs) {
      return {
        ok: false,
        reason: `the decision was made at ${
          JSON.stringify(good.predicate.decision.decidedAt)
        }, more than ${formatAge(checks.maxAgeMs)} ago`,
      };
    }
  }
  return { ok: true, statement: good };
}

const AGE_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses an age such as `90s`, `30m`, `2h` or `7d` into milliseconds.
 *
 * @throws {Error} `Cannot read age …` for anything else.
 */
export function parseAge(text: string): number {
  const match = /^([0-9]{1,6})([smhd])$/.exec(text);
  if (!match || Number(match[1]) === 0) {
    throw new Error(
      `Cannot read age ${JSON.stringify(text)}: expected a positive number and a unit ` +
        "(s, m, h or d), e.g. 2h",
    );
  }
  return Number(match[1]) * AGE_UNITS[match[2]];
}

function formatAge(ms: number): string {
  for (const unit of ["d", "h", "m"]) {
    if (ms % AGE_UNITS[unit] === 0) return `${ms / AGE_UNITS[unit]}${unit}`;
  }
  return `${ms / 1000}s`;
}
