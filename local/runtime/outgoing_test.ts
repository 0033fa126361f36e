import { assertEquals, assertRejects } from "@std/assert";
import { isAllowedHost, normalizeHost, registerOutgoingDomains } from "./outgoing.ts";

Deno.test("hosts match the list exactly, ignoring case, brackets and a trailing dot", () => {
  assertEquals(normalizeHost(" Example.COM. "), "example.com");
  assertEquals(isAllowedHost("EXAMPLE.com", ["example.com"]), true);
  assertEquals(isAllowedHost("api.example.com", ["example.com"]), false);
  assertEquals(isAllowedHost("example.com.evil.test", ["example.com"]), false);
  assertEquals(isAllowedHost("[::1]", ["::1"]), true);
});

Deno.test("the guard refuses other hosts before connecting and restores fetch when released", async () => {
  const original = globalThis.fetch;
  const release = registerOutgoingDomains(["example.com"]);
  try {
    assertEquals(globalThis.fetch === original, false);
    const error = await assertRejects(
      () => fetch("https://blocked.invalid/path"),
      Deno.errors.NotCapable,
    );
    assertEquals(error.message.includes("outgoing_domains"), true);
    await assertRejects(() => fetch(new Request("http://other.invalid/")), Deno.errors.NotCapable);
  } finally {
    release();
  }
  assertEquals(globalThis.fetch, original);
});

Deno.test("several registrations allow the union until the last one is released", async () => {
  const original = globalThis.fetch;
  const a = registerOutgoingDomains(["a.invalid"]);
  const b = registerOutgoingDomains(["b.invalid"]);
  a();
  await assertRejects(() => fetch("http://a.invalid/"), Deno.errors.NotCapable);
  b();
  assertEquals(globalThis.fetch, original);
});
