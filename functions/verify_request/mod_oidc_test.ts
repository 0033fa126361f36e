/**
 * verify_request with OIDC tokens: a real local issuer (discovery + JWKS on 127.0.0.1) and the
 * local Web API, so the datastore reads and writes are real.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { OidcTokens } from "../../datastores/oidc_tokens.ts";
import { Services } from "../../datastores/services.ts";
import { canonicalString, signedRequest, type UnsignedRequest } from "../../lib/contract/mod.ts";
import {
  sampleRequest,
  TEST_PRIVATE_KEY_PEM,
  TEST_PUBLIC_KEY,
} from "../../lib/contract/_testing.ts";
import { boundAudience, decodeAttribution, requestDigest } from "../../lib/oidc/mod.ts";
import {
  BYPASS_PATTERNS,
  startTestIssuer,
  type TestIssuer,
  unsignedToken,
} from "../../dev/oidc_issuer.ts";
import { purgeUsedTokens } from "../sweep_pending/purge.ts";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, TEST_WORKSPACE, type TestPlatform } from "../../local/testing.ts";
import { VerifyRequestFunction } from "./definition.ts";
import handler from "./mod.ts";

const { createContext } = SlackFunctionTester(VerifyRequestFunction);
const W = TEST_WORKSPACE;

function service(issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "ci-bot",
    display_name: "CI bot",
    owner: W.users.alice,
    public_keys: [{ key_id: "ci-bot-2026", public_key: TEST_PUBLIC_KEY, not_after: 0 }],
    oidc_issuer: issuer,
    oidc_claims: ["repository=acme/api", "ref=refs/heads/main"],
    allowed_actions: ["deploy"],
    allowed_resources: ["api-*"],
    allowed_environments: ["production"],
    approver_users: [W.users.bob],
    approval_channel: W.channelId,
    callback_url: "https://hooks.example.com/countersign",
    status: "active",
    ...extra,
  };
}

interface Run {
  outputs: Record<string, unknown>;
  error?: string;
  executionId: string;
}

interface Ctx {
  platform: TestPlatform;
  issuer: TestIssuer;
  run(inputs: Record<string, unknown>, env?: Record<string, string>): Promise<Run>;
}

async function withIssuer(
  fn: (ctx: Ctx) => Promise<void>,
  serviceExtra: Record<string, unknown> = {},
): Promise<void> {
  const platform = await startTestPlatform();
  const issuer = await startTestIssuer();
  try {
    platform.storage.putItem(Services.name, "ci-bot", service(issuer.issuer, serviceExtra));
    const run = async (inputs: Record<string, unknown>, env?: Record<string, string>) => {
      const ctx = createContext({
        inputs,
        env: env ?? {
          SLACK_API_URL: platform.url,
          COUNTERSIGN_EXTRA_OUTGOING_DOMAINS: "127.0.0.1",
        },
      });
      const result = await handler(ctx);
      return {
        outputs: (result.outputs ?? {}) as Record<string, unknown>,
        error: result.error,
        executionId: ctx.event.function_execution_id,
      };
    };
    await fn({ platform, issuer, run });
  } finally {
    await issuer.close();
    await platform.close();
  }
}

/** The sample request as the test issuer's job would send it (its actor is `octocat`). */
function fromJob(): UnsignedRequest {
  return { ...sampleRequest(), triggered_by: "octocat" };
}

function keyless(change: Partial<UnsignedRequest> = {}): UnsignedRequest {
  return { ...fromJob(), key_id: "", ...change };
}

async function boundToken(issuer: TestIssuer, req: UnsignedRequest, claims = {}) {
  const digest = await requestDigest(canonicalString(req));
  return await issuer.token({ aud: boundAudience("countersign", digest), ...claims });
}

