/**
 * Parser and evaluator for datastore query expressions (`apps.datastore.query`/`count`).
 *
 * Slack datastores are backed by DynamoDB and their expressions follow DynamoDB filter
 * expressions: `#name` placeholders resolved through `expression_attributes`, `:value`
 * placeholders resolved through `expression_values`, comparisons `= <> < <= > >=`,
 * `BETWEEN … AND …`, `IN (…)`, the functions `begins_with`, `contains`, `attribute_exists`,
 * `attribute_not_exists`, and `AND` / `OR` / `NOT` with parentheses (NOT binds tighter than AND,
 * AND tighter than OR). Comparing values of different types is false, as in DynamoDB.
 *
 * Errors are collected as {@linkcode DatastoreErrorDetail}s (Slack's `errors` array shape) and
 * thrown together in a {@linkcode DatastoreError}.
 *
 * @module
 */
import { DatastoreError, type DatastoreErrorDetail } from "./errors.ts";

export { DatastoreError, type DatastoreErrorDetail } from "./errors.ts";

/** A parsed expression, resolved against its placeholders. */
export type Expr =
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "not"; operand: Expr }
  | { kind: "compare"; op: CompareOp; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand }
  | { kind: "in"; operand: Operand; list: Operand[] }
  | { kind: "call"; name: FunctionName; args: Operand[] };

/** An attribute reference (`path`) or a literal value from `expression_values`. */
export type Operand = { kind: "path"; name: string } | { kind: "value"; value: unknown };

/** Comparison operators. */
export type CompareOp = "=" | "<>" | "<" | "<=" | ">" | ">=";
/** Supported functions and their arity. */
export const FUNCTIONS = {
  begins_with: 2,
  contains: 2,
  attribute_exists: 1,
  attribute_not_exists: 1,
} as const;
/** Names of the supported functions. */
export type FunctionName = keyof typeof FUNCTIONS;

type Token =
  | { type: "name"; text: string; at: number }
  | { type: "value"; text: string; at: number }
  | { type: "word"; text: string; at: number }
  | { type: "op"; text: string; at: number };

const MAX_EXPRESSION_LENGTH = 4096;

function syntax(message: string): DatastoreError {
  return new DatastoreError([{ code: "invalid_expression", message, pointer: "/expression" }]);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_.]*)|(<>|<=|>=|[=<>(),])/y;
  let at = 0;
  while (at < source.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) {
      throw syntax(
        `Cannot parse expression: unexpected character ${JSON.stringify(source[at])} at ${at}`,
      );
    }
    if (match[1]) tokens.push({ type: "name", text: match[1], at });
    else if (match[2]) tokens.push({ type: "value", text: match[2], at });
    else if (match[3]) tokens.push({ type: "word", text: match[3], at });
    else if (match[4]) tokens.push({ type: "op", text: match[4], at });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Placeholders given with a query: `expression_attributes` and `expression_values`. */
export interface Placeholders {
  attributes?: Record<string, unknown>;
  values?: Record<string, unknown>;
}

/**
 * Parses `source` and resolves its placeholders.
 *
 * @throws {DatastoreError} for a syntax error, an undefined or unused placeholder, or a
 * reference to the primary key (Slack's query cannot filter on it; use get/bulkGet).
 */
