import { assertEquals } from "@std/assert";
import { decodeEntities, isSafeUrl, parseMrkdwn } from "./mrkdwn.js";

Deno.test("parseMrkdwn: bold, italic, strike, code and nesting", () => {
  assertEquals(parseMrkdwn("a *b* _c_ ~d~ `e*f*`"), [
    { type: "text", text: "a " },
    { type: "bold", children: [{ type: "text", text: "b" }] },
    { type: "text", text: " " },
    { type: "italic", children: [{ type: "text", text: "c" }] },
    { type: "text", text: " " },
    { type: "strike", children: [{ type: "text", text: "d" }] },
    { type: "text", text: " " },
    { type: "code", text: "e*f*" },
  ]);
  assertEquals(parseMrkdwn("*_x_*"), [
    { type: "bold", children: [{ type: "italic", children: [{ type: "text", text: "x" }] }] },
  ]);
});

Deno.test("parseMrkdwn: markers inside words or fenced by zero-width spaces stay literal", () => {
  assertEquals(parseMrkdwn("2*3*4"), [{ type: "text", text: "2*3*4" }]);
  assertEquals(parseMrkdwn("snake_case_name"), [{ type: "text", text: "snake_case_name" }]);
  const fenced = "\u200b*\u200bnot bold\u200b*\u200b";
  assertEquals(parseMrkdwn(fenced), [{ type: "text", text: fenced }]);
  const code = "\u200b`\u200bnot code\u200b`\u200b";
  assertEquals(parseMrkdwn(code), [{ type: "text", text: code }]);
  assertEquals(parseMrkdwn("* not bold*"), [{ type: "text", text: "* not bold*" }]);
});

Deno.test("parseMrkdwn: mentions, links and special mentions", () => {
  assertEquals(parseMrkdwn("<@U0APPR0001> <#C1|general> <!subteam^S1|@approvers>"), [
    { type: "user", id: "U0APPR0001", label: "" },
    { type: "text", text: " " },
    { type: "channel", id: "C1", label: "general" },
    { type: "text", text: " " },
    { type: "usergroup", id: "S1", label: "@approvers" },
  ]);
  assertEquals(parseMrkdwn("<https://ci.example.com/r?a=1&amp;b=2|the run> <!channel>"), [
    {
      type: "link",
      url: "https://ci.example.com/r?a=1&b=2",
      label: "the run",
      raw: "<https://ci.example.com/r?a=1&b=2|the run>",
    },
    { type: "text", text: " " },
    { type: "special", text: "<!channel>" },
  ]);
  assertEquals(parseMrkdwn("<javascript:alert(1)|x>"), [
    { type: "link", url: "javascript:alert(1)", label: "x", raw: "<javascript:alert(1)|x>" },
  ]);
});

Deno.test("parseMrkdwn: dates carry their timestamp and fallback", () => {
  assertEquals(parseMrkdwn("<!date^1700000000^{date_short_pretty} {time}|2023-11-14T22:13:20Z>"), [
    { type: "date", seconds: 1700000000, fallback: "2023-11-14T22:13:20Z" },
  ]);
});

Deno.test("parseMrkdwn: escaped text decodes to inert characters, never to markup", () => {
  assertEquals(parseMrkdwn("&lt;!channel&gt; &lt;script&gt; &amp;lt;"), [
    { type: "text", text: "<!channel> <script> &lt;" },
  ]);
});

Deno.test("parseMrkdwn: lines, quotes and code fences", () => {
  assertEquals(parseMrkdwn("a\nb"), [
    { type: "text", text: "a" },
    { type: "br" },
    { type: "text", text: "b" },
  ]);
  assertEquals(parseMrkdwn("&gt; quoted\nafter"), [
    { type: "quote", children: [{ type: "text", text: "quoted" }] },
    { type: "text", text: "after" },
  ]);
  assertEquals(parseMrkdwn("x```\n*raw* <@U1>```"), [
    { type: "text", text: "x" },
    { type: "pre", text: "*raw* <@U1>" },
  ]);
});

Deno.test("isSafeUrl allows only web and mail links", () => {
  assertEquals(isSafeUrl("https://example.com/x"), true);
  assertEquals(isSafeUrl("mailto:a@example.com"), true);
  assertEquals(isSafeUrl("javascript:alert(1)"), false);
  assertEquals(isSafeUrl("data:text/html,<b>"), false);
  assertEquals(isSafeUrl("https://example.com/a b"), false);
  assertEquals(decodeEntities("&amp;gt;"), "&gt;");
});
