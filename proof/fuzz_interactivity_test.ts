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
import {
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
} from "./_support.ts";

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
  await local(platform, "/_local/actions", {
    user,
    channel: message.channel,
    message_ts: message.ts,
    action_id: DENY_ACTION_ID,
    block_id: blockIdOf(message.blocks ?? [], DENY_ACTION_ID) ?? "",
    value: "deny",
  });
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
