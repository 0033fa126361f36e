/**
 * Runs one CLI command (`export` or `verify`) in its own process for `bench/audit.ts`, so its
 * peak memory (VmHWM) is its own and not the benchmark's, and prints the measurement as the last
 * line of stdout: `{"ms":…,"peak_rss_kb":…,"code":…}`.
 *
 * @module
 */
import { main } from "../cli/main.ts";

/** Peak resident set size of this process in kB (Linux), or -1 where unknown. */
function peakRssKb(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    return Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? -1);
  } catch {
    return -1;
  }
}

const started = performance.now();
// The command's own report goes to stderr's neighbour; only the last stdout line is parsed.
const code = await main(Deno.args);
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, peak_rss_kb: peakRssKb(), code }));
