/**
 * `attest`: exports a final decision as a DSSE-signed in-toto Statement, and `attest verify`
 * checks one offline against the app's public key (see `docs/attestations.md`).
 *
 * The decision comes from a Web API (`apps.datastore.get`: the local platform or Slack) or from
 * a line of an audit export. Either way the record must carry the app key's record signature:
 * the app key signs an attestation only for what the app itself wrote.
 *
 * @module
 */
import { importPublicKey, keyIdFor } from "../lib/callback/keys.ts";
import { normalizePublicKey } from "../lib/keys/mod.ts";
import { isSealedBy } from "../lib/audit/mod.ts";
import { Decisions } from "../datastores/decisions.ts";
import {
  buildStatement,
  checkedRequestDigest,
  parseAge,
  parseDigest,
  requestSubjectDigest,
  signStatement,
  verifyAttestation,
} from "../lib/attest/mod.ts";
import { stripControl } from "../lib/render/mrkdwn.ts";
import type { Flags } from "./_args.ts";
import { apiBase, isLoopbackUrl, readLocalSecrets } from "./_audit_source.ts";
import { appKey, env, recordFromApi, recordFromExport } from "./_attest_source.ts";
import { TOKEN_ENV } from "./export.ts";

/** Value flags of `attest` (making an attestation). */
const EXPORT_ONLY = [
  "out",
  "url",
  "token",
  "data",
  "app-id",
  "key",
  "from-export",
  "id",
  "request",
];
/** Value flags of `attest verify`. */
const VERIFY_VALUES = ["public-key", "require-outcome", "max-age"];
const VERIFY_ONLY = [...VERIFY_VALUES, "subject", "json"];

/** Flags of `attest` and `attest verify` (each mode refuses the other's). */
export const ATTEST_FLAGS = {
  values: [...EXPORT_ONLY, ...VERIFY_VALUES],
  repeated: ["subject"],
  booleans: ["json"],
};

/** Largest attestation file read: one decision's statement is a few kilobytes. */
export const MAX_ATTESTATION_BYTES = 1 << 20;

function refuseFlags(flags: Flags, names: string[], mode: string): void {
  for (const name of names) {
    if (flags.values.has(name) || flags.repeated.has(name) || flags.booleans.has(name)) {
      throw new Error(`Cannot run ${mode}: --${name} does not apply here (see --help)`);
    }
  }
}

