import { assert, assertEquals } from "@std/assert";
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { APPROVE_ACTION_ID, U } from "../request_approval/_testing.ts";
import { DEFAULT_SHARES } from "./plan.ts";
import { sweepPending } from "./sweep.ts";
import { SIGNING_KEY_ENV } from "../../lib/config.ts";
import { importSigningKey } from "../../lib/callback/mod.ts";
import { generateTestKeyPair } from "../../lib/callback/_testing.ts";
import { importSyncPublicKey, verifyText } from "../../lib/audit/ed25519_sync.ts";
import { recordMessage } from "../../lib/audit/canonical.ts";
import { sealRecord } from "../../lib/audit/seal.ts";
import { at, clientOf, pendingApproval, record, replies } from "./_testing.ts";

/** `client` whose `apps.datastore.query` runs `between` after reading each page. */
function withHook(client: SlackAPIClient, between: () => Promise<unknown>): SlackAPIClient {
  const hook = <T extends object>(target: T, key: string, wrap: (value: unknown) => unknown) =>
    new Proxy(target, {
      get: (t, k) => k === key ? wrap(Reflect.get(t, k)) : Reflect.get(t, k),
    });
  return hook(
    client,
    "apps",
    (apps) =>
      hook(
        apps as object,
        "datastore",
        (ds) =>
          hook(ds as object, "query", (query) => async (args: unknown) => {
            const page = await (query as (a: unknown) => Promise<unknown>).call(ds, args);
            await between();
            return page;
          }),
      ),
  );
}

Deno.test("a request decided after the sweep read its page is neither reminded nor touched", async () => {
  const h = await pendingApproval(false);
  try {
    // The race: an approver decides between the sweep's page read and its action.
    const client = withHook(clientOf(h), () => h.click(U.alice, APPROVE_ACTION_ID));
    const result = await sweepPending(client, { shares: DEFAULT_SHARES, now: () => at(h, 0.6) });
    assertEquals(record(h).outcome, "approved");
    assertEquals([result.examined, result.reminded, result.failed], [1, 0, 0]);
    assertEquals(replies(h), []);
    assertEquals(record(h).reminded_at, undefined);
  } finally {
    await h.close();
  }
});

Deno.test("a reminder mark merged into a record decided meanwhile leaves it validly sealed", async () => {
  const h = await pendingApproval(false);
  try {
    const keys = await generateTestKeyPair();
    const signing = await importSigningKey(keys.pkcs8);
    // The race: record_decision writes the final, sealed record while the sweep posts its
    // reminder, i.e. after the sweep's re-read and before its mark.
    const decideNow = async () => {
      const final = { ...record(h), status: "final", outcome: "approved" } as Record<
        string,
        unknown
      >;
      delete final.reminded_at;
      const sealed = { ...final, ...(await sealRecord(signing, Decisions.name, final)) };
      h.platform.storage.putItem(Decisions.name, "deploy-bot|r-1", sealed);
    };
    const base = clientOf(h);
    const client = new Proxy(base, {
      get: (t, k) =>
        k === "chat"
          ? new Proxy(t.chat, {
            get: (c, m) =>
              m === "postMessage"
                ? async (args: Parameters<typeof c.postMessage>[0]) => {
                  const posted = await c.postMessage(args);
                  await decideNow();
                  return posted;
                }
                : Reflect.get(c, m),
          })
          : Reflect.get(t, k),
    }) as SlackAPIClient;
    const result = await sweepPending(client, {
      shares: DEFAULT_SHARES,
      now: () => at(h, 0.6),
      env: { [SIGNING_KEY_ENV]: keys.pkcs8 },
    });
    assertEquals(result.reminded, 1);
    const item = record(h) as unknown as Record<string, unknown>;
    assertEquals(item.status, "final");
    assert(item.reminded_at, "the mark is kept: it says what happened");
    const key = await importSyncPublicKey(keys.publicKey);
    assert(
      verifyText(key, recordMessage(Decisions.name, item), String(item.record_signature)),
      "an audit verify accepts the record",
    );
  } finally {
    await h.close();
  }
});
