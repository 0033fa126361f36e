import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { canonicalString } from "./canonical.ts";
import { validateRequest } from "./validate.ts";
import { signedRequest, verifySignature } from "./mod.ts";
import { importPublicKey } from "../keys/ed25519.ts";
import { TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY } from "./_testing.ts";
import type { UnsignedRequest } from "./fields.ts";

const base: UnsignedRequest = {
  service_id: "ci-bot",
  key_id: "k1",
  request_id: "r-1",
  timestamp: "1700000000",
  action: "deploy",
  resource: "ghcr.io/acme/api",
  environment: "production",
  reason: "release",
  triggered_by: "",
  source_system: "",
  source_url: "",
  conditions: "",
};
const SHA256 = `sha256:${"3f".repeat(32)}`;

Deno.test("artifact_digest is signed only when present: other canonical strings are unchanged", () => {
  const without = canonicalString(base);
  assertEquals(without.includes("artifact_digest"), false);
  assertEquals(canonicalString({ ...base, artifact_digest: "" }), without);
  assertEquals(
    canonicalString({ ...base, artifact_digest: SHA256 }),
    `${without}artifact_digest=${SHA256}\n`,
  );
});

Deno.test("artifact_digest is validated with a specific, quoting rejection", async () => {
  const ok = validateRequest({
    ...(await signedRequest(base, TEST_PRIVATE_KEY_PEM)),
    artifact_digest: SHA256,
  });
  assert(ok.ok);
  assertEquals(ok.request.artifact_digest, SHA256);
  assert(validateRequest({ ...ok.request, artifact_digest: `sha512:${"ab".repeat(64)}` }).ok);
  for (
    const bad of [
      `sha256:${"3F".repeat(32)}`,
      `sha256:${"3f".repeat(31)}`,
      `md5:${"3f".repeat(16)}`,
      `sha256-${"3f".repeat(32)}`,
      "latest",
    ]
  ) {
    const result = validateRequest({ ...ok.request, artifact_digest: bad });
    assert(!result.ok, bad);
    assertEquals([result.code, result.field], ["malformed_field", "artifact_digest"]);
    assertStringIncludes(
      result.detail,
      `Cannot accept field "artifact_digest": value "${bad.slice(0, 20)}`,
    );
  }
  const number = validateRequest({ ...ok.request, artifact_digest: 5 as unknown as string });
  assert(!number.ok && number.detail.includes("must be a JSON string"));
});

Deno.test("the signature covers artifact_digest", async () => {
  const key = (await importPublicKey(TEST_PUBLIC_KEY)).key;
  const signed = await signedRequest({ ...base, artifact_digest: SHA256 }, TEST_PRIVATE_KEY_PEM);
  assert(await verifySignature(signed, key));
  const swapped = { ...signed, artifact_digest: `sha256:${"40".repeat(32)}` };
  assertEquals(await verifySignature(swapped, key), false);
  const dropped = { ...signed, artifact_digest: "" };
  assertEquals(await verifySignature(dropped, key), false);
});
