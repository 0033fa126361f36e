import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { startTestPlatform, TEST_WORKSPACE as W, type TestPlatform } from "../../local/testing.ts";
import { WeeklyReportFunction } from "./definition.ts";
import handler from "./mod.ts";
import { reportChannel, reportDays } from "./settings.ts";
import { nextMondayMorning } from "../../triggers/weekly_report_schedule.ts";

const DAY = 86_400_000;

function seed(platform: TestPlatform, now: number) {
  const put = (id: string, item: Record<string, unknown>) =>
    platform.storage.putItem(Decisions.name, id, { id, status: "final", ...item });
  put("ci|1", {
    service_id: "ci-bot",
    action: "deploy",
    environment: "production",
    outcome: "approved",
    decided_by: [W.users.alice],
    requested_at: now - DAY,
    decided_at: now - DAY + 120_000,
    time_to_decision_ms: 120_000,
  });
  put("ci|2", {
    service_id: "ci-bot",
    action: "deploy",
    environment: "staging",
    outcome: "auto_approved",
    requested_at: now - 2 * DAY,
  });
  put("agent|1", {
    service_id: "<!channel> agent",
    action: "delete",
    outcome: "expired",
    requested_at: now - 3 * DAY,
  });
  put("rejected|Fx1", { outcome: "rejected", decided_at: now - 3 * DAY });
  // Last month: outside the week.
  put("ci|old", { service_id: "ci-bot", outcome: "denied", requested_at: now - 30 * DAY });
}

async function run(platform: TestPlatform, inputs: Record<string, unknown>, env = {}) {
  const ctx = SlackFunctionTester(WeeklyReportFunction).createContext({
    inputs,
    env: { SLACK_API_URL: platform.url, ...env },
  });
  return (await handler(ctx)) as { outputs?: Record<string, unknown>; error?: string };
}

Deno.test("the weekly report posts last week's summary to the configured channel", async () => {
  const platform = await startTestPlatform();
  try {
    seed(platform, Date.now());
    const result = await run(platform, {}, { COUNTERSIGN_REPORT_CHANNEL: W.generalChannelId });
    assertEquals(result.outputs?.decisions, 4, JSON.stringify(result));
    const message = platform.storage.listMessages(W.generalChannelId).at(-1)!;
    assertEquals(message.ts, result.outputs?.message_ts);
    const blocks = JSON.stringify(message.blocks);
    assertStringIncludes(
      blocks,
      "4 decisions · approved 25.0% · denied 0.0% · auto 25.0% · rejected 25.0% · expired 25.0%",
    );
    assertStringIncludes(blocks, "p50 2m 00s");
    assertStringIncludes(blocks, "*ci-bot*: 2");
    assertStringIncludes(blocks, "*alice*: 1 (approved 100.0%)");
    assert(!blocks.includes("<@"), "approvers are named, not pinged");
    assert(!blocks.includes("<!channel>"), "caller text is escaped");
    assertStringIncludes(message.text, "Countersign report");
  } finally {
    await platform.close();
  }
});

Deno.test("the channel input wins over the env; days widens the period", async () => {
  const platform = await startTestPlatform();
  try {
    seed(platform, Date.now());
    const result = await run(platform, { channel: W.channelId, days: 60 }, {
      COUNTERSIGN_REPORT_CHANNEL: W.generalChannelId,
    });
    assertEquals(result.outputs?.decisions, 5);
    assertEquals(platform.storage.listMessages(W.generalChannelId).length, 0);
    assertEquals(platform.storage.listMessages(W.channelId).length, 1);
  } finally {
    await platform.close();
  }
});

Deno.test("missing or bad settings and a failed post end the step with a specific error", async () => {
  const platform = await startTestPlatform();
  try {
    assertStringIncludes(
      (await run(platform, {})).error ?? "",
      "Cannot post report: no channel (set COUNTERSIGN_REPORT_CHANNEL",
    );
    assertStringIncludes(
      (await run(platform, {}, { COUNTERSIGN_REPORT_CHANNEL: "#general" })).error ?? "",
      '"#general" is not a channel id',
    );
    assertStringIncludes(
      (await run(platform, { channel: W.channelId, days: 0 })).error ?? "",
      'days "0"',
    );
    assertStringIncludes(
      (await run(platform, { channel: "C0NOSUCHCHAN" })).error ?? "",
      'Cannot post report to "C0NOSUCHCHAN": chat.postMessage failed (channel_not_found)',
    );
  } finally {
    await platform.close();
  }
});

Deno.test("settings and the schedule's first run", () => {
  assertEquals(reportChannel(undefined, { COUNTERSIGN_REPORT_CHANNEL: " C0ABC123 " }), {
    ok: true,
    value: "C0ABC123",
  });
  assertEquals(reportDays(undefined), { ok: true, value: 7 });
  assertEquals(reportDays(2.5).ok, false);
  // Tuesday → next Monday; Monday 08:00 → same day 09:00; Monday 09:00 → a week later.
  const at = (iso: string) => nextMondayMorning(Date.parse(iso)).toISOString();
  assertEquals(at("2026-11-24T12:00:00Z"), "2026-11-30T09:00:00.000Z");
  assertEquals(at("2026-11-30T08:00:00Z"), "2026-11-30T09:00:00.000Z");
  assertEquals(at("2026-11-30T09:00:00Z"), "2026-12-07T09:00:00.000Z");
});
