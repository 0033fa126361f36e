/**
 * Reading a whole datastore through cursor pagination. Slack's `apps.datastore.query` limit
 * counts items *evaluated*, so a page may be empty yet carry a cursor: only a missing or empty
 * cursor ends the scan.
 *
 * @module
 */

/** One page as returned by a query: its items and the cursor of the next page, if any. */
export interface Page<T> {
  items: readonly T[];
  cursor?: string;
}

/** Most pages read before giving up, so a server that keeps returning cursors cannot loop us. */
export const MAX_PAGES = 1000;

/**
 * Calls `fetchPage` from the start until no cursor comes back and returns every item in order.
 *
 * @throws {Error} `Cannot read all pages: …` when a cursor repeats or after `maxPages` pages;
 *   errors thrown by `fetchPage` propagate unchanged.
 */
export async function readAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages: number = MAX_PAGES,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (!result.cursor) return items;
    if (seen.has(result.cursor)) {
      throw new Error(`Cannot read all pages: cursor ${JSON.stringify(result.cursor)} repeated`);
    }
    seen.add(result.cursor);
    cursor = result.cursor;
  }
  throw new Error(`Cannot read all pages: still not at the end after ${maxPages} pages`);
}
