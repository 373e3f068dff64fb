import erfcinv from "@stdlib/math-base-special-erfcinv";
import { attempt, inputError, type SafeResult } from "../errors.js";

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
  const common = COMMON_LEVELS.get(level);
  if (common !== undefined) return common;
  if (!(level > 0 && level < 1)) {
    throw inputError(["level"], "expected a confidence level strictly between 0 and 1");
  }
  return Math.SQRT2 * erfcinv(1 - level);
}

// The double 0.95 is not exactly 95%, and the general formula lands an ulp or two away from the
// figures analysts compare against. For the levels people type, use the critical values that
// R (qnorm) and scipy (norm.ppf) print, so results match those tools to the last digit.
const COMMON_LEVELS: ReadonlyMap<number, number> = /* @__PURE__ */ new Map([
  [0.8, 1.2815515655446004],
  [0.9, 1.6448536269514722],
  [0.95, 1.959963984540054],
  [0.98, 2.3263478740408408],
  [0.99, 2.5758293035489004],
  [0.995, 2.807033768343811],
]);

// twoSidedPValue lives in pvalue.ts (see there why); re-exported for existing imports.
export { twoSidedPValue } from "./pvalue.js";

/** {@link zForLevel} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeZForLevel(level: number): SafeResult<number> {
  return attempt(() => zForLevel(level));
}
