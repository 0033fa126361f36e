import { assert, assertEquals } from "@std/assert";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, TEST_TOKEN } from "../testing.ts";
import type { DatastoreDefinition } from "../datastore/mod.ts";

const tasks: DatastoreDefinition = {
  primary_key: "id",
  attributes: {
    id: { type: "string" },
    title: { type: "string" },
    priority: { type: "number" },
    tags: { type: "array", items: { type: "string" } },
    expires: { type: "slack#/types/timestamp" },
  },
  time_to_live_attribute: "expires",
};

let clock = 1_700_000_000_000;

async function withApi(
  run: (
    call: (m: string, a: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ) => Promise<void>,
) {
  const platform = await startTestPlatform({ datastores: { tasks }, now: () => clock });
  try {
    await run((method, args) => platform.api.call(method, args, TEST_TOKEN));
  } finally {
    await platform.close();
  }
}

Deno.test("get of a missing item is ok with an empty item", () =>
  withApi(async (call) => {
    assertEquals(await call("apps.datastore.get", { datastore: "tasks", id: "none" }), {
      ok: true,
      datastore: "tasks",
      item: {},
    });
  }));

Deno.test("put replaces the whole item; update merges and upserts", () =>
  withApi(async (call) => {
    await call("apps.datastore.put", {
      datastore: "tasks",
      item: { id: "a", title: "A", priority: 1 },
    });
    const put = await call("apps.datastore.put", {
      datastore: "tasks",
      item: { id: "a", tags: ["x"] },
    });
    assertEquals(put.item, { id: "a", tags: ["x"] });
    assertEquals((await call("apps.datastore.get", { datastore: "tasks", id: "a" })).item, {
      id: "a",
      tags: ["x"],
    });
    const merged = await call("apps.datastore.update", {
      datastore: "tasks",
      item: { id: "a", priority: 5 },
    });
    assertEquals(merged.item, { id: "a", tags: ["x"], priority: 5 });
    const created = await call("apps.datastore.update", {
      datastore: "tasks",
      item: { id: "b", title: "B" },
    });
    assertEquals(created.item, { id: "b", title: "B" });
    assertEquals(await call("apps.datastore.delete", { datastore: "tasks", id: "a" }), {
      ok: true,
      datastore: "tasks",
    });
    assertEquals((await call("apps.datastore.get", { datastore: "tasks", id: "a" })).item, {});
  }));

Deno.test("unknown datastores and invalid items are refused with Slack's codes", () =>
  withApi(async (call) => {
    assertEquals(await call("apps.datastore.get", { datastore: "nope", id: "a" }), {
      ok: false,
      error: "invalid_datastore",
    });
    const noKey = await call("apps.datastore.put", { datastore: "tasks", item: { title: "x" } });
    assertEquals(noKey.error, "datastore_error");
    assertEquals((noKey.errors as { code: string }[])[0].code, "missing_primary_key");
    const wrongType = await call("apps.datastore.put", {
      datastore: "tasks",
      item: { id: "a", priority: "high" },
    });
    assertEquals(wrongType.error, "datastore_error");
    assertEquals((await call("apps.datastore.count", { datastore: "tasks" })).count, 0);
  }));

Deno.test("query filters with placeholders and pages on evaluated items to the end", () =>
  withApi(async (call) => {
    for (let i = 0; i < 12; i++) {
      await call("apps.datastore.put", {
        datastore: "tasks",
        item: {
          id: `t${String(i).padStart(2, "0")}`,
          priority: i,
          tags: i % 4 === 0 ? ["hot"] : [],
        },
      });
    }
    const query = {
      datastore: "tasks",
      expression: "#p >= :lo AND contains(#tags, :tag)",
      expression_attributes: { "#p": "priority", "#tags": "tags" },
      expression_values: { ":lo": 1, ":tag": "hot" },
      limit: 3,
    };
    const found: unknown[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("apps.datastore.query", { ...query, ...(cursor ? { cursor } : {}) });
      assertEquals(page.ok, true);
      const items = page.items as Record<string, unknown>[];
      pageSizes.push(items.length);
      found.push(...items.map((item) => item.id));
      cursor = (page.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
    } while (cursor);
    assertEquals(found, ["t04", "t08"]);
    // 12 items, 3 evaluated per page: 4 pages; the first is empty yet carries a cursor.
    assertEquals(pageSizes, [0, 1, 1, 0]);
    const counted = await call("apps.datastore.count", {
      datastore: "tasks",
      expression: query.expression,
      expression_attributes: query.expression_attributes,
      expression_values: query.expression_values,
    });
    assertEquals(counted.count, 2);
    for (const limit of [0, 1001]) {
      assertEquals(
        (await call("apps.datastore.query", { datastore: "tasks", limit })).error,
        "invalid_arguments",
      );
    }
  }));

Deno.test("bulk calls take at most 25 items and report per-item failures", () =>
  withApi(async (call) => {
    const many = Array.from({ length: 26 }, (_, i) => ({ id: `k${i}` }));
    const tooMany = await call("apps.datastore.bulkPut", { datastore: "tasks", items: many });
    assertEquals(tooMany.error, "datastore_error");
    assertEquals((await call("apps.datastore.count", { datastore: "tasks" })).count, 0);

    const partial = await call("apps.datastore.bulkPut", {
      datastore: "tasks",
      items: [{ id: "ok1" }, { title: "no key" }, { id: "ok2", priority: 2 }],
    });
    assertEquals(partial.ok, false);
    assertEquals(partial.error, "partial_failure");
    assertEquals(partial.failed_items, [{ title: "no key" }]);
    const got = await call("apps.datastore.bulkGet", {
      datastore: "tasks",
      ids: ["ok1", "ok2", "gone"],
    });
    assertEquals(got.items, [{ id: "ok1" }, { id: "ok2", priority: 2 }]);
    assertEquals(got.failed_items, []);
    assertEquals(
      (await call("apps.datastore.bulkGet", { datastore: "tasks", ids: many.map((m) => m.id) }))
        .error,
      "datastore_error",
    );
    assertEquals(
      await call("apps.datastore.bulkDelete", { datastore: "tasks", ids: ["ok1", "gone"] }),
      {
        ok: true,
        datastore: "tasks",
      },
    );
    assertEquals((await call("apps.datastore.count", { datastore: "tasks" })).count, 1);
    const badIds = await call("apps.datastore.bulkDelete", { datastore: "tasks", ids: ["ok2", 7] });
    assertEquals([badIds.error, badIds.failed_items], ["partial_failure", [7]]);
    assertEquals((await call("apps.datastore.count", { datastore: "tasks" })).count, 0);
  }));

Deno.test("expired items disappear from get, query, count and bulkGet", () =>
  withApi(async (call) => {
    const nowSeconds = Math.floor(clock / 1000);
    await call("apps.datastore.put", {
      datastore: "tasks",
      item: { id: "short", expires: nowSeconds + 60 },
    });
    await call("apps.datastore.put", {
      datastore: "tasks",
      item: { id: "long", expires: nowSeconds + 3600 },
    });
    assertEquals((await call("apps.datastore.count", { datastore: "tasks" })).count, 2);
    clock += 120_000;
    assertEquals((await call("apps.datastore.get", { datastore: "tasks", id: "short" })).item, {});
    assertEquals((await call("apps.datastore.count", { datastore: "tasks" })).count, 1);
    const all = await call("apps.datastore.query", { datastore: "tasks" });
    assertEquals((all.items as { id: string }[]).map((i) => i.id), ["long"]);
    const bulk = await call("apps.datastore.bulkGet", {
      datastore: "tasks",
      ids: ["short", "long"],
    });
    assertEquals((bulk.items as { id: string }[]).map((i) => i.id), ["long"]);
    // Updating an expired item starts from nothing rather than resurrecting old attributes.
    const revived = await call("apps.datastore.update", {
      datastore: "tasks",
      item: { id: "short", title: "T" },
    });
    assertEquals(revived.item, { id: "short", title: "T" });
  }));

Deno.test("datastore writes are announced as datastore events", async () => {
  const platform = await startTestPlatform({ datastores: { tasks } });
  try {
    const events: unknown[] = [];
    platform.api.events.addEventListener(
      "datastore",
      (e) => events.push((e as CustomEvent).detail),
    );
    const client = SlackAPI(TEST_TOKEN, { slackApiUrl: platform.url });
    assert((await client.apps.datastore.put({ datastore: "tasks", item: { id: "x" } })).ok);
    assert(
      (await client.apps.datastore.update({ datastore: "tasks", item: { id: "x", title: "t" } }))
        .ok,
    );
    assert((await client.apps.datastore.delete({ datastore: "tasks", id: "x" })).ok);
    assertEquals(events, [
      { datastore: "tasks", id: "x", op: "put" },
      { datastore: "tasks", id: "x", op: "update" },
      { datastore: "tasks", id: "x", op: "delete" },
    ]);
  } finally {
    await platform.close();
  }
});
