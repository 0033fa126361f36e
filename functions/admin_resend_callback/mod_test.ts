import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminResendCallbackFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, testBot, W, withAdminPlatform } from "../_shared/_testing.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { EXTRA_DOMAINS_ENV, SIGNING_KEY_ENV } from "../../lib/config.ts";
import { importSigningKey, verifyCallback } from "../../lib/callback/mod.ts";
import { generateTestKeyPair } from "../../lib/callback/_testing.ts";
import { sealRecord } from "../../lib/audit/seal.ts";

const ID = "ci-bot|r-1";

/** A real receiver on 127.0.0.1 that verifies each delivery with the app's public key. */
function receiver(publicKey: string, status = 200) {
  const got: { ok: boolean; outcome?: string; denial_reason?: string }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const r = await verifyCallback(publicKey, req.headers, await req.text(), { service: "ci-bot" });
    got.push(
      r.ok
        ? { ok: true, outcome: r.payload.outcome, denial_reason: r.payload.denial_reason }
        : { ok: false },
    );
    return new Response("", { status });
  });
  return { server, url: `http://127.0.0.1:${server.addr.port}/cb`, got };
}

async function sealedDecision(pkcs8: string, extra: Record<string, unknown> = {}) {
  const item = {
    id: ID,
    service_id: "ci-bot",
    request_id: "r-1",
    status: "final",
    outcome: "denied",
    reason_code: "human_denied",
    denial_reason: "Freeze week",
    decided_by: [W.users.bob],
    decided_at: 61_000,
    callback_status: "failed",
    callback_attempts: 3,
    callback_detail: "HTTP 503 after 3 attempts",
    ...extra,
  };
  return { ...item, ...(await sealRecord(await importSigningKey(pkcs8), Decisions.name, item)) };
}

async function scenario(
  fn: (t: {
    run: (inputs: Record<string, unknown>) => Promise<{ outputs: Record<string, unknown> }>;
    put: (item: Record<string, unknown>) => void;
    item: () => Record<string, unknown> | undefined;
    events: () => Record<string, unknown>[];
    rx: ReturnType<typeof receiver>;
    pkcs8: string;
  }) => Promise<void>,
) {
  const keys = await generateTestKeyPair();
  const rx = receiver(keys.publicKey);
  try {
    await withAdminPlatform(AdminResendCallbackFunction, handler, async (t) => {
      const env = { [SIGNING_KEY_ENV]: keys.pkcs8, [EXTRA_DOMAINS_ENV]: "127.0.0.1" };
      await fn({
        run: (inputs) => t.run(inputs, env),
        put: (item) => t.platform.storage.putItem(Decisions.name, ID, item),
        item: () => t.item(Decisions.name, ID),
        events: t.events,
        rx,
        pkcs8: keys.pkcs8,
      });
    }, testBot({ callback_url: rx.url }));
  } finally {
    await rx.server.shutdown();
  }
}

Deno.test("an admin resends a failed callback: delivered, verified, recorded twice", () =>
  scenario(async ({ run, put, item, events, rx, pkcs8 }) => {
    put(await sealedDecision(pkcs8));
    const { outputs } = await run({ actor: W.users.alice, decision_id: ID, reason: "fixed" });
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertStringIncludes(plain(outputs.summary), "delivered");
    assertEquals(rx.got, [{ ok: true, outcome: "denied", denial_reason: "Freeze week" }]);
    const after = item()!;
    assertEquals([after.callback_status, after.callback_attempts], ["delivered", 4]);
    assertStringIncludes(String(after.callback_detail), `Resent by ${W.users.alice}`);
    const [event] = events();
    assertEquals([event.action, event.result, event.target_type, event.target_id], [
      "resend_callback",
      "applied",
      "decision",
      ID,
    ]);
    // Delivered now: a second resend is refused (the caller has it).
    const again = await run({ actor: W.users.alice, decision_id: ID });
    assertEquals(again.outputs.ok, false);
    assertStringIncludes(plain(again.outputs.summary), 'its callback is "delivered"');
    assertEquals(rx.got.length, 1);
  }));

Deno.test("resend refused: non-admin, pending, delivered, unknown, edited record", () =>
  scenario(async ({ run, put, item, events, rx, pkcs8 }) => {
    put(await sealedDecision(pkcs8));
    const bob = await run({ actor: W.users.bob, decision_id: ID });
    assertStringIncludes(plain(bob.outputs.summary), "Cannot resend");
    assertEquals(events().at(-1)!.result, "refused");

    const cases: [Record<string, unknown> | undefined, string, string][] = [
      [{ status: "pending" }, ID, "still pending"],
      [{ callback_status: "delivered" }, ID, 'its callback is "delivered"'],
      [{}, "ci-bot|nope", "no decision has this id"],
    ];
    for (const [change, id, message] of cases) {
      put(await sealedDecision(pkcs8, change));
      const { outputs } = await run({ actor: W.users.alice, decision_id: id });
      assertEquals(outputs.ok, false, message);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals(events().at(-1)!.result, "invalid");
    }
    // Someone edits the stored outcome: the app must not sign and send it as its decision.
    put({ ...await sealedDecision(pkcs8), outcome: "approved" });
    const forged = await run({ actor: W.users.alice, decision_id: ID });
    assertEquals(forged.outputs.ok, false);
    assertStringIncludes(plain(forged.outputs.summary), "does not carry the app's seal");
    assertEquals(rx.got, [], "nothing was sent");
    assertEquals(item()!.callback_status, "failed");
  }));
