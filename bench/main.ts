/**
 * `deno task bench`: Slack Web API calls per request, and local platform throughput and latency,
 * printed as a table and written to `bench/results/latest.json`.
 *
 * Flags: `--requests N` per concurrency level (default 200), `--quick` (40, for CI smoke runs),
 * `--rate-window S` (seconds of the measured rate-limit run, default 60; 0 or `--quick` skips it).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { restate } from "../local/startup/args.ts";
import { measureApiCalls } from "./api_calls.ts";
import { measureLoad } from "./load.ts";
import { auditTable, measureAudit } from "./audit.ts";
import { deriveCeiling, derivedTable, measureCeiling, measuredTable } from "./rate_limits.ts";

/** Ends the run with the CLI's `error: …` line. */
function fail(why: string): never {
  console.error(`error: Cannot run the benchmark: ${why}`);
  Deno.exit(1);
}

let flags;
try {
  flags = parseArgs({
    args: Deno.args,
    options: {
      quick: { type: "boolean" },
      requests: { type: "string" },
      "rate-window": { type: "string" },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(restate(error as Error).message.replace("Cannot parse arguments: ", ""));
}
const quick = flags.quick ?? false;
const requests = flags.requests !== undefined ? Number(flags.requests) : quick ? 40 : 200;
if (!Number.isInteger(requests) || requests < 1) fail("--requests must be a positive integer");

const rateWindow = flags["rate-window"] !== undefined
  ? Number(flags["rate-window"])
  : quick
  ? 0
  : 60;
if (!Number.isInteger(rateWindow) || rateWindow < 0) {
  fail("--rate-window must be a whole number of seconds");
}

const machine = `${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cores, ` +
  `Deno ${Deno.version.deno}`;
console.log(`Countersign benchmark — ${new Date().toISOString()} — ${machine}\n`);

const calls = await measureApiCalls();
const fmtMethods = (m: Record<string, number>) =>
  Object.entries(m).map(([k, v]) => `${k}×${v}`).join(", ");
console.log("Slack Web API calls per request (made by the app's functions)");
console.log("| path | calls | target | runtime completions | methods |");
console.log("| --- | ---: | ---: | ---: | --- |");
console.log(
  `| auto-approved | ${calls.auto.total} | ≤ 3 | ${calls.auto.completions} | ${
    fmtMethods(calls.auto.byMethod)
  } |`,
);
console.log(
  `| one approver | ${calls.human.total} | ≤ 7 | ${calls.human.completions} | ${
    fmtMethods(calls.human.byMethod)
  } |`,
);

const load = await measureLoad([1, 8, 32], requests);
console.log(
  "\nWebhook → recorded decision, auto-approved requests, local platform vs bare Deno.serve",
);
console.log(
  "| concurrency | requests | platform req/s | p50 ms | p99 ms | bare Deno.serve req/s | ratio |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of load) {
  console.log(
    `| ${r.concurrency} | ${r.requests} | ${r.platformRps.toFixed(1)} | ${r.p50Ms.toFixed(1)} | ` +
      `${r.p99Ms.toFixed(1)} | ${r.bareRps.toFixed(0)} | ${r.ratio.toFixed(3)} |`,
  );
}
console.log("Targets (at 32): ratio ≥ 0.05, p99 ≤ 50 ms.");

// Audit export (from a local Web API) and verify, each in its own process for its peak RSS.
const audit = await measureAudit(quick ? [1_000, 10_000] : [10_000, 100_000]);
console.log(
  "\nAudit export and verify (decisions + 1% admin events, each command in its own process)",
);
console.log(auditTable(audit).join("\n"));
console.log("Targets: ≥ 50,000 records/s; peak RSS flat in N.");

// Slack's rate limits: ceilings derived from the calls above, then one minute measured.
const derived = [
  deriveCeiling("auto-approved", calls.auto),
  deriveCeiling("one approver", calls.human),
];
console.log("\nRequests per minute under Slack's rate limits (derived from the calls per request)");
console.log(derivedTable(derived).join("\n"));
const measured = rateWindow > 0
  ? await Promise.all([
    measureCeiling(1, rateWindow),
    measureCeiling(4, rateWindow),
    measureCeiling(1, rateWindow, "human"),
    measureCeiling(4, rateWindow, "human"),
  ])
  : [];
if (measured.length > 0) {
  console.log(
    "\nMeasured with the limits enforced (callers honour Retry-After; human: approved at once)",
  );
  console.log(measuredTable(measured).join("\n"));
  // "Every request ends with exactly one recorded outcome" holds under Slack's limits too.
  const unrecorded = measured.reduce((sum, r) => sum + r.endedUnrecorded, 0);
  if (unrecorded > 0) {
    console.error(`error: ${unrecorded} run(s) ended without a recorded outcome under rate limits`);
    Deno.exitCode = 1;
  }
}

const out = new URL("./results/latest.json", import.meta.url);
await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
await Deno.writeTextFile(
  out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine,
      api_calls: calls,
      load,
      audit,
      rate_limits: { derived, measured },
    },
    null,
    2,
  ) + "\n",
);
console.log(`\nwritten: ${out.pathname}`);
