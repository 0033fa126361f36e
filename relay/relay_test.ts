/**
 * The decision relay over HTTP with real SQLite and real signatures: storing and long-poll reads,
 * and the attacks its docs promise to stop (another service reading, forged / replayed / misrouted
 * callbacks, replayed reads, a lying relay), restart and retention.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { signRead, waitForDecision } from "../sdk/mod.ts";
import { decisionPath } from "../sdk/mod.ts";
import { loadConfig } from "./main.ts";
import { appKey, postCallback, serviceIdentity, testRelay } from "./_testing.ts";

Deno.test("relay: a stored decision is read by its service, with the deny reason", async () => {
  const app = await appKey();
  const a = await serviceIdentity("svc-a");
  const log: string[] = [];
  const relay = await testRelay(app.publicKey, [a], { log });
  try {
    const cb = await app.callback("svc-a", "r1", "denied", {
      denial_reason: "Freeze week",
      decided_by: ["U1"],
    });
    assertEquals((await postCallback(relay.url, "svc-a", cb)).status, 200);
    const got = await waitForDecision({
      relayUrl: relay.url,
      identity: a,
      requestId: "r1",
      appPublicKey: app.publicKey,
      timeoutMs: 0,
    });
    assert(got.status === "decided");
    assertEquals([got.outcome, got.denial_reason, got.decided_by], ["denied", "Freeze week", [
      "U1",
    ]]);
    assert(log.some((l) => / POST \/v1\/callbacks\/svc-a 200 .*r1 denied/.test(l)), log.join("\n"));
    assert(log.every((l) => !l.includes(cb.headers["X-Countersign-Signature"])));
    const health = await (await fetch(`${relay.url}/healthz`)).json();
    assertEquals(health, { ok: true, decisions: 1 });
  } finally {
    await relay.close();
  }
});

Deno.test("relay: a long-poll read returns as soon as the callback arrives", async () => {
  const app = await appKey();
  const a = await serviceIdentity("svc-a");
  const relay = await testRelay(app.publicKey, [a]);
  try {
    const waiting = waitForDecision({
      relayUrl: relay.url,
      identity: a,
      requestId: "r2",
      appPublicKey: app.publicKey,
      timeoutMs: 600_000,
    });
    // The read is parked on the relay before the decision exists.
    while (relay.relay.waiting() === 0) await new Promise((r) => setTimeout(r, 5));
    await postCallback(relay.url, "svc-a", await app.callback("svc-a", "r2", "approved"));
    const got = await waiting;
    assert(got.status === "decided");
    assertEquals(got.outcome, "approved");
  } finally {
    await relay.close();
  }
});

Deno.test("relay: another service cannot read the decision, even knowing its id", async () => {
  const app = await appKey();
  const a = await serviceIdentity("svc-a");
  const b = await serviceIdentity("svc-b");
  const relay = await testRelay(app.publicKey, [a, b]);
  try {
    await postCallback(relay.url, "svc-a", await app.callback("svc-a", "r1"));
    // B signs a read of A's path with its own key: A has no such key.
    const headers = await signRead({ ...b, serviceId: "svc-a" }, "r1");
    const res = await fetch(`${relay.url}${decisionPath("svc-a", "r1")}`, { headers });
    assertEquals(res.status, 401);
    // B's key id is "k1" like A's: the signature made with B's key does not verify for A.
    assertEquals(a.keyId, b.keyId);
    assertStringIncludes((await res.json()).error, "signature does not match");
    // B reading the same request id under its own service sees nothing of A's.
    const own = await waitForDecision({
      relayUrl: relay.url,
      identity: b,
      requestId: "r1",
      appPublicKey: app.publicKey,
      timeoutMs: 0,
    });
    assertEquals(own.status, "pending");
    // Unsigned reads are refused.
    const bare = await fetch(`${relay.url}${decisionPath("svc-a", "r1")}`);
    assertEquals(bare.status, 401);
    await bare.body?.cancel();
  } finally {
    await relay.close();
  }
});

Deno.test("relay: a replayed signed read is refused", async () => {
  const app = await appKey();
  const a = await serviceIdentity("svc-a");
  const relay = await testRelay(app.publicKey, [a]);
  try {
    const headers = await signRead(a, "r1");
    const url = `${relay.url}${decisionPath("svc-a", "r1")}`;
    assertEquals((await (await fetch(url, { headers })).json()).status, "pending");
    const again = await fetch(url, { headers });
    assertEquals(again.status, 401);
    assertStringIncludes((await again.json()).error, "replayed");
    const old = await signRead(a, "r1", Date.now() - 61_000);
    const stale = await fetch(url, { headers: old });
    assertEquals(stale.status, 401);
    assertStringIncludes((await stale.json()).error, "window");
  } finally {
    await relay.close();
  }
});

Deno.test("relay: forged, misrouted, stale and replayed callbacks change nothing", async () => {
  const app = await appKey();
  const impostor = await appKey();
  const a = await serviceIdentity("svc-a");
  const b = await serviceIdentity("svc-b");
  const relay = await testRelay(app.publicKey, [a, b]);
  try {
    const forged = await impostor.callback("svc-a", "r1", "approved");
    assertEquals((await postCallback(relay.url, "svc-a", forged)).status, 401);
    const genuine = await app.callback("svc-a", "r1", "denied");
    const tampered = { ...genuine, body: genuine.body.replace('"denied"', '"approved"') };
    assertEquals((await postCallback(relay.url, "svc-a", tampered)).status, 401);
    // A's genuine callback re-posted to B's endpoint.
    const misrouted = await postCallback(relay.url, "svc-b", genuine);
    assertEquals(misrouted.status, 401);
    assertStringIncludes(String(misrouted.json.error), 'for service "svc-a"');
    const stale = await app.callback("svc-a", "r9", "approved", {}, Date.now() - 301_000);
    assertEquals((await postCallback(relay.url, "svc-a", stale)).status, 401);
    assertEquals(relay.store.count(), 0);
    // The genuine one is stored once; a replay of it, or a later different callback, is not.
    assertEquals((await postCallback(relay.url, "svc-a", genuine)).json, {
      ok: true,
      stored: true,
    });
    assertEquals((await postCallback(relay.url, "svc-a", genuine)).json, {
      ok: true,
      stored: false,
    });
    const later = await app.callback("svc-a", "r1", "approved");
    assertEquals((await postCallback(relay.url, "svc-a", later)).json.stored, false);
    assertEquals(relay.store.get("svc-a", "r1")?.outcome, "denied");
    assertEquals((await postCallback(relay.url, "svc-x", genuine)).status, 404);
    const huge = { ...genuine, body: " ".repeat(70 * 1024) };
    assertEquals((await postCallback(relay.url, "svc-a", huge)).status, 413);
  } finally {
    await relay.close();
  }
});

/** A relay that answers every read with `callback`. */
function lyingRelay(callback: { headers: Record<string, string>; body: string }) {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => Response.json({ status: "decided", callback }),
  );
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("relay: a lying relay is caught by the client", async () => {
  const app = await appKey();
  const impostor = await appKey();
  const a = await serviceIdentity("svc-a");
  const cases = [
    // Signed by a key that is not the app's.
    [await impostor.callback("svc-a", "r1", "approved"), "key id"],
    // The app's genuine approval, but of another request.
    [await app.callback("svc-a", "r-other", "approved"), 'for request "r-other"'],
    // The app's genuine approval of another service's request with the same id.
    [await app.callback("svc-b", "r1", "approved"), 'for service "svc-b"'],
    // An edited body.
    [
      await app.callback("svc-a", "r1", "denied").then((c) => ({
        ...c,
        body: c.body.replace('"denied"', '"approved"'),
      })),
      "signature does not match",
    ],
  ] as const;
  for (const [callback, why] of cases) {
    const liar = lyingRelay(callback);
    try {
      const err = await assertRejects(() =>
        waitForDecision({
          relayUrl: liar.url,
          identity: a,
          requestId: "r1",
          appPublicKey: app.publicKey,
          timeoutMs: 0,
        })
      );
      assertStringIncludes((err as Error).message, "Cannot trust the decision");
      assertStringIncludes((err as Error).message, why);
    } finally {
      await liar.close();
    }
  }
});