Deno.test("verify_request: a keyless request with a bound OIDC token is verified with attribution", async () => {
  await withIssuer(async ({ platform, issuer, run }) => {
    const req = keyless();
    const result = await run({ ...req, oidc_token: await boundToken(issuer, req) });
    assertEquals(result.error, undefined);
    assertEquals(result.outputs.verdict, "verified", String(result.outputs.reason_detail));
    assertEquals(result.outputs.decision_id, "ci-bot|run-4242.1");
    assertEquals(result.outputs.signature_verified, true);
    assertEquals(result.outputs.identity_method, "oidc");
    assertEquals(result.outputs.callback_url, "https://hooks.example.com/countersign");
    const verified = decodeAttribution(String(result.outputs.verified_claims));
    assertEquals(verified?.actor, "octocat");
    assertEquals(verified?.repository, "acme/api");
    assertEquals(verified?.run_id, "7311");
    assertEquals(verified?.issuer, issuer.issuer);
    // The token is recorded as used (by its single-use key, never the token itself).
    const used = platform.storage.scanItems(OidcTokens.name, 10).items;
    assertEquals(used.length, 1);
    assertEquals(used[0].decision_id, "ci-bot|run-4242.1");
    assertEquals(JSON.stringify(used).includes(".ey"), false);
    const calls = platform.storage.listCalls().map((call) => [call.method, call.args.datastore]);
    assertEquals(calls, [
      ["apps.datastore.get", Services.name],
      ["apps.datastore.get", "decisions"],
      ["apps.datastore.get", OidcTokens.name],
      ["apps.datastore.put", OidcTokens.name],
    ]);
  });
});

Deno.test("verify_request: key and token together are both checked", async () => {
  await withIssuer(async ({ issuer, run }) => {
    const req = { ...fromJob(), request_id: "both-1" };
    const signed = await signedRequest(req, TEST_PRIVATE_KEY_PEM);
    const ok = await run({ ...signed, oidc_token: await boundToken(issuer, req) });
    assertEquals(ok.outputs.identity_method, "ed25519+oidc");
    assertEquals(ok.outputs.verdict, "verified");
    // A good signature does not excuse a bad token.
    const req2 = { ...fromJob(), request_id: "both-2" };
    const bad = await run({
      ...await signedRequest(req2, TEST_PRIVATE_KEY_PEM),
      oidc_token: await boundToken(issuer, req2, { repository: "evil/api" }),
    });
    assertEquals([bad.outputs.verdict, bad.outputs.reason_code], [
      "rejected",
      "oidc_claim_mismatch",
    ]);
  });
});

Deno.test("verify_request: a single-use token replayed for a different request is refused", async () => {
  await withIssuer(async ({ issuer, run }) => {
    const token = await issuer.token({ aud: "countersign" });
    const first = await run({ ...keyless({ request_id: "r-1" }), oidc_token: token });
    assertEquals(first.outputs.verdict, "verified", String(first.outputs.reason_detail));
    const again = await run({
      ...keyless({ request_id: "r-2", action: "deploy" }),
      oidc_token: token,
    });
    assertEquals(again.outputs.reason_code, "oidc_token_replayed");
    assertStringIncludes(String(again.outputs.reason_detail), '"ci-bot|r-1"');
    assertEquals(again.outputs.decision_id, `rejected|${again.executionId}`);
    assertEquals(again.outputs.signature_verified, false);
    assertEquals(again.outputs.callback_url, undefined);
    assert(decodeAttribution(String(again.outputs.verified_claims))?.actor === "octocat");
  }, { oidc_binding: "single_use" });
});

Deno.test("verify_request: OIDC rejections carry their codes and never the token", async () => {
  await withIssuer(async ({ issuer, run }) => {
    const req = keyless({ request_id: "r-x" });
    const token = await boundToken(issuer, req);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...req, oidc_token: unsignedToken(issuer.claims()) }, "oidc_alg_none"],
      [{ ...keyless({ request_id: "r-y" }), oidc_token: token }, "oidc_token_replayed"],
      [{ ...req, oidc_token: await boundToken(issuer, req, { aud: "x" }) }, "oidc_wrong_audience"],
    ];
    for (const [inputs, code] of cases) {
      const result = await run(inputs);
      assertEquals([result.outputs.verdict, result.outputs.reason_code], ["rejected", code]);
      assertEquals(result.outputs.decision_id, `rejected|${result.executionId}`);
      assertEquals(String(result.outputs.reason_detail).includes(String(inputs.oidc_token)), false);
    }
  });
});

