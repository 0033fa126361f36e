import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { buildReport, type MetricsRecord } from "./report.ts";
import { reportText, summaryBlocks, summaryText, TOP_N } from "./summary.ts";

const PERIOD = { from: Date.parse("2026-11-16T00:00:00Z"), to: Date.parse("2026-11-23T00:00:00Z") };
const at = PERIOD.from + 1000;

Deno.test("the Slack summary states totals, rates and time to decision", () => {
  const records: MetricsRecord[] = [
    {
      service_id: "ci",
      outcome: "approved",
      requested_at: at,
      decided_by: ["U0ALICE0001"],
      time_to_decision_ms: 120_000,
    },
    { service_id: "ci", outcome: "expired", requested_at: at },
  ];
  const blocks = summaryBlocks(buildReport(records, PERIOD));
  const all = JSON.stringify(blocks);
  assertStringIncludes(
    all,
    "2 decisions · approved 50.0% · denied 0.0% · auto 0.0% · rejected 0.0% · expired 50.0%",
  );
  assertStringIncludes(all, "p50 2m 00s");
  assertStringIncludes(all, "`U0ALICE0001`: 1 (approved 100.0%)");
  assert(!all.includes("<@"), "approvers are never pinged");
  const named = JSON.stringify(
    summaryBlocks(buildReport(records, PERIOD), {
      approverNames: { U0ALICE0001: "Alice <!here>" },
    }),
  );
  assertStringIncludes(named, "*Alice &lt;!here&gt;*: 1 (approved 100.0%)");
  assertStringIncludes(summaryText(buildReport(records, PERIOD)), "2026-11-16 → 2026-11-23 UTC");
  assert(blocks.length <= 50);
});

Deno.test("hostile group keys are escaped and long lists are cut", () => {
  const records: MetricsRecord[] = Array.from({ length: TOP_N + 3 }, (_, i) => ({
    service_id: `<!channel> bot ${i} <https://evil.example|click>`,
    action: "deploy",
    outcome: "approved",
    requested_at: at,
  }));
  const all = JSON.stringify(summaryBlocks(buildReport(records, PERIOD)));
  assert(!all.includes("<!channel>"), all);
  assert(!all.includes("<https://evil"), all);
  assertStringIncludes(all, "and 3 more");
});

Deno.test("an empty period says so without group sections", () => {
  const blocks = summaryBlocks(buildReport([], PERIOD));
  assertEquals(blocks.length, 3);
  assertStringIncludes(JSON.stringify(blocks), "0 decisions");
  assertStringIncludes(JSON.stringify(blocks), "no human decisions");
});

Deno.test("the text report has a row per group with its rates and percentiles", () => {
  const text = reportText(buildReport([
    {
      service_id: "ci\u0007bot",
      environment: "prod",
      outcome: "denied",
      requested_at: at,
      decided_by: ["U1"],
      time_to_decision_ms: 30_000,
    },
  ], PERIOD));
  assertStringIncludes(text, "By bot");
  const row = text.split("\n").find((l) => l.startsWith("cibot"));
  assert(row, text);
  assertEquals(row.split(/\s+/).slice(1), [
    "1",
    "0.0%",
    "100.0%",
    "0.0%",
    "0.0%",
    "0.0%",
    "30s",
    "30s",
    "30s",
  ]);
});
