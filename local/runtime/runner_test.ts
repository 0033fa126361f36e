import { assertEquals, assertStringIncludes } from "@std/assert";
import type { FunctionModule } from "./app.ts";
import type { LimitTimer } from "./dispatch.ts";
import { type FunctionEnvelope, handlerArgs, inProcessRunner } from "./runner.ts";

const context = { bot_access_token: "xwfp-ctx", team_id: "T1", variables: { A: "1" } };

function envelope(body: Record<string, unknown>): FunctionEnvelope {
  return { body, context };
}

Deno.test("handler arguments are built from the envelope as deno-slack-runtime builds them", () => {
  const executed = envelope({
    type: "event_callback",
    event: { type: "function_executed", inputs: { x: 1 }, bot_access_token: "xwfp-event" },
  });
  const args = handlerArgs(executed);
  assertEquals(
    [args.token, args.inputs, args.env, args.team_id, args.enterprise_id],
    ["xwfp-event", { x: 1 }, { A: "1" }, "T1", ""],
  );
  assertEquals(args.event, executed.body.event);
  const click = handlerArgs(envelope({
    type: "block_actions",
    actions: [{ action_id: "a" }],
    function_data: { inputs: { y: 2 } },
  }));
  assertEquals([click.action, click.inputs, click.token], [
    { action_id: "a" },
    { y: 2 },
    "xwfp-ctx",
  ]);
  const view = handlerArgs(envelope({ type: "view_submission", view: { id: "V1" } }));
  assertEquals(view.view, { id: "V1" });
});

Deno.test("the in-process runner dispatches by event type and owns the time limit", async () => {
  const module: FunctionModule = {
    default: Object.assign(() => ({ outputs: { ok: true } }), {
      blockActions: () => new Promise(() => {}),
    }),
  };
  const limits: string[] = [];
  // Elapses at once, and only for the click: no wall clock involved.
  const timer: LimitTimer = (ms, name) => {
    limits.push(`${name} ${ms}`);
    return {
      elapsed: name === "blockActions" ? Promise.resolve() : new Promise(() => {}),
      cancel: () => {},
    };
  };
  const runner = inProcessRunner(() => Promise.resolve(module), timer);
  const done = await runner.run({
    callbackId: "f",
    envelope: envelope({ type: "event_callback", event: { type: "function_executed" } }),
    limitMs: 60_000,
  });
  assertEquals(done, { status: "handled", response: { outputs: { ok: true } } });
  const hung = await runner.run({
    callbackId: "f",
    envelope: envelope({ type: "block_actions", actions: [{}] }),
    limitMs: 10_000,
  });
  assertStringIncludes(
    hung.status === "error" ? hung.error.message : "",
    "Cannot finish blockActions: it ran longer than 10 s",
  );
  assertEquals(limits, ['function "f" 60000', "blockActions 10000"]);
  const closed = await runner.run({
    callbackId: "f",
    envelope: envelope({ type: "view_closed", view: {} }),
    limitMs: 10_000,
  });
  assertEquals(closed.status, "unhandled");
});

Deno.test("a module that fails to load is an error result, not a throw", async () => {
  const runner = inProcessRunner(() => Promise.reject(new Error('Cannot load function "f"')));
  const result = await runner.run({
    callbackId: "f",
    envelope: envelope({ type: "event_callback", event: { type: "function_executed" } }),
    limitMs: 1000,
  });
  assertEquals(result.status === "error" ? result.error.message : "", 'Cannot load function "f"');
});

Deno.test("at most `concurrency` handlers run at once; the rest start as others finish", async () => {
  let running = 0, most = 0;
  const release: (() => void)[] = [];
  const module: FunctionModule = {
    default: async () => {
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return {};
    },
  };
  const never: LimitTimer = () => ({ elapsed: new Promise(() => {}), cancel: () => {} });
  const runner = inProcessRunner(() => Promise.resolve(module), never, 2);
  const body = { type: "event_callback", event: { type: "function_executed" } };
  const runs = Array.from(
    { length: 5 },
    () => runner.run({ callbackId: "f", envelope: envelope(body), limitMs: 1 }),
  );
  for (let finished = 0; finished < 5; finished++) {
    while (release.length === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    release.shift()!();
  }
  assertEquals((await Promise.all(runs)).map((r) => r.status), Array(5).fill("handled"));
  assertEquals(most, 2);
});
