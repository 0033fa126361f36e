/// <reference lib="dom" />
/**
 * Countersign's decisions panel and chart in a real browser at 1280 and 800 px: a bounded list a
 * page at a time, filters by outcome, bot and environment, short ids whose copy button copies the
 * whole id, a detail view with people's names, no word broken in the middle, and a chart whose
 * text is at least 11 px as shown.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import type { Page } from "playwright-core";
import { openPage, pageTest, seedHistory, showSidePanel } from "./_page_scenario.ts";

const ROW = '[data-testid="decision-row"]';
/** Rows per page (demo/page/decisions_panel.js). */
const PAGE_SIZE = 8;

/** Waits until the pager says `text`. */
async function waitCount(page: Page, text: string) {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="decisions-count"]')?.textContent === t,
    text,
  );
}

/** Every one-line cell and badge fits on one line: nothing wraps inside a word. */
async function assertNoBrokenWords(page: Page) {
  const broken = await page.evaluate(() => {
    const out: string[] = [];
    for (
      const node of document.querySelectorAll<HTMLElement>(
        '[data-testid="decisions"] .badge, [data-testid="decisions"] .one-line, ' +
          '[data-testid="decisions"] .short-id',
      )
    ) {
      const lineHeight = parseFloat(getComputedStyle(node).lineHeight) || 18;
      if (node.getBoundingClientRect().height > lineHeight * 1.5) out.push(node.textContent ?? "");
    }
    return out;
  });
  assertEquals(broken, [], "words broken over lines");
}

