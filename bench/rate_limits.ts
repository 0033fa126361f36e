/**
 * How many requests a minute Countersign sustains under Slack's rate limits: derived from the
 * measured Web API calls per request and Slack's budgets, and measured on the local platform
 * with the limits enforced (webhook 10/min per trigger, method tiers, chat.postMessage per
 * channel), callers that honour Retry-After and, for requests that need a human, an approver who
 * clicks Approve as soon as the message is posted, over one minute (any 60 s window is capped by
 * the limits, so the first minute from empty buckets is the sustained ceiling).
 *
 * @module
 */
import { DEMO_CHANNELS } from "../demo/workspace.ts";
import { type Platform, startPlatform } from "../local/server.ts";
import type { MessageEventDetail } from "../local/web_api/mod.ts";
import { APPROVE_ACTION_ID } from "../functions/request_approval/constants.ts";
import { budgetFor } from "../local/web_api/rate_limits.ts";
import { WEBHOOK_RATE_LIMIT } from "../local/http/webhook.ts";
import type { CallCount } from "./api_calls.ts";
import { demoRequest } from "./_demo_requests.ts";

/** The Web API budget one method allows per minute, and how many requests that carries. */
export interface MethodBound {
  method: string;
  callsPerRequest: number;
  /** Calls Slack allows per minute (chat.postMessage: per channel; the app uses two). */
  perMinute: number;
  requestsPerMinute: number;
}

/** Derived ceilings for one path (auto-approved or one approver). */
export interface DerivedCeiling {
  path: string;
  bounds: MethodBound[];
  /** The tightest Web API bound: requests per minute for the whole app. */
  appPerMinute: number;
  bottleneck: string;
  /** One bot on one webhook trigger: also capped by the trigger's 10/min. */
  botPerMinute: number;
}

/** Derives the per-minute ceilings of a path from its calls per request. */
export function deriveCeiling(path: string, calls: CallCount): DerivedCeiling {
  const bounds: MethodBound[] = Object.entries(calls.byMethod).map(([method, n]) => {
    // chat.postMessage's budget is per channel: the approval and the watcher channel differ.
    const budget = budgetFor(method, { channel: DEMO_CHANNELS.approvals.id });
    const perMinute = Math.round(budget.limit * 60_000 / budget.windowMs);
    const perChannel = method === "chat.postMessage" ? 1 : n;
    return { method, callsPerRequest: n, perMinute, requestsPerMinute: perMinute / perChannel };
  });
  const tightest = bounds.reduce((a, b) => (b.requestsPerMinute < a.requestsPerMinute ? b : a));
  return {
    path,
    bounds,
    appPerMinute: Math.floor(tightest.requestsPerMinute),
    bottleneck: tightest.method,
    botPerMinute: Math.min(WEBHOOK_RATE_LIMIT, Math.floor(tightest.requestsPerMinute)),
  };
}

/** One measured minute. */
export interface MeasuredCeiling {
  /** `auto`: auto-approved requests; `human`: each approved by a click as soon as posted. */
  path: "auto" | "human";
  /** Webhook triggers used (one per bot). */
  triggers: number;
  windowSeconds: number;
  /** Requests accepted by the webhooks within the window. */
  accepted: number;
  /** Webhook answers 429 (callers waited Retry-After, then retried). */
  webhook429: number;
  /** Requests fully decided (final record) by the end of the window. */
  decided: number;
  /** Requests decided once all work finished (retries included). */
  decidedTotal: number;
  decidedPerMinute: number;
  /** Web API calls the platform refused with 429 (the app retried them). */
  api429: number;
  /** Runs that failed (a retry would have outlasted the function's time budget). */
  failedRuns: number;
  /**
   * Runs that ended (completed or failed) without a final decision record: must be 0. A run
   * Slack rate-limits past its budget ends as `rejected` / `overloaded`, recorded.
   */
  endedUnrecorded: number;
  /** Requests recorded as `rejected` with reason `overloaded` (told to retry later). */
  overloaded: number;
  /** Why runs failed: each distinct error (numbers blanked) with its count. */
  failures: Record<string, number>;
}

