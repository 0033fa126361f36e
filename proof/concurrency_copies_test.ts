/**
 * Concurrency, two copies of one request arriving at the same instant (the guarantees are listed
 * in `concurrency_test.ts`): one record, one outcome, one callback outcome, a record that
 * verifies, and the duplicate recorded under its own `rejected|…` id.
 */
import { assert, assertEquals } from "@std/assert";
import {
  APPROVE_ACTION_ID,
  DENY_ACTION_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
} from "../functions/request_approval/constants.ts";
import { Services } from "../datastores/services.ts";
import { DEMO_CHANNELS } from "../demo/workspace.ts";
import { isSealedBy } from "../lib/audit/seal.ts";
import { importSigningKey, type SigningKey } from "../lib/callback/keys.ts";
import type { Message } from "../local/storage/types.ts";
import type { Platform } from "../local/server.ts";
import {
  allItems,
  allRuns,
  click,
  demoFields,
  demoKey,
  LONG,
  postRaw,
  proofPlatform,
  sign,
  webhookUrl,
} from "./_testing.ts";

/** Two identical copies of one signed human-path request, sent at the same instant. */
async function twoCopies(platform: Platform, key: string, serviceId?: string) {
  const fields = demoFields(platform, "human", serviceId ? { service_id: serviceId } : {});
  const body = JSON.stringify(await sign(fields, key));
  const url = webhookUrl(platform);
  const answers = await Promise.all([postRaw(url, body), postRaw(url, body)]);
  assertEquals(answers.map((a) => a.status), [200, 200]);
  await platform.engine.idle();
  const id = `${fields.service_id}|${fields.request_id}`;
  const runs = allRuns(platform).filter((r) => r.inputs?.request_id === fields.request_id);
  assertEquals(runs.length, 2, "two runs, one per copy");
  // Exactly one approval message exists for the request: the owner's.
  const messages = platform.storage.listMessages(DEMO_CHANNELS.approvals.id)
    .filter((m) => !m.ephemeral_to && JSON.stringify(m.blocks ?? []).includes(fields.request_id));
  assertEquals(messages.length, 1, "one approval message for two copies");
  return { id, runs, message: messages[0] };
}

