/**
 * The HTTP edge of the Web API: reading a request's method name, token and arguments the way
 * Slack accepts them.
 *
 * @module
 */

/** Largest request body accepted, in bytes (Slack's own limits are lower per field). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A request as the Web API understands it, or the Slack error code for why it cannot. */
export type ParsedRequest =
  | { ok: true; method: string; token?: string; args: Record<string, unknown> }
  | { ok: false; method?: string; error: string };

const METHOD_PATH = /\/api\/([A-Za-z][A-Za-z0-9.]*)$/;

/**
 * Parses `POST|GET …/api/<method>`. Form bodies keep their values as strings (the methods decode
 * JSON per argument, since the SDK JSON-encodes every non-string value); JSON bodies keep their
 * types. The token comes from `Authorization: Bearer …`, else from a `token` argument.
 */
export async function parseRequest(req: Request): Promise<ParsedRequest> {
  const url = new URL(req.url);
  const match = METHOD_PATH.exec(url.pathname);
  if (!match) return { ok: false, error: "unknown_method" };
  const method = match[1];
  const args: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) args[key] = value;

  if (req.method === "POST") {
    const raw = await readBody(req);
    if (raw === undefined) return { ok: false, method, error: "request_too_large" };
    const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type === "application/json") {
      if (raw.trim() !== "") {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          return { ok: false, method, error: "invalid_json" };
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          return { ok: false, method, error: "invalid_json" };
        }
        Object.assign(args, parsed);
      }
    } else {
      for (const [key, value] of new URLSearchParams(raw)) args[key] = value;
    }
  } else if (req.method !== "GET") {
    return { ok: false, method, error: "invalid_request" };
  }

  const header = req.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const token = bearer ?? (typeof args.token === "string" ? args.token : undefined);
  delete args.token;
  return { ok: true, method, token, args };
}

async function readBody(req: Request): Promise<string | undefined> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return undefined;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}
