/**
 * Makes call arguments safe to log: secrets removed, oversized values summarised.
 *
 * @module
 */

const SECRET_KEY = /token|secret|password|private_key|signing_key|authorization/i;
/** Logged argument sets larger than this (JSON characters) are replaced by a summary. */
export const MAX_LOGGED_ARGS_CHARS = 64 * 1024;

function scrub(value: unknown, depth: number): unknown {
  if (depth > 8 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map((
      [key, v],
    ) => [key, SECRET_KEY.test(key) ? "[redacted]" : scrub(v, depth + 1)]),
  );
}

/**
 * Returns a copy of `args` without secrets: any key that names a token, secret, password or
 * private/signing key is replaced by `"[redacted]"`, at any depth.
 */
export function redactArgs(args: Record<string, unknown>): Record<string, unknown> {
  const clean = scrub(args, 0) as Record<string, unknown>;
  const size = JSON.stringify(clean).length;
  return size > MAX_LOGGED_ARGS_CHARS
    ? { _omitted: `arguments too large to log (${size} chars)` }
    : clean;
}
