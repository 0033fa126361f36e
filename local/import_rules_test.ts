/**
 * The platform knows nothing of the app it runs: no file under `local/` imports from the app's
 * folders (`lib/`, `functions/`, `demo/`, `datastores/`, `workflows/`, `triggers/`) or its
 * `manifest.ts`. Apps, plugins and manifests are loaded by path at run time (see
 * docs/architecture.md). Every static import, re-export, dynamic import of a string literal and
 * JSDoc import type of every `.ts`/`.js` file is checked (the checker: `dev/import_rules.ts`).
 */
import { assertEquals } from "@std/assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importsOf, importViolations, violation } from "../dev/import_rules.ts";

const LOCAL = fileURLToPath(new URL(".", import.meta.url));
/** What the platform must not import, relative to the repository root. */
export const FORBIDDEN = [
  "lib/",
  "functions/",
  "demo/",
  "datastores/",
  "workflows/",
  "triggers/",
  "manifest.ts",
];

Deno.test("nothing under local/ imports the app's folders or its manifest", () => {
  const { found, files } = importViolations(LOCAL, FORBIDDEN);
  assertEquals(found, []);
  // The walk did see the platform (a broken walk would pass vacuously).
  assertEquals(files > 50, true, `only ${files} files found under local/`);
});

Deno.test("the rule names the file and the import that breaks it", () => {
  const file = join(LOCAL, "server.ts");
  // Built from parts, so this file's own text holds no such import for the walk above to find.
  const q = (path: string) => JSON.stringify(path);
  const source = [
    `import a from ${q("../lib/x.ts")};`,
    `export * from ${q("./y.ts")};`,
    `const m = await import(${q("../demo/plugin.ts")});`,
    `/** @type {import(${q("../manifest.ts")}).X} */`,
  ].join("\n");
  assertEquals(importsOf(source), ["../lib/x.ts", "./y.ts", "../demo/plugin.ts", "../manifest.ts"]);
  assertEquals(
    violation(file, "../lib/x.ts", FORBIDDEN),
    'local/server.ts imports "../lib/x.ts" (lib/)',
  );
  assertEquals(
    violation(file, "../manifest.ts", FORBIDDEN),
    'local/server.ts imports "../manifest.ts" (manifest.ts)',
  );
  assertEquals(violation(file, "./runtime/testdata/fixture_app/manifest.ts", FORBIDDEN), undefined);
  assertEquals(violation(file, "../library/x.ts", FORBIDDEN), undefined);
  assertEquals(violation(file, "deno-slack-sdk/mod.ts", FORBIDDEN), undefined);
});
