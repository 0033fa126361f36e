/**
 * Trigger filters (`webhook.filter` / `event.filter`): `{ version: 1, root }` where `root` is a
 * statement such as `"{{data.environment}} == production"` or `{ operator: "AND" | "OR" |
 * "NOT", inputs: [...] }`. A webhook whose filter does not match answers `{"ok":true}` and
 * starts no run. Comparisons: `==`, `!=`, `<`, `<=`, `>`, `>=` (numbers compare as numbers,
 * everything else as text); `NOT` matches when none of its inputs do.
 *
 * @module
 */
import { resolveTemplate } from "../runtime/template.ts";

/** A filter node as in the SDK's trigger types. */
export type FilterNode =
  | { statement: string }
  | { operator: string; inputs: FilterNode[] };

/** Outcome: whether the data passes, or why the filter cannot be evaluated. */
export type FilterResult = { ok: true; match: boolean } | { ok: false; error: string };

const STATEMENT = /^\s*(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/;

function operand(text: string, data: Record<string, unknown>): unknown {
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(text);
  if (quoted) return quoted[1] ?? quoted[2];
  return text.includes("{{") ? resolveTemplate(text, { data }) : text;
}

function compare(left: unknown, op: string, right: unknown): boolean {
  const l = Number(left), r = Number(right);
  const numeric = left !== "" && right !== "" && left !== undefined && right !== undefined &&
    !Number.isNaN(l) && !Number.isNaN(r);
  const [a, b] = numeric ? [l, r] : [String(left ?? ""), String(right ?? "")];
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

function evaluate(node: FilterNode, data: Record<string, unknown>): boolean {
  if ("statement" in node) {
    const parts = STATEMENT.exec(node.statement);
    if (!parts) throw new Error(`Cannot read filter statement ${JSON.stringify(node.statement)}`);
    return compare(operand(parts[1], data), parts[2], operand(parts[3], data));
  }
  const results = (node.inputs ?? []).map((input) => evaluate(input, data));
  if (node.operator === "AND") return results.every(Boolean);
  if (node.operator === "OR") return results.some(Boolean);
  if (node.operator === "NOT") return !results.some(Boolean);
  throw new Error(`Cannot read filter operator ${JSON.stringify(node.operator)}`);
}

/** Evaluates a trigger filter against the request data; no filter always matches. */
export function evaluateFilter(filter: unknown, data: Record<string, unknown>): FilterResult {
  if (filter === undefined || filter === null) return { ok: true, match: true };
  const root = (filter as { root?: FilterNode }).root;
  if (!root || typeof root !== "object") {
    return { ok: false, error: "Cannot read trigger filter: it has no root" };
  }
  try {
    return { ok: true, match: evaluate(root, data) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
