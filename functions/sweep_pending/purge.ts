/**
 * Purging used OIDC tokens: an `oidc_tokens` item only has to outlive the token it names, since
 * once the token's `exp` (plus the accepted clock skew) has passed, verify_request refuses the
 * token as expired whether or not the item is still there. The hourly sweep deletes items past
 * that point, so the datastore stays the size of one token lifetime's traffic instead of growing
 * forever. Records whose `expires_at` is missing, not a number or beyond any token's lifetime
 * (written before expiries were bounded, or by hand) go once their `used_at` shows the token is
 * dead, and at once when neither value is usable. (A datastore `time_to_live_attribute` would do
 * this on Slack's side, but Slack's published manifest schema does not accept it.)
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { OidcTokens } from "../../datastores/oidc_tokens.ts";
import { OIDC_CLOCK_SKEW_SECONDS } from "../../lib/config.ts";
import { MAX_TOKEN_RECORD_MS } from "../../lib/oidc/binding.ts";
import { eachPage, queryPage } from "../_shared/pages.ts";

const FAILURE = "Cannot purge used OIDC tokens";

/** Slack's maximum number of ids in one `apps.datastore.bulkDelete`. */
const BULK_DELETE_MAX = 25;

/**
 * Extra time (ms) an item is kept after its token stopped verifying: covers the difference
 * between the sweep's clock and the clock of the function that checks tokens.
 */
const PURGE_MARGIN_MS = 60_000;

/** The newest `expires_at` (Unix ms) that may be purged at `now`. */
export function purgeCutoff(now: number): number {
  return now - OIDC_CLOCK_SKEW_SECONDS * 1000 - PURGE_MARGIN_MS;
}

/** A finite number, or `undefined`. */
function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * Whether a used-token record may go at `now`. A token stops verifying by its record's
 * `expires_at` plus the skew, and in any case by `used_at` plus {@linkcode MAX_TOKEN_RECORD_MS}
 * plus the skew; values in the future beyond that are not believed.
 */
export function isPurgeable(item: Record<string, unknown>, now: number): boolean {
  const cutoff = purgeCutoff(now);
  const expires = finite(item.expires_at);
  const used = finite(item.used_at);
  if (expires !== undefined && expires < cutoff) return true;
  if (used !== undefined && used + MAX_TOKEN_RECORD_MS < cutoff) return true;
  const believable = (ms: number | undefined, ceiling: number) =>
    ms !== undefined && ms <= ceiling + PURGE_MARGIN_MS;
  // Neither value can say how long the token lives: nothing makes keeping it safer.
  return !believable(expires, now + MAX_TOKEN_RECORD_MS) && !believable(used, now);
}

/** Counts of one purge. */
export interface PurgeResult {
  purged: number;
  /** Ids that could not be deleted (logged; the next sweep retries them). */
  failed: number;
  /** False when the time budget ran out before the end of the list. */
  complete: boolean;
}

/**
 * Deletes every used-token item whose token can no longer verify, page by page, until done or
 * until `deadline` (Unix ms, by `now()`).
 *
 * @throws {Error} `Cannot purge used OIDC tokens: …` when the datastore cannot be read.
 */
export async function purgeUsedTokens(
  client: SlackAPIClient,
  now: () => number,
  deadline: number,
  pageSize = 100,
): Promise<PurgeResult> {
  const result: PurgeResult = { purged: 0, failed: 0, complete: true };
  const clock = now();
  const cutoff = purgeCutoff(clock);
  const page = queryPage(client, {
    datastore: OidcTokens.name,
    // Candidates; isPurgeable decides. Only operators Slack documents (<, >, OR,
    // attribute_not_exists), so a record with a missing or absurd value is found too.
    expression: "#expires_at < :cutoff OR #used_at < :used_cutoff OR " +
      "#expires_at > :expires_ceiling OR #used_at > :used_ceiling OR " +
      "attribute_not_exists(#expires_at) OR attribute_not_exists(#used_at)",
    expression_attributes: { "#expires_at": "expires_at", "#used_at": "used_at" },
    expression_values: {
      ":cutoff": cutoff,
      ":used_cutoff": cutoff - MAX_TOKEN_RECORD_MS,
      ":expires_ceiling": clock + MAX_TOKEN_RECORD_MS + PURGE_MARGIN_MS,
      ":used_ceiling": clock + PURGE_MARGIN_MS,
    },
    limit: pageSize,
  }, FAILURE);
  // The deadline is checked before each page is asked for.
  const pages = eachPage(
    async (cursor) => {
      if (now() <= deadline) return await page(cursor);
      result.complete = false;
      return { items: [] };
    },
    { failure: FAILURE },
  );
  for await (const items of pages) {
    const ids = items.filter((item) => isPurgeable(item, clock))
      .map((item) => String(item.id ?? "")).filter((id) => id);
    for (let i = 0; i < ids.length; i += BULK_DELETE_MAX) {
      const chunk = ids.slice(i, i + BULK_DELETE_MAX);
      const deleted = await client.apps.datastore.bulkDelete({
        datastore: OidcTokens.name,
        ids: chunk,
      });
      if (deleted.ok) {
        result.purged += chunk.length;
        continue;
      }
      // partial_failure names the ids that stayed; anything else failed as a whole.
      const stayed = deleted.error === "partial_failure"
        ? ((deleted as { failed_items?: unknown[] }).failed_items ?? chunk).length
        : chunk.length;
      console.warn(`sweep_pending: cannot purge ${stayed} used OIDC token(s): ${deleted.error}`);
      result.purged += chunk.length - stayed;
      result.failed += stayed;
    }
  }
  return result;
}
