import { assertEquals, assertRejects } from "@std/assert";
import { sign } from "./mod.ts";
import { TEST_PRIVATE_KEY_PEM } from "../lib/contract/_testing.ts";
import { canonicalString } from "../lib/contract/canonical.ts";

const identity = { serviceId: "ci-bot", keyId: "k1", privateKey: TEST_PRIVATE_KEY_PEM };
const fields = { action: "deploy", resource: "ghcr.io/acme/api", environment: "prod", reason: "r" };

Deno.test("sdk: an artifact digest is signed with the request; a malformed one is refused", async () => {
  const digest = `sha256:${"ab".repeat(32)}`;
  const request = await sign(identity, { ...fields, artifact_digest: digest });
  assertEquals(request.artifact_digest, digest);
  assertEquals(canonicalString(request).endsWith(`artifact_digest=${digest}\n`), true);
  await assertRejects(
    () => sign(identity, { ...fields, artifact_digest: "latest" }),
    Error,
    'Cannot sign request: Cannot accept field "artifact_digest": value "latest"',
  );
});
