/**
 * `deno task start` (`local/main.ts` with this app and its `demo/plugin.ts`) as a user runs it:
 * a child process per test (kept few: each loads the SDK).
 */
import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { platformCommand, spawnPlatform } from "../local/_testing.ts";

Deno.test("a non-loopback host is refused with an error line and a non-zero exit", async () => {
  const out = await platformCommand(["--host", "0.0.0.0", "--port", "0"], "null").output();
  assertEquals(out.code, 1);
  const stderr = new TextDecoder().decode(out.stderr);
  assertMatch(stderr, /^error: Cannot listen on "0\.0\.0\.0": not a loopback address/);
  assertEquals(stderr.includes("    at "), false, "no stack trace without --debug");
});

// Another app whose bare specifier ("sdk") exists only in its own import map.
const OTHER_APP: Record<string, string> = {
  "import_map.json": JSON.stringify({ imports: { "sdk": "npm:@slack/deno-slack-sdk@2.15.1" } }),
  "manifest.ts": `import { DefineFunction, DefineWorkflow, Manifest, Schema } from "sdk";
export const Hello = DefineFunction({
  callback_id: "hello", title: "Hello", description: "Greets", source_file: "hello.ts",
  input_parameters: { properties: { name: { type: Schema.types.string } }, required: [] },
  output_parameters: { properties: { greeting: { type: Schema.types.string } }, required: [] },
});
export const Greet = DefineWorkflow({
  callback_id: "greet", title: "Greet",
  input_parameters: { properties: { name: { type: Schema.types.string } }, required: [] },
});
Greet.addStep(Hello, { name: Greet.inputs.name });
export default Manifest({
  name: "Other", description: "Another app", icon: "icon.png",
  functions: [Hello], workflows: [Greet], botScopes: ["chat:write"],
});
`,
  "hello.ts": `import { SlackFunction } from "sdk";
import { Hello } from "./manifest.ts";
export default SlackFunction(Hello, ({ inputs }) => ({ outputs: { greeting: "hello " + inputs.name } }));
`,
  "triggers/greet.ts": `export default {
  type: "webhook", name: "Greet", workflow: "#/workflows/greet",
  inputs: { name: { value: "{{data.name}}" } },
};
`,
};

