import { canonicalString } from "../../lib/contract/canonical.ts";
import { requestDigest } from "../../lib/oidc/binding.ts";
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import {
  type ContractRequest,
  signedRequest,
  type UnsignedRequest,
} from "../../lib/contract/mod.ts";
import { generateKeyPair, publicKeyPem } from "../../lib/keys/ed25519.ts";
import {
  sampleRequest,
  TEST_PRIVATE_KEY_PEM,
  TEST_PUBLIC_KEY,
} from "../../lib/contract/_test_support.ts";
import { startTestPlatform, TEST_WORKSPACE, type TestPlatform } from "../../local/testing.ts";
import { VerifyRequestFunction } from "./definition.ts";
import handler from "./mod.ts";
import { testBot } from "../_shared/admin_testing.ts";

const { createContext } = SlackFunctionTester(VerifyRequestFunction);
const W = TEST_WORKSPACE;

/** A complete, active service registered with the test key (two approvals, a group). */
function service(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return testBot({
    approver_usergroup: W.usergroupId,
    approvals_required: 2,
    approval_timeout_seconds: 900,
    ...extra,
  });
}

interface Run {
  outputs: Record<string, unknown>;
  error?: string;
  executionId: string;
}

async function withPlatform(
  fn: (
    platform: TestPlatform,
    run: (inputs: Record<string, unknown>) => Promise<Run>,
  ) => Promise<void>,
  options: { seedService?: Record<string, unknown> | null; datastores?: Record<string, never> } =
    {},
): Promise<void> {
  const platform = await startTestPlatform(
    options.datastores ? { datastores: options.datastores } : {},
  );
  try {
    if (options.seedService !== null && !options.datastores) {
      const item = options.seedService ?? service();
      platform.storage.putItem(Services.name, String(item.id), item);
    }
    const run = async (inputs: Record<string, unknown>): Promise<Run> => {
      const ctx = createContext({ inputs, env: { SLACK_API_URL: platform.url } });
      const result = await handler(ctx);
      return {
        outputs: (result.outputs ?? {}) as Record<string, unknown>,
        error: result.error,
        executionId: ctx.event.function_execution_id,
      };
    };
    await fn(platform, run);
  } finally {
    await platform.close();
  }
}

async function signed(change: Partial<UnsignedRequest> = {}, key = TEST_PRIVATE_KEY_PEM) {
  return await signedRequest({ ...sampleRequest(), ...change }, key);
}

const CONFIG_KEYS = [
  "service_name",
  "service_owner",
  "approver_users",
  "approver_usergroup",
  "approvals_required",
  "approval_channel",
  "watcher_channel",
  "callback_url",
  "approval_timeout_seconds",
];

function assertRejected(run: Run, code: string, detailPart: string) {
  assertEquals(run.error, undefined);
  assertEquals(run.outputs.verdict, "rejected");
  assertEquals(run.outputs.reason_code, code);
  assertStringIncludes(String(run.outputs.reason_detail), detailPart);
  assertEquals(typeof run.outputs.requested_at, "number");
}

/** Rejected before the caller proved its identity: no real id, no service configuration. */
function assertUnverified(run: Run) {
  assertEquals(run.outputs.decision_id, `rejected|${run.executionId}`);
  assertEquals(run.outputs.signature_verified, false);
  for (const key of CONFIG_KEYS) assertEquals(run.outputs[key], undefined, key);
}

Deno.test("verify_request: a correctly signed, allowed request is verified with its config", async () => {
  await withPlatform(async (platform, run) => {
    const request = await signed();
    const before = Date.now();
    const result = await run(request);
    assertEquals(result.error, undefined);
    assertEquals(result.outputs, {
      verdict: "verified",
      decision_id: "ci-bot|run-4242.1",
      reason_code: "",
      reason_detail: "",
      signature_verified: true,
      requested_at: result.outputs.requested_at,
      service_name: "CI bot",
      service_owner: W.users.alice,
      approver_users: [W.users.alice, W.users.bob],
      approver_usergroup: W.usergroupId,
      approvals_required: 2,
      approval_channel: W.channelId,
      watcher_channel: W.generalChannelId,
      callback_url: "https://hooks.example.com/countersign",
      approval_timeout_seconds: 900,
      identity_method: "ed25519",
      // SHA-256 of exactly the bytes the bot signed (the attestation's subject).
      request_digest: await requestDigest(canonicalString(request)),
    });
    assert(Number(result.outputs.requested_at) >= before);
    const methods = platform.storage.listCalls().map((call) => [call.method, call.args.datastore]);
    assertEquals(methods, [
      ["apps.datastore.get", Services.name],
      ["apps.datastore.get", Decisions.name],
    ]);
  });
});

