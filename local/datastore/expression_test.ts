import { assert, assertEquals, assertFalse, assertThrows } from "@std/assert";
import { DatastoreError, parseExpression } from "./expression.ts";
import { evaluate } from "./evaluate.ts";
import type { Item } from "../storage/types.ts";

const item: Item = {
  id: "svc|1",
  status: "pending",
  outcome: "approved",
  approvals_required: 2,
  requested_at: 1_700_000_000_000,
  decided_by: ["U1", "U2"],
  reason: "deploy the thing",
  enabled: true,
};

function matches(expression: string, values: Record<string, unknown> = {}, subject = item) {
  const attributes: Record<string, string> = {};
  for (const [, name] of expression.matchAll(/#([A-Za-z0-9_]+)/g)) attributes[`#${name}`] = name;
  return evaluate(parseExpression(expression, { attributes, values }), subject);
}

function errorsOf(run: () => unknown) {
  const error = assertThrows(run, DatastoreError);
  return error.errors;
}

Deno.test("comparisons use DynamoDB semantics on numbers and strings", () => {
  assert(matches("#status = :s", { ":s": "pending" }));
  assertFalse(matches("#status = :s", { ":s": "final" }));
  assert(matches("#status <> :s", { ":s": "final" }));
  assert(matches("#approvals_required < :n", { ":n": 3 }));
  assert(matches("#approvals_required <= :n", { ":n": 2 }));
  assertFalse(matches("#approvals_required > :n", { ":n": 2 }));
  assert(matches("#approvals_required >= :n", { ":n": 2 }));
  assert(matches("#status > :s", { ":s": "final" }), "strings order by code unit");
  // Mixed types never compare, not even by coercion.
  assertFalse(matches("#approvals_required = :n", { ":n": "2" }));
  assertFalse(matches("#approvals_required < :n", { ":n": "3" }));
  assert(matches("#enabled = :t", { ":t": true }));
  assert(matches("#decided_by = :list", { ":list": ["U1", "U2"] }));
});

Deno.test("a missing attribute fails every comparison except <>", () => {
  assertFalse(matches("#missing = :v", { ":v": "x" }));
  assertFalse(matches("#missing < :v", { ":v": 1 }));
  assert(matches("#missing <> :v", { ":v": "x" }));
  assert(matches("attribute_not_exists(#missing)"));
  assertFalse(matches("attribute_exists(#missing)"));
  assert(matches("attribute_exists(#status)"));
});

Deno.test("BETWEEN is inclusive, IN matches any listed value", () => {
  assert(matches("#approvals_required BETWEEN :lo AND :hi", { ":lo": 2, ":hi": 5 }));
  assert(matches("#approvals_required between :lo and :hi", { ":lo": 0, ":hi": 2 }));
  assertFalse(matches("#approvals_required BETWEEN :lo AND :hi", { ":lo": 3, ":hi": 5 }));
  assert(matches("#outcome IN (:a, :b)", { ":a": "denied", ":b": "approved" }));
  assertFalse(matches("#outcome IN (:a)", { ":a": "denied" }));
});

Deno.test("begins_with and contains work on strings; contains also on lists", () => {
  assert(matches("begins_with(#id, :p)", { ":p": "svc|" }));
  assertFalse(matches("begins_with(#id, :p)", { ":p": "other|" }));
  assertFalse(matches("begins_with(#approvals_required, :p)", { ":p": "2" }));
  assert(matches("contains(#reason, :w)", { ":w": "the thing" }));
  assert(matches("contains(#decided_by, :u)", { ":u": "U2" }));
  assertFalse(matches("contains(#decided_by, :u)", { ":u": "U3" }));
});

Deno.test("NOT binds tighter than AND, AND tighter than OR; parentheses override", () => {
  const v = { ":p": "pending", ":f": "final", ":n": 9 };
  // true OR (false AND false) → true
  assert(matches("#status = :p OR #status = :f AND #approvals_required = :n", v));
  // (true OR false) AND false → false
  assertFalse(matches("(#status = :p OR #status = :f) AND #approvals_required = :n", v));
  assert(
    matches("NOT #status = :f AND NOT (#approvals_required = :n)", { ":f": "final", ":n": 9 }),
  );
  assertFalse(matches("not #status = :p", { ":p": "pending" }));
});

Deno.test("malformed expressions are datastore errors naming the problem", () => {
  for (
    const bad of [
      "",
      "#a =",
      "#a = :v AND",
      "(#a = :v",
      "#a = :v)",
      "#a == :v",
      "#a = :v :v",
      "#a BETWEEN :v",
      "unknown_fn(#a)",
      "begins_with(#a)",
      "#a $ :v",
    ]
  ) {
    const errors = errorsOf(() =>
      parseExpression(bad, { attributes: { "#a": "a" }, values: { ":v": 1 } })
    );
    assertEquals(errors[0].code, "invalid_expression", bad);
    assertEquals(errors[0].pointer, "/expression");
    assert(errors[0].message.startsWith("Cannot "), errors[0].message);
  }
});

Deno.test("undefined and unused placeholders are all reported", () => {
  const errors = errorsOf(() =>
    parseExpression("#a = :v AND #b = :w", {
      attributes: { "#a": "a", "#c": "c" },
      values: { ":v": 1 },
    })
  );
  assertEquals(errors.map((e) => e.code).sort(), [
    "missing_expression_attribute",
    "missing_expression_value",
    "unused_expression_attribute",
  ]);
  assert(errors.some((e) => e.message.includes('"#b"')));
  assert(errors.some((e) => e.message.includes('":w"')));
});

Deno.test("the primary key cannot be queried", () => {
  const errors = errorsOf(() =>
    parseExpression("#k = :v", { attributes: { "#k": "id" }, values: { ":v": "x" } }, "id")
  );
  assertEquals(errors[0].code, "invalid_expression");
});

Deno.test("bare attribute names work without placeholders", () => {
  assert(evaluate(parseExpression("status = :s", { values: { ":s": "pending" } }), item));
});
