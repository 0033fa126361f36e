/**
 * `GET /_local/report.svg[?from=…&to=…&width=…]`: the report chart over the platform's decisions,
 * the same chart `deno task cli report` writes (default period: the last 7 days), laid out for
 * `width` pixels (the page asks for its panel's width, so the text reads at 12 px).
 *
 * @module
 */
import type { Workspace } from "../local/plugin.ts";
import {
  CHART_MAX_WIDTH,
  CHART_MIN_WIDTH,
  createReportBuilder,
  parsePeriod,
  renderChart,
} from "../lib/metrics/mod.ts";

/** Answers the chart request; a bad period is a 400 with the reason. */
export function reportSvg(
  storage: Pick<Workspace, "scanItems">,
  url: URL,
  now = Date.now(),
): Response {
  let period;
  const widthParam = url.searchParams.get("width");
  const width = widthParam === null ? undefined : Number(widthParam);
  try {
    if (
      width !== undefined &&
      !(Number.isInteger(width) && width >= CHART_MIN_WIDTH && width <= CHART_MAX_WIDTH)
    ) {
      throw new Error(
        `Cannot draw the chart: width must be a whole number from ${CHART_MIN_WIDTH} to ${CHART_MAX_WIDTH}, got "${widthParam}"`,
      );
    }
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
  return new Response(renderChart(builder.finish(), { width }), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "no-store",
      // The chart has no scripts; opened on its own it must not be able to run any.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
