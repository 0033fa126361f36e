/**
 * Hostile clicks (block_actions) and form submissions (view_submission) through the real local
 * platform: whoever clicks whatever, a pending request gets at most one outcome, only a listed
 * approver decides it, the requester never approves their own request, the platform never
 * answers 500, and a denial reason of any content is stored without control characters and
 * shown inert.
 */
import fc from "fast-check";
import { assert, assertEquals, assertExists } from "@std/assert";
import {
  APPROVE_ACTION_ID,
  DENY_ACTION_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
  DENY_REASON_MAX,
} from "../functions/request_approval/constants.ts";
import type { Platform } from "../local/server.ts";
import type { Item, Message } from "../local/storage/types.ts";
import { hostileText } from "./_arbitraries.ts";
import { DEMO_CHANNELS } from "../demo/workspace.ts";
import { isSealedBy } from "../lib/audit/seal.ts";
import { importSigningKey } from "../lib/callback/keys.ts";
import {
  allItems,
  allRuns,
  blockIdOf,
  demoAllowed,
  demoFields,
  demoKey,
  LONG,
  mrkdwnTexts,
  postRaw,
  proofPlatform,
  recordOfRun,
  sign,
  unexpectedTokens,
  webhookUrl,
} from "./_testing.ts";

/** Sends a human-path request; returns its pending record and approval message. */
async function pendingRequest(platform: Platform, key: string) {
  const answer = await postRaw(
    webhookUrl(platform),
    JSON.stringify(await sign(demoFields(platform, "human"), key)),
  );
  assertEquals(answer.status, 200);
  await platform.engine.idle();
  const record = recordOfRun(platform, allRuns(platform).at(-1)!);
  assertExists(record);
  assertEquals(record.status, "pending");
  const message = platform.storage.getMessage(
    String(record.message_channel),
    String(record.message_ts),
  );
  assertExists(message);
  return { record, message };
}

