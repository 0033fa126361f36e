import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { findForbiddenCharacter } from "./text.ts";
import { FIELD_SPECS, REQUEST_FIELDS, type RequestField } from "./fields.ts";
import { validateRequest, type ValidationResult } from "./validate.ts";
import { sampleRequest } from "./_testing.ts";

const SIGNATURE = btoa(String.fromCharCode(...Array.from({ length: 64 }, (_, i) => i * 3)));

function valid(): Record<string, unknown> {
  return { ...sampleRequest(1_700_000_000_000), signature: SIGNATURE };
}

function rejection(result: ValidationResult): [string, string, string] {
  return result.ok ? ["ok", "", ""] : [result.code, result.field, result.detail];
}

function expectCode(change: Record<string, unknown>, code: string, field: string): string {
  const [gotCode, gotField, detail] = rejection(validateRequest({ ...valid(), ...change }));
  assertEquals([gotCode, gotField], [code, field], JSON.stringify(change).slice(0, 120));
  assertStringIncludes(detail, `Cannot accept field "${field}"`);
  return detail;
}

Deno.test("a complete request passes and comes back as exactly the contract fields", () => {
  const result = validateRequest({ ...valid(), extra: "ignored", team: 1 });
  assert(result.ok);
  assertEquals(result.request, valid());
  assertEquals(Object.keys(result.request), [...REQUEST_FIELDS]);
});

Deno.test("absent optional fields become empty strings", () => {
  const raw = valid();
  for (const field of ["triggered_by", "source_system", "source_url", "conditions"]) {
    delete raw[field];
  }
  const result = validateRequest(raw);
  assert(result.ok);
  assertEquals(result.request.triggered_by, "");
  assertEquals(result.request.conditions, "");
  assertEquals(validateRequest({ ...valid(), source_url: null }).ok, true);
});

Deno.test("missing_field for every required field: absent, null or empty", () => {
  const required = REQUEST_FIELDS.filter((field) => FIELD_SPECS[field].required);
  assertEquals(required, [
    "service_id",
    "key_id",
    "request_id",
    "timestamp",
    "action",
    "resource",
    "environment",
    "reason",
    "signature",
  ]);
  for (const field of required) {
    const raw = valid();
    delete raw[field];
    assertEquals(rejection(validateRequest(raw)).slice(0, 2), ["missing_field", field]);
    expectCode({ [field]: null }, "missing_field", field);
    expectCode({ [field]: "" }, "missing_field", field);
  }
  expectCode({ reason: "   " }, "missing_field", "reason");
});

Deno.test("field_too_long one past each limit; the limit itself is accepted", () => {
  const atLimit: Record<RequestField, (n: number) => string> = {
    service_id: (n) => "s".repeat(n),
    key_id: (n) => "k".repeat(n),
    request_id: (n) => "r".repeat(n),
    timestamp: (n) => "1".repeat(n),
    action: (n) => "a".repeat(n),
    resource: (n) => "r".repeat(n),
    environment: (n) => "e".repeat(n),
    reason: (n) => "é".repeat(n),
    triggered_by: (n) => "t".repeat(n),
    source_system: (n) => "s".repeat(n),
    source_url: (n) => "https://example.com/" + "p".repeat(n - 20),
    conditions: (n) => "k=" + "v".repeat(n - 2),
    signature: (n) => "A".repeat(n),
  };
  for (const field of REQUEST_FIELDS) {
    const { maxLength } = FIELD_SPECS[field];
    const over = expectCode({ [field]: atLimit[field](maxLength + 1) }, "field_too_long", field);
    assertStringIncludes(over, `the limit is ${maxLength}`);
    const [code] = rejection(validateRequest({ ...valid(), [field]: atLimit[field](maxLength) }));
    assert(code !== "field_too_long", `${field} at its limit was too long`);
  }
});

