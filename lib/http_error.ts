/**
 * Clear messages for HTTP calls that fail, shared by every client that talks to a Countersign
 * server or Slack (the CLI's send, report, export, attest; the SDK's send and wait).
 *
 * `fetch` reports an unreachable server as `fetch failed` (undici) or as a long
 * `error sending request for url (…): client error (Connect): tcp connect error: …` (Deno); a user
 * needs to know which server, what went wrong in words, and, for a local platform, what to start.
 * Pure: the callers make the calls (the CLI's `fetchOrExplain` is `cli/_http.ts`).
 *
 * @module
 */

/** Loopback hosts: an unreachable one is most likely a local platform that is not running. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1", "0.0.0.0"]);

/** The error and its `cause` chain, as one lower-cased text to classify. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, String((current as { code?: unknown }).code ?? ""));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(" ").toLowerCase();
}

/** What went wrong, in words (`connection refused`, `host not found` …), or the raw message. */
export function networkReason(error: unknown): string {
  const text = errorText(error);
  if (/connection refused|econnrefused|os error 111\b/.test(text)) return "connection refused";
  if (/dns error|failed to lookup|enotfound|name or service not known|eai_again/.test(text)) {
    return "host not found";
  }
  if (/timed out|timeout|etimedout/.test(text)) return "no answer in time";
  if (/connection reset|econnreset|broken pipe/.test(text)) return "connection reset";
  if (/certificate|tls|ssl/.test(text)) return "TLS failed (certificate?)";
  if (/network is unreachable|enetunreach|no route to host|ehostunreach/.test(text)) {
    return "network unreachable";
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * `cannot reach <origin>: <reason>`, with a hint to run `deno task start` when the server is a
 * refused loopback address (the local platform).
 *
 * @param error what `fetch` threw
 * @param url the URL that was called (only its origin is shown: webhook paths hold secrets)
 */
export function describeFetchError(error: unknown, url: string | URL): string {
  let origin = String(url);
  let host = "";
  try {
    const parsed = new URL(String(url));
    origin = parsed.origin;
    host = parsed.hostname;
  } catch {
    // not a URL: shown as given
  }
  const reason = networkReason(error);
  const hint = reason === "connection refused" && LOOPBACK.has(host)
    ? " — is `deno task start` running?"
    : "";
  return `cannot reach ${origin}: ${reason}${hint}`;
}

/**
 * `HTTP <status>`, plus `(retry after N s)` when the server sent `Retry-After` (429, 503), so a
 * rate-limited user knows how long to wait.
 */
export function describeStatus(res: Response): string {
  const after = res.headers.get("retry-after")?.trim();
  if (!after) return `HTTP ${res.status}`;
  const seconds = /^\d+$/.test(after) ? Number(after) : undefined;
  return seconds !== undefined
    ? `HTTP ${res.status} (retry after ${seconds} s)`
    : `HTTP ${res.status} (retry after ${after})`;
}
