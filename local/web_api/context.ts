/**
 * What every Web API method receives, the Slack error type, and readers that accept arguments
 * both as real values (JSON bodies, in-process calls) and as strings (form bodies, where the SDK
 * JSON-encodes every non-string value).
 *
 * @module
 */
import type { DatastoreDefinition } from "../datastore/mod.ts";
import type { Storage } from "../storage/types.ts";
import type { WebApiEventMap } from "./events.ts";
import type { StaleReads } from "./stale_reads.ts";
import type { BlockKitRelax } from "./block_kit.ts";

/** The caller, as resolved from the bearer token. */
export interface Caller {
  user_id: string;
  team_id: string;
  /**
   * The app's bot scopes (the manifest's `botScopes`) when the token is the app's: methods and
   * fields are then gated by them (`scopes.ts`). Absent for the platform's own token (Slack
   * itself running built-ins, the CLI creating triggers) and ungated test tokens.
   */
  scopes?: readonly string[];
  /**
   * What kind of app token this is: the bot token, or a workflow token issued to one function
   * execution (`execution_id`). Absent for tokens outside that distinction (the platform's own,
   * test tokens), which `functions.completeSuccess/Error` does not restrict.
   */
  token_type?: "bot" | "workflow";
  /** For a workflow token, the function execution it was issued to. */
  execution_id?: string;
}

/** Per-call context handed to every method. */
export interface ApiContext {
  storage: Storage;
  datastores: Record<string, DatastoreDefinition>;
  caller: Caller;
  baseUrl: string;
  /** Current time in Unix milliseconds. */
  now(): number;
  /** Dispatches `new CustomEvent(type, { detail })` on the API's event target. */
  emit<K extends keyof WebApiEventMap>(type: K, detail: WebApiEventMap[K]): void;
  /** Allocates a message timestamp, unique and increasing across the API's lifetime. */
  nextTs(): string;
  /** Validates and consumes an interaction's trigger id; returns its user. */
  consumeTrigger(triggerId: string): string;
  /** Slack-strict assumptions relaxed for this Web API (none by default). */
  relax: WebApiRelax;
  /** Eventually consistent queries, when on (`eventualConsistencyMs`). */
  staleReads?: StaleReads;
}

/**
 * Flags that relax the Web API's strict assumptions, where Slack does not document what it does
 * (docs/slack_rules.md). Each is off by default: the platform refuses what Slack may refuse.
 */
export interface WebApiRelax extends BlockKitRelax {
  /**
   * Let any app token complete any function execution. By default a workflow token completes
   * only the execution it was issued to, and the app's bot token none (`access_denied`).
   */
  crossExecutionCompletion?: boolean;
}

/** A Web API method: `(ctx, args) => result` (the result gets `ok: true` added). */
export type Method = (
  ctx: ApiContext,
  args: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A Slack-level failure: reported as HTTP 200 `{ ok: false, error, ...extra }`. */
export class SlackError extends Error {
  /** Slack's error code, e.g. `channel_not_found`. */
  readonly code: string;
  /** Additional response fields (`errors`, `failed_items`, `response_metadata` …). */
  readonly extra: Record<string, unknown>;
  /** Creates an error with Slack's `code` and optional extra response fields. */
  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.name = "SlackError";
    this.code = code;
    this.extra = extra;
  }
}

/** Slack's `invalid_arguments` with a `response_metadata.messages` explanation. */
export function invalidArguments(message: string): SlackError {
  return new SlackError("invalid_arguments", {
    response_metadata: { messages: [`[ERROR] ${message}`] },
  });
}

/** An optional string argument (numbers from JSON bodies are accepted as their text). */
export function optString(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw invalidArguments(`${name} must be a string`);
}

/** A required string argument; missing gives `errorCode` (default `invalid_arguments`). */
export function reqString(args: Record<string, unknown>, name: string, errorCode?: string): string {
  const value = optString(args, name);
  if (value === undefined) {
    throw errorCode
      ? new SlackError(errorCode)
      : invalidArguments(`missing required field: ${name}`);
  }
  return value;
}

/** An optional JSON argument: a value, or a string holding its JSON (form bodies). */
export function optJson(args: Record<string, unknown>, name: string): unknown {
  const value = args[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw invalidArguments(`${name} must be valid JSON`);
  }
}

/** An optional JSON object argument. */
export function optObject(
  args: Record<string, unknown>,
  name: string,
): Record<string, unknown> | undefined {
  const value = optJson(args, name);
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidArguments(`${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

/** An optional array argument (JSON array, or a comma-separated string for id lists). */
export function optList(args: Record<string, unknown>, name: string): unknown[] | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value === "string") {
    if (value.trimStart().startsWith("[")) {
      const parsed = optJson(args, name);
      if (Array.isArray(parsed)) return parsed;
    }
    return value.split(",").map((part) => part.trim()).filter((part) => part !== "");
  }
  throw invalidArguments(`${name} must be an array`);
}

/** An optional integer argument (number or numeric string). */
export function optInt(args: Record<string, unknown>, name: string): number | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(number)) throw invalidArguments(`${name} must be an integer`);
  return number;
}

/** An optional boolean argument (boolean, "true"/"false", 1/0). */
export function optBool(args: Record<string, unknown>, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "1" || value === 1) return true;
  if (value === "false" || value === "0" || value === 0) return false;
  throw invalidArguments(`${name} must be a boolean`);
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A Slack-looking id: `prefix` plus `length` random upper-case letters and digits. */
export function randomId(prefix: string, length = 10): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return prefix + Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}

/** A random lowercase hex string of `bytes` bytes (secrets, hashes). */
export function randomHex(bytes = 16): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}
