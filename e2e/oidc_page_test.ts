/**
 * The keyless demo in a real browser: the approval message of a request that carried only an
 * OIDC token shows the verified identity apart from caller-asserted fields, and an approver
 * approves it from the page.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { DEMO_USERS } from "../demo/workspace.ts";
import { startKeylessDemo } from "../demo/oidc_demo.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

const unavailable = browserUnavailable();

Deno.test({
  name: "keyless request in the browser: verified identity shown, approved from the page",
  ignore: unavailable !== undefined,
  // Playwright keeps a pipe to the browser process; the test closes both explicitly.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const demo = await startKeylessDemo({ port: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(demo.platform.url);
      await page.waitForSelector('body[data-ready="true"]');
      const message = page.getByTestId("message-list").locator('[data-testid="message"]', {
        hasText: "Verified identity",
      });
      await message.waitFor();
      const shown = await message.innerText();
      for (
        const text of [
          "Actor (verified)",
          "octocat",
          "Repository (verified)",
          "acme/api",
          "Commit (verified)",
          "8f2e1c0b5a4d",
          "proved by OIDC token (keyless)",
          "(caller-asserted)",
        ]
      ) assertStringIncludes(shown, text);

      await page.getByTestId("acting-as").selectOption(DEMO_USERS.approver1.id);
      await message.getByTestId("button-countersign_approve").click();
      await page.waitForSelector(
        `[data-testid="decision-row"][data-request-id="${demo.requestId}"][data-outcome="approved"]`,
      );
      // The record can land a moment before the message is updated in place: wait for the update.
      const decided = page.getByTestId("message-list").locator('[data-testid="message"]', {
        hasText: "Verified identity",
      }).filter({ hasText: "Approved" });
      await decided.waitFor();
      assertStringIncludes(await decided.innerText(), "Approved");
      assertEquals(errors, []);
    } finally {
      await browser.close();
      await demo.close();
    }
  },
});
