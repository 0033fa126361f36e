/**
 * Command-line flags of `local/main.ts`: `--name value` or `--name=value`, booleans without a
 * value, repeatable `--env KEY=VALUE`. Unknown flags and missing values are errors.
 *
 * @module
 */
import { parseArgs } from "node:util";

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
  /** Hosted-like delays on every Web API call and interaction (`--latency`). */
  latency: boolean;
}

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  data: { type: "string" },
  app: { type: "string" },
  "import-map": { type: "string" },
  env: { type: "string", multiple: true },
  plugin: { type: "string" },
  "allow-remote": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean" },
  "no-seed": { type: "boolean" },
  "no-plugin": { type: "boolean" },
  "rate-limits": { type: "boolean" },
  latency: { type: "boolean" },
} as const;

/**
 * node:util's `parseArgs` error, restated as `Cannot parse arguments: …` naming the argument
 * (also the CLI's wording, `cli/_args.ts`).
 */
export function restate(error: Error & { code?: string }): Error {
  const quoted = /'([^' ]+)/.exec(error.message)?.[1] ?? "";
  const why = error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ? `unknown flag "${quoted}"`
    : error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL"
    ? `unexpected "${quoted}"`
    : /does not take an argument/.test(error.message)
    ? `"${quoted}" takes no value`
    : /is ambiguous/.test(error.message)
    ? `"${quoted}" needs a value (for one that starts with "-", write ${quoted}=-…)`
    : error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
    ? `"${quoted}" needs a value`
    : error.message;
  return new Error(`Cannot parse arguments: ${why}`);
}

/**
 * Parses `args` with node:util's `parseArgs` (strict: unknown flags, missing values and stray
 * arguments are errors).
 *
 * @throws Error `Cannot parse arguments: …` naming the offending argument.
 */
export function parseMainFlags(args: readonly string[]): MainFlags {
  let values;
  try {
    values = parseArgs({ args: [...args], options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw restate(error as Error);
  }
  const flags: MainFlags = {
    port: 3000,
    host: values.host ?? "127.0.0.1",
    app: values.app ?? ".",
    env: {},
    allowRemote: values["allow-remote"] ?? false,
    debug: values.debug ?? false,
    help: values.help ?? false,
    rateLimits: values["rate-limits"] ?? false,
    latency: values.latency ?? false,
  };
  if (values.data !== undefined) flags.data = values.data;
  if (values["import-map"] !== undefined) flags.importMap = values["import-map"];
  if (values["no-seed"]) flags.seed = false;
  if (values.plugin !== undefined) flags.plugin = values.plugin;
  if (values["no-plugin"]) flags.plugin = false;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new Error(`Cannot parse arguments: --port "${values.port}" is not a port number`);
    }
    flags.port = port;
  }
  for (const value of values.env ?? []) {
    const eq = value.indexOf("=");
    const key = value.slice(0, eq);
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(`Cannot parse arguments: --env "${value}" is not KEY=VALUE`);
    }
    flags.env[key] = value.slice(eq + 1);
  }
  return flags;
}

/** True for loopback interfaces (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
