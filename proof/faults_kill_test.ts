/**
 * `deno task start` (a real child process) killed with SIGKILL mid-approval — one of two
 * required approvals given — and restarted: every recorded decision and vote is still there,
 * and the pending approval is still actionable.
 */
import { assert, assertEquals } from "@std/assert";
import { APPROVE_ACTION_ID } from "../functions/request_approval/constants.ts";
import { startPlatform } from "../local/server.ts";
import { demoFields, sign } from "./_testing.ts";
import { datastoreItems, eventually, startProcess } from "./_process.ts";
import { post, prepare } from "./_faults.ts";

Deno.test("faults: SIGKILL mid-approval, restart → nothing recorded is lost, approval still actionable", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-kill-" });
  try {
    const demo = await prepare(dir);
    const key = await Deno.readTextFile(demo.privateKeyPath);
    // The same port before and after the restart: the in-flight request's callback URL (the
    // demo receiver on this server) was fixed when it was verified, as on Slack.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const proc = await startProcess(["--port", String(port), "--data", dir]);
    const users = demo.users;
    const fakePlatform = { demo } as Parameters<typeof demoFields>[0];
    const autos = [];
    for (let i = 0; i < 5; i++) autos.push(await sign(demoFields(fakePlatform, "auto"), key));
    const human = await sign(demoFields(fakePlatform, "human"), key);
    for (const body of [...autos, human]) assertEquals(await post(proc.webhook, body), 200);
    const humanId = `${human.service_id}|${human.request_id}`;
    const before = await eventually("5 decisions and a pending approval", async () => {
      const items = await datastoreItems(proc.url, "decisions");
      // Final and called back: notify_caller's update is the last write of a decision.
      const done = items.filter((d) => d.status === "final" && d.callback_status === "delivered")
            .length === 5 &&
        items.some((d) => d.id === humanId && d.message_ts);
      return done ? items : undefined;
    });
    const pending = before.find((d) => d.id === humanId)!;
    const ts = String(pending.message_ts), channel = String(pending.message_channel);
    const clickAs = async (url: string, user: string) => {
      const res = await fetch(`${url}/_local/messages?channel=${channel}&as=${user}`);
      const { messages } = await res.json() as { messages: { ts: string; blocks: unknown[] }[] };
      const message = messages.find((m) => m.ts === ts)!;
      const blockId =
        (message.blocks as { block_id?: string; elements?: { action_id?: string }[] }[])
          .find((b) => b.elements?.some((e) => e.action_id === APPROVE_ACTION_ID))?.block_id;
      const answer = await fetch(`${url}/_local/actions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          user,
          channel,
          message_ts: ts,
          action_id: APPROVE_ACTION_ID,
          block_id: blockId,
          value: "approve",
        }),
      });
      return await answer.json();
    };
    assertEquals((await clickAs(proc.url, users.approver1)).ok, true);
    const votes = await eventually("the first approval's vote", async () => {
      const items = await datastoreItems(proc.url, "approval_votes");
      return items.some((v) => v.decision_id === humanId) ? items : undefined;
    });

    proc.child.kill("SIGKILL");
    assert((await proc.exited()) !== 0, "killed");

    const platform = await startPlatform({ port, dataDir: dir, quiet: true });
    try {
      const after = await datastoreItems(platform.url, "decisions");
      for (const record of before) {
        const now = after.find((d) => d.id === record.id);
        assertEquals(now, record, `decision ${record.id} survived unchanged`);
      }
      const votesAfter = await datastoreItems(platform.url, "approval_votes");
      assertEquals(votesAfter, votes, "the vote survived");
      // The second approver completes the approval after the restart.
      assertEquals((await clickAs(platform.url, users.approver2)).ok, true);
      await platform.engine.idle();
      const decided = platform.storage.getItem("decisions", humanId)!;
      assertEquals([decided.status, decided.outcome], ["final", "approved"]);
      assertEquals(
        new Set(decided.decided_by as string[]),
        new Set([users.approver1, users.approver2]),
      );
      const runs = platform.storage.listRuns(100);
      assertEquals(runs.filter((r) => r.status !== "completed").length, 0, "every run finished");
      assertEquals(decided.callback_status, "delivered");
    } finally {
      await platform.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
