import { assertEquals, assertThrows } from "@std/assert";
import { parseEnv } from "./env.ts";

Deno.test("env files hold KEY=VALUE lines with comments, blanks and quotes", () => {
  assertEquals(
    parseEnv('# app env\nA=1\n\n B = two words \nC="quoted=value"\nD=\n', "env"),
    { A: "1", B: "two words", C: "quoted=value", D: "" },
  );
});

Deno.test("a line that is not KEY=VALUE is an error naming the file and line", () => {
  assertThrows(() => parseEnv("A=1\njust text\n", "/d/env"), Error, '"/d/env": line 2');
  assertThrows(() => parseEnv("1A=x", "env"), Error, "line 1");
});
