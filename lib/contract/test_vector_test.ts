/**
 * Checks the worked example in docs/request_contract.md: the values and shell commands are read
 * from the markdown itself, so the document cannot drift from the code.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { normalizePublicKey, publicKeyOfPrivateKey, publicKeyPem } from "../keys/ed25519.ts";
import { canonicalString } from "./canonical.ts";
import { FIELD_SPECS, REQUEST_FIELDS } from "./fields.ts";
import { ReasonCode } from "./reason_codes.ts";
import { signRequest, verifySignature } from "./signature.ts";
import { validateRequest } from "./validate.ts";

const DOC_URL = new URL("../../docs/request_contract.md", import.meta.url);
const doc = await Deno.readTextFile(DOC_URL);

/** Fenced blocks tagged `vector:<name>` in their info string, by name. */
function vectorBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/^```\w+ vector:(\w+)\n([\s\S]*?)^```$/gm)) {
    assert(!blocks.has(match[1]), `duplicate vector block ${match[1]}`);
    blocks.set(match[1], match[2]);
  }
  return blocks;
}

const blocks = vectorBlocks(doc);
function block(name: string): string {
  const text = blocks.get(name);
  assert(text !== undefined, `docs/request_contract.md has no "vector:${name}" block`);
  return text;
}

const privateKeyPem = block("private_key");
const publicKeyRaw = block("public_key_raw").trim();
const body = JSON.parse(block("body")) as Record<string, string>;
const signature = block("signature").trim();

Deno.test("test vector: the documented keys belong together in every format", async () => {
  assertEquals(await publicKeyOfPrivateKey(privateKeyPem), publicKeyRaw);
  assertEquals(normalizePublicKey(block("public_key_pem")), publicKeyRaw);
  assertEquals(publicKeyPem(publicKeyRaw), block("public_key_pem"));
});

Deno.test("test vector: the body is valid and its canonical string is the documented one", () => {
  const result = validateRequest(body);
  assert(result.ok, result.ok ? "" : result.detail);
  assertEquals(canonicalString(result.request), block("canonical"));
  assertEquals(Object.keys(body), [...REQUEST_FIELDS]);
});

Deno.test("test vector: signing gives exactly the documented signature, which verifies", async () => {
  const { signature: bodySignature, ...unsigned } = body;
  assertEquals(bodySignature, signature);
  assertEquals(
    await signRequest(unsigned as Parameters<typeof signRequest>[0], privateKeyPem),
    signature,
  );
  const request = validateRequest(body);
  assert(request.ok);
  assertEquals(await verifySignature(request.request, publicKeyRaw), true);
  assertEquals(await verifySignature(request.request, block("public_key_pem")), true);
});

Deno.test("the document lists every reason code and every field limit", () => {
  // Markdown table rows as trimmed cells (deno fmt pads the columns).
  const rows = doc.split("\n").filter((line) => line.startsWith("|"))
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
  const codes = new Set(rows.map((cells) => cells[2]));
  for (const code of Object.values(ReasonCode)) {
    assert(codes.has(`\`${code}\``), `reason code ${code} is not in the table`);
  }
  for (const field of REQUEST_FIELDS) {
    const spec = FIELD_SPECS[field];
    const row = rows.find((cells) => cells[0] === `\`${field}\``);
    assert(row, `no table row for ${field}`);
    assertEquals(row[1], spec.required ? "required" : "optional", field);
    assertEquals(row[2], `${spec.maxLength} ${spec.unit}`, field);
  }
});

async function which(command: string): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("which", { args: [command], stdout: "null" })
      .output();
    return success;
  } catch {
    return false;
  }
}

/** Runs a documented shell snippet with a clean environment in `cwd`; returns stdout. */
async function sh(script: string, cwd: string): Promise<string> {
  const output = await new Deno.Command("sh", {
    args: ["-euc", script],
    cwd,
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", LC_ALL: "C.UTF-8" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert(output.success, `shell snippet failed: ${stderr}\n--- script ---\n${script}`);
  return new TextDecoder().decode(output.stdout);
}

const hasOpenssl = await which("openssl");
if (!hasOpenssl) {
  console.log("SKIPPED: openssl is not installed; the documented openssl commands were not run");
}

Deno.test({
  name: "documented openssl commands reproduce the test vector",
  ignore: !hasOpenssl,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "countersign_vector_" });
    try {
      await Deno.writeTextFile(`${dir}/bot_key.pem`, privateKeyPem);
      await sh(block("pubout"), dir);
      assertEquals(await Deno.readTextFile(`${dir}/bot_pub.pem`), block("public_key_pem"));
      assertEquals(await Deno.readTextFile(`${dir}/bot_pub.raw`), publicKeyRaw);

      const script = block("env") + block("sign");
      assertEquals((await sh(script, dir)).trim(), signature);
      assertEquals(await Deno.readTextFile(`${dir}/canonical.txt`), block("canonical"));

      const verified = await sh(script + block("verify"), dir);
      assertStringIncludes(verified, "Signature Verified Successfully");

      await sh(script + block("body_sh"), dir);
      assertEquals(JSON.parse(await Deno.readTextFile(`${dir}/body.json`)), body);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a key made with the documented keygen signs requests Countersign accepts",
  ignore: !hasOpenssl,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "countersign_keygen_" });
    try {
      await sh(block("keygen") + block("pubout"), dir);
      const mode = (await Deno.stat(`${dir}/bot_key.pem`)).mode ?? 0;
      assertEquals(mode & 0o777, 0o600);
      const raw = await Deno.readTextFile(`${dir}/bot_pub.raw`);
      const now = String(Math.floor(Date.now() / 1000));
      // The documented env block with a fresh timestamp and id: the real-request recipe.
      const env = block("env")
        .replace(/^TIMESTAMP=.*$/m, `TIMESTAMP='${now}'`)
        .replace(/^REQUEST_ID=.*$/m, "REQUEST_ID='fresh-1'")
        // Quotes and a backslash: the documented JSON escaping must carry them intact.
        .replace(/^REASON=.*$/m, `REASON='Say "hi" \\ ship it – ok'`);
      await sh(env + block("sign") + block("body_sh"), dir);
      const sent = JSON.parse(await Deno.readTextFile(`${dir}/body.json`));
      assertEquals(sent.reason, 'Say "hi" \\ ship it – ok');
      const request = validateRequest(sent);
      assert(request.ok, request.ok ? "" : request.detail);
      assertEquals(await verifySignature(request.request, raw), true);
      assertEquals(await verifySignature(request.request, publicKeyRaw), false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
