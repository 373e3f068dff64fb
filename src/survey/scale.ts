// Answers on a bounded integer scale (CSAT 1-5, CES 1-7, any Likert item): the one place that
// checks answers, counts them into a distribution (weighted or not), merges tallies and turns a
// tally into a mean with its interval and the share of answers at or above a threshold.
import * as z from "zod/mini";
import { inputError, type MetricsInputError, parseWith, schemaError } from "../errors.js";
import {
  type Accessor,
  type HistogramSpec,
  type Metric,
  type MetricComparison,
  readField,
} from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { compareProportions } from "../stats/compare.js";
import { zForLevel } from "../stats/normal.js";
import { countSchema, nonNegativeSchema, type SchemaOutput } from "../stats/options.js";
import { sampleWarnings, wilsonInterval } from "../stats/proportion.js";
import { twoSidedPValue } from "../stats/pvalue.js";
import { countFieldsSchema, nonNegativeArraySchema } from "../stats/tally.js";
import { readWeight } from "./weight.js";

// ---------------------------------------------------------------------------------------------
// Types

/**
 * The sufficient statistics of answers on an integer scale `scaleMin..scaleMax`: the (weighted)
 * count of each answer, the raw number of answers and Σw². Mergeable by adding field by field.
 * A tally belongs to one scale: `counts[k]` is the count of answer `scaleMin + k`.
 */
export interface RatingTally {
  /** Count of each answer, lowest answer first (weighted sums when weighted). */
  readonly counts: readonly number[];
  /** Number of answers (raw count, even when weighted). */
  readonly responses: number;
  /** Σw² over answers; equals `responses` when unweighted. Gives the Kish effective n. */
  readonly sumSquaredWeights: number;
}

/**
 * Answer counts as input, e.g. from a warehouse `GROUP BY answer`: one count per answer from the
 * lowest to the highest (`[10, 15, 25, 30, 20]` for answers 1, 2, 3, 4, 5), zeros included.
 * Unweighted counts are integers; weighted sums come with `sumSquaredWeights` (Σw²) and
 * optionally `responses` (the raw number of answers).
 */
export interface RatingCounts {
  readonly counts: readonly number[];
  readonly responses?: number;
  readonly sumSquaredWeights?: number;
}

/** One row of a distribution: an answer and its (weighted) count. */
export interface AnswerCount {
  readonly answer: number;
  readonly count: number;
}

/** Mutable state while tallying answers on a scale. @internal */
export interface RatingState {
  /** Weighted count per answer, lowest answer first. */
  readonly counts: Float64Array;
  responses: number;
  sumSquaredWeights: number;
}

/** The most answers a scale may have (0..100, say): tallies hold one count per answer. @internal */
export const MAX_SCALE_ANSWERS = 101;

// ---------------------------------------------------------------------------------------------
// Schemas

/** An integer option (a scale bound or a threshold). @internal */
export const integerOptionSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ z.int({
  error: "expected an integer",
});

/** Answer counts as input: see {@link RatingCounts}. Unknown keys are errors. */
export const ratingCountsSchema: z.ZodMiniType<SchemaOutput<RatingCounts>> = /* @__PURE__ */ (() =>
  z.strictObject({
    counts: z.array(nonNegativeSchema, { error: "expected an array of counts, one per answer" }),
    responses: z.optional(countSchema),
    sumSquaredWeights: z.optional(nonNegativeSchema),
  }))();

// ---------------------------------------------------------------------------------------------
// The scale

/** A resolved scale: its bounds, the message and the schema of one answer. @internal */
export interface RatingScale {
  readonly min: number;
  readonly max: number;
  /** Number of answers, `max - min + 1`. */
  readonly size: number;
  /** `"expected an integer 1-5"`. */
  readonly message: string;
  /** One answer, as a schema: the inline check accepts exactly what it accepts. */
  readonly schema: z.ZodMiniNumber<number>;
}

/** The schema of one answer on `min..max` (integers). @internal */
export function answerSchema(min: number, max: number): z.ZodMiniNumber<number> {
  const message = answerMessage(min, max);
  return z
    .int({ error: message })
    .check(z.gte(min, { error: message }), z.lte(max, { error: message }));
}

function answerMessage(min: number, max: number): string {
  return `expected an integer ${min}-${max}`;
}

