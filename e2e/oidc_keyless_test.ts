/**
 * Keyless identity end to end on the local platform: a request carrying only an OIDC token from a
 * local issuer (no key, no signature) runs the real `handle_request` workflow, the approval
 * message shows the verified attribution apart from caller-asserted fields, an approver approves,
 * and the decision record keeps the verified claims. Forged and replayed tokens are rejected and
 * recorded without a message.
 */
import { assert, assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { fileURLToPath } from "node:url";
import { canonicalString } from "../lib/contract/canonical.ts";
import type { UnsignedRequest } from "../lib/contract/fields.ts";
import { boundAudience, decodeAttribution, requestDigest } from "../lib/oidc/mod.ts";
import {
  hmacWithPublicKey,
  startTestIssuer,
  type TestIssuer,
  unsignedToken,
} from "../dev/oidc_issuer.ts";
import { type Platform, startPlatform } from "../local/server.ts";
import { getJson, postJson } from "../local/_testing.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const AUDIENCE = "countersign-local-e2e";
const SERVICE = "gha-deploy";

interface Env {
  platform: Platform;
  issuer: TestIssuer;
  approvals: string;
}

async function withKeylessPlatform(fn: (env: Env) => Promise<void>): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-oidc-e2e-" });
  const issuer = await startTestIssuer();
  const platform = await startPlatform({
    port: 0,
    dataDir,
    appDir: REPO,
    quiet: true,
    webhookRateLimit: false,
    env: { COUNTERSIGN_OIDC_AUDIENCE: AUDIENCE },
  });
  try {
    const demo = platform.demo;
    assertExists(demo, "the demo workspace is seeded on a fresh platform");
    const base = platform.storage.getItem("services", demo.serviceId)!;
    // The same approvers and channels as the demo bot, but no key at all: only an issuer.
    platform.storage.putItem("services", SERVICE, {
      ...base,
      id: SERVICE,
      display_name: "GitHub deploy (keyless)",
      public_keys: [],
      oidc_issuer: issuer.issuer,
      oidc_claims: ["repository=acme/api", "ref=refs/heads/main", "environment=production"],
    });
    const approvals = (demo.channels as { approvals: string }).approvals;
    await fn({ platform, issuer, approvals });
  } finally {
    await platform.close();
    await issuer.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

function fields(requestId: string, change: Partial<UnsignedRequest> = {}): UnsignedRequest {
  return {
    service_id: SERVICE,
    key_id: "",
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: "production",
    reason: "Release 152 <!channel>",
    triggered_by: "octocat",
    source_system: "github-actions",
    source_url: "",
    conditions: "",
    ...change,
  };
}

async function bound(issuer: TestIssuer, req: UnsignedRequest): Promise<string> {
  const digest = await requestDigest(canonicalString(req));
  return await issuer.token({ aud: boundAudience(AUDIENCE, digest) });
}

async function send(platform: Platform, body: Record<string, string>): Promise<void> {
  const url = platform.triggers.find((t) => t.webhook_url)!.webhook_url!;
  assertEquals(await postJson(url, body), { status: 200, json: { ok: true } });
  await platform.engine.idle();
}

function recordOf(platform: Platform, requestId: string) {
  return platform.storage.scanItems("decisions", 500).items
    .find((item) => item.request_id === requestId);
}

Deno.test("keyless: a request with only an OIDC token is approved with verified attribution", async () => {
  await withKeylessPlatform(async ({ platform, issuer, approvals }) => {
    const req = fields("gha-7311-1");
    await send(platform, { ...req, oidc_token: await bound(issuer, req) });

    // What the page shows: the channel's messages as the page's own endpoint serves them.
    const { messages } = await getJson(
      `${platform.url}/_local/messages?channel=${approvals}`,
    ) as { messages: { ts: string; blocks: Record<string, unknown>[] }[] };
    assertEquals(messages.length, 1, "one approval message");
    const shown = JSON.stringify(messages[0].blocks);
    for (
      const text of [
        "Verified identity",
        "Actor (verified)",
        "octocat",
        "acme/api",
        "7311",
        "8f2e1c0b5a4d",
        "refs/heads/main",
        "proved by OIDC token (keyless)",
        "Triggered by _(caller-asserted)_",
      ]
    ) assertStringIncludes(shown, text);
    // The caller's hostile claim is shown inert, never as a mention.
    assertEquals(shown.includes("<!channel>"), false);

    const actions = (messages[0].blocks as {
      type: string;
      block_id: string;
      elements: { action_id: string }[];
    }[]).find((b) => b.type === "actions")!;
    const approve = actions.elements.find((e) => /approve/.test(e.action_id))!;
    const clicked = await postJson(`${platform.url}/_local/actions`, {
      user: platform.demo!.users.approver1,
      channel: approvals,
      message_ts: messages[0].ts,
      action_id: approve.action_id,
      block_id: actions.block_id,
    });
    assertEquals(clicked.json.ok, true);
    await platform.engine.idle();

    const record = platform.storage.getItem("decisions", `${SERVICE}|gha-7311-1`)!;
    assertEquals(record.outcome, "approved");
    assertEquals(record.identity_method, "oidc");
    assertEquals(record.key_id, undefined);
    const verified = decodeAttribution(String(record.verified_claims));
    assertEquals(verified?.actor, "octocat");
    assertEquals(verified?.repository, "acme/api");
    assertEquals(verified?.sha, "8f2e1c0b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f");
    assertEquals(verified?.issuer, issuer.issuer);
    // The decided message keeps the verified identity.
    const decided = platform.storage.listMessages(approvals).at(-1)!;
    assertStringIncludes(JSON.stringify(decided.blocks), "Verified identity");
    assertStringIncludes(JSON.stringify(decided.blocks), "Approved");
    const { callbacks } = await getJson(`${platform.url}/_local/callbacks`) as {
      callbacks: { verified: boolean; body: Record<string, unknown> }[];
    };
    assert(callbacks.some((c) => c.verified && c.body.request_id === "gha-7311-1"));

    // A request whose caller-asserted actor contradicts its token is refused and recorded.
    const lying = fields("gha-7311-2", { triggered_by: "mallory <!channel>" });
    await send(platform, { ...lying, oidc_token: await bound(issuer, lying) });
    const refused = recordOf(platform, "gha-7311-2")!;
    assertEquals([refused.outcome, refused.reason_code], ["rejected", "oidc_claim_conflict"]);
    assertStringIncludes(String(refused.reason_detail), '"octocat"');
    assertEquals(platform.storage.listMessages(approvals).length, 1, "no approval was asked");
  });
});

Deno.test("keyless: every kind of bad token is rejected with its code, recorded, never shown", async () => {
  await withKeylessPlatform(async ({ platform, issuer, approvals }) => {
    const other = await startTestIssuer();
    const gone = await startTestIssuer();
    await gone.close(); // its port now refuses connections
    try {
      const base = platform.storage.getItem("services", SERVICE)!;
      platform.storage.putItem("services", "gha-gone", {
        ...base,
        id: "gha-gone",
        oidc_issuer: gone.issuer,
      });
      const now = Math.floor(Date.now() / 1000);
      const audFor = async (req: UnsignedRequest) =>
        boundAudience(AUDIENCE, await requestDigest(canonicalString(req)));
      const stranger = await issuer.newKey();
      const cases: [string, string, (req: UnsignedRequest) => Promise<string>][] = [
        ["wrong-issuer", "oidc_wrong_issuer", async (r) => other.token({ aud: await audFor(r) })],
        ["wrong-aud", "oidc_wrong_audience", () => issuer.token({ aud: "sts.amazonaws.com" })],
        [
          "expired",
          "oidc_token_expired",
          async (r) =>
            issuer.token({ aud: await audFor(r), iat: now - 600, nbf: now - 600, exp: now - 300 }),
        ],
        [
          "early",
          "oidc_token_not_yet_valid",
          async (r) => issuer.token({ aud: await audFor(r), nbf: now + 600 }),
        ],
        [
          "unknown-kid",
          "oidc_unknown_kid",
          async (r) => issuer.sign(issuer.claims({ aud: await audFor(r) }), { key: stranger }),
        ],
        [
          "alg-none",
          "oidc_alg_none",
          async (r) => unsignedToken(issuer.claims({ aud: await audFor(r) }), issuer.current.kid),
        ],
        [
          "confusion",
          "oidc_algorithm_confusion",
          async (r) => hmacWithPublicKey(issuer.claims({ aud: await audFor(r) }), issuer.current),
        ],
        [
          "mismatch",
          "oidc_claim_mismatch",
          async (r) => issuer.token({ aud: await audFor(r), repository: "evil/api" }),
        ],
        // A token captured from one request, replayed with a different action.
        [
          "replay",
          "oidc_token_replayed",
          () => bound(issuer, fields("elsewhere", { action: "rollback" })),
        ],
      ];
      for (const [id, , mint] of cases) {
        const req = fields(`bad-${id}`);
        await send(platform, { ...req, oidc_token: await mint(req) });
      }
      const unreachable = fields("bad-unreachable", { service_id: "gha-gone" });
      const forGone = await gone.sign({
        ...gone.claims({
          aud: boundAudience(AUDIENCE, await requestDigest(canonicalString(unreachable))),
        }),
      });
      await send(platform, { ...unreachable, oidc_token: forGone });
      await send(platform, fields("bad-nothing")); // neither a token nor a signature

      const expected = [
        ...cases.map(([id, code]) => [`bad-${id}`, code]),
        ["bad-unreachable", "oidc_issuer_unreachable"],
        ["bad-nothing", "missing_field"],
      ];
      for (const [requestId, code] of expected) {
        const record = recordOf(platform, requestId);
        assertExists(record, requestId);
        assertEquals([record.outcome, record.reason_code], ["rejected", code], requestId);
        assertEquals(String(record.id).startsWith("rejected|"), true, requestId);
        assertEquals(JSON.stringify(record).includes(".ey"), false, "no token is stored");
      }
      assertEquals(platform.storage.listMessages(approvals), []);
    } finally {
      await other.close();
    }
  });
});
