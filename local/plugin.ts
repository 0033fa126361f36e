/**
 * The plugin seam: how an app brings its own local specifics (a demo workspace, keys, a receiver
 * for its callbacks, panels on the page) to a platform that knows nothing of it.
 *
 * A plugin is a module loaded by path (`deno task start --plugin demo/plugin.ts`, or
 * `startPlatform({ plugin })`) whose default export is a {@linkcode PlatformPlugin}. Its `setup`
 * runs once per start, after storage is open and the server listens, before the app's triggers
 * are created and any run resumes. What it returns is all the platform takes from it:
 *
 * - `env`: the app environment, given the user's (`<data>/env`, `--env`);
 * - `outgoingHosts`: hosts the app may fetch besides the manifest's `outgoing_domains`;
 * - `routes`: extra HTTP routes (URLPattern paths under `/_local/`), e.g. a callback receiver;
 * - `page`: panels for the page (ES modules served from `page.dir` under `/_local/plugin/`),
 *   the browser storage key and the channel the page opens first;
 * - `info` and `startupLines`: what `deno task start` prints, and `platform.plugin.info`;
 * - `close`: called when the platform stops.
 *
 * The host it is given offers the workspace to seed (users, channels, groups, datastore items,
 * settings), a folder for its files, live events for the page, and the platform's URL.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Storage, TriggerRecord } from "./storage/types.ts";

/** What a plugin may read and write of the workspace (seeding, its own settings). */
export type Workspace = Pick<
  Storage,
  | "getUser"
  | "putUser"
  | "listUsers"
  | "getChannel"
  | "putChannel"
  | "putUsergroup"
  | "getItem"
  | "putItem"
  | "scanItems"
  | "getSetting"
  | "setSetting"
>;

/** What a plugin exposes as `info` (loosely typed: the platform never reads it). */
// deno-lint-ignore no-explicit-any -- the plugin's own shape; callers read its fields directly
export type PluginInfo = Record<string, any>;

/** What the platform offers a plugin's `setup`. */
export interface PluginHost {
  /** The app being run. */
  app: { name: string; dir: string; datastores: string[] };
  /** The workspace, to seed and to keep the plugin's own settings in. */
  workspace: Workspace;
  /** True on a fresh data folder when seeding is wanted (`--no-seed` makes it false). */
  seed: boolean;
  /** A folder for the plugin's files (the data folder; a temporary one for `:memory:`). */
  dataDir: string;
  /** The platform's base URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Hosts the platform lets the app fetch besides the manifest's (its own host included). */
  outgoingHosts: readonly string[];
  /** Sends a live event to open pages (`event: <type>`). */
  publish(type: string, data: unknown): void;
  log(line: string): void;
}

/** An extra HTTP route. */
export interface PluginRoute {
  method: "GET" | "POST";
  /** A URLPattern pathname under `/_local/`, e.g. `/_local/report.svg`. */
  path: string;
  handle(req: Request, url: URL): Response | Promise<Response>;
}

/** A panel of the page's side column, rendered by an ES module of the plugin. */
export interface PagePanel {
  /** Element id and `data-testid` of the panel's container. */
  id: string;
  title: string;
  /**
   * File name in `page.dir` of a module exporting `mount(root, host)`; the page imports it from
   * `/_local/plugin/<module>` (see local/page/plugins.js for the host it passes).
   */
  module: string;
}

/** What a plugin brings. */
export interface PluginSetup {
  /** The app's environment, given the user's; default: unchanged. */
  env?(given: Readonly<Record<string, string>>): Record<string, string>;
  outgoingHosts?: string[];
  routes?: PluginRoute[];
  page?: {
    /** Folder (file URL) of the panel modules and their style sheet. */
    dir?: URL;
    panels?: PagePanel[];
    /** A style sheet in `dir` the page links. */
    stylesheet?: string;
    /** Prefix of the page's browser storage keys (default `local-platform`). */
    storageKey?: string;
    /** Name of the channel the page opens first (default: the first channel). */
    defaultChannel?: string;
  };
  /** Anything the plugin wants callers (tests, `startupLines`) to see. */
  info?: PluginInfo;
  /** Lines `deno task start` prints after the URLs. */
  startupLines?(platform: { url: string; triggers: TriggerRecord[]; cwd: string }): string[];
  close?(): void | Promise<void>;
}

/** A plugin module's default export. */
export interface PlatformPlugin {
  name: string;
  setup(host: PluginHost): PluginSetup | Promise<PluginSetup>;
}

/**
 * Imports the plugin at `path` (relative to the current directory).
 *
 * @throws Error `Cannot load plugin: …` when the module is missing or exports no plugin.
 */
export async function loadPlugin(path: string): Promise<PlatformPlugin> {
  const url = pathToFileURL(resolve(path)).href;
  let module: { default?: unknown };
  try {
    module = await import(url);
  } catch (error) {
    throw new Error(`Cannot load plugin: importing "${path}" failed: ${(error as Error).message}`);
  }
  const plugin = module.default as Partial<PlatformPlugin> | undefined;
  if (!plugin || typeof plugin.setup !== "function" || typeof plugin.name !== "string") {
    throw new Error(`Cannot load plugin: "${path}" has no default-exported { name, setup }`);
  }
  return plugin as PlatformPlugin;
}

/** Where an app keeps its local plugin, used when no `plugin` option is given. */
export const DEFAULT_PLUGIN_PATH = "demo/plugin.ts";

/** The plugin `option` names, or the app folder's own `demo/plugin.ts` when it has one. */
export async function resolvePlugin(
  option: string | PlatformPlugin | false | undefined,
  appDir: string,
): Promise<PlatformPlugin | undefined> {
  if (option === false) return undefined;
  if (option !== undefined && typeof option !== "string") return option;
  if (option !== undefined) return await loadPlugin(option);
  const own = join(appDir, DEFAULT_PLUGIN_PATH);
  try {
    await Deno.stat(own);
  } catch {
    return undefined;
  }
  return await loadPlugin(own);
}

/**
 * Runs `plugin`'s setup on `host` (no plugin: nothing).
 *
 * @throws Error `Cannot start platform: plugin "<name>" failed: …`, whether it threw or rejected.
 */
export async function setUpPlugin(
  plugin: PlatformPlugin | undefined,
  host: PluginHost,
): Promise<PluginSetup> {
  if (!plugin) return {};
  try {
    return await plugin.setup(host);
  } catch (error) {
    throw new Error(
      `Cannot start platform: plugin "${plugin.name}" failed: ${(error as Error).message}`,
    );
  }
}
