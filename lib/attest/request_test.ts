import { assertEquals, assertRejects } from "@std/assert";
import { SAMPLE_REQUEST, sampleRecord } from "./_testing.ts";
import { checkedRequestDigest, requestSubjectDigest } from "./request.ts";

Deno.test("the digest of the request a record decided is its request digest", async () => {
  const record = await sampleRecord();
  const signed = { ...SAMPLE_REQUEST, signature: "x".repeat(86) + "==" };
  assertEquals(await checkedRequestDigest(record, signed), record.request_digest);
});

Deno.test("a request that differs from the record in any stored field is refused", async () => {
  const record = await sampleRecord();
  for (const field of ["service_id", "action", "resource", "environment", "conditions"] as const) {
    const other = { ...SAMPLE_REQUEST, [field]: `${SAMPLE_REQUEST[field]}x` };
    await assertRejects(
      () => checkedRequestDigest(record, other),
      Error,
      `the given request is not the one decided: its ${field} is`,
    );
  }
});

Deno.test("a request timestamp outside the window around requested_at is refused", async () => {
  const record = await sampleRecord();
  const late = { ...SAMPLE_REQUEST, timestamp: String(1_700_000_000 + 3600) };
  await assertRejects(
    () => checkedRequestDigest(record, late),
    Error,
    "is not within the accepted",
  );
  await assertRejects(() => checkedRequestDigest(record, [1]), Error, "is not a JSON object");
  await assertRejects(
    () => checkedRequestDigest(record, { ...SAMPLE_REQUEST, reason: 5 }),
    Error,
    "the given request's reason is not a string",
  );
});

Deno.test("the subject digest of a request is sha256 of its canonical string, in hex", async () => {
  const { createHash } = await import("node:crypto");
  const { canonicalString } = await import("../contract/mod.ts");
  const expected = createHash("sha256").update(canonicalString(SAMPLE_REQUEST)).digest("hex");
  assertEquals(
    await requestSubjectDigest({ ...SAMPLE_REQUEST, signature: "ignored" }),
    `sha256:${expected}`,
  );
  await assertRejects(
    () => requestSubjectDigest({ ...SAMPLE_REQUEST, reason: "two\nlines" }),
    Error,
    "Cannot compute request digest: Cannot build canonical string",
  );
});
