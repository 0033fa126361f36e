/**
 * Checks that the canonical import map (deno.jsonc, used by `slack deploy`) and the offline map
 * (import_map.local.json, used locally and in CI) agree: the same specifiers, the same versions.
 * If they drift, tests pass locally against one SDK while Slack bundles another.
 *
 * @module
 */

/** A specifier → target table as found in an import map's `imports`. */
export type Imports = Record<string, string>;

/** One disagreement between the two maps, as a sentence naming the specifier. */
export type Problem = string;

/** Reads the version pinned by an import target, or undefined when it pins none. */
export function versionOf(target: string, resolveLocal?: (path: string) => string | undefined) {
  const npm = target.match(/^npm:\/?(@?[^@]+)@([^/]+)/);
  if (npm) return npm[2];
  const jsr = target.match(/^jsr:(@[^/@]+\/[^@]+)@([^/]+)/);
  if (jsr) return jsr[2];
  const url = target.match(/\/x\/[a-z_]+@([^/]+)\//);
  if (url) return url[1];
  const vendored = target.match(/[a-z_]+@(\d+\.\d+\.\d+)\//);
  if (vendored) return vendored[1];
  return resolveLocal?.(target);
}

/** True when `local` satisfies the canonical range: equal, or a caret range's major. */
export function versionMatches(canonical: string, local: string): boolean {
  if (canonical.startsWith("^")) {
    return local.split(".")[0] === canonical.slice(1).split(".")[0];
  }
  return canonical === local;
}

function covering(imports: Imports, specifier: string): string | undefined {
  if (specifier in imports) return specifier;
  return Object.keys(imports).find((k) => k.endsWith("/") && specifier.startsWith(k));
}

/**
 * Compares the maps and returns every problem found (empty when they agree).
 * `used` lists bare specifiers the code imports; each must resolve in both maps.
 */
export function compareImportMaps(
  canonical: Imports,
  local: Imports,
  used: Iterable<string>,
  resolveLocal?: (target: string) => string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const [spec, target] of Object.entries(local)) {
    const key = covering(canonical, spec);
    if (!key) {
      problems.push(`"${spec}" is mapped offline but not in deno.jsonc`);
      continue;
    }
    const want = versionOf(canonical[key]);
    const have = versionOf(target, resolveLocal);
    if (want && !have) problems.push(`"${spec}" pins no version offline (deno.jsonc: ${want})`);
    if (want && have && !versionMatches(want, have)) {
      problems.push(`"${spec}" is ${have} offline but ${want} in deno.jsonc`);
    }
  }
  for (const spec of Object.keys(canonical)) {
    const used = Object.keys(local).some((k) =>
      k === spec || (spec.endsWith("/") && k.startsWith(spec))
    );
    if (!used) problems.push(`"${spec}" is in deno.jsonc but has no offline mapping`);
  }
  for (const spec of used) {
    if (!covering(canonical, spec)) problems.push(`"${spec}" is imported but not in deno.jsonc`);
    if (!(spec in local)) problems.push(`"${spec}" is imported but not in import_map.local.json`);
  }
  return problems;
}

/** Removes `//` and block comments outside strings, so deno.jsonc parses as JSON. */
export function stripJsonComments(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** Bare specifiers (not relative, node:, npm:, jsr:, http) imported by a TypeScript source. */
export function bareImports(source: string): string[] {
  const found = new Set<string>();
  // Anchored at line start so that source text inside template strings (fixture apps in tests)
  // is not mistaken for this project's imports.
  const re =
    /^(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of source.matchAll(re)) {
    const spec = m[1] ?? m[2];
    if (!/^(\.|\/|node:|npm:|jsr:|https?:|data:)/.test(spec)) found.add(spec);
  }
  return [...found];
}
