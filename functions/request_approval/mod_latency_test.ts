/**
 * The approval step's click and submission handlers under the local platform's latency mode
 * (hosted-like delays on a test clock, `local/latency.ts`), each within Slack's 10 s
 * interactivity budget (the harness fails a handler that runs longer, as Slack would).
 */
import { assertEquals, assertLess } from "@std/assert";
import { APPROVE_ACTION_ID, DENY_ACTION_ID, startApproval, U } from "./_testing.ts";
import { INTERACTIVITY_TIMEOUT_MS } from "../../local/runtime/dispatch.ts";

Deno.test("with hosted-like latency, the deciding approval and a denial each finish within 10 s", async () => {
  const h = await startApproval({}, { latency: true });
  try {
    await h.click(U.alice, APPROVE_ACTION_ID);
    const start = h.platform.clock.now();
    await h.click(U.bob, APPROVE_ACTION_ID);
    // The deciding click makes the most calls (record, vote, tally, completion, message).
    assertLess(h.platform.clock.now() - start, INTERACTIVITY_TIMEOUT_MS);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "approved");
  } finally {
    await h.close();
  }
  const d = await startApproval({}, { latency: true });
  try {
    await d.click(U.bob, DENY_ACTION_ID);
    assertEquals(d.views.length, 1);
    await d.submitDeny(U.bob, "not now");
    assertEquals(d.platform.storage.getExecution(d.executionId)?.outputs?.outcome, "denied");
  } finally {
    await d.close();
  }
});
