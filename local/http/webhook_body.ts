/**
 * A webhook trigger's body, as Slack's webhook endpoint reads it: it must be a flat JSON object
 * (a nested object or array value is rejected with `parameter_validation_failed`).
 *
 * @module
 */
/** Largest webhook body accepted, in bytes. Slack's own limit is not documented; 1 MiB is ample. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** Outcome of parsing a webhook body: the flat data, or the HTTP status and Slack error code. */
export type WebhookParse =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; status: number; error: string; detail: string };

/**
 * Parses and validates a webhook request body.
 *
 * An empty body counts as `{}` (a trigger with no `{{data.*}}` inputs can be fired bare).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parseWebhookBody('{"a":"1"}'), { ok: true, data: { a: "1" } });
 * const nested = parseWebhookBody('{"a":{"b":1}}');
 * assertEquals(nested.ok ? "accepted" : [nested.status, nested.error], [
 *   400,
 *   "parameter_validation_failed",
 * ]);
 * ```
 */
export function parseWebhookBody(text: string): WebhookParse {
  if (new TextEncoder().encode(text).length > MAX_WEBHOOK_BODY_BYTES) {
    return {
      ok: false,
      status: 413,
      error: "request_too_large",
      detail: `Cannot accept webhook body: larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`,
    };
  }
  if (text.trim() === "") return { ok: true, data: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      status: 400,
      error: "invalid_json",
      detail: `Cannot parse webhook body: ${(error as Error).message}`,
    };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return {
      ok: false,
      status: 400,
      error: "invalid_json",
      detail: "Cannot accept webhook body: it must be a JSON object",
    };
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value === "object") {
      return {
        ok: false,
        status: 400,
        error: "parameter_validation_failed",
        detail: `Cannot accept webhook body: value of ${JSON.stringify(key)} is nested ${
          Array.isArray(value) ? "array" : "object"
        }; webhook bodies must be flat JSON`,
      };
    }
  }
  return { ok: true, data: parsed as Record<string, unknown> };
}
