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
 * Why browser tests cannot run here, or undefined when Chromium is installed. In CI
 * (`CI=true`) a missing browser is a failure, not a skip: `.ci/run` installs it, so its absence
 * means a broken setup that must not pass silently.
 *
 * @throws {Error} `Cannot run browser tests in CI: …` when the browser is missing in CI.
 */
export function browserUnavailable(
  path: string = CHROMIUM_PATH,
  ci: string | undefined = Deno.env.get("CI"),
): string | undefined {
  try {
    if (Deno.statSync(path).isFile) return undefined;
  } catch {
    // Missing: reported below.
  }
  const why = `${path} is missing (install it with: apt-get install -y chromium)`;
  if (ci === "true") throw new Error(`Cannot run browser tests in CI: ${why}`);
  return why;
}

/**
 * Launches Chromium. `launch` gives every browser a fresh temporary user-data folder of its own
 * (and removes it on close); Playwright refuses a `--user-data-dir` argument here.
 */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
