/**
 * The sweep itself: pages through every pending decision with cursors and applies
 * {@link planSweep} to each, checking every Web API result.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import type { ServicesItem } from "../_shared/items.ts";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import { expireDecision } from "../request_approval/expire.ts";
import { closePending } from "../request_approval/close.ts";
import { type Approvers, escalationText, reminderText } from "./messages.ts";
import { planSweep, type Shares } from "./plan.ts";
import { eachPage, queryPage } from "../_shared/pages.ts";

const FAILURE = "Cannot sweep pending approvals";

/** Counts of one sweep (the function's outputs). */
export interface SweepResult {
  examined: number;
  reminded: number;
  escalated: number;
  expired: number;
  /** Requests ended because their bot was disabled or their key retired. */
  revoked: number;
  failed: number;
  /** False when the time budget ran out; the next sweep continues. */
  complete: boolean;
}

/** Options of {@link sweepPending}. */
export interface SweepOptions {
  shares: Shares;
  /** Clock (Unix ms), read for each decision. */
  now?: () => number;
  /** Stop starting new work after this many ms (hosted functions get 60 s). */
  budgetMs?: number;
  /** Items per datastore page. */
  pageSize?: number;
  /** The function's env (settings passed on by the handler). */
  env?: Record<string, string>;
}

/** Quotes a value for a log line (JSON keeps hostile text on one line). */
const q = (v: unknown) => JSON.stringify(String(v ?? "")).slice(0, 200);

/**
 * Sweeps every pending decision once.
 *
 * @throws {Error} `Cannot sweep pending approvals: …` when the datastore cannot be read.
 */
export async function sweepPending(
  client: SlackAPIClient,
  opts: SweepOptions,
): Promise<SweepResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const budget = opts.budgetMs ?? 45_000;
  const result: SweepResult = {
    examined: 0,
    reminded: 0,
    escalated: 0,
    expired: 0,
    revoked: 0,
    failed: 0,
    complete: true,
  };
  const services = new Map<string, ServicesItem | undefined>();
  const page = queryPage<DecisionRecord>(client, {
    datastore: Decisions.name,
    expression: "#status = :pending",
    expression_attributes: { "#status": "status" },
    expression_values: { ":pending": "pending" },
    limit: opts.pageSize ?? 100,
  }, FAILURE);
  // The budget is checked before each page is asked for, and before each item.
  const pages = eachPage(
    async (cursor) => {
      if (now() - started <= budget) return await page(cursor);
      result.complete = false;
      return { items: [] };
    },
    { failure: FAILURE },
  );
  for await (const items of pages) {
    for (const item of items) {
      if (now() - started > budget) {
        result.complete = false;
        break;
      }
      result.examined++;
      await sweepOne(client, item, services, now(), opts, result);
    }
    if (!result.complete) break;
  }
  return result;
}

async function serviceOf(
  client: SlackAPIClient,
  id: string | undefined,
  cache: Map<string, ServicesItem | undefined>,
): Promise<ServicesItem | undefined> {
  if (!id) return undefined;
  if (cache.has(id)) return cache.get(id);
  const res = await client.apps.datastore.get<typeof Services.definition>({
    datastore: Services.name,
    id,
  });
  if (!res.ok) console.warn(`sweep_pending: cannot read service ${q(id)}: ${res.error}`);
  const info = res.ok && res.item?.id ? res.item as ServicesItem : undefined;
  cache.set(id, info);
  return info;
}

async function sweepOne(
  client: SlackAPIClient,
  record: DecisionRecord,
  services: Map<string, ServicesItem | undefined>,
  now: number,
  opts: SweepOptions,
  result: SweepResult,
): Promise<void> {
  const service = await serviceOf(client, record.service_id, services);
  const plan = planSweep(record, service, now, opts.shares);
  const targets = {
    callback_url: service?.callback_url,
    watcher_channel: service?.watcher_channel,
  };
  if (plan.close) {
    const closed = await closePending(client, opts.env, record.id, plan.close, targets);
    if (closed.result === "error") {
      console.error(`sweep_pending: cannot end ${q(record.id)}: ${closed.detail}`);
      result.failed++;
    }
    if (closed.result !== "closed") return;
    if (closed.closure.outcome === "expired") result.expired++;
    else result.revoked++;
    return;
  }
  if (plan.expire) {
    const expired = await expireDecision(client, record, now, opts.env, targets);
    if (expired === "error") result.failed++;
    if (expired === "expired") result.expired++;
    return;
  }
  if (!plan.remind && !plan.escalate_to) return;
  // The page may be minutes old: re-read so a request decided meanwhile is neither reminded nor
  // touched (a final record is signed; adding fields to it would break its signature).
  const fresh = await client.apps.datastore.get<typeof Decisions.definition>({
    datastore: Decisions.name,
    id: record.id,
  });
  if (!fresh.ok) {
    console.warn(`sweep_pending: cannot re-read ${q(record.id)}: ${fresh.error}`);
    result.failed++;
    return;
  }
  const current = fresh.item as DecisionRecord | undefined;
  if (current?.status !== "pending" || current.outcome) return;
  if (!record.message_channel) {
    console.warn(`sweep_pending: ${q(record.id)} has no approval message to reply to`);
    result.failed++;
    return;
  }
  const approvers: Approvers = {
    users: service?.approver_users ?? [],
    usergroup: service?.approver_usergroup,
  };
  const text = plan.escalate_to
    ? escalationText(record, plan.escalate_to, approvers)
    : reminderText(record, approvers);
  const posted = await client.chat.postMessage({
    channel: record.message_channel,
    text,
    ...(record.message_ts ? { thread_ts: record.message_ts } : {}),
  });
  if (!posted.ok) {
    console.warn(`sweep_pending: cannot remind on ${q(record.id)}: ${posted.error}`);
    result.failed++;
    return;
  }
  // Marked after posting: a failed post is retried by the next sweep; a failed mark may repeat
  // one reminder, which is the better way round.
  const marked = await client.apps.datastore.update<typeof Decisions.definition>({
    datastore: Decisions.name,
    item: {
      id: record.id,
      reminded_at: record.reminded_at || now,
      ...(plan.escalate_to ? { escalated_at: now, escalated_to: plan.escalate_to } : {}),
    },
  });
  if (!marked.ok) {
    console.error(`sweep_pending: cannot mark ${q(record.id)} as reminded: ${marked.error}`);
    result.failed++;
  }
  if (plan.escalate_to) result.escalated++;
  else result.reminded++;
}
