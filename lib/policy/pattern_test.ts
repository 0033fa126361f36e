import { assertEquals, assertStringIncludes } from "@std/assert";
import { matchesAny, matchPattern, validatePattern } from "./pattern.ts";

Deno.test("matchPattern: literals, * and ?", () => {
  const cases: [string, string, boolean][] = [
    ["deploy", "deploy", true],
    ["deploy", "deploys", false],
    ["deploy", "Deploy", false],
    ["*", "", true],
    ["*", "anything at all", true],
    ["ci-*", "ci-bot", true],
    ["ci-*", "ci-", true],
    ["ci-*", "cd-bot", false],
    ["*-bot", "ci-bot", true],
    ["*-bot", "ci-bots", false],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["prod?", "prod1", true],
    ["prod?", "prod", false],
    ["prod?", "prod12", false],
    ["?", "🚀", true],
    ["api-server#*", "api-server#152", true],
    ["*.example.com", "evil.com", false],
    ["a*a*a*a*a*a*b", "a".repeat(2000), false],
    ["", "", true],
    ["", "x", false],
  ];
  for (const [pattern, value, expected] of cases) {
    assertEquals(matchPattern(pattern, value), expected, `${pattern} ~ ${value.slice(0, 20)}`);
  }
});

Deno.test("validatePattern names the specific problem", () => {
  assertEquals(validatePattern("ci-*"), { ok: true });
  assertEquals(validatePattern("*"), { ok: true });
  const cases: [string, string][] = [
    ["", "it is empty"],
    ["x".repeat(257), "longer than 256"],
    ["a\tb", "control character (U+0009)"],
    ["a\u202eb", "bidirectional"],
    [" prod", "whitespace"],
    ["prod ", "whitespace"],
  ];
  for (const [pattern, why] of cases) {
    const result = validatePattern(pattern);
    assertEquals(result.ok, false, pattern);
    if (!result.ok) {
      assertStringIncludes(result.error, "Cannot use pattern");
      assertStringIncludes(result.error, why);
    }
  }
});

Deno.test("matchesAny ignores invalid entries and treats an empty list as no match", () => {
  assertEquals(matchesAny(["build", "deploy"], "deploy"), true);
  assertEquals(matchesAny([], "deploy"), false);
  assertEquals(matchesAny(undefined, "deploy"), false);
  assertEquals(matchesAny(["", " deploy", 7], "deploy"), false);
});
