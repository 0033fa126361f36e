/**
 * The page's modal follows a `view_submission` handler's answer as Slack's client does, in a
 * real browser: `update` re-renders the view in place and keeps what was typed in an input that
 * is still there, `push` shows a new view on top and closing it returns to the one below,
 * `clear` closes them all, and an empty required field is flagged before anything is sent.
 * (The fixture app answers a reason starting with "!" with that response action.)
 */
import { assertEquals } from "@std/assert";
import { BOB, CHANNEL, fire, startFixture } from "../local/_testing.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

const unavailable = browserUnavailable();

Deno.test({
  name: "the modal applies update, push and clear, keeping typed input across an update",
  ignore: unavailable !== undefined,
  // Playwright keeps a pipe to the browser process; the test closes both explicitly.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const platform = await startFixture();
    const browser = await launchChromium();
    const errors: string[] = [];
    try {
      await fire(platform, "Fixture webhook", { id: "m1", n: 2, channel: CHANNEL });
      const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${platform.url}/#${CHANNEL}`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('[data-testid="connection-status"]:text("live")');
      await page.getByTestId("acting-as").selectOption(BOB);
      await page.getByTestId("button-deny").click();
      const title = page.getByTestId("modal-title");
      await page.waitForSelector('[data-testid="modal-title"]:text-is("Deny")');

      // Slack's client refuses an empty required field itself.
      await page.getByTestId("modal-submit").click();
      await page.waitForSelector('[data-testid="field-error-reason"]:not(:empty)');
      assertEquals(await page.getByTestId("input-reason").getAttribute("aria-invalid"), "true");

      await page.getByTestId("input-reason").fill("!update");
      await page.getByTestId("modal-submit").click();
      await page.waitForSelector('[data-testid="modal-title"]:text-is("Deny (updated)")');
      assertEquals(await page.getByTestId("input-reason").inputValue(), "!update");
      assertEquals(await page.getByTestId("field-error-reason").textContent(), "");

      await page.getByTestId("input-reason").fill("!push");
      await page.getByTestId("modal-submit").click();
      await page.waitForSelector('[data-testid="modal-title"]:text-is("Deny (pushed)")');
      await page.getByTestId("modal-close").click();
      await page.waitForSelector('[data-testid="modal-title"]:text-is("Deny (updated)")');

      await page.getByTestId("input-reason").fill("!push");
      await page.getByTestId("modal-submit").click();
      await page.waitForSelector('[data-testid="modal-title"]:text-is("Deny (pushed)")');
      await page.getByTestId("input-reason").fill("!clear");
      await page.getByTestId("modal-submit").click();
      await page.getByTestId("modal").waitFor({ state: "detached" });
      assertEquals(await title.count(), 0);
      assertEquals(errors, []);
    } finally {
      await browser.close();
      await platform.close();
    }
  },
});