/**
 * Checks the scale bounds of already-parsed options (integers) and builds the scale.
 * `min >= max`, or more than {@link MAX_SCALE_ANSWERS} answers, is an input error at
 * `["options", "scaleMax"]` (or `"scaleMin"` when only the lower bound was given).
 * @internal
 */
export function resolveScale(
  scaleMin: number | undefined,
  scaleMax: number | undefined,
  defaults: { readonly min: number; readonly max: number },
): RatingScale {
  const min = scaleMin ?? defaults.min;
  const max = scaleMax ?? defaults.max;
  const path = ["options", scaleMax === undefined ? "scaleMin" : "scaleMax"];
  if (!(max > min)) {
    throw inputError(path, `scaleMax (${max}) must be greater than scaleMin (${min})`);
  }
  if (max - min + 1 > MAX_SCALE_ANSWERS) {
    throw inputError(
      path,
      `a scale has at most ${MAX_SCALE_ANSWERS} answers (scaleMin ${min}, scaleMax ${max})`,
    );
  }
  return {
    min,
    max,
    size: max - min + 1,
    message: answerMessage(min, max),
    schema: answerSchema(min, max),
  };
}

/**
 * Checks a threshold ("answers from here up count as satisfied / easy"): it must be an answer
 * above the lowest one, so that both sides of the threshold exist (`min < threshold <= max`).
 * @internal
 */
