import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { verifySignature } from "../lib/contract/mod.ts";
import { cli, keygenJson, REQUEST, withFlag, withTempDir } from "./_testing.ts";

Deno.test("sign --print output verifies with the public key from keygen", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const res = await cli("sign", "--print", "--key", path, ...REQUEST, "--request-id", "req-1");
    assertEquals(res.code, 0, res.stderr);
    const body = JSON.parse(res.stdout);
    assertEquals(body.request_id, "req-1");
    assertEquals(body.conditions, "ci_status=passed&tests=a%26b");
    assertEquals(body.reason, "Release 152 <!channel>");
    assertMatch(body.timestamp, /^\d{10}$/);
    assertEquals(await verifySignature(body, public_key), true);
    // Any change to a signed field breaks the signature.
    assertEquals(await verifySignature({ ...body, environment: "staging" }, public_key), false);
  });
});

Deno.test("sign without --request-id uses a fresh UUID each time", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const a = JSON.parse((await cli("sign", "--key", path, ...REQUEST)).stdout);
    const b = JSON.parse((await cli("sign", "--key", path, ...REQUEST)).stdout);
    assertMatch(a.request_id, /^[0-9a-f-]{36}$/);
    assert(a.request_id !== b.request_id);
  });
});

Deno.test("missing or bad flags exit 1 with a specific message and no stack", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const noReason = REQUEST.slice(0, 10); // everything up to --environment
    const missing = await cli("sign", "--key", path, ...noReason);
    assertEquals(missing.code, 1);
    assertEquals(missing.stderr.trim(), "error: Cannot build request: --reason is required");
    assertEquals(missing.stdout, "");

    const twice = await cli("sign", "--key", path, ...REQUEST, "--action", "deploy");
    assertEquals(twice.code, 1);
    assertEquals(twice.stderr.trim(), 'error: Cannot parse arguments: "--action" is given twice');

    const badAction = await cli("sign", "--key", path, ...withFlag("action", "rm -rf"));
    assertEquals(badAction.code, 1);
    assertMatch(badAction.stderr, /^error: Cannot build request: field "action" .*malformed_field/);

    const malformed = await cli("sign", "--key", path, ...withFlag("service", "a b"));
    assertEquals(malformed.code, 1);
    assertMatch(
      malformed.stderr,
      /^error: Cannot build request: field "service_id" .*malformed_field/,
    );

    const noKey = await cli("sign", "--key", join(dir, "nope.key"), ...REQUEST);
    assertEquals(
      noKey.stderr.trim(),
      `error: Cannot read key file "${join(dir, "nope.key")}": no such file`,
    );

    const unknown = await cli("sign", "--colour", "red");
    assertEquals(unknown.stderr.trim(), 'error: Cannot parse arguments: unknown flag "--colour"');

    const debug = await cli("sign", "--debug", "--key", path);
    assertEquals(debug.code, 1);
    assertStringIncludes(debug.stderr, "error: Cannot build request: --service is required");
    assertStringIncludes(debug.stderr, "at buildRequest");
  });
});

Deno.test("sign --break-glass signs the justification into the request", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const res = await cli("sign", "--key", path, ...REQUEST, "--break-glass", "INC-42: DB down");
    assertEquals(res.code, 0, res.stderr);
    const body = JSON.parse(res.stdout);
    assertEquals(body.break_glass, "INC-42: DB down");
    assertEquals(await verifySignature(body, public_key), true);
    assertEquals(await verifySignature({ ...body, break_glass: "other" }, public_key), false);
    const blank = await cli("sign", "--key", path, ...REQUEST, "--break-glass", "  ");
    assertEquals(blank.code, 1);
    assertStringIncludes(blank.stderr, 'field "break_glass" must say why');
  });
});
