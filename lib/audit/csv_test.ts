import { assertEquals } from "@std/assert";
import { csvCell, csvHeader, csvRow } from "./csv.ts";

Deno.test("cells are quoted when they hold separators, quotes or line breaks", () => {
  assertEquals(csvCell("plain"), "plain");
  assertEquals(csvCell('say "hi", then\nleave'), '"say ""hi"", then\nleave"');
  assertEquals(csvCell(" padded"), '" padded"');
});

Deno.test("arrays are JSON, numbers as written, missing values empty", () => {
  assertEquals(
    csvRow(["a", "b", "c", "d"], { a: ["U1", "U2"], b: 1_700_000_000_000, c: null }),
    [
      '"[""U1"",""U2""]"',
      "1700000000000",
      "",
      "",
    ].join(","),
  );
});

Deno.test("a caller string that a spreadsheet would run as a formula is defused", () => {
  assertEquals(
    csvCell('=HYPERLINK("https://evil.example","x")'),
    `"'=HYPERLINK(""https://evil.example"",""x"")"`,
  );
  assertEquals(csvCell("+1"), "'+1");
  assertEquals(csvCell("-2"), "'-2");
  assertEquals(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assertEquals(csvCell(-2), "-2"); // a number is data, not a formula
});

Deno.test("the header row names the columns", () => {
  assertEquals(csvHeader(["_seq", "id"]), "_seq,id");
});
