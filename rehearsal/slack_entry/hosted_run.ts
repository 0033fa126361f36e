// deno-lint-ignore-file no-import-prefix -- the hook/runtime URLs the Slack CLI runs, mapped offline
/**
 * One hosted function invocation, as Slack's runtime performs it: deno-slack-runtime 1.1.3's own
 * `run(functionDir, payload)` (DispatchPayload: function_executed / block_actions / view_* to the
 * bundle `<functionDir>/<callback_id>.js`, then functions.completeSuccess/completeError). Reads
 * the `{body, context}` envelope on stdin and prints the response after a marker line. Started by
 * `hosted.ts` with the hosted permissions only.
 *
 * @module
 */
// The runtime's canonical URL; the rehearsal's import map serves it from shared/slack-sources.
import { run } from "https://deno.land/x/deno_slack_runtime@1.1.3/mod.ts";

/** Marks the line that carries the runtime's response (the function may print too). */
export const RESULT_MARK = "::rehearsal-result::";

if (import.meta.main) {
  const input = await new Response(Deno.stdin.readable).text();
  try {
    const response = await run(Deno.args[0], input);
    console.log(RESULT_MARK + JSON.stringify(response ?? {}));
  } catch (err) {
    const e = err as Error;
    console.log(
      RESULT_MARK + JSON.stringify({ thrown: { name: e?.name, message: e?.message ?? String(e) } }),
    );
    Deno.exit(1);
  }
}
