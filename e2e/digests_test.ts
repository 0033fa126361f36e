/**
 * "What you saw is what you approved", end to end: a signed request naming an artifact is
 * approved in Slack; the final record carries the request digest, the artifact digest and the
 * digest of the message the approver clicked on, and the attestation built from it names them.
 */
import { assertEquals } from "@std/assert";
import { buildStatement, requestSubjectDigest } from "../lib/attest/mod.ts";
import { messageDigest } from "../lib/audit/seen_digest.ts";
import { clickButton, decisionOf, lastMessage, sendRequest, startApp } from "./_app.ts";

const IMAGE = `sha256:${"c0ffee".repeat(10)}abcd`;

Deno.test("the record and the attestation carry the request, artifact and seen digests", async () => {
  const platform = await startApp();
  try {
    const channels = platform.demo!.channels as Record<string, string>;
    const users = platform.demo!.users as Record<string, string>;
    const body = await sendRequest(platform, { artifact_digest: IMAGE });
    const shown = lastMessage(platform, channels.approvals)!;
    await clickButton(platform, channels.approvals, users.approver1, /^countersign_approve$/);
    const record = decisionOf(platform, body.request_id)!;
    assertEquals([record.status, record.outcome], ["final", "approved"]);
    assertEquals(record.artifact_digest, IMAGE);
    assertEquals(record.seen_digests, [messageDigest(shown.blocks)]);

    const statement = buildStatement(record, { appKeyId: "test" });
    assertEquals(statement.subject.map((s) => s.digest), [
      { sha256: (await requestSubjectDigest(body)).slice("sha256:".length) },
      { sha256: IMAGE.slice("sha256:".length) },
    ]);
    assertEquals(statement.predicate.approvers[0].messageDigest, messageDigest(shown.blocks));
  } finally {
    await platform.close();
  }
});

Deno.test("a record whose seen digests do not pair with its deciders is not attested", async () => {
  const platform = await startApp();
  try {
    const channels = platform.demo!.channels as Record<string, string>;
    const users = platform.demo!.users as Record<string, string>;
    const body = await sendRequest(platform);
    await clickButton(platform, channels.approvals, users.approver1, /^countersign_approve$/);
    const record = decisionOf(platform, body.request_id)!;
    const broken = { ...record, seen_digests: ["sha256:" + "0".repeat(63)] };
    let error = "";
    try {
      buildStatement(broken, { appKeyId: "test" });
    } catch (e) {
      error = (e as Error).message;
    }
    assertEquals(
      error,
      `Cannot attest decision ${JSON.stringify(record.id)}: the record's seen_digests do not ` +
        "pair one well-formed digest with each decider",
    );
  } finally {
    await platform.close();
  }
});
