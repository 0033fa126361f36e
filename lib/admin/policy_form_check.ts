/**
 * Checks of a submitted policy form, every field at once, with the very checks of the Workflow
 * Builder steps (`applyPolicyInput`): each given field is checked alone (with the chosen effect,
 * which some settings depend on), a blank required one is named, and only a form without
 * problems is applied. A field another change adds to the rule is checked the same way. Pure.
 *
 * @module
 */
import { POLICY_EFFECTS, type PolicyEffect } from "../policy/evaluate.ts";
import { applyPolicyInput, checkPolicyId, type PolicyInput, type PolicyItem } from "./policy.ts";
import type { SpecField } from "./spec_form.ts";

/** Inputs the form handles itself (the rule id, its place), not rule settings. */
const NOT_SETTINGS = new Set(["policy_id", "position"]);

/** The field a whole-rule problem is about: the first whose name or title the message names. */
function fieldOf(message: string, fields: readonly SpecField[]): string {
  const text = message.toLowerCase();
  const named = fields.find((f) =>
    text.startsWith(f.name.replaceAll("_", " ")) || text.startsWith(f.title.toLowerCase())
  );
  return (named ?? fields.find((f) => !NOT_SETTINGS.has(f.name)) ?? fields[0]).name;
}

/**
 * Checks `input` (read with `readSpecForm`) against `base` (`{ id }` to add, the stored rule to
 * edit): every problem under its field, or the rule to write.
 */
export function checkPolicyForm(
  fields: readonly SpecField[],
  required: readonly string[],
  input: Record<string, unknown>,
  base: PolicyItem,
  adding: boolean,
): { ok: true; item: PolicyItem } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const given = typeof input.policy_id === "string" ? input.policy_id.trim() : "";
  if (adding && given) {
    const problem = checkPolicyId(given);
    if (problem) errors.policy_id = problem;
  }
  const effect = POLICY_EFFECTS.includes(input.effect as PolicyEffect) ? input.effect : undefined;
  const usable: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (NOT_SETTINGS.has(name)) continue;
    const alone = applyPolicyInput(base, { effect, [name]: value } as PolicyInput, false);
    if (alone.ok) usable[name] = value;
    else errors[name] = alone.error;
  }
  for (const field of fields) {
    if (required.includes(field.name) && input[field.name] === undefined) {
      errors[field.name] ??= `${field.title.toLowerCase()} is required`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const all = applyPolicyInput(base, usable as PolicyInput, adding);
  return all.ok ? all : { ok: false, errors: { [fieldOf(all.error, fields)]: all.error } };
}
