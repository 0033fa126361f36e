/**
 * `deno task start` as a real child process, for the fault tests: started on a data folder,
 * its page and webhook URLs read from its start-up lines, killed for real.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository folder. */
export const REPO = fileURLToPath(new URL("..", import.meta.url));

/** A running platform process. */
export interface PlatformProcess {
  child: Deno.ChildProcess;
  /** Page base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  webhook: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Waits for the exit; returns the code. */
  exited(): Promise<number>;
}

/** The command that runs `local/main.ts` with `args`, optionally behind a wrapper (`unshare …`). */
export function platformCommand(args: string[], wrapper?: (argv: string[]) => string[]) {
  const argv = [
    Deno.execPath(),
    "run",
    "--import-map=import_map.local.json",
    "-A",
    "local/main.ts",
    ...args,
  ];
  const full = wrapper ? wrapper(argv) : argv;
  return new Deno.Command(full[0], {
    args: full.slice(1),
    cwd: REPO,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Starts the platform and resolves once it printed its start-up lines (or exited). */
export async function startProcess(
  args: string[],
  wrapper?: (argv: string[]) => string[],
): Promise<PlatformProcess> {
  const child = platformCommand(args, wrapper).spawn();
  let text = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const status = child.status;
  let exited = false;
  status.then(() => exited = true);
  while (!text.includes("Press Ctrl+C") && !exited) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (exited) {
    await pumps;
    throw new Error(`Cannot start the platform process: it exited:\n${text}`);
  }
  const url = /Page:\s+(\S+?)\/?\s/.exec(text)?.[1] ?? "";
  const webhook = /Webhook:\s+(\S+)/.exec(text)?.[1] ?? "";
  return {
    child,
    url,
    webhook,
    output: () => text,
    exited: async () => {
      const s = await status;
      await pumps;
      return s.code;
    },
  };
}

/**
 * Polls `check` until it returns a value (not undefined); fails after `limitMs`, a bound generous
 * enough for a busy machine (a state that never comes still fails the test).
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  limitMs = 120_000,
): Promise<T> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Cannot observe ${what} within ${limitMs} ms`);
}

/** The items of a datastore, through the page's endpoint. */
export async function datastoreItems(
  url: string,
  datastore: string,
): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${url}/_local/datastores/${datastore}?limit=1000`);
  const body = await res.json();
  return body.items as Record<string, unknown>[];
}
