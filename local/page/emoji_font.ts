/**
 * The emoji font the page falls back on when the machine has none (a bare Linux, a CI runner):
 * Noto Color Emoji from npm (`@fontsource/noto-color-emoji`, SIL Open Font License), served at
 * `/_local/emoji/`. Its stylesheet splits the font by `unicode-range`, so a browser fetches only
 * the pieces holding the emoji it shows, and none where a system emoji font comes first.
 *
 * @module
 */
// The import makes `deno install` fetch the package with the platform's other npm packages.
import fontPackage from "@fontsource/noto-color-emoji/package.json" with { type: "json" };
import { serveStatic } from "./static.ts";

/** The package's folder (its stylesheet, and the font files under `files/`). */
const FONT_DIR = new URL("./", import.meta.resolve("@fontsource/noto-color-emoji/package.json"));

/** The font package's version, for the page's notes. */
export const EMOJI_FONT_VERSION: string = fontPackage.version;

/** Serves `/_local/emoji/400.css` and `/_local/emoji/files/<font file>` (nothing else). */
export function serveEmojiFont(file: string, inFiles: boolean): Promise<Response | undefined> {
  if (!inFiles) {
    return Promise.resolve(file === "400.css" ? serveStatic(file, FONT_DIR) : undefined);
  }
  return serveStatic(file, new URL("files/", FONT_DIR), { immutable: true });
}
