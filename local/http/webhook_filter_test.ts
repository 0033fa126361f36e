import { assertEquals } from "@std/assert";
import { evaluateFilter } from "./webhook_filter.ts";

const data = { environment: "production", attempt: 3, name: "a b" };
const match = (root: unknown) => evaluateFilter({ version: 1, root }, data);

Deno.test("statements compare request data with literals", () => {
  assertEquals(match({ statement: "{{data.environment}} == production" }), {
    ok: true,
    match: true,
  });
  assertEquals(match({ statement: "{{data.environment}} != production" }), {
    ok: true,
    match: false,
  });
  assertEquals(match({ statement: '{{data.name}} == "a b"' }), { ok: true, match: true });
  assertEquals(match({ statement: "{{data.attempt}} > 10" }), { ok: true, match: false });
  assertEquals(match({ statement: "{{data.attempt}} >= 3" }), { ok: true, match: true });
  assertEquals(match({ statement: "{{data.missing}} == x" }), { ok: true, match: false });
});

Deno.test("AND, OR and NOT combine inputs; no filter matches everything", () => {
  const prod = { statement: "{{data.environment}} == production" };
  const many = { statement: "{{data.attempt}} > 5" };
  assertEquals(match({ operator: "AND", inputs: [prod, many] }), { ok: true, match: false });
  assertEquals(match({ operator: "OR", inputs: [prod, many] }), { ok: true, match: true });
  assertEquals(match({ operator: "NOT", inputs: [many] }), { ok: true, match: true });
  assertEquals(evaluateFilter(undefined, data), { ok: true, match: true });
});

Deno.test("an unreadable filter is an error, not a match", () => {
  assertEquals(match({ statement: "nonsense" }).ok, false);
  assertEquals(match({ operator: "XOR", inputs: [] }).ok, false);
  assertEquals(evaluateFilter({ version: 1 }, data).ok, false);
});
