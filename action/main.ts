/**
 * The GitHub Action's script (action.yml, docs/github_action.md): asks Countersign with the job's
 * OIDC token (no stored key) or with a bot key from secrets, waits for the decision through a
 * decision relay, writes it to the job summary and outputs, and fails the step on anything but
 * approval. Uses only the caller SDK.
 *
 * @module
 */
import { canonicalString, type UnsignedRequest } from "../lib/contract/mod.ts";
import { boundAudience, requestDigest } from "../lib/oidc/binding.ts";
import { normalizePublicKey } from "../lib/keys/ed25519.ts";
import { type Decided, isApproved, type Pending, send, sign, waitForDecision } from "../sdk/mod.ts";

type Env = Record<string, string | undefined>;

/** What the step did. */
export interface ActionResult {
  /** 0 approved (the step passes), 1 anything else. */
  code: number;
  summary: string;
  outputs: Record<string, string>;
}

function need(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`Cannot ask Countersign: input ${name} is empty`);
  return value;
}

/** Markdown-safe text for a table cell (caller and approver text is hostile). */
export function cell(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `&#${c.charCodeAt(0)};`).replace(
    /\s+/g,
    " ",
  ).slice(0, 1000);
}

/** The job's OIDC token for `audience` (GitHub's token endpoint, `id-token: write`). */
async function oidcToken(env: Env, audience: string): Promise<string> {
  const url = need(env, "ACTIONS_ID_TOKEN_REQUEST_URL");
  const bearer = need(env, "ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  const res = await fetch(`${url}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `bearer ${bearer}` },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.value !== "string") {
    throw new Error(`Cannot get the job's OIDC token: HTTP ${res.status} (id-token: write?)`);
  }
  return body.value;
}

/** The request fields from the inputs and the run's context. */
function fields(env: Env) {
  const run = env.GITHUB_RUN_ID
    ? `${
      env.GITHUB_SERVER_URL ?? "https://github.com"
    }/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : "";
  return {
    action: need(env, "COUNTERSIGN_ACTION"),
    resource: env.COUNTERSIGN_RESOURCE?.trim() || need(env, "GITHUB_REPOSITORY"),
    environment: need(env, "COUNTERSIGN_ENVIRONMENT"),
    reason: need(env, "COUNTERSIGN_REASON"),
    triggered_by: env.GITHUB_ACTOR ?? "",
    source_system: "github-actions",
    source_url: run,
    request_id: `gha-${env.GITHUB_RUN_ID ?? "local"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}-${
      crypto.randomUUID().slice(0, 8)
    }`,
  };
}

/** Sends the request, signed with the key or proved by the job's OIDC token. */
async function ask(env: Env, serviceId: string): Promise<{ requestId: string }> {
  const webhook = need(env, "COUNTERSIGN_WEBHOOK_URL");
  const f = fields(env);
  if (env.COUNTERSIGN_PRIVATE_KEY?.trim()) {
    const identity = {
      serviceId,
      keyId: need(env, "COUNTERSIGN_KEY_ID"),
      privateKey: env.COUNTERSIGN_PRIVATE_KEY.trim(),
    };
    const request = await sign(identity, f);
    await send(webhook, request);
    return { requestId: request.request_id };
  }
  // Keyless: the token's audience names this very request (docs/oidc.md, binding "request").
  const unsigned: UnsignedRequest = {
    ...f,
    service_id: serviceId,
    key_id: "",
    timestamp: String(Math.floor(Date.now() / 1000)),
    conditions: "",
  };
  const audience = boundAudience(
    env.COUNTERSIGN_OIDC_AUDIENCE?.trim() || "countersign",
    await requestDigest(canonicalString(unsigned)),
  );
  await send(webhook, { ...unsigned, oidc_token: await oidcToken(env, audience) });
  return { requestId: unsigned.request_id };
}

/** The job summary of a result. */
export function summaryOf(result: Decided | Pending, runUrl: string): string {
  if (result.status === "pending") {
    return `### Countersign: no decision yet\n\n| | |\n|---|---|\n| Decision | \`${
      cell(result.decision_id)
    }\` |\n| State | still pending (the request stays open) |\n`;
  }
  const rows = [
    ["Outcome", `**${cell(result.outcome)}** (${cell(result.reason_code)})`],
    ["Decision", `\`${cell(result.decision_id)}\``],
    ["Approvers", result.decided_by.map(cell).join(", ") || "none"],
  ];
  if (result.denial_reason) rows.push(["Reason", cell(result.denial_reason)]);
  if (runUrl) rows.push(["Run", runUrl]);
  const mark = isApproved(result.outcome) ? "approved" : "not approved";
  return `### Countersign: ${mark}\n\n| | |\n|---|---|\n${
    rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n")
  }\n`;
}

/** Runs the action with the step's environment. Never throws: errors fail the step. */
export async function runAction(env: Env): Promise<ActionResult> {
  try {
    const serviceId = need(env, "COUNTERSIGN_SERVICE_ID");
    const { requestId } = await ask(env, serviceId);
    // Relay reads are signed with the bot key, or with a read-only key the relay alone knows.
    const readKey = env.COUNTERSIGN_PRIVATE_KEY?.trim() || need(env, "COUNTERSIGN_READ_KEY");
    const readKeyId = env.COUNTERSIGN_PRIVATE_KEY?.trim()
      ? need(env, "COUNTERSIGN_KEY_ID")
      : need(env, "COUNTERSIGN_READ_KEY_ID");
    const result = await waitForDecision({
      relayUrl: need(env, "COUNTERSIGN_RELAY_URL"),
      identity: { serviceId, keyId: readKeyId, privateKey: readKey },
      requestId,
      appPublicKey: normalizePublicKey(need(env, "COUNTERSIGN_APP_PUBLIC_KEY")),
      timeoutMs: Number(env.COUNTERSIGN_TIMEOUT_SECONDS || "3600") * 1000,
    });
    const runUrl = env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : "";
    const outcome = result.status === "pending" ? "pending" : result.outcome;
    return {
      code: result.status === "decided" && isApproved(result.outcome) ? 0 : 1,
      summary: summaryOf(result, runUrl),
      outputs: { outcome, "decision-id": result.decision_id },
    };
  } catch (error) {
    const message = (error as Error).message;
    return {
      code: 1,
      summary: `### Countersign: error\n\n${cell(message)}\n`,
      outputs: { outcome: "error" },
    };
  }
}

if (import.meta.main) {
  const env = Deno.env.toObject();
  const result = await runAction(env);
  if (env.GITHUB_STEP_SUMMARY) {
    await Deno.writeTextFile(env.GITHUB_STEP_SUMMARY, result.summary, { append: true });
  }
  if (env.GITHUB_OUTPUT) {
    const lines = Object.entries(result.outputs).map(([k, v]) => `${k}=${v}\n`).join("");
    await Deno.writeTextFile(env.GITHUB_OUTPUT, lines, { append: true });
  }
  console.log(result.summary);
  if (result.code !== 0) console.log(`::error::Countersign: ${result.outputs.outcome}`);
  Deno.exit(result.code);
}
