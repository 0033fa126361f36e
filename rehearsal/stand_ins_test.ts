import { assertEquals, assertThrows } from "@std/assert";
import { deepMerge } from "./stand_ins/std_collections.ts";
import { parse as parseJsonc } from "./stand_ins/std_jsonc.ts";
import { createHttpError, HttpError, isHttpError } from "./stand_ins/http_errors.ts";
import { parse as parseFlags } from "./stand_ins/runtime_deps.ts";

Deno.test("deepMerge: records merge, arrays concatenate, other values from the second win", () => {
  assertEquals(
    deepMerge({ a: { x: 1, l: [1] }, b: 1, keep: true }, { a: { y: 2, l: [2] }, b: 2 }),
    { a: { x: 1, y: 2, l: [1, 2] }, b: 2, keep: true },
  );
  const base = { a: { x: 1 } };
  deepMerge(base, { a: { x: 2 } });
  assertEquals(base, { a: { x: 1 } }); // inputs untouched
});

Deno.test("jsonc parse: comments outside strings and trailing commas", () => {
  assertEquals(parseJsonc('{ // c\n "a": "x//y", /* z */ "b": [1,], }'), { a: "x//y", b: [1] });
  assertThrows(() => parseJsonc("{ /* open"), SyntaxError);
});

Deno.test("http errors and runtime flags behave as the std modules they replace", () => {
  const err = createHttpError(429, "rate limited");
  assertEquals([isHttpError(err), err instanceof HttpError, err.status, err.expose], [
    true,
    true,
    429,
    true,
  ]);
  assertEquals(parseFlags(["-p", "8080", "--sdk-slack-dev-domain=dev.slack.com", "x"]), {
    _: ["x"],
    p: "8080",
    "sdk-slack-dev-domain": "dev.slack.com",
  });
});
