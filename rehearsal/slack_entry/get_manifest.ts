// deno-lint-ignore-file no-import-prefix -- the hook/runtime URLs the Slack CLI runs, mapped offline
/**
 * The get-manifest hook as deno-slack-hooks 1.5.0 runs it, in the app's folder: its own
 * `getManifest` (deep-merge of manifest.json/ts/js), `validateManifestFunctions` (each
 * `source_file` exists and default-exports a function) and `cleanManifest` (drops
 * `source_file`). Prints `{ manifest, sources }` as JSON: the cleaned manifest the CLI would send,
 * and each function's `source_file`, which the build step bundles.
 *
 * @module
 */
// The hook's canonical URLs; the rehearsal's import map serves them from shared/slack-sources.
import {
  cleanManifest,
  getManifest,
} from "https://deno.land/x/deno_slack_hooks@1.5.0/get_manifest.ts";
import { validateManifestFunctions } from "https://deno.land/x/deno_slack_hooks@1.5.0/utilities.ts";

const cwd = Deno.cwd();
const manifest = await getManifest(cwd);
await validateManifestFunctions(cwd, manifest);
const sources: Record<string, string> = {};
for (const [id, fn] of Object.entries(manifest.functions ?? {})) {
  const def = fn as { type?: string; source_file?: string };
  if (def.type !== "API" && def.source_file) sources[id] = def.source_file;
}
console.log(JSON.stringify({ manifest: cleanManifest(manifest), sources }));
