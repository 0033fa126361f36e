/**
 * The checker behind the tree's layering tests (`local/import_rules_test.ts`,
 * `lib/import_rules_test.ts`, see docs/architecture.md): which files a folder imports, read from
 * the source text (every static import, re-export, dynamic import of a string literal and JSDoc
 * import type), and which I/O APIs a file calls.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("..", import.meta.url));

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+|\bexport\s+\*\s+from\s*)["']([^"']+)["']/gm;

/** The specifiers a source text imports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]);
}

/**
 * Why `specifier`, imported by `file`, reaches into one of the `forbidden` places (folders end
 * with `/`, files are named whole, relative to `root`), or undefined.
 */
export function violation(
  file: string,
  specifier: string,
  forbidden: readonly string[],
  root: string = ROOT,
): string | undefined {
  // Bare specifiers are packages (or import-map entries, none of which point into the app).
  if (!/^(\.{1,2}\/|\/|file:)/.test(specifier)) return undefined;
  const target = specifier.startsWith("file:")
    ? fileURLToPath(specifier)
    : resolve(dirname(file), specifier);
  const path = relative(root, target).replaceAll("\\", "/");
  const hit = forbidden.find((f) => f.endsWith("/") ? path.startsWith(f) : path === f);
  return hit ? `${relative(root, file)} imports "${specifier}" (${hit})` : undefined;
}

/** Every `.ts`/`.js`/`.mjs` file under `dir`. */
export function* sourceFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs)$/.test(entry.name)) yield path;
  }
}

/** Every import of every file under `dir` that reaches a `forbidden` place, and the files seen. */
export function importViolations(
  dir: string,
  forbidden: readonly string[],
  root: string = ROOT,
): { found: string[]; files: number } {
  const found: string[] = [];
  let files = 0;
  for (const file of sourceFiles(dir)) {
    files++;
    for (const specifier of importsOf(Deno.readTextFileSync(file))) {
      const why = violation(file, specifier, forbidden, root);
      if (why) found.push(why);
    }
  }
  return { found, files };
}

/**
 * `source` without its comments (strings kept), so a comment that names an API is not a call.
 * Template literals are kept whole, `${…}` included.
 */
export function withoutComments(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The I/O a pure module must not do: what is found, and how it reads in a report. */
const IO_APIS: readonly [RegExp, string][] = [
  [/(?<![\w$.#])fetch\s*\(/, "fetch()"],
  [/\bglobalThis\s*\.\s*fetch\b/, "globalThis.fetch"],
  [/\bDeno\s*\./, "the Deno namespace (files, env, network, processes)"],
  [/\bprocess\s*\.\s*(env|argv|exit|stdout|stderr|stdin)\b/, "node's process"],
  [/\bnew\s+(WebSocket|EventSource|XMLHttpRequest|Worker)\b/, "a socket, stream or worker"],
  [/\bconsole\s*\./, "console output"],
  [
    /["']node:(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|os|process|readline|worker_threads)["']/,
    "an I/O node module",
  ],
  [
    /\bSlackAPIClient\b|\bSlackAPI\s*\(|\.apiCall\s*\(|\.apps\s*\.\s*datastore\b/,
    "Slack Web API calls",
  ],
  [/\bSlackFunctionTester\b/, "the SDK's function tester"],
];

/** The I/O APIs `source` uses (comments ignored), each named once. */
export function ioCalls(source: string): string[] {
  const code = withoutComments(source);
  return IO_APIS.filter(([pattern]) => pattern.test(code)).map(([, name]) => name);
}

/** Options of {@linkcode importGraph}. */
export interface GraphOptions {
  /** The node a file (path relative to the root) counts for: itself (default) or its folder. */
  group?: (path: string) => string;
  /** Which files to read (default all). */
  include?: (path: string) => boolean;
  root?: string;
}

/**
 * The import graph of the files under `dir` (paths relative to the root), keeping only imports
 * of files under `dir`.
 */
export function importGraph(dir: string, options: GraphOptions = {}): Map<string, Set<string>> {
  const { group = (path: string) => path, include = () => true, root = ROOT } = options;
  const graph = new Map<string, Set<string>>();
  const inside = relative(root, dir).replaceAll("\\", "/") + "/";
  for (const file of sourceFiles(dir)) {
    if (!include(file)) continue;
    const from = group(relative(root, file).replaceAll("\\", "/"));
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const specifier of importsOf(Deno.readTextFileSync(file))) {
      if (!/^\.{1,2}\//.test(specifier)) continue;
      const path = relative(root, resolve(dirname(file), specifier)).replaceAll("\\", "/");
      const to = group(path);
      if (path.startsWith(inside) && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle of `graph`, each as its nodes in order (the first repeated at the end). */
export function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    path.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return found;
}
