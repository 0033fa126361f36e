/**
 * Concurrency through the real platform. What the system guarantees, and what it does not:
 *
 * - One decision record per request: its id is `<service_id>|<request_id>`, so however many
 *   copies of a request arrive, the datastore holds one record for it, and no request is lost.
 * - Slack datastores have no conditional writes, so two copies arriving at the same instant can
 *   both pass `verify_request`'s replay check (a read). Both runs then decide the same request
 *   with the same policy and write the same record id: still one record, one outcome, but the
 *   caller may get the (identical) callback twice. A copy that arrives once the first run wrote
 *   its record is rejected as `replayed_request` under its own `rejected|<execution>` id.
 * - Two approvers clicking at the same instant: the approval completes its function execution
 *   once (the platform's completion is atomic, as Slack's `execution_not_in_running_state`), so
 *   the request gets exactly one outcome, recorded once.
 */
import { assert, assertEquals } from "@std/assert";
import {
  APPROVE_ACTION_ID,
  DENY_ACTION_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
} from "../functions/request_approval/constants.ts";
import type { ContractRequest } from "../lib/contract/mod.ts";
import type { Message } from "../local/storage/types.ts";
import type { Platform } from "../local/server.ts";
import {
  allItems,
  allRuns,
  blockIdOf,
  click,
  demoFields,
  demoKey,
  LONG,
  postRaw,
  proofPlatform,
  recordOfRun,
  sign,
  webhookUrl,
} from "./_testing.ts";

Deno.test("concurrency: 1,000 simultaneous requests with duplicates → one decision per request id, none lost", async () => {
  const platform = await proofPlatform({ webhookRateLimit: false });
  try {
    const key = await demoKey(platform);
    const total = LONG ? 5000 : 1000;
    const unique = Math.round(total * 0.8);
    const bodies: ContractRequest[] = [];
    for (let i = 0; i < unique; i++) bodies.push(await sign(demoFields(platform, "auto"), key));
    // The rest are exact copies (same request id, same signature) of random earlier requests.
    const copies = Array.from(
      { length: total - unique },
      () => bodies[Math.floor(Math.random() * unique)],
    );
    const all = [...bodies, ...copies].sort(() => Math.random() - 0.5);
    const url = webhookUrl(platform);
    // Waves of 1,000 simultaneous requests (one wave in CI; the long variant sends five).
    const answers = [];
    for (let i = 0; i < all.length; i += 1000) {
      const wave = all.slice(i, i + 1000);
      answers.push(...await Promise.all(wave.map((b) => postRaw(url, JSON.stringify(b)))));
    }
    assertEquals(answers.filter((a) => a.status !== 200), [], "every request was accepted");
    await platform.engine.idle();

    const runs = allRuns(platform);
    assertEquals(runs.length, total, "one run per request");
    assertEquals(
      runs.filter((r) => r.status !== "completed").map((r) => r.error),
      [],
      "none stuck or failed",
    );

    const decisions = allItems(platform, "decisions");
    const main = decisions.filter((d) => !String(d.id).startsWith("rejected|"));
    const replays = decisions.filter((d) => String(d.id).startsWith("rejected|"));
    // None lost, none doubled: exactly one record per request id, decided.
    assertEquals(main.length, unique);
    assertEquals(new Set(main.map((d) => d.request_id)).size, unique);
    for (const b of bodies) {
      const record = platform.storage.getItem("decisions", `${b.service_id}|${b.request_id}`);
      assertEquals([record?.status, record?.outcome], ["final", "auto_approved"], b.request_id);
    }
    // Every copy that lost the race cleanly was rejected as a replay, under its own id.
    assert(replays.every((d) => d.reason_code === "replayed_request"), "only replays are rejected");
    // Every run ended in exactly one of those records: verified runs share their request's record
    // (copies that raced past the replay check), rejected runs have their own.
    let verified = 0;
    for (const run of runs) {
      const verdict = run.step_outputs["0"]?.verdict;
      const record = recordOfRun(platform, run);
      assert(record?.status === "final", `run ${run.id} has a final record`);
      if (verdict === "verified") verified++;
    }
    assertEquals(verified + replays.length, total);
    assert(verified >= unique, "each request id was verified at least once");
  } finally {
    await platform.close();
  }
});

