import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { AdminRegisterBotFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, W, withAdminPlatform } from "../_shared/_testing.ts";
import { TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY } from "../../lib/contract/_testing.ts";
import { decodePem } from "../../lib/keys/pem.ts";
import { encodeBase64 } from "../../lib/keys/base64.ts";
import { generateKeyPair } from "../../lib/keys/ed25519.ts";

const pair = await generateKeyPair();

/** A complete, valid registration by alice (the configured admin). */
function registration(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    actor: W.users.alice,
    service_id: "deploy-bot",
    public_key: pair.publicKeyPem,
    display_name: "Deploy bot",
    kind: "ci",
    owner: W.users.carol,
    allowed_actions: "deploy\nrollback",
    allowed_resources: "api-*, web-*",
    allowed_environments: "staging, production",
    approver_users: [W.users.alice, W.users.bob],
    approvals_required: 2,
    approval_channel: W.channelId,
    watcher_channel: W.generalChannelId,
    callback_url: "https://hooks.example.com/deploy",
    approval_timeout_minutes: 30,
    ...extra,
  };
}

const test = (
  fn: Parameters<typeof withAdminPlatform>[2],
  bot?: Parameters<typeof withAdminPlatform>[3],
) => withAdminPlatform(AdminRegisterBotFunction, handler, fn, bot);

Deno.test("an admin registers a bot: active, key normalised, settings stored, event recorded", () =>
  test(async ({ run, item, events }) => {
    const { outputs, error } = await run(registration());
    assertEquals(error, undefined);
    assertEquals(outputs.ok, true);
    assertStringIncludes(String(outputs.summary), "Registered bot");
    const bot = item("services", "deploy-bot")!;
    assertEquals(bot.public_keys, [
      { key_id: "deploy-bot-1", public_key: pair.publicKeyRaw, not_after: 0 },
    ]);
    assertEquals(bot.allowed_actions, ["deploy", "rollback"]);
    assertEquals(bot.allowed_resources, ["api-*", "web-*"]);
    assertEquals(bot.allowed_environments, ["staging", "production"]);
    assertEquals([bot.status, bot.approvals_required, bot.approval_timeout_seconds], [
      "active",
      2,
      1800,
    ]);
    assertEquals([bot.owner, bot.created_by, bot.approval_channel], [
      W.users.carol,
      W.users.alice,
      W.channelId,
    ]);
    const [event] = events();
    assertEquals(
      [event.id, event.action, event.result, event.actor, event.target_id, event.before],
      [outputs.event_id, "register_bot", "applied", W.users.alice, "deploy-bot", ""],
    );
    assertEquals(JSON.parse(String(event.after)).public_keys[0].public_key, pair.publicKeyRaw);
    assertStringIncludes(String(event.changed), "public_keys");
  }));

Deno.test("a member of the admin usergroup may register; usergroup members count as approvers", () =>
  test(async ({ run, item }) => {
    const { outputs } = await run(
      registration({
        actor: W.users.bob,
        approver_users: [W.users.carol],
        approver_usergroup: W.usergroupId,
        approvals_required: 3,
        key_id: "deploy-2026",
      }),
      { COUNTERSIGN_ADMIN_USERS: "", COUNTERSIGN_ADMIN_USERGROUP: W.usergroupId },
    );
    assertEquals(outputs.ok, true, String(outputs.summary));
    assertEquals(item("services", "deploy-bot")!.approver_usergroup, W.usergroupId);
  }));

Deno.test("a non-admin is refused, nothing is written, and the refusal is recorded", () =>
  test(async ({ run, item, events }) => {
    const { outputs } = await run(registration({ actor: W.users.carol }));
    assertEquals(outputs.ok, false);
    assertStringIncludes(
      plain(outputs.summary),
      `Cannot register bot "deploy-bot": user "${W.users.carol}" is not a Countersign admin`,
    );
    assertEquals(item("services", "deploy-bot"), undefined);
    const [event] = events();
    assertEquals([event.result, event.actor, event.after], ["refused", W.users.carol, ""]);
  }));

Deno.test("with no admins configured everyone is refused; a usergroup that cannot be read refuses", () =>
  test(async ({ run }) => {
    const none = await run(registration(), { COUNTERSIGN_ADMIN_USERS: "" });
    assertStringIncludes(plain(none.outputs.summary), "no Countersign admins are configured");
    const broken = await run(registration({ actor: W.users.bob }), {
      COUNTERSIGN_ADMIN_USERGROUP: "S0GONE",
    });
    assertStringIncludes(
      plain(broken.outputs.summary),
      '"S0GONE" cannot be read (no_such_subteam)',
    );
    const anonymous = await run(registration({ actor: undefined }));
    assertStringIncludes(plain(anonymous.outputs.summary), "no acting user was given");
  }));

