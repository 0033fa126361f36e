/**
 * Command-line flags of `local/main.ts`: `--name value` or `--name=value`, booleans without a
 * value, repeatable `--env KEY=VALUE`. Unknown flags and missing values are errors.
 *
 * @module
 */

/** Parsed flags. */
export interface MainFlags {
  port: number;
  host: string;
  data?: string;
  app: string;
  importMap?: string;
  env: Record<string, string>;
  allowRemote: boolean;
  debug: boolean;
  help: boolean;
  seed?: boolean;
  /** `--plugin FILE`: the local plugin; false for `--no-plugin`; default: the app's own. */
  plugin?: string | false;
  /** Enforce Slack's Web API rate limits (`--rate-limits`). */
  rateLimits: boolean;
}

const VALUE_FLAGS = new Set(["port", "host", "data", "app", "import-map", "env", "plugin"]);
const BOOLEAN_FLAGS = new Set([
  "allow-remote",
  "debug",
  "help",
  "no-seed",
  "no-plugin",
  "rate-limits",
]);

/**
 * Parses `args`.
 *
 * @throws Error `Cannot parse arguments: …` naming the offending argument.
 */
export function parseMainFlags(args: readonly string[]): MainFlags {
  const flags: MainFlags = {
    port: 3000,
    host: "127.0.0.1",
    app: ".",
    env: {},
    allowRemote: false,
    debug: false,
    help: false,
    rateLimits: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new Error(`Cannot parse arguments: unexpected "${arg}"`);
    const [, name, inline] = match;
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined) {
        throw new Error(`Cannot parse arguments: "--${name}" takes no value`);
      }
      if (name === "allow-remote") flags.allowRemote = true;
      if (name === "debug") flags.debug = true;
      if (name === "help") flags.help = true;
      if (name === "no-seed") flags.seed = false;
      if (name === "no-plugin") flags.plugin = false;
      if (name === "rate-limits") flags.rateLimits = true;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new Error(`Cannot parse arguments: unknown flag "--${name}"`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`Cannot parse arguments: "--${name}" needs a value`);
    if (name === "port") {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535) {
        throw new Error(`Cannot parse arguments: --port "${value}" is not a port number`);
      }
      flags.port = port;
    } else if (name === "env") {
      const eq = value.indexOf("=");
      const key = value.slice(0, eq);
      if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        throw new Error(`Cannot parse arguments: --env "${value}" is not KEY=VALUE`);
      }
      flags.env[key] = value.slice(eq + 1);
    } else if (name === "host") flags.host = value;
    else if (name === "data") flags.data = value;
    else if (name === "app") flags.app = value;
    else if (name === "import-map") flags.importMap = value;
    else if (name === "plugin") flags.plugin = value;
  }
  return flags;
}

/** True for loopback interfaces (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
