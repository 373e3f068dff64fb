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

/**
 * Adds `x` to a running compensated sum and returns the new one (Neumaier 1974).
 * @example
 * sumValue(addToSum(addToSum(emptySum(), 1e16), 1))
 * //=> 10000000000000001
 */
export function addToSum(acc: CompensatedSum, x: number): CompensatedSum {
  const t = acc.sum + x;
  const carry =
    Math.abs(acc.sum) >= Math.abs(x)
      ? acc.carry + (acc.sum - t + x)
      : acc.carry + (x - t + acc.sum);
  return { sum: t, carry };
}

/** Merges two compensated sums without losing either's carry. */
export function mergeSums(a: CompensatedSum, b: CompensatedSum): CompensatedSum {
  const merged = addToSum(a, b.sum);
  return { sum: merged.sum, carry: merged.carry + b.carry };
}

/** The total a compensated sum stands for. */
export function sumValue(acc: CompensatedSum): number {
  return acc.sum + acc.carry;
}

/**
 * Compensated (Neumaier) sum of an array, in one pass with no allocation.
 * @example
 * compensatedSum([1e16, 1, -1e16]) // a naive loop gives 0
 * //=> 1
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + carry;
}
