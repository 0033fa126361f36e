/**
 * The Slack CLI hooks' steps, as deno-slack-hooks 1.5.0 performs them: get-manifest (run with the
 * hook's own command line, `deno run -q --config=deno.jsonc …`, in the app's folder) and build
 * (one `deno bundle --output` per function `source_file`, as its Deno2Bundler does). The only
 * addition is `--import-map`, which serves the canonical imports from the shared sources offline.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RehearsalError, stripAnsi } from "./offline.ts";

const HOOK = join(dirname(fileURLToPath(import.meta.url)), "slack_entry", "get_manifest.ts");

/** What the get-manifest hook printed. */
export interface HookManifest {
  /** The manifest the CLI sends (source_file removed). */
  manifest: Record<string, unknown>;
  /** Each function's source_file. */
  sources: Record<string, string>;
}

/** Explains a Deno failure to load the app's configuration or lockfile, if that is what it is. */
export function configProblem(stderr: string, denoVersion: string): string | undefined {
  const plain = stripAnsi(stderr);
  const lock = plain.match(/Unsupported lockfile version '([^']+)'/);
  if (lock) {
    return `the lockfile (deno.lock) is version ${lock[1]}, which Deno ${denoVersion} cannot ` +
      `read; set "lock": false in deno.jsonc (as Slack's starter template does) and remove it`;
  }
  const config = plain.match(
    /Failed (?:deserializing|to parse|to load) config file[^\n]*\n+(?:Caused by:\s*)?([^\n]+)/,
  );
  if (config) {
    const detail = config[1].trim();
    const hint = /nodeModulesDir|"auto"|expected a boolean/.test(plain)
      ? ` (Deno ${denoVersion} reads "nodeModulesDir" only as true/false; pass ` +
        "--node-modules-dir=auto to local tasks instead)"
      : "";
    return `deno.jsonc cannot be read by Deno ${denoVersion}: ${detail}${hint}`;
  }
  return undefined;
}

/**
 * Runs the get-manifest hook in `appDir` with the given Deno.
 *
 * @param importMap the offline import map (app imports + the hooks' own)
 */
export async function getManifestHook(
  deno: string,
  denoVersion: string,
  appDir: string,
  importMap: string,
): Promise<HookManifest> {
  const { code, stdout, stderr } = await new Deno.Command(deno, {
    args: [
      "run",
      "-q",
      "--config=deno.jsonc",
      `--import-map=${importMap}`,
      "--allow-read",
      "--allow-net",
      "--allow-env",
      "--allow-sys=osRelease",
      HOOK,
    ],
    cwd: appDir,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const err = new TextDecoder().decode(stderr);
  if (code !== 0) {
    const problem = configProblem(err, denoVersion);
    if (problem) throw new RehearsalError(`Cannot deploy with Deno ${denoVersion}: ${problem}`);
    const first = stripAnsi(err).split("\n").filter((l) => l.trim())
      .slice(0, 6).join(" | ");
    throw new RehearsalError(
      `Cannot build the manifest with Deno ${denoVersion} (get-manifest hook): ${first}`,
    );
  }
  const out = new TextDecoder().decode(stdout).trim().split("\n").at(-1) ?? "";
  return JSON.parse(out) as HookManifest;
}

/**
 * Bundles one function as the build hook's Deno2Bundler does: `deno bundle --quiet <entry>
 * --output <out>` in the app's folder. Returns the bundle's size in bytes.
 */
export async function bundleFunction(
  deno: string,
  appDir: string,
  importMap: string,
  callbackId: string,
  sourceFile: string,
  outFile: string,
): Promise<number> {
  const { code, stderr } = await new Deno.Command(deno, {
    args: ["bundle", "--quiet", `--import-map=${importMap}`, sourceFile, "--output", outFile],
    cwd: appDir,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (code !== 0) {
    const why = new TextDecoder().decode(stderr).split("\n").filter((l) => l.trim()).slice(0, 6)
      .join(" | ");
    throw new RehearsalError(
      `Cannot bundle function "${callbackId}" (${sourceFile}) as deno-slack-hooks 1.5.0 does: ${why}`,
    );
  }
  return (await Deno.stat(outFile)).size;
}
