import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, type TestPlatform } from "../../local/testing.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { EXTRA_DOMAINS_ENV, SIGNING_KEY_ENV } from "../../lib/config.ts";
import { importSigningKey, verifyCallback } from "../../lib/callback/mod.ts";
import { generateTestKeyPair } from "../../lib/callback/_testing.ts";
import { importSyncPublicKey, verifyText } from "../../lib/audit/ed25519_sync.ts";
import { recordMessage } from "../../lib/audit/canonical.ts";
import { sealRecord } from "../../lib/audit/seal.ts";
import { NotifyCallerFunction } from "./definition.ts";
import handler from "./mod.ts";

const { createContext } = SlackFunctionTester(NotifyCallerFunction);
const DECISION = "deploy-bot|r-1";

/** A real callback receiver on 127.0.0.1 that verifies each delivery with the public key. */
function receiver(publicKey: string, statuses: number[]) {
  const verified: { ok: boolean; outcome?: string; decided_by?: string[] }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const result = await verifyCallback(publicKey, req.headers, await req.text(), {
      service: "deploy-bot",
    });
    verified.push(
      result.ok
        ? { ok: true, outcome: result.payload.outcome, decided_by: result.payload.decided_by }
        : { ok: false },
    );
    return new Response("", { status: statuses[verified.length - 1] ?? 200 });
  });
  return { server, url: `http://127.0.0.1:${server.addr.port}/callback`, verified };
}

/** A final record as record_decision writes it: sealed by the app's key. */
async function sealedFinal(pkcs8: string, extra: Record<string, unknown> = {}) {
  const item = {
    id: DECISION,
    status: "final",
    outcome: "approved",
    callback_status: "pending",
    ...extra,
  };
  return { ...item, ...(await sealRecord(await importSigningKey(pkcs8), Decisions.name, item)) };
}

async function setup() {
  const platform = await startTestPlatform();
  const keys = await generateTestKeyPair();
  platform.storage.putItem(Decisions.name, DECISION, await sealedFinal(keys.pkcs8));
  const env = {
    SLACK_API_URL: platform.url,
    [SIGNING_KEY_ENV]: keys.pkcs8,
    [EXTRA_DOMAINS_ENV]: "127.0.0.1",
  };
  return { platform, keys, env };
}

const inputs = (callback_url: string) => ({
  decision_id: DECISION,
  callback_url,
  service_id: "deploy-bot",
  request_id: "r-1",
  outcome: "approved",
  reason_code: "human_approved",
  decided_by: ["U0BOB000001"],
  decided_at: 61_000,
});

const record = (p: TestPlatform) => p.storage.getItem(Decisions.name, DECISION);

Deno.test("delivers a signed decision the caller can verify, and records it", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, [200]);
  try {
    const result = await handler(createContext({ inputs: inputs(r.url), env }));
    assertEquals(result, { outputs: { delivery_status: "delivered", attempts: 1 } });
    assertEquals(r.verified, [{ ok: true, outcome: "approved", decided_by: ["U0BOB000001"] }]);
    const item = record(platform);
    assertEquals(item?.callback_status, "delivered");
    assertEquals(item?.callback_attempts, 1);
    assertEquals(item?.outcome, "approved"); // the update leaves the decision itself alone
  } finally {
    await r.server.shutdown();
    await platform.close();
  }
});

Deno.test("retries a 5xx and records the attempts", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, [503, 200]);
  try {
    const result = await handler(createContext({ inputs: inputs(r.url), env }));
    assertEquals(result, { outputs: { delivery_status: "delivered", attempts: 2 } });
    assertEquals(r.verified.map((v) => v.ok), [true, true]);
    assertEquals(record(platform)?.callback_attempts, 2);
    assertEquals(record(platform)?.callback_detail, "HTTP 200 on attempt 2");
  } finally {
    await r.server.shutdown();
    await platform.close();
  }
});

Deno.test("a receiver that is down is recorded as failed after bounded attempts", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, []);
  await r.server.shutdown();
  try {
    const result = await handler(createContext({ inputs: inputs(r.url), env }));
    assertEquals(result, { outputs: { delivery_status: "failed", attempts: 3 } });
    assertEquals(record(platform)?.callback_status, "failed");
    assertStringIncludes(String(record(platform)?.callback_detail), "network error");
  } finally {
    await platform.close();
  }
});

