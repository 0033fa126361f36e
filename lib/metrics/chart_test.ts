import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { buildReport, type MetricsRecord } from "./report.ts";
import { escapeXml, OUTCOME_COLORS, renderChart } from "./chart.ts";

const D = 86_400_000;
const PERIOD = { from: Date.parse("2026-11-16T00:00:00Z"), to: Date.parse("2026-11-23T00:00:00Z") };

Deno.test("the chart draws one bar segment per outcome per day and p50/p90 lines", () => {
  const records: MetricsRecord[] = [
    { outcome: "approved", requested_at: PERIOD.from + 1, time_to_decision_ms: 60_000 },
    { outcome: "approved", requested_at: PERIOD.from + D + 1, time_to_decision_ms: 120_000 },
    { outcome: "expired", requested_at: PERIOD.from + D + 2 },
    { outcome: "rejected", requested_at: PERIOD.from + 3 * D },
  ];
  const svg = renderChart(buildReport(records, PERIOD));
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert(svg.endsWith("</svg>"));
  const bars = (color: string) => svg.split(`fill="${color}"><title>`).length - 1;
  assertEquals(bars(OUTCOME_COLORS.approved), 2);
  assertEquals(bars(OUTCOME_COLORS.expired), 1);
  assertEquals(bars(OUTCOME_COLORS.rejected), 1);
  assertStringIncludes(svg, "11-17 expired: 1");
  assertEquals(svg.match(/<polyline/g)?.length, 2, "p50 and p90 lines over two days");
  assert(!svg.includes("No decisions in this period"));
});

Deno.test("an empty period renders a valid chart that says so", () => {
  const svg = renderChart(buildReport([], PERIOD));
  assertStringIncludes(svg, "No decisions in this period");
  assert(!svg.includes("NaN"), "no NaN coordinates");
  assert(!svg.includes("Infinity"));
});

Deno.test("XML special characters are escaped", () => {
  assertEquals(escapeXml(`<a href="x">&'`), "&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
});
