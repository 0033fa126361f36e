import { assertEquals } from "@std/assert";
import { type DatastoreDefinition, isExpired, MAX_ITEM_BYTES, validateItem } from "./items.ts";

const definition: DatastoreDefinition = {
  primary_key: "id",
  attributes: {
    id: { type: "string" },
    owner: { type: "slack#/types/user_id" },
    count: { type: "integer" },
    score: { type: "number" },
    enabled: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
    keys: { type: "array", items: { type: "#/types/public_key" } },
    expires: { type: "slack#/types/timestamp" },
  },
  time_to_live_attribute: "expires",
};

const codes = (item: unknown) => validateItem(definition, item).map((e) => e.code);

Deno.test("a well-typed item with its primary key is valid", () => {
  assertEquals(
    codes({
      id: "a",
      owner: "U1",
      count: 3,
      score: 1.5,
      enabled: false,
      tags: ["x"],
      keys: [{ key_id: "k" }],
    }),
    [],
  );
});

Deno.test("the primary key must be a non-empty string", () => {
  assertEquals(codes({ owner: "U1" }), ["missing_primary_key"]);
  assertEquals(codes({ id: "" }), ["missing_primary_key"]);
  assertEquals(codes({ id: 5 }), ["missing_primary_key"]);
  assertEquals(validateItem(definition, { id: 5 })[0].pointer, "/item/id");
});

Deno.test("attributes must be declared and of the declared type", () => {
  assertEquals(codes({ id: "a", nope: 1 }), ["unknown_attribute"]);
  assertEquals(codes({ id: "a", count: 1.5 }), ["invalid_attribute_type"]);
  assertEquals(codes({ id: "a", score: "1" }), ["invalid_attribute_type"]);
  assertEquals(codes({ id: "a", enabled: "true" }), ["invalid_attribute_type"]);
  assertEquals(codes({ id: "a", tags: ["x", 1] }), ["invalid_attribute_type"]);
  assertEquals(codes({ id: "a", keys: ["k"] }), ["invalid_attribute_type"]);
  assertEquals(codes([{ id: "a" }]), ["invalid_item"]);
  assertEquals(codes("a"), ["invalid_item"]);
});

Deno.test("items over 400 KB are refused", () => {
  assertEquals(codes({ id: "a", tags: ["x".repeat(MAX_ITEM_BYTES)] }), ["item_too_large"]);
});

Deno.test("an item expires when its TTL attribute (seconds) is reached", () => {
  assertEquals(isExpired(definition, { id: "a", expires: 100 }, 99_999), false);
  assertEquals(isExpired(definition, { id: "a", expires: 100 }, 100_000), true);
  assertEquals(isExpired(definition, { id: "a" }, 100_000), false);
  assertEquals(
    isExpired({ ...definition, time_to_live_attribute: undefined }, {
      id: "a",
      expires: 1,
    }, 100_000),
    false,
  );
});
