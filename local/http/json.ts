/**
 * JSON in and out for the platform's own endpoints (the page's `/_local/*`, webhooks, plugins).
 *
 * @module
 */

const MAX_JSON_BYTES = 256 * 1024;

/** JSON response helper. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** Reads a JSON object body, or answers why not (415, 413, 400). */
export async function readJson(req: Request): Promise<Record<string, unknown> | Response> {
  // Requiring JSON makes a cross-site form post impossible: browsers preflight it, and the
  // platform answers no preflight.
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    return json(
      { ok: false, error: "Cannot read request: content-type must be application/json" },
      415,
    );
  }
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) return json({ ok: false, error: "request_too_large" }, 413);
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  return json({ ok: false, error: "Cannot read request: body must be a JSON object" }, 400);
}

/** A short string field of a JSON body, or undefined. */
export function str(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" && value.length <= 256 ? value : undefined;
}
