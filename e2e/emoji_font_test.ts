/// <reference lib="dom" />
/**
 * Emoji show as emoji on a machine without an emoji font (this one has none: `fc-list` knows no
 * emoji font): the page brings a colour emoji font from npm (Twemoji), and the browser draws
 * `:short_codes:` with it in colour, not as empty boxes.
 */
import { assert, assertEquals } from "@std/assert";
import { DEMO_CHANNELS } from "../demo/workspace.ts";
import { openPage, pageTest } from "./_page_scenario.ts";

pageTest(
  "emoji short codes render in colour with the bundled emoji font",
  async ({ platform, browser }) => {
    const res = await fetch(`${platform.url}/_local/emoji/twemoji.woff2`);
    assertEquals([res.status, res.headers.get("content-type")], [200, "font/woff2"]);
    assert((await res.arrayBuffer()).byteLength > 100_000);
    for (const bad of ["package.json", "LICENSE", "..%2Fpackage.json", "twemoji.css"]) {
      const r = await fetch(`${platform.url}/_local/emoji/${bad}`);
      await r.body?.cancel();
      assertEquals(r.status, 404, bad);
    }

    const posted = await platform.api.call("chat.postMessage", {
      channel: DEMO_CHANNELS.approvals.id,
      text: ":white_check_mark: *Approved* :no_entry: :not_an_emoji:",
    }, platform.botToken);
    assertEquals(posted.ok, true);
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000); // generous for a loaded machine; waits are on conditions
    await openPage(page, platform.url);
    const message = page.locator(`[data-testid="message"][data-ts="${posted.ts}"]`);
    await message.waitFor();
    assertEquals(await message.locator(".emoji").allTextContents(), ["\u2705", "\u26d4"]);
    assertEquals(
      await message.locator(".emoji").first().getAttribute("title"),
      ":white_check_mark:",
    );
    // An unknown short code stays readable text.
    assert((await message.innerText()).includes(":not_an_emoji:"));

    // The font loads and draws the emoji with colour (an empty box would be grey or nothing).
    const drawn = await page.evaluate(async () => {
      await document.fonts.load('32px "Twemoji Local"', "\u2705");
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 48;
      const ctx = canvas.getContext("2d")!;
      ctx.font = '32px "Twemoji Local"';
      ctx.textBaseline = "top";
      ctx.fillText("\u2705", 4, 4);
      const { data } = ctx.getImageData(0, 0, 48, 48);
      let green = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && data[i + 1] > data[i] + 30 && data[i + 1] > data[i + 2] + 50) {
          green++;
        }
      }
      return { loaded: document.fonts.check('32px "Twemoji Local"', "\u2705"), green };
    });
    assert(drawn.loaded, "the emoji font did not load");
    assert(drawn.green > 50, `the check mark is not drawn in colour (${drawn.green} green px)`);
  },
);
