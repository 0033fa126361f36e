import { assertEquals } from "@std/assert";
import { adminEvent, MAX_DETAIL } from "./event.ts";
import { diffItems, stable } from "./diff.ts";

Deno.test("diffItems lists changed attributes, ignoring key order and bookkeeping", () => {
  assertEquals(
    diffItems(
      { id: "x", a: { p: 1, q: 2 }, b: [1], updated_at: 1 },
      { id: "x", a: { q: 2, p: 1 }, b: [2], c: "new", updated_at: 2 },
    ),
    [{ attribute: "b", before: [1], after: [2] }, { attribute: "c", after: "new" }],
  );
  assertEquals(stable({ b: 1, a: { d: 1, c: 2 } }), '{"a":{"c":2,"d":1},"b":1}');
});

Deno.test("adminEvent ids sort by time; refusals carry no diff; details are bounded", () => {
  const a = adminEvent(
    {
      actor: "U1",
      action: "edit_bot",
      targetType: "bot",
      targetId: "b",
      result: "applied",
      detail: "ok",
      before: { id: "b", n: 1 },
      after: { id: "b", n: 2 },
    },
    9_000,
    "aaaa",
  );
  const b = adminEvent(
    {
      action: "edit_bot",
      targetType: "bot",
      result: "refused",
      detail: "x".repeat(MAX_DETAIL + 5),
      before: { id: "b", n: 1 },
    },
    10_000,
    "bbbb",
  );
  assertEquals([a.id < b.id, a.id, a.changed, b.changed], [true, "0000000009000-aaaa", "n", ""]);
  assertEquals([b.actor, b.target_id, Array.from(b.detail).length], ["", "", MAX_DETAIL + 1]);
});
