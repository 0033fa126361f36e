/**
 * Shared helpers of the proof suite: a real local platform with the demo workspace, signed
 * requests made the way a bot makes them, the outcome each workflow run recorded, and the
 * "inert rendering" check for stored message blocks.
 *
 * @module
 */
import { type ContractRequest, signRequest, type UnsignedRequest } from "../lib/contract/mod.ts";
import { isUserId, safeHttpUrl } from "../lib/render/mod.ts";
import { type Platform, type PlatformOptions, startPlatform } from "../local/server.ts";
import type { Item, WorkflowRun } from "../local/storage/types.ts";
import { APPROVE_ACTION_ID } from "../functions/request_approval/constants.ts";

/** True when the long variants should run (`PROOF_LONG=1`). */
export const LONG = (() => {
  try {
    return Deno.env.get("PROOF_LONG") === "1";
  } catch {
    return false;
  }
})();

/** `n` fuzz cases, ×10 in the long variants (`PROOF_LONG=1`). */
export const scale = (n: number): number => (LONG ? n * 10 : n);

/** A throw-away platform (in-memory storage) with the demo workspace, on a free port. */
export function proofPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  return startPlatform({
    port: 0,
    dataDir: ":memory:",
    quiet: true,
    webhookRateLimit: false,
    ...opts,
  });
}

/** The webhook URL of the app's request trigger. */
export function webhookUrl(platform: Platform): string {
  const url = platform.triggers.find((t) => t.webhook_url)?.webhook_url;
  if (!url) throw new Error("Cannot find the webhook trigger: the platform created none");
  return url;
}

/** The demo bot's private key (PKCS#8 PEM). */
export function demoKey(platform: Platform): Promise<string> {
  if (!platform.demo) throw new Error("Cannot read the demo key: no demo workspace");
  return Deno.readTextFile(platform.demo.privateKeyPath);
}

/** A valid unsigned demo request; `auto` is auto-approved by the demo policies. */
export function demoFields(
  platform: Platform,
  path: "auto" | "human",
  overrides: Partial<UnsignedRequest> = {},
): UnsignedRequest {
  const demo = platform.demo!;
  const requestId = overrides.request_id ?? crypto.randomUUID();
  return {
    service_id: demo.serviceId,
    key_id: demo.keyId,
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: path === "auto" ? "staging" : "production",
    reason: "Proof suite",
    triggered_by: demo.users.engineer,
    source_system: "proof",
    source_url: "https://ci.example.com/runs/1",
    conditions: path === "auto" ? "ci_status=passed" : "",
    ...overrides,
  };
}

/** Signs `fields` with the PEM key, as a bot does. */
export async function sign(fields: UnsignedRequest, pem: string): Promise<ContractRequest> {
  return { ...fields, signature: await signRequest(fields, pem) };
}

/** POSTs a raw body to the webhook; returns the HTTP status and the body text. */
export async function postRaw(
  url: string,
  body: string | Uint8Array,
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: "POST", body: body as BodyInit });
  return { status: res.status, text: await res.text() };
}

/** The decision record a run wrote, found through its verify step's `decision_id`. */
export function recordOfRun(platform: Platform, run: WorkflowRun): Item | undefined {
  const id = run.step_outputs["0"]?.decision_id;
  return typeof id === "string" ? platform.storage.getItem("decisions", id) : undefined;
}

/** Every run the platform has, oldest first. */
export function allRuns(platform: Platform): WorkflowRun[] {
  return platform.storage.listRuns(1_000_000).reverse();
}

/** Every item of a datastore. */
export function allItems(platform: Platform, datastore: string): Item[] {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = platform.storage.scanItems(datastore, 1000, cursor);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

/** Clicks a button of the latest message in `channel` as `user` (the page's endpoint). */
export async function click(
  platform: Platform,
  user: string,
  message: { channel: string; ts: string; blocks?: unknown[] },
  actionId = APPROVE_ACTION_ID,
  value = "approve",
): Promise<Record<string, unknown>> {
  const res = await fetch(`${platform.url}/_local/actions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      user,
      channel: message.channel,
      message_ts: message.ts,
      action_id: actionId,
      block_id: blockIdOf(message.blocks ?? [], actionId) ?? "",
      value,
    }),
  });
  return await res.json();
}

/** The block id of the block holding the element `actionId`. */
export function blockIdOf(blocks: unknown[], actionId: string): string | undefined {
  for (const block of blocks as { block_id?: string; elements?: { action_id?: string }[] }[]) {
    if (block.elements?.some((e) => e.action_id === actionId)) return block.block_id;
  }
  return undefined;
}

/** Every mrkdwn string in a Block Kit tree (plain_text is never parsed for tokens by Slack). */
export function mrkdwnTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) mrkdwnTexts(child, out);
  } else if (node && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    if (obj.type === "mrkdwn" && typeof obj.text === "string") out.push(obj.text);
    for (const value of Object.values(obj)) {
      if (value && typeof value === "object") mrkdwnTexts(value, out);
    }
  }
  return out;
}

/** What the app itself may put in `<…>` tokens for one request. */
export interface AllowedTokens {
  /** User ids the app mentions on purpose (approvers, owner, a user-id `triggered_by`). */
  users: string[];
  /** User groups the app mentions (approvers). */
  groups: string[];
  /** The request's source URL: linked only when it is a safe http(s) URL. */
  sourceUrl?: string;
}

/**
 * The `<…>` control sequences in `text` that the app did not mean to write: anything caller text
 * could have smuggled in (`<!channel>`, `<@U…>`, `<https://evil|x>`, `<#C…>` …). Slack turns
 * every `<…>` in mrkdwn into a mention, broadcast or link, so caller text must reach a message
 * only as `&lt;…&gt;`.
 */
export function unexpectedTokens(text: string, allowed: AllowedTokens): string[] {
  const safe = allowed.sourceUrl ? safeHttpUrl(allowed.sourceUrl) : undefined;
  const href = safe?.href.replace(/\|/g, "%7C").replace(/&/g, "&amp;");
  const bad: string[] = [];
  for (const [token] of text.matchAll(/<[^<>]*>/g)) {
    const inner = token.slice(1, -1);
    if (inner.startsWith("@") && allowed.users.includes(inner.slice(1))) continue;
    if (inner.startsWith("!subteam^") && allowed.groups.includes(inner.slice(9))) continue;
    if (/^!date\^\d+\^\{date_short_pretty\} \{time\}\|[0-9TZ:-]+$/.test(inner)) continue;
    // The app's own link: the validated URL, then an escaped label (which may show a `|`).
    if (href && inner.startsWith(`${href}|`)) continue;
    bad.push(token);
  }
  return bad;
}

/** The tokens allowed for a demo request with `triggered_by`. */
export function demoAllowed(
  platform: Platform,
  triggeredBy: string,
  sourceUrl: string,
): AllowedTokens {
  const users = Object.values(platform.demo!.users as Record<string, string>);
  return {
    users: isUserId(triggeredBy) ? [...users, triggeredBy] : users,
    groups: ["S0APPROVERS"],
    sourceUrl,
  };
}
