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

Deno.test("the chart is legible at every width: text of 12 units or more, drawn at that width", () => {
  const records: MetricsRecord[] = [
    { outcome: "approved", requested_at: PERIOD.from + 1, time_to_decision_ms: 60_000 },
    { outcome: "denied", requested_at: PERIOD.from + 4 * D, time_to_decision_ms: 600_000 },
  ];
  for (const width of [320, 460, 800, 5000]) {
    const svg = renderChart(buildReport(records, PERIOD), { width });
    const drawn = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1]);
    assertEquals(drawn, Math.min(1600, width), "laid out for the width asked (within limits)");
    assertStringIncludes(svg, `width="${drawn}"`);
    const base = Number(/<svg[^>]* font-size="(\d+)"/.exec(svg)?.[1]);
    const sizes = [...svg.matchAll(/<text([^>]*)>/g)].map((m) =>
      Number(/font-size="(\d+)"/.exec(m[1])?.[1] ?? base)
    );
    assert(sizes.length > 10);
    assert(Math.min(...sizes) >= 12, `text of ${Math.min(...sizes)} units at width ${width}`);
    // No text starts beyond the right edge (the legend wraps instead).
    for (const m of svg.matchAll(/<text x="([\d.]+)"[^>]*>([^<]*)</g)) {
      assert(Number(m[1]) < drawn, `"${m[2]}" starts off the chart at width ${width}`);
    }
  }
});

Deno.test("p50 and p90 are labelled beside the last point of their own line", () => {
  const records: MetricsRecord[] = [
    { outcome: "approved", requested_at: PERIOD.from + 1, time_to_decision_ms: 60_000 },
    { outcome: "approved", requested_at: PERIOD.from + 2, time_to_decision_ms: 60_000 },
    { outcome: "approved", requested_at: PERIOD.from + 2 * D, time_to_decision_ms: 120_000 },
    { outcome: "approved", requested_at: PERIOD.from + 2 * D, time_to_decision_ms: 900_000 },
  ];
  const svg = renderChart(buildReport(records, PERIOD), { width: 480 });
  const labels: number[] = [];
  for (const [key, color] of [["p50", "#1565c0"], ["p90", "#8e24aa"]]) {
    const points = [
      ...svg.matchAll(
        new RegExp(`<circle cx="([\\d.]+)" cy="([\\d.]+)" r="3" fill="${color}"`, "g"),
      ),
    ]
      .map((m) => [Number(m[1]), Number(m[2])]);
    assertEquals(points.length, 2, key);
    const [px, py] = points.at(-1)!;
    const label = new RegExp(`<text x="([\\d.]+)" y="([\\d.]+)" fill="${color}">${key} `).exec(svg);
    assert(label, `no ${key} label`);
    const [lx, ly] = [Number(label[1]), Number(label[2])];
    assert(lx > px && lx - px <= 12, `${key} label ${lx - px} units right of its point`);
    assert(Math.abs(ly - 4 - py) <= 8, `${key} label ${ly - py} units off its point's height`);
    labels.push(ly);
  }
  assert(Math.abs(labels[0] - labels[1]) >= 12, "the two labels overlap");
});
