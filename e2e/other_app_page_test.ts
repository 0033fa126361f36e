/**
 * The platform knows nothing of Countersign: another Deno Slack app started with `--app` (the
 * runtime's fixture app) shows a page with its own name, its channels and runs, no Countersign
 * panel and no error toast; and Countersign's page, with its plugin, does show its panels.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { Page } from "playwright-core";
import { startPlatform } from "../local/server.ts";
import { FIXTURE_APP, spawnPlatform } from "../local/_testing.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

const unavailable = browserUnavailable();

/** Opens the page and waits until it has loaded everything it loads at start. */
async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('[data-testid="connection-status"]:text("live")');
  // Panels render their first load; the runs panel is the page's own, always present.
  await page.waitForSelector('[data-testid="runs"] :is(p.empty, details.run)');
}

Deno.test({
  name: "another app run with --app: its page has no Countersign panel and no error toast",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "local_other_app_" });
    const started = await spawnPlatform([
      "--port=0",
      `--data=${dataDir}`,
      `--app=${FIXTURE_APP}`,
    ]);
    const browser = await launchChromium();
    try {
      assert(started.url, `no page URL printed:\n${started.printed}`);
      assertEquals(started.printed.includes("deno task cli send"), false, started.printed);
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on("response", (res) => {
        if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
      });
      await openPage(page, started.url);
      assertEquals(await page.textContent('[data-testid="app-name"]'), "Fixture");
      assertEquals(await page.title(), "Fixture · local workspace");
      for (const id of ["decisions", "report-chart", "callbacks"]) {
        assertEquals(await page.locator(`[data-testid="${id}"]`).count(), 0, id);
      }
      const headings = await page.locator("aside.panel h3").allTextContents();
      assertEquals(headings, ["Workflow runs"]);
      assert(await page.locator('[data-testid="toast"]').isHidden(), "an error toast showed");
      assertEquals(failed, [], "every request of the page succeeded");
      // The acting-as choice is kept under the platform's own key, not Countersign's.
      const keys = await page.evaluate(() => Object.keys(localStorage));
      assertEquals(keys.filter((k) => k.startsWith("countersign")), []);
    } finally {
      await browser.close();
      started.process.kill("SIGTERM");
      await started.process.status;
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "Countersign's plugin brings its panels to the same page",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const platform = await startPlatform({ port: 0, dataDir: ":memory:", quiet: true });
    const browser = await launchChromium();
    try {
      assertEquals(platform.plugin?.name, "countersign-demo");
      const page = await browser.newPage();
      await openPage(page, platform.url);
      await page.waitForSelector('[data-testid="decisions"] p.empty');
      await page.waitForSelector('[data-testid="callbacks"] p.empty');
      const headings = await page.locator("aside.panel h3").allTextContents();
      assertEquals(headings, [
        "Decisions",
        "Decisions over the last 7 days",
        "Callbacks received by the demo bot",
        "Workflow runs",
      ]);
      assertStringIncludes(
        String(await page.getAttribute('[data-testid="report-chart"]', "src")),
        "/_local/report.svg",
      );
      assertEquals(await page.textContent('[data-testid="channel-title"]'), "# approvals");
      assert(await page.locator('[data-testid="toast"]').isHidden(), "an error toast showed");
    } finally {
      await browser.close();
      await platform.close();
    }
  },
});
