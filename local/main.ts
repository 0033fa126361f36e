/**
 * `deno task start`: runs the app (default: this folder's Countersign) on the local platform
 * and prints the page URL, the webhook URLs and a ready-to-paste demo command.
 *
 * Flags: `--port N` (3000; 0 picks a free port), `--host H` (127.0.0.1; a non-loopback address
 * needs `--allow-remote`), `--data DIR` (`<app>/.countersign`), `--app DIR` (another Deno Slack
 * app folder), `--import-map FILE` (that app's import map; the platform re-runs itself in a
 * child process with the maps merged, see `startup/import_map.ts`), `--env KEY=VALUE` (repeatable; also
 * read from `<data>/env`), `--plugin FILE` (the app's local plugin, default `<app>/demo/plugin.ts`
 * when present; see `plugin.ts`), `--no-plugin`, `--no-seed`, `--rate-limits` (Slack's Web API
 * limits), `--debug`.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isLoopback, type MainFlags, parseMainFlags } from "./startup/args.ts";
import { PLATFORM_IMPORT_MAP, writeMergedImportMap } from "./startup/import_map.ts";
import { type Platform, startPlatform } from "./server.ts";

/** Marks the child process started for `--import-map`, so it does not re-run itself again. */
const CHILD_ENV = "COUNTERSIGN_PLATFORM_CHILD";

const USAGE = `Usage: deno task start [flags]

  --port N            port to listen on (default 3000; 0 picks a free one)
  --host H            interface (default 127.0.0.1; others need --allow-remote)
  --data DIR          data folder (default <app>/.countersign)
  --app DIR           the Deno Slack app to run (default: current folder)
  --import-map FILE   the app's import map (runs the platform in a child process)
  --env KEY=VALUE     app environment variable (repeatable; also <data>/env)
  --plugin FILE       the app's local plugin (default: <app>/demo/plugin.ts when present)
  --no-plugin         run without a plugin (a bare workspace)
  --no-seed           do not let the plugin seed a fresh data folder
  --rate-limits       enforce Slack's Web API rate limits (HTTP 429 + Retry-After)
  --latency           hosted-like delays: 600 ms per Web API call, 1 s per click (latency.ts)
  --allow-remote      allow a non-loopback --host (the page has no login!)
  --debug             show stack traces`;

/** The lines printed once the platform is up. */
export function startupLines(platform: Platform, cwd = Deno.cwd()): string[] {
  const lines = [
    `${platform.app.name} is running on the local platform`,
    `  Page:     ${platform.url}/`,
    `  Web API:  ${platform.webApiUrl}`,
  ];
  for (const trigger of platform.triggers) {
    if (trigger.webhook_url) lines.push(`  Webhook:  ${trigger.webhook_url}  (${trigger.name})`);
  }
  const plugin = platform.plugin?.setup.startupLines;
  if (plugin) lines.push(...plugin({ url: platform.url, triggers: platform.triggers, cwd }));
  lines.push("", "Press Ctrl+C to stop.");
  return lines;
}

async function runChild(flags: MainFlags, args: readonly string[]): Promise<number> {
  const map = await writeMergedImportMap(PLATFORM_IMPORT_MAP, flags.importMap!, flags.app);
  const childArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--import-map") i++;
    else if (!args[i].startsWith("--import-map=")) childArgs.push(args[i]);
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", `--import-map=${map}`, "-A", fileURLToPath(import.meta.url), ...childArgs],
    env: { [CHILD_ENV]: "1" },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const forward = () => child.kill("SIGTERM");
  Deno.addSignalListener("SIGINT", forward);
  Deno.addSignalListener("SIGTERM", forward);
  const status = await child.status;
  Deno.removeSignalListener("SIGINT", forward);
  Deno.removeSignalListener("SIGTERM", forward);
  await Deno.remove(map).catch(() => {});
  return status.code;
}

/** Runs the platform until SIGINT/SIGTERM; returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  let debug = args.includes("--debug");
  try {
    const flags = parseMainFlags(args);
    debug = flags.debug;
    if (flags.help) {
      console.log(USAGE);
      return 0;
    }
    if (!isLoopback(flags.host) && !flags.allowRemote) {
      throw new Error(
        `Cannot listen on "${flags.host}": not a loopback address, and the page acts as any ` +
          "user without a login; pass --allow-remote to do it anyway",
      );
    }
    if (flags.importMap && Deno.env.get(CHILD_ENV) !== "1") return await runChild(flags, args);
    const platform = await startPlatform({
      port: flags.port,
      hostname: flags.host,
      dataDir: flags.data ?? join(resolve(flags.app), ".countersign"),
      appDir: flags.app,
      seed: flags.seed,
      plugin: flags.plugin,
      env: flags.env,
      allowRemote: flags.allowRemote,
      rateLimits: flags.rateLimits,
      latency: flags.latency,
    });
    console.log(startupLines(platform).join("\n"));
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = () => {
        // A second Ctrl+C does not wait for running handlers.
        if (stopping) Deno.exit(130);
        stopping = true;
        done();
      };
      Deno.addSignalListener("SIGINT", stop);
      Deno.addSignalListener("SIGTERM", stop);
    });
    console.log("Stopping…");
    await platform.close();
    return 0;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    console.error(`error: ${err.message}`);
    if (debug && err.stack) console.error(err.stack);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
