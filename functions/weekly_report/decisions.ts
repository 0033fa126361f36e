/**
 * Reads the decisions of a period from the `decisions` datastore, page by page with cursors
 * until the end (no 10,000 cap), for the weekly report and `deno task cli report --token`.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { Decisions } from "../../datastores/decisions.ts";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import type { Period } from "../../lib/metrics/mod.ts";

/**
 * Yields every decision that may fall in `period` (requested or decided at or after its start;
 * callers filter exactly with `inPeriod`).
 *
 * @throws {Error} `Cannot read decisions: …` with Slack's error.
 */
export async function* readDecisions(
  client: SlackAPIClient,
  period: Period,
  pageSize = 1000,
): AsyncGenerator<DecisionRecord> {
  let cursor: string | undefined;
  do {
    const page = await client.apps.datastore.query<typeof Decisions.definition>({
      datastore: Decisions.name,
      expression: "#requested >= :from OR #decided >= :from",
      expression_attributes: { "#requested": "requested_at", "#decided": "decided_at" },
      expression_values: { ":from": period.from },
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    if (!page.ok) throw new Error(`Cannot read decisions: datastore query failed (${page.error})`);
    for (const item of page.items ?? []) yield item as DecisionRecord;
    // A page may be empty yet carry a cursor.
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
}
