import { assertEquals, assertStringIncludes } from "@std/assert";
import type { FunctionModule } from "./app.ts";
import { dispatchInteraction, findHandler, interpretResult, withTimeout } from "./dispatch.ts";

Deno.test("handler results are read like deno-slack-runtime reads them", () => {
  assertEquals(interpretResult({ outputs: { a: 1 } }), { kind: "completed", outputs: { a: 1 } });
  assertEquals(interpretResult({}), { kind: "completed", outputs: {} });
  assertEquals(interpretResult({ completed: false }), { kind: "suspended" });
  assertEquals(interpretResult({ error: "nope", outputs: { a: 1 } }), {
    kind: "failed",
    error: "nope",
  });
  const nothing = interpretResult(undefined);
  assertEquals(nothing.kind, "failed");
  assertStringIncludes(nothing.kind === "failed" ? nothing.error : "", "returned nothing");
});

function unhandled(): never {
  const error = new Error("no route");
  error.name = "UnhandledEventError";
  throw error;
}

Deno.test("handlers are found on the module or on its default export", () => {
  const direct = () => "direct";
  const nested = Object.assign(() => ({}), { blockActions: () => "nested" });
  assertEquals(findHandler({ blockActions: direct }, "blockActions"), direct);
  assertEquals(findHandler({ default: nested }, "blockActions")?.({}), "nested");
  assertEquals(findHandler({}, "viewSubmission"), undefined);
});

Deno.test("an unmatched route goes to unhandledEvent without the action, else is reported", async () => {
  const seen: Record<string, unknown>[] = [];
  const module: FunctionModule = {
    blockActions: unhandled,
    unhandledEvent: (args: Record<string, unknown>) => {
      seen.push(args);
      return { handled: true };
    },
  };
  const result = await dispatchInteraction(module, "blockActions", { body: 1, action: 2 }, 1000);
  assertEquals(result, { status: "handled", response: { handled: true } });
  assertEquals(seen, [{ body: 1 }]);

  const bare = await dispatchInteraction({ blockActions: unhandled }, "blockActions", {}, 1000);
  assertEquals(bare.status, "unhandled");
  const missing = await dispatchInteraction({}, "viewClosed", {}, 1000);
  assertEquals(missing.status, "unhandled");
});

Deno.test("a throwing or hanging interactivity handler is reported, never thrown", async () => {
  const thrown = await dispatchInteraction(
    {
      viewSubmission: () => {
        throw new Error("boom");
      },
    },
    "viewSubmission",
    {},
    1000,
  );
  assertEquals(thrown.status === "error" ? thrown.error.message : "", "boom");
  const hung = await dispatchInteraction(
    { viewSubmission: () => new Promise(() => {}) },
    "viewSubmission",
    {},
    1,
  );
  assertStringIncludes(hung.status === "error" ? hung.error.message : "", "ran longer than");
});

Deno.test("withTimeout passes results through and clears its timer", async () => {
  assertEquals(await withTimeout(Promise.resolve(3), 10_000, "x"), 3);
});