async function local(platform: Platform, path: string, body: unknown) {
  const res = await fetch(`${platform.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert(res.status < 500, `${path} answered ${res.status} ${text}`);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

const decision = (platform: Platform, id: unknown): Item =>
  platform.storage.getItem("decisions", String(id))!;

Deno.test("fuzz block_actions: any click sequence gives at most one outcome, by an approver", async () => {
  const platform = await proofPlatform();
  try {
    const key = await demoKey(platform);
    const users = platform.demo!.users;
    const approvers = [users.approver1, users.approver2];
    const click = fc.record({
      user: fc.oneof(fc.constantFrom(...Object.values(users)), hostileText(30)),
      action: fc.constantFrom(APPROVE_ACTION_ID, DENY_ACTION_ID, "unknown_action", ""),
      value: fc.oneof(fc.constantFrom("approve", "deny"), hostileText(50)),
      block: fc.oneof(fc.constant<string | undefined>(undefined), hostileText(20)),
      otherTs: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(click, { minLength: 1, maxLength: 6 }), async (clicks) => {
        const { record, message } = await pendingRequest(platform, key);
        let first: { outcome: unknown; decided_by: unknown } | undefined;
        for (const c of clicks) {
          await local(platform, "/_local/actions", {
            user: c.user,
            channel: message.channel,
            message_ts: c.otherTs ? "1.000001" : message.ts,
            action_id: c.action,
            block_id: c.block ?? blockIdOf(message.blocks ?? [], c.action) ?? "",
            value: c.value,
          });
          await platform.engine.idle();
          const now = decision(platform, record.id);
          if (now.status === "final") {
            first ??= { outcome: now.outcome, decided_by: now.decided_by };
            // Once decided, nothing changes it.
            assertEquals({ outcome: now.outcome, decided_by: now.decided_by }, first);
          }
        }
        const end = decision(platform, record.id);
        // A valid Approve: an approver, on the real message, on the real button.
        const approvedByApprover = clicks.some((c) =>
          c.action === APPROVE_ACTION_ID && approvers.includes(c.user) && !c.otherTs &&
          c.block === undefined
        );
        if (end.status === "final") {
          assertEquals(end.outcome, "approved", "only Approve decides without a modal");
          const by = end.decided_by as string[];
          assertEquals(by.length, 1);
          assert(approvers.includes(by[0]), `decided by ${by[0]}`);
          assertEquals(approvedByApprover, true);
        } else {
          assertEquals(approvedByApprover, false, "an approver's valid Approve click decides");
        }
      }),
      { numRuns: LONG ? 300 : 40 },
    );
  } finally {
    await platform.close();
  }
});

/** Clicks Deny as `user` and returns the id of the deny modal opened for them. */
async function openDenyModal(platform: Platform, user: string, message: Message) {
  await clickOn(platform, user, message, DENY_ACTION_ID);
  await platform.engine.idle();
  const res = await fetch(`${platform.url}/_local/views?as=${user}`);
  const { views } = await res.json() as { views: { id: string }[] };
  assert(views.length > 0, "the deny modal opened");
  return views.at(-1)!.id;
}

Deno.test("fuzz view_submission: any deny reason is refused clearly or stored clean and inert", async () => {
  const platform = await proofPlatform();
  try {
    const key = await demoKey(platform);
    const approver = platform.demo!.users.approver1;
    await fc.assert(
      fc.asyncProperty(hostileText(DENY_REASON_MAX + 200), async (reason) => {
        const { record, message } = await pendingRequest(platform, key);
        const viewId = await openDenyModal(platform, approver, message);
        const answer = await local(platform, "/_local/views/submit", {
          user: approver,
          view_id: viewId,
          values: { [DENY_REASON_BLOCK_ID]: { [DENY_REASON_ACTION_ID]: { value: reason } } },
        });
        await platform.engine.idle();
        const end = decision(platform, record.id);
        if (end.status !== "final") {
          // Refused: the modal shows why (an empty or overlong reason), nothing is recorded.
          const errors = (answer.body.response as { errors?: Record<string, string> } | undefined)
            ?.errors ?? answer.body.errors as Record<string, string> | undefined;
          assertExists(errors?.[DENY_REASON_BLOCK_ID], JSON.stringify(answer.body));
          await local(platform, "/_local/views/close", { user: approver, view_id: viewId });
          return;
        }
        assertEquals([end.outcome, end.decided_by], ["denied", [approver]]);
        const stored = String(end.denial_reason);
        // deno-lint-ignore no-control-regex -- the point: no control characters are stored
        assert(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(stored), JSON.stringify(stored));
        const decided = platform.storage.getMessage(message.channel, message.ts)!;
        const allowed = demoAllowed(
          platform,
          platform.demo!.users.engineer,
          "https://ci.example.com/runs/1",
        );
        for (const text of [...mrkdwnTexts(decided.blocks ?? []), decided.text]) {
          assertEquals(unexpectedTokens(text, allowed), [], text);
        }
      }),
      { numRuns: LONG ? 400 : 40 },
    );
  } finally {
    await platform.close();
  }
});

/**
 * Duplicate-copy interleavings (issue #12 finding 1): 2 or 3 identical copies of one signed
 * request sent at random offsets, then random clicks (Approve, Deny with its form) by approvers,
 * the requester and strangers at random moments. Whatever the order: at most one approval message,
 * at most one outcome, every other copy recorded as a replay under its own id, at most one
 * callback and it carries the outcome, and a final record that verifies.
 */
Deno.test("fuzz duplicate copies: random offsets and clicks → one owner, one outcome, one callback outcome", async () => {
  const platform = await proofPlatform();
  try {
    const key = await demoKey(platform);
    const sealKey = await importSigningKey(platform.storage.getSetting("app_signing_key_pkcs8")!);
    const users = platform.demo!.users;
    const approvers = [users.approver1, users.approver2];
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const scenario = fc.record({
      offsets: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 3 }),
      clicks: fc.array(
        fc.record({
          user: fc.constantFrom(...approvers, users.engineer, "U0STRANGER"),
          deny: fc.boolean(),
          delay: fc.integer({ min: 0, max: 15 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ offsets, clicks }) => {
        const fields = demoFields(platform, "human");
        const body = JSON.stringify(await sign(fields, key));
        const url = webhookUrl(platform);
        await Promise.all(offsets.map(async (ms) => {
          await sleep(ms);
          assertEquals((await postRaw(url, body)).status, 200);
        }));
        await platform.engine.idle();
        const id = `${fields.service_id}|${fields.request_id}`;
        const messages = platform.storage.listMessages(DEMO_CHANNELS.approvals.id).filter((m) =>
          !m.ephemeral_to && JSON.stringify(m.blocks ?? []).includes(fields.request_id)
        );
        assert(messages.length <= 1, `${messages.length} approval messages for one request`);
        if (offsets.length === 2) assertEquals(messages.length, 1, "two copies elect one owner");
        const message = messages[0];
        if (message) {
          await Promise.all(clicks.map(async (c) => {
            await sleep(c.delay);
            if (!c.deny) return await clickOn(platform, c.user, message, APPROVE_ACTION_ID);
            await clickOn(platform, c.user, message, DENY_ACTION_ID);
            const res = await fetch(`${platform.url}/_local/views?as=${c.user}`);
            const { views } = await res.json() as { views: { id: string }[] };
            if (!views.length) return;
            await local(platform, "/_local/views/submit", {
              user: c.user,
              view_id: views.at(-1)!.id,
              values: { [DENY_REASON_BLOCK_ID]: { [DENY_REASON_ACTION_ID]: { value: "No" } } },
            });
          }));
        }
        await platform.engine.idle();

        const runs = allRuns(platform).filter((r) => r.inputs?.request_id === fields.request_id);
        assertEquals(runs.length, offsets.length);
        const record = platform.storage.getItem("decisions", id);
        const copies = allItems(platform, "decisions").filter((d) =>
          String(d.id).startsWith("rejected|") && d.request_id === fields.request_id
        );
        assert(copies.every((d) => d.reason_code === "replayed_request"), JSON.stringify(copies));
        assertEquals(copies.length + (record ? 1 : 0), offsets.length, "one record per copy");
        const open = runs.filter((r) => r.status !== "completed");
        assert(
          open.length <= 1 && open.every((r) => r.status === "running"),
          "only the owner waits",
        );
        const told = runs.filter((r) => r.step_outputs["4"]?.delivery_status === "delivered")
          .map((r) => r.step_outputs["3"]?.outcome);
        if (record?.status === "final") {
          assert(["approved", "denied"].includes(String(record.outcome)), String(record.outcome));
          assert((record.decided_by as string[]).every((u) => approvers.includes(u)));
          assert(await isSealedBy(sealKey, "decisions", record), "the final record verifies");
          assertEquals(told, [record.outcome], "one callback, with the one outcome");
        } else {
          assertEquals(told, [], "no callback before the one outcome");
        }
      }),
      { numRuns: LONG ? 100 : 12 },
    );
  } finally {
    await platform.close();
  }
});

/** Clicks a button of `message` as `user` (refusals are answers, never a 5xx). */
function clickOn(platform: Platform, user: string, message: Message, actionId: string) {
  return local(platform, "/_local/actions", {
    user,
    channel: message.channel,
    message_ts: message.ts,
    action_id: actionId,
    block_id: blockIdOf(message.blocks ?? [], actionId) ?? "",
    value: actionId === APPROVE_ACTION_ID ? "approve" : "deny",
  });
}
