/** Revocation: a disabled bot or a retired key ends the pending requests it covers. */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import { endRevokedRequests } from "./revoke.ts";
import { APPROVE_ACTION_ID, type Harness, startClosable, U } from "./_testing.ts";

const ID = "deploy-bot|r-1";
const blocksOf = (h: Harness) => JSON.stringify(h.message()?.blocks ?? []);

Deno.test("revocation: disabling the bot refuses clicks, then ends its pending request", async () => {
  const { h, r, env, client, record, done } = await startClosable();
  try {
    const bot = {
      id: "deploy-bot",
      status: "disabled",
      updated_by: U.alice,
      updated_at: Date.now(),
      callback_url: r.url,
      public_keys: [],
    };
    h.platform.storage.putItem(Services.name, "deploy-bot", bot);
    // Disabled but not yet ended: an approval click is refused, nothing is decided.
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertStringIncludes(h.ephemerals(U.dave)[0], 'bot "deploy-bot" was disabled');
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");
    assertEquals(record().status, "pending");

    const summary = await endRevokedRequests(client, env, bot, U.alice);
    assertEquals(summary, { ended: 1, left: 0 });
    assertEquals([record().status, record().outcome, record().reason_code], [
      "final",
      "rejected",
      "service_disabled",
    ]);
    assertEquals(r.got.map((g) => [g.outcome, g.reason_code]), [["rejected", "service_disabled"]]);
    assertStringIncludes(blocksOf(h), "Ended, rejected");
    assertStringIncludes(blocksOf(h), `(ended by <@${U.alice}>). It can no longer be approved.`);
    assertEquals(blocksOf(h).includes("Expired"), false, "the line replaces the expiry wording");
    assertEquals(blocksOf(h).includes(APPROVE_ACTION_ID), false);
    assertEquals(await endRevokedRequests(client, env, bot, U.alice), { ended: 0, left: 0 });
  } finally {
    await done();
  }
});

Deno.test("revocation: a retired key ends the requests it signed, not the others", async () => {
  const { h, r, env, client, record, done } = await startClosable();
  try {
    h.platform.storage.putItem(Decisions.name, ID, { ...record(), key_id: "old" });
    const now = Date.now();
    const bot = {
      id: "deploy-bot",
      status: "active",
      callback_url: r.url,
      public_keys: [
        { key_id: "old", public_key: "x", not_after: now + 60_000 },
        { key_id: "new", public_key: "y", not_after: 0 },
      ],
    };
    // During the overlap nothing is revoked; once it ends, the request is.
    assertEquals(await endRevokedRequests(client, env, bot, U.alice), { ended: 0, left: 0 });
    assertEquals(record().status, "pending");
    const later = await endRevokedRequests(client, env, bot, U.alice, { at: now + 60_000 });
    assertEquals(later, { ended: 1, left: 0 });
    assertEquals([record().outcome, record().reason_code], ["rejected", "key_retired"]);
    assertEquals(r.got.map((g) => g.reason_code), ["key_retired"]);
  } finally {
    await done();
  }
});