Deno.test("relay: a restart loses nothing; retention removes old decisions", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_relay_" });
  const app = await appKey();
  const a = await serviceIdentity("svc-a");
  let clock = Date.now();
  try {
    const dbPath = join(dir, "relay.db");
    const first = await testRelay(app.publicKey, [a], { dbPath });
    await postCallback(first.url, "svc-a", await app.callback("svc-a", "r1", "approved"));
    await first.close();
    assertEquals((await Deno.stat(dbPath)).mode! & 0o777, 0o600);
    const second = await testRelay(app.publicKey, [a], { dbPath, now: () => clock });
    try {
      const got = await waitForDecision({
        relayUrl: second.url,
        identity: a,
        requestId: "r1",
        appPublicKey: app.publicKey,
        timeoutMs: 0,
        now: () => clock,
      });
      assertEquals(got.status === "decided" && got.outcome, "approved");
      clock += 8 * 24 * 3600_000;
      assertEquals(second.relay.cleanup().callbacks, 1);
      assertEquals(second.store.count(), 0);
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("relay: configuration errors are specific", async () => {
  const a = await serviceIdentity("svc-a");
  const app = await appKey();
  const services = JSON.stringify({
    services: { "svc-a": [{ key_id: "k1", public_key: a.publicKey }] },
  });
  const ok = await loadConfig({ RELAY_APP_PUBLIC_KEYS: app.publicKey, RELAY_SERVICES: services });
  assertEquals([ok.port, ok.hostname, ok.services.get("svc-a")?.get("k1")], [
    8787,
    "127.0.0.1",
    a.publicKey,
  ]);
  await assertRejects(() => loadConfig({ RELAY_SERVICES: services }), Error, "RELAY_APP_PUBLIC");
  await assertRejects(
    () => loadConfig({ RELAY_APP_PUBLIC_KEYS: app.publicKey }),
    Error,
    "RELAY_SERVICES",
  );
  await assertRejects(
    () =>
      loadConfig({
        RELAY_APP_PUBLIC_KEYS: app.publicKey,
        RELAY_SERVICES: JSON.stringify({ services: { "svc a": [] } }),
      }),
    Error,
    'service id "svc a"',
  );
  await assertRejects(
    () =>
      loadConfig({
        RELAY_APP_PUBLIC_KEYS: app.publicKey,
        RELAY_SERVICES: services,
        RELAY_RETENTION_DAYS: "-1",
      }),
    Error,
    "RELAY_RETENTION_DAYS",
  );
});
