import { assertEquals } from "@std/assert";
import { triggerInputs } from "./trigger_inputs.ts";

Deno.test("trigger inputs take {{data.x}} from the body; missing keys are left out", () => {
  const inputs = triggerInputs({
    id: { value: "{{data.id}}" },
    n: { value: "{{data.n}}" },
    gone: { value: "{{data.gone}}" },
    fixed: { value: "literal" },
    text: { value: "from {{data.id}}" },
  }, { id: "r1", n: 5 });
  assertEquals(inputs, { id: "r1", n: 5, fixed: "literal", text: "from r1" });
  assertEquals(triggerInputs(undefined, { id: "x" }), {});
});
