import { assertEquals } from "@std/assert";
import { bucketFor, buildReport, type MetricsRecord, ratesOf } from "./report.ts";

const H = 3_600_000, D = 24 * H;
const T0 = Date.parse("2026-11-16T00:00:00Z");
const PERIOD = { from: T0, to: T0 + 7 * D };

function rec(over: Partial<MetricsRecord>): MetricsRecord {
  return {
    service_id: "deploy-bot",
    action: "deploy",
    environment: "production",
    status: "final",
    requested_at: T0 + H,
    ...over,
  };
}

const RECORDS: MetricsRecord[] = [
  rec({ outcome: "approved", decided_by: ["U0ALICE0001"], time_to_decision_ms: 60_000 }),
  rec({
    outcome: "approved",
    decided_by: ["U0ALICE0001", "U0BOB000001"],
    time_to_decision_ms: 180_000,
  }),
  rec({
    outcome: "denied",
    decided_by: ["U0BOB000001"],
    time_to_decision_ms: 600_000,
    requested_at: T0 + 2 * D,
  }),
  rec({
    outcome: "auto_approved",
    environment: "staging",
    time_to_decision_ms: 5,
    requested_at: T0 + 2 * D,
  }),
  rec({ outcome: "auto_denied", action: "drop_table" }),
  rec({
    outcome: "rejected",
    service_id: "forged",
    action: "",
    requested_at: undefined,
    decided_at: T0 + 3 * D,
  }),
  rec({ outcome: "expired", time_to_decision_ms: 3_600_000 }),
  rec({ status: "pending", outcome: undefined, requested_at: T0 + 6 * D }),
  // Outside the period: ignored everywhere.
  rec({ outcome: "approved", requested_at: T0 - 1, decided_by: ["U0CAROL0001"] }),
  rec({ outcome: "denied", requested_at: T0 + 7 * D }),
];

Deno.test("overall counts and rates cover the finished decisions of the period", () => {
  const r = buildReport(RECORDS, PERIOD);
  const c = r.overall.counts;
  assertEquals(
    [
      c.total,
      c.pending,
      c.approved,
      c.denied,
      c.auto_approved,
      c.auto_denied,
      c.rejected,
      c.expired,
    ],
    [8, 1, 2, 1, 1, 1, 1, 1],
  );
  assertEquals(r.overall.rates, {
    approval: 2 / 7,
    denial: 1 / 7,
    auto: 2 / 7,
    rejection: 1 / 7,
    expiry: 1 / 7,
  });
  // Only human decisions count for time to decision: 1m, 3m, 10m.
  assertEquals(r.overall.time, { count: 3, p50: 180_000, p90: 600_000, max: 600_000 });
  assertEquals(ratesOf(buildReport([], PERIOD).overall.counts), {});
});

Deno.test("groups by bot, action, environment and approver, busiest first", () => {
  const r = buildReport(RECORDS, PERIOD);
  assertEquals(r.by_bot.map((g) => [g.key, g.counts.total]), [["deploy-bot", 7], ["forged", 1]]);
  assertEquals(
    r.by_action.map((g) => [g.key, g.counts.total]),
    [["deploy", 6], ["(none)", 1], ["drop_table", 1]],
  );
  assertEquals(r.by_environment.map((g) => g.key), ["production", "staging"]);
  const approvers = Object.fromEntries(r.by_approver.map((g) => [g.key, g]));
  assertEquals(Object.keys(approvers).sort(), ["U0ALICE0001", "U0BOB000001"]);
  assertEquals(approvers.U0ALICE0001.counts.approved, 2);
  assertEquals(approvers.U0BOB000001.counts.denied, 1);
  assertEquals(approvers.U0BOB000001.time.max, 600_000);
});

Deno.test("the series has one bucket per day of a week, each counting its decisions", () => {
  const r = buildReport(RECORDS, PERIOD);
  assertEquals(r.bucket_ms, D);
  assertEquals(r.series.length, 7);
  assertEquals(r.series.map((p) => p.counts.total), [4, 0, 2, 1, 0, 0, 1]);
  assertEquals(r.series[0].time.p50, 60_000);
  assertEquals(r.series[1].time, { count: 0 });
});

Deno.test("bucket size grows with the period and never exceeds the bucket budget", () => {
  assertEquals(bucketFor({ from: 0, to: D }), H);
  assertEquals(bucketFor({ from: 0, to: 30 * D }), D);
  assertEquals(bucketFor({ from: 0, to: 90 * D }), D);
  assertEquals(bucketFor({ from: 0, to: 365 * D }), 7 * D);
  const decade = { from: 0, to: 3650 * D };
  assertEquals(Math.ceil(decade.to / bucketFor(decade)) <= 120, true);
});

Deno.test("break-glass approvals are counted per bot, among the auto-approved", async () => {
  const { summaryBlocks, reportText } = await import("./summary.ts");
  const at = PERIOD.from + 1000;
  const records = [
    { service_id: "ci", outcome: "auto_approved", reason_code: "break_glass", decided_at: at },
    { service_id: "ci", outcome: "auto_approved", reason_code: "break_glass", decided_at: at },
    {
      service_id: "ci",
      outcome: "auto_approved",
      reason_code: "policy_auto_approve",
      decided_at: at,
    },
    { service_id: "agent", outcome: "auto_approved", reason_code: "break_glass", decided_at: at },
    { service_id: "agent", outcome: "approved", decided_at: at },
  ].map((r) => ({ ...r, status: "final", requested_at: at }));
  const report = buildReport(records, PERIOD);
  assertEquals([report.overall.counts.break_glass, report.overall.counts.auto_approved], [3, 4]);
  const ci = report.by_bot.find((g) => g.key === "ci")!;
  assertEquals(ci.counts.break_glass, 2);
  const shown = JSON.stringify(summaryBlocks(report));
  assertEquals(shown.includes("Break-glass by bot"), true);
  assertEquals(shown.includes("• *ci*: 2"), true);
  assertEquals(reportText(report).includes("Break-glass by bot\n• ci: 2\n• agent: 1"), true);
});
