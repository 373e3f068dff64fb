// Shared by every test folder: frozen inputs, input-error capture, JSON round trips and shuffles.
// Area helpers (test/<area>/helpers.ts) re-export these next to their own fixtures and generators.
import fc from "fast-check";
import { expect } from "vitest";
import { MetricsInputError, type SafeResult } from "../src/errors.ts";

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
 * Checks a thrower and its safe twin: the first issue's path (and the message: equal to a
 * string, or matching a RegExp), and that the safe form returns ok:false with an equal error.
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

/** A JSON round trip: results must survive it unchanged (no NaN, Infinity, undefined, Date). */
export function jsonRoundTrip<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** An array with a shuffled copy of it. */
export function withShuffle<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[]]> {
  return items.chain((a) =>
    fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })),
  );
}

/**
 * Hessian of `f` at `p` by central second differences (function values only, no gradients),
 * step `rel`·p[k] per parameter: H_ij = (f(+,+) − f(+,−) − f(−,+) + f(−,−)) / (4·h_i·h_j).
 */
export function centralHessian<T extends Record<K, number>, K extends keyof T & string>(
  keys: readonly K[],
  p: T,
  f: (q: T) => number,
  rel = 1e-4,
): number[][] {
  return keys.map((ki) =>
    keys.map((kj) => {
      const hi = rel * p[ki];
      const hj = rel * p[kj];
      const at = (di: number, dj: number) => {
        const q = { ...p };
        q[ki] = (q[ki] + di * hi) as T[K];
        q[kj] = (q[kj] + dj * hj) as T[K];
        return f(q);
      };
      return (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * hi * hj);
    }),
  );
}

/** Inverse of a small symmetric positive definite matrix (Gauss-Jordan, no pivoting). */
export function gaussJordan(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const pivot = a[c] as number[];
    const v = pivot[c] as number;
    for (let j = 0; j < 2 * n; j++) pivot[j] = (pivot[j] as number) / v;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = a[r] as number[];
      const f = row[c] as number;
      for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) - f * (pivot[j] as number);
    }
  }
  return a.map((row) => row.slice(n));
}
