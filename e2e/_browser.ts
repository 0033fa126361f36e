/**
 * Launching Debian's Chromium through `playwright-core` for the browser tests. Playwright cannot
 * download its own browsers here, so the system `/usr/bin/chromium` is driven directly.
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags for a quiet, offline, headless Chromium in a container (no sandbox as root). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Why browser tests cannot run here, or undefined when Chromium is installed. In CI a missing
 * browser is a failure, not a skip: `.ci/run` installs it, so its absence is a broken setup.
 */
export function browserUnavailable(): string | undefined {
  try {
    if (Deno.statSync(CHROMIUM_PATH).isFile) return undefined;
  } catch {
    // fall through
  }
  const why = `${CHROMIUM_PATH} is missing (install it with: apt-get install -y chromium)`;
  if (Deno.env.get("CI") === "true") {
    throw new Error(`Cannot run browser tests in CI: ${why}`);
  }
  return why;
}

/**
 * Launches Chromium. `launch` gives every browser a fresh temporary user-data folder of its own
 * (and removes it on close); Playwright refuses a `--user-data-dir` argument here.
 */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