Deno.test("verify_request: keys registered as PEM and rotated keys verify", async () => {
  const next = await generateKeyPair();
  const rotating = service({
    public_keys: [
      { key_id: "old", public_key: publicKeyPem(TEST_PUBLIC_KEY), not_after: Date.now() + 60_000 },
      { key_id: "new", public_key: next.publicKeyRaw, not_after: 0 },
    ],
  });
  await withPlatform(async (_platform, run) => {
    const old = await run(await signed({ key_id: "old", request_id: "r-old" }));
    assertEquals([old.outputs.verdict, old.outputs.reason_detail], ["verified", ""]);
    const fresh = await run(
      await signed({ key_id: "new", request_id: "r-new" }, next.privateKeyPem),
    );
    assertEquals(fresh.outputs.verdict, "verified");
    const crossed = await run(await signed({ key_id: "new", request_id: "r-x" }));
    assertRejected(crossed, "bad_signature", "does not match");
  }, { seedService: rotating });
});

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

Deno.test("verify_request: replayed_request when the decision already exists", async () => {
  await withPlatform(async (platform, run) => {
    platform.storage.putItem(Decisions.name, "ci-bot|run-4242.1", {
      id: "ci-bot|run-4242.1",
      status: "final",
      outcome: "approved",
    });
    const result = await run(await signed());
    assertRejected(result, "replayed_request", 'Cannot accept request "run-4242.1" again');
    assertEquals(result.outputs.decision_id, `rejected|${result.executionId}`);
    assertEquals(result.outputs.signature_verified, true);
    assertEquals(result.outputs.callback_url, undefined);
    // The original decision is untouched and another request id still goes through.
    assertEquals(
      platform.storage.getItem(Decisions.name, "ci-bot|run-4242.1")?.outcome,
      "approved",
    );
    assertEquals((await run(await signed({ request_id: "run-4243" }))).outputs.verdict, "verified");
  });
});

Deno.test("verify_request: allow-list rejections keep the real id and the callback", async () => {
  await withPlatform(async (_platform, run) => {
    const cases = [
      ["action_not_allowed", { action: "drop-database" }, 'Cannot allow action "drop-database"'],
      ["resource_not_allowed", { resource: "billing-db" }, 'Cannot allow resource "billing-db"'],
      ["environment_not_allowed", { environment: "dev" }, 'Cannot allow environment "dev"'],
    ] as const;
    for (const [code, change, words] of cases) {
      const result = await run(await signed({ ...change, request_id: `r-${code}` }));
      assertRejected(result, code, words);
      assertEquals(result.outputs.decision_id, `ci-bot|r-${code}`);
      assertEquals(result.outputs.signature_verified, true);
      assertEquals(result.outputs.callback_url, "https://hooks.example.com/countersign");
    }
  });
});

Deno.test("verify_request: a failing Slack API call is an error, not a rejection", async () => {
  await withPlatform(async (_platform, run) => {
    const result = await run(await signed());
    assertStringIncludes(String(result.error), 'Cannot look up service "ci-bot"');
    assertEquals(result.outputs, {});
  }, { datastores: {} });
});

Deno.test("verify_request: a signed artifact digest is passed on; a malformed one is refused", async () => {
  await withPlatform(async (_platform, run) => {
    const digest = `sha256:${"0a".repeat(32)}`;
    const request = await signed({ artifact_digest: digest });
    const ok = await run(request);
    assertEquals([ok.outputs.verdict, ok.outputs.artifact_digest], ["verified", digest]);
    // The digest is signed: swapping it after signing breaks the signature.
    const swapped = await run({ ...request, artifact_digest: `sha256:${"0b".repeat(32)}` });
    assertEquals(swapped.outputs.reason_code, "bad_signature");
    const upper = await run(await signed({ artifact_digest: `sha256:${"0A".repeat(32)}` }));
    assertEquals(upper.outputs.reason_code, "malformed_field");
    assertStringIncludes(
      String(upper.outputs.reason_detail),
      'Cannot accept field "artifact_digest": value "sha256:0A0A',
    );
  });
});
