/**
 * A strict command-line flag parser: `--name value`, `--name=value`, boolean flags, repeatable
 * flags. Unknown flags and missing values are errors, so a typo never silently signs a request
 * with a default.
 *
 * @module
 */

/** What a command accepts. */
export interface FlagSpec {
  /** Flags taking one value. */
  values?: readonly string[];
  /** Flags taking a value, given any number of times. */
  repeated?: readonly string[];
  /** Flags without a value. */
  booleans?: readonly string[];
}

/** Parsed flags. */
export interface Flags {
  values: Map<string, string>;
  repeated: Map<string, string[]>;
  booleans: Set<string>;
}

/** Flags every command accepts. */
export const GLOBAL_BOOLEANS = ["debug", "help"] as const;

/**
 * Parses `args` against `spec`.
 *
 * @throws {Error} `Cannot parse arguments: …` naming the offending argument.
 */
export function parseFlags(args: readonly string[], spec: FlagSpec): Flags {
  const values = new Set(spec.values ?? []);
  const repeated = new Set(spec.repeated ?? []);
  const booleans = new Set([...(spec.booleans ?? []), ...GLOBAL_BOOLEANS]);
  const out: Flags = { values: new Map(), repeated: new Map(), booleans: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--") || arg === "--") {
      throw new Error(`Cannot parse arguments: unexpected argument "${arg}"`);
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (booleans.has(name)) {
      if (eq !== -1) throw new Error(`Cannot parse arguments: "--${name}" takes no value`);
      out.booleans.add(name);
      continue;
    }
    if (!values.has(name) && !repeated.has(name)) {
      throw new Error(`Cannot parse arguments: unknown flag "--${name}"`);
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= args.length) {
        throw new Error(`Cannot parse arguments: "--${name}" needs a value`);
      }
      value = args[++i];
    }
    if (repeated.has(name)) {
      out.repeated.set(name, [...(out.repeated.get(name) ?? []), value]);
    } else {
      if (out.values.has(name)) {
        throw new Error(`Cannot parse arguments: "--${name}" is given twice`);
      }
      out.values.set(name, value);
    }
  }
  return out;
}

/**
 * The value of a required flag.
 *
 * @throws {Error} `Cannot <action>: --<name> is required` when absent or empty.
 */
export function required(flags: Flags, name: string, action: string): string {
  const value = flags.values.get(name);
  if (value === undefined || value === "") {
    throw new Error(`Cannot ${action}: --${name} is required`);
  }
  return value;
}
