/**
 * The report's channel and period length, from the function inputs or the env, validated.
 *
 * @module
 */

/** Env variable naming the channel the weekly report goes to. */
export const REPORT_CHANNEL_ENV = "COUNTERSIGN_REPORT_CHANNEL";

/** A value, or why it cannot be used. */
export type Setting<T> = { ok: true; value: T } | { ok: false; error: string };

/** The channel: the input, else the env; it must look like a channel id. */
export function reportChannel(
  input: string | undefined,
  env: Record<string, string | undefined>,
): Setting<string> {
  const value = (input || env[REPORT_CHANNEL_ENV] || "").trim();
  if (!value) {
    return {
      ok: false,
      error: `Cannot post report: no channel (set ${REPORT_CHANNEL_ENV} or the channel input)`,
    };
  }
  if (!/^[CDG][A-Z0-9]{2,30}$/.test(value)) {
    return {
      ok: false,
      error: `Cannot post report: "${value.slice(0, 40)}" is not a channel id (like C0123456789)`,
    };
  }
  return { ok: true, value };
}

/** Days covered: 1…366, default 7. */
export function reportDays(input: number | undefined): Setting<number> {
  if (input === undefined || input === null) return { ok: true, value: 7 };
  if (!Number.isInteger(input) || input < 1 || input > 366) {
    return { ok: false, error: `Cannot post report: days "${input}" is not a whole number 1-366` };
  }
  return { ok: true, value: input };
}
