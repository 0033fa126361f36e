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
import { queryPages } from "../_shared/pages.ts";

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
  const pages = queryPages<DecisionRecord>(client, {
    datastore: Decisions.name,
    expression: "#requested >= :from OR #decided >= :from",
    expression_attributes: { "#requested": "requested_at", "#decided": "decided_at" },
    expression_values: { ":from": period.from },
    limit: pageSize,
  }, "Cannot read decisions");
  for await (const items of pages) yield* items;
}