/** Sends one human-path request; returns its decision id and approval message. */
async function pending(platform: Platform, key: string): Promise<{ id: string; message: Message }> {
  const fields = demoFields(platform, "human");
  const answer = await postRaw(webhookUrl(platform), JSON.stringify(await sign(fields, key)));
  assertEquals(answer.status, 200);
  await platform.engine.idle();
  const id = `${fields.service_id}|${fields.request_id}`;
  const record = platform.storage.getItem("decisions", id)!;
  assertEquals(record.status, "pending");
  const message = platform.storage.getMessage(
    String(record.message_channel),
    String(record.message_ts),
  )!;
  return { id, message };
}

function callbacksFor(platform: Platform, decisionId: string): number {
  return allRuns(platform).filter((r) =>
    r.step_outputs["0"]?.decision_id === decisionId &&
    r.step_outputs["4"]?.delivery_status === "delivered"
  ).length;
}

Deno.test("concurrency: two approvers clicking at the same instant → one outcome", async (t) => {
  const platform = await proofPlatform();
  try {
    const key = await demoKey(platform);
    const [a, b] = [platform.demo!.users.approver1, platform.demo!.users.approver2];
    const rounds = LONG ? 100 : 10;

    await t.step("Approve + Approve", async () => {
      for (let i = 0; i < rounds; i++) {
        const { id, message } = await pending(platform, key);
        await Promise.all([click(platform, a, message), click(platform, b, message)]);
        await platform.engine.idle();
        const record = platform.storage.getItem("decisions", id)!;
        assertEquals([record.status, record.outcome], ["final", "approved"]);
        const by = record.decided_by as string[];
        assertEquals(by.length, 1, "the first approval decides; one approval was required");
        assert([a, b].includes(by[0]));
        assertEquals(callbacksFor(platform, id), 1, "the caller hears once");
        const votes = allItems(platform, "approval_votes").filter((v) => v.decision_id === id);
        assert(votes.length <= 2 && votes.every((v) => v.vote === "approve"));
      }
    });

    await t.step("Approve + Deny (modal submitted)", async () => {
      const outcomes = new Set<unknown>();
      for (let i = 0; i < rounds; i++) {
        const { id, message } = await pending(platform, key);
        // b opens the deny modal first, then a's click and b's submission race.
        await click(platform, b, message, DENY_ACTION_ID, "deny");
        await platform.engine.idle();
        const views = await (await fetch(`${platform.url}/_local/views?as=${b}`)).json();
        const viewId = (views.views as { id: string }[]).at(-1)!.id;
        const submit = fetch(`${platform.url}/_local/views/submit`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            user: b,
            view_id: viewId,
            values: { [DENY_REASON_BLOCK_ID]: { [DENY_REASON_ACTION_ID]: { value: "Not now" } } },
          }),
        }).then((r) => r.text());
        await Promise.all([click(platform, a, message, APPROVE_ACTION_ID), submit]);
        await platform.engine.idle();
        const record = platform.storage.getItem("decisions", id)!;
        assertEquals(record.status, "final");
        outcomes.add(record.outcome);
        if (record.outcome === "approved") {
          assertEquals([record.decided_by, record.denial_reason ?? ""], [[a], ""]);
        } else {
          assertEquals([record.outcome, record.decided_by, record.denial_reason], [
            "denied",
            [b],
            "Not now",
          ]);
        }
        assertEquals(callbacksFor(platform, id), 1, "one outcome reaches the caller");
        // The message shows the decision, without buttons.
        const shown = platform.storage.getMessage(message.channel, message.ts)!;
        assertEquals(blockIdOf(shown.blocks ?? [], APPROVE_ACTION_ID), undefined);
      }
      assert(outcomes.size >= 1);
    });
  } finally {
    await platform.close();
  }
});
