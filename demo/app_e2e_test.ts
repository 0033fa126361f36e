/**
 * End to end with the real Countersign app: a signed webhook request runs the whole
 * `handle_request` workflow on the local platform, an approver clicks in the channel, and the
 * decision lands in the decisions datastore and reaches the demo bot's callback receiver.
 */
import { assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { fileURLToPath } from "node:url";
import { signedRequest } from "../lib/contract/mod.ts";
import { type Platform, startPlatform } from "../local/server.ts";
import { getJson, postJson } from "../local/_testing.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

async function request(platform: Platform, fields: Record<string, string>) {
  const demo = platform.demo!;
  const key = await Deno.readTextFile(demo.privateKeyPath);
  const body = await signedRequest({
    service_id: demo.serviceId,
    key_id: demo.keyId,
    request_id: crypto.randomUUID(),
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: "production",
    reason: "Release 152",
    triggered_by: demo.users.engineer,
    source_system: "e2e",
    source_url: "",
    conditions: "",
    ...fields,
  }, key);
  const url = platform.triggers.find((t) => t.webhook_url)!.webhook_url!;
  const res = await postJson(url, body);
  assertEquals(res, { status: 200, json: { ok: true } });
  await platform.engine.idle();
  return body;
}

function decision(platform: Platform, requestId: string) {
  return platform.storage.getItem("decisions", `${platform.demo!.serviceId}|${requestId}`);
}

Deno.test("a signed production request waits for an approver and is recorded once approved", async () => {
  const platform = await startPlatform({ port: 0, dataDir: ":memory:", appDir: REPO, quiet: true });
  try {
    assertExists(platform.demo, "the demo workspace is seeded on a fresh platform");
    const body = await request(platform, {});
    const run = platform.storage.listRuns(1)[0];
    assertEquals([run.status, run.current_step], ["running", 2]);
    const channel = platform.demo!.channels as { approvals: string };
    const message = platform.storage.listMessages(channel.approvals).at(-1)!;
    assertStringIncludes(JSON.stringify(message.blocks), "Release 152");

    const actions =
      (message.blocks as { type: string; block_id: string; elements: { action_id: string }[] }[])
        .find((b) => b.type === "actions")!;
    const approve = actions.elements.find((e) => /approve/.test(e.action_id))!;
    const clicked = await postJson(`${platform.url}/_local/actions`, {
      user: platform.demo!.users.approver1,
      channel: channel.approvals,
      message_ts: message.ts,
      action_id: approve.action_id,
      block_id: actions.block_id,
    });
    assertEquals(clicked.json.ok, true);
    await platform.engine.idle();

    assertEquals(platform.storage.getRun(run.id)?.status, "completed");
    const recorded = decision(platform, body.request_id)!;
    assertEquals(recorded.outcome, "approved");
    assertEquals(recorded.decided_by, [platform.demo!.users.approver1]);
    const { callbacks } = await getJson(`${platform.url}/_local/callbacks`) as {
      callbacks: { verified: boolean; body: Record<string, unknown> }[];
    };
    assertEquals(callbacks.length, 1);
    assertEquals(callbacks[0].verified, true);
    assertEquals(callbacks[0].body.outcome, "approved");
  } finally {
    await platform.close();
  }
});

Deno.test("a staging request with green CI is auto-approved without posting anything", async () => {
  const platform = await startPlatform({ port: 0, dataDir: ":memory:", appDir: REPO, quiet: true });
  try {
    const body = await request(platform, {
      environment: "staging",
      conditions: "ci_status=passed",
    });
    assertEquals(platform.storage.listRuns(1)[0].status, "completed");
    assertEquals(decision(platform, body.request_id)?.outcome, "auto_approved");
    const channels = platform.demo!.channels as Record<string, string>;
    for (const id of Object.values(channels)) assertEquals(platform.storage.listMessages(id), []);
  } finally {
    await platform.close();
  }
});

Deno.test("a badly signed request is rejected and recorded, never shown to approvers", async () => {
  const platform = await startPlatform({
    port: 0,
    dataDir: ":memory:",
    appDir: REPO,
    quiet: true,
  });
  try {
    const demo = platform.demo!;
    const key = await Deno.readTextFile(demo.privateKeyPath);
    const fields = {
      service_id: demo.serviceId,
      key_id: demo.keyId,
      request_id: "tampered-1",
      timestamp: String(Math.floor(Date.now() / 1000)),
      action: "deploy",
      resource: "api-server#152",
      environment: "production",
      reason: "Release 152",
      triggered_by: demo.users.engineer,
      source_system: "e2e",
      source_url: "",
      conditions: "",
    };
    const signed = await signedRequest(fields, key);
    const url = platform.triggers.find((t) => t.webhook_url)!.webhook_url!;
    await postJson(url, { ...signed, resource: "database#1" });
    await platform.engine.idle();
    assertEquals(platform.storage.listRuns(1)[0].status, "completed");
    // An unverified request's id is not trusted as a key: find its record by request_id.
    const recorded = platform.storage.scanItems("decisions", 100).items
      .find((item) => item.request_id === "tampered-1")!;
    assertEquals([recorded.outcome, recorded.reason_code], ["rejected", "bad_signature"]);
    const channels = demo.channels as Record<string, string>;
    assertEquals(platform.storage.listMessages(channels.approvals), []);
  } finally {
    await platform.close();
  }
});
