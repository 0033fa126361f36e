/// <reference lib="dom" />
/**
 * The page's report chart: the same SVG as `deno task cli report`, shown in the side panel and
 * redrawn when a decision is recorded.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { startPlatform } from "../local/server.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

const unavailable = browserUnavailable();

Deno.test({
  name: "the page shows the report chart and redraws it when a decision is recorded",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "countersign_chart_" });
    const platform = await startPlatform({ port: 0, dataDir, seed: true, quiet: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(platform.url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('[data-testid="connection-status"]:text("live")');
      const chart = page.locator('[data-testid="report-chart"]');
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="report-chart"]');
        return !!img && img.complete && img.naturalWidth === Number(img.dataset.width);
      });
      const before = await chart.getAttribute("src");

      const put = await platform.api.call("apps.datastore.put", {
        datastore: "decisions",
        item: {
          id: "demo-ci|chart-1",
          status: "final",
          service_id: "demo-ci",
          outcome: "approved",
          requested_at: Date.now() - 60_000,
          decided_at: Date.now(),
          time_to_decision_ms: 60_000,
        },
      }, platform.botToken);
      assertEquals(put.ok, true);
      await page.waitForFunction(
        (old) =>
          document.querySelector('[data-testid="report-chart"]')?.getAttribute("src") !== old,
        before,
      );
      const svg = await page.evaluate(async () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="report-chart"]')!;
        return await (await fetch(img.src)).text();
      });
      assertStringIncludes(svg, "approved: 1</title>");
      assertEquals(await chart.isVisible(), true);

      // "Run now" on a scheduled trigger starts its workflow at once.
      const sweep = platform.storage.listTriggers().find((t) =>
        t.type === "scheduled" &&
        t.workflow.endsWith("/sweep_pending")
      )!;
      await page.click(`[data-testid="run-schedule-${sweep.id}"]`);
      await page.waitForSelector('[data-testid="runs"] :text("sweep_pending")');
      await platform.engine.idle();
      const run = platform.storage.listRuns(5).find((r) => r.workflow === "sweep_pending");
      assertEquals(run?.status, "completed", run?.error);
    } finally {
      await browser.close();
      await platform.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
