/**
 * `report`: decision metrics over a period, printed as a table, plus an SVG chart of decisions
 * and time to decision. Reads the local platform's decisions (`--url`) or a workspace's through
 * the Web API (`--token`, or the env `COUNTERSIGN_SLACK_TOKEN` to keep it out of process lists).
 *
 * @module
 */
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import {
  createReportBuilder,
  parsePeriod,
  type Period,
  renderChart,
  reportText,
} from "../lib/metrics/mod.ts";
import type { DecisionRecord } from "../lib/decision/mod.ts";
import { readDecisions } from "../functions/weekly_report/decisions.ts";
import { eachPage } from "../functions/_shared/pages.ts";
import { join, resolve } from "node:path";
import type { Flags } from "./_args.ts";
import { describeStatus } from "../lib/http_error.ts";
import { fetchOrExplain } from "./_http.ts";

/** Flags of `report`. */
export const REPORT_FLAGS = {
  values: ["from", "to", "url", "token", "api-url", "out", "data"],
  booleans: ["json"],
} as const;

/** Env variable read when `--token` is not given. */
export const TOKEN_ENV = "COUNTERSIGN_SLACK_TOKEN";
/** Default chart file name. */
export const DEFAULT_CHART = "countersign-report.svg";
/** The local platform's default data folder (`deno task start --data`). */
const DEFAULT_DATA = ".countersign";

/**
 * The folder the user ran the command in: `deno task` runs tasks in the project folder and keeps
 * the caller's folder in `INIT_CWD`, so a relative `--out` lands where the user is.
 */
function userFolder(): string {
  return Deno.env.get("INIT_CWD") || Deno.cwd();
}

/** Whether `path` is an existing folder. */
function isFolder(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Where the chart goes: `--out` (relative to the user's folder); else, for a local platform
 * (`--url`), its data folder (`--data`, default `.countersign/`) when it exists, beside
 * `platform.db` and out of the repository's files; else the user's current folder.
 */
export function chartPath(flags: Flags): string {
  const out = flags.values.get("out");
  if (out) return resolve(userFolder(), out);
  if (flags.values.has("url")) {
    const data = resolve(userFolder(), flags.values.get("data") ?? DEFAULT_DATA);
    if (isFolder(data)) return join(data, DEFAULT_CHART);
  }
  return resolve(userFolder(), DEFAULT_CHART);
}

/**
 * Every decision of the local platform at `base`, page by page through `/_local/datastores`.
 *
 * @throws {Error} `Cannot read decisions from …` on an HTTP or JSON failure.
 */
export async function* readLocalDecisions(base: string): AsyncGenerator<DecisionRecord> {
  let root: URL;
  try {
    root = new URL("/_local/datastores/decisions", base);
  } catch {
    throw new Error(`Cannot read decisions: --url "${base}" is not a URL`);
  }
  const pages = eachPage<DecisionRecord>(
    async (cursor) => {
      const url = new URL(root);
      url.searchParams.set("limit", "1000");
      if (cursor) url.searchParams.set("cursor", cursor);
      const res = await fetchOrExplain(url, undefined, "read decisions");
      const body = await res.json().catch(() => undefined) as
        | { items?: DecisionRecord[]; next_cursor?: string; error?: string }
        | undefined;
      if (!res.ok || !body || !Array.isArray(body.items)) {
        throw new Error(
          `Cannot read decisions from ${root.origin}: ${describeStatus(res)}${
            body?.error ? ` (${body.error})` : ""
          }; is it a Countersign local platform?`,
        );
      }
      return { items: body.items, cursor: body.next_cursor };
    },
    { failure: "Cannot read decisions" },
  );
  for await (const items of pages) yield* items;
}

/** Where the decisions come from, from the flags (exactly one source). */
function source(flags: Flags, period: Period): AsyncGenerator<DecisionRecord> {
  const url = flags.values.get("url");
  const token = flags.values.get("token") ?? Deno.env.get(TOKEN_ENV);
  if (url && flags.values.has("token")) {
    throw new Error("Cannot build report: give either --url or --token, not both");
  }
  if (url) return readLocalDecisions(url);
  if (!token) {
    throw new Error(
      `Cannot build report: give --url <local platform, e.g. http://127.0.0.1:3000> or --token (or ${TOKEN_ENV})`,
    );
  }
  const apiUrl = flags.values.get("api-url") ?? "https://slack.com/api/";
  return readDecisions(SlackAPI(token, { slackApiUrl: apiUrl }), period);
}

/** Runs `report`: prints the summary and writes the chart. */
export async function report(flags: Flags): Promise<void> {
  const period = parsePeriod(flags.values.get("from"), flags.values.get("to"), Date.now());
  const builder = createReportBuilder(period);
  for await (const record of source(flags, period)) builder.add(record);
  const result = builder.finish();
  const out = chartPath(flags);
  try {
    await Deno.writeTextFile(out, renderChart(result) + "\n");
  } catch (error) {
    throw new Error(`Cannot write chart to "${out}": ${(error as Error).message}`);
  }
  if (flags.booleans.has("json")) console.log(JSON.stringify({ ...result, chart: out }));
  else console.log(`${reportText(result)}\n\nChart: ${out}`);
}
