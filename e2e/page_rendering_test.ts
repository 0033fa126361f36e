/**
 * The page renders hostile message content inertly: a message posted through the Web API with
 * raw mrkdwn and Block Kit (as any app could send) must show formatting, mentions and safe links,
 * and never become markup, script, a `javascript:` link or a live broadcast mention.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startPlatform } from "../local/server.ts";
import { DEMO_CHANNELS, DEMO_USERS } from "../demo/workspace.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

const unavailable = browserUnavailable();

Deno.test({
  name: "page renders mrkdwn and Block Kit safely and updates live",
  ignore: unavailable !== undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "countersign_page_" });
    const platform = await startPlatform({ port: 0, dataDir, seed: true, quiet: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const alerts: string[] = [];
      page.on("dialog", (d) => {
        alerts.push(d.message());
        d.dismiss();
      });
      await page.goto(platform.url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('[data-testid="connection-status"]:text("live")');

      const text = [
        "*bold* _italic_ ~gone~ `x<y`",
        `<@${DEMO_USERS.approver2.id}> <!channel> <!here>`,
        "<javascript:alert(1)|click me> <https://ci.example.com/run/1?a=1&amp;b=2|the run>",
        "<img src=x onerror=globalThis.xssed=1> &lt;b&gt;not bold&lt;/b&gt;",
      ].join("\n");
      const posted = await platform.api.call("chat.postMessage", {
        channel: DEMO_CHANNELS.approvals.id,
        text: "fallback",
        blocks: [
          { type: "header", text: { type: "plain_text", text: "<b>Header</b>" } },
          { type: "section", text: { type: "mrkdwn", text } },
          {
            type: "section",
            fields: [
              { type: "mrkdwn", text: "*Field*\nvalue" },
              { type: "plain_text", text: "*plain*" },
            ],
          },
          { type: "divider" },
          { type: "image", image_url: "https://example.com/x.png", alt_text: "a chart" },
          {
            type: "context",
            elements: [{ type: "mrkdwn", text: "context <!everyone>" }],
          },
        ],
      }, platform.botToken);
      assertEquals(posted.ok, true, JSON.stringify(posted));

      // Live: the message appears without a reload.
      const message = page.locator(`[data-testid="message"][data-ts="${posted.ts}"]`);
      await message.waitFor();
      assertEquals(await message.locator("h3").textContent(), "<b>Header</b>");
      assertEquals(await message.locator("strong").first().textContent(), "bold");
      assertEquals(await message.locator("em").textContent(), "italic");
      assertEquals(await message.locator("s").textContent(), "gone");
      assertEquals(await message.locator("code").first().textContent(), "x<y");
      assertEquals(await message.locator(".mention").first().textContent(), "@Grace Approver");
      const specials = await message.locator(".special-mention").allTextContents();
      assertEquals(specials, ["<!channel>", "<!here>", "<!everyone>"]);
      // Only the https link became a link; the javascript: one is plain text.
      const links = message.locator("a");
      assertEquals(await links.count(), 1);
      assertEquals(await links.getAttribute("href"), "https://ci.example.com/run/1?a=1&b=2");
      assertEquals(await links.textContent(), "the run");
      const body = await message.innerText();
      // An unsafe link shows exactly what was written, so nothing is hidden behind a label.
      assertStringIncludes(body, "<javascript:alert(1)|click me>");
      assertStringIncludes(body, "<img src=x onerror=globalThis.xssed=1> <b>not bold</b>");
      assertStringIncludes(body, "[image: a chart]");
      assertStringIncludes(body, "*plain*");
      assertEquals(await message.locator("img, script, b, hr ~ b").count(), 0);
      assertEquals(await message.locator("hr").count(), 1);
      assert(
        !(await page.evaluate(() => "xssed" in globalThis)),
        "no injected script may have run",
      );
      assertEquals(alerts, []);

      // Editing the message updates it in place.
      const updated = await platform.api.call("chat.update", {
        channel: DEMO_CHANNELS.approvals.id,
        ts: posted.ts,
        text: "now *edited*",
        blocks: [],
      }, platform.botToken);
      assertEquals(updated.ok, true, JSON.stringify(updated));
      await page.waitForSelector(`[data-testid="message"][data-ts="${posted.ts}"]:has-text("now")`);
      assertEquals(await message.locator("strong").textContent(), "edited");
      assertStringIncludes(await message.innerText(), "(edited)");
    } finally {
      await browser.close();
      await platform.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
