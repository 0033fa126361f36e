import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { AdminRotateKeyFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, testBot, W, withAdminPlatform } from "../_shared/_testing.ts";
import { TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY } from "../../lib/contract/_testing.ts";
import { generateKeyPair } from "../../lib/keys/ed25519.ts";
import { findKey } from "../verify_request/checks.ts";

const next = await generateKeyPair();
const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminRotateKeyFunction, handler, fn);

function rotation(extra: Record<string, unknown> = {}) {
  return {
    actor: W.users.alice,
    service_id: "ci-bot",
    public_key: next.publicKeyRaw,
    key_id: "ci-bot-2027",
    overlap_minutes: 30,
    ...extra,
  };
}

Deno.test("rotation adds the new key and ends the old one after the chosen overlap", () =>
  test(async ({ run, item, events }) => {
    const before = Date.now();
    const { outputs } = await run(rotation());
    const after = Date.now();
    assertEquals(outputs.ok, true, plain(outputs.summary));
    const keys = item("services", "ci-bot")!.public_keys as {
      key_id: string;
      public_key: string;
      not_after: number;
    }[];
    assertEquals(keys.map((k) => k.key_id), ["ci-bot-2026", "ci-bot-2027"]);
    assertEquals([keys[1].public_key, keys[1].not_after], [next.publicKeyRaw, 0]);
    assert(keys[0].not_after >= before + 30 * 60_000 && keys[0].not_after <= after + 30 * 60_000);
    // verify_request's key lookup: the old key works during the overlap, not after it.
    const service = { id: "ci-bot", public_keys: keys };
    assertEquals(findKey(service, "ci-bot-2026", keys[0].not_after - 1).ok, true);
    assertEquals(findKey(service, "ci-bot-2026", keys[0].not_after + 1).ok, false);
    assertEquals(findKey(service, "ci-bot-2027", keys[0].not_after + 1).ok, true);
    const [event] = events();
    assertEquals([event.action, event.result, event.changed], [
      "rotate_key",
      "applied",
      "public_keys",
    ]);
    assertEquals(JSON.parse(String(event.before)).public_keys.length, 1);
    assertEquals(JSON.parse(String(event.after)).public_keys.length, 2);
    assertStringIncludes(plain(outputs.summary), '"ci-bot-2026" stays valid until 20');
  }));

