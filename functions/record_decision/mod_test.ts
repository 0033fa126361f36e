import { assertEquals } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform } from "../../local/testing.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { EXTRA_DOMAINS_ENV, SIGNING_KEY_ENV } from "../../lib/config.ts";
import { SIEM_URL_ENV } from "../_shared/siem.ts";
import { generateTestKeyPair } from "../../lib/callback/_test_keys.ts";
import { importSyncPublicKey, verifyText } from "../../lib/audit/ed25519_sync.ts";
import { recordMessage } from "../../lib/audit/canonical.ts";
import { RecordDecisionFunction } from "./definition.ts";
import handler from "./mod.ts";

const { createContext } = SlackFunctionTester(RecordDecisionFunction);

const approved = {
  decision_id: "deploy-bot|r-1",
  verdict: "verified",
  effect: "require_approval",
  approval_outcome: "approved",
  decided_by: ["U0BOB000001", "U0DAVE00001"],
  decided_at: 61_000,
  requested_at: 1_000,
  service_id: "deploy-bot",
  request_id: "r-1",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  reason: "hotfix",
  triggered_by: "carol",
  policy_name: "Production deploys",
  approvals_required: 2,
  message_channel: "C0APPROVALS",
  message_ts: "1.000001",
  has_callback: true,
  callback_url: "https://bot.example.com/cb",
};

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

Deno.test("the final record carries the app's signature over all but its operational marks", async () => {
  const platform = await startTestPlatform();
  try {
    const keys = await generateTestKeyPair();
    const env = { SLACK_API_URL: platform.url, [SIGNING_KEY_ENV]: keys.pkcs8 };
    const result = await handler(createContext({ inputs: approved, env }));
    const item = platform.storage.getItem(Decisions.name, approved.decision_id)!;
    // The notify step gets the record as written, signature included.
    const outputs = (result as { outputs: { record_json: string } }).outputs;
    assertEquals(JSON.parse(outputs.record_json), item);
    const key = await importSyncPublicKey(keys.publicKey);
    assertEquals(item.record_key_id, key.keyId);
    assertEquals(item.record_version, 2);
    const signature = String(item.record_signature);
    assertEquals(verifyText(key, recordMessage(Decisions.name, item), signature), true);
    const altered = { ...item, outcome: "denied" };
    assertEquals(verifyText(key, recordMessage(Decisions.name, altered), signature), false);
  } finally {
    await platform.close();
  }
});

Deno.test("without a signing key the decision is still recorded, unsigned", async () => {
  const platform = await startTestPlatform();
  try {
    const result = await handler(createContext({
      inputs: approved,
      env: { SLACK_API_URL: platform.url, [SIGNING_KEY_ENV]: "" },
    }));
    assertEquals((result as { outputs: Record<string, unknown> }).outputs.outcome, "approved");
    const item = platform.storage.getItem(Decisions.name, approved.decision_id);
    assertEquals(item?.status, "final");
    assertEquals(item?.record_signature, undefined);
  } finally {
    await platform.close();
  }
});

Deno.test("each recorded decision is forwarded, signed, to the SIEM collector", async () => {
  const platform = await startTestPlatform();
  const received: unknown[] = [];
  const collector = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    received.push(await req.json());
    return new Response("", { status: 200 });
  });
  try {
    const keys = await generateTestKeyPair();
    const env = {
      SLACK_API_URL: platform.url,
      [SIGNING_KEY_ENV]: keys.pkcs8,
      [SIEM_URL_ENV]: `http://127.0.0.1:${collector.addr.port}/collect`,
      [EXTRA_DOMAINS_ENV]: "127.0.0.1",
    };
    await handler(createContext({ inputs: approved, env }));
    await handler(createContext({ inputs: approved, env })); // a re-run forwards nothing new
    assertEquals(received.length, 1);
    const sent = received[0] as { datastore: string; record: Record<string, unknown> };
    assertEquals(sent.datastore, "decisions");
    assertEquals(sent.record, platform.storage.getItem(Decisions.name, approved.decision_id));
    const key = await importSyncPublicKey(keys.publicKey);
    const message = recordMessage(Decisions.name, sent.record);
    assertEquals(verifyText(key, message, String(sent.record.record_signature)), true);
  } finally {
    await collector.shutdown();
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

Deno.test("an approver's comment is stored on an approved record, sealed; never on a denial", async () => {
  const platform = await startTestPlatform();
  try {
    const keys = await generateTestKeyPair();
    const env = { SLACK_API_URL: platform.url, [SIGNING_KEY_ENV]: keys.pkcs8 };
    const comment = "U0BOB000001: checked the diff | U0DAVE00001: ok";
    await handler(createContext({ inputs: { ...approved, approver_comment: comment }, env }));
    const item = platform.storage.getItem(Decisions.name, approved.decision_id)!;
    assertEquals(item.approver_comment, comment);
    const key = await importSyncPublicKey(keys.publicKey);
    const signature = String(item.record_signature);
    assertEquals(verifyText(key, recordMessage(Decisions.name, item), signature), true);
    const altered = { ...item, approver_comment: "U0BOB000001: forged" };
    assertEquals(verifyText(key, recordMessage(Decisions.name, altered), signature), false);

    const denied = { ...approved, decision_id: "deploy-bot|r-2", request_id: "r-2" };
    await handler(createContext({
      inputs: { ...denied, approval_outcome: "denied", approver_comment: "stray" },
      env,
    }));
    const other = platform.storage.getItem(Decisions.name, denied.decision_id)!;
    assertEquals(other.outcome, "denied");
    assertEquals(other.approver_comment, undefined);
  } finally {
    await platform.close();
  }
});
