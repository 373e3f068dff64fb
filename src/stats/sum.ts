import { attempt, inputError, type SafeResult } from "../errors.js";

/**
 * A compensated (Neumaier) running sum: `sum + carry` is the total, with the rounding error
 * of each addition kept in `carry`. Plain data, so it travels inside tallies and merges.
 */
export interface CompensatedSum {
  readonly sum: number;
  readonly carry: number;
}

/** The empty compensated sum (identity of {@link mergeSums}). */
export function emptySum(): CompensatedSum {
  return { sum: 0, carry: 0 };
}

type Path = readonly (string | number)[];

const SUM_MESSAGE = "expected a compensated sum { sum, carry } of finite numbers";
const OVERFLOW_MESSAGE = "the sum overflows: expected a total within ±1.7976931348623157e308";

/** Checks a compensated sum handed in by a caller, naming `path`. */
function requireSum(acc: unknown, path: Path): CompensatedSum {
  if (typeof acc !== "object" || acc === null) throw inputError(path, SUM_MESSAGE);
  const { sum, carry } = acc as Partial<Record<"sum" | "carry", unknown>>;
  if (typeof sum !== "number" || !Number.isFinite(sum))
    throw inputError([...path, "sum"], SUM_MESSAGE);
  if (typeof carry !== "number" || !Number.isFinite(carry))
    throw inputError([...path, "carry"], SUM_MESSAGE);
  return { sum, carry };
}

/** `acc`, or an input error naming `path` when a total overflowed to ±Infinity or NaN. */
function requireFiniteSum(acc: CompensatedSum, path: Path): CompensatedSum {
  if (!Number.isFinite(acc.sum) || !Number.isFinite(acc.carry))
    throw inputError(path, OVERFLOW_MESSAGE);
  return acc;
}

/** {@link addToSum} without checks, for tallying loops over validated values. @internal */
export function addToSumUnchecked(acc: CompensatedSum, x: number): CompensatedSum {
  const t = acc.sum + x;
  const carry =
    Math.abs(acc.sum) >= Math.abs(x)
      ? acc.carry + (acc.sum - t + x)
      : acc.carry + (x - t + acc.sum);
  return { sum: t, carry };
}

/** {@link mergeSums} without checks, for merging tallies built by this library. @internal */
export function mergeSumsUnchecked(a: CompensatedSum, b: CompensatedSum): CompensatedSum {
  const merged = addToSumUnchecked(a, b.sum);
  return { sum: merged.sum, carry: merged.carry + b.carry };
}

/** {@link sumValue} without checks. @internal */
export function sumValueUnchecked(acc: CompensatedSum): number {
  return acc.sum + acc.carry;
}

/**
 * Adds `x` to a running compensated sum and returns the new one (Neumaier 1974).
 * `acc` must be a `{ sum, carry }` of finite numbers and `x` finite (else a
 * {@link MetricsInputError} at `acc.sum` / `acc.carry` / `x`); a total that overflows is an
 * error at `x`.
 * @example
 * sumValue(addToSum(addToSum(emptySum(), 1e16), 1))
 * //=> 10000000000000001
 */
export function addToSum(acc: CompensatedSum, x: number): CompensatedSum {
  const checked = requireSum(acc, ["acc"]);
  if (typeof x !== "number" || !Number.isFinite(x))
    throw inputError(["x"], "expected a finite number");
  return requireFiniteSum(addToSumUnchecked(checked, x), ["x"]);
}

/**
 * Merges two compensated sums without losing either's carry. Both must be `{ sum, carry }` of
 * finite numbers (else a {@link MetricsInputError} at `a…` / `b…`); a total that overflows is an
 * error at `b`.
 * @example
 * sumValue(mergeSums({ sum: 1e16, carry: 0 }, { sum: 1, carry: 0 }))
 * //=> 10000000000000001
 */
export function mergeSums(a: CompensatedSum, b: CompensatedSum): CompensatedSum {
  const left = requireSum(a, ["a"]);
  const right = requireSum(b, ["b"]);
  return requireFiniteSum(mergeSumsUnchecked(left, right), ["b"]);
}

/**
 * The total a compensated sum stands for: `sum + carry`. `acc` must be a `{ sum, carry }` of
 * finite numbers (else a {@link MetricsInputError} at `acc…`).
 * @example
 * sumValue({ sum: 10, carry: 0.5 })
 * //=> 10.5
 */
export function sumValue(acc: CompensatedSum): number {
  const checked = requireSum(acc, ["acc"]);
  const total = checked.sum + checked.carry;
  if (!Number.isFinite(total)) throw inputError(["acc"], OVERFLOW_MESSAGE);
  return total;
}

/**
 * Compensated (Neumaier) sum of an array, in one pass with no allocation. `values` must be an
 * array (or typed array) of finite numbers: else a {@link MetricsInputError} at `values` or
 * `values[i]`; a total that overflows is an error at `values`.
 * @example
 * compensatedSum([1e16, 1, -1e16]) // a naive loop gives 0
 * //=> 1
 */
export function compensatedSum(values: ArrayLike<number>): number {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView)))
    throw inputError(["values"], "expected an array of finite numbers");
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < values.length; i++) {
    const x: unknown = values[i];
    if (typeof x !== "number" || !Number.isFinite(x))
      throw inputError(["values", i], "expected a finite number");
    const t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  const total = sum + carry;
  if (!Number.isFinite(total)) throw inputError(["values"], OVERFLOW_MESSAGE);
  return total;
}

/** {@link addToSum} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeAddToSum(acc: CompensatedSum, x: number): SafeResult<CompensatedSum> {
  return attempt(() => addToSum(acc, x));
}

/** {@link compensatedSum} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCompensatedSum(values: ArrayLike<number>): SafeResult<number> {
  return attempt(() => compensatedSum(values));
}

/** {@link mergeSums} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeSums(a: CompensatedSum, b: CompensatedSum): SafeResult<CompensatedSum> {
  return attempt(() => mergeSums(a, b));
}

/** {@link sumValue} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSumValue(acc: CompensatedSum): SafeResult<number> {
  return attempt(() => sumValue(acc));
}