export function resolveThreshold(
  name: string,
  value: number | undefined,
  fallback: number,
  scale: RatingScale,
): number {
  const threshold = value ?? fallback;
  if (!(threshold > scale.min && threshold <= scale.max)) {
    throw inputError(
      ["options", name],
      `${name} (${threshold}) must be an answer from ${scale.min + 1} to ${scale.max}`,
    );
  }
  return threshold;
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/** The empty tally of a scale with `size` answers. @internal */
export function emptyRatingTally(size: number): RatingTally {
  return { counts: new Array<number>(size).fill(0), responses: 0, sumSquaredWeights: 0 };
}

/** What the exported rating merges accept: counts per answer, responses and Σw², finite ≥ 0. @internal */
export const ratingTallyCheck: z.ZodMiniType<Record<string, unknown>> = /* @__PURE__ */ (() =>
  countFieldsSchema(["responses", "sumSquaredWeights"], { counts: nonNegativeArraySchema }))();

/**
 * Adds two tallies of the same scale field by field. Tallies of scales with a different number
 * of answers cannot be merged: that is an input error at `["counts"]`.
 * @internal
 */
export function mergeRatingTallies(a: RatingTally, b: RatingTally): RatingTally {
  if (a.counts.length !== b.counts.length) {
    throw inputError(
      ["counts"],
      `cannot merge tallies of different scales (${a.counts.length} and ${b.counts.length} answers)`,
    );
  }
  const counts = new Array<number>(a.counts.length);
  for (let k = 0; k < counts.length; k++) {
    counts[k] = (a.counts[k] as number) + (b.counts[k] as number);
  }
  return {
    counts,
    responses: a.responses + b.responses,
    sumSquaredWeights: a.sumSquaredWeights + b.sumSquaredWeights,
  };
}

/** A fresh tallying state for a scale. @internal */
export function initRatingState(scale: RatingScale): RatingState {
  return { counts: new Float64Array(scale.size), responses: 0, sumSquaredWeights: 0 };
}

/** The state as a plain tally. @internal */
export function ratingStateToTally(state: RatingState): RatingTally {
  return {
    counts: Array.from(state.counts),
    responses: state.responses,
    sumSquaredWeights: state.sumSquaredWeights,
  };
}

function answerError(
  scale: RatingScale,
  value: unknown,
  path: readonly (string | number)[],
): MetricsInputError {
  return schemaError(scale.schema, value, path, scale.message);
}

/**
 * Builds the per-record step of a metric: reads the answer (and the weight) with the accessors,
 * checks them inline and adds them to the state. Errors name the record and field.
 * @internal
 */
export function ratingAdder<R>(
  scale: RatingScale,
  answer: Accessor<R> | undefined,
  weight: Accessor<R> | undefined,
): (state: RatingState, record: R, index: number) => void {
  const { min, max } = scale;
  const answerKey = typeof answer === "string" ? answer : undefined;
  const answerFn = typeof answer === "function" ? answer : undefined;
  const weightKey = typeof weight === "string" ? weight : undefined;
  const weightFn = typeof weight === "function" ? weight : undefined;
  const isAnswer = (a: unknown): a is number =>
    typeof a === "number" && Number.isInteger(a) && a >= min && a <= max;

  return (state, record, index) => {
    let a: unknown;
    if (answerKey !== undefined) {
      a = readField(record, answerKey);
      if (!isAnswer(a)) throw answerError(scale, a, [index, answerKey]);
    } else {
      a = answerFn === undefined ? record : answerFn(record, index);
      if (!isAnswer(a)) throw answerError(scale, a, [index]);
    }
    const slot = a - min;
    if (weight === undefined) {
      state.counts[slot] = (state.counts[slot] as number) + 1;
      state.responses++;
      state.sumSquaredWeights++;
      return;
    }
    const w = readWeight(record, index, weightKey, weightFn);
    state.counts[slot] = (state.counts[slot] as number) + w;
    state.responses++;
    state.sumSquaredWeights += w * w;
  };
}

/**
 * Tallies an array of answers (or records) in one pass. An array of plain numbers without
 * accessors takes a hot path with the same inline check.
 * @internal
 */
export function tallyRatings<R>(
  scale: RatingScale,
  input: readonly R[],
  answer: Accessor<R> | undefined,
  weight: Accessor<R> | undefined,
): RatingTally {
  if (!Array.isArray(input)) throw inputError([], "expected an array of answers");
  const state = initRatingState(scale);
  if (answer === undefined && weight === undefined) {
    const { min, max } = scale;
    const counts = state.counts;
    for (let i = 0; i < input.length; i++) {
      const a: unknown = input[i];
      if (typeof a !== "number" || !(a >= min && a <= max) || !Number.isInteger(a)) {
        throw answerError(scale, a, [i]);
      }
      counts[a - min] = (counts[a - min] as number) + 1;
    }
    state.responses = input.length;
    state.sumSquaredWeights = input.length;
  } else {
    const add = ratingAdder(scale, answer, weight);
    for (let i = 0; i < input.length; i++) add(state, input[i] as R, i);
  }
  return ratingStateToTally(state);
}

/**
 * Validates answer counts for a scale and returns the tally. Without `sumSquaredWeights` the
 * counts are unweighted and must be integers (then Σw² = the total).
 * @internal
 */
export function ratingTallyFromCounts(counts: RatingCounts, scale: RatingScale): RatingTally {
  const parsed = parseCounts(counts);
  if (parsed.counts.length !== scale.size) {
    throw inputError(
      ["counts"],
      `expected ${scale.size} counts, one per answer ${scale.min}-${scale.max}`,
    );
  }
  let total = 0;
  for (let k = 0; k < parsed.counts.length; k++) {
    total += parsed.counts[k] as number;
    // Weighted sums near 1.8e308 whose total overflows: name the count that tipped it over.
    if (!Number.isFinite(total))
      throw inputError(
        ["counts", k],
        "the counts' total overflows: expected counts below 1.8e308 in all",
      );
  }
  if (parsed.sumSquaredWeights === undefined) {
    for (let k = 0; k < parsed.counts.length; k++) {
      if (!Number.isSafeInteger(parsed.counts[k])) {
        throw inputError(
          ["counts", k],
          "expected an integer count (give sumSquaredWeights for weighted sums)",
        );
      }
    }
    return {
      counts: [...parsed.counts],
      responses: parsed.responses ?? total,
      sumSquaredWeights: total,
    };
  }
  if (total > 0 && !(parsed.sumSquaredWeights > 0)) {
    throw inputError(
      ["sumSquaredWeights"],
      "expected a positive sum of squared weights when some counts are positive",
    );
  }
  return {
    counts: [...parsed.counts],
    responses: parsed.responses ?? Math.round(total),
    sumSquaredWeights: parsed.sumSquaredWeights,
  };
}

function parseCounts(counts: RatingCounts): SchemaOutput<RatingCounts> {
  return parseWith(ratingCountsSchema, counts, []);
}

// ---------------------------------------------------------------------------------------------
// Finalize

/** What every scale metric reports, computed once from a tally. @internal */
export interface RatingSummary {
  /** `"empty"` (no answers), `"zero-denominator"` (answers, all of weight 0) or `null`. */
  readonly reason: ReasonCode | null;
  /** Σ counts: the (weighted) number of answers. */
  readonly total: number;
  /** Kish effective sample size (Σw)²/Σw²; `n` when unweighted, 0 when empty. */
  readonly effectiveN: number;
  readonly distribution: readonly AnswerCount[];
  /** (Weighted) mean answer; `null` when empty. */
  readonly mean: number | null;
  /** Standard error of the mean; `null` when empty or with at most one effective answer. */
  readonly meanStandardError: number | null;
  /** Normal interval of the mean, clamped to the scale; `null` when its standard error is. */
  readonly meanInterval: Interval | null;
  /** (Weighted) count of answers at or above the threshold. */
  readonly top: number;
  /** `top / total`; `null` when empty. */
  readonly topShare: number | null;
  /** Wilson interval of `topShare` with the effective n; `null` when empty. */
  readonly topInterval: Interval | null;
}

/**
 * Mean, spread and top-box share of a tally.
 *
 * - mean x̄ = Σ c_k·x_k / W, W = Σ c_k (c_k the weighted count of answer x_k);
 * - effective n (Kish 1965) n_eff = W² / Σw² (= n unweighted);
 * - standard error of the mean √(v / (n_eff − 1)), v = Σ c_k (x_k − x̄)² / W, which unweighted is
 *   the usual s/√n with the n − 1 sample variance; interval x̄ ± z·SE (normal), clamped to the scale;
 * - top share p = Σ_{x_k ≥ threshold} c_k / W with a Wilson interval on n_eff.
 *
 * A tally whose `counts` do not match the scale is an input error at `["counts"]`.
 * @internal
 */
export function summarizeRatings(
  tally: RatingTally,
  scale: RatingScale,
  threshold: number,
  level: number,
): RatingSummary {
  const { counts, sumSquaredWeights } = tally;
  if (counts.length !== scale.size) {
    throw inputError(
      ["counts"],
      `expected ${scale.size} counts, one per answer ${scale.min}-${scale.max}`,
    );
  }
  const distribution: AnswerCount[] = new Array<AnswerCount>(scale.size);
  let total = 0;
  let weightedSum = 0;
  let top = 0;
  for (let k = 0; k < scale.size; k++) {
    const answer = scale.min + k;
    const count = counts[k] as number;
    distribution[k] = { answer, count };
    total += count;
    weightedSum += count * answer;
    if (answer >= threshold) top += count;
  }
  // Kish: total² / Σw², as total · (total / Σw²) so that huge totals do not overflow.
  const effectiveN = total > 0 && sumSquaredWeights > 0 ? total * (total / sumSquaredWeights) : 0;
  if (!(total > 0)) {
    return {
      reason: tally.responses > 0 ? "zero-denominator" : "empty",
      total,
      effectiveN,
      distribution,
      mean: null,
      meanStandardError: null,
      meanInterval: null,
      top,
      topShare: null,
      topInterval: null,
    };
  }
  // Rounding can put the mean a hair outside the scale; answers cannot.
  const mean = Math.min(scale.max, Math.max(scale.min, weightedSum / total));
  let squares = 0;
  for (let k = 0; k < scale.size; k++) {
    const deviation = scale.min + k - mean;
    squares += (counts[k] as number) * deviation * deviation;
  }
  const meanStandardError = effectiveN > 1 ? Math.sqrt(squares / total / (effectiveN - 1)) : null;
  let meanInterval: Interval | null = null;
  if (meanStandardError !== null) {
    const half = zForLevel(level) * meanStandardError;
    meanInterval = {
      lower: Math.max(scale.min, mean - half),
      upper: Math.min(scale.max, mean + half),
      level,
      method: "normal",
    };
  }
  const topShare = Math.min(1, top / total);
  return {
    reason: null,
    total,
    effectiveN,
    distribution,
    mean,
    meanStandardError,
    meanInterval,
    top,
    topShare,
    topInterval: wilsonInterval(topShare * effectiveN, effectiveN, level),
  };
}

/** The warning that goes with a `null` value. @internal */
export function undefinedValueWarning(reason: ReasonCode, label: string): Warning {
  return reason === "zero-denominator"
    ? { code: "zero-denominator", message: `Every answer has weight 0: the ${label} is undefined.` }
    : { code: "empty", message: `No answers: the ${label} is undefined.` };
}

// ---------------------------------------------------------------------------------------------
// Protocol extras: the counting fast path and comparisons of two groups

/**
 * The {@link HistogramSpec} of an unweighted scale metric: its tally is a function of the count
 * of each answer, so group helpers may count answers per group and call `fromCounts` once.
 * @internal
 */
export function ratingHistogram<R>(
  scale: RatingScale,
  answer: Accessor<R> | undefined,
): HistogramSpec<R, RatingTally> {
  return {
    field: typeof answer === "string" ? answer : undefined,
    get: typeof answer === "function" ? answer : undefined,
    min: scale.min,
    max: scale.max,
    fromCounts: (counts) => {
      const out = new Array<number>(scale.size);
      let total = 0;
      for (let k = 0; k < scale.size; k++) {
        const c = counts[k] ?? 0;
        out[k] = c;
        total += c;
      }
      return { counts: out, responses: total, sumSquaredWeights: total };
    },
    invalid: (value, path) => answerError(scale, value, path),
  };
}

/**
 * Compares the top-box shares (CSAT) of two independent groups, `a − b`, with
 * {@link compareProportions} (pooled two-proportion z-test, Newcombe hybrid score interval),
 * on the Kish effective sizes: successes = share · n_eff.
 * @internal
 */
export function compareRatingShares(
  a: RatingTally,
  b: RatingTally,
  scale: RatingScale,
  threshold: number,
  level: number,
): MetricComparison {
  const sa = summarizeRatings(a, scale, threshold, level);
  const sb = summarizeRatings(b, scale, threshold, level);
  return compareProportions(
    { successes: (sa.topShare ?? 0) * sa.effectiveN, n: sa.effectiveN },
    { successes: (sb.topShare ?? 0) * sb.effectiveN, n: sb.effectiveN },
    { level },
  );
}

/**
 * Compares the mean answers (CES) of two independent groups, `a − b`: the large-sample z-test
 * for two means with unequal variances, SE = √(SE_a² + SE_b²) with each SE as in
 * {@link summarizeRatings}; z = difference / SE, two-sided normal p; interval difference ± z·SE,
 * clamped to ±(max − min). When a side has at most one effective answer its SE is unknown:
 * every field is `null` with reason `"insufficient-data"` (`"empty"` when a side has none).
 * @internal
 */
export function compareRatingMeans(
  a: RatingTally,
  b: RatingTally,
  scale: RatingScale,
  threshold: number,
  level: number,
): MetricComparison {
  const sa = summarizeRatings(a, scale, threshold, level);
  const sb = summarizeRatings(b, scale, threshold, level);
  const none = {
    difference: null,
    standardError: null,
    z: null,
    pValue: null,
    interval: null,
  } as const;
  if (sa.mean === null || sb.mean === null) return { ...none, reason: "empty" };
  if (sa.meanStandardError === null || sb.meanStandardError === null) {
    return { ...none, reason: "insufficient-data" };
  }
  const difference = sa.mean - sb.mean;
  const standardError = Math.hypot(sa.meanStandardError, sb.meanStandardError);
  const z = standardError > 0 ? difference / standardError : null;
  const half = zForLevel(level) * standardError;
  const range = scale.max - scale.min;
  return {
    difference,
    reason: null,
    standardError,
    z,
    pValue: z === null ? (difference === 0 ? 1 : 0) : twoSidedPValue(z),
    interval: {
      lower: Math.max(-range, difference - half),
      upper: Math.min(range, difference + half),
      level,
      method: "normal",
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A rating metric (CSAT, CES): what tells one from another, and the pieces they share

/**
 * What a rating metric is, beyond its answers: its name, default scale and threshold, and which
 * statistic is its headline `value` (CSAT: the top-box share; CES: the mean answer). The
 * headline decides which interval the `"wide-interval"` warning reads and how `compare` tests
 * two groups. `result` maps a tally's summary to the metric's own result fields.
 * @internal
 */
export interface RatingMetricSpec<Result> {
  /** Metric name of the {@link Metric} (`"csat"`). */
  readonly name: string;
  /** The metric in warnings (`"CSAT"`). */
  readonly label: string;
  readonly defaultScale: { readonly min: number; readonly max: number };
  /** The threshold option's name (`"satisfiedMin"`), in error paths and messages. */
  readonly thresholdName: string;
  /** The threshold when the option is omitted. */
  readonly defaultThreshold: (scale: RatingScale) => number;
  /** Default `maxMargin`, in the headline's unit. */
  readonly defaultMaxMargin: number;
  /** `"share"`: the top-box share (Wilson interval, two-proportion test); `"mean"`: the mean answer. */
  readonly headline: "share" | "mean";
  readonly result: (
    tally: RatingTally,
    summary: RatingSummary,
    warnings: readonly Warning[],
  ) => Result;
}

/** The settings every rating metric resolves its options to. @internal */
export interface ResolvedRatingOptions {
  readonly scale: RatingScale;
  /** Lowest answer of the top box (satisfied, easy). */
  readonly threshold: number;
  readonly level: number;
  readonly minSampleSize: number;
  readonly maxMargin: number;
}

/**
 * Resolves options that passed the metric's schema: the scale, the threshold (`threshold` is the
 * parsed value of the spec's threshold option) and the defaults of the uncertainty settings.
 * @internal
 */
export function resolveRatingOptions(
  spec: RatingMetricSpec<unknown>,
  parsed: {
    readonly scaleMin?: number | undefined;
    readonly scaleMax?: number | undefined;
    readonly level?: number | undefined;
    readonly minSampleSize?: number | undefined;
    readonly maxMargin?: number | undefined;
  },
  threshold: number | undefined,
): ResolvedRatingOptions {
  const scale = resolveScale(parsed.scaleMin, parsed.scaleMax, spec.defaultScale);
  return {
    scale,
    threshold: resolveThreshold(spec.thresholdName, threshold, spec.defaultThreshold(scale), scale),
    level: parsed.level ?? 0.95,
    minSampleSize: parsed.minSampleSize ?? 30,
    maxMargin: parsed.maxMargin ?? spec.defaultMaxMargin,
  };
}

/**
 * The finalize step of a rating metric: {@link summarizeRatings}, then the sample warnings on the
 * headline's interval (or the warning of an undefined value), then the spec's result.
 * @internal
 */
export function finalizeRatings<Result>(
  spec: RatingMetricSpec<Result>,
  tally: RatingTally,
  opts: ResolvedRatingOptions,
): Result {
  const s = summarizeRatings(tally, opts.scale, opts.threshold, opts.level);
  const share = spec.headline === "share";
  const warnings =
    s.reason === null
      ? sampleWarnings(
          s.effectiveN,
          opts.minSampleSize,
          share ? s.topInterval : s.meanInterval,
          opts.maxMargin,
          share ? "(as a fraction)" : "scale points",
        )
      : [undefinedValueWarning(s.reason, spec.label)];
  return spec.result(tally, s, warnings);
}

/**
 * A rating metric as a {@link Metric}: answers read through `answer` (and `weight`), checked
 * inline; `compare` tests the headline (shares: {@link compareRatingShares}; means:
 * {@link compareRatingMeans}). Unweighted, it has a `histogram` fast path (the tally is a
 * function of the answer counts).
 * @internal
 */
export function ratingMetric<R, Result>(
  spec: RatingMetricSpec<Result>,
  opts: ResolvedRatingOptions,
  answer: Accessor<R> | undefined,
  weight: Accessor<R> | undefined,
): Metric<R, RatingState, RatingTally, Result> {
  const { scale, threshold } = opts;
  const compare = spec.headline === "share" ? compareRatingShares : compareRatingMeans;
  return {
    name: spec.name,
    init: () => initRatingState(scale),
    add: ratingAdder(scale, answer, weight),
    tally: ratingStateToTally,
    empty: () => emptyRatingTally(scale.size),
    merge: mergeRatingTallies,
    finalize: (tally) => finalizeRatings(spec, tally, opts),
    compare: (a, b, level) => compare(a, b, scale, threshold, level),
    // Unweighted, the tally is a function of the answer counts: the group helpers' fast path.
    ...(weight === undefined ? { histogram: ratingHistogram(scale, answer) } : {}),
  };
}
