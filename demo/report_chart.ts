/**
 * `GET /_local/report.svg[?from=…&to=…]`: the report chart over the platform's decisions, the
 * same chart `deno task cli report` writes (default period: the last 7 days).
 *
 * @module
 */
import type { Workspace } from "../local/plugin.ts";
import { createReportBuilder, parsePeriod, renderChart } from "../lib/metrics/mod.ts";

/** Answers the chart request; a bad period is a 400 with the reason. */
export function reportSvg(
  storage: Pick<Workspace, "scanItems">,
  url: URL,
  now = Date.now(),
): Response {
  let period;
  try {
    period = parsePeriod(
      url.searchParams.get("from") || undefined,
      url.searchParams.get("to") || undefined,
      now,
    );
  } catch (error) {
    return new Response(JSON.stringify({ ok: false, error: (error as Error).message }), {
      status: 400,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  }
  const builder = createReportBuilder(period);
  let cursor: string | undefined;
  do {
    const page = storage.scanItems("decisions", 1000, cursor);
    for (const item of page.items) builder.add(item as Parameters<typeof builder.add>[0]);
    cursor = page.next;
  } while (cursor);
  return new Response(renderChart(builder.finish()), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "no-store",
      // The chart has no scripts; opened on its own it must not be able to run any.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
