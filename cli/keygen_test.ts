import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { importSigningKey } from "../lib/callback/mod.ts";
import { cli, keygenJson, withTempDir } from "./_testing.ts";

Deno.test("keygen writes a 0600 PEM key and prints its public key and a registration snippet", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "bot.key");
    const res = await cli("keygen", "--out", path, "--service", "ci-bot");
    assertEquals(res.code, 0, res.stderr);
    const pem = await Deno.readTextFile(path);
    assertMatch(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert(!res.stdout.includes(pem.split("\n")[1]), "the private key must never be printed");
    const raw = res.stdout.match(/raw base64[^\n]*\n([A-Za-z0-9+/=]{44})\n/)?.[1];
    assert(raw, res.stdout);
    assertStringIncludes(res.stdout, "-----BEGIN PUBLIC KEY-----");
    const snippet = res.stdout.match(/slack datastore put --datastore services '(.*)'/)?.[1];
    assert(snippet, res.stdout);
    const item = JSON.parse(snippet).item;
    assertEquals(item.id, "ci-bot");
    assertEquals(item.public_keys, [{ key_id: "ci-bot-1", public_key: raw }]);
    // pubkey derives the same public key from the file.
    const pub = await cli("pubkey", "--key", path);
    assertEquals(pub.stdout.trim(), raw);
  });
});

Deno.test("keygen refuses to overwrite an existing key file", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const before = await Deno.readTextFile(path);
    const res = await cli("keygen", "--out", path);
    assertEquals(res.code, 1);
    assertEquals(
      res.stderr.trim(),
      `error: Cannot write key file "${path}": the file exists (pass --force to replace it)`,
    );
    assertEquals(await Deno.readTextFile(path), before);
  });
});

Deno.test("pubkey --pkcs8 prints the key in the COUNTERSIGN_SIGNING_KEY form", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const res = await cli("pubkey", "--key", path, "--pkcs8");
    assertEquals(res.code, 0, res.stderr);
    const key = await importSigningKey(res.stdout.trim());
    assertEquals(key.publicKey, public_key);
  });
});
