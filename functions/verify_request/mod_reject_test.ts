/** verify_request's rejections of signed requests: each with its code, none leaking what it must not. */
import { assertEquals } from "@std/assert";
import { type ContractRequest } from "../../lib/contract/mod.ts";
import { generateKeyPair } from "../../lib/keys/ed25519.ts";
import { TEST_PUBLIC_KEY } from "../../lib/contract/_testing.ts";
import { assertRejected, assertUnverified, service, signed, withPlatform } from "./_testing.ts";

Deno.test("verify_request: missing_field, with no Slack call at all", async () => {
  await withPlatform(async (platform, run) => {
    const { signature: _, ...unsigned } = await signed();
    const result = await run(unsigned);
    assertRejected(result, "missing_field", 'Cannot accept field "signature": is required');
    assertUnverified(result);
    assertEquals(platform.storage.listCalls(), []);
    assertRejected(await run({}), "missing_field", '"service_id"');
  });
});

Deno.test("verify_request: field_too_long and malformed_field", async () => {
  await withPlatform(async (_platform, run) => {
    const long = await run({ ...await signed(), reason: "x".repeat(1001) });
    assertRejected(long, "field_too_long", "the limit is 1000");
    assertUnverified(long);
    const control = await run({ ...await signed(), resource: "api\u0000" });
    assertRejected(control, "malformed_field", "control character (U+0000)");
    assertUnverified(control);
    const injected = await run({ ...await signed(), action: "<!channel>" });
    assertRejected(injected, "malformed_field", '"<!channel>"');
  });
});

Deno.test("verify_request: unknown_service and service_disabled", async () => {
  await withPlatform(async (_platform, run) => {
    const unknown = await run(await signed({ service_id: "ghost" }));
    assertRejected(unknown, "unknown_service", 'Cannot find service "ghost"');
    assertUnverified(unknown);
  });
  for (const status of ["disabled", undefined]) {
    await withPlatform(async (_platform, run) => {
      const result = await run(await signed());
      assertRejected(result, "service_disabled", 'not "active"');
      assertUnverified(result);
    }, { seedService: service({ status }) });
  }
});

Deno.test("verify_request: unknown_key, key_expired and an unusable registered key", async () => {
  await withPlatform(async (_platform, run) => {
    const result = await run(await signed({ key_id: "other" }));
    assertRejected(result, "unknown_key", 'Cannot find key "other"');
    assertUnverified(result);
  });
  await withPlatform(async (_platform, run) => {
    const result = await run(await signed());
    assertRejected(result, "key_expired", "expired at 2025-01-01T00:00:00.000Z");
    assertUnverified(result);
  }, {
    seedService: service({
      public_keys: [{
        key_id: "ci-bot-2026",
        public_key: TEST_PUBLIC_KEY,
        not_after: Date.UTC(2025, 0, 1),
      }],
    }),
  });
  await withPlatform(async (_platform, run) => {
    const result = await run(await signed());
    assertRejected(result, "unknown_key", "registered public key is unusable");
    assertEquals(String(result.outputs.reason_detail).includes("bm90IGEga2V5"), false);
    assertUnverified(result);
  }, {
    seedService: service({
      public_keys: [{ key_id: "ci-bot-2026", public_key: "bm90IGEga2V5", not_after: 0 }],
    }),
  });
});

Deno.test("verify_request: bad_signature for any tampered field, never echoing the signature", async () => {
  await withPlatform(async (_platform, run) => {
    const request = await signed();
    for (const field of ["action", "resource", "environment", "reason", "conditions"] as const) {
      const tampered: ContractRequest = {
        ...request,
        [field]: field === "conditions" ? "x=1" : "api-2",
      };
      const result = await run(tampered);
      assertRejected(result, "bad_signature", "Cannot verify the signature");
      assertUnverified(result);
      assertEquals(
        String(result.outputs.reason_detail).includes(request.signature.slice(0, 12)),
        false,
      );
    }
    const forged = await signed({}, (await generateKeyPair()).privateKeyPem);
    assertRejected(await run(forged), "bad_signature", '"ci-bot-2026"');
  });
});

Deno.test("verify_request: stale and future timestamps are refused without the real id or callback", async () => {
  await withPlatform(async (_platform, run) => {
    const now = Date.now();
    const cases = [
      ["stale_timestamp", now - 10 * 60_000, "s ago"],
      ["future_timestamp", now + 10 * 60_000, "in the future"],
    ] as const;
    for (const [code, at, words] of cases) {
      const result = await run(await signed({ timestamp: String(Math.floor(at / 1000)) }));
      assertRejected(result, code, words);
      assertEquals(result.outputs.decision_id, `rejected|${result.executionId}`);
      assertEquals(result.outputs.signature_verified, true);
      assertEquals(result.outputs.service_name, "CI bot");
      assertEquals(result.outputs.callback_url, undefined);
    }
  });
});
