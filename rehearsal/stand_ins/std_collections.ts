/**
 * Stand-in for `jsr:@std/collections@^1` `deepMerge` with its default options: records merge
 * key by key, arrays concatenate, sets and maps merge; any other value from `other` wins.
 *
 * @module
 */
// deno-lint-ignore-file no-explicit-any

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function mergeValue(a: unknown, b: unknown): unknown {
  if (isRecord(a) && isRecord(b)) return deepMerge(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a instanceof Set && b instanceof Set) return new Set([...a, ...b]);
  if (a instanceof Map && b instanceof Map) return new Map([...a, ...b]);
  return b;
}

/** Deep-merges `other` into a copy of `record` (std's default merging strategies). */
export function deepMerge(record: any, other: any): any {
  const result: Record<PropertyKey, unknown> = { ...record };
  for (const key of Reflect.ownKeys(other)) {
    result[key] = key in record ? mergeValue(record[key], other[key]) : other[key];
  }
  return result;
}
