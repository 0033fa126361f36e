import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { CHANNEL, fire, startFixture } from "../_test_support.ts";

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("a handler that blocks its thread: the Web API still answers, the thread is stopped, the next run works", async () => {
  const lines: string[] = [];
  // Long enough for a fresh thread to import the app (the next run's first step starts one).
  const platform = await startFixture({
    functionTimeoutMs: 1000,
    quiet: false,
    log: (line) => lines.push(line),
  });
  try {
    const spun = await fire(platform, "Fixture webhook", {
      id: "s",
      n: 1,
      mode: "spin",
      channel: CHANNEL,
    });
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
    const next = await fire(platform, "Fixture webhook", { id: "n", n: 2, channel: CHANNEL });
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
  const lines: string[] = [];
  const platform = await startFixture({
    functionTimeoutMs: 20,
    quiet: false,
    log: (line) => lines.push(line),
  });
  try {
    const hung = await fire(platform, "Fixture webhook", {
      id: "h",
      n: 1,
      mode: "hang",
      channel: CHANNEL,
    });
    assertEquals(hung.status, "failed");
    // Past the overdue check and its ping: the thread answered, so it was left running.
    await new Promise((resolve) => setTimeout(resolve, 1400));
    assert(!lines.some((l) => l.includes("handler thread stopped")), lines.join("\n"));
    const next = await fire(platform, "Fixture webhook", { id: "n", n: 3, channel: CHANNEL });
    assertEquals(next.step_outputs["0"], { doubled: 6, tags: ["a", "n3"] });
  } finally {
    await platform.close();
  }
});

Deno.test("an uncaught error that ends a handler thread fails its step, not the platform", async () => {
  const lines: string[] = [];
  const platform = await startFixture({ quiet: false, log: (line) => lines.push(line) });
  try {
    const crashed = await fire(platform, "Fixture webhook", {
      id: "c",
      n: 1,
      mode: "crash",
      channel: CHANNEL,
    });
    assertEquals(crashed.status, "failed");
    assertStringIncludes(crashed.error ?? "", "its thread was stopped because it failed");
    assertStringIncludes(crashed.error ?? "", "Cannot go on: crashed outside the handler");
    assert(lines.some((l) => l.includes("handler thread stopped: it failed")), lines.join("\n"));
    const next = await fire(platform, "Fixture webhook", { id: "n", n: 4, channel: CHANNEL });
    assertEquals(next.step_outputs["0"], { doubled: 8, tags: ["a", "n4"] });
  } finally {
    await platform.close();
  }
});

Deno.test("handlers run in-process with handlerThreads: 0, with the same results", async () => {
  const platform = await startFixture({ handlerThreads: 0 });
  try {
    const run = await fire(platform, "Fixture webhook", { id: "i", n: 5, channel: CHANNEL });
    assertEquals(run.step_outputs["0"], { doubled: 10, tags: ["a", "n5"] });
    const failed = await fire(platform, "Fixture webhook", {
      id: "t",
      n: 1,
      mode: "throw",
      channel: CHANNEL,
    });
    assertStringIncludes(failed.error ?? "", "Cannot continue: asked to throw");
  } finally {
    await platform.close();
  }
});
