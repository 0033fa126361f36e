/**
 * lib/ is Countersign's pure domain logic: no file under `lib/` imports the app's Slack side
 * (`datastores/`, `functions/`, `workflows/`, `triggers/`, `manifest.ts`), the platform
 * (`local/`), the demo or the tools built on lib (`cli/`, `sdk/`, `relay/`, `mcp/` …), and no
 * source file calls an I/O API: no fetch, no Deno namespace (files, env, network, processes), no
 * console, no Slack Web API client. Functions and the CLI do the I/O and pass it in as functions
 * (`deliverCallback(fetch, …)`, `new IssuerCache({ fetch })`). Tests (`*_test.ts`) and their
 * bundled fixtures (`testdata/`) may use the network and files to prove that. See
 * docs/architecture.md; the checker is `dev/import_rules.ts`.
 */
import { assertEquals } from "@std/assert";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  cyclesOf,
  importGraph,
  importViolations,
  ioCalls,
  ROOT,
  sourceFiles,
  violation,
} from "../dev/import_rules.ts";

const LIB = fileURLToPath(new URL(".", import.meta.url));
/** What lib must not import, relative to the repository root: everything but lib/ and dev/. */
export const FORBIDDEN = [
  "datastores/",
  "functions/",
  "workflows/",
  "triggers/",
  "manifest.ts",
  "local/",
  "demo/",
  "cli/",
  "sdk/",
  "relay/",
  "mcp/",
  "action/",
  "bench/",
  "proof/",
  "e2e/",
  "rehearsal/",
];

/** Whether the I/O rule spares `file`: tests and their fixtures. */
const isTest = (file: string) => /_test\.ts$/.test(file) || /[\\/]testdata[\\/]/.test(file);

Deno.test("nothing under lib/ imports the app's Slack side, the platform or the tools", () => {
  const { found, files } = importViolations(LIB, FORBIDDEN);
  assertEquals(found, []);
  // The walk did see lib (a broken walk would pass vacuously).
  assertEquals(files > 100, true, `only ${files} files found under lib/`);
});

Deno.test("no source file under lib/ calls an I/O API", () => {
  const found: string[] = [];
  let checked = 0;
  for (const file of sourceFiles(LIB)) {
    if (isTest(file)) continue;
    checked++;
    for (const api of ioCalls(Deno.readTextFileSync(file))) {
      found.push(`${relative(ROOT, file)} uses ${api}`);
    }
  }
  assertEquals(found, []);
  assertEquals(checked > 80, true, `only ${checked} source files checked under lib/`);
});

Deno.test("lib has no import cycles, between files or between its folders", () => {
  // Tests may import across lib to prove a rule end to end; the sources may not loop.
  const sources = (file: string) => !isTest(file);
  const files = importGraph(LIB, { include: sources });
  assertEquals(cyclesOf(files), []);
  assertEquals(files.size > 80, true, `only ${files.size} files in the graph`);
  // lib/contract/… and lib/policy/… count as one node each: a folder may use another folder or
  // be used by it, not both.
  const folders = importGraph(LIB, {
    include: sources,
    group: (path) => path.split("/").slice(0, 2).join("/"),
  });
  assertEquals(cyclesOf(folders), []);
  assertEquals(folders.has("lib/contract") && folders.has("lib/policy"), true);
});

Deno.test("cycles are found and named in order", () => {
  const graph = new Map([
    ["a", new Set(["b"])],
    ["b", new Set(["c"])],
    ["c", new Set(["a"])],
    ["d", new Set(["a"])],
  ]);
  assertEquals(cyclesOf(graph), [["a", "b", "c", "a"]]);
  assertEquals(cyclesOf(new Map([["a", new Set(["b"])], ["b", new Set()]])), []);
});

Deno.test("the I/O rule names what a file calls and skips comments", () => {
  // Built from parts, so this file's own text holds none of them for the walk above to find.
  const call = (name: string) => `${name}(`;
  assertEquals(ioCalls(`const r = await ${call("fetch")}url);`), ["fetch()"]);
  assertEquals(ioCalls(`const k = ${"Deno"}.env.get("X");`), [
    "the Deno namespace (files, env, network, processes)",
  ]);
  assertEquals(ioCalls(`${"console"}.warn("x");`), ["console output"]);
  assertEquals(ioCalls(`await client.apps.${"datastore"}.put({});`), ["Slack Web API calls"]);
  assertEquals(ioCalls(`import { readFile } from "${"node"}:fs/promises";`), [
    "an I/O node module",
  ]);
  // Passed-in I/O, comments and strings that merely name an API are fine.
  assertEquals(ioCalls(`const r = await options.${call("fetch")}url);`), []);
  assertEquals(ioCalls(`const r = await this.#${call("fetch")}url);`), []);
  assertEquals(ioCalls(`// uses ${"Deno"}.serve\n/* ${call("fetch")}) */ const x = 1;`), []);
  assertEquals(ioCalls(`const url = "https://example.com/a//b"; const y = 2;`), []);
});

Deno.test("the import rule names the file and the import that breaks it", () => {
  const file = join(LIB, "admin", "bot.ts");
  const q = (path: string) => JSON.stringify(path);
  assertEquals(
    violation(file, "../../datastores/services.ts", FORBIDDEN),
    `lib/admin/bot.ts imports ${q("../../datastores/services.ts")} (datastores/)`,
  );
  assertEquals(
    violation(file, "../../functions/_shared/pages.ts", FORBIDDEN)?.endsWith(
      "(functions/)",
    ),
    true,
  );
  assertEquals(violation(file, "../../local/testing.ts", FORBIDDEN)?.endsWith("(local/)"), true);
  assertEquals(violation(file, "../../dev/oidc_issuer.ts", FORBIDDEN), undefined);
  assertEquals(violation(file, "../contract/text.ts", FORBIDDEN), undefined);
  assertEquals(violation(file, "deno-slack-sdk/mod.ts", FORBIDDEN), undefined);
});
