/**
 * Loads a Deno Slack app folder the way the Slack CLI sees it: the default export of
 * `manifest.ts` (the JSON that `Manifest(...)` builds), each `triggers/*.ts` default export, and,
 * on demand, each function's module from its `source_file`.
 *
 * Modules are loaded with dynamic `import()` in this process, so bare specifiers in the app
 * resolve through the import map the process was started with (`local/main.ts` merges another
 * app's map in when `--import-map` is given; see there).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** A workflow step as in the manifest JSON. */
export interface ManifestStep {
  id: string;
  function_id: string;
  inputs: Record<string, unknown>;
}

/** A workflow as in the manifest JSON. */
export interface ManifestWorkflow {
  title?: string;
  description?: string;
  input_parameters?: { properties?: Record<string, unknown>; required?: string[] };
  steps: ManifestStep[];
}

/** A custom function as in the manifest JSON (before the CLI strips `source_file`). */
export interface ManifestFunction {
  title?: string;
  description?: string;
  source_file: string;
  input_parameters?: { properties?: Record<string, unknown>; required?: string[] };
  output_parameters?: { properties?: Record<string, unknown>; required?: string[] };
}

/** The parts of the manifest JSON the local platform uses. */
export interface AppManifest {
  display_information?: { name?: string; description?: string };
  functions?: Record<string, ManifestFunction>;
  workflows?: Record<string, ManifestWorkflow>;
  datastores?: Record<string, { primary_key: string; attributes: Record<string, unknown> }>;
  outgoing_domains?: string[];
  [key: string]: unknown;
}

/** A trigger definition file and its default export. */
export interface TriggerFile {
  /** Path relative to the app folder, e.g. `triggers/handle_request_webhook.ts`. */
  file: string;
  definition: Record<string, unknown>;
}

/** A function module: the SDK's `SlackFunction(...)` result or plain exported handlers. */
// deno-lint-ignore no-explicit-any -- handlers are app code with app-specific argument types
export type Handler = (args: any) => unknown;

/** What the runtime looks up on a function module (same lookup as deno-slack-runtime). */
export interface FunctionModule {
  default?: Handler & Partial<Record<HandlerName, Handler>>;
  blockActions?: Handler;
  viewSubmission?: Handler;
  viewClosed?: Handler;
  unhandledEvent?: Handler;
}

/** Handler names besides the default export. */
export type HandlerName = "blockActions" | "viewSubmission" | "viewClosed" | "unhandledEvent";

/** A loaded app. */
export interface LoadedApp {
  /** Absolute path of the app folder. */
  dir: string;
  name: string;
  manifest: AppManifest;
  triggers: TriggerFile[];
  /** The manifest's `outgoing_domains` (empty when none). */
  outgoingDomains: string[];
  /** Imports the module behind a custom function's callback id (cached by the module loader). */
  loadFunction(callbackId: string): Promise<FunctionModule>;
}

/**
 * Where a custom function's module is: its file URL and its `source_file` (for messages).
 *
 * @throws Error `Cannot load function: "<id>" is not in the manifest`.
 */
export function functionModule(
  app: Pick<LoadedApp, "dir" | "manifest">,
  callbackId: string,
): { url: string; sourceFile: string } {
  const functions = app.manifest.functions ?? {};
  const fn = Object.hasOwn(functions, callbackId) ? functions[callbackId] : undefined;
  if (!fn) throw new Error(`Cannot load function: "${callbackId}" is not in the manifest`);
  return { url: pathToFileURL(join(app.dir, fn.source_file)).href, sourceFile: fn.source_file };
}

/** The error of a function module that failed to import (same wording in-process or in a thread). */
export function importFailed(callbackId: string, sourceFile: string, error: unknown): Error {
  return new Error(
    `Cannot load function "${callbackId}": importing "${sourceFile}" failed: ${
      (error as Error).message
    }`,
  );
}

/** Strips `#/workflows/` or `#/functions/` from a reference, returning the callback id. */
export function localReference(ref: string, kind: "workflows" | "functions"): string | undefined {
  const prefix = `#/${kind}/`;
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

/**
 * Loads the app in `appDir` (default: the current directory).
 *
 * @throws Error `Cannot load app: …` when the manifest or a trigger file is missing or invalid.
 */
export async function loadApp(appDir = "."): Promise<LoadedApp> {
  const dir = resolve(appDir);
  const manifestPath = join(dir, "manifest.ts");
  let manifestModule: { default?: unknown };
  try {
    manifestModule = await import(pathToFileURL(manifestPath).href);
  } catch (error) {
    throw new Error(
      `Cannot load app: importing "${manifestPath}" failed: ${(error as Error).message}`,
    );
  }
  const manifest = toJson(manifestModule.default) as AppManifest | undefined;
  if (!manifest || typeof manifest !== "object" || !manifest.workflows) {
    throw new Error(`Cannot load app: "${manifestPath}" has no default-exported Manifest(...)`);
  }
  const triggers = await loadTriggers(dir);
  const loaded = new Map<string, FunctionModule>();
  return {
    dir,
    name: manifest.display_information?.name ?? "app",
    manifest,
    triggers,
    outgoingDomains: manifest.outgoing_domains ?? [],
    async loadFunction(callbackId: string): Promise<FunctionModule> {
      // import() would return the same module each time; the map skips resolving the path and
      // specifier on every step.
      const cached = loaded.get(callbackId);
      if (cached) return cached;
      const { url, sourceFile } = functionModule({ dir, manifest }, callbackId);
      try {
        const module = await import(url) as FunctionModule;
        loaded.set(callbackId, module);
        return module;
      } catch (error) {
        throw importFailed(callbackId, sourceFile, error);
      }
    },
  };
}

/** `Manifest(...)` returns an object with getters and class instances; JSON is its wire form. */
function toJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

async function loadTriggers(dir: string): Promise<TriggerFile[]> {
  const triggerDir = join(dir, "triggers");
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(triggerDir)) {
      // Tests and private helpers (`_x.ts`) are not trigger definitions.
      if (
        entry.isFile && entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") &&
        !entry.name.startsWith("_")
      ) names.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  names.sort();
  const triggers: TriggerFile[] = [];
  for (const name of names) {
    const file = `triggers/${name}`;
    const module = await import(pathToFileURL(join(triggerDir, name)).href) as {
      default?: unknown;
    };
    const definition = toJson(module.default);
    if (!definition || typeof definition !== "object" || Array.isArray(definition)) {
      throw new Error(`Cannot load app: "${file}" has no default-exported trigger definition`);
    }
    triggers.push({ file, definition: definition as Record<string, unknown> });
  }
  return triggers;
}
