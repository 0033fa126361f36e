/**
 * Named hostile cases through the real webhook, workflow and datastores: each ends with one
 * recorded rejection carrying its specific reason code, and never with a callback of the real
 * decision or an approval message; injected mentions and links stay inert in stored messages.
 */
import { assert, assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { Services } from "../datastores/services.ts";
import type { Platform } from "../local/server.ts";
import {
  allRuns,
  demoAllowed,
  demoFields,
  demoKey,
  mrkdwnTexts,
  postRaw,
  proofPlatform,
  recordOfRun,
  sign,
  unexpectedTokens,
  webhookUrl,
} from "./_testing.ts";

/** Sends one body and returns the decision record its run wrote. */
async function send(platform: Platform, body: string | Uint8Array) {
  const before = allRuns(platform).length;
  const answer = await postRaw(webhookUrl(platform), body);
  assertEquals(answer.status, 200, answer.text);
  await platform.engine.idle();
  const runs = allRuns(platform);
  assertEquals(runs.length, before + 1);
  const run = runs.at(-1)!;
  assert(run.status !== "failed", run.error);
  const record = recordOfRun(platform, run);
  assertExists(record);
  return { run, record };
}

Deno.test("named hostile cases are rejected with their reason, recorded once", async (t) => {
  const platform = await proofPlatform();
  try {
    const key = await demoKey(platform);
    const demo = platform.demo!;
    const service = platform.storage.getItem(Services.name, demo.serviceId)!;
    platform.storage.putItem(Services.name, "disabled-bot", {
      ...service,
      id: "disabled-bot",
      status: "disabled",
    });
    const now = Math.floor(Date.now() / 1000);
    const messagesBefore = () =>
      platform.storage.listMessages(
        (demo.channels as { approvals: string }).approvals,
      ).length;

    const cases: [string, () => Promise<string | Uint8Array>, string][] = [
      ["forged signature (field changed after signing)", async () => {
        const signed = await sign(demoFields(platform, "human"), key);
        return JSON.stringify({
          ...signed,
          environment: "staging",
          conditions: "ci_status=passed",
        });
      }, "bad_signature"],
      ["signature by another key", async () => {
        const other = (await import("../lib/keys/mod.ts")).generateKeyPair();
        return JSON.stringify(
          await sign(demoFields(platform, "auto"), (await other).privateKeyPem),
        );
      }, "bad_signature"],
      [
        "stale timestamp (10 min old, validly signed)",
        async () =>
          JSON.stringify(
            await sign(demoFields(platform, "auto", { timestamp: String(now - 600) }), key),
          ),
        "stale_timestamp",
      ],
      [
        "future timestamp (10 min ahead, validly signed)",
        async () =>
          JSON.stringify(
            await sign(demoFields(platform, "auto", { timestamp: String(now + 600) }), key),
          ),
        "future_timestamp",
      ],
      [
        "unknown bot",
        async () =>
          JSON.stringify(await sign(demoFields(platform, "auto", { service_id: "nobody" }), key)),
        "unknown_service",
      ],
      [
        "disabled bot",
        async () =>
          JSON.stringify(
            await sign(demoFields(platform, "auto", { service_id: "disabled-bot" }), key),
          ),
        "service_disabled",
      ],
      [
        "unknown key id",
        async () =>
          JSON.stringify(await sign(demoFields(platform, "auto", { key_id: "stolen-1" }), key)),
        "unknown_key",
      ],
      [
        "disallowed action",
        async () =>
          JSON.stringify(
            await sign(demoFields(platform, "auto", { action: "drop-database" }), key),
          ),
        "action_not_allowed",
      ],
      [
        "oversized field (100 kB reason)",
        async () =>
          JSON.stringify(
            await sign(demoFields(platform, "auto", { reason: "x".repeat(100_000) }), key),
          ),
        "field_too_long",
      ],
      [
        "control characters",
        async () =>
          JSON.stringify({
            ...await sign(demoFields(platform, "auto"), key),
            resource: "api\u0000\u001b[2J",
          }),
        "malformed_field",
      ],
      ["non-UTF-8 bytes in a field", async () => {
        const text = JSON.stringify(
          await sign(demoFields(platform, "auto", { reason: "AAAA" }), key),
        );
        const bytes = new TextEncoder().encode(text);
        const at = text.indexOf("AAAA");
        bytes.set([0xff, 0xfe, 0xc3, 0x28], at);
        return bytes;
      }, "malformed_field"],
      ["missing signature", async () => {
        const { signature: _, ...unsigned } = await sign(demoFields(platform, "auto"), key);
        return JSON.stringify(unsigned);
      }, "missing_field"],
    ];
    for (const [name, body, code] of cases) {
      await t.step(name, async () => {
        const messages = messagesBefore();
        const { record } = await send(platform, await body());
        assertEquals([record.status, record.outcome, record.reason_code], [
          "final",
          "rejected",
          code,
        ]);
        assertStringIncludes(String(record.reason_detail), "Cannot ");
        assertEquals(messagesBefore(), messages, "no approval message for a rejected request");
      });
    }

    await t.step(
      "replayed request id: the second copy is rejected, the first record untouched",
      async () => {
        const body = JSON.stringify(await sign(demoFields(platform, "auto"), key));
        const first = await send(platform, body);
        assertEquals(first.record.outcome, "auto_approved");
        const snapshot = JSON.stringify(
          platform.storage.getItem("decisions", String(first.record.id)),
        );
        const second = await send(platform, body);
        assertEquals([second.record.outcome, second.record.reason_code], [
          "rejected",
          "replayed_request",
        ]);
        assert(second.record.id !== first.record.id, "the replay has its own record");
        assertEquals(
          JSON.stringify(platform.storage.getItem("decisions", String(first.record.id))),
          snapshot,
        );
      },
    );

    await t.step(
      "mention and link injection render inert in the stored approval message",
      async () => {
        const hostile =
          "<!channel> <!here> <@UEVIL00001> <#C0APPROVALS> <https://evil.example|click> *x*";
        const fields = demoFields(platform, "human", {
          reason: hostile,
          // resource and source_system only take identifier characters; triggered_by is text.
          triggered_by: "<!everyone> <@U0APPR0001|boss>",
        });
        const { record } = await send(platform, JSON.stringify(await sign(fields, key)));
        assertEquals(record.status, "pending", String(record.reason_detail));
        const message = platform.storage.getMessage(
          String(record.message_channel),
          String(record.message_ts),
        );
        assertExists(message);
        const allowed = demoAllowed(platform, fields.triggered_by, fields.source_url);
        const texts = [...mrkdwnTexts(message.blocks ?? []), message.text];
        for (const text of texts) assertEquals(unexpectedTokens(text, allowed), [], text);
        const all = texts.join("\n");
        assertStringIncludes(all, "&lt;!channel&gt;");
        assertStringIncludes(all, "&lt;@UEVIL00001&gt;");
        assert(!all.includes("<https://evil.example"), "no link to the attacker's URL");
      },
    );
  } finally {
    await platform.close();
  }
});
