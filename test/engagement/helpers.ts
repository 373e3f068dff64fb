// Shared by the engagement tests: frozen inputs, error capture and value generators.
import fc from "fast-check";
import { expect } from "vitest";
import { MetricsInputError, type SafeResult } from "../../src/errors.ts";

/** Freezes a value and everything inside it, so a test proves nothing is mutated. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze(Reflect.get(value, key));
  }
  return value;
}

/** Runs `compute`, expects a MetricsInputError and returns it. */
export function inputErrorOf(compute: () => unknown): MetricsInputError {
  try {
    compute();
  } catch (error) {
    if (error instanceof MetricsInputError) return error;
    throw error;
  }
  throw new Error("expected a MetricsInputError, but nothing was thrown");
}

/**
 * Checks a thrower and its safe twin: the first issue's path (and message), and that the safe
 * form returns ok:false with an equal error.
 */
export function expectInputError(
  compute: () => unknown,
  safe: () => SafeResult<unknown>,
  path: readonly (string | number)[],
  message?: string | RegExp,
): MetricsInputError {
  const error = inputErrorOf(compute);
  expect(error.issues[0]?.path).toEqual(path);
  if (typeof message === "string") expect(error.message).toBe(message);
  else if (message !== undefined) expect(error.message).toMatch(message);
  const result = safe();
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(MetricsInputError);
    expect(result.error.message).toBe(error.message);
    expect(result.error.issues).toEqual(error.issues);
  }
  return error;
}

/** Anything a caller might hand over as a count or a value, tricky numbers over-weighted. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.double(),
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0.5,
    2 ** 53,
    2 ** 53 - 1,
    1e300,
    null,
    undefined,
    true,
  ),
  fc.integer({ min: -5, max: 15 }).map(String),
);

/** Splits an array into random consecutive groups (some possibly empty). */
export function splits<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[][]]> {
  return items.chain((all) =>
    fc
      .array(fc.integer({ min: 0, max: all.length }), { maxLength: 5 })
      .map((cuts): [T[], T[][]] => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const groups: T[][] = [];
        let start = 0;
        for (const cut of [...sorted, all.length]) {
          groups.push(all.slice(start, cut));
          start = cut;
        }
        return [all, groups];
      }),
  );
}

/** An array with a shuffled copy of it. */
export function withShuffle<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[]]> {
  return items.chain((a) =>
    fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })),
  );
}

/** A JSON round trip: results must survive it unchanged (no NaN, Infinity, undefined, Date). */
export function jsonRoundTrip<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
