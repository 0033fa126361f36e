/**
 * Handlers run in the platform's process are confined as Slack confines a function: fetches to
 * exactly the manifest's outgoing domains (and the platform), no `Deno.env`, no file writes —
 * when the function runs and when a click reaches it; code outside handlers is not confined.
 */
import { assertEquals } from "@std/assert";
import { join } from "node:path";
import { ALICE, CHANNEL, click, fire, startFixture } from "../_testing.ts";
import {
  contextConfinement,
  currentConfinement,
  installConfinementGuards,
  runConfined,
} from "./confine.ts";

async function escapeRun(relax = {}) {
  const dir = await Deno.makeTempDir({ prefix: "confine_test_" });
  const path = join(dir, "escaped.txt");
  const platform = await startFixture({ relax });
  return { platform, dir, path };
}

Deno.test("a function cannot reach a subdomain, the host's env or the disk, run or clicked", async () => {
  const { platform, dir, path } = await escapeRun();
  try {
    // The fixture's outgoing_domains: ["example.com"]; a subdomain is not covered (Slack's
    // --allow-net of the exact host).
    const run = await fire(platform, "Escape webhook", {
      channel: CHANNEL,
      url: "https://api.example.com/hook",
      path,
    });
    assertEquals(run.status, "running", run.error);
    const denied = {
      fetch: "NotCapable",
      env: "NotCapable",
      env_object: "NotCapable",
      write: "NotCapable",
      write_sync: "NotCapable",
    };
    assertEquals(JSON.parse(platform.storage.listMessages(CHANNEL).at(-1)!.text), denied);
    assertEquals(await click(platform, ALICE, "again"), { ok: true, response: {} });
    const done = platform.storage.getRun(run.id)!;
    assertEquals(done.status, "completed", done.error);
    assertEquals(JSON.parse(String(done.step_outputs["0"].on_click)), denied);
    assertEquals(await exists(path), false, "nothing was written");
    // Outside handlers (this test, the platform) nothing is confined.
    assertEquals(typeof Deno.env.get("PATH"), "string");
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a function's first import does not leave its confinement behind (next test)", () => {
  // The test above imported the escape function's module for the first time; Deno would carry
  // the context of an import made inside a handler into this test.
  assertEquals(contextConfinement(), undefined);
});

Deno.test("the exact listed host passes the guard (then fails offline, not for permission)", async () => {
  const { platform, dir, path } = await escapeRun({ hostEnv: true, fileWrites: true });
  try {
    const run = await fire(platform, "Escape webhook", {
      channel: CHANNEL,
      url: "https://example.com./hook", // the same host, as Deno's --allow-net sees it
      path,
    });
    const result = JSON.parse(platform.storage.listMessages(CHANNEL).at(-1)!.text);
    assertEquals(run.status, "running", run.error);
    assertEquals(result.fetch === "NotCapable", false, `fetch ended with ${result.fetch}`);
    // The relax flags give the host's env and the disk back.
    assertEquals([result.env, result.env_object, result.write], ["ok", "ok", "ok"]);
    assertEquals(await Deno.readTextFile(path), "escaped");
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("confinement follows a handler's async work and nothing else", async () => {
  const confinement = { hosts: new Set<string>(), denyEnv: true, denyWrites: true };
  const release = installConfinementGuards(confinement);
  try {
    const seen = await runConfined(confinement, async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return currentConfinement();
    });
    assertEquals(seen, confinement);
    assertEquals(currentConfinement(), undefined);
    const refused = await runConfined(
      confinement,
      () => Promise.resolve().then(() => Deno.env.get("PATH")).then(() => "read", (e) => e.name),
    );
    assertEquals(refused, "NotCapable");
    // Opening for reading stays allowed, as on Slack.
    const read = await runConfined(confinement, async () => {
      const file = await Deno.open(new URL(import.meta.url).pathname);
      file.close();
      return "read";
    });
    assertEquals(read, "read");
  } finally {
    release();
  }
  assertEquals(Deno.env.get("PATH") !== undefined, true, "the guards are gone");
  const closed = await runConfined(confinement, () => Promise.resolve(currentConfinement()));
  assertEquals(closed, undefined, "a released confinement no longer counts");
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
