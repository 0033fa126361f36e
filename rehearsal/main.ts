/**
 * `deno task rehearse`: the deploy rehearsal on this repository (see `mod.ts`). Prints each step
 * and each bundle's size; on failure prints `error: <cause>` and exits 1.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { RehearsalError, rehearse } from "./mod.ts";

if (import.meta.main) {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  try {
    const report = await rehearse({ repo, log: (line) => console.log(`rehearse: ${line}`) });
    console.log(`rehearse: Deno ${report.denoVersions.join(" and ")} load the config and manifest`);
    const total = report.bundles.reduce((s, b) => s + b.bytes, 0);
    console.log(`rehearse: ${report.bundles.length} bundles, ${(total / 1024).toFixed(1)} KiB`);
    for (const b of report.bundles) {
      console.log(`  ${b.callback_id.padEnd(22)} ${String(b.bytes).padStart(9)} bytes`);
    }
    if (report.flow) {
      console.log(
        `rehearse: request ${report.flow.decision.id} ${report.flow.decision.outcome}; ` +
          `steps ${report.flow.steps.map((s) => s.callback_id).join(" → ")}; callback delivered`,
      );
    }
    console.log("rehearse: ok");
  } catch (err) {
    if (!(err instanceof RehearsalError)) throw err;
    console.error(`error: ${err.message}`);
    Deno.exit(1);
  }
}
