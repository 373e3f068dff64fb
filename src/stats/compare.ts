import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { MetricComparison } from "../metric.js";
import { levelSchema, nonNegativeSchema, type SchemaOutput } from "./options.js";
import { wilsonInterval } from "./proportion.js";
import { twoSidedPValue } from "./pvalue.js";

// ---------------------------------------------------------------------------------------------
// Two proportions

/**
 * Successes out of a number of trials, as two-proportion comparisons take them. `n` may be an
 * effective (Kish) size and need not be an integer; `successes` must not exceed `n`.
 */
export interface ProportionCounts {
  readonly successes: number;
  readonly n: number;
}

/** Options of {@link compareProportions}. */
export interface CompareProportionsOptions {
  /** Confidence level of the interval. Default 0.95. */
  readonly level?: number;
}

/** {@link ProportionCounts}, as a schema (`successes ≤ n` is checked by {@link compareProportions}). */
export const proportionCountsSchema: z.ZodMiniType<SchemaOutput<ProportionCounts>> =
  /* @__PURE__ */ z.strictObject({ successes: nonNegativeSchema, n: nonNegativeSchema });

const compareProportionsOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    level: z.optional(levelSchema),
  }))();

function checkCounts(counts: unknown, path: string): ProportionCounts {
  const parsed = parseWith(proportionCountsSchema, counts, [path]);
  // A relative tolerance lets weighted sums that equal n up to rounding through.
  if (parsed.successes > parsed.n * (1 + 1e-12)) {
    throw inputError([path, "successes"], "expected successes <= n");
  }
  return { successes: Math.min(parsed.successes, parsed.n), n: parsed.n };
}

/**
 * Compares two independent proportions, `a − b`.
 *
 * - Test: the two-proportion z-test with the pooled standard error,
 *   p̄ = (x_a + x_b)/(n_a + n_b), SE₀ = √(p̄(1 − p̄)(1/n_a + 1/n_b)), z = (p_a − p_b)/SE₀,
 *   two-sided p = 2(1 − Φ(|z|)); the same p as R's `prop.test(correct = FALSE)`.
 * - Interval: Newcombe's hybrid score interval (Newcombe 1998, method 10), built from the two
 *   Wilson intervals (l, u): [d − √((p_a − l_a)² + (u_b − p_b)²), d + √((u_a − p_a)² + (p_b − l_b)²)],
 *   which keeps its coverage near 0 and 1 and with small n, where the Wald interval does not.
 *
 * `standardError` is SE₀, the one behind `z`. When both groups are all successes or all
 * failures SE₀ is 0: `z` is `null` and the p-value is 1. When either `n` is 0 every field is
 * `null` with reason `"empty"`. Metrics that are proportions (CSAT, churn, channel rates) plug
 * this into their `compare`.
 *
 * Source: Newcombe, "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Statistics in Medicine 17 (1998) 873–890.
 * @example
 * const c = compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 });
 * c.difference // ≈ 0.2
 * c.interval?.lower // ≈ 0.0524
 * c.interval?.upper // ≈ 0.3339
 * c.pValue // ≈ 0.0080
 */
export function compareProportions(
  a: ProportionCounts,
  b: ProportionCounts,
  options?: CompareProportionsOptions,
): MetricComparison {
  const level =
    parseWith(compareProportionsOptionsSchema, options ?? {}, ["options"]).level ?? 0.95;
  const ca = checkCounts(a, "a");
  const cb = checkCounts(b, "b");
  const wa = wilsonInterval(ca.successes, ca.n, level);
  const wb = wilsonInterval(cb.successes, cb.n, level);
  if (wa === null || wb === null) {
    return {
      difference: null,
      reason: "empty",
      standardError: null,
      z: null,
      pValue: null,
      interval: null,
    };
  }
  const pa = ca.successes / ca.n;
  const pb = cb.successes / cb.n;
  const difference = pa - pb;
  const pooled = (ca.successes + cb.successes) / (ca.n + cb.n);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / ca.n + 1 / cb.n));
  const z = standardError > 0 ? difference / standardError : null;
  return {
    difference,
    reason: null,
    standardError,
    z,
    pValue: z === null ? 1 : twoSidedPValue(z),
    interval: {
      lower: Math.max(-1, difference - Math.hypot(pa - wa.lower, wb.upper - pb)),
      upper: Math.min(1, difference + Math.hypot(wa.upper - pa, pb - wb.lower)),
      level,
      method: "newcombe",
    },
  };
}

/** {@link compareProportions} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCompareProportions(
  a: ProportionCounts,
  b: ProportionCounts,
  options?: CompareProportionsOptions,
): SafeResult<MetricComparison> {
  return attempt(() => compareProportions(a, b, options));
}

// ---------------------------------------------------------------------------------------------
// Multiple comparisons

const P_MESSAGE = "expected a p-value in [0, 1] or null";

/** A p-value or `null` (a comparison that could not be made), as a schema. */
export const pValueSchema: z.ZodMiniType<number | null> = /* @__PURE__ */ (() =>
  z.nullable(
    z
      .number({ error: P_MESSAGE })
      .check(z.gte(0, { error: P_MESSAGE }), z.lte(1, { error: P_MESSAGE })),
  ))();

/**
 * Holm's step-down adjustment of p-values for multiple comparisons (controls the family-wise
 * error rate, uniformly more powerful than Bonferroni). With the m non-null p-values sorted
 * ascending, p₍ᵢ₎ becomes max_{j ≤ i} min(1, (m − j + 1) · p₍ⱼ₎). `null`s stay `null` and do
 * not count in m; the order of the input is kept.
 *
 * Source: Holm, "A simple sequentially rejective multiple test procedure", Scandinavian Journal
 * of Statistics 6 (1979) 65–70; the same as R's `p.adjust(p, "holm")`.
 * @example
 * holmAdjust([0.01, 0.04, 0.03, 0.005])
 * //=> [0.03, 0.06, 0.06, 0.02]
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  if (!Array.isArray(pValues)) throw inputError([], "expected an array of p-values");
  const order: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p: unknown = pValues[i];
    if (p === null) continue;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw inputError([i], P_MESSAGE);
    order.push(i);
  }
  order.sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
  const out: (number | null)[] = pValues.map(() => null);
  const m = order.length;
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const index = order[rank] as number;
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
    out[index] = running;
  }
  return out;
}

/** {@link holmAdjust} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeHolmAdjust(pValues: readonly (number | null)[]): SafeResult<(number | null)[]> {
  return attempt(() => holmAdjust(pValues));
}
