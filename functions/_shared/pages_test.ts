import { assertEquals, assertRejects } from "@std/assert";
import { type Page, readAllPages } from "./pages.ts";

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
  await assertRejects(() => readAllPages(endless, 5), Error, "after 5 pages");
});

Deno.test("readAllPages passes fetch errors through", async () => {
  const failing = () => Promise.reject(new Error("boom"));
  await assertRejects(() => readAllPages(failing), Error, "boom");
});
