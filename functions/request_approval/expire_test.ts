import { assertEquals, assertStringIncludes } from "@std/assert";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../../datastores/decisions.ts";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import { expireDecision, isDue } from "./expire.ts";
import { APPROVE_ACTION_ID, startApproval, U } from "./_testing.ts";

Deno.test("isDue only for pending records past their limit with an execution id", () => {
  const base: DecisionRecord = {
    id: "d",
    status: "pending",
    approval_execution_id: "Fx1",
    expires_at: 100,
  };
  assertEquals(isDue(base, 101), true);
  assertEquals(isDue(base, 100), false);
  assertEquals(isDue({ ...base, status: "final" }, 101), false);
  assertEquals(isDue({ ...base, outcome: "approved" }, 101), false);
  assertEquals(isDue({ ...base, approval_execution_id: undefined }, 101), false);
});

Deno.test("a sweep expires a due approval once and replaces the buttons", async () => {
  const h = await startApproval();
  try {
    const client = SlackAPI(h.platform.token, { slackApiUrl: h.platform.url });
    const record = h.platform.storage.getItem(
      Decisions.name,
      "deploy-bot|r-1",
    ) as unknown as DecisionRecord;
    assertEquals(await expireDecision(client, record, record.expires_at! - 1), "not_due");
    assertEquals(h.platform.storage.getExecution(h.executionId)?.status, "running");

    const later = record.expires_at! + 1;
    assertEquals(await expireDecision(client, record, later), "expired");
    const execution = h.platform.storage.getExecution(h.executionId);
    assertEquals(execution?.outputs?.outcome, "expired");
    assertEquals(execution?.outputs?.decided_by, []);
    assertStringIncludes(JSON.stringify(h.message()?.blocks), "*Expired*");
    assertEquals(h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")?.outcome, "expired");

    // A second sweep with the stale record, and a late click, cannot decide again.
    assertEquals(await expireDecision(client, record, later), "already_decided");
    await h.click(U.bob, APPROVE_ACTION_ID);
    assertEquals(h.ephemerals(U.bob), ["This request was already decided."]);
    assertEquals(h.platform.storage.getExecution(h.executionId)?.outputs?.outcome, "expired");
  } finally {
    await h.close();
  }
});
