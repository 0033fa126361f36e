/**
 * Issue #11: `apps.datastore.query` is a scan that may miss a write made a moment before. The
 * vote tally must count the vote just written whatever the query returns. The handlers run
 * against the real local Web API behind a proxy whose queries do not see recent writes.
 */
import { assertEquals } from "@std/assert";
import { Decisions } from "../../datastores/decisions.ts";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
import { staleQueryProxy } from "./_stale_query.ts";
import { APPROVE_ACTION_ID, startApproval, U } from "./_testing.ts";

Deno.test("a tally counts the vote just written even when the query does not return it yet", async () => {
  let proxy: ReturnType<typeof staleQueryProxy> | undefined;
  const h = await startApproval({ approvals_required: 2 }, {
    apiUrl: (url) => (proxy = staleQueryProxy(url)).url,
  });
  try {
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.dave), ["Your approval is recorded (1 of 2)."]);
    // Dave's vote is old news by now; Alice's, written by her click, is not.
    proxy!.settle();
    await h.click(U.alice, APPROVE_ACTION_ID);
    assertEquals(proxy!.hidden.at(-1), `${ApprovalVotes.name}|deploy-bot|r-1|${U.alice}`);
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals([record?.outcome, record?.decided_by], ["approved", [U.dave, U.alice]]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "completed");
  } finally {
    await h.close();
    await proxy?.close();
  }
});

Deno.test("the stale query proxy hides recent writes until settled (the test's own check)", async () => {
  let proxy: ReturnType<typeof staleQueryProxy> | undefined;
  const h = await startApproval({ approvals_required: 3 }, {
    apiUrl: (url) => (proxy = staleQueryProxy(url)).url,
  });
  try {
    await h.click(U.dave, APPROVE_ACTION_ID);
    // The query missed dave's own vote; the tally still counted it.
    assertEquals(proxy!.hidden, [`${ApprovalVotes.name}|deploy-bot|r-1|${U.dave}`]);
    assertEquals(h.ephemerals(U.dave), ["Your approval is recorded (1 of 3)."]);
    proxy!.settle();
    await h.click(U.alice, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.alice), ["Your approval is recorded (2 of 3)."]);
  } finally {
    await h.close();
    await proxy?.close();
  }
});

Deno.test("on the platform's eventually consistent queries, an N-of-M request still settles", async () => {
  // The platform's own staleness (local/web_api/stale_reads.ts) on an injected clock: a query
  // misses every vote written in the last second.
  let now = 1_800_000_000_000;
  const h = await startApproval({ approvals_required: 2 }, {
    platform: { now: () => now, eventualConsistencyMs: 1000 },
  });
  try {
    await h.click(U.dave, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.dave), ["Your approval is recorded (1 of 2)."]);
    now += 1000; // dave's vote has settled; alice's, about to be written, will not have
    await h.click(U.alice, APPROVE_ACTION_ID);
    const record = h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1");
    assertEquals([record?.outcome, record?.decided_by], ["approved", [U.dave, U.alice]]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "completed");
  } finally {
    await h.close();
  }
});
