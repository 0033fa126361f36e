/**
 * Where `deno task cli export` reads records from: a Web API (`apps.datastore.query`, paged
 * with cursors to the end) on the local platform or on Slack, and the local platform's own
 * secrets (bot token, app key) from their files in its data folder (never its database).
 *
 * @module
 */
import { eachPage } from "../functions/_shared/pages.ts";
import { join } from "node:path";
import { describeFetchError, describeStatus } from "../lib/http_error.ts";

/** Largest page Slack allows (`limit` counts evaluated items). */
export const PAGE_SIZE = 1000;

/** The Web API base for `url`: `http://localhost:3000` → `http://localhost:3000/api/`. */
export function apiBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Cannot export: --url "${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`Cannot export: --url "${url}" must be http or https`);
  }
  if (parsed.username || parsed.password || parsed.search) {
    throw new Error(`Cannot export: --url "${url}" must not carry credentials or a query`);
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = path.endsWith("/api") ? `${path}/` : `${path}/api/`;
  return parsed.href;
}

/** Whether the URL points at this machine (the local platform). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What the local platform keeps in its data folder that an export needs. */
export interface LocalSecrets {
  /** The app's bot token (file `bot_token`, written by the platform, mode 0600). */
  botToken?: string;
  /** The app's signing key, PKCS#8 base64 (file `app_signing.key`, written by demo/plugin.ts). */
  appKeyPkcs8?: string;
}

/** Files of the data folder holding the secrets above. */
export const LOCAL_SECRET_FILES = {
  botToken: "bot_token",
  appKeyPkcs8: "app_signing.key",
} as const;

/**
 * Reads the local platform's bot token and app key from their files in its data folder, as the
 * Slack CLI reads a saved token: the records themselves then come through the Web API, exactly
 * as from Slack. Missing folder or files → empty.
 */
export function readLocalSecrets(dataDir: string): LocalSecrets {
  const secrets: LocalSecrets = {};
  for (const [name, file] of Object.entries(LOCAL_SECRET_FILES)) {
    const path = join(dataDir, file);
    try {
      const value = Deno.readTextFileSync(path).trim();
      if (value) secrets[name as keyof LocalSecrets] = value;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw new Error(`Cannot read "${path}": ${(error as Error).message}`);
    }
  }
  return secrets;
}

/** How to reach the Web API. */
export interface ApiSource {
  /** Base ending in `/api/`. */
  base: string;
  token: string;
  /** Needed by Slack with a user or service token (`slack auth token`). */
  appId?: string;
  pageSize?: number;
  /** Waits between retries (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown for Slack's `ok: false` answers, with the error code kept. */
export class SlackApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/**
 * Calls a Web API method: retries network failures, 429 and 5xx (bounded); throws
 * {@linkcode SlackApiError} on `ok: false`.
 */
export async function call(
  source: ApiSource,
  method: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const sleep = source.sleep ?? wait;
  for (let attempt = 1;; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${source.base}${method}`, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          authorization: `Bearer ${source.token}`,
        },
        body: JSON.stringify(source.appId ? { ...args, app_id: source.appId } : args),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      if (attempt < 3) {
        await sleep(500 * attempt);
        continue;
      }
      throw new Error(`Cannot call ${method}: ${describeFetchError(error, source.base)}`);
    }
    // Slack asks to slow down with 429 + Retry-After; 5xx may pass. Both are retried, bounded.
    if ((response.status === 429 || response.status >= 500) && attempt < 5) {
      await response.body?.cancel();
      const after = Number(response.headers.get("retry-after"));
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : 1000);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`Cannot call ${method}: ${describeStatus(response)}`);
    }
    const body = await response.json() as Record<string, unknown>;
    if (body.ok !== true) {
      const code = String(body.error ?? "unknown_error");
      const hint = code === "invalid_auth" || code === "not_authed"
        ? " (check the token; see docs/audit.md)"
        : "";
      throw new SlackApiError(`Cannot call ${method}: Slack answered "${code}"${hint}`, code);
    }
    return body;
  }
}

/**
 * Yields every page of a datastore, following `next_cursor` until none comes back (a page may
 * be empty and still carry a cursor; a repeated cursor is an error). The next page is asked for
 * as soon as a page arrives, so the platform reads it while the caller writes this one; at most
 * two pages are held. No page cap: an export reads the whole datastore.
 */
export function queryPages(
  source: ApiSource,
  datastore: string,
): AsyncGenerator<readonly Record<string, unknown>[]> {
  return eachPage(async (cursor) => {
    const body = await call(source, "apps.datastore.query", {
      datastore,
      limit: source.pageSize ?? PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    const meta = body.response_metadata as { next_cursor?: string } | undefined;
    return {
      items: Array.isArray(body.items) ? body.items as Record<string, unknown>[] : [],
      cursor: meta?.next_cursor || undefined,
    };
  }, { prefetch: true, maxPages: Infinity, failure: `Cannot read datastore "${datastore}"` });
}

/** Whether the datastore exists there (`invalid_datastore` → false; other errors throw). */
export async function datastoreExists(source: ApiSource, datastore: string): Promise<boolean> {
  try {
    await call(source, "apps.datastore.query", { datastore, limit: 1 });
    return true;
  } catch (error) {
    if (error instanceof SlackApiError && error.code === "invalid_datastore") return false;
    throw error;
  }
}
