/**
 * The latency mode and Slack's time rules, on an injected clock: a trigger_id lives 3 s from
 * the click whatever happens in between, each Web API call costs hosted-like time, and an
 * interactivity handler gets 10 s. No test here waits on the wall clock.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { ManualClock } from "./clock.ts";
import { HOSTED_LATENCY, latencyOf } from "./latency.ts";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "./testing.ts";
import { ALICE, BOB, CHANNEL, click, fire, startFixture } from "./_testing.ts";

const CHANNEL_ID = TEST_WORKSPACE.channelId;
const modal = {
  type: "modal",
  callback_id: "deny",
  title: { type: "plain_text", text: "Deny" },
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "Why?" } }],
};

/** A Web API call over HTTP, as an app's SDK client makes it. */
async function post(url: string, method: string, args: Record<string, unknown>) {
  const res = await fetch(`${url}${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(args),
  });
  return await res.json() as Record<string, unknown>;
}

Deno.test("latency mode: a read and two lookups before views.open outlive the trigger_id; views.open first does not", async () => {
  const clock = new ManualClock();
  const platform = await startTestPlatform({ clock, latency: true });
  try {
    const { url } = platform;
    const start = clock.now();
    const late = await platform.interact(TEST_WORKSPACE.users.bob);
    assertEquals(clock.now() - start, HOSTED_LATENCY.deliveryMs);
    await post(url, "apps.datastore.get", { datastore: "decisions", id: "svc|r1" });
    for (let i = 0; i < 2; i++) {
      await post(url, "usergroups.users.list", { usergroup: TEST_WORKSPACE.usergroupId });
    }
    const refused = await post(url, "views.open", { trigger_id: late, view: modal });
    assertEquals(refused, { ok: false, error: "expired_trigger_id" });
    assertEquals(clock.now() - start, HOSTED_LATENCY.deliveryMs + 4 * HOSTED_LATENCY.callMs);

    const early = await platform.interact(TEST_WORKSPACE.users.bob);
    assertEquals((await post(url, "views.open", { trigger_id: early, view: modal })).ok, true);
  } finally {
    await platform.close();
  }
});

Deno.test("without latency mode the same handler would pass: the mode is what catches it", async () => {
  const clock = new ManualClock();
  const platform = await startTestPlatform({ clock });
  try {
    const trigger = await platform.interact(TEST_WORKSPACE.users.bob);
    for (let i = 0; i < 3; i++) {
      await post(platform.url, "usergroups.users.list", { usergroup: TEST_WORKSPACE.usergroupId });
    }
    const opened = await post(platform.url, "views.open", { trigger_id: trigger, view: modal });
    assertEquals(opened.ok, true);
    assertEquals(latencyOf(false), { callMs: 0, deliveryMs: 0 });
    assertEquals(latencyOf({ callMs: 5 }), { callMs: 5, deliveryMs: 0 });
  } finally {
    await platform.close();
  }
});

Deno.test("a trigger_id expires 3 s after the click whatever happens in between", async () => {
  const clock = new ManualClock();
  const platform = await startTestPlatform({ clock, latency: { callMs: 700 } });
  try {
    const { url } = platform;
    const trigger = await platform.interact(TEST_WORKSPACE.users.bob);
    // A refused view does not use up the trigger_id, nor does it stop its clock.
    const bad = await post(url, "views.open", {
      trigger_id: trigger,
      view: { ...modal, title: { type: "plain_text", text: "x".repeat(25) } },
    });
    assertEquals(bad.error, "invalid_arguments");
    // Failing calls, other methods and a message update all cost time too.
    assertEquals((await post(url, "chat.postMessage", { channel: "C404", text: "x" })).ok, false);
    const posted = await post(url, "chat.postMessage", { channel: CHANNEL_ID, text: "hi" });
    await post(url, "chat.update", { channel: CHANNEL_ID, ts: posted.ts, text: "hello" });
    assertEquals(clock.now() - 1_700_000_000_000, 4 * 700);
    // 2.8 s: still valid. The views.open itself arrives at 3.5 s: expired, by Slack's code.
    const opened = await post(url, "views.open", { trigger_id: trigger, view: modal });
    assertEquals(opened, { ok: false, error: "expired_trigger_id" });
    // The interactivity_pointer form of the same id expires the same way.
    const pointer = await platform.interact(TEST_WORKSPACE.users.alice);
    clock.advance(3_001);
    const pushed = await post(url, "views.push", { interactivity_pointer: pointer, view: modal });
    assertEquals(pushed.error, "expired_trigger_id");
  } finally {
    await platform.close();
  }
});
Deno.test("latency mode on the running platform: Deny-first opens, work-first expires, 10 s budget holds", async () => {
  const clock = new ManualClock();
  const platform = await startFixture({ clock, latency: true });
  try {
    await fire(platform, "Fixture webhook", { id: "l1", n: 3, channel: CHANNEL });
    // Opening the modal first: 1 s delivery + one call, well within 3 s.
    assertEquals((await click(platform, BOB, "deny")).ok, true);
    // Three reads first: 1 s + 3 × 0.6 s, then views.open arrives at 3.4 s.
    const slow = await click(platform, BOB, "slow_deny");
    assertEquals(slow.ok, false);
    assertStringIncludes(String(slow.error), "expired_trigger_id");
    // Seventeen calls take 10.2 s: the handler is out of time, as on Slack.
    const busy = await click(platform, ALICE, "busy");
    assertEquals(busy.ok, false);
    assertStringIncludes(String(busy.error), "ran longer than 10 s");
  } finally {
    await platform.close();
  }
});