Deno.test("verify_request: issuer outside the outgoing domains, and a service without OIDC", async () => {
  await withIssuer(async ({ platform, issuer, run }) => {
    const req = keyless();
    const token = await boundToken(issuer, req);
    const outside = await run({ ...req, oidc_token: token }, { SLACK_API_URL: platform.url });
    assertEquals(outside.outputs.reason_code, "oidc_issuer_not_allowed");
    assertEquals(issuer.requests, []);
    platform.storage.putItem(Services.name, "ci-bot", service("", {}));
    const none = await run({ ...req, oidc_token: token });
    assertEquals(none.outputs.reason_code, "oidc_not_configured");
  });
});

Deno.test("verify_request: a registration pinned by a bypass pattern accepts no foreign token", async () => {
  await withIssuer(async ({ platform, issuer, run }) => {
    const req = keyless();
    const evil = { repository: "evil/x", repository_owner: "evil", sub: "repo:evil/x:ref:main" };
    const token = await boundToken(issuer, req, evil);
    for (const bypass of BYPASS_PATTERNS) {
      platform.storage.putItem(
        Services.name,
        "ci-bot",
        service(issuer.issuer, { oidc_claims: [bypass, "ref=refs/heads/main"] }),
      );
      const result = await run({ ...req, oidc_token: token });
      assertEquals(result.outputs.reason_code, "oidc_not_configured", bypass);
      assertStringIncludes(String(result.outputs.reason_detail), `"${bypass}" does not pin`);
    }
    assertEquals(issuer.requests, []);
  });
});

Deno.test("verify_request: a request contradicting its token is oidc_claim_conflict, decided", async () => {
  await withIssuer(async ({ platform, issuer, run }) => {
    const cases: [Partial<UnsignedRequest>, string][] = [
      [{ environment: "staging" }, '"staging" but its verified OIDC token says "production"'],
      [{ triggered_by: "mallory" }, '"mallory" but its verified OIDC token says "octocat"'],
    ];
    for (const [i, [change, detail]] of cases.entries()) {
      const req = keyless({ request_id: `conflict-${i}`, ...change });
      const result = await run({ ...req, oidc_token: await boundToken(issuer, req) });
      assertEquals(result.outputs.reason_code, "oidc_claim_conflict");
      assertStringIncludes(String(result.outputs.reason_detail), detail);
      // The caller proved who it is: the decision is recorded under its id and it is told.
      assertEquals(result.outputs.decision_id, `ci-bot|conflict-${i}`);
      assertEquals(result.outputs.callback_url, "https://hooks.example.com/countersign");
      assertEquals(
        decodeAttribution(String(result.outputs.verified_claims))?.environment,
        "production",
      );
    }
    // Both tokens were spent on the refused requests.
    assertEquals(platform.storage.scanItems(OidcTokens.name, 10).items.length, 2);
  }, { allowed_environments: ["production", "staging"] });
});

Deno.test("verify_request: a string iat is oidc_invalid_token; an absurd exp is stored bounded and purged", async () => {
  await withIssuer(async ({ platform, issuer, run }) => {
    const now = Math.floor(Date.now() / 1000);
    const stringIat = await run({
      ...keyless({ request_id: "t-1" }),
      oidc_token: await issuer.token({ aud: "countersign", iat: String(now) }),
    });
    assertEquals(stringIat.outputs.reason_code, "oidc_invalid_token");
    const huge = await run({
      ...keyless({ request_id: "t-2" }),
      oidc_token: await issuer.token({ aud: "countersign", iat: now, exp: 1e308 }),
    });
    assertEquals(huge.outputs.verdict, "verified", String(huge.outputs.reason_detail));
    const [record] = platform.storage.scanItems(OidcTokens.name, 10).items;
    assertEquals(record.expires_at, (now + 900) * 1000);
    const client = SlackAPI(platform.token, { slackApiUrl: platform.url });
    const early = await purgeUsedTokens(client, () => Date.now(), Date.now() + 60_000);
    assertEquals(early.purged, 0);
    const later = Date.now() + 20 * 60_000;
    assertEquals((await purgeUsedTokens(client, () => later, later + 60_000)).purged, 1);
  }, { oidc_binding: "single_use" });
});
