import { assertEquals, assertThrows } from "@std/assert";
import { DatastoreError, parseExpression } from "./expression.ts";
import type { DatastoreDefinition } from "./items.ts";
import { countMatching, decodeCursor, encodeCursor, queryPage } from "./query.ts";
import { openSqliteStorage } from "../storage/sqlite.ts";

const definition: DatastoreDefinition = {
  primary_key: "id",
  attributes: { id: { type: "string" }, n: { type: "number" }, ttl: { type: "number" } },
  time_to_live_attribute: "ttl",
};

Deno.test("limit counts evaluated items: pages may be empty but carry a cursor to the end", () => {
  const storage = openSqliteStorage(":memory:");
  // Ten items; only i00 and i09 match, so the middle pages have no matches.
  for (let i = 0; i < 10; i++) {
    const id = `i${String(i).padStart(2, "0")}`;
    storage.putItem("d", id, { id, n: i === 0 || i === 9 ? 1 : 0 });
  }
  const expr = parseExpression("#n = :one", {
    attributes: { "#n": "n" },
    values: { ":one": 1 },
  });
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = queryPage(storage, "d", definition, { expr, limit: 3, cursor, nowMs: 0 });
    pages.push(page.items.map((item) => String(item.id)));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  assertEquals(pages, [["i00"], [], [], ["i09"]]);
  assertEquals(countMatching(storage, "d", definition, expr, 0), 2);
  storage.close();
});

Deno.test("expired items are left out of queries and counts", () => {
  const storage = openSqliteStorage(":memory:");
  storage.putItem("d", "old", { id: "old", ttl: 10 });
  storage.putItem("d", "new", { id: "new", ttl: 1000 });
  storage.putItem("d", "forever", { id: "forever" });
  const page = queryPage(storage, "d", definition, { limit: 100, nowMs: 10_000 });
  assertEquals(page.items.map((i) => i.id), ["forever", "new"]);
  assertEquals(countMatching(storage, "d", definition, undefined, 10_000), 2);
  storage.close();
});

Deno.test("cursors round-trip any key and reject garbage", () => {
  for (const key of ["a", "svc|req-1", "ünïcødé ✓", ""]) {
    assertEquals(decodeCursor(encodeCursor(key)), key);
  }
  const error = assertThrows(() => decodeCursor("not a cursor!"), DatastoreError);
  assertEquals(error.errors[0].code, "invalid_cursor");
});
