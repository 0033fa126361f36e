/**
 * What hosted Slack denies a function, reproduced for handlers that run in the platform's own
 * process (`inProcessRunner`). Hosted Slack runs each function under Deno with `--allow-net` of
 * exactly the manifest's `outgoing_domains` (plus Slack's API hosts), no `--allow-env` (settings
 * reach a handler only as its `env`, from the payload) and — our assumption, Slack does not say —
 * no `--allow-write` (deno-slack-runtime `local-run.ts`;
 * https://api.slack.com/automation/environment-variables).
 *
 * Every handler call (with everything it awaits or schedules) runs inside an `AsyncLocalStorage`
 * context that names its platform's confinement. A module's first import, and so its top-level
 * code, runs before and unconfined (see `confinedRunner` for why).
 * While a platform runs, three guards consult it:
 *
 * - `fetch` (`outgoing.ts`): inside a handler, only that platform's exact hosts;
 * - `Deno.env` (`get`, `toObject`, `has`, `set`, `delete`, and so `process.env`): refused inside
 *   a handler with `Deno.errors.NotCapable`, as Deno refuses without `--allow-env`;
 * - Deno's file-writing calls (`writeFile`, `open` for writing, `mkdir`, `remove` …): refused
 *   inside a handler, as without `--allow-write`.
 *
 * Code outside a handler (the platform, the plugin, tests) is not confined. What one process
 * cannot confine: `node:fs` and `node:net`/`node:http` (they do not go through `Deno.*` or
 * `fetch`) and a handler that blocks the thread. The deploy rehearsal (`deno task rehearse`)
 * runs each function's bundle in a subprocess with exactly Slack's permissions and covers those.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** What a platform's handlers may do. */
export interface Confinement {
  /** Hosts a handler may fetch: the manifest's `outgoing_domains` and the platform's own. */
  hosts: ReadonlySet<string>;
  /** Refuse `Deno.env` (hosted: no `--allow-env`). */
  denyEnv: boolean;
  /** Refuse file writes through `Deno.*` (hosted, assumed: no `--allow-write`). */
  denyWrites: boolean;
}

/** A platform's confinement: exactly `hosts`; env and writes refused unless `relax` says. */
export function confinementOf(
  hosts: Iterable<string>,
  relax: { hostEnv?: boolean; fileWrites?: boolean } = {},
): Confinement {
  return { hosts: new Set(hosts), denyEnv: !relax.hostEnv, denyWrites: !relax.fileWrites };
}

const context = new AsyncLocalStorage<Confinement>();
/** Confinements of running platforms. */
const live = new Set<Confinement>();

/**
 * The confinement of the handler whose work is running now; undefined outside handlers. Only a
 * running platform's confinement counts: Deno lets the context of a module's first `import()`
 * made inside a handler leak into later unrelated tasks (seen with Deno 2.9), and a closed
 * platform's confinement must not follow it there.
 */
export function currentConfinement(): Confinement | undefined {
  const confinement = context.getStore();
  return confinement && live.has(confinement) ? confinement : undefined;
}

/** The context's confinement even when its platform has closed (for the test of the leak). */
export function contextConfinement(): Confinement | undefined {
  return context.getStore();
}

/** Runs `fn` (and everything it awaits or schedules) confined by `confinement`. */
export function runConfined<T>(confinement: Confinement, fn: () => Promise<T>): Promise<T> {
  return context.run(confinement, fn);
}

const ENV_METHODS = ["get", "toObject", "has", "set", "delete"] as const;
/** Deno's calls that create, change or remove files (reads stay allowed, as on Slack). */
const WRITE_CALLS = [
  "writeFile",
  "writeTextFile",
  "create",
  "mkdir",
  "remove",
  "rename",
  "copyFile",
  "truncate",
  "symlink",
  "link",
  "chmod",
  "chown",
  "utime",
  "makeTempDir",
  "makeTempFile",
] as const;

type AnyFn = (...args: unknown[]) => unknown;
let installed: { restore: () => void } | undefined;
let users = 0;

function refuse(sync: boolean, error: Error): unknown {
  if (sync) throw error;
  return Promise.reject(error);
}

function envRefusal(key: unknown): Error {
  const what = typeof key === "string" ? ` "${key}"` : "";
  return new Deno.errors.NotCapable(
    `Cannot read environment variable${what}: Slack runs functions without --allow-env; ` +
      "settings reach a handler only as its env (slack env add)",
  );
}

function writeRefusal(call: string, path: unknown): Error {
  return new Deno.errors.NotCapable(
    `Cannot ${call} "${String(path)}": functions run on Slack cannot write files`,
  );
}

/** True when `Deno.open` options ask for more than reading. */
function opensForWriting(options: unknown): boolean {
  const o = (options ?? {}) as Record<string, unknown>;
  return Boolean(o.write || o.append || o.create || o.createNew || o.truncate);
}

function install(): { restore: () => void } {
  const undo: (() => void)[] = [];
  const patch = (target: Record<string, unknown>, name: string, wrap: (orig: AnyFn) => AnyFn) => {
    const orig = target[name] as AnyFn;
    target[name] = wrap(orig);
    undo.push(() => target[name] = orig);
  };
  const env = Deno.env as unknown as Record<string, unknown>;
  for (const name of ENV_METHODS) {
    patch(env, name, (orig) =>
      function (this: unknown, ...args: unknown[]) {
        if (currentConfinement()?.denyEnv) throw envRefusal(args[0]);
        return orig.apply(Deno.env, args);
      });
  }
  const deno = Deno as unknown as Record<string, unknown>;
  for (const base of WRITE_CALLS) {
    for (const [name, sync] of [[base, false], [`${base}Sync`, true]] as const) {
      if (typeof deno[name] !== "function") continue;
      patch(
        deno,
        name,
        (orig) => (...args: unknown[]) =>
          currentConfinement()?.denyWrites
            ? refuse(sync, writeRefusal(base, args[0]))
            : orig(...args),
      );
    }
  }
  for (const [name, sync] of [["open", false], ["openSync", true]] as const) {
    patch(
      deno,
      name,
      (orig) => (...args: unknown[]) =>
        currentConfinement()?.denyWrites && opensForWriting(args[1])
          ? refuse(sync, writeRefusal("open for writing", args[0]))
          : orig(...args),
    );
  }
  return { restore: () => undo.reverse().forEach((step) => step()) };
}

/**
 * Makes `confinement` count and installs the `Deno.env` and file-write guards until the
 * returned function is called (the last release restores Deno's own calls). Several platforms
 * in one process share the guards, each with its own confinement.
 */
export function installConfinementGuards(confinement: Confinement): () => void {
  live.add(confinement);
  if (users++ === 0) installed = install();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    live.delete(confinement);
    if (--users === 0) {
      installed?.restore();
      installed = undefined;
    }
  };
}
