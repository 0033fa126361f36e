import { canonicalString } from "../../lib/contract/canonical.ts";
import { requestDigest } from "../../lib/oidc/binding.ts";
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import { generateKeyPair, publicKeyPem } from "../../lib/keys/ed25519.ts";
import { TEST_PUBLIC_KEY } from "../../lib/contract/_testing.ts";
import { assertRejected, service, signed, W, withPlatform } from "./_testing.ts";

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
