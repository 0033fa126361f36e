/**
 * apps.datastore.*: Slack datastore methods over {@linkcode Storage}, with the semantics pinned
 * in `../datastore/` (validation, expressions, TTL, paging on evaluated items).
 *
 * @module
 */
import {
  assertValidItem,
  countMatching,
  type DatastoreDefinition,
  DatastoreError,
  evaluate,
  type Expr,
  isExpired,
  parseExpression,
  QUERY_LIMIT,
  queryPage,
  validateItem,
} from "../datastore/mod.ts";
import type { Item } from "../storage/types.ts";
import type { DatastoreEventDetail } from "./events.ts";
import {
  type ApiContext,
  invalidArguments,
  type Method,
  optInt,
  optList,
  optObject,
  optString,
  reqString,
  SlackError,
} from "./context.ts";

/** Slack's maximum number of items in one bulk call. */
export const MAX_BULK_ITEMS = 25;

function datastoreOf(ctx: ApiContext, args: Record<string, unknown>) {
  const name = reqString(args, "datastore");
  const definition = Object.hasOwn(ctx.datastores, name) ? ctx.datastores[name] : undefined;
  if (!definition) throw new SlackError("invalid_datastore");
  return { name, definition };
}

function live(ctx: ApiContext, definition: DatastoreDefinition, item: Item | undefined) {
  return item && !isExpired(definition, item, ctx.now()) ? item : undefined;
}

function bulkList(args: Record<string, unknown>, field: string): unknown[] {
  const list = optList(args, field);
  if (!list || list.length === 0) throw invalidArguments(`missing required field: ${field}`);
  if (list.length > MAX_BULK_ITEMS) {
    throw new DatastoreError([{
      code: "too_many_items",
      message: `Cannot process ${list.length} ${field}: at most ${MAX_BULK_ITEMS} per call`,
      pointer: `/${field}`,
    }]);
  }
  return list;
}

function readExpression(
  args: Record<string, unknown>,
  definition: DatastoreDefinition,
): Expr | undefined {
  const expression = optString(args, "expression");
  const attributes = optObject(args, "expression_attributes");
  const values = optObject(args, "expression_values");
  if (expression === undefined) {
    if (attributes || values) {
      throw new DatastoreError([{
        code: "invalid_expression",
        message: "Cannot use expression_attributes or expression_values without an expression",
        pointer: "/expression",
      }]);
    }
    return undefined;
  }
  return parseExpression(expression, { attributes, values }, definition.primary_key);
}

function put(
  ctx: ApiContext,
  name: string,
  definition: DatastoreDefinition,
  item: Item,
  op: DatastoreEventDetail["op"],
) {
  const id = item[definition.primary_key] as string;
  ctx.staleReads?.noteWrite(name, id, ctx.storage.getItem(name, id));
  ctx.storage.putItem(name, id, item);
  ctx.emit("datastore", { datastore: name, id, op });
}

/** apps.datastore.* methods by Slack name. */
export const datastoreMethods: Record<string, Method> = {
  "apps.datastore.get": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const id = reqString(args, "id");
    return { datastore: name, item: live(ctx, definition, ctx.storage.getItem(name, id)) ?? {} };
  },
  "apps.datastore.put": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const item = optObject(args, "item");
    assertValidItem(definition, item);
    put(ctx, name, definition, item as Item, "put");
    return { datastore: name, item };
  },
  "apps.datastore.update": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const patch = optObject(args, "item");
    assertValidItem(definition, patch);
    const id = (patch as Item)[definition.primary_key] as string;
    const existing = live(ctx, definition, ctx.storage.getItem(name, id)) ?? {};
    const merged = { ...existing, ...patch };
    // The patch was valid on its own; the merge can still outgrow the item size limit.
    assertValidItem(definition, merged);
    put(ctx, name, definition, merged, "update");
    return { datastore: name, item: merged };
  },
  "apps.datastore.delete": (ctx, args) => {
    const { name } = datastoreOf(ctx, args);
    const id = reqString(args, "id");
    if (ctx.storage.deleteItem(name, id)) {
      ctx.emit("datastore", { datastore: name, id, op: "delete" });
    }
    return { datastore: name };
  },
  "apps.datastore.query": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const expr = readExpression(args, definition);
    const limit = optInt(args, "limit") ?? QUERY_LIMIT.default;
    if (limit < QUERY_LIMIT.min || limit > QUERY_LIMIT.max) {
      throw invalidArguments(`limit must be between ${QUERY_LIMIT.min} and ${QUERY_LIMIT.max}`);
    }
    const page = queryPage(ctx.storage, name, definition, {
      expr,
      limit,
      cursor: optString(args, "cursor"),
      nowMs: ctx.now(),
    });
    const key = (item: Item) => String(item[definition.primary_key]);
    const items = ctx.staleReads
      ? ctx.staleReads.view(name, page.items, key, (item) => !expr || evaluate(expr, item))
      : page.items;
    return {
      datastore: name,
      items,
      ...(page.nextCursor ? { response_metadata: { next_cursor: page.nextCursor } } : {}),
    };
  },
  "apps.datastore.count": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const expr = readExpression(args, definition);
    return {
      datastore: name,
      count: countMatching(ctx.storage, name, definition, expr, ctx.now()),
    };
  },
  "apps.datastore.bulkGet": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const ids = bulkList(args, "ids");
    const items: Item[] = [];
    const failed: unknown[] = [];
    for (const id of ids) {
      if (typeof id !== "string" || id === "") {
        failed.push(id);
        continue;
      }
      const item = live(ctx, definition, ctx.storage.getItem(name, id));
      if (item) items.push(item);
    }
    if (failed.length > 0) {
      throw new SlackError("partial_failure", { datastore: name, items, failed_items: failed });
    }
    return { datastore: name, items, failed_items: [] };
  },
  "apps.datastore.bulkPut": (ctx, args) => {
    const { name, definition } = datastoreOf(ctx, args);
    const items = bulkList(args, "items");
    const failed: unknown[] = [];
    const errors = [];
    for (const [index, item] of items.entries()) {
      const problems = validateItem(definition, item, `/items/${index}`);
      if (problems.length > 0) {
        failed.push(item);
        errors.push(...problems);
        continue;
      }
      put(ctx, name, definition, item as Item, "put");
    }
    if (failed.length > 0) {
      throw new SlackError("partial_failure", { datastore: name, failed_items: failed, errors });
    }
    return { datastore: name, failed_items: [] };
  },
  "apps.datastore.bulkDelete": (ctx, args) => {
    const { name } = datastoreOf(ctx, args);
    const ids = bulkList(args, "ids");
    const failed: unknown[] = [];
    for (const id of ids) {
      if (typeof id !== "string" || id === "") {
        failed.push(id);
        continue;
      }
      if (ctx.storage.deleteItem(name, id)) {
        ctx.emit("datastore", { datastore: name, id, op: "delete" });
      }
    }
    if (failed.length > 0) {
      // The SDK types name the failed keys `ids`; `failed_items` matches the other bulk calls.
      throw new SlackError("partial_failure", {
        datastore: name,
        ids: failed,
        failed_items: failed,
      });
    }
    return { datastore: name };
  },
};
