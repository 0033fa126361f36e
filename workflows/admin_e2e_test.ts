/**
 * The admin workflows on the local platform, as a new admin uses them: click a link trigger,
 * fill in its form, read the DM. A bot registered this way with a key from the CLI's `keygen`
 * can send a signed request; after a key rotation the new key works and the old one stops; once
 * disabled, its next request is rejected as `service_disabled`. A non-admin is refused.
 */
import { assert, assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keygen } from "../cli/keygen.ts";
import { signedRequest } from "../lib/contract/mod.ts";
import { type Platform, startPlatform } from "../local/server.ts";
import { post, useShortcut } from "./_shortcut_testing.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** Runs `keygen --out <file> --service <id> --key-id <kid> --json`; returns the printed JSON. */
async function cliKeygen(dir: string, serviceId: string, keyId: string) {
  const out = join(dir, `${keyId}.key`);
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    await keygen({
      values: new Map([["out", out], ["service", serviceId], ["key-id", keyId]]),
      repeated: new Map(),
      booleans: new Set(["json"]),
    });
  } finally {
    console.log = log;
  }
  const json = JSON.parse(printed.join("\n")) as { public_key: string; public_key_pem: string };
  return { ...json, privateKey: await Deno.readTextFile(out) };
}

/** Sends a signed request for `deploy-bot` through the webhook; returns its decision item. */
async function send(platform: Platform, keyId: string, privateKey: string) {
  const requestId = crypto.randomUUID();
  const body = await signedRequest({
    service_id: "deploy-bot",
    key_id: keyId,
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server",
    environment: "staging",
    reason: "Nightly deploy",
    triggered_by: "ci",
    source_system: "admin-e2e",
    source_url: "",
    conditions: "ci_status=passed",
  }, privateKey);
  const hook = platform.triggers.find((t) => t.workflow === "#/workflows/handle_request")!;
  const res = await fetch(hook.webhook_url!, { method: "POST", body: JSON.stringify(body) });
  assertEquals(await res.json(), { ok: true });
  await platform.engine.idle();
  const items = platform.storage.scanItems("decisions", 1000).items;
  const item = items.find((d) => d.request_id === requestId);
  assertExists(item, "the request was recorded");
  return item;
}

Deno.test("an admin registers, rotates and disables a bot through the link-trigger forms", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-admin-e2e-" });
  const platform = await startPlatform({
    port: 0,
    dataDir: join(dir, "data"),
    appDir: REPO,
    quiet: true,
    webhookRateLimit: false,
  });
  try {
    const users = platform.demo!.users as Record<string, string>;
    const admin = users.approver1;
    const first = await cliKeygen(dir, "deploy-bot", "deploy-bot-1");

    const registered = await useShortcut(platform, admin, "admin_register_bot", {
      service_id: "deploy-bot",
      public_key: first.public_key_pem,
      display_name: "Deploy bot",
      kind: "ci",
      owner: users.engineer,
      allowed_actions: "deploy",
      allowed_resources: "api-*",
      allowed_environments: "staging, production",
      approver_users: [users.approver1, users.approver2],
      approvals_required: "2",
      approval_channel: "C0APPROVALS",
      callback_url: `${platform.url}/_local/demo-callback`,
    });
    assertStringIncludes(registered, "Registered bot");
    const bot = platform.storage.getItem("services", "deploy-bot")!;
    assertEquals(bot.status, "active");
    assertEquals(bot.approver_users, [users.approver1, users.approver2]);
    assertEquals(bot.public_keys, [
      { key_id: "deploy-bot-1", public_key: first.public_key, not_after: 0 },
    ]);

    const accepted = await send(platform, "deploy-bot-1", first.privateKey);
    assertEquals([accepted.outcome, accepted.policy_id], ["auto_approved", "staging-green"]);

    const second = await cliKeygen(dir, "deploy-bot", "deploy-bot-2");
    const rotated = await useShortcut(platform, admin, "admin_rotate_key", {
      service_id: "deploy-bot",
      public_key: second.public_key,
      key_id: "deploy-bot-2",
      overlap_minutes: "0",
    });
    assertStringIncludes(rotated, "Rotated the key");
    assertEquals(
      (await send(platform, "deploy-bot-2", second.privateKey)).outcome,
      "auto_approved",
    );
    const old = await send(platform, "deploy-bot-1", first.privateKey);
    assertEquals([old.outcome, old.reason_code], ["rejected", "key_expired"]);

    const disabled = await useShortcut(platform, admin, "admin_set_bot_status", {
      service_id: "deploy-bot",
      status: "disabled",
      reason: "Key leaked in a CI log",
    });
    assertStringIncludes(disabled, "Disabled bot");
    const refused = await send(platform, "deploy-bot-2", second.privateKey);
    assertEquals([refused.outcome, refused.reason_code], ["rejected", "service_disabled"]);

    // Someone who is not an admin gets the form but the change is refused and recorded.
    const outsider = users.outsider;
    const denied = await useShortcut(platform, outsider, "admin_set_bot_status", {
      service_id: "deploy-bot",
      status: "active",
    });
    assertStringIncludes(denied, "is not a Countersign admin");
    assertEquals(platform.storage.getItem("services", "deploy-bot")!.status, "disabled");

    const events = platform.storage.scanItems("admin_events", 100).items;
    assertEquals(
      events.map((e) => [e.action, e.result, e.actor]),
      [
        ["register_bot", "applied", admin],
        ["rotate_key", "applied", admin],
        ["disable_bot", "applied", admin],
        ["enable_bot", "refused", outsider],
      ],
    );
    assert(String(events[2].detail).includes("Key leaked in a CI log"));
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("closing an admin form ends its run with a clear reason and changes nothing", async () => {
  const platform = await startPlatform({ port: 0, dataDir: ":memory:", appDir: REPO, quiet: true });
  try {
    const admin = (platform.demo!.users as Record<string, string>).approver1;
    const trigger = platform.storage.listTriggers().find((t) =>
      t.workflow === "#/workflows/admin_set_bot_status"
    )!;
    const started = await post(platform, "/_local/shortcuts", {
      user: admin,
      trigger_id: trigger.id,
    });
    await platform.engine.idle();
    const { views } = await (await fetch(`${platform.url}/_local/views?as=${admin}`)).json();
    assertEquals(views.length, 1);
    const closed = await post(platform, "/_local/views/close", {
      user: admin,
      view_id: views[0].id,
    });
    assertEquals(closed.ok, true);
    await platform.engine.idle();
    const run = platform.storage.getRun(String(started.run_id))!;
    assertEquals(run.status, "failed");
    assertStringIncludes(String(run.error), "the form was closed without submitting");
    assertEquals(platform.storage.scanItems("admin_events", 10).items, []);
    // Someone else cannot start a shortcut for a user that does not exist.
    const ghost = await post(platform, "/_local/shortcuts", {
      user: "U0GHOST",
      trigger_id: trigger.id,
    });
    assertEquals(ghost.error, "user_not_found");
  } finally {
    await platform.close();
  }
});
