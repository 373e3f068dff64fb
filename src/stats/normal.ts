import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";

/**
 * Two-sided critical value of the standard normal for a confidence level:
 * z = Φ⁻¹((1 + level) / 2) = √2 · erfc⁻¹(1 − level).
 *
 * Source: the normal quantile via the inverse complementary error function (stdlib, from Boost).
 * @example
 * zForLevel(0.95)
 * //=> 1.959963984540054
 */
export function zForLevel(level: number): number {
  return Math.SQRT2 * erfcinv(1 - level);
}

/**
 * Two-sided p-value of a z statistic: 2 · (1 − Φ(|z|)) = erfc(|z| / √2).
 * @example
 * twoSidedPValue(1.959963984540054) // ≈ 0.05
 */
export function twoSidedPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
