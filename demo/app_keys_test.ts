import { assertEquals, assertNotEquals, assertRejects } from "@std/assert";
import {
  buildCallbackPayload,
  importSigningKey,
  signCallback,
  verifyCallback,
} from "../lib/callback/mod.ts";
import { openSqliteStorage } from "../local/storage/sqlite.ts";
import { APP_SIGNING_KEY_SETTING, ensureAppSigningKey } from "./app_keys.ts";

Deno.test("ensureAppSigningKey generates once and returns the same key afterwards", async () => {
  const storage = openSqliteStorage(":memory:");
  try {
    const first = await ensureAppSigningKey(storage);
    const second = await ensureAppSigningKey(storage);
    assertEquals(second, first);
    assertEquals(storage.getSetting(APP_SIGNING_KEY_SETTING), first.privateKeyPkcs8B64);
    // The pair belongs together: a callback signed with the private half verifies with the public.
    const key = await importSigningKey(first.privateKeyPkcs8B64);
    const body = JSON.stringify(
      buildCallbackPayload({ service_id: "s1", decision_id: "d1", outcome: "approved" }, 1),
    );
    const headers = await signCallback(key, body, Date.now(), "s1");
    const result = await verifyCallback(first.publicKeyRawB64, headers, body, { service: "s1" });
    assertEquals(result.ok, true);
  } finally {
    storage.close();
  }
});

Deno.test("ensureAppSigningKey gives each new store its own key", async () => {
  const a = openSqliteStorage(":memory:");
  const b = openSqliteStorage(":memory:");
  try {
    assertNotEquals(
      (await ensureAppSigningKey(a)).publicKeyRawB64,
      (await ensureAppSigningKey(b)).publicKeyRawB64,
    );
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("ensureAppSigningKey refuses an unreadable saved key without echoing it", async () => {
  const storage = openSqliteStorage(":memory:");
  try {
    storage.setSetting(APP_SIGNING_KEY_SETTING, "c2VjcmV0LW5vdC1hLWtleQ==");
    const err = await assertRejects(() => ensureAppSigningKey(storage), Error);
    assertEquals(err.message.startsWith("Cannot use the app signing key:"), true);
    assertEquals(err.message.includes("c2VjcmV0"), false);
  } finally {
    storage.close();
  }
});
