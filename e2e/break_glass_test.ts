/**
 * Break-glass end to end on the local platform with the real app: a bot registered for it sends
 * `break_glass` into a change freeze that denies everything else; it is approved at once, the
 * record is flagged, the caller is told, the security channel, the approvers and the watchers get
 * a loud notice; the hourly sweep (on an injected clock) reminds, then escalates the unacknowledged
 * review; an approver acknowledges it (the person who triggered it may not), recorded as a signed
 * admin event; the weekly metrics count it per bot. An unregistered bot's break-glass is refused.
 */
import { assert, assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { type UnsignedRequest } from "../lib/contract/fields.ts";
import { signedRequest } from "../lib/contract/mod.ts";
import { buildReport } from "../lib/metrics/report.ts";
import type { Platform } from "../local/server.ts";
import { getJson } from "../local/_testing.ts";
import { sendBody, withAppPlatform } from "./_app_platform.ts";
import { setClock } from "../functions/_clock.ts";
import { lastDm, useShortcut } from "../workflows/_shortcut_testing.ts";

const SECURITY = "C0SECURITY";
const HOUR = 3_600_000;
const ENV = {
  COUNTERSIGN_SECURITY_CHANNEL: SECURITY,
  COUNTERSIGN_BREAK_GLASS_REVIEW_HOURS: "4",
  COUNTERSIGN_FREEZE_WINDOWS: "incident=2000-01-01T00:00Z/2100-01-01T00:00Z",
};

function withPlatform(fn: (platform: Platform) => Promise<void>): Promise<void> {
  return withAppPlatform("countersign-break-glass-e2e-", ENV, async (platform) => {
    const users = Object.values(platform.demo!.users as Record<string, string>);
    platform.storage.putChannel({
      id: SECURITY,
      name: "security",
      is_im: false,
      members: users,
      created: Math.floor(Date.now() / 1000),
    });
    // A freeze that denies everything: break-glass is what gets through it.
    platform.storage.putItem("policies", "freeze", {
      id: "freeze",
      position: 1,
      name: "Change freeze",
      conditions: "freeze.active=true",
      effect: "deny",
      enabled: true,
    });
    await fn(platform);
  });
}

async function send(platform: Platform, requestId: string, breakGlass: string) {
  const demo = platform.demo!;
  const request: UnsignedRequest = {
    service_id: demo.serviceId,
    key_id: demo.keyId,
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#153",
    environment: "production",
    reason: "Hotfix for INC-42",
    triggered_by: (demo.users as Record<string, string>).engineer,
    source_system: "e2e",
    source_url: "",
    conditions: "",
    ...(breakGlass ? { break_glass: breakGlass } : {}),
  };
  await sendBody(
    platform,
    await signedRequest(request, await Deno.readTextFile(demo.privateKeyPath)),
  );
  return platform.storage.getItem("decisions", `${demo.serviceId}|${requestId}`)!;
}

/** Runs the hourly sweep now (as its schedule would) at the clock `at`; returns its outputs. */
async function sweepAt(platform: Platform, at: number): Promise<Record<string, unknown>> {
  const trigger = platform.storage.listTriggers().find((t) =>
    t.name === "Countersign expiry sweep"
  )!;
  const restore = setClock(() => at);
  try {
    const run = platform.engine.startRun(trigger, {});
    await platform.engine.idle();
    return platform.storage.getRun(run.id)!.step_outputs["0"] as Record<string, unknown>;
  } finally {
    restore();
  }
}

const texts = (platform: Platform, channel: string) =>
  platform.storage.listMessages(channel).map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`);

Deno.test("break-glass: approved at once into a freeze, flagged, announced, reminded, escalated, acknowledged, counted", async () => {
  await withPlatform(async (platform) => {
    const demo = platform.demo!;
    const users = demo.users as Record<string, string>;
    const channels = demo.channels as { approvals: string; deployWatch?: string };

    // Not registered for it: refused with its own reason, nobody is told, nothing approved.
    const refused = await send(platform, "bg-0", "DB is down");
    assertEquals([refused.outcome, refused.reason_code], ["rejected", "break_glass_not_allowed"]);
    assertEquals(texts(platform, SECURITY), []);
    // Without break-glass the freeze denies.
    assertEquals((await send(platform, "plain-1", "")).outcome, "auto_denied");

    const bot = platform.storage.getItem("services", demo.serviceId)!;
    platform.storage.putItem("services", demo.serviceId, { ...bot, break_glass: true });
    const record = await send(platform, "bg-1", "DB is down, INC-42: restoring now");
    assertEquals([record.outcome, record.reason_code], ["auto_approved", "break_glass"]);
    assertEquals(record.break_glass_reason, "DB is down, INC-42: restoring now");
    const decidedAt = Number(record.decided_at);
    assertEquals(record.review_due_at, decidedAt + 4 * HOUR);
    assertExists(record.record_signature, "the flagged record is sealed");

    // The caller learns at once.
    const { callbacks } = await getJson(`${platform.url}/_local/callbacks`) as {
      callbacks: { verified: boolean; body: Record<string, unknown> }[];
    };
    const told = callbacks.find((c) => c.body.request_id === "bg-1");
    assertEquals([told?.verified, told?.body.outcome, told?.body.reason_code], [
      true,
      "auto_approved",
      "break_glass",
    ]);

    // Loud notices: @here in the security channel, the approvers' channel, the watchers.
    const security = texts(platform, SECURITY);
    assertEquals(security.length, 1);
    assertStringIncludes(security[0], "<!here>");
    assertStringIncludes(security[0], "BREAK-GLASS APPROVAL");
    assertStringIncludes(security[0], "INC-42");
    assertStringIncludes(texts(platform, channels.approvals).at(-1)!, "Follow-up review required");
    const watchers = platform.storage.getItem("services", demo.serviceId)!
      .watcher_channel as string;
    assert(texts(platform, watchers).some((t) => t.includes("BREAK-GLASS")));
    const marked = platform.storage.getItem("decisions", record.id as string)!;
    assertEquals(marked.review_notice_channel, channels.approvals);

    // The sweep on an injected clock: nothing before half the window, then one reminder …
    const early = await sweepAt(platform, decidedAt + HOUR);
    assertEquals([early.reviews_reminded, early.reviews_escalated], [0, 0]);
    const half = await sweepAt(platform, decidedAt + 2 * HOUR + 1);
    assertEquals([half.reviews_reminded, half.reviews_escalated], [1, 0]);
    const thread = platform.storage.listMessages(channels.approvals)
      .filter((m) => m.thread_ts === marked.review_notice_ts);
    assertEquals(thread.length, 1);
    assertStringIncludes(thread[0].text, "Reminder");
    assertEquals((await sweepAt(platform, decidedAt + 3 * HOUR)).reviews_reminded, 0, "once");
    // … then past the deadline an escalation in the security channel, repeated only a day later.
    const overdue = await sweepAt(platform, decidedAt + 4 * HOUR + 1);
    assertEquals(overdue.reviews_escalated, 1);
    assertStringIncludes(texts(platform, SECURITY).at(-1)!, "Overdue break-glass review");
    assertEquals((await sweepAt(platform, decidedAt + 5 * HOUR)).reviews_escalated, 0);
    assertEquals((await sweepAt(platform, decidedAt + 28 * HOUR + 2)).reviews_escalated, 1);
    // The seal still holds: the follow-up marks are operational.
    assertEquals(
      platform.storage.getItem("decisions", record.id as string)!.record_signature,
      record.record_signature,
    );

    // The person who triggered it may not review it; an approver may (late, on the clock).
    const restore = setClock(() => decidedAt + 30 * HOUR);
    let self = "", done = "";
    try {
      self = await useShortcut(platform, users.engineer, "acknowledge_break_glass", {
        decision_id: String(record.id),
        note: "All fine, trust me",
      });
      assertStringIncludes(self, "triggered the request");
      done = await useShortcut(platform, users.approver2, "acknowledge_break_glass", {
        decision_id: String(record.id),
        note: "Checked INC-42: the restore was needed and went fine",
      });
      assertStringIncludes(done, "Acknowledged the break-glass review");
    } finally {
      restore();
    }
    assertStringIncludes(done, "after its deadline");
    assertEquals(lastDm(platform, users.approver2), done);
    const acked = platform.storage.getItem("decisions", record.id as string)!;
    assertEquals(acked.review_acknowledged_by, users.approver2);
    const events = platform.storage.scanItems("admin_events", 100).items
      .filter((e) => e.action === "acknowledge_break_glass");
    assertEquals(events.map((e) => e.result).sort(), ["applied", "refused"]);
    assert(events.every((e) => typeof e.record_signature === "string"), "signed admin events");
    // Acknowledged: the sweep leaves it alone; a second acknowledgment is refused.
    assertEquals((await sweepAt(platform, decidedAt + 60 * HOUR)).reviews_escalated, 0);
    const again = await useShortcut(platform, users.approver1, "acknowledge_break_glass", {
      decision_id: String(record.id),
      note: "me too",
    });
    assertStringIncludes(again, "already acknowledged");

    // Metrics count break-glass use per bot.
    const all = platform.storage.scanItems("decisions", 1000).items;
    const report = buildReport(all, { from: 0, to: Date.now() + HOUR });
    assertEquals(report.by_bot.find((g) => g.key === demo.serviceId)?.counts.break_glass, 1);
  });
});
