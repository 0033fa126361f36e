import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { checkCallbackUrl, hostMatches, parseDomainList } from "./domain.ts";

const ALLOWED = ["example.com", "hooks.countersign.dev"];

function reason(url: string, extra: string[] = []): string {
  const r = checkCallbackUrl(url, ALLOWED, extra);
  assert(!r.ok, `expected ${url} to be refused`);
  return r.reason;
}

Deno.test("listed hosts pass over https, in any case and with a trailing dot", () => {
  for (const url of ["https://example.com/cb", "https://HOOKS.countersign.dev./x"]) {
    assert(checkCallbackUrl(url, ALLOWED, []).ok, url);
  }
});

Deno.test("a subdomain of a listed host is refused: Slack allows exactly the listed hosts", () => {
  for (const url of ["https://ci.example.com/cb", "https://a.hooks.countersign.dev/x"]) {
    assertStringIncludes(reason(url), "is not in the app's outgoing domains");
  }
  assertStringIncludes(reason("https://api.partner.io/x", ["partner.io"]), "outgoing domains");
  assertStringIncludes(reason("https://api.partner.io/x", ["*.partner.io"]), "outgoing domains");
});

Deno.test("lookalike hosts are refused", () => {
  for (
    const url of [
      "https://evilexample.com/",
      "https://example.com.evil.net/",
      "https://countersign.dev/",
    ]
  ) {
    assertStringIncludes(reason(url), "is not in the app's outgoing domains");
  }
});

Deno.test("https is required except for listed loopback hosts", () => {
  assertStringIncludes(reason("http://example.com/cb"), "must use https");
  assertStringIncludes(reason("http://127.0.0.1:8080/cb"), "must use https");
  assertStringIncludes(reason("http://127.0.0.1:8080/cb", ["localhost"]), "must use https");
  assert(checkCallbackUrl("http://127.0.0.1:8080/cb", ALLOWED, ["127.0.0.1"]).ok);
  assert(checkCallbackUrl("http://[::1]:9/cb", ALLOWED, ["::1"]).ok);
  assertStringIncludes(reason("ftp://example.com/"), "must use https");
});

Deno.test("extra domains extend the list; credentials and junk are refused", () => {
  assert(checkCallbackUrl("https://api.partner.io/x", ALLOWED, ["api.partner.io"]).ok);
  assertStringIncludes(reason("https://user:pw@example.com/"), "must not carry credentials");
  assertEquals(
    reason("not a url"),
    'Cannot call back: callback URL "not a url" is not a valid URL',
  );
});

Deno.test("parseDomainList and hostMatches normalise entries", () => {
  assertEquals(parseDomainList(" 127.0.0.1, *.Partner.io  ,,x.dev."), [
    "127.0.0.1",
    "*.partner.io",
    "x.dev",
  ]);
  assertEquals(parseDomainList(undefined), []);
  assert(hostMatches("Example.COM.", "example.com"));
  assert(!hostMatches("a.b.example.com", "example.com"));
  assert(!hostMatches("partner.io", "*.partner.io"));
  assert(!hostMatches("10.0.0.1", "0.0.1"));
});
