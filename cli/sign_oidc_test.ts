/**
 * `sign` / `send` with an OIDC token: keyless requests (no `--key`) and key + token, run as a
 * user would (a subprocess), and the keyless body accepted by `verify_request` with a token of a
 * real local issuer bound to the request digest.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { canonicalString, validateRequest, verifySignature } from "../lib/contract/mod.ts";
import { boundAudience, requestDigest } from "../lib/oidc/mod.ts";
import { startTestIssuer } from "../dev/oidc_issuer.ts";
import { startTestPlatform, TEST_WORKSPACE as W } from "../local/testing.ts";
import { VerifyRequestFunction } from "../functions/verify_request/definition.ts";
import verifyHandler from "../functions/verify_request/mod.ts";
import { cli } from "./_testing.ts";

/** Request flags without any key flag. */
const KEYLESS = [
  "--service",
  "ci-bot",
  "--action",
  "deploy",
  "--resource",
  "api-server#152",
  "--environment",
  "production",
  "--reason",
  "Release 152",
  "--request-id",
  "kl-1",
];
/** Well-formed, not verifiable: for what the CLI does with the token, not for verification. */
const SHAPED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

Deno.test("sign --oidc-token without --key prints a keyless body the contract accepts", async () => {
  const res = await cli("sign", ...KEYLESS, "--oidc-token", SHAPED_TOKEN);
  assertEquals(res.code, 0, res.stderr);
  const body = JSON.parse(res.stdout);
  assertEquals([body.oidc_token, body.key_id, body.signature], [SHAPED_TOKEN, "", undefined]);
  assertEquals(validateRequest(body).ok, true);
});

Deno.test("sign with --key and --oidc-token-file carries both; the signature verifies", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_cli_" });
  try {
    const keyPath = join(dir, "bot.key");
    const keygen = await cli("keygen", "--out", keyPath, "--json", "--service", "ci-bot");
    const { public_key } = JSON.parse(keygen.stdout);
    const tokenPath = join(dir, "token");
    await Deno.writeTextFile(tokenPath, `${SHAPED_TOKEN}\n`);
    const res = await cli(
      "sign",
      ...KEYLESS,
      "--key",
      keyPath,
      "--key-id",
      "ci-bot-1",
      "--oidc-token-file",
      tokenPath,
    );
    assertEquals(res.code, 0, res.stderr);
    const body = JSON.parse(res.stdout);
    assertEquals([body.oidc_token, body.key_id], [SHAPED_TOKEN, "ci-bot-1"]);
    assertEquals(await verifySignature(body, public_key), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("keyless flag mistakes exit 1 with a specific message that never shows the token", async () => {
  const cases: [string[], string][] = [
    [KEYLESS, "error: Cannot sign request: --key is required (or --oidc-token"],
    [
      [...KEYLESS, "--oidc-token", SHAPED_TOKEN, "--oidc-token-file", "/tmp/t"],
      "error: Cannot read OIDC token: give --oidc-token or --oidc-token-file, not both",
    ],
    [
      [...KEYLESS, "--oidc-token-file", "/nonexistent/countersign-token"],
      'error: Cannot read OIDC token file "/nonexistent/countersign-token": no such file',
    ],
    [
      [...KEYLESS, "--oidc-token", SHAPED_TOKEN, "--key-id", "k1"],
      "error: Cannot build request: --key-id needs --key",
    ],
    [
      [...KEYLESS, "--oidc-token", "secret-bearer-value"],
      'error: Cannot build request: field "oidc_token" value must be a compact JWS',
    ],
  ];
  for (const [args, message] of cases) {
    const res = await cli("sign", ...args);
    assertEquals(res.code, 1, args.join(" "));
    assertStringIncludes(res.stderr, message);
    assertEquals(res.stdout, "");
    assert(!res.stderr.includes("secret-bearer-value"), "the token is never echoed");
  }
});

Deno.test("send --oidc-token-file: the keyless request is verified by verify_request", async () => {
  const issuer = await startTestIssuer();
  const platform = await startTestPlatform();
  const dir = await Deno.makeTempDir({ prefix: "countersign_cli_" });
  const received: Record<string, string>[] = [];
  const webhook = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      received.push(await req.json());
      return Response.json({ ok: true });
    },
  );
  try {
    platform.storage.putItem("services", "ci-bot", {
      id: "ci-bot",
      display_name: "CI bot",
      owner: W.users.alice,
      public_keys: [],
      oidc_issuer: issuer.issuer,
      oidc_claims: ["repository=acme/api"],
      allowed_actions: ["deploy"],
      allowed_resources: ["api-*"],
      allowed_environments: ["production"],
      approver_users: [W.users.bob],
      approval_channel: W.channelId,
      status: "active",
    });
    // The caller's order of work: fix request id and timestamp, digest the canonical string,
    // ask the platform for a token with that audience, then send.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const draft = await cli("sign", ...KEYLESS, "--timestamp", timestamp, "--oidc-token", "a.b.c");
    assertEquals(draft.code, 0, draft.stderr);
    const digest = await requestDigest(canonicalString(JSON.parse(draft.stdout)));
    const tokenPath = join(dir, "token");
    await Deno.writeTextFile(
      tokenPath,
      await issuer.token({ aud: boundAudience("countersign", digest) }),
    );
    const url = `http://127.0.0.1:${webhook.addr.port}/triggers/T1/Ft1/secret`;
    const sent = await cli(
      "send",
      "--url",
      url,
      ...KEYLESS,
      "--timestamp",
      timestamp,
      "--oidc-token-file",
      tokenPath,
    );
    assertEquals(sent.code, 0, sent.stderr);
    assertStringIncludes(sent.stdout, "request_id: kl-1");
    assertEquals(received.length, 1);

    const { createContext } = SlackFunctionTester(VerifyRequestFunction);
    const result = await verifyHandler(createContext({
      inputs: received[0],
      env: { SLACK_API_URL: platform.url, COUNTERSIGN_EXTRA_OUTGOING_DOMAINS: "127.0.0.1" },
    }));
    assertEquals(result.outputs?.verdict, "verified", String(result.outputs?.reason_detail));
    assertEquals(result.outputs?.identity_method, "oidc");
  } finally {
    await webhook.shutdown();
    await platform.close();
    await issuer.close();
    await Deno.remove(dir, { recursive: true });
  }
});
