/**
 * A trigger's `inputs` map the trigger's data (a webhook body) into workflow inputs through
 * `{{data.x}}` references.
 *
 * @module
 */
import { resolveTemplate } from "./template.ts";

/** A trigger's input mapping: `{ name: { value: "{{data.x}}" | literal } }`. */
export type TriggerInputs = Record<string, { value?: unknown } | undefined>;

/**
 * Computes workflow inputs from a trigger's input mapping and the webhook data. References to
 * keys absent from the body resolve to `undefined` and the input is left out.
 */
export function triggerInputs(
  inputs: TriggerInputs | undefined,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, mapping] of Object.entries(inputs ?? {})) {
    if (mapping === undefined || !("value" in mapping)) continue;
    const value = resolveTemplate(mapping.value, { data });
    if (value !== undefined) out[name] = value;
  }
  return out;
}
