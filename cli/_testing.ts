/**
 * Helpers for the CLI's tests: run `deno task cli` as a user would, in a temporary folder.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { join } from "node:path";

/** The repository root, where the CLI runs. */
export const ROOT = new URL("..", import.meta.url).pathname;

/** Runs `deno task cli` (cli/main.ts) as a child process from the repository root. */
export function spawnCli(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Runs the CLI as a user would, returning exit code and output. */
export async function cli(...args: string[]) {
  const out = await spawnCli(args).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs `fn` in a fresh temporary folder, removed afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "countersign_cli_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** `keygen --json` into `dir`: the key file's path, its public key and key id. */
export async function keygenJson(dir: string) {
  const path = join(dir, "bot.key");
  const res = await cli("keygen", "--out", path, "--json", "--service", "ci-bot");
  assertEquals(res.code, 0, res.stderr);
  return { path, ...JSON.parse(res.stdout) as { public_key: string; key_id: string } };
}

/** The flags of a complete, valid request (one service, two conditions). */
export const REQUEST = [
  "--service",
  "ci-bot",
  "--key-id",
  "ci-bot-1",
  "--action",
  "deploy",
  "--resource",
  "api-server#152",
  "--environment",
  "production",
  "--reason",
  "Release 152 <!channel>",
  "--triggered-by",
  "U0ENG00001",
  "--source-url",
  "https://ci.example.com/runs/1",
  "--condition",
  "ci_status=passed",
  "--condition",
  "tests=a&b",
];

/** REQUEST with one flag's value replaced. */
export function withFlag(name: string, value: string): string[] {
  const out = [...REQUEST];
  out[out.indexOf(`--${name}`) + 1] = value;
  return out;
}