Deno.test("limits count characters, except source_url which counts UTF-8 bytes", () => {
  assertEquals(validateRequest({ ...valid(), reason: "🚀".repeat(1000) }).ok, true);
  expectCode({ reason: "🚀".repeat(1001) }, "field_too_long", "reason");
  const url = "https://example.com/" + "é".repeat(1015); // 1035 characters, 2050 bytes
  assertStringIncludes(
    expectCode({ source_url: url }, "field_too_long", "source_url"),
    "2050 bytes",
  );
});

Deno.test("malformed_field for non-string values", () => {
  for (const value of [1700000000, true, { a: 1 }, ["x"]]) {
    const detail = expectCode({ timestamp: value }, "malformed_field", "timestamp");
    assertStringIncludes(detail, "must be a JSON string");
  }
});

Deno.test("malformed_field for control, bidi, separator and invalid UTF-8 characters anywhere", () => {
  const bad = [
    "\u0000",
    "\t",
    "\n",
    "\r",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u009f",
    "\ud800",
    "\udc00",
    "\u202e",
    "\u2066",
    "\u2028",
    "\ufffd",
  ];
  for (const field of REQUEST_FIELDS) {
    for (const char of bad) {
      const value = `${valid()[field]}`.slice(0, 4) + char + "x";
      const detail = expectCode({ [field]: value }, "malformed_field", field);
      assertEquals(findForbiddenCharacter(detail), undefined, "detail must stay printable");
    }
  }
  const detail = expectCode({ reason: "ok\u0007bell" }, "malformed_field", "reason");
  assertStringIncludes(detail, "control character (U+0007) at position 3");
  // A valid surrogate pair (emoji) is one character, not a lone surrogate.
  assertEquals(validateRequest({ ...valid(), triggered_by: "🙂 bot" }).ok, true);
});

Deno.test("malformed_field for characters outside each field's alphabet", () => {
  const cases: [RequestField, string][] = [
    ["service_id", "ci bot"],
    ["service_id", "ci*"],
    ["key_id", "<@U123>"],
    ["request_id", "run/1"],
    ["timestamp", "-1"],
    ["timestamp", "1.5"],
    ["timestamp", "1e9"],
    ["timestamp", " 1700000000"],
    ["action", "deploy now"],
    ["action", "deploy?"],
    ["resource", "<!channel>"],
    ["resource", "db*"],
    ["resource", "a b"],
    ["environment", "prod|x"],
    ["source_system", "git hub"],
  ];
  for (const [field, value] of cases) {
    const detail = expectCode({ [field]: value }, "malformed_field", field);
    assertStringIncludes(detail, JSON.stringify(value));
  }
});

Deno.test("source_url must be https (http only for localhost) without credentials", () => {
  for (
    const url of ["http://localhost:8080/x", "http://127.0.0.1/run", "https://ci.example/a?b=c"]
  ) {
    assertEquals(validateRequest({ ...valid(), source_url: url }).ok, true, url);
  }
  const cases: [string, string][] = [
    ["http://example.com/run", "must use https"],
    ["ftp://example.com/x", "must use https"],
    ["javascript:alert(1)", "must use https"],
    ["https://user:secret@example.com/", "user name or password"],
    ["not a url", "not an absolute URL"],
    ["/relative/path", "not an absolute URL"],
    ["https://example.com/a b", "spaces"],
    // URL parsers repair these; other readers (and people) see something else.
    ["https:/x", "must start with https:// and a host"],
    ["https:x.example/run", "must start with https:// and a host"],
    ["https:///x.example/run", "must start with https:// and a host"],
    ["https:\\\\x.example\\run", "backslash"],
    ["https://x.example\\@evil.example/", "backslash"],
    ["https://x.example/a\\b", "backslash"],
  ];
  for (const [url, why] of cases) {
    assertStringIncludes(expectCode({ source_url: url }, "malformed_field", "source_url"), why);
  }
});