/** Clicks Deny as `user`; returns a function that submits the opened form with a reason. */
async function openDeny(platform: Platform, user: string, message: Message) {
  await click(platform, user, message, DENY_ACTION_ID, "deny");
  await platform.engine.idle();
  const views = await (await fetch(`${platform.url}/_local/views?as=${user}`)).json();
  const viewId = (views.views as { id: string }[]).at(-1)!.id;
  return (reason: string) =>
    fetch(`${platform.url}/_local/views/submit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user,
        view_id: viewId,
        values: { [DENY_REASON_BLOCK_ID]: { [DENY_REASON_ACTION_ID]: { value: reason } } },
      }),
    }).then((r) => r.text());
}

/** Denies (form submitted) as `user`, started from the message. */
async function deny(platform: Platform, user: string, message: Message, reason: string) {
  return await (await openDeny(platform, user, message))(reason);
}

/**
 * What both copies ended with: the request's one record (sealed by the app's key), the
 * duplicate's own `rejected|…` record, and the outcomes the caller was told.
 */
async function settled(platform: Platform, key: SigningKey, id: string) {
  const requestId = id.slice(id.indexOf("|") + 1);
  await platform.engine.idle();
  const runs = allRuns(platform).filter((r) => r.inputs?.request_id === requestId);
  assertEquals(runs.map((r) => r.status), ["completed", "completed"], "both runs end");
  const record = platform.storage.getItem("decisions", id)!;
  assertEquals(record.status, "final");
  assert(await isSealedBy(key, "decisions", record), "the record verifies (lib/audit seal)");
  const copies = allItems(platform, "decisions").filter((d) =>
    String(d.id).startsWith("rejected|") && d.request_id === requestId
  );
  assertEquals(copies.map((d) => [d.outcome, d.reason_code, d.callback_status]), [
    ["rejected", "replayed_request", "skipped"],
  ]);
  // The caller hears once, and only the request's outcome.
  const told = runs.filter((r) => r.step_outputs["4"]?.delivery_status === "delivered")
    .map((r) => r.step_outputs["3"]?.outcome);
  assertEquals(told, [record.outcome], "one callback, carrying the one outcome");
  return record;
}

Deno.test("concurrency: two copies of a request at once; Deny and Approve → one outcome, one callback outcome, a record that verifies", async (t) => {
  const platform = await proofPlatform();
  try {
    // The app's own key, which sealed the records (the CLI's verify reads the same setting).
    const signing = await importSigningKey(platform.storage.getSetting("app_signing_key_pkcs8")!);
    const key = await demoKey(platform);
    const [a, b] = [platform.demo!.users.approver1, platform.demo!.users.approver2];

    await t.step("Deny first, then Approve", async () => {
      const { id, message } = await twoCopies(platform, key);
      await deny(platform, b, message, "Freeze");
      await click(platform, a, message, APPROVE_ACTION_ID);
      const record = await settled(platform, signing, id);
      assertEquals([record.outcome, record.reason_code, record.decided_by], [
        "denied",
        "human_denied",
        [b],
      ]);
    });

    await t.step("Approve first, then Deny", async () => {
      const { id, message } = await twoCopies(platform, key);
      // b has the deny form open when a approves; b's submission then comes too late.
      const submit = await openDeny(platform, b, message);
      await click(platform, a, message, APPROVE_ACTION_ID);
      await platform.engine.idle();
      await submit("Freeze");
      const record = await settled(platform, signing, id);
      assertEquals([record.outcome, record.reason_code, record.decided_by], [
        "approved",
        "human_approved",
        [a],
      ]);
      // b's late denial is refused and recorded (who, what, why), sealed by the app's key.
      const refused = allItems(platform, "click_events").filter((e) => e.decision_id === id);
      assertEquals(refused.map((e) => [e.actor, e.action, e.reason]), [
        [b, "deny_submit", "already_decided"],
      ]);
      assert(await isSealedBy(signing, "click_events", refused[0]), "the refusal verifies");
    });

    await t.step("Deny and Approve at the same instant", async () => {
      for (let i = 0; i < (LONG ? 20 : 4); i++) {
        const { id, message } = await twoCopies(platform, key);
        const submit = await openDeny(platform, b, message);
        await Promise.all([submit("Freeze"), click(platform, a, message, APPROVE_ACTION_ID)]);
        const record = await settled(platform, signing, id);
        assert(["approved", "denied"].includes(String(record.outcome)));
      }
    });

    await t.step("2 of 2 approvals (N-of-M)", async () => {
      const service = platform.storage.getItem(Services.name, platform.demo!.serviceId)!;
      platform.storage.putItem(Services.name, "two-of-two", {
        ...service,
        id: "two-of-two",
        approvals_required: 2,
      });
      const policy = platform.storage.getItem("policies", "production")!;
      platform.storage.putItem("policies", "production", { ...policy, approvals_required: 2 });
      try {
        const { id, message } = await twoCopies(platform, key, "two-of-two");
        await click(platform, a, message, APPROVE_ACTION_ID);
        await platform.engine.idle();
        assertEquals(platform.storage.getItem("decisions", id)?.status, "pending");
        await Promise.all([
          click(platform, b, message, APPROVE_ACTION_ID),
          click(platform, a, message, APPROVE_ACTION_ID),
        ]);
        const record = await settled(platform, signing, id);
        // A repeated click re-dates its vote, so the order of the two deciders may vary.
        assertEquals([record.outcome, (record.decided_by as string[]).toSorted()], [
          "approved",
          [a, b].toSorted(),
        ]);
      } finally {
        platform.storage.putItem("policies", "production", policy);
      }
    });
  } finally {
    await platform.close();
  }
});
