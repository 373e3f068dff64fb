/** A confidence interval. Bounds are in the unit of the value they belong to. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
  /** Confidence level, a fraction (0.95). */
  readonly level: number;
  /** How it was computed: `"wilson"`, `"wald"`, `"adjusted-wald"`, ... */
  readonly method: string;
}

/** A caution about a result, as data: never printed. */
export interface Warning {
  /** Stable code to branch on: `"small-sample"`, `"wide-interval"`, ... */
  readonly code: string;
  /** A sentence for a person. */
  readonly message: string;
}

/**
 * Why a value is `null`:
 * - `"empty"`: no records or answers at all;
 * - `"zero-denominator"`: records exist, but the denominator is zero (no customers at start);
 * - `"zero-churn"`: a lifetime or LTV from a churn rate of 0 would be infinite;
 * - `"insufficient-data"`: too few records for the statistic (a standard deviation of one value).
 */
export type ReasonCode = "empty" | "zero-denominator" | "zero-churn" | "insufficient-data";

/** Options shared by every metric that reports an interval and sample-size warnings. */
export interface UncertaintyOptions {
  /** Confidence level of intervals, in (0, 1). Default 0.95. */
  readonly level?: number;
  /** Below this many responses (or effective responses) a `"small-sample"` warning is added. Default 30. */
  readonly minSampleSize?: number;
}
