/// <reference lib="dom" />
/**
 * The page's layout in a real browser at 1280 and 800 px: a channel opens at its newest message
 * and scrolls on its own (never the document), a new message comes into view, a reader scrolled
 * up keeps their place and gets a "new messages" button, the top bar with "Acting as" stays
 * visible whatever scrolls, the message column keeps a readable width, and a DM is titled with
 * the person's name. Every wait is on a condition, never on time.
 */
import { assert, assertEquals } from "@std/assert";
import type { Page } from "playwright-core";
import { DEMO_USERS } from "../demo/workspace.ts";
import { inView, openPage, pageTest, postMessages } from "./_page_scenario.ts";

/** The top bar and its "Acting as" switcher are on screen and not covered. */
async function assertTopBarVisible(page: Page, when: string) {
  const visible = await page.evaluate(() => {
    const bar = document.querySelector(".topbar")!.getBoundingClientRect();
    const select = document.querySelector('[data-testid="acting-as"]')!;
    const r = select.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { top: bar.top, bottom: bar.bottom, onTop: hit === select || select.contains(hit) };
  });
  assertEquals(visible.top, 0, `top bar moved ${when}`);
  assert(visible.bottom > 20 && visible.onTop, `"Acting as" hidden ${when}`);
}

/** The document itself never scrolls: only the columns do. */
async function assertDocumentStill(page: Page) {
  const doc = await page.evaluate(() => {
    const el = document.scrollingElement!;
    return { top: el.scrollTop, height: el.scrollHeight, view: innerHeight };
  });
  assertEquals(doc.top, 0);
  assert(doc.height <= doc.view + 1, `the document scrolls (${doc.height} > ${doc.view})`);
}

for (const width of [1280, 800]) {
  pageTest(
    `page at ${width} px: newest message in view, own scrolling, fixed top bar, names`,
    async ({ platform, browser }) => {
      const old = await postMessages(platform, 30, "Earlier");
      const page = await browser.newPage({ viewport: { width, height: 720 } });
      // Generous bounds for a loaded machine; every wait is still on a condition.
      page.setDefaultTimeout(120_000);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await openPage(page, platform.url);
      const last = `[data-testid="message"][data-ts="${old.at(-1)}"]`;
      await page.waitForSelector(last);
      // The channel opens at its newest message.
      await page.waitForFunction((sel) => {
        const node = document.querySelector(sel)!.getBoundingClientRect();
        const list = document.querySelector('[data-testid="message-list"]')!
          .getBoundingClientRect();
        return node.bottom <= list.bottom + 1 && node.top >= list.top;
      }, last);
      assert(!(await inView(page, `[data-testid="message"][data-ts="${old[0]}"]`)));
      await assertDocumentStill(page);
      await assertTopBarVisible(page, "at load");

      // The message column keeps a readable width.
      const column = await page.getByTestId("message-list").boundingBox();
      assert(column && column.width >= 380, `message column is ${column?.width} px wide`);

      // A new message scrolls into view by itself.
      const [fresh] = await postMessages(platform, 1, "Fresh");
      await page.waitForFunction(
        (sel) => {
          const node = document.querySelector(sel);
          const list = document.querySelector('[data-testid="message-list"]');
          if (!node || !list) return false;
          const a = node.getBoundingClientRect(), b = list.getBoundingClientRect();
          return a.bottom <= b.bottom + 1 && a.top >= b.top;
        },
        `[data-testid="message"][data-ts="${fresh}"]`,
      );

      // Scrolled up to read, the reader keeps their place; a button offers the new message.
      await page.getByTestId("message-list").evaluate((el) => (el.scrollTop = 0));
      await page.waitForSelector('[data-testid="message-list"][data-pinned="false"]');
      const [later] = await postMessages(platform, 1, "Later");
      const laterSel = `[data-testid="message"][data-ts="${later}"]`;
      await page.waitForSelector(laterSel, { state: "attached" });
      await page.getByTestId("new-messages").waitFor({ state: "visible" });
      assertEquals(
        await page.getByTestId("message-list").evaluate((el) => el.scrollTop),
        0,
        "the reader's place was lost",
      );
      assert(!(await inView(page, laterSel)));
      await assertTopBarVisible(page, "with the list scrolled up");
      await page.getByTestId("new-messages").click();
      await page.waitForFunction(
        (sel) => {
          const a = document.querySelector(sel)!.getBoundingClientRect();
          const b = document.querySelector('[data-testid="message-list"]')!
            .getBoundingClientRect();
          return a.bottom <= b.bottom + 1 && a.top >= b.top;
        },
        laterSel,
      );
      await page.getByTestId("new-messages").waitFor({ state: "hidden" });

      // Wheel and keyboard scrolling anywhere move a column, never the page or its top bar.
      await page.mouse.move(width / 2, 400);
      await page.mouse.wheel(0, 5000);
      await page.keyboard.press("End");
      await page.evaluate(() => scrollTo(0, 10_000));
      await assertDocumentStill(page);
      await assertTopBarVisible(page, "after scrolling");

      // A new DM elsewhere is announced; "Open" shows it, titled with a name, not its id.
      await page.getByTestId("acting-as").selectOption(DEMO_USERS.approver1.id);
      const dm = await platform.api.call("conversations.open", {
        users: DEMO_USERS.approver1.id,
      }, platform.botToken);
      assertEquals(dm.ok, true, JSON.stringify(dm));
      const dmId = String((dm.channel as { id: string }).id);
      const posted = await platform.api.call("chat.postMessage", {
        channel: dmId,
        text: `Hello <@${DEMO_USERS.approver1.id}>, see <#C0APPROVALS>`,
      }, platform.botToken);
      assertEquals(posted.ok, true);
      await page.getByTestId("toast-action").waitFor({ state: "visible" });
      assertEquals(
        await page.getByTestId("toast").evaluate((t) => t.firstChild?.textContent),
        "New direct message from Countersign",
      );
      await page.getByTestId("toast-action").click();
      await page.waitForSelector(`[data-testid="message"][data-ts="${posted.ts}"]`);
      const title = await page.getByTestId("channel-title").textContent();
      assert(title && !title.includes(dmId), `the DM is titled with its id: ${title}`);
      assertEquals(title, "Countersign");
      const text = await page.locator(`[data-testid="message"][data-ts="${posted.ts}"]`)
        .innerText();
      assert(text.includes("@Ada Approver") && text.includes("#approvals"), text);
      // The switcher names people; their ids stay out of sight.
      const options = await page.getByTestId("acting-as").locator("option").allTextContents();
      assert(options.includes("Ada Approver"), options.join(", "));
      assert(!options.some((o) => /U0[A-Z0-9]{6,}/.test(o)), options.join(", "));
      assertEquals(errors, []);
    },
  );
}
