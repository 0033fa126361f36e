/**
 * Evaluates a parsed query expression against one datastore item, with DynamoDB's semantics:
 * a missing attribute makes every comparison false except `<>`, and values of different types
 * never compare (so `"10" > 9` is false rather than coerced).
 *
 * @module
 */
import type { CompareOp, Expr, Operand } from "./expression.ts";
import type { Item } from "../storage/types.ts";

const MISSING = Symbol("missing");
type Resolved = unknown | typeof MISSING;

function resolve(operand: Operand, item: Item): Resolved {
  if (operand.kind === "value") return operand.value;
  return Object.hasOwn(item, operand.name) && item[operand.name] !== undefined &&
      item[operand.name] !== null
    ? item[operand.name]
    : MISSING;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  return value === null ? "null" : typeof value;
}

/** Deep equality of JSON values (arrays element-wise, objects key-wise). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  if (type === "array") {
    const x = a as unknown[], y = b as unknown[];
    return x.length === y.length && x.every((v, i) => jsonEquals(v, y[i]));
  }
  if (type === "object") {
    const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length &&
      keys.every((k) => Object.hasOwn(y, k) && jsonEquals(x[k], y[k]));
  }
  return false;
}

/** Ordering of two scalars of the same orderable type, or undefined when they do not order. */
function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function compare(op: CompareOp, a: Resolved, b: Resolved): boolean {
  if (a === MISSING || b === MISSING) return op === "<>";
  if (op === "=") return jsonEquals(a, b);
  if (op === "<>") return !jsonEquals(a, b);
  const diff = order(a, b);
  if (diff === undefined) return false;
  switch (op) {
    case "<":
      return diff < 0;
    case "<=":
      return diff <= 0;
    case ">":
      return diff > 0;
    case ">=":
      return diff >= 0;
  }
}

/** True when `item` satisfies `expr`. */
export function evaluate(expr: Expr, item: Item): boolean {
  switch (expr.kind) {
    case "and":
      return evaluate(expr.left, item) && evaluate(expr.right, item);
    case "or":
      return evaluate(expr.left, item) || evaluate(expr.right, item);
    case "not":
      return !evaluate(expr.operand, item);
    case "compare":
      return compare(expr.op, resolve(expr.left, item), resolve(expr.right, item));
    case "between": {
      const value = resolve(expr.operand, item);
      return compare(">=", value, resolve(expr.low, item)) &&
        compare("<=", value, resolve(expr.high, item));
    }
    case "in": {
      const value = resolve(expr.operand, item);
      return expr.list.some((candidate) => compare("=", value, resolve(candidate, item)));
    }
    case "call": {
      const [first, second] = expr.args.map((arg) => resolve(arg, item));
      switch (expr.name) {
        case "attribute_exists":
          return first !== MISSING;
        case "attribute_not_exists":
          return first === MISSING;
        case "begins_with":
          return typeof first === "string" && typeof second === "string" &&
            first.startsWith(second);
        case "contains":
          if (typeof first === "string") {
            return typeof second === "string" && first.includes(second);
          }
          return Array.isArray(first) && first.some((element) => jsonEquals(element, second));
      }
    }
  }
}
