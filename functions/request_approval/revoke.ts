/**
 * Revocation that bites: when an admin disables a bot or retires a key, the bot's pending
 * requests that relied on it are ended at once through the shared closer (`close.ts`), and a
 * click on one that is not ended yet is refused. The hourly sweep ends whatever is left (and
 * requests whose key's overlap ran out by itself).
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import {
  closureOfRecord,
  type DecisionRecord,
  revocationOf,
  type ServiceTrust,
} from "../../lib/decision/mod.ts";
import { closePending } from "./close.ts";
import { q } from "./_slack.ts";
import { eachPage, queryPage } from "../_shared/pages.ts";

const message = (error: unknown) => error instanceof Error ? error.message : String(error);

/** A bot's `services` item as the revocation needs it. */
export interface RevokedService extends ServiceTrust {
  id: string;
  callback_url?: string;
  watcher_channel?: string;
}

/** What {@link endRevokedRequests} did. */
export interface RevocationSummary {
  /** Pending requests ended (`rejected` with `service_disabled` or `key_retired`). */
  ended: number;
  /** Requests that could not be ended now (a Slack error, or the time budget ran out). */
  left: number;
}

/**
 * Ends every pending request of `service` that its current state revokes, as `closedBy` (the
 * acting admin; `at`: when the revocation took effect, default now). Stops starting new closures
 * after `budgetMs`; what is left is counted and ended
 * by the next sweep (clicks on it are refused meanwhile).
 */
export async function endRevokedRequests(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  service: RevokedService,
  closedBy: string | undefined,
  opts: { now?: () => number; budgetMs?: number; at?: number } = {},
): Promise<RevocationSummary> {
  const now = opts.now ?? Date.now;
  const deadline = now() + (opts.budgetMs ?? 25_000);
  const summary: RevocationSummary = { ended: 0, left: 0 };
  const targets = { callback_url: service.callback_url, watcher_channel: service.watcher_channel };
  const page = queryPage<DecisionRecord>(client, {
    datastore: Decisions.name,
    expression: "#service_id = :service AND #status = :pending",
    expression_attributes: { "#service_id": "service_id", "#status": "status" },
    expression_values: { ":service": service.id, ":pending": "pending" },
    limit: 100,
  }, "");
  // A failed page ends the walk: what is left is the next sweep's (counted, logged).
  const pages = eachPage(async (cursor) => {
    try {
      return await page(cursor);
    } catch (error) {
      console.error(`revoke: cannot list pending requests of ${q(service.id)}: ${message(error)}`);
      summary.left++;
      return { items: [] };
    }
  });
  for await (const items of pages) {
    for (const record of items) {
      const closure = closureOfRecord(record) ??
        (record.outcome
          ? undefined
          : revocationOf(record, service, opts.at ?? now(), closedBy || "admin"));
      if (!closure) continue;
      if (now() > deadline) {
        summary.left++;
        continue;
      }
      const closed = await closePending(client, env, record.id, closure, targets);
      if (closed.result === "closed") summary.ended++;
      else if (closed.result === "error") {
        console.error(`revoke: cannot end ${q(record.id)}: ${closed.detail}`);
        summary.left++;
      }
    }
  }
  return summary;
}

/** How an admin's result line reports a revocation's reach. */
export function revocationText(summary: RevocationSummary, reason: string): string {
  const parts: string[] = [];
  if (summary.ended > 0) {
    parts.push(`ended ${summary.ended} pending request(s) as rejected (${reason})`);
  }
  if (summary.left > 0) {
    parts.push(
      `${summary.left} pending request(s) could not be ended now: the next sweep ends them, ` +
        "and clicks on them are refused",
    );
  }
  return parts.length ? `; ${parts.join("; ")}` : "";
}

/**
 * The refusal shown to someone who clicks on a request that was ended from outside, or whose bot
 * or key was revoked and the request not ended yet; undefined when the request may be decided.
 * Costs two reads (the record and the bot) per click: correctness, not a count target, decides.
 */
export async function revokedClickRefusal(
  client: SlackAPIClient,
  decisionId: string,
  now: number,
): Promise<string | undefined> {
  try {
    return await refusal(client, decisionId, now);
  } catch (error) {
    // Rate-limited past the click's budget: fail closed, and say so instead of staying silent.
    console.warn(`request_approval: cannot check ${q(decisionId)}: ${(error as Error).message}`);
    return "Cannot check this request right now (Slack is rate-limiting the app); please try again.";
  }
}

async function refusal(
  client: SlackAPIClient,
  decisionId: string,
  now: number,
): Promise<string | undefined> {
  const found = await client.apps.datastore.get<typeof Decisions.definition>({
    datastore: Decisions.name,
    id: decisionId,
  });
  // Fail closed: without the record the bot and key behind the request cannot be checked.
  if (!found.ok) return `Cannot check this request right now (${found.error}); please try again.`;
  const record = found.item?.id ? found.item as DecisionRecord : undefined;
  if (!record) return undefined;
  const ended = record.closed_by ? record : undefined;
  if (ended && (record.outcome === "rejected" || record.outcome === "expired")) {
    return `This request was ended: ${record.reason_detail || record.reason_code}.`;
  }
  if (record.status !== "pending" || record.outcome || !record.service_id) return undefined;
  const service = await client.apps.datastore.get<typeof Services.definition>({
    datastore: Services.name,
    id: record.service_id,
  });
  if (!service.ok) {
    return `Cannot check this request right now (${service.error}); please try again.`;
  }
  const closure = revocationOf(record, service.item as ServiceTrust | undefined, now);
  if (!closure) return undefined;
  console.warn(`request_approval: refused a click on ${q(decisionId)}: ${closure.reason_code}`);
  return `${closure.reason_detail}. This request will be ended as rejected.`;
}
