/**
 * Webhook → decision load on the local platform at several concurrency levels, next to a bare
 * `Deno.serve` answering the same POSTs in the same run (the baseline of the ratio).
 *
 * @module
 */
import { startPlatform } from "../local/server.ts";
import type { ContractRequest } from "../lib/contract/mod.ts";
import { decisionRecorded, demoRequest, post, webhookUrl } from "./_demo_requests.ts";

/** Figures for one concurrency level. */
export interface LoadResult {
  concurrency: number;
  requests: number;
  /** Auto-approved requests fully decided per second. */
  platformRps: number;
  p50Ms: number;
  p99Ms: number;
  /** Bare Deno.serve requests per second at the same concurrency. */
  bareRps: number;
  /** platformRps / bareRps. */
  ratio: number;
}

/** The `q` quantile (0–1) of `values`, nearest-rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function runWorkers<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / 1000;
}

/**
 * Shortest bare measurement, in seconds. A few hundred requests to a bare server take tens of
 * milliseconds, where one scheduling hiccup on a shared machine moves the result severalfold.
 */
const BARE_MIN_SECONDS = 1;

async function bareRps(concurrency: number, requests: number, body: unknown): Promise<number> {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    await req.text();
    return Response.json({ ok: true });
  });
  const url = `http://127.0.0.1:${server.addr.port}/`;
  try {
    let sent = 0;
    let seconds = 0;
    while (seconds < BARE_MIN_SECONDS) {
      seconds += await runWorkers(
        Array.from({ length: requests }),
        concurrency,
        () => post(url, body),
      );
      sent += requests;
    }
    return sent / seconds;
  } finally {
    await server.shutdown();
  }
}

/** Measures each concurrency level with `requestsPerLevel` auto-approved requests. */
export async function measureLoad(
  levels: number[],
  requestsPerLevel: number,
): Promise<LoadResult[]> {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-load-" });
  const platform = await startPlatform({ port: 0, dataDir, quiet: true, webhookRateLimit: false });
  const results: LoadResult[] = [];
  try {
    const url = webhookUrl(platform);
    const key = await Deno.readTextFile(platform.demo!.privateKeyPath);
    // Warm-up: the first request imports every function module.
    const warm = await demoRequest(platform, "auto", crypto.randomUUID(), key);
    await post(url, warm);
    await decisionRecorded(platform, `${warm.service_id}|${warm.request_id}`);
    await platform.engine.idle();
    for (const concurrency of levels) {
      const bodies: ContractRequest[] = [];
      for (let i = 0; i < requestsPerLevel; i++) {
        bodies.push(await demoRequest(platform, "auto", crypto.randomUUID(), key));
      }
      const latencies: number[] = [];
      const seconds = await runWorkers(bodies, concurrency, async (body) => {
        const started = performance.now();
        const recorded = decisionRecorded(platform, `${body.service_id}|${body.request_id}`);
        await post(url, body);
        await recorded;
        latencies.push(performance.now() - started);
      });
      await platform.engine.idle();
      const platformRps = requestsPerLevel / seconds;
      // The same POST (a signed request body) the platform got, sent the same way.
      const bare = await bareRps(concurrency, Math.max(requestsPerLevel, 500), bodies[0]);
      results.push({
        concurrency,
        requests: requestsPerLevel,
        platformRps,
        p50Ms: quantile(latencies, 0.5),
        p99Ms: quantile(latencies, 0.99),
        bareRps: bare,
        ratio: platformRps / bare,
      });
    }
    return results;
  } finally {
    await platform.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}