const pkcs8 = encodeBase64(decodePem(TEST_PRIVATE_KEY_PEM, "PRIVATE KEY"));
const INVALID: [string, Record<string, unknown>, string][] = [
  ["missing id", { service_id: " " }, "bot id is required"],
  ["bad id", { service_id: "a|b" }, 'bot id "a|b" must be 1–64 letters'],
  ["private key PEM", { public_key: TEST_PRIVATE_KEY_PEM }, "is a PRIVATE key"],
  ["private key base64", { public_key: pkcs8 }, "is a PRIVATE key"],
  ["OpenSSH private key", {
    public_key: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==\n-----END OPENSSH PRIVATE KEY-----",
  }, "is a PRIVATE key"],
  ["private JWK", { public_key: '{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA"}' }, "PRIVATE"],
  ["bad encoding", { public_key: "not a key!" }, "expected raw 32-byte base64"],
  ["wrong length", { public_key: "AAECAwQFBgcICQoLDA0ODw==" }, "got 16 bytes"],
  ["empty key", { public_key: "" }, "the public key is empty"],
  ["bad key id", { key_id: "k 1" }, 'key id "k 1"'],
  ["missing owner", { owner: "" }, "owner is required"],
  ["bad kind", { kind: "CI Bot" }, 'kind "CI Bot"'],
  ["empty allow-list", { allowed_actions: " , " }, "allowed actions is empty"],
  ["pattern syntax", { allowed_resources: "api-*, web\u0007" }, "Cannot use pattern"],
  ["pattern too long", { allowed_environments: "x".repeat(300) }, "longer than 256"],
  ["unknown usergroup", { approver_usergroup: "S0NOPE" }, '"S0NOPE" cannot be used'],
  ["N > approvers", { approvals_required: 3 }, "approvals required (3) is larger than the 2"],
  ["unknown approver", {
    approver_users: [W.users.alice, "U0NOBODY01"],
  }, 'approver "U0NOBODY01" cannot be used: Slack answered "user_not_found"'],
  ["bot as owner", { owner: W.botUserId }, "it is a bot, not a person"],
  ["no approvers", { approver_users: [], approvals_required: 1 }, "no approvers"],
  ["N zero", { approvals_required: 0 }, "approvals required"],
  ["callback domain", { callback_url: "https://evil.test/x" }, "not in the app's outgoing domains"],
  ["callback too long", {
    callback_url: `https://hooks.example.com/${"a".repeat(2000)}`,
  }, "longer than 2000"],
  ["callback http", { callback_url: "http://hooks.example.com/x" }, "must use https"],
  ["timeout", { approval_timeout_minutes: 0 }, "approval time limit"],
  ["bad channel", { approval_channel: "general" }, "is not a Slack channel id"],
  ["display name", { display_name: "a\u202eb" }, "bidirectional control character"],
];

for (const [name, change, message] of INVALID) {
  Deno.test(`registration refused with a specific message: ${name}`, () =>
    test(async ({ run, item, events }) => {
      const { outputs, error } = await run(registration(change));
      assertEquals(error, undefined);
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assert(String(outputs.summary).startsWith("Cannot register bot"));
      assertEquals(item("services", String(change.service_id ?? "deploy-bot").trim()), undefined);
      const [event] = events();
      assertEquals([event.result, event.action], ["invalid", "register_bot"]);
      assertStringIncludes(String(event.detail), message);
      // A private key never reaches the log.
      assert(!String(event.detail).includes("MC4CAQ"), "no key material in the log");
    }));
}

Deno.test("an existing id is refused; hostile names come back as inert text", () =>
  test(async ({ run, item }) => {
    const taken = await run(registration({ service_id: "ci-bot" }));
    assertStringIncludes(plain(taken.outputs.summary), "already registered");
    assertEquals(item("services", "ci-bot")!.display_name, "CI bot");
    const hostile = await run(registration({ display_name: "<!channel> <@U0ALICE0001>" }));
    assertEquals(hostile.outputs.ok, true);
    assert(!String(hostile.outputs.summary).includes("<!channel>"));
    assertStringIncludes(String(hostile.outputs.summary), "&lt;!channel&gt;");
  }));

Deno.test("the test key of the contract fixtures is accepted as raw base64", () =>
  test(async ({ run, item }) => {
    const { outputs } = await run(registration({ public_key: TEST_PUBLIC_KEY }));
    assertEquals(outputs.ok, true);
    assertEquals(
      (item("services", "deploy-bot")!.public_keys as { public_key: string }[])[0].public_key,
      TEST_PUBLIC_KEY,
    );
  }));