Deno.test("a second rotation keeps an earlier end and drops keys that already ended", () =>
  test(async ({ run, item }) => {
    assertEquals((await run(rotation({ overlap_minutes: 0 }))).outputs.ok, true);
    const third = await generateKeyPair();
    await new Promise((done) => setTimeout(done, 2)); // let the first key's end pass
    const { outputs } = await run(
      rotation({ public_key: third.publicKeyPem, key_id: "ci-bot-2028" }),
    );
    assertEquals(outputs.ok, true);
    const keys = item("services", "ci-bot")!.public_keys as { key_id: string }[];
    assertEquals(keys.map((k) => k.key_id), ["ci-bot-2027", "ci-bot-2028"]);
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  ["unknown bot", { service_id: "nope" }, "no bot is registered with this id"],
  ["missing bot id", { service_id: "" }, "bot id is required"],
  ["private key", { public_key: TEST_PRIVATE_KEY_PEM }, "is a PRIVATE key"],
  ["bad encoding", { public_key: "%%%" }, "expected raw 32-byte base64"],
  ["same key again", { public_key: TEST_PUBLIC_KEY }, 'already registered as key "ci-bot-2026"'],
  ["key id reused", { key_id: "ci-bot-2026" }, 'key id "ci-bot-2026" is already used'],
  ["missing key id", { key_id: "" }, "new key id is required"],
  ["negative overlap", { overlap_minutes: -1 }, "overlap (minutes)"],
  ["huge overlap", { overlap_minutes: 100000 }, "overlap (minutes)"],
];
for (const [name, change, message] of INVALID) {
  Deno.test(`rotation refused: ${name}`, () =>
    test(async ({ run, item, events }) => {
      const { outputs } = await run(rotation(change));
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals((item("services", "ci-bot")!.public_keys as unknown[]).length, 1);
      assertEquals(events()[0].result, "invalid");
    }));
}

Deno.test("a non-admin cannot rotate a key", () =>
  test(async ({ run, item, events }) => {
    const { outputs } = await run(rotation({ actor: W.users.dave }));
    assertStringIncludes(plain(outputs.summary), "is not a Countersign admin");
    assertEquals((item("services", "ci-bot")!.public_keys as unknown[]).length, 1);
    assertEquals([events()[0].result, events()[0].actor], ["refused", W.users.dave]);
  }));

Deno.test("a rotation with no overlap ends the pending requests the old key signed", () =>
  withAdminPlatform(AdminRotateKeyFunction, handler, async ({ run, item, platform }) => {
    const pending = (id: string, key_id: string) => ({
      id,
      service_id: "ci-bot",
      request_id: id,
      key_id,
      identity_method: "ed25519",
      status: "pending",
      approval_execution_id: `Fx-${id}`,
      expires_at: Date.now() + 3_600_000,
    });
    platform.storage.putItem("decisions", "ci-bot|old", pending("ci-bot|old", "ci-bot-2026"));
    const { outputs } = await run(rotation({ overlap_minutes: 0 }));
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertStringIncludes(plain(outputs.summary), "ended 1 pending request(s) as rejected");
    // Overlap 0: the old key is said to be retired, never "valid until <now>".
    assertStringIncludes(plain(outputs.summary), '"ci-bot-2026" no longer works (retired now');
    assertEquals(plain(outputs.summary).includes("until"), false, plain(outputs.summary));
    const ended = item("decisions", "ci-bot|old")!;
    assertEquals([ended.status, ended.outcome, ended.reason_code], [
      "final",
      "rejected",
      "key_retired",
    ]);
  }, testBot({ callback_url: "" })));

Deno.test("a rotation with an overlap leaves pending requests to the sweep", () =>
  withAdminPlatform(AdminRotateKeyFunction, handler, async ({ run, item, platform }) => {
    platform.storage.putItem("decisions", "ci-bot|old", {
      id: "ci-bot|old",
      service_id: "ci-bot",
      key_id: "ci-bot-2026",
      status: "pending",
      approval_execution_id: "Fx-old",
      expires_at: Date.now() + 3_600_000,
    });
    const { outputs } = await run(rotation());
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertEquals(item("decisions", "ci-bot|old")!.status, "pending");
  }, testBot({ callback_url: "" })));

/** Characters a reader cannot see that would break a pasted command or pattern. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/;

Deno.test("admin DMs give commands and names as code with no invisible characters", () =>
  test(async ({ run }) => {
    const refused = String((await run(rotation({ actor: W.users.dave }))).outputs.summary);
    assertStringIncludes(refused, "admins are listed in `COUNTERSIGN_ADMIN_USERS`");
    assert(!INVISIBLE.test(refused), JSON.stringify(refused));

    const pasted = String(
      (await run(rotation({ public_key: TEST_PRIVATE_KEY_PEM }))).outputs.summary,
    );
    assertStringIncludes(pasted, "`deno task cli pubkey`");
    assert(!INVISIBLE.test(pasted), JSON.stringify(pasted));

    // A hostile bot id stays inert: in a code span, with its mention syntax escaped.
    const hostile = String(
      (await run(rotation({ service_id: "<!channel> *urgent* _now_ <@U0BOB000001>" }))).outputs
        .summary,
    );
    assertStringIncludes(
      hostile,
      '`"&lt;!channel&gt; *urgent* _now_ &lt;@U0BOB000001&gt;"`',
    );
    assert(!/<[!@#]/.test(hostile), hostile);
    assert(!INVISIBLE.test(hostile), JSON.stringify(hostile));
  }));
