/**
 * Datastore item rules: validation against the manifest's datastore definition, and expiry by
 * the `time_to_live_attribute`.
 *
 * @module
 */
import { DatastoreError, type DatastoreErrorDetail } from "./expression.ts";
import type { Item } from "../storage/types.ts";

/** A datastore as the manifest declares it (`manifest.datastores[name]`). */
export interface DatastoreDefinition {
  primary_key: string;
  attributes: Record<string, unknown>;
  /** Attribute holding a Unix timestamp in seconds after which the item is gone. */
  time_to_live_attribute?: string;
}

/** Slack's documented item size limit (400 KB), measured on the JSON encoding. */
export const MAX_ITEM_BYTES = 400 * 1024;

type Schema = { type?: unknown; items?: unknown };

const NUMBER_TYPES = new Set(["number", "slack#/types/timestamp"]);
const INTEGER_TYPES = new Set(["integer"]);
const STRING_TYPES = new Set([
  "string",
  "slack#/types/user_id",
  "slack#/types/channel_id",
  "slack#/types/usergroup_id",
  "slack#/types/date",
  "slack#/types/message_ts",
  "slack#/types/rich_text",
  "slack#/types/team_id",
  "slack#/types/file_id",
  "slack#/types/list_id",
  "slack#/types/canvas_id",
  "slack#/types/canvas_template_id",
  "slack#/types/message_context",
]);

/** Returns why `value` does not fit `schema`, or undefined when it fits (or the type is unknown). */
function typeProblem(value: unknown, schema: Schema, path: string): string | undefined {
  if (value === null) return undefined;
  const type = typeof schema.type === "string" ? schema.type : undefined;
  if (type === undefined) return undefined;
  const actual = Array.isArray(value) ? "array" : typeof value;
  const problem = (expected: string) =>
    `Cannot store attribute ${JSON.stringify(path)}: expected ${expected}, got ${actual}`;
  if (STRING_TYPES.has(type)) return typeof value === "string" ? undefined : problem("a string");
  if (NUMBER_TYPES.has(type)) {
    return typeof value === "number" && Number.isFinite(value) ? undefined : problem("a number");
  }
  if (INTEGER_TYPES.has(type)) {
    return Number.isInteger(value) ? undefined : problem("an integer");
  }
  if (type === "boolean") return typeof value === "boolean" ? undefined : problem("a boolean");
  if (type === "array") {
    if (!Array.isArray(value)) return problem("an array");
    const itemSchema = (schema.items ?? {}) as Schema;
    for (const [index, element] of value.entries()) {
      const found = typeProblem(element, itemSchema, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (type === "object" || type.startsWith("#/types/")) {
    return actual === "object" ? undefined : problem("an object");
  }
  return undefined;
}

/**
 * Checks an item for `put` (complete item) or `update` (same rules: Slack upserts the given
 * attributes, so the primary key is required either way).
 *
 * @param pointer JSON pointer of the item in the request, e.g. `/item` or `/items/3`.
 * @returns the problems found; empty when the item is valid.
 */
export function validateItem(
  definition: DatastoreDefinition,
  item: unknown,
  pointer = "/item",
): DatastoreErrorDetail[] {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return [{ code: "invalid_item", message: "Cannot store item: it is not an object", pointer }];
  }
  const errors: DatastoreErrorDetail[] = [];
  const record = item as Item;
  const key = record[definition.primary_key];
  if (typeof key !== "string" || key === "") {
    errors.push({
      code: "missing_primary_key",
      message: `Cannot store item: primary key ${
        JSON.stringify(definition.primary_key)
      } must be a non-empty string`,
      pointer: `${pointer}/${definition.primary_key}`,
    });
  }
  for (const [name, value] of Object.entries(record)) {
    if (!Object.hasOwn(definition.attributes, name)) {
      errors.push({
        code: "unknown_attribute",
        message: `Cannot store attribute ${JSON.stringify(name)}: not defined in the datastore`,
        pointer: `${pointer}/${name}`,
      });
      continue;
    }
    // The primary key's type was checked above, with a more specific error.
    if (name === definition.primary_key) continue;
    const problem = typeProblem(value, definition.attributes[name] as Schema, name);
    if (problem) {
      errors.push({
        code: "invalid_attribute_type",
        message: problem,
        pointer: `${pointer}/${name}`,
      });
    }
  }
  if (
    errors.length === 0 && new TextEncoder().encode(JSON.stringify(record)).length > MAX_ITEM_BYTES
  ) {
    errors.push({
      code: "item_too_large",
      message: `Cannot store item: larger than ${MAX_ITEM_BYTES} bytes`,
      pointer,
    });
  }
  return errors;
}

/** Throws a {@linkcode DatastoreError} when {@linkcode validateItem} finds problems. */
export function assertValidItem(definition: DatastoreDefinition, item: unknown, pointer = "/item") {
  const errors = validateItem(definition, item, pointer);
  if (errors.length > 0) throw new DatastoreError(errors);
}

/**
 * True when the item's TTL attribute (Unix seconds) is at or before `nowMs`. Slack deletes such
 * items eventually (within 48 h) but the local platform hides them at once from every read, which
 * is what code that already filters expired items must cope with anyway.
 */
export function isExpired(definition: DatastoreDefinition, item: Item, nowMs: number): boolean {
  const attribute = definition.time_to_live_attribute;
  if (!attribute) return false;
  const expiry = item[attribute];
  return typeof expiry === "number" && expiry * 1000 <= nowMs;
}