for (const width of [1280, 800]) {
  pageTest(
    `decisions panel at ${width} px: bounded, paged, filterable, copyable, detailed`,
    async ({ platform, browser }) => {
      const history = await seedHistory(platform, 30);
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: platform.url,
      });
      const page = await context.newPage();
      // Generous bounds for a loaded machine; every wait is still on a condition.
      page.setDefaultTimeout(120_000);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await openPage(page, platform.url);
      if (width < 1100) {
        assert(await page.getByTestId("side-panel").isHidden(), "the drawer starts open");
      }
      await showSidePanel(page);

      // Bounded: one page of rows, newest first, and the count of all.
      await waitCount(page, `1–${PAGE_SIZE} of 30`);
      assertEquals(await page.locator(ROW).count(), PAGE_SIZE);
      const newest = history.at(-1)!; // seeded oldest first
      assertEquals(await page.locator(ROW).first().getAttribute("data-id"), newest.id);
      const section = await page.getByTestId("decisions").boundingBox();
      assert(section && section.height < 560, `the panel is ${section?.height} px tall`);
      await assertNoBrokenWords(page);

      // Paging.
      await page.getByTestId("decisions-older").click();
      await waitCount(page, `${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of 30`);
      assertEquals(await page.getByTestId("decisions-newer").isEnabled(), true);
      await page.getByTestId("decisions-newer").click();
      await waitCount(page, `1–${PAGE_SIZE} of 30`);

      // Filters combine, and the count says how many of all match.
      const expect = (f: (d: (typeof history)[number]) => boolean) => history.filter(f).length;
      await page.getByTestId("decisions-filter-outcome").selectOption("denied");
      const denied = expect((d) => d.outcome === "denied");
      await waitCount(page, `1–${denied} of ${denied} (30 in all)`);
      for (
        const outcome of await page.locator(ROW).evaluateAll((rows) =>
          rows.map((r) => (r as HTMLElement).dataset.outcome)
        )
      ) {
        assertEquals(outcome, "denied");
      }
      await page.getByTestId("decisions-filter-bot").selectOption("terraform-ci");
      await page.getByTestId("decisions-filter-environment").selectOption("production");
      const both = expect((d) =>
        d.outcome === "denied" && d.service_id === "terraform-ci" &&
        d.environment === "production"
      );
      if (both) await waitCount(page, `1–${both} of ${both} (30 in all)`);
      else await page.waitForSelector('[data-testid="decisions"] :text("No decisions match")');
      await page.getByTestId("decisions-filter-outcome").selectOption("");
      const botEnv = expect((d) =>
        d.service_id === "terraform-ci" && d.environment === "production"
      );
      assert(botEnv > 0);
      await waitCount(page, `1–${Math.min(PAGE_SIZE, botEnv)} of ${botEnv} (30 in all)`);
      for (
        const id of await page.locator(ROW).evaluateAll((rows) =>
          rows.map((r) => (r as HTMLElement).dataset.id)
        )
      ) {
        const d = history.find((h) => h.id === id)!;
        assertEquals([d.service_id, d.environment], ["terraform-ci", "production"]);
      }
      await page.getByTestId("decisions-filter-bot").selectOption("");
      await page.getByTestId("decisions-filter-environment").selectOption("");
      await waitCount(page, `1–${PAGE_SIZE} of 30`);

      // Short ids, and the copy button copies the whole decision id.
      const row = page.locator(ROW).first();
      const id = String(await row.getAttribute("data-id"));
      const short = String(await row.getByTestId("decision-short-id").textContent());
      assert(short.length <= 9 && short.includes("…"), `short id "${short}"`);
      const requestId = String(await row.getAttribute("data-request-id"));
      assert(requestId.startsWith(short.slice(0, 4)) && requestId.endsWith(short.slice(-4)));
      await row.getByTestId("copy-id").click();
      await page.waitForSelector(`${ROW} [data-testid="copy-id"][data-copied="true"]`);
      assertEquals(await page.evaluate(() => navigator.clipboard.readText()), id);

      // The detail view shows the whole record with names, and closes again.
      const human = history.filter((d) => d.outcome === "approved").at(-1)!;
      await page.getByTestId("decisions-filter-outcome").selectOption("approved");
      await page.locator(`${ROW}[data-id="${human.id}"]`).click();
      const detail = page.getByTestId("decision-detail");
      await detail.waitFor();
      const text = await detail.innerText();
      for (const part of [human.id, "Decided by", human.service_name, "human_approved"]) {
        assert(text.includes(part), `detail lacks "${part}": ${text}`);
      }
      assertMatch(text, /(Ada|Grace) Approver/);
      assertMatch(text, /Time to decision\s+\d+ min/);
      await page.getByTestId("decision-detail-close").click();
      await detail.waitFor({ state: "detached" });

      // The chart is drawn for the panel's width: its text is at least 11 px as shown.
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="report-chart"]');
        return !!img && img.complete && img.naturalWidth > 0 &&
          img.src.includes(`width=${img.dataset.width}`);
      });
      const chart = await page.evaluate(async () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="report-chart"]')!;
        const svg = await (await fetch(img.src)).text();
        const viewBox = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
        const base = Number(/<svg[^>]* font-size="(\d+)"/.exec(svg)?.[1]);
        const sizes = [...svg.matchAll(/<text[^>]*?(?: font-size="(\d+)")?[^>]*>/g)]
          .map((m) => Number(m[1] ?? base));
        return {
          shown: img.getBoundingClientRect().width,
          viewBox,
          smallest: Math.min(...sizes),
        };
      });
      const px = chart.smallest * chart.shown / chart.viewBox;
      assert(px >= 11, `chart text is ${px.toFixed(1)} px as shown`);
      // Scrolled to its end, the side panel moves on its own: the top bar stays, the page does not.
      await page.getByTestId("side-panel").evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="side-panel"]')!.scrollTop > 0
      );
      const still = await page.evaluate(() => ({
        bar: document.querySelector(".topbar")!.getBoundingClientRect().top,
        doc: document.scrollingElement!.scrollTop,
      }));
      assertEquals(still, { bar: 0, doc: 0 });
      assertEquals(errors, []);
      await context.close();
    },
  );
}
