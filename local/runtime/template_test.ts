import { assertEquals } from "@std/assert";
import { lookupPath, resolveInputs, resolveTemplate } from "./template.ts";

const scope = {
  inputs: { id: "r1", n: 7, flag: false, list: ["a", "b"], empty: "" },
  steps: { "0": { doubled: 14, tags: ["x"], nested: { deep: true } } },
};

Deno.test("a whole-value reference keeps the referenced value's type", () => {
  assertEquals(resolveTemplate("{{inputs.n}}", scope), 7);
  assertEquals(resolveTemplate("{{inputs.flag}}", scope), false);
  assertEquals(resolveTemplate("{{steps.0.tags}}", scope), ["x"]);
  assertEquals(resolveTemplate("{{ steps.0.doubled }}", scope), 14);
  assertEquals(resolveTemplate("{{steps.0.nested}}", scope), { deep: true });
});

Deno.test("references inside text are interpolated; absent ones become empty text", () => {
  assertEquals(resolveTemplate("id {{inputs.id}} is {{inputs.n}}", scope), "id r1 is 7");
  assertEquals(resolveTemplate("tags {{steps.0.tags}}", scope), 'tags ["x"]');
  assertEquals(resolveTemplate("[{{inputs.missing}}]", scope), "[]");
  assertEquals(resolveTemplate("no refs {single}", scope), "no refs {single}");
});

Deno.test("absent references are undefined and their keys are dropped", () => {
  assertEquals(resolveTemplate("{{inputs.missing}}", scope), undefined);
  assertEquals(resolveTemplate("{{steps.3.x}}", scope), undefined);
  assertEquals(
    resolveInputs({ a: "{{inputs.id}}", b: "{{inputs.missing}}", c: "{{inputs.empty}}" }, scope),
    { a: "r1", c: "" },
  );
});

Deno.test("objects and arrays are resolved recursively", () => {
  assertEquals(
    resolveTemplate({ msg: { text: "n={{inputs.n}}" }, ids: ["{{inputs.id}}", 3] }, scope),
    { msg: { text: "n=7" }, ids: ["r1", 3] },
  );
});

Deno.test("lookups never reach prototype properties", () => {
  assertEquals(lookupPath(scope, "inputs.constructor"), undefined);
  assertEquals(lookupPath(scope, "inputs.__proto__"), undefined);
  assertEquals(resolveTemplate("{{inputs.toString}}", scope), undefined);
  assertEquals(lookupPath(scope, "inputs.list.1"), "b");
});
