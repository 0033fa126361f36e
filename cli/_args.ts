/**
 * The CLI's flags: `--name value`, `--name=value`, boolean flags, repeatable flags, parsed by
 * node:util's `parseArgs` in strict mode. Unknown flags and missing values are errors, so a typo
 * never silently signs a request with a default.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { restate } from "../local/startup/args.ts";

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
 * Parses `args` against `spec` with node:util's `parseArgs` (strict: unknown flags, missing
 * values, values given to boolean flags and stray arguments are errors); a single-value flag
 * given twice is an error too, so a later flag never silently replaces an earlier one.
 *
 * @throws {Error} `Cannot parse arguments: …` naming the offending argument.
 */
export function parseFlags(args: readonly string[], spec: FlagSpec): Flags {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const name of spec.values ?? []) options[name] = { type: "string" };
  for (const name of spec.repeated ?? []) options[name] = { type: "string", multiple: true };
  for (const name of [...(spec.booleans ?? []), ...GLOBAL_BOOLEANS]) {
    options[name] = { type: "boolean" };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, tokens: true });
  } catch (error) {
    throw restate(error as Error);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind === "option-terminator") {
      throw new Error(`Cannot parse arguments: unexpected "--"`);
    }
    if (token.kind !== "option" || options[token.name].type !== "string") continue;
    if (!options[token.name].multiple && seen.has(token.name)) {
      throw new Error(`Cannot parse arguments: "--${token.name}" is given twice`);
    }
    seen.add(token.name);
  }
  const out: Flags = { values: new Map(), repeated: new Map(), booleans: new Set() };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out.repeated.set(name, value.map(String));
    else if (typeof value === "boolean") {
      if (value) out.booleans.add(name);
    } else out.values.set(name, value);
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
