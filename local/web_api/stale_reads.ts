/**
 * An eventually consistent view for `apps.datastore.query` (opt-in: `eventualConsistencyMs`).
 * Slack's datastores are backed by DynamoDB (https://api.slack.com/automation/datastores) and
 * the query has a scan's semantics (`limit` is the number of items *evaluated*:
 * https://docs.slack.dev/reference/methods/apps.datastore.query); a DynamoDB scan is eventually
 * consistent by default (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html,
 * "Read consistency for scan"), so it may not see a write made a moment before. Slack says
 * nothing of the consistency it asks for: an assumption, hence opt-in. With the view on, a query answers as if every write of the last `windowMs`
 * (on the Web API's clock, so tests choose when a write settles) had not reached it yet: an item
 * written within the window shows as it was before the window's first write, or not at all if
 * it is new. The view only ever holds back: an item a recent change took out of the results
 * stays out, deletions are seen at once, and `get` and `bulkGet` read the latest write.
 *
 * @module
 */
import type { Item } from "../storage/types.ts";

/** Writes of the last window and what a scan sees of them. */
export class StaleReads {
  #windowMs: number;
  #now: () => number;
  #writes = new Map<string, { at: number; before: Item | undefined }>();

  /** A view that hides writes younger than `windowMs` on the clock `now`. */
  constructor(windowMs: number, now: () => number) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  #young(at: number, now: number): boolean {
    return now - at < this.#windowMs;
  }

  /** Notes a write of `id` in `datastore`; `before` is the stored item it replaces, if any. */
  noteWrite(datastore: string, id: string, before: Item | undefined): void {
    const now = this.#now();
    const key = `${datastore}\u0000${id}`;
    const prior = this.#writes.get(key);
    // Several writes within one window: a scan still sees the item as it was before the first.
    const seen = prior && this.#young(prior.at, now) ? prior.before : before;
    this.#writes.delete(key);
    this.#writes.set(key, { at: now, before: seen });
    // Entries are kept in write order: settled ones are dropped from the front.
    for (const [k, w] of this.#writes) {
      if (this.#young(w.at, now)) break;
      this.#writes.delete(k);
    }
  }

  /** What a scan of `datastore` sees of `items` now; `matches` is the query's filter. */
  view(
    datastore: string,
    items: Item[],
    idOf: (item: Item) => string,
    matches: (item: Item) => boolean,
  ): Item[] {
    const now = this.#now();
    const seen: Item[] = [];
    for (const item of items) {
      const write = this.#writes.get(`${datastore}\u0000${idOf(item)}`);
      if (!write || !this.#young(write.at, now)) seen.push(item);
      else if (write.before && matches(write.before)) seen.push(write.before);
    }
    return seen;
  }
}
