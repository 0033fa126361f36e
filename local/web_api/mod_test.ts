import { assert, assertEquals, assertExists, assertFalse } from "@std/assert";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";
import type { Storage } from "../storage/types.ts";
import { seedTestWorkspace, startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";
import { createWebApi } from "./mod.ts";

async function post(url: string, init: RequestInit) {
  const response = await fetch(url, { method: "POST", ...init });
  return { status: response.status, body: await response.json() };
}

Deno.test("form bodies: JSON-encoded values are decoded per argument, strings stay strings", async () => {
  const platform = await startTestPlatform();
  try {
    const form = new URLSearchParams({
      channel: TEST_WORKSPACE.channelId,
      // A text that looks like JSON must stay text.
      text: "123",
      blocks: JSON.stringify([{ type: "divider" }]),
    });
    const { status, body } = await post(`${platform.url}chat.postMessage`, {
      headers: {
        authorization: `Bearer ${TEST_TOKEN}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form,
    });
    assertEquals(status, 200);
    assertEquals(body.ok, true);
    assertEquals(body.message.text, "123");
    assertEquals(body.message.blocks, [{ type: "divider" }]);
    assertEquals(platform.storage.getMessage(body.channel, body.ts)?.text, "123");
  } finally {
    await platform.close();
  }
});

Deno.test("JSON bodies (Slack CLI) keep their types", async () => {
  const platform = await startTestPlatform();
  try {
    const { body } = await post(`${platform.url}apps.datastore.put`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        datastore: "decisions",
        item: { id: "a", approvals_required: 2, decided_by: ["U1"] },
      }),
    });
    assertEquals(body, {
      ok: true,
      datastore: "decisions",
      item: { id: "a", approvals_required: 2, decided_by: ["U1"] },
    });
    const bad = await post(`${platform.url}auth.test`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
      body: "{not json",
    });
    assertEquals(bad, { status: 200, body: { ok: false, error: "invalid_json" } });
  } finally {
    await platform.close();
  }
});

Deno.test("auth: missing token is not_authed, unknown token invalid_auth, both HTTP 200", async () => {
  const platform = await startTestPlatform();
  try {
    const none = await post(`${platform.url}auth.test`, { body: new URLSearchParams() });
    assertEquals(none, { status: 200, body: { ok: false, error: "not_authed" } });
    const wrong = await post(`${platform.url}auth.test`, {
      headers: { authorization: "Bearer xoxb-guess" },
      body: new URLSearchParams(),
    });
    assertEquals(wrong, { status: 200, body: { ok: false, error: "invalid_auth" } });
    // Slack also accepts the token as a form field.
    const field = await post(`${platform.url}auth.test`, {
      body: new URLSearchParams({ token: TEST_TOKEN }),
    });
    assertEquals(field.body.ok, true);
    assertEquals(field.body.team_id, TEST_WORKSPACE.teamId);
  } finally {
    await platform.close();
  }
});

Deno.test("unknown methods are unknown_method with HTTP 200", async () => {
  const platform = await startTestPlatform();
  try {
    const result = await post(`${platform.url}chat.explode`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
      body: new URLSearchParams(),
    });
    assertEquals(result, { status: 200, body: { ok: false, error: "unknown_method" } });
    assertEquals(
      await platform.api.call("constructor", {}, TEST_TOKEN),
      { ok: false, error: "unknown_method" },
    );
  } finally {
    await platform.close();
  }
});

Deno.test("every call is logged without secrets and announced as a call event", async () => {
  const platform = await startTestPlatform();
  try {
    const seen: Record<string, unknown>[] = [];
    platform.api.events.addEventListener("call", (e) => seen.push((e as CustomEvent).detail));
    await platform.api.call("users.info", { user: "U_NOPE", client_secret: "s3cr3t" }, TEST_TOKEN);
    await post(`${platform.url}auth.test`, {
      body: new URLSearchParams({ token: TEST_TOKEN }),
    });
    const calls = platform.storage.listCalls();
    assertEquals(calls.map((c) => [c.method, c.ok, c.error]), [
      ["users.info", false, "user_not_found"],
      ["auth.test", true, undefined],
    ]);
    assertEquals(calls[0].args, { user: "U_NOPE", client_secret: "[redacted]" });
    assertFalse(JSON.stringify(calls).includes("s3cr3t"));
    assertFalse(JSON.stringify(calls).includes(TEST_TOKEN));
    assertEquals(seen.map((c) => c.method), ["users.info", "auth.test"]);
    assert(typeof calls[0].ms === "number");
  } finally {
    await platform.close();
  }
});

Deno.test("the SDK client sees Slack errors as ok:false, never as thrown HTTP errors", async () => {
  const platform = await startTestPlatform();
  try {
    const client = SlackAPI(TEST_TOKEN, { slackApiUrl: platform.url });
    const missing = await client.chat.postMessage({ channel: "C_NOWHERE", text: "x" });
    assertEquals(missing.ok, false);
    assertEquals(missing.error, "channel_not_found");
    const result = await client.apps.datastore.query({
      datastore: "decisions",
      expression: "#status = :s",
      expression_attributes: { "#status": "status" },
      expression_values: { ":s": "pending" },
    });
    assertEquals(result.ok, true);
    assertEquals(result.items, []);
    const bad = await client.apps.datastore.query({
      datastore: "decisions",
      expression: "#status = :missing",
      expression_attributes: { "#status": "status" },
    });
    assertEquals(bad.ok, false);
    assertEquals(bad.error, "datastore_error");
    assertExists(bad.errors?.[0]?.message);
  } finally {
    await platform.close();
  }
});

Deno.test("oversized bodies and unsupported verbs get specific errors, still HTTP 200", async () => {
  const platform = await startTestPlatform();
  try {
    const huge = await post(`${platform.url}chat.postMessage`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
      body: new URLSearchParams({ channel: TEST_WORKSPACE.channelId, text: "x".repeat(5_000_000) }),
    });
    assertEquals(huge, { status: 200, body: { ok: false, error: "request_too_large" } });
    assertEquals(platform.storage.listMessages(TEST_WORKSPACE.channelId), []);
    const put = await fetch(`${platform.url}auth.test`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    assertEquals([put.status, await put.json()], [200, { ok: false, error: "invalid_request" }]);
    // GET with query parameters works like Slack's.
    const get = await fetch(`${platform.url}users.info?user=${TEST_WORKSPACE.users.bob}`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    assertEquals((await get.json()).user.name, "bob");
  } finally {
    await platform.close();
  }
});

Deno.test("a call whose writes cannot be saved answers internal_error and announces nothing", async () => {
  const storage = openSqliteStorage(":memory:");
  seedTestWorkspace(storage);
  let full = false;
  const failing: Storage = {
    ...storage,
    // What a full disk does to a write (that the write is then gone is proven end to end by
    // proof/faults_storage_test.ts, on a real full disk).
    addMessage: (message) => {
      if (full) throw new Error("Cannot save to storage: database or disk is full");
      storage.addMessage(message);
    },
  };
  const api = createWebApi({
    storage: failing,
    datastores: {},
    tokens: { t: { user_id: TEST_WORKSPACE.botUserId, team_id: TEST_WORKSPACE.teamId } },
    baseUrl: "http://127.0.0.1:1",
  });
  const seen: string[] = [];
  for (const type of ["message", "call"]) api.events.addEventListener(type, () => seen.push(type));
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.join(" "));
  try {
    const ok = await api.call(
      "chat.postMessage",
      { channel: TEST_WORKSPACE.channelId, text: "a" },
      "t",
    );
    // The call wrote its message, then its log entry, each announced once saved.
    assertEquals([ok.ok, seen], [true, ["message", "call"]]);
    full = true;
    const failed = await api.call("chat.postMessage", {
      channel: TEST_WORKSPACE.channelId,
      text: "b",
    }, "t");
    assertEquals(failed, { ok: false, error: "internal_error" });
    assertEquals(errors, [
      "Cannot run chat.postMessage: Cannot save to storage: database or disk is full",
    ]);
    assertEquals(seen.filter((type) => type === "message").length, 1, "no event for a lost change");
  } finally {
    console.error = original;
    storage.close();
  }
});
