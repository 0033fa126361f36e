import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import type { Platform, PlatformOptions } from "../server.ts";
import { CHANNEL, fire, startFixture } from "../_test_support.ts";

/** A fixture platform whose log lines are kept. */
async function logged(opts: PlatformOptions = {}) {
  const lines: string[] = [];
  const platform = await startFixture({ ...opts, quiet: false, log: (l) => lines.push(l) });
  return { platform, lines };
}

/** One run of the fixture workflow; `mode` tells its maybe_fail step what to do. */
function run(platform: Platform, id: string, n: number, mode?: string) {
  return fire(platform, "Fixture webhook", { id, n, channel: CHANNEL, ...(mode ? { mode } : {}) });
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("a handler that blocks its thread: the Web API still answers, the thread is stopped, the next run works", async () => {
  // Long enough for a fresh thread to import the app (the next run's first step starts one).
  const { platform, lines } = await logged({ functionTimeoutMs: 1000 });
  try {
    const spun = await run(platform, "s", 1, "spin");
    assertEquals(spun.status, "failed");
    assertStringIncludes(spun.error ?? "", 'Cannot finish function "maybe_fail": it ran longer');

    // The handler is still spinning: the platform's own thread is not the one it blocks.
    const res = await fetch(`${platform.webApiUrl}auth.test`, {
      method: "POST",
      headers: { authorization: `Bearer ${platform.botToken}` },
      body: "",
    });
    assertEquals((await res.json()).ok, true);
    assert(!lines.some((l) => l.includes("handler thread stopped")), "not stopped yet");

    // A new run does not queue behind the blocked thread.
    const next = await run(platform, "n", 2);
    assertEquals(next.status, "running", next.error);
    assertEquals(next.step_outputs["0"], { doubled: 4, tags: ["a", "n2"] });
    assertEquals(platform.storage.listMessages(CHANNEL).map((m) => m.text), ["Approve 4?"]);

    await until(
      "the blocked thread to be stopped",
      () =>
        lines.some((l) =>
          l.includes("handler thread stopped: it stayed blocked past the time limit")
        ),
    );
  } finally {
    await platform.close();
  }
});

Deno.test("a handler that only awaits past its limit keeps its thread", async () => {
  const { platform, lines } = await logged({ functionTimeoutMs: 20 });
  try {
    const hung = await run(platform, "h", 1, "hang");
    assertEquals(hung.status, "failed");
    // Past the overdue check and its ping: the thread answered, so it was left running.
    await new Promise((resolve) => setTimeout(resolve, 1400));
    assert(!lines.some((l) => l.includes("handler thread stopped")), lines.join("\n"));
    const next = await run(platform, "n", 3);
    assertEquals(next.step_outputs["0"], { doubled: 6, tags: ["a", "n3"] });
  } finally {
    await platform.close();
  }
});

Deno.test("an uncaught error that ends a handler thread fails its step, not the platform", async () => {
  const { platform, lines } = await logged();
  try {
    const crashed = await run(platform, "c", 1, "crash");
    assertEquals(crashed.status, "failed");
    assertStringIncludes(crashed.error ?? "", "its thread was stopped because it failed");
    assertStringIncludes(crashed.error ?? "", "Cannot go on: crashed outside the handler");
    assert(lines.some((l) => l.includes("handler thread stopped: it failed")), lines.join("\n"));
    const next = await run(platform, "n", 4);
    assertEquals(next.step_outputs["0"], { doubled: 8, tags: ["a", "n4"] });
  } finally {
    await platform.close();
  }
});

Deno.test("handlers run in-process with handlerThreads: 0, with the same results", async () => {
  const platform = await startFixture({ handlerThreads: 0 });
  try {
    const first = await run(platform, "i", 5);
    assertEquals(first.step_outputs["0"], { doubled: 10, tags: ["a", "n5"] });
    const failed = await run(platform, "t", 1, "throw");
    assertStringIncludes(failed.error ?? "", "Cannot continue: asked to throw");
    // The outgoing-domain guard sits where the handlers run: on this thread.
    await assertRejects(() => fetch("http://blocked.invalid/"), Deno.errors.NotCapable);
  } finally {
    await platform.close();
  }
});

Deno.test("with handler threads, the guard is theirs: the platform's own thread fetches freely", async () => {
  const platform = await startFixture();
  try {
    await run(platform, "g", 1);
    const error = await fetch("http://blocked.invalid/").then(() => undefined, (e) => e);
    assert(!(error instanceof Deno.errors.NotCapable), String(error));
  } finally {
    await platform.close();
  }
});
