import { assertEquals, assertStringIncludes } from "@std/assert";
import { bindingMode, boundAudience, checkAudience, requestDigest, tokenUseId } from "./binding.ts";

Deno.test("requestDigest is the unpadded base64url SHA-256 of the canonical string", async () => {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  assertEquals(await requestDigest("abc"), "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
});

Deno.test("checkAudience: bound, plain per binding mode, another request, foreign", () => {
  const aud = boundAudience("countersign", "D1");
  assertEquals(aud, "countersign/request/D1");
  assertEquals(checkAudience(aud, "countersign", "D1", "request"), { ok: true, bound: true });
  assertEquals(checkAudience(["x", aud], "countersign", "D1", "request"), {
    ok: true,
    bound: true,
  });
  assertEquals(checkAudience("countersign", "countersign", "D1", "single_use"), {
    ok: true,
    bound: false,
  });
  const plain = checkAudience("countersign", "countersign", "D1", "request");
  assertEquals(plain.ok ? "" : plain.code, "oidc_wrong_audience");
  const other = checkAudience(
    boundAudience("countersign", "D2"),
    "countersign",
    "D1",
    "single_use",
  );
  assertEquals(other.ok ? "" : other.code, "oidc_token_replayed");
  const foreign = checkAudience(undefined, "countersign", "D1", "single_use");
  assertEquals(foreign.ok ? "" : foreign.code, "oidc_wrong_audience");
  if (!foreign.ok) assertStringIncludes(foreign.detail, "(none)");
  assertEquals([bindingMode("single_use"), bindingMode("x"), bindingMode(undefined)], [
    "single_use",
    "request",
    "request",
  ]);
});

Deno.test("tokenUseId: keyed by issuer and jti, else by the payload", async () => {
  const a = await tokenUseId("https://i", { jti: "1", x: 1 }, "p1");
  assertEquals(a, await tokenUseId("https://i", { jti: "1", x: 2 }, "p2"));
  assertEquals(a === await tokenUseId("https://j", { jti: "1" }, "p1"), false);
  const noJti = await tokenUseId("https://i", {}, "p1");
  assertEquals(noJti === await tokenUseId("https://i", {}, "p2"), false);
  assertEquals(/^[0-9a-f]{64}$/.test(a), true);
});
