import { assert, assertEquals } from "@std/assert";
import { buildCallbackPayload, importSigningKey, signCallback } from "../lib/callback/mod.ts";
import { cli, keygenJson, ROOT, withTempDir } from "./_testing.ts";

Deno.test("receive prints verified callbacks and flags forged ones", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const pkcs8 = (await cli("pubkey", "--key", path, "--pkcs8")).stdout.trim();
    const key = await importSigningKey(pkcs8);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--import-map=import_map.local.json",
        "-A",
        "cli/main.ts",
        "receive",
        "--port",
        "0",
        "--public-key",
        public_key,
        "--service",
        "ci-bot",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const nextLine = async () => {
      while (!buffer.includes("\n")) {
        const { value, done } = await lines.read();
        if (done) throw new Error("receiver exited");
        buffer += value;
      }
      const i = buffer.indexOf("\n");
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      return line;
    };
    try {
      const port = (await nextLine()).match(/127\.0\.0\.1:(\d+)/)?.[1];
      assert(port);
      const body = JSON.stringify(buildCallbackPayload({
        decision_id: "ci-bot|r1",
        request_id: "r1",
        service_id: "ci-bot",
        outcome: "approved",
        decided_by: ["U0APPR0001"],
      }, Date.now()));
      const headers = await signCallback(key, body, Date.now(), "ci-bot");
      const url = `http://127.0.0.1:${port}/`;
      const ok = await fetch(url, { method: "POST", headers, body });
      assertEquals(ok.status, 200);
      await ok.body?.cancel();
      assertEquals(await nextLine(), "verified approved ci-bot/r1 by U0APPR0001");
      const forged = await fetch(url, {
        method: "POST",
        headers,
        body: body.replace("approved", "denied"),
      });
      assertEquals(forged.status, 401);
      await forged.body?.cancel();
      assertEquals(
        await nextLine(),
        "NOT VERIFIED denied ci-bot/r1 by U0APPR0001: Cannot verify callback: signature does not match",
      );
    } finally {
      child.kill();
      await lines.cancel();
      await child.status;
    }
  });
});