Deno.test("--app with --import-map runs another app with its own map", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-other-app-" });
  let process: Deno.ChildProcess | undefined;
  try {
    await Deno.mkdir(join(dir, "app", "triggers"), { recursive: true });
    for (const [name, text] of Object.entries(OTHER_APP)) {
      await Deno.writeTextFile(join(dir, "app", name), text);
    }
    const started = await spawnPlatform([
      "--port=0",
      `--data=${join(dir, "data")}`,
      `--app=${join(dir, "app")}`,
      `--import-map=${join(dir, "app", "import_map.json")}`,
    ]);
    process = started.process;
    const printed = started.printed;
    assertStringIncludes(printed, "Other is running on the local platform");
    const webhook = /Webhook:\s+(\S+)/.exec(printed)?.[1] ?? "";
    const res = await fetch(webhook, { method: "POST", body: JSON.stringify({ name: "Ada" }) });
    assertEquals(await res.json(), { ok: true });
    const base = new URL(webhook).origin;
    let run: Record<string, unknown> = {};
    // The run finishes asynchronously; poll its state (bounded, no timing assertion).
    for (let i = 0; i < 200 && run.status !== "completed"; i++) {
      const { runs } = await (await fetch(`${base}/_local/runs`)).json();
      run = runs[0] ?? {};
      if (run.status !== "completed") await new Promise((r) => setTimeout(r, 50));
    }
    assertEquals(run.status, "completed");
    assertEquals((run.step_outputs as Record<string, unknown>)["0"], { greeting: "hello Ada" });
    process.kill("SIGTERM");
    const status = await process.status;
    assertEquals(status.code, 0);
    process = undefined;
  } finally {
    if (process) {
      process.kill("SIGKILL");
      await process.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a port in use is a clear error", async () => {
  const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { port } = blocker.addr as Deno.NetAddr;
    const dir = await Deno.makeTempDir({ prefix: "countersign-port-" });
    try {
      const out = await platformCommand(["--port", String(port), "--data", dir], "null").output();
      assertEquals(out.code, 1);
      assertMatch(
        new TextDecoder().decode(out.stderr),
        /^error: Cannot start platform: listening on 127\.0\.0\.1:\d+ failed: it is in use/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  } finally {
    blocker.close();
  }
});

/** Starts `deno task start`'s entry point and reads its start-up lines. */
async function startMain(args: string[]) {
  const { process, printed, webhook } = await spawnPlatform(args);
  return { process, printed, webhook, base: webhook ? new URL(webhook).origin : "" };
}

async function pollJson<T>(url: string, until: (value: T) => boolean): Promise<T> {
  let value = await (await fetch(url)).json() as T;
  // Bounded polling for asynchronous work; the assertion is on the state, not on the time.
  for (let i = 0; i < 300 && !until(value); i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await (await fetch(url)).json() as T;
  }
  return value;
}

Deno.test("a pending approval survives a hard kill: after a restart the click still decides it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-kill-" });
  const children: Deno.ChildProcess[] = [];
  try {
    const { signedRequest } = await import("../lib/contract/mod.ts");
    const first = await startMain(["--port=0", `--data=${dir}`]);
    children.push(first.process);
    const key = await Deno.readTextFile(join(dir, "demo-ci.key"));
    const body = await signedRequest({
      service_id: "demo-ci",
      key_id: "demo-ci-1",
      request_id: "kill-1",
      timestamp: String(Math.floor(Date.now() / 1000)),
      action: "deploy",
      resource: "api-server#152",
      environment: "production",
      reason: "Survive a kill",
      triggered_by: "U0ENG00001",
      source_system: "test",
      source_url: "",
      conditions: "",
    }, key);
    const res = await fetch(first.webhook, { method: "POST", body: JSON.stringify(body) });
    assertEquals(await res.json(), { ok: true });
    const state = await (await fetch(`${first.base}/_local/state`)).json();
    const approvals = state.channels.find((c: { name: string }) => c.name === "approvals").id;
    const messagesUrl = `${first.base}/_local/messages?channel=${approvals}`;
    const { messages } = await pollJson<{ messages: { ts: string; blocks?: unknown[] }[] }>(
      messagesUrl,
      (v) => v.messages.some((m) => m.blocks),
    );
    const asked = messages.find((m) => m.blocks)!;
    // "Mid-approval" means the approval step is waiting for humans, not that its handler is still
    // writing: kill only once the step is suspended (a handler killed mid-run fails, as on Slack).
    await pollJson<{ runs: { steps: { status: string }[] }[] }>(
      `${first.base}/_local/runs`,
      (v) => v.runs[0]?.steps?.some((step) => step.status === "waiting") ?? false,
    );
    first.process.kill("SIGKILL");
    await first.process.status;

    const second = await startMain(["--port=0", `--data=${dir}`]);
    children.push(second.process);
    const blocks = asked.blocks as {
      type: string;
      block_id: string;
      elements: { action_id: string }[];
    }[];
    const actions = blocks.find((b) => b.type === "actions")!;
    const clicked = await fetch(`${second.base}/_local/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user: "U0APPR0001",
        channel: approvals,
        message_ts: asked.ts,
        action_id: actions.elements.find((e) => /approve/.test(e.action_id))!.action_id,
        block_id: actions.block_id,
      }),
    });
    assertEquals((await clicked.json()).ok, true);
    const { runs } = await pollJson<{ runs: { status: string }[] }>(
      `${second.base}/_local/runs`,
      (v) => v.runs[0]?.status === "completed",
    );
    assertEquals(runs[0].status, "completed");
    const { items } = await (await fetch(`${second.base}/_local/datastores/decisions`)).json();
    const decision = items.find((d: { request_id: string }) => d.request_id === "kill-1");
    assertEquals([decision.outcome, decision.decided_by], ["approved", ["U0APPR0001"]]);
    second.process.kill("SIGTERM");
    assertEquals((await second.process.status).code, 0);
  } finally {
    for (const child of children) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already exited
      }
      await child.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});
