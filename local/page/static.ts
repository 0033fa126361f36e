/**
 * Serves the page's static files from `local/page/` (and a plugin's from its own folder). Only
 * plain file names directly in the folder are served (no sub-paths, no dot files), so a request
 * can never read outside it.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const PAGE_DIR = new URL("./", import.meta.url);

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  woff2: "font/woff2",
  woff: "font/woff",
};

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * Returns the static response for file `name` of `dir` (default: the page's folder), or
 * undefined when it is not a servable file there. `immutable` lets the browser keep it.
 */
export async function serveStatic(
  name: string,
  dir: URL = PAGE_DIR,
  opts: { immutable?: boolean } = {},
): Promise<Response | undefined> {
  if (!SAFE_NAME.test(name) || name.includes("..")) return undefined;
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const type = TYPES[ext];
  if (!type) return undefined;
  try {
    const body = await Deno.readFile(fileURLToPath(new URL(name, dir)));
    return new Response(body, {
      headers: {
        "content-type": type,
        // Versioned package files never change; the page's own are re-checked on each load.
        "cache-control": opts.immutable ? "public, max-age=31536000, immutable" : "no-cache",
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
