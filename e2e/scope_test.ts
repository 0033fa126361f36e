/**
 * Scoped approvals, end to end on the local platform: an approver approves "requests like this
 * one" for at most two more requests; the next two are approved without asking anyone, each
 * linked to the approval that made the scope; the third goes to humans again. An expired scope
 * lets nothing through.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { openViewsFor } from "../local/runtime/views.ts";
import { buildStatement } from "../lib/attest/mod.ts";
import { postJson } from "../local/_testing.ts";
import type { Platform } from "../local/server.ts";
import { clickButton, decisionOf, lastMessage, sendRequest, startApp } from "./_app.ts";

/** Opens Approve-with-comment as `user` and submits `values` (block → action → state). */
async function approveWithScope(
  platform: Platform,
  user: string,
  scope: { count?: string; minutes?: string },
) {
  const channels = platform.demo!.channels as Record<string, string>;
  await clickButton(platform, channels.approvals, user, /^countersign_approve_comment$/);
  const view = openViewsFor(platform.engine, user).at(-1)!;
  const res = await postJson(`${platform.url}/_local/views/submit`, {
    user,
    view_id: view.id,
    values: {
      countersign_scope: { countersign_scope_input: { selected_option: { value: "like" } } },
      countersign_scope_count: { countersign_scope_count_input: { value: scope.count ?? "" } },
      countersign_scope_minutes: {
        countersign_scope_minutes_input: { value: scope.minutes ?? "" },
      },
      countersign_approve_comment: { countersign_approve_comment_input: { value: "ship it" } },
    },
  });
  await platform.engine.idle();
  return res.json as Record<string, unknown>;
}

Deno.test("a scope of two requests lets two requests through and then stops", async () => {
  const platform = await startApp();
  try {
    const users = platform.demo!.users as Record<string, string>;
    const channels = platform.demo!.channels as Record<string, string>;
    const first = await sendRequest(platform);
    const firstId = `${platform.demo!.serviceId}|${first.request_id}`;

    // A count out of range is refused on the form, under its input; nothing is decided.
    const refused = await approveWithScope(platform, users.approver1, { count: "500" });
    assertEquals(refused.error, "validation_errors");
    assertStringIncludes(
      String((refused.errors as Record<string, string>).countersign_scope_count),
      'Cannot use "500" requests',
    );
    assertEquals(decisionOf(platform, first.request_id)?.status, "pending");

    const ok = await approveWithScope(platform, users.approver1, { count: "2" });
    assertEquals(ok.ok, true, JSON.stringify(ok));
    const granting = decisionOf(platform, first.request_id)!;
    assertEquals(granting.outcome, "approved");
    assertEquals(JSON.parse(String(granting.approval_scope)), {
      minutes: 60,
      max_requests: 2,
      resource_pattern: "api-server#152",
    });
    assertStringIncludes(
      JSON.stringify(lastMessage(platform, channels.approvals)!.blocks),
      "Also approved:",
    );
    const scope = platform.storage.getItem("scoped_approvals", `scope|${firstId}`)!;
    assertEquals([scope.granted_by, scope.max_requests, scope.action], [
      users.approver1,
      2,
      "deploy",
    ]);

    const before = platform.storage.listMessages(channels.approvals).filter((m) => !m.thread_ts)
      .length;
    for (const n of [2, 3]) {
      const next = await sendRequest(platform);
      const record = decisionOf(platform, next.request_id)!;
      assertEquals([record.outcome, record.scoped_by, record.policy_id], [
        "auto_approved",
        firstId,
        `scope|${firstId}`,
      ], `request ${n}`);
      // The attestation of a scoped decision names the approval that made the scope.
      const statement = buildStatement(record, { appKeyId: "test" });
      assertEquals(statement.predicate.decision.scopedBy, firstId);
    }
    // Nobody was asked; the granting approval's thread tells of each use.
    const all = platform.storage.listMessages(channels.approvals);
    assertEquals(all.filter((m) => !m.thread_ts).length, before, "no new approval message");
    const notices = all.filter((m) => m.thread_ts).map((m) => m.text);
    assertEquals(notices.length, 2);
    assertStringIncludes(notices[1], "(use 2 of 2)");
    // Another action is not "like this one".
    const other = await sendRequest(platform, { action: "rollback" });
    assertEquals(decisionOf(platform, other.request_id)?.status, "pending");

    const fourth = await sendRequest(platform);
    const asked = decisionOf(platform, fourth.request_id)!;
    assertEquals([asked.status, asked.scoped_by], ["pending", undefined]);
  } finally {
    await platform.close();
  }
});

Deno.test("an expired scope lets nothing through", async () => {
  const platform = await startApp();
  try {
    const users = platform.demo!.users as Record<string, string>;
    const first = await sendRequest(platform);
    const ok = await approveWithScope(platform, users.approver1, { minutes: "30" });
    assertEquals(ok.ok, true, JSON.stringify(ok));
    const id = `scope|${platform.demo!.serviceId}|${first.request_id}`;
    const scope = platform.storage.getItem("scoped_approvals", id)!;
    assertEquals(Number(scope.expires_at) - Number(scope.granted_at), 30 * 60_000);
    const inside = await sendRequest(platform);
    assertEquals(decisionOf(platform, inside.request_id)?.outcome, "auto_approved");
    // Its time is up (the clock of the pure rule is tested in lib/policy/scope_test.ts).
    platform.storage.putItem("scoped_approvals", id, { ...scope, expires_at: Date.now() - 1 });
    const after = await sendRequest(platform);
    assertEquals(decisionOf(platform, after.request_id)?.status, "pending");
  } finally {
    await platform.close();
  }
});
