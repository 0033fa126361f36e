/**
 * Hostile webhook bodies through the whole system: the real local platform's webhook, the
 * unchanged workflow and functions, SQLite. Each generated request is checked on its own: the
 * webhook answers, and an accepted request ends with exactly one decision record that has an
 * outcome and a reason (or, when it waits for a human, one pending record and an approval
 * message whose caller text is inert). Nothing may crash, fail a run, or reject unhandled.
 */
import fc from "fast-check";
import { assert, assertEquals, assertExists } from "@std/assert";
import { REQUEST_FIELDS, SIGNED_FIELDS, type UnsignedRequest } from "../lib/contract/mod.ts";
import type { Platform } from "../local/server.ts";
import { hostileText } from "./_arbitraries.ts";
import {
  allRuns,
  demoAllowed,
  demoFields,
  demoKey,
  LONG,
  mrkdwnTexts,
  postRaw,
  proofPlatform,
  recordOfRun,
  sign,
  unexpectedTokens,
  webhookUrl,
} from "./_testing.ts";

type Mutation =
  | { kind: "resign"; field: keyof UnsignedRequest; text: string }
  | { kind: "tamper"; field: string; text: string }
  | { kind: "skew"; seconds: number }
  | { kind: "drop"; field: string }
  | { kind: "wrong_type"; field: string; value: unknown }
  | { kind: "nested" }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "replay" };

const CALLER_TEXT = [
  "reason",
  "resource",
  "action",
  "environment",
  "source_system",
  "source_url",
  "triggered_by",
  "conditions",
  "request_id",
] as const;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("resign" as const),
      field: fc.constantFrom(...CALLER_TEXT),
      text: hostileText(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("tamper" as const),
      field: fc.constantFrom(...SIGNED_FIELDS, "signature"),
      text: hostileText(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("skew" as const),
      seconds: fc.integer({ min: -7200, max: 7200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("drop" as const),
      field: fc.constantFrom(...REQUEST_FIELDS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("wrong_type" as const),
      field: fc.constantFrom(...REQUEST_FIELDS),
      value: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("nested" as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("bytes" as const),
      bytes: fc.uint8Array({ maxLength: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replay" as const) }) },
);

/** Builds the body for one generated case. */
async function bodyFor(
  platform: Platform,
  key: string,
  path: "auto" | "human",
  m: Mutation,
  previous: string | undefined,
): Promise<string | Uint8Array> {
  if (m.kind === "replay" && previous) return previous;
  if (m.kind === "bytes") return m.bytes;
  const fields = demoFields(platform, path);
  if (m.kind === "resign") {
    // A bot cannot sign text the canonical string refuses (line breaks): send it unsigned then.
    const changed = { ...fields, [m.field]: m.text };
    const signed = await sign(changed, key).catch(async () => ({
      ...await sign(fields, key),
      [m.field]: m.text,
    }));
    return JSON.stringify(signed);
  }
  if (m.kind === "skew") {
    const timestamp = String(Number(fields.timestamp) + m.seconds);
    return JSON.stringify(await sign({ ...fields, timestamp }, key));
  }
  const signed: Record<string, unknown> = await sign(fields, key);
  if (m.kind === "tamper") signed[m.field] = m.text;
  if (m.kind === "drop") delete signed[m.field];
  if (m.kind === "wrong_type") signed[m.field] = m.value;
  if (m.kind === "nested") signed.conditions = { ci_status: "passed" };
  return JSON.stringify(signed);
}

/** Checks the one run a just-accepted request started; returns its outcome for statistics. */
function checkRun(platform: Platform, runsBefore: number): string {
  const runs = allRuns(platform);
  assertEquals(runs.length, runsBefore + 1, "exactly one run per accepted request");
  const run = runs.at(-1)!;
  assert(run.status !== "failed", `run failed: ${run.error}`);
  const record = recordOfRun(platform, run);
  assertExists(record, "the run recorded a decision");
  if (run.status === "completed") {
    assertEquals(record.status, "final");
    assert(typeof record.outcome === "string" && record.outcome !== "", "an outcome");
    assert(typeof record.reason_code === "string" && record.reason_code !== "", "a reason");
    if (record.outcome === "rejected") {
      assert(String(record.reason_detail ?? "").startsWith("Cannot "), "a rejection explains why");
    }
    return String(record.outcome);
  }
  // Waiting for a human: one pending record and an approval message with inert caller text.
  assertEquals(record.status, "pending");
  const message = platform.storage.getMessage(
    String(record.message_channel),
    String(record.message_ts),
  );
  assertExists(message, "the approval message exists");
  const inputs = run.inputs as Record<string, string>;
  const allowed = demoAllowed(platform, inputs.triggered_by ?? "", inputs.source_url ?? "");
  for (const text of [...mrkdwnTexts(message.blocks ?? []), message.text]) {
    assertEquals(unexpectedTokens(text, allowed), [], text);
  }
  return "pending";
}

Deno.test("fuzz HTTP: every hostile webhook request ends with exactly one recorded outcome", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: PromiseRejectionEvent) => {
    unhandled.push(e.reason);
    e.preventDefault();
  };
  globalThis.addEventListener("unhandledrejection", onUnhandled);
  const platform = await proofPlatform();
  const outcomes: Record<string, number> = {};
  try {
    const url = webhookUrl(platform);
    const key = await demoKey(platform);
    let previous: string | undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("auto" as const, "human" as const),
        mutation,
        async (path, m) => {
          const body = await bodyFor(platform, key, path, m, previous);
          if (typeof body === "string") previous = body;
          const before = allRuns(platform).length;
          const answer = await postRaw(url, body);
          await platform.engine.idle();
          if (answer.status === 200) {
            const outcome = checkRun(platform, before);
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          } else {
            // Refused by the webhook itself (Slack's own checks): nothing ran, nothing to record.
            assert([400, 413].includes(answer.status), `${answer.status} ${answer.text}`);
            assertEquals(allRuns(platform).length, before, "a refused body starts no run");
            outcomes[`http_${answer.status}`] = (outcomes[`http_${answer.status}`] ?? 0) + 1;
          }
        },
      ),
      { numRuns: LONG ? 3000 : 400 },
    );
  } finally {
    await platform.close();
    globalThis.removeEventListener("unhandledrejection", onUnhandled);
  }
  assertEquals(unhandled, [], "no unhandled rejection");
  // The generator reached both ends: accepted requests and rejections.
  assert(
    (outcomes.rejected ?? 0) > 0 && (outcomes.auto_approved ?? 0) + (outcomes.pending ?? 0) > 0,
    JSON.stringify(outcomes),
  );
});
