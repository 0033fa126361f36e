/**
 * Running another Deno Slack app with its own import map. An import map applies to a whole
 * Deno process, so `local/main.ts --import-map FILE` re-runs itself in a child process whose
 * map is the platform's own map plus the app's map as a *scope* over the app folder: the app's
 * modules resolve their bare specifiers through their map, and the platform's modules keep
 * resolving through the platform's.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** An import map (the parts Deno uses). */
export interface ImportMap {
  imports?: Record<string, string>;
  scopes?: Record<string, Record<string, string>>;
}

/** Resolves relative targets (`./x`, `../x`, `/x`) against the map file's URL. */
function absolutize(imports: Record<string, string>, base: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, target] of Object.entries(imports)) {
    out[key] = /^(\.{1,2}\/|\/)/.test(target) ? new URL(target, base).href : target;
  }
  return out;
}

/**
 * Merges `platformMap` (read from `platformMapUrl`) with the app's map (read from `appMapUrl`)
 * scoped to `appDirUrl`. Relative targets become absolute so the result works from any folder.
 */
export function mergeImportMaps(
  platformMap: ImportMap,
  platformMapUrl: URL,
  appMap: ImportMap,
  appMapUrl: URL,
  appDirUrl: URL,
): ImportMap {
  const scopes: Record<string, Record<string, string>> = {};
  for (const [scope, entries] of Object.entries(platformMap.scopes ?? {})) {
    scopes[new URL(scope, platformMapUrl).href] = absolutize(entries, platformMapUrl);
  }
  for (const [scope, entries] of Object.entries(appMap.scopes ?? {})) {
    scopes[new URL(scope, appMapUrl).href] = absolutize(entries, appMapUrl);
  }
  const appScope = appDirUrl.href.endsWith("/") ? appDirUrl.href : `${appDirUrl.href}/`;
  scopes[appScope] = { ...scopes[appScope], ...absolutize(appMap.imports ?? {}, appMapUrl) };
  return { imports: absolutize(platformMap.imports ?? {}, platformMapUrl), scopes };
}

async function readMap(path: string): Promise<ImportMap> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`Cannot read import map "${path}": ${(error as Error).message}`);
  }
  try {
    const map = JSON.parse(text);
    if (map && typeof map === "object" && !Array.isArray(map)) return map as ImportMap;
  } catch {
    // reported below
  }
  throw new Error(`Cannot read import map "${path}": not a JSON object`);
}

/** Writes the merged map for `appDir` + `appMapPath` to a temporary file; returns its path. */
export async function writeMergedImportMap(
  platformMapPath: string,
  appMapPath: string,
  appDir: string,
): Promise<string> {
  const platformPath = resolve(platformMapPath);
  const appPath = resolve(appMapPath);
  const merged = mergeImportMaps(
    await readMap(platformPath),
    pathToFileURL(platformPath),
    await readMap(appPath),
    pathToFileURL(appPath),
    pathToFileURL(resolve(appDir)),
  );
  const out = await Deno.makeTempFile({ prefix: "countersign-import-map-", suffix: ".json" });
  await Deno.writeTextFile(out, JSON.stringify(merged, null, 2));
  return out;
}

/** The platform's own import map (`import_map.local.json` beside `local/`). */
export const PLATFORM_IMPORT_MAP = resolve(
  dirname(new URL(import.meta.url).pathname),
  "../..",
  "import_map.local.json",
);
