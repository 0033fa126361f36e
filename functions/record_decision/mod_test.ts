import { assertEquals } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform } from "../../local/testing.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { RecordDecisionFunction } from "./definition.ts";
import handler from "./mod.ts";
import { approved } from "./_testing.ts";

const { createContext } = SlackFunctionTester(RecordDecisionFunction);

Deno.test("replaces the pending record with the full final record", async () => {
  const platform = await startTestPlatform();
  try {
    platform.storage.putItem(Decisions.name, approved.decision_id, {
      id: approved.decision_id,
      status: "pending",
      approval_execution_id: "Fx1",
      expires_at: 3_601_000,
    });
    const result = await handler(createContext({
      inputs: approved,
      env: { SLACK_API_URL: platform.url },
    }));
    const item = platform.storage.getItem(Decisions.name, approved.decision_id);
    assertEquals(result, {
      outputs: {
        outcome: "approved",
        reason_code: "human_approved",
        decided_at: 61_000,
        record_json: JSON.stringify(item),
        decision_id: approved.decision_id,
        callback_url: "https://bot.example.com/cb",
      },
    });
    assertEquals(item?.status, "final");
    assertEquals(item?.outcome, "approved");
    assertEquals(item?.decided_by, approved.decided_by);
    assertEquals(item?.time_to_decision_ms, 60_000);
    assertEquals(item?.callback_status, "pending");
    assertEquals(item?.approval_execution_id, "Fx1");
    assertEquals(item?.expires_at, 3_601_000);
    assertEquals(item?.policy_name, "Production deploys");
  } finally {
    await platform.close();
  }
});

Deno.test("records each outcome exactly once: a second run changes nothing", async () => {
  const platform = await startTestPlatform();
  try {
    const env = { SLACK_API_URL: platform.url };
    await handler(createContext({ inputs: approved, env }));
    const first = platform.storage.getItem(Decisions.name, approved.decision_id);
    const again = await handler(createContext({
      inputs: { ...approved, approval_outcome: "denied", decided_at: 99_000 },
      env,
    }));
    assertEquals(again, {
      outputs: {
        outcome: "approved",
        reason_code: "human_approved",
        decided_at: 61_000,
        record_json: JSON.stringify(first),
        // Not this run's record: no second callback.
        decision_id: approved.decision_id,
        callback_url: "",
      },
    });
    assertEquals(platform.storage.getItem(Decisions.name, approved.decision_id), first);
    assertEquals(
      platform.storage.listCalls().filter((c) => c.method === "apps.datastore.put").length,
      1,
    );
  } finally {
    await platform.close();
  }
});

// A duplicate copy (`replayed`) and a copy overloaded before it won the owner election
// (`overloaded_unclaimed`, maybe a duplicate too) may not touch the request's record.
for (
  const [outcome, code] of [
    ["replayed", "replayed_request"],
    ["overloaded_unclaimed", "overloaded"],
  ]
) {
  Deno.test(`a copy whose approval outcome is ${outcome} is recorded under its own id, never the request's`, async () => {
    const platform = await startTestPlatform();
    try {
      const env = { SLACK_API_URL: platform.url };
      platform.storage.putItem(Decisions.name, approved.decision_id, {
        id: approved.decision_id,
        status: "pending",
        approval_execution_id: "Fx1",
      });
      const ctx = createContext({
        inputs: { ...approved, approval_outcome: outcome, callback_url: "https://x.example" },
        env,
      });
      const result = await handler(ctx) as { outputs: Record<string, unknown> };
      const id = `rejected|${ctx.event.function_execution_id}`;
      const item = platform.storage.getItem(Decisions.name, id);
      assertEquals([result.outputs.decision_id, result.outputs.callback_url], [id, ""]);
      assertEquals([item?.outcome, item?.reason_code, item?.callback_status], [
        "rejected",
        code,
        "skipped",
      ]);
      assertEquals(item?.request_id, "r-1");
      // The owner's pending record is untouched.
      assertEquals(
        platform.storage.getItem(Decisions.name, approved.decision_id)?.status,
        "pending",
      );
    } finally {
      await platform.close();
    }
  });
}

Deno.test("a rejected request is recorded with its code and no callback", async () => {
  const platform = await startTestPlatform();
  try {
    const result = await handler(createContext({
      inputs: {
        decision_id: "rejected|Fx9",
        verdict: "rejected",
        reason_code: "bad_signature",
        reason_detail: "Cannot verify request: signature does not match",
        has_callback: false,
      },
      env: { SLACK_API_URL: platform.url },
    }));
    assertEquals((result as { outputs: Record<string, unknown> }).outputs.outcome, "rejected");
    const item = platform.storage.getItem(Decisions.name, "rejected|Fx9");
    assertEquals(item?.reason_code, "bad_signature");
    assertEquals(item?.reason_detail, "Cannot verify request: signature does not match");
    assertEquals(item?.callback_status, "skipped");
  } finally {
    await platform.close();
  }
});

Deno.test("auto decisions are recorded without deciders", async () => {
  const platform = await startTestPlatform();
  try {
    const env = { SLACK_API_URL: platform.url };
    for (const [effect, outcome] of [["auto_approve", "auto_approved"], ["deny", "auto_denied"]]) {
      const id = `svc|${effect}`;
      await handler(
        createContext({ inputs: { decision_id: id, verdict: "verified", effect }, env }),
      );
      const item = platform.storage.getItem(Decisions.name, id);
      assertEquals(item?.outcome, outcome);
      assertEquals(item?.decided_by, []);
    }
  } finally {
    await platform.close();
  }
});
Deno.test("a pending record a closer noted is left to that closer: no write, no callback URL", async () => {
  const platform = await startTestPlatform();
  try {
    const noted = {
      id: approved.decision_id,
      status: "pending",
      outcome: "rejected",
      reason_code: "service_disabled",
      reason_detail: 'Cannot approve: bot "deploy-bot" was disabled',
      closed_by: "U0ALICE0001",
      decided_at: 70_000,
    };
    platform.storage.putItem(Decisions.name, approved.decision_id, noted);
    const result = await handler(createContext({
      inputs: { ...approved, approval_outcome: "rejected" },
      env: { SLACK_API_URL: platform.url },
    })) as { outputs: Record<string, unknown> };
    assertEquals(result.outputs.outcome, "rejected");
    assertEquals(result.outputs.reason_code, "service_disabled");
    assertEquals(result.outputs.callback_url, "");
    assertEquals(platform.storage.getItem(Decisions.name, approved.decision_id), noted);
  } finally {
    await platform.close();
  }
});

Deno.test("an overloaded approval step is recorded as rejected/overloaded with its detail and called back", async () => {
  const platform = await startTestPlatform();
  try {
    const detail = "Slack rate-limited chat.postMessage for longer than this step's time budget; " +
      "retry after 60 s with a new request_id";
    const result = await handler(createContext({
      inputs: {
        ...approved,
        approval_outcome: "overloaded",
        decided_by: [],
        denial_reason: detail,
      },
      env: { SLACK_API_URL: platform.url },
    })) as { outputs: Record<string, unknown> };
    const item = platform.storage.getItem(Decisions.name, approved.decision_id)!;
    assertEquals([item.outcome, item.reason_code, item.reason_detail], [
      "rejected",
      "overloaded",
      detail,
    ]);
    assertEquals(item.denial_reason, undefined);
    assertEquals(result.outputs.callback_url, approved.callback_url);
  } finally {
    await platform.close();
  }
});
