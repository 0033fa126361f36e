/**
 * Before/after comparison of datastore items for the admin events log: which attributes changed,
 * as a list a person can read and an auditor can check against the stored JSON snapshots.
 *
 * @module
 */

/** One changed attribute. */
export interface Change {
  attribute: string;
  before?: unknown;
  after?: unknown;
}

/** Attributes that change on every write and say nothing about the change itself. */
const BOOKKEEPING = new Set(["updated_at", "updated_by"]);

/** The attributes that differ between `before` and `after` (absent and `undefined` are equal). */
export function diffItems(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>> | undefined,
): Change[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const changes: Change[] = [];
  for (const attribute of keys) {
    if (BOOKKEEPING.has(attribute)) continue;
    const a = before?.[attribute];
    const b = after?.[attribute];
    if (stable(a) === stable(b)) continue;
    changes.push({
      attribute,
      ...(a !== undefined ? { before: a } : {}),
      ...(b !== undefined ? { after: b } : {}),
    });
  }
  return changes;
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function stable(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x < y ? -1 : x > y ? 1 : 0))
        : v,
  ) ?? "undefined";
}

/**
 * The changed attribute names for a one-line summary, each in backticks (`` `owner` ``) so a DM
 * shows them as code: copyable, with no invisible characters around their underscores.
 */
export function changedNames(changes: readonly Change[]): string {
  return changes.length === 0 ? "nothing" : changes.map((c) => `\`${c.attribute}\``).join(", ");
}
