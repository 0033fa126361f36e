/**
 * Offline stand-in for `jsr:@std/assert@^1`, which cannot be downloaded in this environment.
 *
 * deno.jsonc keeps the canonical JSR import; `import_map.local.json` points `@std/assert` here.
 * Only the subset of the API our tests use is provided, with the same names and semantics
 * (deep equality, thrown `AssertionError`), built on `node:assert/strict`.
 *
 * @module
 */
import nodeAssert from "node:assert/strict";

/** The `@std/assert` major version this file stands in for; the import-map test compares it. */
export const STD_ASSERT_VERSION = "1";

/** Error thrown by every failed assertion. */
export class AssertionError extends Error {
  /** Creates an assertion error with a message. */
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function wrap(run: () => void, msg?: string): void {
  try {
    run();
  } catch (err) {
    if (err instanceof nodeAssert.AssertionError) {
      throw new AssertionError(msg ? `${msg}: ${err.message}` : err.message);
    }
    throw err;
  }
}

/** Asserts that `expr` is truthy. */
export function assert(expr: unknown, msg = "Expected value to be truthy"): asserts expr {
  if (!expr) throw new AssertionError(msg);
}

/** Asserts that `expr` is falsy. */
export function assertFalse(expr: unknown, msg = "Expected value to be falsy"): void {
  if (expr) throw new AssertionError(msg);
}

/** Asserts deep equality of `actual` and `expected`. */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  wrap(() => nodeAssert.deepStrictEqual(actual, expected), msg);
}

/** Asserts deep inequality of `actual` and `expected`. */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  wrap(() => nodeAssert.notDeepStrictEqual(actual, expected), msg);
}

/** Asserts `Object.is` equality. */
export function assertStrictEquals<T>(actual: T, expected: T, msg?: string): void {
  wrap(() => nodeAssert.strictEqual(actual, expected), msg);
}

/** Asserts that `actual` is neither `null` nor `undefined`. */
export function assertExists<T>(actual: T, msg?: string): asserts actual is NonNullable<T> {
  if (actual === null || actual === undefined) {
    throw new AssertionError(msg ?? `Expected actual to not be null or undefined`);
  }
}

/** Asserts that `actual` matches `expected`. */
export function assertMatch(actual: string, expected: RegExp, msg?: string): void {
  wrap(() => nodeAssert.match(actual, expected), msg);
}

/** Asserts that `actual` does not match `expected`. */
export function assertNotMatch(actual: string, expected: RegExp, msg?: string): void {
  wrap(() => nodeAssert.doesNotMatch(actual, expected), msg);
}

/** Asserts that `actual` contains `expected`. */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (!actual.includes(expected)) {
    throw new AssertionError(
      msg ?? `Expected ${JSON.stringify(actual)} to contain ${JSON.stringify(expected)}`,
    );
  }
}

/** Asserts that every element of `expected` is deeply equal to some element of `actual`. */
export function assertArrayIncludes<T>(
  actual: ArrayLike<T>,
  expected: ArrayLike<T>,
  msg?: string,
): void {
  const items = Array.from(actual);
  for (const want of Array.from(expected)) {
    const found = items.some((have) => {
      try {
        nodeAssert.deepStrictEqual(have, want);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) {
      throw new AssertionError(msg ?? `Expected array to include ${JSON.stringify(want)}`);
    }
  }
}

/** Asserts that `actual` contains (deeply) every property of `expected`. */
export function assertObjectMatch(
  actual: Record<PropertyKey, unknown>,
  expected: Record<PropertyKey, unknown>,
  msg?: string,
): void {
  wrap(() => nodeAssert.partialDeepStrictEqual(actual, expected), msg);
}

/** Asserts `actual > expected`. */
export function assertGreater<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual > expected)) throw new AssertionError(msg ?? `Expected ${actual} > ${expected}`);
}

/** Asserts `actual >= expected`. */
export function assertGreaterOrEqual<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual >= expected)) throw new AssertionError(msg ?? `Expected ${actual} >= ${expected}`);
}

/** Asserts `actual < expected`. */
export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual < expected)) throw new AssertionError(msg ?? `Expected ${actual} < ${expected}`);
}

/** Asserts `actual <= expected`. */
export function assertLessOrEqual<T>(actual: T, expected: T, msg?: string): void {
  if (!(actual <= expected)) throw new AssertionError(msg ?? `Expected ${actual} <= ${expected}`);
}

/** Always fails. */
export function fail(msg?: string): never {
  throw new AssertionError(msg ? `Failed assertion: ${msg}` : "Failed assertion");
}

type ErrorClass<E extends Error> = new (...args: never[]) => E;

function checkError<E extends Error>(err: unknown, cls?: ErrorClass<E>, includes?: string): E {
  if (cls && !(err instanceof cls)) {
    throw new AssertionError(`Expected error to be instance of "${cls.name}", got ${String(err)}`);
  }
  if (includes !== undefined && !(err instanceof Error && err.message.includes(includes))) {
    throw new AssertionError(
      `Expected error message to include ${JSON.stringify(includes)}, got ${String(err)}`,
    );
  }
  return err as E;
}

/** Asserts that `fn` throws; returns the error. */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  cls?: ErrorClass<E>,
  msgIncludes?: string,
): E {
  try {
    fn();
  } catch (err) {
    return checkError(err, cls, msgIncludes);
  }
  throw new AssertionError("Expected function to throw.");
}

/** Asserts that `fn` rejects; returns the error. */
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  cls?: ErrorClass<E>,
  msgIncludes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (err) {
    return checkError(err, cls, msgIncludes);
  }
  throw new AssertionError("Expected function to reject.");
}
