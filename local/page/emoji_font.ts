/**
 * The emoji font the page falls back on when the machine has none (a bare Linux, a CI runner):
 * Twemoji as a colour (COLR) web font from npm (`twemoji-colr-font`: font under the SIL Open Font
 * License, emoji art by Twemoji under CC-BY 4.0), served at `/_local/emoji/twemoji.woff2`.
 * `style.css` lists it after the system emoji fonts, for emoji ranges only, so a browser fetches
 * it only where no system emoji font draws the emoji first.
 *
 * (Noto Color Emoji's woff2 files from `@fontsource` load but draw nothing in Debian's Chromium,
 * so the page does not use them.)
 *
 * @module
 */
// The import makes `deno install` fetch the package with the platform's other npm packages.
import fontPackage from "twemoji-colr-font/package.json" with { type: "json" };
import { serveStatic } from "./static.ts";

/** The package's folder. */
const FONT_DIR = new URL("./", import.meta.resolve("twemoji-colr-font/package.json"));

/** The font file the page's stylesheet names. */
export const EMOJI_FONT_FILE = "twemoji.woff2";

/** The font package's version. */
export const EMOJI_FONT_VERSION: string = fontPackage.version;

/** Serves `/_local/emoji/twemoji.woff2` (and nothing else from the package). */
export function serveEmojiFont(file: string): Promise<Response | undefined> {
  if (file !== EMOJI_FONT_FILE) return Promise.resolve(undefined);
  return serveStatic(file, FONT_DIR, { immutable: true });
}
