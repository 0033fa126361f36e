/**
 * The one way the functions read a datastore through cursor pagination. Slack's
 * `apps.datastore.query` limit counts items *evaluated*, so a page may be empty yet carry a
 * cursor: only a missing or empty cursor ends the scan. A cursor that repeats, or more than
 * {@linkcode MAX_PAGES} pages, ends it with an error, so a misbehaving server cannot loop us.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";

/** One page as returned by a query: its items and the cursor of the next page, if any. */
export interface Page<T> {
  items: readonly T[];
  cursor?: string;
}

/** `failure: ` before the reason, or nothing for an empty `failure`. */
const prefix = (failure: string) => failure ? `${failure}: ` : "";

/** Most pages read before giving up, so a server that keeps returning cursors cannot loop us. */
export const MAX_PAGES = 1000;

/** Options of {@linkcode eachPage}. */
export interface PageOptions {
  /** Most pages read (default {@linkcode MAX_PAGES}; an export passes `Infinity`). */
  maxPages?: number;
  /** How the error starts when a cursor repeats or pages run out (default `Cannot read all pages`). */
  failure?: string;
  /**
   * Ask for the next page as soon as a page arrives, so the server reads it while the caller
   * works on this one (at most two pages held). Default false: one request at a time.
   */
  prefetch?: boolean;
}

/**
 * Calls `fetchPage` from the start until no cursor comes back and yields each page's items.
 *
 * @throws {Error} `Cannot read all pages: …` (or `failure`) when a cursor repeats or after
 *   `maxPages` pages; errors thrown by `fetchPage` propagate unchanged.
 */
export async function* eachPage<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: PageOptions = {},
): AsyncGenerator<readonly T[]> {
  const { maxPages = MAX_PAGES, failure = "Cannot read all pages", prefetch = false } = options;
  const seen = new Set<string>();
  let cursor: string | undefined;
  let ahead: Promise<Page<T>> | undefined;
  try {
    for (let page = 0; page < maxPages; page++) {
      const result = await (ahead ?? fetchPage(cursor));
      ahead = undefined;
      cursor = result.cursor || undefined;
      if (cursor !== undefined) {
        if (seen.has(cursor)) {
          throw new Error(`${prefix(failure)}cursor ${JSON.stringify(cursor)} repeated`);
        }
        seen.add(cursor);
        if (prefetch && page + 1 < maxPages) {
          ahead = fetchPage(cursor);
          // Its failure is seen when it is awaited, not reported as unhandled meanwhile.
          ahead.catch(() => {});
          // A request goes out only when the event loop turns: let it, before the caller
          // spends a page's worth of time without awaiting anything.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }
      yield result.items;
      if (cursor === undefined) return;
    }
    throw new Error(`${prefix(failure)}still not at the end after ${maxPages} pages`);
  } finally {
    // The caller stopped early: the page asked for ahead is not wanted, nor its error.
    await ahead?.catch(() => {});
  }
}

/**
 * Calls `fetchPage` from the start until no cursor comes back and returns every item in order.
 *
 * @throws {Error} as {@linkcode eachPage}
 */
export async function readAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: PageOptions = {},
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of eachPage(fetchPage, options)) items.push(...page);
  return items;
}

/** An `apps.datastore.query` call's arguments, without the cursor (the helper follows it). */
export type QueryArgs = Omit<
  Parameters<SlackAPIClient["apps"]["datastore"]["query"]>[0],
  "cursor"
>;

/**
 * One page of `apps.datastore.query`; a Slack error throws
 * `<failure>: datastore query failed (<error>)`.
 */
export function queryPage<T = Record<string, unknown>>(
  client: SlackAPIClient,
  args: QueryArgs,
  failure: string,
): (cursor: string | undefined) => Promise<Page<T>> {
  return async (cursor) => {
    const res = await client.apps.datastore.query({ ...args, ...(cursor ? { cursor } : {}) });
    if (!res.ok) throw new Error(`${prefix(failure)}datastore query failed (${res.error})`);
    return {
      items: (res.items ?? []) as unknown as T[],
      cursor: res.response_metadata?.next_cursor || undefined,
    };
  };
}

/**
 * The pages of a datastore query, following cursors (see {@linkcode eachPage}).
 *
 * @param failure how a failed call's error starts (`Cannot sweep pending approvals`)
 */
export function queryPages<T>(
  client: SlackAPIClient,
  args: QueryArgs,
  failure: string,
): AsyncGenerator<readonly T[]> {
  return eachPage(queryPage<T>(client, args, failure), { failure });
}

/**
 * Every item a datastore query matches, through all pages (see {@linkcode eachPage}).
 *
 * @param failure how a failed call's error starts (`Cannot read policies`)
 */
export function queryAll<T>(
  client: SlackAPIClient,
  args: QueryArgs,
  failure: string,
): Promise<T[]> {
  return readAllPages(queryPage<T>(client, args, failure), { failure });
}
