import { assertEquals, assertStringIncludes } from "@std/assert";
import { buildCallbackPayload, importSigningKey, signCallback } from "../lib/callback/mod.ts";
import { openSqliteStorage } from "../local/storage/sqlite.ts";
import { ensureAppSigningKey } from "./app_keys.ts";
import { createCallbackReceiver, MAX_CALLBACK_BYTES } from "./callback_receiver.ts";

async function appKey() {
  const storage = openSqliteStorage(":memory:");
  try {
    const pair = await ensureAppSigningKey(storage);
    return { pair, key: await importSigningKey(pair.privateKeyPkcs8B64) };
  } finally {
    storage.close();
  }
}

function post(body: string, headers: Record<string, string>) {
  return new Request("http://127.0.0.1/_local/demo-callback", { method: "POST", body, headers });
}

const decision = { decision_id: "demo-ci|r1", request_id: "r1", service_id: "demo-ci" };

Deno.test("receiver accepts a signed callback and lists it as verified", async () => {
  const { pair, key } = await appKey();
  const receiver = createCallbackReceiver({ publicKey: pair.publicKeyRawB64 });
  const body = JSON.stringify(
    buildCallbackPayload({ ...decision, outcome: "approved", decided_by: ["U0APPR0001"] }, 5),
  );
  const res = await receiver.handle(
    post(body, await signCallback(key, body, Date.now(), "demo-ci")),
  );
  assertEquals(res.status, 200);
  const [got] = receiver.list();
  assertEquals(got.verified, true);
  assertEquals(got.key_id, key.keyId);
  assertEquals((got.body as Record<string, unknown>).outcome, "approved");
  assertEquals((got.body as Record<string, unknown>).request_id, "r1");
});

Deno.test("receiver marks a tampered callback as not verified and answers 401", async () => {
  const { pair, key } = await appKey();
  const seen: boolean[] = [];
  const receiver = createCallbackReceiver({
    publicKey: pair.publicKeyRawB64,
    onReceive: (r) => seen.push(r.verified),
  });
  const body = JSON.stringify(buildCallbackPayload({ ...decision, outcome: "denied" }, 5));
  const headers = await signCallback(key, body, Date.now(), "demo-ci");
  const res = await receiver.handle(post(body.replace("denied", "approved"), headers));
  assertEquals(res.status, 401);
  const [got] = receiver.list();
  assertEquals(got.verified, false);
  assertStringIncludes(got.error ?? "", "signature does not match");
  assertEquals((got.body as Record<string, unknown>).outcome, "approved");
  assertEquals(seen, [false]);
});

Deno.test("receiver rejects a callback signed by another key", async () => {
  const { pair } = await appKey();
  const other = await appKey();
  const receiver = createCallbackReceiver({ publicKey: pair.publicKeyRawB64 });
  const body = JSON.stringify(buildCallbackPayload({ ...decision, outcome: "approved" }, 5));
  const res = await receiver.handle(
    post(body, await signCallback(other.key, body, Date.now(), "demo-ci")),
  );
  assertEquals(res.status, 401);
  assertEquals(receiver.list()[0].verified, false);
});

Deno.test("receiver refuses unsigned, oversized and non-POST requests", async () => {
  const { pair } = await appKey();
  const receiver = createCallbackReceiver({ publicKey: pair.publicKeyRawB64 });
  assertEquals((await receiver.handle(post("{}", {}))).status, 401);
  assertStringIncludes(receiver.list()[0].error ?? "", "header is missing");
  const huge = "x".repeat(MAX_CALLBACK_BYTES + 1);
  assertEquals((await receiver.handle(post(huge, {}))).status, 413);
  assertEquals(receiver.list()[1].body, null);
  const get = new Request("http://127.0.0.1/_local/demo-callback");
  assertEquals((await receiver.handle(get)).status, 405);
  assertEquals(receiver.list().length, 2);
});

Deno.test("a receiver that names its service refuses another service's callback", async () => {
  const { pair, key } = await appKey();
  const receiver = createCallbackReceiver({ publicKey: pair.publicKeyRawB64, services: "other" });
  const body = JSON.stringify(buildCallbackPayload({ ...decision, outcome: "approved" }, 5));
  const res = await receiver.handle(
    post(body, await signCallback(key, body, Date.now(), "demo-ci")),
  );
  assertEquals(res.status, 401);
  assertStringIncludes(receiver.list()[0].error ?? "", 'for service "demo-ci"');
});
