import erfc from "@stdlib/math-base-special-erfc";
import { attempt, inputError, type SafeResult } from "../errors.js";

// Its own module, apart from zForLevel (normal.ts): @stdlib packages do not declare
// "sideEffects": false, so an application's bundler keeps erfc whenever a module that imports it
// is reached, even if twoSidedPValue is not called. Only the comparisons reach this module.

/**
 * Two-sided p-value of a z statistic: 2 · (1 − Φ(|z|)) = erfc(|z| / √2).
 * @example
 * twoSidedPValue(1.959963984540054) // ≈ 0.05
 */
export function twoSidedPValue(z: number): number {
  if (Number.isNaN(z)) throw inputError(["z"], "expected a z statistic (a number, not NaN)");
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** {@link twoSidedPValue} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeTwoSidedPValue(z: number): SafeResult<number> {
  return attempt(() => twoSidedPValue(z));
}
