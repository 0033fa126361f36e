import { assertEquals } from "@std/assert";
import { MAX_WEBHOOK_BODY_BYTES, parseWebhookBody } from "./webhook_body.ts";

Deno.test("a flat JSON object is accepted with its value types", () => {
  assertEquals(parseWebhookBody('{"a":"1","n":2,"b":true,"z":null}'), {
    ok: true,
    data: { a: "1", n: 2, b: true, z: null },
  });
  assertEquals(parseWebhookBody(""), { ok: true, data: {} });
});

Deno.test("nested values are Slack's parameter_validation_failed, naming the key", () => {
  const nested = parseWebhookBody('{"a":"1","meta":{"x":1}}');
  assertEquals(nested.ok, false);
  if (!nested.ok) {
    assertEquals([nested.status, nested.error], [400, "parameter_validation_failed"]);
    assertEquals(nested.detail.includes('"meta"'), true);
  }
  const list = parseWebhookBody('{"tags":["a"]}');
  assertEquals(list.ok ? "" : list.error, "parameter_validation_failed");
});

Deno.test("bad JSON, non-objects and oversized bodies are rejected", () => {
  for (const text of ["{", "[1,2]", '"text"', "42", "null"]) {
    const parsed = parseWebhookBody(text);
    assertEquals(parsed.ok ? "" : parsed.error, "invalid_json", text);
  }
  const big = parseWebhookBody(`{"a":"${"x".repeat(MAX_WEBHOOK_BODY_BYTES)}"}`);
  assertEquals(big.ok ? 0 : big.status, 413);
});
