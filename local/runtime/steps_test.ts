import { assertEquals } from "@std/assert";
import { checkOutputs, precheck } from "./steps.ts";

const definition = {
  source_file: "f.ts",
  input_parameters: { properties: {}, required: ["channel"] },
  output_parameters: { properties: {}, required: ["outcome"] },
};

Deno.test("unset required inputs and unknown functions are refused before dispatch", () => {
  assertEquals(precheck("#/functions/f", definition, { channel: "C1" }), undefined);
  assertEquals(precheck("#/functions/f", definition, { channel: "" }), undefined);
  assertEquals(precheck("#/functions/f", definition, {}), {
    kind: "failed",
    error: 'Cannot run function "f": parameter_validation_failed - Validation for parameter ' +
      '"channel" failed: missing_required_value',
  });
  assertEquals(precheck("#/functions/nope", undefined, {}), {
    kind: "failed",
    error: 'Cannot run step: function "nope" is not in the manifest',
  });
  assertEquals(precheck("slack#/functions/send_message", undefined, {}), undefined);
});

Deno.test("a completion without a required output fails; other outcomes pass through", () => {
  assertEquals(checkOutputs("f", definition, { kind: "completed", outputs: {} }), {
    kind: "failed",
    error: 'Cannot complete function "f": missing required output "outcome"',
  });
  const ok = { kind: "completed" as const, outputs: { outcome: "" } };
  assertEquals(checkOutputs("f", definition, ok), ok);
  assertEquals(checkOutputs("f", definition, { kind: "suspended" }), { kind: "suspended" });
});
