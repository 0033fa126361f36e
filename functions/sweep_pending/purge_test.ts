import { assertEquals, assertRejects } from "@std/assert";
import { SlackAPI, SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { OidcTokens } from "../../datastores/oidc_tokens.ts";
import { OIDC_CLOCK_SKEW_SECONDS } from "../../lib/config.ts";
import { startTestPlatform, type TestPlatform } from "../../local/testing.ts";
import { isPurgeable, purgeCutoff, purgeUsedTokens } from "./purge.ts";
import { SweepPendingFunction } from "./definition.ts";
import handler from "./mod.ts";

const NOW = Date.UTC(2026, 10, 24, 12);
const MINUTE = 60_000;

/** Stores `count` used-token items whose tokens expired at `expiresAt`, ids `<prefix>-<n>`. */
function used(platform: TestPlatform, prefix: string, count: number, expiresAt: number) {
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${String(i).padStart(3, "0")}`;
    platform.storage.putItem(OidcTokens.name, id, {
      id,
      issuer: "https://token.actions.githubusercontent.com",
      request_digest: "ab".repeat(32),
      decision_id: `ci-bot|${id}`,
      used_at: expiresAt - 5 * MINUTE,
      expires_at: expiresAt,
    });
  }
}

const ids = (platform: TestPlatform) =>
  platform.storage.scanItems(OidcTokens.name, 1000).items.map((item) => String(item.id)).sort();

Deno.test("purge: a token's record stays while the token could still verify", () => {
  // exp plus the accepted skew is the last moment a token passes; the record outlives it.
  assertEquals(purgeCutoff(NOW) < NOW - OIDC_CLOCK_SKEW_SECONDS * 1000, true);
});

Deno.test("purge: deletes records of dead tokens in bulk chunks and keeps live ones", async () => {
  const platform = await startTestPlatform();
  try {
    used(platform, "dead", 60, NOW - 30 * MINUTE); // more than two bulkDelete chunks
    used(platform, "skew", 3, NOW - OIDC_CLOCK_SKEW_SECONDS * 1000); // still within the skew
    used(platform, "live", 4, NOW + 5 * MINUTE);
    const client = SlackAPI(platform.token, { slackApiUrl: platform.url });
    const result = await purgeUsedTokens(client, () => NOW, NOW + MINUTE, 40);
    assertEquals(result, { purged: 60, failed: 0, complete: true });
    assertEquals(ids(platform), [
      "live-000",
      "live-001",
      "live-002",
      "live-003",
      "skew-000",
      "skew-001",
      "skew-002",
    ]);
    const deletes = platform.storage.listCalls().filter((c) =>
      c.method === "apps.datastore.bulkDelete"
    );
    // The SDK sends nested values JSON-encoded in the form body, as the call log keeps them.
    const sizes = deletes.map((c) =>
      (typeof c.args.ids === "string" ? JSON.parse(c.args.ids) : c.args.ids).length
    );
    assertEquals(sizes, [25, 15, 20]);
  } finally {
    await platform.close();
  }
});

Deno.test("purge: records with a missing, null or absurd expiry go once their use shows the token is dead", async () => {
  const platform = await startTestPlatform();
  try {
    const put = (id: string, fields: Record<string, unknown>) =>
      platform.storage.putItem(OidcTokens.name, id, {
        id,
        issuer: "https://gitlab.com",
        ...fields,
      });
    const old = NOW - 30 * MINUTE; // a token used then is dead whatever its exp says
    const recent = NOW - 2 * MINUTE; // a token used then may still verify
    put("gone-no-expiry", { used_at: old });
    put("gone-null-expiry", { used_at: old, expires_at: null });
    put("gone-huge-expiry", { used_at: old, expires_at: 1e23 });
    put("gone-nothing", {});
    put("gone-both-null", { used_at: null, expires_at: null });
    put("gone-huge-no-use", { expires_at: 1e23 });
    put("gone-both-huge", { used_at: 1e23, expires_at: 1e23 });
    put("keep-no-expiry", { used_at: recent });
    put("keep-huge-expiry", { used_at: recent, expires_at: 1e23 });
    put("keep-no-use", { expires_at: NOW + 5 * MINUTE });
    const client = SlackAPI(platform.token, { slackApiUrl: platform.url });
    const result = await purgeUsedTokens(client, () => NOW, NOW + MINUTE);
    assertEquals(result, { purged: 7, failed: 0, complete: true });
    assertEquals(ids(platform), ["keep-huge-expiry", "keep-no-expiry", "keep-no-use"]);
    // Once the accepted token age has passed, the ones kept for their recent use go too.
    const later = await purgeUsedTokens(client, () => NOW + 20 * MINUTE, NOW + 30 * MINUTE);
    assertEquals(later.purged, 3);
    assertEquals(ids(platform), []);
  } finally {
    await platform.close();
  }
});

Deno.test("isPurgeable: a record is kept while its token could verify, by either clock", () => {
  const bound = OIDC_CLOCK_SKEW_SECONDS * 1000;
  assertEquals(isPurgeable({ expires_at: NOW, used_at: NOW - MINUTE }, NOW), false);
  assertEquals(isPurgeable({ expires_at: NOW - bound, used_at: NOW - MINUTE }, NOW), false);
  assertEquals(isPurgeable({ expires_at: NOW - bound - 2 * MINUTE, used_at: NOW }, NOW), true);
  assertEquals(isPurgeable({ expires_at: Number.NaN, used_at: NOW }, NOW), false);
  assertEquals(isPurgeable({ expires_at: "soon", used_at: "then" }, NOW), true);
});

Deno.test("purge: stops at its deadline and says the list is not finished", async () => {
  const platform = await startTestPlatform();
  try {
    used(platform, "dead", 30, NOW - 30 * MINUTE);
    const client = SlackAPI(platform.token, { slackApiUrl: platform.url });
    let clock = NOW;
    // Each clock read is a minute later: the first page is done, the second is not started.
    const result = await purgeUsedTokens(client, () => (clock += MINUTE), NOW + 2 * MINUTE, 10);
    assertEquals(result.complete, false);
    assertEquals(result.purged, 10);
    assertEquals(ids(platform).length, 20);
  } finally {
    await platform.close();
  }
});

Deno.test("purge: an unreadable datastore is an error that names the step", async () => {
  const platform = await startTestPlatform();
  try {
    const client = SlackAPI("xoxb-not-a-token", { slackApiUrl: platform.url });
    await assertRejects(
      () => purgeUsedTokens(client, () => NOW, NOW + MINUTE),
      Error,
      "Cannot purge used OIDC tokens: datastore query failed (invalid_auth)",
    );
  } finally {
    await platform.close();
  }
});

Deno.test("the sweep function purges dead token records and reports how many", async () => {
  const platform = await startTestPlatform();
  try {
    used(platform, "dead", 3, Date.now() - 30 * MINUTE);
    used(platform, "live", 2, Date.now() + 5 * MINUTE);
    const ctx = SlackFunctionTester(SweepPendingFunction).createContext({
      inputs: {},
      env: { SLACK_API_URL: platform.url },
      token: platform.token,
    });
    const result = await handler(ctx) as { outputs?: Record<string, unknown>; error?: string };
    assertEquals(result.error, undefined);
    assertEquals(result.outputs?.purged, 3);
    assertEquals(result.outputs?.complete, true);
    assertEquals(ids(platform), ["live-000", "live-001"]);
  } finally {
    await platform.close();
  }
});
