import { assert, assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import {
  escapeMrkdwn,
  isUserId,
  mrkdwnWithCode,
  plainText,
  safeHttpUrl,
  safeLink,
  slackDate,
  stripControl,
  truncate,
  usergroupMention,
  userMention,
} from "./mrkdwn.ts";

/** Text with the zero-width spaces removed, to check what a reader sees. */
const visible = (s: string) => s.replaceAll("\u200b", "");

Deno.test("escapeMrkdwn makes broadcast mentions inert", () => {
  for (const hostile of ["<!channel>", "<!here>", "<!everyone>", "<!subteam^S123|@admins>"]) {
    const out = escapeMrkdwn(hostile, 100);
    assertFalse(out.includes("<"), `raw < left in ${out}`);
    assertFalse(out.includes(">"), `raw > left in ${out}`);
    assertEquals(visible(out).replaceAll("&lt;", "<").replaceAll("&gt;", ">"), hostile);
  }
  assertEquals(escapeMrkdwn("<!channel>", 100), "&lt;!channel&gt;");
});

Deno.test("escapeMrkdwn makes user mentions and caller links inert", () => {
  assertEquals(escapeMrkdwn("<@U123>", 100), "&lt;@U123&gt;");
  const link = escapeMrkdwn("<https://evil.example|Open>", 100);
  assertEquals(link, "&lt;https://evil.example|Open&gt;");
});

Deno.test("escapeMrkdwn escapes & before other entities so they cannot be forged", () => {
  assertEquals(escapeMrkdwn("&lt;!channel&gt;", 100), "&amp;lt;!channel&amp;gt;");
  assertEquals(escapeMrkdwn("a & b", 100), "a &amp; b");
});

Deno.test("escapeMrkdwn neutralises formatting characters but keeps them visible", () => {
  const out = escapeMrkdwn("*bold* _it_ ~s~ `code`", 200);
  assertEquals(visible(out), "*bold* _it_ ~s~ `code`");
  // Each formatting character is fenced by zero-width spaces so no pair forms.
  for (const ch of ["*", "_", "~", "`"]) {
    assertStringIncludes(out, `\u200b${ch}\u200b`);
    assertFalse(new RegExp(`[^\u200b]\\${ch}|\\${ch}[^\u200b]`).test(out), `bare ${ch} in ${out}`);
  }
});

Deno.test("escapeMrkdwn strips control and bidi characters", () => {
  assertEquals(escapeMrkdwn("a\u0000b\u0007c\u001bd\u007fe\u202ef\u2066g", 100), "abcdefg");
  assertEquals(escapeMrkdwn("line1\r\nline2", 100), "line1\nline2");
  assertEquals(escapeMrkdwn("line1\n  line2\tx", 100, false), "line1 line2 x");
});

Deno.test("escapeMrkdwn bounds the escaped output, entities included", () => {
  const huge = "<".repeat(10_000);
  const out = escapeMrkdwn(huge, 100);
  assert(Array.from(out).length <= 100, `length ${out.length}`);
  assert(out.endsWith("…"));
  // Never a half entity such as "&l".
  assertEquals(out.slice(0, -1).replaceAll("&lt;", ""), "");
  const exact = escapeMrkdwn("abc", 3);
  assertEquals(exact, "abc");
  assertEquals(escapeMrkdwn("abcd", 3), "ab…");
  assertEquals(escapeMrkdwn("abcd", 0), "");
});

Deno.test("truncate counts code points and never splits a surrogate pair", () => {
  assertEquals(truncate("😀😀😀", 2), "😀…");
  assertEquals(truncate("short", 10), "short");
});

Deno.test("plainText strips control characters and bounds length, folding lines", () => {
  assertEquals(plainText("a\nb\u0000c", 100), "a bc");
  assertEquals(Array.from(plainText("x".repeat(500), 150)).length, 150);
  assertEquals(plainText("<!channel>", 100), "<!channel>"); // plain_text is never parsed
});

Deno.test("stripControl keeps ordinary Unicode", () => {
  assertEquals(stripControl("héllo — ✓ 日本"), "héllo — ✓ 日本");
});

Deno.test("safeHttpUrl accepts only absolute http(s) URLs without credentials", () => {
  assert(safeHttpUrl("https://ci.example.com/run/1"));
  assert(safeHttpUrl("http://ci.example.com/"));
  for (
    const bad of [
      "javascript:alert(1)",
      "slack://open",
      "/relative",
      "https://user:pw@example.com/",
      "https://example.com/<!channel>",
      "https://example.com/a|b",
      "https://exa mple.com",
      "",
      "https://example.com/" + "a".repeat(2000),
    ]
  ) {
    assertEquals(safeHttpUrl(bad), undefined, bad);
  }
});

Deno.test("safeLink builds the link itself with an escaped label", () => {
  assertEquals(
    safeLink("https://ci.example.com/run?a=1&b=2", "Run <!here>", 300),
    "<https://ci.example.com/run?a=1&amp;b=2|Run &lt;!here&gt;>",
  );
});

Deno.test("safeLink never links non-http URLs and escapes them instead", () => {
  assertEquals(safeLink("javascript:alert(1)", "Open", 300), "javascript:alert(1)");
  const injected = safeLink("<https://evil.example|Open>", undefined, 300);
  assertEquals(injected, "&lt;https://evil.example|Open&gt;");
});

Deno.test("safeLink respects its budget", () => {
  const out = safeLink("https://example.com/x", "L".repeat(5000), 120);
  assert(out.length <= 120, `length ${out.length}`);
  assert(out.startsWith("<https://example.com/x|"));
  assert(out.endsWith("…>"));
});

Deno.test("mentions are only built from well-formed ids", () => {
  assertEquals(userMention("U012ABC"), "<@U012ABC>");
  assertEquals(userMention("<!channel>"), "&lt;!channel&gt;");
  assertEquals(userMention("alice@example.com"), "alice@example.com");
  assertEquals(usergroupMention("S0123"), "<!subteam^S0123>");
  assertEquals(usergroupMention("S0123|x>"), "S0123|x&gt;");
  assert(isUserId("W0123ABC"));
  assertFalse(isUserId("u123"));
});

Deno.test("slackDate renders a localised date with an ISO fallback", () => {
  assertEquals(
    slackDate(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    "<!date^1767323045^{date_short_pretty} {time}|2026-01-02T03:04:05Z>",
  );
  assertEquals(slackDate(0), "unknown time");
});

Deno.test("mrkdwnWithCode: copyable spans are code with no invisible characters, and inert", () => {
  const text = 'set `COUNTERSIGN_ADMIN_USERS` for user "U_1 *x*"; run `deno task cli pubkey`';
  assertEquals(
    mrkdwnWithCode(text, 500),
    'set `COUNTERSIGN_ADMIN_USERS` for user `"U_1 *x*"`; run `deno task cli pubkey`',
  );
  // Mention syntax inside a quoted value or a backtick span is escaped, not live.
  assertEquals(
    mrkdwnWithCode('id "<!here> <@U123>" and `a<b&c>`', 500),
    'id `"&lt;!here&gt; &lt;@U123&gt;"` and `a&lt;b&amp;c&gt;`',
  );
  // A quoted value holding a backtick cannot be a code span: escaped prose, formatting fenced.
  const tricky = mrkdwnWithCode('name "a` *b*" end', 500);
  assertFalse(tricky.includes('`"a` *b*"`'), tricky);
  assertStringIncludes(tricky, "\u200b*\u200bb\u200b*\u200b");
  // Prose outside spans is escaped as before.
  assertEquals(mrkdwnWithCode("<!channel> *x*", 500), escapeMrkdwn("<!channel> *x*", 500));
});

Deno.test("mrkdwnWithCode stays within max, never cutting inside a span", () => {
  const text = "intro " + '"' + "v".repeat(50) + '" ' + "tail ".repeat(20);
  for (const max of [5, 20, 40, 60, 80, 200]) {
    const out = mrkdwnWithCode(text, max);
    assert(Array.from(out).length <= max, `${max}: ${out.length}`);
    assertEquals((out.match(/`/g) ?? []).length % 2, 0, out);
  }
});
