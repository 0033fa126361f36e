/**
 * Where Slack's reference sources are and the import maps that let the rehearsal build and run
 * against them offline: the app's canonical `deno.land/x` imports (from its deno.jsonc) are mapped
 * onto `shared/slack-sources/`, and the few std/jsr modules those sources import onto small
 * stand-ins in `stand_ins/`.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseJsonc } from "./stand_ins/std_jsonc.ts";

/** Environment variable naming the folder that holds `slack-sources/` and the manifest schema. */
export const SHARED_ENV = "COUNTERSIGN_SLACK_SHARED";

/** The versions whose sources the rehearsal runs (what Slack's starter template pins today). */
export const SOURCES = {
  sdk: "deno-slack-sdk@2.15.1",
  api: "deno-slack-api@2.8.0",
  hooks: "deno-slack-hooks@1.5.0",
  runtime: "deno-slack-runtime@1.1.3",
} as const;

const HERE = dirname(fileURLToPath(import.meta.url));

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Text without terminal colour codes (Deno colours its errors). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** A rehearsal error: its message names the cause (what Slack would refuse and why). */
export class RehearsalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RehearsalError";
  }
}

/**
 * The shared folder: `$COUNTERSIGN_SLACK_SHARED`, else `<repo>/../shared` (where CI puts it).
 *
 * @param repo the repository root (the Countersign clone, not a fixture app)
 */
export function findShared(repo: string, env = Deno.env.get(SHARED_ENV)): string {
  const dir = resolve(env || join(repo, "..", "shared"));
  if (!existsSync(join(dir, "slack-sources", SOURCES.sdk))) {
    throw new RehearsalError(
      `Cannot rehearse a deploy: Slack's sources are not in "${dir}/slack-sources" ` +
        `(set ${SHARED_ENV} to the folder holding slack-sources/ and slack-manifest-schema/)`,
    );
  }
  return dir;
}

function src(shared: string, name: string): string {
  return pathToFileURL(join(shared, "slack-sources", name, "src")).href + "/";
}

function standIn(file: string): string {
  return pathToFileURL(join(HERE, "stand_ins", file)).href;
}

/** Canonical URL prefixes the rehearsal can serve from the shared sources. */
export function canonicalPrefixes(shared: string): Record<string, string> {
  return {
    "https://deno.land/x/deno_slack_sdk@2.15.1/": src(shared, SOURCES.sdk),
    "https://deno.land/x/deno_slack_api@2.8.0/": src(shared, SOURCES.api),
  };
}

/**
 * Mappings for what Slack's SDK/API sources import themselves: the npm SDK build's compiled
 * `x/case` (pure), and stand-ins for std modules.
 */
function transitive(repo: string, shared: string): Record<string, string> {
  const deps = join(repo, "node_modules", "@slack", "deno-slack-sdk", "esm", "deps", "deno.land");
  return {
    ...canonicalPrefixes(shared),
    "https://deno.land/x/case@v2.1.0/mod.ts":
      pathToFileURL(join(deps, "x", "case@v2.1.0", "mod.js"))
        .href,
    "https://deno.land/std@0.67.0/fs/mod.ts": standIn("std_fs.ts"),
    "https://deno.land/std@0.182.0/http/http_errors.ts": standIn("http_errors.ts"),
  };
}

/** Reads a deno.json(c) file's `imports`. */
export function readImports(configPath: string): Record<string, string> {
  const config = parseJsonc(Deno.readTextFileSync(configPath)) as Record<string, unknown>;
  return (config.imports ?? {}) as Record<string, string>;
}

/**
 * The import map that builds the app the way `slack deploy` does, but offline: each canonical
 * import of the app's deno.jsonc is rewritten onto the shared sources. An `https:` import the
 * shared folder has no copy of is an error naming it (the rehearsal would otherwise test
 * something other than what deploys).
 */
export function appImportMap(
  repo: string,
  shared: string,
  appConfig: string,
): { imports: Record<string, string> } {
  const prefixes = canonicalPrefixes(shared);
  const imports: Record<string, string> = {};
  for (const [spec, target] of Object.entries(readImports(appConfig))) {
    if (!/^https?:/.test(target)) {
      imports[spec] = target.startsWith("./") || target.startsWith("../")
        ? pathToFileURL(resolve(dirname(appConfig), target)).href +
          (target.endsWith("/") ? "/" : "")
        : target;
      continue;
    }
    const prefix = Object.keys(prefixes).find((p) => target.startsWith(p));
    if (!prefix) {
      throw new RehearsalError(
        `Cannot rehearse a deploy: deno.jsonc maps "${spec}" to "${target}", which has no offline ` +
          `copy in shared/slack-sources (rehearsed: ${Object.keys(prefixes).join(", ")})`,
      );
    }
    imports[spec] = prefixes[prefix] + target.slice(prefix.length);
  }
  return { imports: { ...transitive(repo, shared), ...imports } };
}

/** The hooks' own imports (jsr std modules, Slack's protocols) onto stand-ins. */
export function hooksImports(shared: string): Record<string, string> {
  return {
    "https://deno.land/x/deno_slack_hooks@1.5.0/": src(shared, SOURCES.hooks),
    "jsr:@slack/protocols@0.0.3": standIn("protocols.ts"),
    "jsr:@slack/protocols@0.0.3/types": standIn("protocols.ts"),
    "jsr:@std/path@^1.0.3": standIn("std_path.ts"),
    "jsr:@std/collections@^1.0.5": standIn("std_collections.ts"),
    "jsr:@std/jsonc@^1.0.1": standIn("std_jsonc.ts"),
  };
}

/**
 * The hosted runtime's import map: deno-slack-runtime 1.1.3 with its `deps.ts` imports served
 * offline. Its API client import (`deno_slack_api@0.0.2/base-client.ts`, not in shared) is served
 * by deno-slack-api 2.8.0's `BaseSlackAPIClient`, which has the same constructor and `apiCall`.
 */
export function runtimeImportMap(
  repo: string,
  shared: string,
): { imports: Record<string, string> } {
  return {
    imports: {
      ...transitive(repo, shared),
      "https://deno.land/x/deno_slack_runtime@1.1.3/": src(shared, SOURCES.runtime),
      "https://deno.land/x/deno_slack_api@0.0.2/base-client.ts": src(shared, SOURCES.api) +
        "base-client.ts",
      "https://deno.land/std@0.182.0/http/http_errors.ts": standIn("http_errors.ts"),
      "https://deno.land/std@0.99.0/io/util.ts": standIn("runtime_deps.ts"),
      "https://deno.land/std@0.99.0/flags/mod.ts": standIn("runtime_deps.ts"),
      "https://deno.land/x/deno_slack_builder@0.0.14/manifest.ts": standIn("runtime_deps.ts"),
      "https://deno.land/x/deno_slack_protocols@0.0.2/mod.ts": standIn("protocols.ts"),
      "https://deno.land/x/deno_slack_protocols@0.0.2/types.ts": standIn("protocols.ts"),
    },
  };
}
