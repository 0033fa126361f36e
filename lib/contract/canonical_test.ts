import { assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { canonicalString } from "./canonical.ts";
import { SIGNED_FIELDS } from "./fields.ts";
import { sampleRequest } from "./_testing.ts";

Deno.test("canonicalString is the version line plus one name=value line per signed field", () => {
  const request = sampleRequest(1_700_000_000_000);
  assertEquals(
    canonicalString(request),
    [
      "countersign-v1",
      "service_id=ci-bot",
      "key_id=ci-bot-2026",
      "request_id=run-4242.1",
      "timestamp=1700000000",
      "action=deploy",
      "resource=api-server#152",
      "environment=production",
      `reason=${request.reason}`,
      "triggered_by=alice@example.com",
      "source_system=github-actions",
      "source_url=https://github.com/acme/api/actions/runs/42",
      "conditions=ci_status=passed&tests=green",
      "",
    ].join("\n"),
  );
});

Deno.test("canonicalString ignores the signature and writes absent optional fields empty", () => {
  const request = sampleRequest(1_700_000_000_000);
  const withSignature = { ...request, signature: "x".repeat(88) };
  assertEquals(canonicalString(withSignature), canonicalString(request));
  const sparse = { ...request, triggered_by: "", source_system: "", source_url: "" };
  const text = canonicalString(sparse);
  assertEquals(text.includes("\ntriggered_by=\nsource_system=\nsource_url=\n"), true);
});

Deno.test("every signed field changes the canonical string", () => {
  const request = sampleRequest(1_700_000_000_000);
  const base = canonicalString(request);
  for (const field of SIGNED_FIELDS) {
    assertNotEquals(canonicalString({ ...request, [field]: request[field] + "x" }), base, field);
  }
});

Deno.test("moving text between fields changes the canonical string (no ambiguity)", () => {
  const request = sampleRequest(1_700_000_000_000);
  const a = { ...request, action: "deploy", resource: "x" };
  const b = { ...request, action: "deplo", resource: "yx" };
  assertNotEquals(canonicalString(a), canonicalString(b));
  const c = { ...request, reason: "a", triggered_by: "" };
  const d = { ...request, reason: "", triggered_by: "a" };
  assertNotEquals(canonicalString(c), canonicalString(d));
});

Deno.test("canonicalString refuses values with line breaks instead of forging lines", () => {
  const request = sampleRequest(1_700_000_000_000);
  assertThrows(
    () => canonicalString({ ...request, reason: "ok\naction=delete" }),
    Error,
    'field "reason" contains a line break',
  );
  assertThrows(() => canonicalString({ ...request, resource: "a\rb" }), Error, "line break");
});
