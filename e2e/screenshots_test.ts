/// <reference lib="dom" />
/**
 * The page's screenshots in `docs/screenshots/` (shown in the README) are made by this test from
 * a lived-in workspace, and kept current by it:
 *
 * - `UPDATE_SCREENSHOTS=1 deno test -A --import-map=import_map.local.json e2e/screenshots_test.ts`
 *   makes them again with a real Chromium and writes `screenshots.json`: each picture's size and a
 *   hash of the page's source files (local/page, demo/page, the chart) they were made from.
 * - Otherwise the test checks that every picture is there, is a PNG of the recorded size, and was
 *   made from the page's current source: a change to the page without new screenshots fails, with
 *   the command above. Pixels are not compared (fonts and times differ between machines).
 */
import { assert, assertEquals } from "@std/assert";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { DEMO_USERS } from "../demo/workspace.ts";
import { openPage, pageTest, seedHistory, sendRequest, showSidePanel } from "./_page_scenario.ts";

const ROOT = new URL("../", import.meta.url);
const SHOTS = new URL("docs/screenshots/", ROOT);
const MANIFEST = new URL("screenshots.json", SHOTS);
/**
 * The files the pictured page is made of: a change to any of them calls for new screenshots.
 * (`modal.js` and `modal_inputs.js` are left out: no screenshot shows a modal.)
 */
const SOURCES = ["local/page/", "demo/page/", "lib/metrics/chart.ts"];
const NOT_PICTURED = new Set(["local/page/modal.js", "local/page/modal_inputs.js"]);
const UPDATE = Deno.env.get("UPDATE_SCREENSHOTS") === "1";
const COMMAND =
  "UPDATE_SCREENSHOTS=1 deno test -A --import-map=import_map.local.json e2e/screenshots_test.ts";

/** The screenshots: file name and window size (`part`: only that element is taken). */
const SHOTS_LIST: { file: string; width: number; height: number; part?: string }[] = [
  { file: "page_1280.png", width: 1280, height: 800 },
  { file: "page_800.png", width: 800, height: 800 },
  { file: "decisions_800.png", width: 800, height: 800 },
  { file: "chart_1280.png", width: 1280, height: 800, part: "report" },
];

/** SHA-256 over the page's source files (names and contents, line endings normalised). */
async function sourceHash(): Promise<string> {
  const files: string[] = [];
  for (const source of SOURCES) {
    const url = new URL(source, ROOT);
    if (!source.endsWith("/")) {
      files.push(source);
      continue;
    }
    for await (const entry of Deno.readDir(url)) {
      const file = source + entry.name;
      if (entry.isFile && /\.(js|css|html)$/.test(entry.name) && !NOT_PICTURED.has(file)) {
        files.push(file);
      }
    }
  }
  files.sort();
  const parts: string[] = [];
  for (const file of files) {
    const text = (await Deno.readTextFile(new URL(file, ROOT))).replaceAll("\r\n", "\n");
    parts.push(`${file}\n${text.length}\n${text}`);
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\n")));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A PNG's width and height (from its IHDR chunk), or undefined when it is not a PNG. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Waits until what a screenshot shows has settled: fonts, the chart, the decisions. */
async function settled(page: Page) {
  await page.waitForSelector('[data-testid="decision-row"]', { state: "attached" });
  await page.waitForFunction(async () => {
    await document.fonts.ready;
    const img = document.querySelector<HTMLImageElement>('[data-testid="report-chart"]');
    return !!img && img.complete && img.naturalWidth > 0 &&
      img.src.includes(`width=${img.dataset.width}`);
  });
}

pageTest(
  "screenshots: regenerate docs/screenshots (UPDATE_SCREENSHOTS=1)",
  async ({ platform, browser }) => {
    await seedHistory(platform, 36);
    await sendRequest(platform, {
      request_id: "rel-2026-12-06-a41c",
      resource: "api-server#212",
      reason: "Release 212: payment retries",
    });
    await sendRequest(platform, {
      request_id: "rel-2026-12-06-b7e0",
      resource: "api-server#213",
      reason: "Release 213: checkout copy fix",
    });
    await sendRequest(platform, {
      request_id: "nightly-7731",
      environment: "staging",
      reason: "Nightly build",
      conditions: "ci_status=passed",
    });
    await Deno.mkdir(SHOTS, { recursive: true });
    const sizes: { file: string; width: number; height: number }[] = [];
    for (const shot of SHOTS_LIST) {
      const page = await browser.newPage({
        viewport: { width: shot.width, height: shot.height },
      });
      await page.addInitScript((id) => {
        localStorage.setItem("countersign.local.as", id);
      }, DEMO_USERS.approver1.id);
      await openPage(page, platform.url);
      if (shot.file === "page_1280.png") {
        // Ada approves the first request on the page, as a reader would.
        const first = page.getByTestId("message-list").locator('[data-testid="message"]', {
          hasText: "rel-2026-12-06-a41c",
        });
        await first.getByTestId("button-countersign_approve").click();
        await page.waitForSelector(
          '[data-testid="decision-row"][data-request-id="rel-2026-12-06-a41c"]' +
            '[data-outcome="approved"]',
        );
      }
      if (shot.file === "decisions_800.png") {
        await showSidePanel(page);
        await settled(page);
        await page.locator('[data-testid="decision-row"]').nth(1).click();
        await page.getByTestId("decision-detail").waitFor();
      }
      await settled(page);
      const path = fileURLToPath(new URL(shot.file, SHOTS));
      if (shot.part) await page.getByTestId(shot.part).screenshot({ path });
      else await page.screenshot({ path });
      sizes.push({ file: shot.file, ...pngSize(await Deno.readFile(path))! });
      await page.close();
    }
    const manifest = {
      note: `Made by e2e/screenshots_test.ts; regenerate with: ${COMMAND}`,
      source_hash: await sourceHash(),
      shots: sizes,
    };
    await Deno.writeTextFile(MANIFEST, JSON.stringify(manifest, null, 2) + "\n");
  },
  { ignore: !UPDATE },
);

Deno.test("screenshots in docs/ exist and were made from the current page", async () => {
  const manifest = JSON.parse(await Deno.readTextFile(MANIFEST));
  assertEquals(
    manifest.shots.map((s: { file: string }) => s.file),
    SHOTS_LIST.map((s) => s.file),
    `the list of screenshots changed; regenerate them: ${COMMAND}`,
  );
  for (const shot of manifest.shots) {
    const size = pngSize(await Deno.readFile(new URL(shot.file, SHOTS)));
    assert(size, `docs/screenshots/${shot.file} is not a PNG`);
    assertEquals(size, { width: shot.width, height: shot.height }, shot.file);
  }
  assertEquals(
    manifest.source_hash,
    await sourceHash(),
    `docs/screenshots were made from an older page (local/page, demo/page or the chart changed); ` +
      `regenerate them: ${COMMAND}`,
  );
});
