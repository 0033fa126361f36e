/**
 * The platform knows nothing of the app it runs: no file under `local/` imports from the app's
 * folders (`lib/`, `functions/`, `demo/`, `datastores/`, `workflows/`, `triggers/`) or its
 * `manifest.ts`. Apps, plugins and manifests are loaded by path at run time (see
 * docs/architecture.md). Every static import, re-export, dynamic import of a string literal and
 * JSDoc import type of every `.ts`/`.js` file is checked.
 */
import { assertEquals } from "@std/assert";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LOCAL = fileURLToPath(new URL(".", import.meta.url));
const ROOT = resolve(LOCAL, "..");
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

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+|\bexport\s+\*\s+from\s*)["']([^"']+)["']/gm;

/** The specifiers a source text imports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]);
}

/** Why `specifier`, imported by `file`, breaks the rule, or undefined. */
export function violation(file: string, specifier: string, root = ROOT): string | undefined {
  // Bare specifiers are packages (or import-map entries, none of which point into the app).
  if (!/^(\.{1,2}\/|\/|file:)/.test(specifier)) return undefined;
  const target = specifier.startsWith("file:")
    ? fileURLToPath(specifier)
    : resolve(dirname(file), specifier);
  const path = relative(root, target).replaceAll("\\", "/");
  const hit = FORBIDDEN.find((f) => f.endsWith("/") ? path.startsWith(f) : path === f);
  return hit ? `${relative(root, file)} imports "${specifier}" (${hit})` : undefined;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs)$/.test(entry.name)) yield path;
  }
}

Deno.test("nothing under local/ imports the app's folders or its manifest", () => {
  const found: string[] = [];
  let files = 0;
  for (const file of sourceFiles(LOCAL)) {
    files++;
    for (const specifier of importsOf(Deno.readTextFileSync(file))) {
      const why = violation(file, specifier);
      if (why) found.push(why);
    }
  }
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
  assertEquals(violation(file, "../lib/x.ts"), 'local/server.ts imports "../lib/x.ts" (lib/)');
  assertEquals(
    violation(file, "../manifest.ts"),
    'local/server.ts imports "../manifest.ts" (manifest.ts)',
  );
  assertEquals(violation(file, "./runtime/testdata/fixture_app/manifest.ts"), undefined);
  assertEquals(violation(file, "../library/x.ts"), undefined);
  assertEquals(violation(file, "deno-slack-sdk/mod.ts"), undefined);
});
