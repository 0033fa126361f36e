import { assert, assertEquals, assertGreater, assertMatch } from "@std/assert";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { seedTestWorkspace, startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";
import { createWebApi } from "./mod.ts";

const W = TEST_WORKSPACE;

Deno.test("chat.postMessage returns unique increasing ts and emits message events", async () => {
  const platform = await startTestPlatform({ now: () => 1_732_480_000_000 });
  try {
    const events: { op: string }[] = [];
    platform.api.events.addEventListener("message", (e) => events.push((e as CustomEvent).detail));
    const call = (a: Record<string, unknown>) =>
      platform.api.call("chat.postMessage", a, TEST_TOKEN);
    const first = await call({ channel: W.channelId, text: "one" });
    const second = await call({ channel: "#approvals", text: "two" });
    assertEquals(first.ok, true);
    assertMatch(String(first.ts), /^\d{10}\.\d{6}$/);
    assertEquals(first.ts, "1732480000.000000");
    assertGreater(Number(second.ts), Number(first.ts));
    assertEquals(second.channel, W.channelId);
    const message = first.message as Record<string, unknown>;
    assertEquals([message.text, message.user, message.ts], ["one", W.botUserId, first.ts]);
    assertEquals(events.map((e) => e.op), ["posted", "posted"]);
    assertEquals(platform.storage.listMessages(W.channelId).map((m) => m.text), ["one", "two"]);
  } finally {
    await platform.close();
  }
});

Deno.test("chat.postMessage to a user id posts into the DM with the bot", async () => {
  const platform = await startTestPlatform();
  try {
    const posted = await platform.api.call(
      "chat.postMessage",
      { channel: W.users.carol, text: "psst" },
      TEST_TOKEN,
    );
    assertMatch(String(posted.channel), /^D/);
    const dm = platform.storage.getChannel(String(posted.channel));
    assertEquals(dm?.is_im, true);
    assertEquals(dm?.members.sort(), [W.botUserId, W.users.carol].sort());
    const opened = await platform.api.call(
      "conversations.open",
      { users: W.users.carol },
      TEST_TOKEN,
    );
    assertEquals((opened.channel as { id: string }).id, posted.channel);
  } finally {
    await platform.close();
  }
});

Deno.test("chat.postMessage refuses unknown channels, empty and oversized messages", async () => {
  const platform = await startTestPlatform();
  try {
    const call = (a: Record<string, unknown>) =>
      platform.api.call("chat.postMessage", a, TEST_TOKEN);
    assertEquals(await call({ channel: "C404", text: "x" }), {
      ok: false,
      error: "channel_not_found",
    });
    assertEquals(await call({ text: "x" }), { ok: false, error: "channel_not_found" });
    assertEquals(await call({ channel: W.channelId }), { ok: false, error: "no_text" });
    assertEquals(
      (await call({ channel: W.channelId, text: "x".repeat(40_001) })).error,
      "msg_too_long",
    );
    assertEquals((await call({ channel: W.channelId, blocks: "[{]" })).error, "invalid_arguments");
    assertEquals(
      (await call({ channel: W.channelId, blocks: [{ text: "no type" }] })).error,
      "invalid_blocks",
    );
    assertEquals(platform.storage.listMessages(W.channelId), []);
  } finally {
    await platform.close();
  }
});

Deno.test("chat.update edits a message; chat.delete removes it; unknown ts is message_not_found", async () => {
  const platform = await startTestPlatform();
  try {
    const call = (m: string, a: Record<string, unknown>) => platform.api.call(m, a, TEST_TOKEN);
    const posted = await call("chat.postMessage", {
      channel: W.channelId,
      text: "pending",
      blocks: [{ type: "divider" }],
    });
    const updated = await call("chat.update", {
      channel: W.channelId,
      ts: posted.ts,
      text: "approved",
    });
    assertEquals(updated.ok, true);
    assertEquals(updated.ts, posted.ts);
    const stored = platform.storage.getMessage(W.channelId, String(posted.ts));
    assertEquals(stored?.text, "approved");
    assertEquals(stored?.blocks, [{ type: "divider" }], "blocks not given are kept");
    assert(stored?.edited_ts);
    assertEquals(
      await call("chat.update", { channel: W.channelId, ts: "1.000000", text: "x" }),
      { ok: false, error: "message_not_found" },
    );
    assertEquals((await call("chat.delete", { channel: W.channelId, ts: posted.ts })).ok, true);
    assertEquals(
      await call("chat.delete", { channel: W.channelId, ts: posted.ts }),
      { ok: false, error: "message_not_found" },
    );
  } finally {
    await platform.close();
  }
});

Deno.test("chat.postEphemeral shows a message to one member only", async () => {
  const platform = await startTestPlatform();
  try {
    const call = (a: Record<string, unknown>) =>
      platform.api.call("chat.postEphemeral", a, TEST_TOKEN);
    const sent = await call({ channel: W.channelId, user: W.users.bob, text: "only you" });
    assertEquals(sent.ok, true);
    const stored = platform.storage.getMessage(W.channelId, String(sent.message_ts));
    assertEquals(stored?.ephemeral_to, W.users.bob);
    assertEquals(
      (await call({ channel: W.channelId, user: "U404", text: "x" })).error,
      "user_not_found",
    );
    // An ephemeral message cannot be updated like a normal one.
    const update = await platform.api.call("chat.update", {
      channel: W.channelId,
      ts: sent.message_ts,
      text: "x",
    }, TEST_TOKEN);
    assertEquals(update.error, "message_not_found");
  } finally {
    await platform.close();
  }
});

Deno.test("message timestamps keep increasing across a restart, even with a fixed clock", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const post = async () => {
      const storage = openSqliteStorage(`${dir}/db.sqlite`);
      if (!storage.getUser(W.botUserId)) seedTestWorkspace(storage);
      const api = createWebApi({
        storage,
        datastores: {},
        tokens: { t: { user_id: W.botUserId, team_id: W.teamId } },
        baseUrl: "http://127.0.0.1:1",
        now: () => 1_732_480_000_000,
      });
      const result = await api.call("chat.postMessage", { channel: W.channelId, text: "x" }, "t");
      storage.close();
      return String(result.ts);
    };
    const before = await post();
    const after = await post();
    assertGreater(Number(after), Number(before));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
