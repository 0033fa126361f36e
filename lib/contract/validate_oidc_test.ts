import { assertEquals, assertStringIncludes } from "@std/assert";
import { sampleRequest } from "./_testing.ts";
import { canonicalString } from "./canonical.ts";
import { validateRequest } from "./validate.ts";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

function keyless(extra: Record<string, unknown> = {}) {
  return { ...sampleRequest(), key_id: "", oidc_token: TOKEN, ...extra };
}

Deno.test("validate: an OIDC token makes key_id and signature optional", () => {
  const result = validateRequest(keyless());
  assertEquals(result.ok, true);
  if (!result.ok) return;
  assertEquals([result.request.key_id, result.request.signature], ["", ""]);
  assertEquals(result.request.oidc_token, TOKEN);
  // The token is a credential: the canonical string does not contain it.
  assertEquals(canonicalString(result.request).includes(TOKEN), false);
  assertStringIncludes(canonicalString(result.request), "\nkey_id=\n");
});

Deno.test("validate: with a token and a signature, key_id is still required", () => {
  const result = validateRequest(keyless({ signature: "A".repeat(86) + "==" }));
  assertEquals(result.ok ? "" : result.code, "missing_field");
  assertEquals(result.ok ? "" : result.field, "key_id");
});

Deno.test("validate: without a token the Ed25519 fields stay required", () => {
  const { oidc_token: _, ...plain } = keyless();
  const result = validateRequest(plain);
  assertEquals(result.ok ? "" : result.field, "key_id");
  assertEquals(validateRequest({ ...plain, oidc_token: "" }).ok, false);
});

Deno.test("validate: a malformed or oversized token is refused without being echoed", () => {
  for (
    const [token, code] of [
      ["not a jwt", "malformed_field"],
      ["a.b", "malformed_field"],
      ["a.b.c.d", "malformed_field"],
      [42, "malformed_field"],
      ["a." + "b".repeat(8200) + ".c", "field_too_long"],
    ] as const
  ) {
    const result = validateRequest(keyless({ oidc_token: token }));
    assertEquals(result.ok ? "" : result.code, code, String(token).slice(0, 20));
    assertEquals(result.ok ? "" : result.field, "oidc_token");
    if (!result.ok && typeof token === "string" && token.length < 100) {
      assertEquals(result.detail.includes(token), false);
    }
  }
});