export function parseExpression(
  source: string,
  placeholders: Placeholders = {},
  primaryKey?: string,
): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw syntax(`Cannot parse expression: longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const tokens = tokenize(source);
  const attributes = placeholders.attributes ?? {};
  const values = placeholders.values ?? {};
  const errors: DatastoreErrorDetail[] = [];
  const usedNames = new Set<string>();
  const usedValues = new Set<string>();
  let pos = 0;

  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, word: string) =>
    t?.type === "word" && t.text.toUpperCase() === word;
  const expectOp = (text: string): void => {
    const t = tokens[pos];
    if (t?.type !== "op" || t.text !== text) {
      throw syntax(
        t
          ? `Cannot parse expression: expected "${text}" at ${t.at}, found ${
            JSON.stringify(t.text)
          }`
          : `Cannot parse expression: expected "${text}" at the end`,
      );
    }
    pos++;
  };

  const operand = (): Operand => {
    const t = tokens[pos];
    if (!t) throw syntax("Cannot parse expression: unexpected end, expected an operand");
    pos++;
    if (t.type === "name") {
      usedNames.add(t.text);
      const name = attributes[t.text];
      if (typeof name !== "string") {
        errors.push({
          code: "missing_expression_attribute",
          message: `Cannot resolve ${JSON.stringify(t.text)}: not defined in expression_attributes`,
          pointer: "/expression_attributes",
        });
        return { kind: "path", name: "" };
      }
      return { kind: "path", name };
    }
    if (t.type === "value") {
      usedValues.add(t.text);
      if (!Object.hasOwn(values, t.text)) {
        errors.push({
          code: "missing_expression_value",
          message: `Cannot resolve ${JSON.stringify(t.text)}: not defined in expression_values`,
          pointer: "/expression_values",
        });
      }
      return { kind: "value", value: values[t.text] };
    }
    if (t.type === "word" && !RESERVED.has(t.text.toUpperCase())) {
      return { kind: "path", name: t.text };
    }
    throw syntax(`Cannot parse expression: unexpected ${JSON.stringify(t.text)} at ${t.at}`);
  };

  const primary = (): Expr => {
    const t = peek();
    if (t?.type === "op" && t.text === "(") {
      pos++;
      const inner = or();
      expectOp(")");
      return inner;
    }
    const next = tokens[pos + 1];
    if (t?.type === "word" && next?.type === "op" && next.text === "(") {
      const name = t.text.toLowerCase();
      if (!Object.hasOwn(FUNCTIONS, name)) {
        throw syntax(`Cannot parse expression: unknown function ${JSON.stringify(t.text)}`);
      }
      pos += 2;
      const args: Operand[] = [operand()];
      while (peek()?.type === "op" && peek()?.text === ",") {
        pos++;
        args.push(operand());
      }
      expectOp(")");
      const arity = FUNCTIONS[name as FunctionName];
      if (args.length !== arity) {
        throw syntax(
          `Cannot parse expression: ${name} takes ${arity} argument(s), got ${args.length}`,
        );
      }
      return { kind: "call", name: name as FunctionName, args };
    }
    const left = operand();
    const op = peek();
    if (isWord(op, "BETWEEN")) {
      pos++;
      const low = operand();
      if (!isWord(peek(), "AND")) throw syntax("Cannot parse expression: BETWEEN needs AND");
      pos++;
      return { kind: "between", operand: left, low, high: operand() };
    }
    if (isWord(op, "IN")) {
      pos++;
      expectOp("(");
      const list = [operand()];
      while (peek()?.type === "op" && peek()?.text === ",") {
        pos++;
        list.push(operand());
      }
      expectOp(")");
      return { kind: "in", operand: left, list };
    }
    if (op?.type === "op" && COMPARATORS.has(op.text)) {
      pos++;
      return { kind: "compare", op: op.text as CompareOp, left, right: operand() };
    }
    throw syntax(
      op
        ? `Cannot parse expression: expected a comparison at ${op.at}, found ${
          JSON.stringify(op.text)
        }`
        : "Cannot parse expression: unexpected end, expected a comparison",
    );
  };

  const not = (): Expr => {
    if (isWord(peek(), "NOT")) {
      pos++;
      return { kind: "not", operand: not() };
    }
    return primary();
  };
  const and = (): Expr => {
    let left = not();
    while (isWord(peek(), "AND")) {
      pos++;
      left = { kind: "and", left, right: not() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (isWord(peek(), "OR")) {
      pos++;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) throw syntax("Cannot parse expression: it is empty");
  const expr = or();
  const rest = peek();
  if (rest) {
    throw syntax(`Cannot parse expression: unexpected ${JSON.stringify(rest.text)} at ${rest.at}`);
  }
  for (const key of Object.keys(attributes)) {
    if (!usedNames.has(key)) {
      errors.push({
        code: "unused_expression_attribute",
        message: `Cannot use expression_attributes: ${
          JSON.stringify(key)
        } is not in the expression`,
        pointer: "/expression_attributes",
      });
    }
  }
  for (const key of Object.keys(values)) {
    if (!usedValues.has(key)) {
      errors.push({
        code: "unused_expression_value",
        message: `Cannot use expression_values: ${JSON.stringify(key)} is not in the expression`,
        pointer: "/expression_values",
      });
    }
  }
  if (primaryKey !== undefined && referencesPath(expr, primaryKey)) {
    errors.push({
      code: "invalid_expression",
      message: `Cannot query on the primary key ${JSON.stringify(primaryKey)}: use get or bulkGet`,
      pointer: "/expression",
    });
  }
  if (errors.length > 0) throw new DatastoreError(errors);
  return expr;
}

const RESERVED = new Set(["AND", "OR", "NOT", "BETWEEN", "IN"]);
const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);

function referencesPath(expr: Expr, name: string): boolean {
  const hit = (o: Operand) => o.kind === "path" && o.name === name;
  switch (expr.kind) {
    case "and":
    case "or":
      return referencesPath(expr.left, name) || referencesPath(expr.right, name);
    case "not":
      return referencesPath(expr.operand, name);
    case "compare":
      return hit(expr.left) || hit(expr.right);
    case "between":
      return hit(expr.operand) || hit(expr.low) || hit(expr.high);
    case "in":
      return hit(expr.operand) || expr.list.some(hit);
    case "call":
      return expr.args.some(hit);
  }
}
