/** The decision record is sealed by the app key and forwarded, sealed, to the SIEM collector. */
import { assertEquals } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform } from "../../local/testing.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { EXTRA_DOMAINS_ENV, SIGNING_KEY_ENV } from "../../lib/config.ts";
import { SIEM_URL_ENV } from "../_shared/siem.ts";
import { generateTestKeyPair } from "../../lib/callback/_testing.ts";
import { importSyncPublicKey, verifyText } from "../../lib/audit/ed25519_sync.ts";
import { recordMessage } from "../../lib/audit/canonical.ts";
import { RecordDecisionFunction } from "./definition.ts";
import handler from "./mod.ts";
import { approved } from "./_testing.ts";

const { createContext } = SlackFunctionTester(RecordDecisionFunction);

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