async function readText(path: string, what: string, action: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot ${action}: cannot read ${what} "${path}": ${why}`);
  }
}

/** Runs `attest …` or `attest verify …`. */
export function attest(flags: Flags, positional: string[]): Promise<void> {
  if (positional[0] === "verify") return attestVerify(flags, positional.slice(1));
  if (positional[0] === "digest") return attestDigest(flags, positional.slice(1));
  return attestExport(flags, positional);
}

async function attestExport(flags: Flags, positional: string[]): Promise<void> {
  refuseFlags(flags, VERIFY_ONLY, "attest");
  const given = flags.values.get("id");
  if (positional.length > 1 || (given && positional[0] && given !== positional[0])) {
    throw new Error("Cannot attest: give one decision id");
  }
  const id = given ?? positional[0];
  if (!id) throw new Error("Cannot attest: give the decision id (attest <decision_id> …)");
  const url = flags.values.get("url");
  const fromExport = flags.values.get("from-export");
  if (Boolean(url) === Boolean(fromExport)) {
    throw new Error("Cannot attest: give either --url (platform or Slack API) or --from-export");
  }
  const local = url !== undefined && isLoopbackUrl(apiBase(url));
  const secrets = local ? readLocalSecrets(flags.values.get("data") ?? ".countersign") : {};
  const key = await appKey(flags, secrets.appKeyPkcs8);
  let record: Record<string, unknown>;
  if (url) {
    const token = flags.values.get("token") || env(TOKEN_ENV) || secrets.botToken;
    if (!token) throw new Error(`Cannot attest: no token: set ${TOKEN_ENV} (or --token)`);
    record = await recordFromApi(flags, url, id, token);
  } else record = await recordFromExport(fromExport!, id);

  // Refusing a pending record needs no trust in it; anything attested must carry the app's seal.
  if (record.status !== "final") buildStatement(record, { appKeyId: key.keyId });
  if (!(await isSealedBy(key, Decisions.name, record))) {
    throw new Error(
      `Cannot attest decision ${JSON.stringify(id)}: its record signature does not verify with ` +
        `the app key (key id ${key.keyId}): the record was changed, is unsigned, or another key ` +
        "signed it",
    );
  }
  const requestPath = flags.values.get("request");
  let requestDigest: string | undefined;
  if (requestPath) {
    const text = await readText(requestPath, "--request", "attest");
    let request: unknown;
    try {
      request = JSON.parse(text);
    } catch {
      throw new Error(`Cannot attest: --request "${requestPath}" is not JSON`);
    }
    requestDigest = await checkedRequestDigest(record, request);
  }
  const statement = buildStatement(record, { appKeyId: key.keyId, requestDigest });
  const envelope = JSON.stringify(await signStatement(key, statement));
  const out = flags.values.get("out");
  if (!out) return console.log(envelope);
  try {
    await Deno.writeTextFile(out, envelope + "\n");
  } catch (error) {
    throw new Error(`Cannot write attestation to "${out}": ${(error as Error).message}`);
  }
  const subjects = statement.subject.flatMap((s) =>
    Object.entries(s.digest).map(([algorithm, hex]) => `${algorithm}:${hex}`)
  );
  console.error(
    `attested ${statement.predicate.decision.outcome} decision ${JSON.stringify(id)} to ${out} ` +
      `(key id ${key.keyId}; subject ${subjects.join(", ")})`,
  );
}

/** `attest digest REQUEST.json`: prints the request digest as `sha256:<hex>`. */
async function attestDigest(flags: Flags, positional: string[]): Promise<void> {
  refuseFlags(flags, [...EXPORT_ONLY, ...VERIFY_ONLY], "attest digest");
  if (positional.length !== 1) {
    throw new Error("Cannot compute request digest: give one file (attest digest REQUEST.json)");
  }
  const text = await readText(positional[0], "request", "compute request digest");
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    throw new Error(`Cannot compute request digest: "${positional[0]}" is not JSON`);
  }
  console.log(await requestSubjectDigest(request));
}

/** `--public-key`: raw base64 / PEM, or a file holding one. */
async function verifyKey(value: string): Promise<{ key: CryptoKey; keyId: string }> {
  let text = value;
  try {
    if ((await Deno.stat(value)).isFile) text = await Deno.readTextFile(value);
  } catch {
    // Not a file: the value itself is the key.
  }
  try {
    const raw = normalizePublicKey(text);
    const bytes = Uint8Array.from(atob(raw), (c) => c.charCodeAt(0));
    return { key: await importPublicKey(raw), keyId: await keyIdFor(bytes) };
  } catch (error) {
    throw new Error(`Cannot verify attestation: --public-key: ${(error as Error).message}`);
  }
}

async function attestVerify(flags: Flags, positional: string[]): Promise<void> {
  refuseFlags(flags, EXPORT_ONLY, "attest verify");
  if (positional.length !== 1) {
    throw new Error(
      "Cannot verify attestation: give one file (attest verify FILE --public-key KEY)",
    );
  }
  const keyText = flags.values.get("public-key");
  if (!keyText) {
    throw new Error("Cannot verify attestation: --public-key (the app's public key) is required");
  }
  const { key, keyId } = await verifyKey(keyText);
  const subjects = (flags.repeated.get("subject") ?? []).map((s) => {
    try {
      return parseDigest(s, "--subject");
    } catch (error) {
      throw new Error(`Cannot verify attestation: ${(error as Error).message}`);
    }
  });
  const outcomes = flags.values.get("require-outcome")?.split(",").map((o) => o.trim());
  const age = flags.values.get("max-age");
  let maxAgeMs: number | undefined;
  try {
    maxAgeMs = age === undefined ? undefined : parseAge(age);
  } catch (error) {
    throw new Error(`Cannot verify attestation: --max-age: ${(error as Error).message}`);
  }
  const path = positional[0];
  const size = await Deno.stat(path).then((s) => s.size, () => 0);
  if (size > MAX_ATTESTATION_BYTES) {
    throw new Error(
      `Cannot verify attestation "${path}": ${size} bytes is too large to be an attestation ` +
        `(at most ${MAX_ATTESTATION_BYTES})`,
    );
  }
  const text = await readText(path, "attestation", "verify attestation");
  const result = await verifyAttestation(text, key, keyId, { subjects, outcomes, maxAgeMs });
  if (!result.ok) throw new Error(`Cannot verify attestation "${path}": ${result.reason}`);
  const d = result.statement.predicate.decision;
  if (flags.booleans.has("json")) {
    console.log(JSON.stringify({ verified: true, key_id: keyId, statement: result.statement }));
    return;
  }
  const approvers = result.statement.predicate.approvers.map((a) => a.userId).join(", ");
  const line = `verified: decision ${JSON.stringify(d.id)} ${d.outcome} (${d.reasonCode}) at ` +
    `${d.decidedAt}${approvers ? ` by ${approvers}` : ""}; signed by key id ${keyId}`;
  // Signed by the app, but still no terminal control characters on a deploy log.
  console.log(stripControl(line, false));
}
