/**
 * Builds a contract request from CLI flags (pure, no I/O).
 *
 * @module
 */
import { type UnsignedRequest, validateRequest } from "../lib/contract/mod.ts";
import { type Flags, required } from "./_args.ts";

/** Flags of `sign` and `send`. */
export const REQUEST_FLAGS = {
  values: [
    "url",
    "key",
    "service",
    "key-id",
    "action",
    "resource",
    "environment",
    "reason",
    "triggered-by",
    "source-system",
    "source-url",
    "request-id",
    "timestamp",
    "oidc-token",
    "oidc-token-file",
    "break-glass",
  ],
  repeated: ["condition"],
  booleans: ["print"],
} as const;

/**
 * Joins `--condition k=v` flags into the contract's `k=v&…` form, percent-encoding `&` and `=`
 * inside values so a value cannot forge another pair.
 *
 * @throws {Error} `Cannot build request: condition "<c>" is not key=value`.
 */
export function joinConditions(conditions: readonly string[]): string {
  return conditions.map((c) => {
    const eq = c.indexOf("=");
    if (eq <= 0) throw new Error(`Cannot build request: condition "${c}" is not key=value`);
    const value = c.slice(eq + 1).replaceAll("%", "%25").replaceAll("&", "%26").replaceAll(
      "=",
      "%3D",
    );
    return `${c.slice(0, eq)}=${value}`;
  }).join("&");
}

/**
 * The unsigned request described by the flags. `now` (Unix ms) gives the timestamp unless
 * `--timestamp` is set; `newId` gives the request id unless `--request-id` is set. Without
 * `--key` the request is keyless (an OIDC token proves the caller, docs/oidc.md): `key_id` is
 * empty, as the contract requires for a request without a signature.
 *
 * @throws {Error} `Cannot build request: --<flag> is required` for a missing required flag.
 */
export function buildRequest(flags: Flags, now: number, newId: () => string): UnsignedRequest {
  const need = (name: string) => required(flags, name, "build request");
  const opt = (name: string) => flags.values.get(name) ?? "";
  const keyless = !flags.values.get("key");
  if (keyless && flags.values.has("key-id")) {
    throw new Error(
      "Cannot build request: --key-id needs --key (a keyless request has no key id)",
    );
  }
  return {
    service_id: need("service"),
    key_id: keyless ? "" : need("key-id"),
    request_id: flags.values.get("request-id") ?? newId(),
    timestamp: flags.values.get("timestamp") ?? String(Math.floor(now / 1000)),
    action: need("action"),
    resource: need("resource"),
    environment: need("environment"),
    reason: need("reason"),
    triggered_by: opt("triggered-by"),
    source_system: opt("source-system") || "countersign-cli",
    source_url: opt("source-url"),
    conditions: joinConditions(flags.repeated.get("condition") ?? []),
    // Only bots registered for break-glass may send it (docs/trust_model.md).
    ...(opt("break-glass") ? { break_glass: opt("break-glass") } : {}),
  };
}

/**
 * Checks a signed request against the contract so the CLI reports what the server would reject.
 *
 * @throws {Error} `Cannot build request: field "<f>" …` with the contract's reason.
 */
export function checkRequest(request: Record<string, string>): void {
  const result = validateRequest(request);
  if (!result.ok) {
    // The contract's detail starts with its own "Cannot accept field …:"; say it once.
    const why = result.detail.replace(/^Cannot accept field "[^"]*": /, "");
    throw new Error(`Cannot build request: field "${result.field}" ${why} (${result.code})`);
  }
}
