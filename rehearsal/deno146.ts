/**
 * Deno 1.46.2 for the rehearsal, installed from npm (`deno@1.46.2`) into a private prefix under
 * the rehearsal's cache folder — never over the global `deno`. Installed once per cache folder
 * (into a temporary prefix, then renamed into place, so concurrent runs do not collide).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RehearsalError } from "./offline.ts";

/** The oldest Deno the deploy must work with (long Slack's recommended and hosted version). */
export const OLDEST_DENO = "1.46.2";

/** Candidate binaries inside an npm prefix holding `deno@1.46.2`. */
function binaries(prefix: string): string[] {
  return [
    join(prefix, "node_modules", "deno", "deno"),
    join(prefix, "node_modules", "@deno", "linux-x64-glibc", "deno"),
    join(prefix, "node_modules", "@deno", "linux-arm64-glibc", "deno"),
    join(prefix, "node_modules", "@deno", "darwin-arm64", "deno"),
    join(prefix, "node_modules", "@deno", "darwin-x64", "deno"),
  ];
}

async function version(bin: string): Promise<string | undefined> {
  try {
    const { code, stdout } = await new Deno.Command(bin, { args: ["--version"], stdout: "piped" })
      .output();
    return code === 0 ? new TextDecoder().decode(stdout).match(/^deno (\S+)/)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

async function find(prefix: string): Promise<string | undefined> {
  for (const bin of binaries(prefix)) {
    if (existsSync(bin) && (await version(bin)) === OLDEST_DENO) return bin;
  }
  return undefined;
}

/**
 * The path of a Deno 1.46.2 binary, installing it into `<cacheDir>/deno-1.46.2` when missing.
 *
 * @param cacheDir the rehearsal's cache folder
 */
export async function deno146(cacheDir: string): Promise<string> {
  const prefix = join(cacheDir, `deno-${OLDEST_DENO}`);
  const found = await find(prefix);
  if (found) return found;
  await Deno.mkdir(cacheDir, { recursive: true });
  const staging = await Deno.makeTempDir({ dir: cacheDir, prefix: ".deno-install-" });
  const { code, stderr } = await new Deno.Command("npm", {
    args: ["install", "--no-audit", "--no-fund", "--prefix", staging, `deno@${OLDEST_DENO}`],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0 || !(await find(staging))) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw new RehearsalError(
      `Cannot install Deno ${OLDEST_DENO} from npm into ${staging}: ` +
        new TextDecoder().decode(stderr).trim().split("\n").slice(-3).join(" | "),
    );
  }
  try {
    await Deno.rename(staging, prefix);
  } catch {
    // Another run installed it first: use theirs.
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
  const bin = await find(prefix);
  if (!bin) throw new RehearsalError(`Cannot find Deno ${OLDEST_DENO} in ${prefix}`);
  return bin;
}
