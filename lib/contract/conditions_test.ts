import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { formatConditions, parseConditions } from "./conditions.ts";

function parsed(text: string): Record<string, string> {
  const result = parseConditions(text);
  assert(result.ok, result.ok ? "" : result.error);
  return Object.fromEntries(result.conditions);
}

Deno.test("parseConditions reads pairs, percent-decoding keys and values", () => {
  assertEquals(parsed(""), {});
  assertEquals(parsed("ci_status=passed&tests=green"), { ci_status: "passed", tests: "green" });
  assertEquals(parsed("msg=a%26b%3Dc&empty="), { msg: "a&b=c", empty: "" });
  assertEquals(parsed("plus=a+b"), { plus: "a+b" });
  assertEquals(parsed("k=%F0%9F%9A%80"), { k: "🚀" });
  assertEquals(parsed("ci%5Fstatus=ok"), { ci_status: "ok" });
});

Deno.test("parseConditions refuses ambiguous or hostile input with a specific error", () => {
  const cases: [string, string][] = [
    ["a", 'pair 1 ("a") has no "="'],
    ["a=1&&b=2", "pair 2 is empty"],
    ["&a=1", "pair 1 is empty"],
    ["a=1&b", 'pair 2 ("b") has no "="'],
    ["a=b=c", "second"],
    ["=v", "empty key"],
    ["a%2=1", "invalid percent-encoding"],
    ["a=%E0%A4%A", "invalid percent-encoding"],
    ["a%20b=1", "letters, digits"],
    [`${"k".repeat(65)}=1`, "longer than 64"],
    [`k=${"v".repeat(257)}`, "longer than 256"],
    ["k=%0D%0Aevil", "control character"],
    ["k=%E2%80%AE", "bidirectional"],
    ["a=1&a=1", 'key "a" appears twice'],
  ];
  for (const [text, why] of cases) {
    const result = parseConditions(text);
    assertEquals(result.ok, false, text);
    if (!result.ok) {
      assertStringIncludes(result.error, "Cannot parse conditions");
      assertStringIncludes(result.error, why);
    }
  }
});

Deno.test("formatConditions round-trips through parseConditions", () => {
  const original = new Map([["msg", "a&b=c d"], ["ci_status", "passed"], ["e", ""]]);
  const text = formatConditions(original);
  assertEquals(text, "msg=a%26b%3Dc%20d&ci_status=passed&e=");
  assertEquals(parsed(text), Object.fromEntries(original));
});
