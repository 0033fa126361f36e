/**
 * Workflow variable references, resolved the way Slack's workflow engine does: `{{inputs.x}}`
 * (workflow inputs), `{{steps.N.y}}` (outputs of step N) and, in trigger inputs, `{{data.x}}`
 * (the webhook body).
 *
 * A value that is exactly one reference keeps the referenced value's type (arrays, numbers,
 * booleans pass through unchanged); a reference inside a longer string is interpolated as text.
 * A reference to something absent resolves to `undefined`, and object keys whose value resolves
 * to `undefined` are dropped, as Slack omits unset inputs rather than sending nulls.
 *
 * @module
 */

/** The values a reference can point into. Keys are the reference roots (`inputs`, `steps` …). */
export type TemplateScope = Record<string, unknown>;

const WHOLE = /^\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}$/;
const EMBEDDED = /\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}/g;

/** Follows a dotted path (`steps.0.verdict`) through plain objects and arrays. */
export function lookupPath(scope: TemplateScope, path: string): unknown {
  let current: unknown = scope;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    // Own properties only: a reference such as `inputs.constructor` must not reach prototypes.
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * Resolves every reference in `value` (a string, array or object, recursively) against `scope`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 *
 * const resolved = resolveTemplate({ n: "{{steps.0.n}}", s: "id {{inputs.id}}" }, {
 *   inputs: { id: "a" },
 *   steps: { "0": { n: 2 } },
 * });
 * assertEquals(resolved, { n: 2, s: "id a" });
 * ```
 */
export function resolveTemplate(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole) return lookupPath(scope, whole[1]);
    if (!value.includes("{{")) return value;
    return value.replace(EMBEDDED, (_match, path: string) => asText(lookupPath(scope, path)));
  }
  if (Array.isArray(value)) {
    return value.map((entry) => resolveTemplate(entry, scope));
  }
  if (value !== null && typeof value === "object") {
    return resolveInputs(value as Record<string, unknown>, scope);
  }
  return value;
}

/** Resolves an inputs object, dropping keys that resolve to `undefined`. */
export function resolveInputs(
  inputs: Record<string, unknown>,
  scope: TemplateScope,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(inputs)) {
    const resolved = resolveTemplate(raw, scope);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}
