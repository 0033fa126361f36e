import { assertEquals, assertRejects } from "@std/assert";
import { eachPage, type Page, readAllPages } from "./pages.ts";

function pager(pages: Record<string, Page<number>>) {
  const asked: (string | undefined)[] = [];
  const fetchPage = (cursor: string | undefined) => {
    asked.push(cursor);
    return Promise.resolve(pages[cursor ?? "start"]);
  };
  return { asked, fetchPage };
}

Deno.test("readAllPages follows cursors through empty pages to the end", async () => {
  const { asked, fetchPage } = pager({
    start: { items: [1, 2], cursor: "c1" },
    c1: { items: [], cursor: "c2" },
    c2: { items: [3], cursor: "" },
  });
  assertEquals(await readAllPages(fetchPage), [1, 2, 3]);
  assertEquals(asked, [undefined, "c1", "c2"]);
});

Deno.test("readAllPages stops on a repeated cursor or too many pages", async () => {
  const loop = pager({ start: { items: [1], cursor: "c" }, c: { items: [2], cursor: "c" } });
  await assertRejects(() => readAllPages(loop.fetchPage), Error, 'cursor "c" repeated');
  let n = 0;
  const endless = () => Promise.resolve({ items: [n], cursor: `c${n++}` });
  await assertRejects(() => readAllPages(endless, { maxPages: 5 }), Error, "after 5 pages");
});

Deno.test("readAllPages passes fetch errors through", async () => {
  const failing = () => Promise.reject(new Error("boom"));
  await assertRejects(() => readAllPages(failing), Error, "boom");
});

Deno.test("eachPage with prefetch asks for the next page while the caller works on this one", async () => {
  const { asked, fetchPage } = pager({
    start: { items: [1], cursor: "a" },
    a: { items: [2], cursor: "b" },
    b: { items: [3] },
  });
  const seen: number[][] = [];
  for await (const items of eachPage(fetchPage, { prefetch: true })) {
    seen.push([...items, asked.length]);
  }
  // Each page arrives with the next one already asked for; the last asks for nothing more.
  assertEquals(seen, [[1, 2], [2, 3], [3, 3]]);
  const plain: number[] = [];
  const second = pager({ start: { items: [1], cursor: "a" }, a: { items: [2] } });
  for await (const _items of eachPage(second.fetchPage)) plain.push(second.asked.length);
  assertEquals(plain, [1, 2]);
});

Deno.test("eachPage: a caller that stops early leaves no failed page behind", async () => {
  const fetchPage = (cursor: string | undefined) =>
    cursor
      ? Promise.reject(new Error("the page asked ahead failed"))
      : Promise.resolve({ items: [1], cursor: "next" });
  const seen: number[] = [];
  for await (const items of eachPage(fetchPage, { prefetch: true })) {
    seen.push(...items);
    break;
  }
  assertEquals(seen, [1]);
  // Read to the end, the failure of the page asked ahead is the caller's error.
  await assertRejects(
    () => readAllPages(fetchPage, { prefetch: true }),
    Error,
    "the page asked ahead failed",
  );
});