/** Each distinct error of a failed run (digits blanked so like errors count together). */
function failureReasons(platform: Platform): Record<string, number> {
  const out: Record<string, number> = {};
  for (const run of platform.storage.listRuns(1_000_000)) {
    if (run.status !== "failed") continue;
    const key = (run.error ?? "").replace(/\d+/g, "N").slice(0, 200);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * Runs that ended (not running) without a final record (must be 0): the record under the
 * request's id, or the one the record step wrote under the run's own `rejected|…` id (a duplicate
 * or an overloaded copy that could not claim the request).
 */
export function endedWithoutRecord(platform: Platform): number {
  return platform.storage.listRuns(1_000_000).filter((run) => {
    if (run.workflow !== "handle_request" || run.status === "running") return false;
    const ids = [run.step_outputs["0"]?.decision_id, run.step_outputs["3"]?.decision_id];
    return !ids.some((id) =>
      typeof id === "string" && platform.storage.getItem("decisions", id)?.status === "final"
    );
  }).length;
}

/** Approves every approval message as soon as it is posted, as an approver on the page would. */
function autoApprover(platform: Platform): () => void {
  const approver = platform.demo!.users.approver1;
  const onMessage = (event: Event) => {
    const { op, message } = (event as CustomEvent<MessageEventDetail>).detail;
    if (op !== "posted" || message.ephemeral_to) return;
    const block = (message.blocks ?? []) as {
      block_id?: string;
      elements?: { action_id?: string }[];
    }[];
    const blockId = block.find((b) => b.elements?.some((e) => e.action_id === APPROVE_ACTION_ID))
      ?.block_id;
    if (!blockId) return;
    fetch(`${platform.url}/_local/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user: approver,
        channel: message.channel,
        message_ts: message.ts,
        action_id: APPROVE_ACTION_ID,
        block_id: blockId,
        value: "approve",
      }),
    }).then((res) => res.body?.cancel()).catch(() => {});
  };
  platform.api.events.addEventListener("message", onMessage);
  return () => platform.api.events.removeEventListener("message", onMessage);
}

/** Sends requests of `path` through `triggers` webhooks for `windowSeconds`, limits on. */
export async function measureCeiling(
  triggers: number,
  windowSeconds: number,
  path: "auto" | "human" = "auto",
): Promise<MeasuredCeiling> {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-limits-" });
  const platform = await startPlatform({ port: 0, dataDir, quiet: true, rateLimits: true });
  try {
    const base = platform.triggers.find((t) => t.webhook_url)!;
    const urls = [base.webhook_url!];
    for (let i = 1; i < triggers; i++) {
      // One trigger per bot, as the README recommends for busy bots.
      const created = await platform.api.call(
        "workflows.triggers.create",
        { ...base.definition, name: `Bot ${i + 1} requests` },
        platform.cliToken, // as `slack trigger create` does
      );
      const trigger = created.trigger as { webhook_url?: string } | undefined;
      if (created.ok !== true || !trigger?.webhook_url) {
        throw new Error(`Cannot create trigger ${i + 1}: ${created.error}`);
      }
      urls.push(trigger.webhook_url);
    }
    const key = await Deno.readTextFile(platform.demo!.privateKeyPath);
    const stopApproving = path === "human" ? autoApprover(platform) : () => {};
    const end = Date.now() + windowSeconds * 1000;
    let accepted = 0, webhook429 = 0;
    const ids: string[] = [];
    await Promise.all(urls.map(async (url) => {
      while (Date.now() < end) {
        const body = await demoRequest(platform, path, crypto.randomUUID(), key);
        const res = await fetch(url, { method: "POST", body: JSON.stringify(body) });
        await res.body?.cancel();
        if (res.status === 429) {
          webhook429++;
          const wait = Number(res.headers.get("retry-after") ?? 1) * 1000;
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, end - Date.now())));
          continue;
        }
        if (res.status !== 200) throw new Error(`Cannot send: webhook answered ${res.status}`);
        accepted++;
        ids.push(`${body.service_id}|${body.request_id}`);
      }
    }));
    const decided = ids.filter((id) =>
      platform.storage.getItem("decisions", id)?.status === "final"
    )
      .length;
    await platform.engine.idle();
    stopApproving();
    const counts = platform.rateLimits?.counts() ?? {};
    return {
      path,
      triggers,
      windowSeconds,
      accepted,
      webhook429,
      decided,
      decidedTotal: ids.filter((id) =>
        platform.storage.getItem("decisions", id)?.status === "final"
      )
        .length,
      decidedPerMinute: decided * 60 / windowSeconds,
      api429: Object.values(counts).reduce((sum, c) => sum + c.limited, 0),
      failedRuns: platform.storage.listRuns(100_000).filter((r) => r.status === "failed").length,
      endedUnrecorded: endedWithoutRecord(platform),
      failures: failureReasons(platform),
      // Counted by run: an overloaded copy that could not claim its request records under its own id.
      overloaded: platform.storage.listRuns(1_000_000)
        .filter((run) => run.step_outputs["3"]?.reason_code === "overloaded").length,
    };
  } finally {
    await platform.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

/** Table lines for the derived ceilings. */
export function derivedTable(rows: DerivedCeiling[]): string[] {
  const lines = [
    "| path | bottleneck (calls/request, budget/min) | whole app req/min | one bot (one trigger) req/min |",
    "| --- | --- | ---: | ---: |",
  ];
  for (const r of rows) {
    const b = r.bounds.find((x) => x.method === r.bottleneck)!;
    lines.push(
      `| ${r.path} | ${b.method} (${b.callsPerRequest}, ${b.perMinute}) | ${r.appPerMinute} | ` +
        `${r.botPerMinute} |`,
    );
  }
  return lines;
}

/** Table lines for the measured minutes. */
export function measuredTable(rows: MeasuredCeiling[]): string[] {
  const lines = [
    "| path | triggers (bots) | window s | accepted | webhook 429 | decided in window | decided/min | " +
    "decided in the end | Web API 429 (retried) | failed runs | rejected as overloaded | " +
    "runs ended without a record (must be 0) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.path} | ${r.triggers} | ${r.windowSeconds} | ${r.accepted} | ${r.webhook429} | ${r.decided} | ` +
        `${r.decidedPerMinute.toFixed(1)} | ${r.decidedTotal} | ${r.api429} | ${r.failedRuns} | ` +
        `${r.overloaded} | ${r.endedUnrecorded} |`,
    );
  }
  return lines;
}
