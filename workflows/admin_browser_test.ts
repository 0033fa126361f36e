/**
 * The admin shortcuts through a real browser on the local platform: Ada (the demo admin) clicks
 * "Disable or enable a bot" in the sidebar, the form opens as a modal, an empty required field is
 * flagged in place, the submission disables the demo bot, and the app's DM tells her so.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startPlatform } from "../local/server.ts";
import { DEMO_USERS } from "../demo/workspace.ts";
import { browserUnavailable, launchChromium } from "../e2e/_browser.ts";

const unavailable = browserUnavailable();
if (unavailable) console.warn(`skipping browser tests: ${unavailable}`);

Deno.test({
  name: "an admin disables a bot from the page's Shortcuts list and reads the DM",
  ignore: unavailable !== undefined,
  // Playwright keeps a pipe to the browser process; the test closes both explicitly.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "countersign_admin_browser_" });
    const platform = await startPlatform({ port: 0, dataDir, seed: true, quiet: true });
    const browser = await launchChromium();
    const errors: string[] = [];
    try {
      const trigger = platform.triggers.find((t) =>
        t.workflow === "#/workflows/admin_set_bot_status"
      );
      assert(trigger, "the admin shortcut was created from triggers/");
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(platform.url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('[data-testid="connection-status"]:text("live")');
      await page.getByTestId("acting-as").selectOption(DEMO_USERS.approver1.id);

      await page.getByTestId(`shortcut-${trigger.id}`).click();
      const modal = page.getByTestId("modal");
      await modal.waitFor();
      assertEquals(await page.getByTestId("modal-title").textContent(), "Disable or enable a bot");
      await page.getByTestId("input-status").selectOption("disabled");
      await page.getByTestId("modal-submit").click();
      await page.waitForSelector('[data-testid="field-error-service_id"]:not(:empty)');

      await page.getByTestId("input-service_id").fill("demo-ci");
      await page.getByTestId("input-reason").fill("Rotating credentials <!channel>");
      await page.getByTestId("modal-submit").click();
      await modal.waitFor({ state: "detached" });

      const dm = page.getByTestId(`dm-${platform.storage.listUsers().find((u) => u.is_bot)!.id}`);
      await dm.waitFor();
      await dm.click();
      const message = page.getByTestId("message-list").locator('[data-testid="message"]').last();
      await message.waitFor();
      const text = await message.textContent() ?? "";
      assertStringIncludes(text, 'Disabled bot "demo-ci"');
      assertStringIncludes(text, "Rotating credentials <!channel>");
      assertEquals(platform.storage.getItem("services", "demo-ci")?.status, "disabled");
      assertEquals(errors, []);
    } finally {
      await browser.close();
      await platform.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
