/**
 * Paged reads of a datastore with Slack's query semantics: `limit` counts the items *evaluated*
 * (read from storage), not the items matched, so a page may hold fewer matches than `limit`, or
 * none, and still carry a cursor; the caller pages until no cursor comes back.
 *
 * @module
 */
import { DatastoreError, type Expr } from "./expression.ts";
import { evaluate } from "./evaluate.ts";
import { type DatastoreDefinition, isExpired } from "./items.ts";
import type { Item, Storage } from "../storage/types.ts";

/** Default and bounds of `limit` for apps.datastore.query. */
export const QUERY_LIMIT = { default: 100, min: 1, max: 1000 } as const;

/** One page of query results. */
export interface QueryPage {
  items: Item[];
  /** Opaque cursor for the next page; absent when the scan reached the end. */
  nextCursor?: string;
}

/** Encodes the last evaluated primary key as an opaque cursor. */
export function encodeCursor(lastKey: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ after: lastKey }));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/**
 * Decodes a cursor made by {@linkcode encodeCursor}.
 *
 * @throws {DatastoreError} (`invalid_cursor`) when it is not one.
 */
export function decodeCursor(cursor: string): string {
  try {
    const base64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof parsed?.after === "string") return parsed.after;
  } catch {
    // Fall through to the specific error below: any undecodable cursor is the caller's mistake.
  }
  throw new DatastoreError([{
    code: "invalid_cursor",
    message: `Cannot resume query: cursor ${JSON.stringify(cursor.slice(0, 64))} is not valid`,
    pointer: "/cursor",
  }]);
}

/**
 * Reads up to `limit` items after `cursor` and returns those that match `expr` (all when
 * undefined) and have not expired.
 */
export function queryPage(
  storage: Storage,
  name: string,
  definition: DatastoreDefinition,
  options: { expr?: Expr; limit: number; cursor?: string; nowMs: number },
): QueryPage {
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const page = storage.scanItems(name, options.limit, after);
  const items = page.items.filter((item) =>
    !isExpired(definition, item, options.nowMs) &&
    (options.expr === undefined || evaluate(options.expr, item))
  );
  return page.next === undefined ? { items } : { items, nextCursor: encodeCursor(page.next) };
}

/** Counts the live items matching `expr` (all live items when undefined). */
export function countMatching(
  storage: Storage,
  name: string,
  definition: DatastoreDefinition,
  expr: Expr | undefined,
  nowMs: number,
): number {
  if (expr === undefined && !definition.time_to_live_attribute) return storage.countItems(name);
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = storage.scanItems(name, 500, cursor);
    for (const item of page.items) {
      if (!isExpired(definition, item, nowMs) && (expr === undefined || evaluate(expr, item))) {
        count++;
      }
    }
    cursor = page.next;
  } while (cursor !== undefined);
  return count;
}
