import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { canonicalString } from "./canonical.ts";
import { signedRequest, verifySignature } from "./signature.ts";
import { validateRequest } from "./validate.ts";
import { sampleRequest, TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY } from "./_testing.ts";

Deno.test("break_glass: absent or empty, the canonical string is exactly as before", () => {
  const request = sampleRequest(1_700_000_000_000);
  assertEquals(canonicalString({ ...request, break_glass: "" }), canonicalString(request));
});

Deno.test("break_glass: when present it is the last signed line, and the signature covers it", async () => {
  const request = { ...sampleRequest(), break_glass: "DB down, restoring from backup" };
  assert(canonicalString(request).endsWith("\nbreak_glass=DB down, restoring from backup\n"));
  const signed = await signedRequest(request, TEST_PRIVATE_KEY_PEM);
  assert(await verifySignature(signed, TEST_PUBLIC_KEY));
  // Added in between, changed or stripped: the signature no longer matches.
  const plain = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  assert(!await verifySignature({ ...plain, break_glass: "because" }, TEST_PUBLIC_KEY));
  assert(!await verifySignature({ ...signed, break_glass: "other" }, TEST_PUBLIC_KEY));
  const { break_glass: _gone, ...stripped } = signed;
  assert(!await verifySignature(stripped, TEST_PUBLIC_KEY));
});

Deno.test("break_glass: validated like a reason, with specific rejections", async () => {
  const base = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  const ok = validateRequest({ ...base, break_glass: "Outage INC-7 🔥" });
  assert(ok.ok);
  assertEquals(ok.request.break_glass, "Outage INC-7 🔥");
  const none = validateRequest({ ...base, break_glass: "" });
  assert(none.ok);
  assertEquals(none.request.break_glass, undefined);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ break_glass: "   " }, "malformed_field", "must say why"],
    [{ break_glass: "x".repeat(1001) }, "field_too_long", "limit is 1000"],
    [{ break_glass: "a\u202Eb" }, "malformed_field", "bidirectional"],
    [{ break_glass: true }, "malformed_field", "must be a JSON string"],
    [{ break_glass: "now", withdraw: "run-1" }, "malformed_field", "cannot break glass"],
  ];
  for (const [change, code, why] of cases) {
    const result = validateRequest({ ...base, ...change });
    assertEquals(result.ok, false, JSON.stringify(change));
    if (!result.ok) {
      assertEquals([result.code, result.field], [code, "break_glass"]);
      assertStringIncludes(result.detail, why);
    }
  }
});
