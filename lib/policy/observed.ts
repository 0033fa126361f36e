/**
 * The verified facts of one request: the claims of its verified OIDC token and what Countersign
 * observes itself (its clock in the configured time zone, the declared freeze windows). Pure: the
 * caller passes the time, the zone and the settings.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import type { Fact } from "./facts.ts";

/** The time zone used when none is configured. */
export const DEFAULT_TIME_ZONE = "UTC";

/** Environments where asserted-only conditions never auto-approve, when none are configured. */
export const DEFAULT_PROTECTED_ENVIRONMENTS: readonly string[] = ["production"];

/** One declared change freeze: from `start` (inclusive) to `end` (exclusive), Unix ms. */
export interface FreezeWindow {
  name: string;
  start: number;
  end: number;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
// An instant with an explicit offset: a freeze without one would mean different hours to
// different readers.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;
/** Unix ms of an ISO 8601 instant with an offset (`2026-12-20T00:00Z`), or `undefined`. */
export function readInstant(text: string): number | undefined {
  const ms = INSTANT.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Most freeze windows in the setting. */
export const MAX_FREEZE_WINDOWS = 50;

/**
 * Reads the freeze windows setting: `name=START/END` entries separated by `;` or line breaks,
 * START and END as ISO 8601 instants with an offset (`2026-12-20T00:00Z`,
 * `2026-12-20T00:00+01:00`). The empty text declares none.
 */
export function parseFreezeWindows(
  text: string,
): { ok: true; windows: FreezeWindow[] } | { ok: false; error: string } {
  const windows: FreezeWindow[] = [];
  const entries = text.split(/[;\n]/).map((e) => e.trim()).filter((e) => e !== "");
  const fail = (entry: string, why: string) => ({
    ok: false as const,
    error: `Cannot read freeze window ${quote(entry, 80)}: ${why}`,
  });
  if (entries.length > MAX_FREEZE_WINDOWS) {
    return { ok: false, error: `Cannot read freeze windows: more than ${MAX_FREEZE_WINDOWS}` };
  }
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    const name = entry.slice(0, eq).trim();
    const [from, to, extra] = entry.slice(eq + 1).split("/").map((s) => s.trim());
    if (eq < 0 || !NAME.test(name)) {
      return fail(entry, "write name=START/END, the name 1–64 of letters, digits and . _ -");
    }
    if (extra !== undefined || !from || !to) return fail(entry, "write name=START/END");
    const start = readInstant(from);
    const end = readInstant(to);
    for (const [instant, ms] of [[from, start], [to, end]] as const) {
      if (ms === undefined) {
        return fail(entry, `${quote(instant)} is not an instant like 2026-12-20T00:00Z`);
      }
    }
    if (start === undefined || end === undefined) return fail(entry, "write name=START/END");
    if (end <= start) return fail(entry, "it ends before it starts");
    windows.push({ name, start, end });
  }
  return { ok: true, windows };
}

/** Whether a time zone name is one this runtime knows (`Europe/Berlin`, `UTC`). */
export function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone !== "";
  } catch {
    return false;
  }
}

/** The weekday (`mon`) and the time (`14:05`) of `now` in `zone`. */
export function localTime(now: number, zone: string): { weekday: string; hours: string } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    weekday: get("weekday").toLowerCase().slice(0, 3),
    hours: `${get("hour")}:${get("minute")}`,
  };
}

/** What Countersign observes at `now`: the clock in `zone` and whether a freeze is on. */
export function observedFacts(
  now: number,
  zone: string,
  freezes: readonly FreezeWindow[] | undefined,
): Fact[] {
  const { weekday, hours } = localTime(now, zone);
  const clock = `Countersign's clock (${zone})`;
  const facts: Fact[] = [
    { name: "time.weekday", value: weekday, source: "verified", by: clock },
    { name: "time.hours", value: hours, source: "verified", by: clock },
  ];
  // An unreadable freeze setting gives no freeze fact: no condition on it can match.
  if (freezes) {
    const on = freezes.filter((w) => now >= w.start && now < w.end).map((w) => w.name);
    facts.push({
      name: "freeze.active",
      value: on.length > 0 ? "true" : "false",
      source: "verified",
      by: on.length > 0
        ? `declared freeze window ${on.map((n) => quote(n)).join(", ")}`
        : `the declared freeze windows (${freezes.length}, none on now)`,
    });
  }
  return facts;
}

/** Longest claim name and value kept as an `oidc.` fact. */
const MAX_CLAIM_NAME = 58;
const MAX_CLAIM_VALUE = 256;
const MAX_CLAIMS = 64;
const CLAIM_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The scalar claims of a verified token (text, numbers, booleans) as `oidc.<claim>` facts.
 * Claims that are objects or arrays, or too long to be a condition value, are left out.
 */
export function oidcClaimFacts(claims: Record<string, unknown>, issuer: string): Fact[] {
  const facts: Fact[] = [];
  for (const [name, raw] of Object.entries(claims)) {
    if (facts.length >= MAX_CLAIMS) break;
    if (!CLAIM_NAME.test(name) || name.length > MAX_CLAIM_NAME) continue;
    const value = typeof raw === "string"
      ? raw
      : typeof raw === "number" || typeof raw === "boolean"
      ? String(raw)
      : undefined;
    if (value === undefined || Array.from(value).length > MAX_CLAIM_VALUE) continue;
    facts.push({
      name: `oidc.${name}`,
      value,
      source: "verified",
      by: `OIDC token signed by ${issuer}`,
    });
  }
  return facts;
}