Deno.test("conditions must parse as key=value pairs", () => {
  for (const conditions of ["", "a=1", "ci_status=passed&tests=green", "msg=a%26b%3Dc", "k="]) {
    assertEquals(validateRequest({ ...valid(), conditions }).ok, true, conditions);
  }
  const cases: [string, string][] = [
    ["a", 'has no "="'],
    ["a=1&&b=2", "pair 2 is empty"],
    ["a=1&", "pair 2 is empty"],
    ["a=1&a=2", "appears twice"],
    ["=1", "empty key"],
    ["a%ZZ=1", "invalid percent-encoding"],
    ["a=%0A", "control character"],
    ["k!=v", "letters, digits"],
    ["a=b=c", "second"],
  ];
  for (const [conditions, why] of cases) {
    assertStringIncludes(expectCode({ conditions }, "malformed_field", "conditions"), why);
  }
});

Deno.test("signature must be padded standard base64 of 64 bytes and is never echoed", () => {
  const sixtyThree = btoa("x".repeat(63));
  const urlSafe = "-_" + SIGNATURE.slice(2);
  const secretish = "S3cr3t" + "A".repeat(80);
  for (const signature of ["abc", sixtyThree, SIGNATURE.slice(0, 86), urlSafe, secretish]) {
    const detail = expectCode({ signature }, "malformed_field", "signature");
    assertEquals(detail.includes(signature.slice(0, 8)), false, detail);
  }
  const tooLong = expectCode({ signature: secretish + "AAAA" }, "field_too_long", "signature");
  assertEquals(tooLong.includes("S3cr3t"), false);
});

Deno.test("the first failing field in canonical order is reported", () => {
  const result = validateRequest({ ...valid(), action: "bad action", service_id: "" });
  assertEquals(rejection(result).slice(0, 2), ["missing_field", "service_id"]);
});

Deno.test("quoted values in details are truncated and escaped", () => {
  const detail = expectCode({ resource: "x".repeat(50) + " y" }, "malformed_field", "resource");
  assertStringIncludes(detail, `"${"x".repeat(40)}…"`);
  const quoted = expectCode({ action: 'say "hi"' }, "malformed_field", "action");
  assertStringIncludes(quoted, '"say \\"hi\\""');
});

Deno.test("invisible and format characters are refused in every field, identities and reason alike", () => {
  const invisible = [
    "\u200b", // zero-width space
    "\u200c", // zero-width non-joiner
    "\u200d", // zero-width joiner
    "\u200e", // left-to-right mark
    "\u200f", // right-to-left mark
    "\u061c", // Arabic letter mark
    "\u00ad", // soft hyphen
    "\u2060", // word joiner
    "\ufeff", // byte order mark
    "\u180e", // Mongolian vowel separator
    "\u3164", // Hangul filler
    "\u034f", // combining grapheme joiner
    "\u{e0041}", // tag letter A
  ];
  for (const field of REQUEST_FIELDS) {
    for (const char of invisible) {
      const value = `${valid()[field]}`.slice(0, 4) + char + "x";
      const detail = expectCode({ [field]: value }, "malformed_field", field);
      assertStringIncludes(detail, "invisible or format character");
    }
  }
  // Finding 5: "ada" + ZWSP renders as "ada".
  const detail = expectCode({ triggered_by: "ada\u200b" }, "malformed_field", "triggered_by");
  assertStringIncludes(detail, "invisible or format character (U+200B) at position 4");
  // A reason made only of invisible characters is refused, never taken as non-empty text.
  expectCode({ reason: "\u200b\u200b\u200b" }, "malformed_field", "reason");
  expectCode({ reason: "\u2800 \ufe0f" }, "missing_field", "reason");
  // Emoji keep their presentation selector in a reason, never in an identity.
  assertEquals(validateRequest({ ...valid(), reason: "tests \u2714\ufe0f passed" }).ok, true);
  expectCode({ triggered_by: "ada\ufe0f" }, "malformed_field", "triggered_by");
  // Visible non-ASCII text stays accepted.
  assertEquals(
    validateRequest({ ...valid(), triggered_by: "Zoë 🚀", reason: "déploiement 中文" }).ok,
    true,
  );
});
