import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { canonicalString } from "./canonical.ts";
import { signedRequest, verifySignature } from "./signature.ts";
import { validateRequest } from "./validate.ts";
import { sampleRequest, TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY } from "./_testing.ts";

Deno.test("withdraw: absent or empty, the canonical string is exactly as before", () => {
  const request = sampleRequest(1_700_000_000_000);
  const before = canonicalString(request);
  assertEquals(canonicalString({ ...request, withdraw: "" }), before);
  assert(!before.includes("withdraw="));
});

Deno.test("withdraw: when present it is the last signed line", () => {
  const request = { ...sampleRequest(1_700_000_000_000), withdraw: "run-4242.0" };
  const text = canonicalString(request);
  assert(text.endsWith("\nconditions=ci_status=passed&tests=green\nwithdraw=run-4242.0\n"));
});

Deno.test("withdraw: the signature covers it (added, removed or changed, it fails)", async () => {
  const plain = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  // A signed request turned into a withdraw by someone in between is refused …
  assert(!await verifySignature({ ...plain, withdraw: "other" }, TEST_PUBLIC_KEY));
  const withdraw = await signedRequest(
    { ...sampleRequest(), withdraw: "run-4242.0" },
    TEST_PRIVATE_KEY_PEM,
  );
  assert(await verifySignature(withdraw, TEST_PUBLIC_KEY));
  // … and so is a withdraw retargeted or stripped of its target.
  assert(!await verifySignature({ ...withdraw, withdraw: "run-9" }, TEST_PUBLIC_KEY));
  const { withdraw: _gone, ...stripped } = withdraw;
  assert(!await verifySignature(stripped, TEST_PUBLIC_KEY));
});

Deno.test("withdraw: validated like a request_id, with a specific rejection", async () => {
  const base = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  const ok = validateRequest({ ...base, withdraw: "run-4242.0" });
  assert(ok.ok);
  assertEquals(ok.request.withdraw, "run-4242.0");
  const none = validateRequest({ ...base });
  assert(none.ok && none.request.withdraw === undefined);
  for (
    const [value, code] of [
      ["a b", "malformed_field"],
      ["x\ny", "malformed_field"],
      ["r".repeat(129), "field_too_long"],
      [42, "malformed_field"],
    ] as const
  ) {
    const bad = validateRequest({ ...base, withdraw: value });
    assert(!bad.ok, `withdraw ${JSON.stringify(value)} is refused`);
    assertEquals([bad.code, bad.field], [code, "withdraw"]);
    assertStringIncludes(bad.detail, 'Cannot accept field "withdraw"');
  }
});
