/**
 * The SDK on Node: bundled into one ES module (`deno task sdk:bundle`), it signs a request the
 * contract verifies and verifies a real callback, under Node's own fetch and Web Crypto.
 */
import { assertEquals } from "@std/assert";
import { join } from "node:path";
import { verifySignature } from "../lib/contract/mod.ts";
import { generateKeyPair } from "../lib/keys/ed25519.ts";
import { appKey } from "../relay/_testing.ts";

const ROOT = new URL("..", import.meta.url).pathname;

Deno.test("sdk: the bundle signs and verifies on Node", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_sdk_node_" });
  try {
    const bundle = join(dir, "countersign-sdk.mjs");
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "sdk/mod.ts", "-o", bundle],
      cwd: ROOT,
    }).output();
    assertEquals(built.code, 0, new TextDecoder().decode(built.stderr));
    const bot = await generateKeyPair();
    const app = await appKey();
    const callback = await app.callback("svc", "r1", "denied", { denial_reason: "No" });
    const script = join(dir, "check.mjs");
    await Deno.writeTextFile(
      script,
      `import { sign, verifyCallback } from ${JSON.stringify(bundle)};
const input = JSON.parse(process.argv[2]);
const request = await sign({ serviceId: "svc", keyId: "k1", privateKey: input.pem },
  { action: "deploy", resource: "api", environment: "production", reason: "node" });
const checked = await verifyCallback(input.app, input.cb.headers, input.cb.body, { service: "svc" });
console.log(JSON.stringify({ request, outcome: checked.ok && checked.payload.denial_reason }));
`,
    );
    const input = JSON.stringify({ pem: bot.privateKeyPem, app: app.publicKey, cb: callback });
    const ran = await new Deno.Command("node", { args: [script, input] }).output();
    assertEquals(ran.code, 0, new TextDecoder().decode(ran.stderr));
    const out = JSON.parse(new TextDecoder().decode(ran.stdout));
    assertEquals(out.outcome, "No");
    assertEquals(await verifySignature(out.request, bot.publicKeyRaw), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
