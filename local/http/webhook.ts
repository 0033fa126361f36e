/**
 * Webhook intake, all of it: `POST /triggers/<team>/<trigger>/<secret>`. The URL is the only
 * credential (as on Slack), so the full path must match the stored webhook URL; each trigger
 * accepts Slack's 10 requests per minute unless configured otherwise; the body must be flat JSON
 * (`webhook_body.ts`) and pass the trigger's filter (`webhook_filter.ts`) to start a run.
 *
 * @module
 */
import type { Storage, TriggerRecord } from "../storage/types.ts";
import { json } from "./json.ts";
import { SlidingWindow, tooManyRequests } from "./rate_limit.ts";
import { MAX_WEBHOOK_BODY_BYTES, parseWebhookBody } from "./webhook_body.ts";
import { evaluateFilter } from "./webhook_filter.ts";

/** Slack's webhook rate limit: requests per trigger per minute. */
export const WEBHOOK_RATE_LIMIT = 10;

/**
 * A sliding one-minute window per key. Returns undefined when a hit is allowed, else the seconds
 * until the next one is. `false` allows everything.
 */
export function rateLimiter(
  limit: number | false,
  now: () => number = Date.now,
): (key: string) => number | undefined {
  const window = new SlidingWindow(now);
  return (key) => limit === false ? undefined : window.hit(key, limit, 60_000);
}

/** Rewrites a stored webhook URL to this server's origin (the port may differ between starts). */
export function withOrigin(trigger: TriggerRecord, origin: string): TriggerRecord {
  if (!trigger.webhook_url) return trigger;
  return { ...trigger, webhook_url: origin + new URL(trigger.webhook_url).pathname };
}

/** What the webhook endpoint needs. */
export interface WebhookContext {
  storage: Storage;
  limited: (key: string) => number | undefined;
  startRun: (trigger: TriggerRecord, data: Record<string, unknown>) => unknown;
  log: (line: string) => void;
}

const PATH = /^\/triggers\/[A-Z0-9]+\/(Ft[A-Z0-9]+)\/[a-f0-9]+$/;

/** Handles a webhook request; answers `{"ok":true}` once the run is created. */
export async function handleWebhook(
  ctx: WebhookContext,
  req: Request,
  path: string,
): Promise<Response> {
  const match = PATH.exec(path);
  const trigger = match ? ctx.storage.getTrigger(match[1]) : undefined;
  const expected = trigger?.webhook_url ? new URL(trigger.webhook_url).pathname : undefined;
  if (!trigger || trigger.type !== "webhook" || expected !== path) {
    await req.body?.cancel();
    return json({ ok: false, error: "trigger_not_found" }, 404);
  }
  if (req.method !== "POST") return json({ ok: false, error: "method_not_allowed" }, 405);
  const retryAfter = ctx.limited(trigger.id);
  if (retryAfter !== undefined) {
    await req.body?.cancel();
    ctx.log(`[webhook] ${trigger.id} rejected: rate_limited`);
    return tooManyRequests(retryAfter, "rate_limited");
  }
  const declared = Number(req.headers.get("content-length") ?? 0);
  let text: string;
  if (declared > MAX_WEBHOOK_BODY_BYTES) {
    await req.body?.cancel();
    text = " ".repeat(MAX_WEBHOOK_BODY_BYTES + 1);
  } else {
    text = await req.text();
  }
  const parsed = parseWebhookBody(text);
  if (!parsed.ok) {
    ctx.log(`[webhook] ${trigger.id} rejected: ${parsed.error} (${parsed.detail})`);
    return json({ ok: false, error: parsed.error }, parsed.status);
  }
  const webhook = trigger.definition.webhook as { filter?: unknown } | undefined;
  const filtered = evaluateFilter(webhook?.filter, parsed.data);
  if (!filtered.ok || !filtered.match) {
    // Slack answers a filtered-out request like an accepted one; it just starts nothing.
    ctx.log(`[webhook] ${trigger.id} filtered out${filtered.ok ? "" : `: ${filtered.error}`}`);
    return json({ ok: true });
  }
  // `ok` promises the run is saved: a failed save throws here, and the router answers 500.
  ctx.startRun(trigger, parsed.data);
  return json({ ok: true });
}
