/**
 * Serves the page's static files from `local/page/`. Only plain file names directly in that
 * folder are served (no sub-paths, no dot files), so a request can never read outside it.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const PAGE_DIR = new URL("./page/", import.meta.url);

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
};

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * Returns the static response for `pathname` (`/` is `index.html`), or undefined when the path
 * is not a page file.
 */
export async function serveStatic(pathname: string): Promise<Response | undefined> {
  const name = pathname === "/" ? "index.html" : pathname.slice(1);
  if (!SAFE_NAME.test(name) || name.includes("..")) return undefined;
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const type = TYPES[ext];
  if (!type) return undefined;
  try {
    const body = await Deno.readFile(fileURLToPath(new URL(name, PAGE_DIR)));
    return new Response(body, {
      headers: {
        "content-type": type,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        ...(ext === "html"
          ? {
            "content-security-policy":
              "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
          }
          : {}),
      },
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