Deno.test("a URL outside the outgoing domains is refused, recorded, never fetched", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, [200]);
  try {
    const noExtra = { ...env, [EXTRA_DOMAINS_ENV]: "" };
    const result = await handler(createContext({ inputs: inputs(r.url), env: noExtra }));
    assertEquals(result, { outputs: { delivery_status: "refused", attempts: 0 } });
    assertEquals(r.verified.length, 0);
    assertEquals(record(platform)?.callback_status, "refused");
    assertStringIncludes(String(record(platform)?.callback_detail), "must use https");

    const evil = await handler(
      createContext({ inputs: inputs("https://example.com.evil.net/cb"), env }),
    );
    assertEquals(evil, { outputs: { delivery_status: "refused", attempts: 0 } });
    assertStringIncludes(
      String(record(platform)?.callback_detail),
      `host "example.com.evil.net" is not in the app's outgoing domains`,
    );
  } finally {
    await r.server.shutdown();
    await platform.close();
  }
});

Deno.test("no callback URL: skipped with no fetch and no datastore write", async () => {
  const { platform, env } = await setup();
  try {
    const result = await handler(createContext({ inputs: inputs(""), env }));
    assertEquals(result, { outputs: { delivery_status: "skipped", attempts: 0 } });
    assertEquals(platform.storage.listCalls(), []);
  } finally {
    await platform.close();
  }
});

Deno.test("no callback URL after a record still saying pending: the record says skipped", async () => {
  const { platform, env } = await setup();
  try {
    const passed = JSON.stringify(record(platform));
    const result = await handler(createContext({
      inputs: { ...inputs(""), record_json: passed },
      env,
    }));
    assertEquals(result, { outputs: { delivery_status: "skipped", attempts: 0 } });
    assertEquals(record(platform)?.callback_status, "skipped");
    assertStringIncludes(String(record(platform)?.callback_detail), "No callback");
  } finally {
    await platform.close();
  }
});

Deno.test("a missing signing key fails clearly without sending anything", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, [200]);
  try {
    const result = await handler(createContext({
      inputs: inputs(r.url),
      env: { ...env, [SIGNING_KEY_ENV]: "" },
    }));
    assertEquals(result, { outputs: { delivery_status: "failed", attempts: 0 } });
    assertEquals(r.verified.length, 0);
    assertEquals(
      record(platform)?.callback_detail,
      `Cannot sign callback: ${SIGNING_KEY_ENV} is not set`,
    );
    assert(!JSON.stringify(platform.storage.listCalls()).includes(keys.pkcs8));
  } finally {
    await r.server.shutdown();
    await platform.close();
  }
});

Deno.test("the delivery result is a plain update: the record's seal stays valid, never re-made", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, [200]);
  try {
    const sealed = record(platform)!;
    const before = platform.storage.listCalls().length;
    await handler(createContext({ inputs: inputs(r.url), env }));
    const methods = platform.storage.listCalls().slice(before).map((c) => c.method);
    assertEquals(methods, ["apps.datastore.update"]);
    const item = record(platform)!;
    assertEquals(item.callback_status, "delivered");
    assertEquals(item.record_signature, sealed.record_signature, "not re-signed");
    const key = await importSyncPublicKey(keys.publicKey);
    const signature = String(item.record_signature);
    assert(verifyText(key, recordMessage(Decisions.name, item), signature));
    // The seal still covers the decision itself: changing it is detected.
    const altered = { ...item, outcome: "denied" };
    assertEquals(verifyText(key, recordMessage(Decisions.name, altered), signature), false);
  } finally {
    await r.server.shutdown();
    await platform.close();
  }
});

Deno.test("a record edited after sealing is not laundered by the delivery update", async () => {
  const { platform, keys, env } = await setup();
  const r = receiver(keys.publicKey, [200]);
  try {
    // Someone with datastore access changed the outcome after the record step signed it.
    const edited: Record<string, unknown> = { ...record(platform)!, outcome: "denied" };
    platform.storage.putItem(Decisions.name, DECISION, { ...edited, reminded_at: 1_234 });
    await handler(createContext({ inputs: inputs(r.url), env }));
    const item = record(platform)!;
    assertEquals(item.callback_status, "delivered");
    assertEquals(item.reminded_at, 1_234);
    const key = await importSyncPublicKey(keys.publicKey);
    assertEquals(
      verifyText(key, recordMessage(Decisions.name, item), String(item.record_signature)),
      false,
      "verify reports the edit",
    );
  } finally {
    await r.server.shutdown();
    await platform.close();
  }
});
