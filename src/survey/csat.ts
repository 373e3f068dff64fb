import * as z from "zod/mini";
import { attempt, parseWith, type SafeResult } from "../errors.js";
import type { Accessor, Metric } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import {
  accessorSchema,
  levelSchema,
  nonNegativeSchema,
  positiveSchema,
  type SchemaOutput,
} from "../stats/options.js";
import { mergeCheckedTallies } from "../stats/tally.js";
import {
  type AnswerCount,
  emptyRatingTally,
  finalizeRatings,
  integerOptionSchema,
  mergeRatingTallies,
  type RatingCounts,
  type RatingMetricSpec,
  type RatingState,
  type RatingTally,
  type ResolvedRatingOptions,
  ratingMetric,
  ratingTallyCheck,
  ratingTallyFromCounts,
  resolveRatingOptions,
  tallyRatings,
} from "./scale.js";

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * Options of {@link csat} and {@link csatFromCounts}, as a schema (unknown keys are errors).
 * Checks that involve two options (the threshold inside the scale) are made by the functions.
 */
export const csatOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<CsatOptions, "rating" | "weight">> & { rating?: unknown; weight?: unknown }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    scaleMin: z.optional(integerOptionSchema),
    scaleMax: z.optional(integerOptionSchema),
    satisfiedMin: z.optional(integerOptionSchema),
    level: z.optional(levelSchema),
    minSampleSize: z.optional(nonNegativeSchema),
    maxMargin: z.optional(positiveSchema),
    rating: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
  }))();

/**
 * The schema of one CSAT answer: an integer from `scaleMin` to `scaleMax` (default 1-5).
 * The inline check in {@link csat} accepts exactly what this schema accepts.
 * @param options - The scale; other CSAT options are accepted and checked too.
 * @example
 * csatRatingSchema().safeParse(4.5).success
 * //=> false
 * csatRatingSchema({ scaleMin: 0, scaleMax: 10 }).safeParse(9).success
 * //=> true
 */
export function csatRatingSchema<R = number>(options?: CsatOptions<R>): z.ZodMiniNumber<number> {
  return resolveCsatOptions(options).scale.schema;
}

// ---------------------------------------------------------------------------------------------
// Types

/** Options of the CSAT functions. Every field is optional; defaults are documented per field. */
export interface CsatOptions<R = number> {
  /** Lowest answer of the scale, an integer. Default 1. */
  readonly scaleMin?: number;
  /** Highest answer of the scale, an integer greater than `scaleMin` (at most 101 answers). Default 5. */
  readonly scaleMax?: number;
  /**
   * Lowest answer that counts as satisfied, from `scaleMin + 1` to `scaleMax`. Default
   * `scaleMax - 1` (top-2-box: 4 and 5 on 1-5), or `scaleMax` on a two-answer scale.
   */
  readonly satisfiedMin?: number;
  /** Confidence level of the intervals. Default 0.95. */
  readonly level?: number;
  /** Fewer (effective) answers than this add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
  /** A margin (half-width) of the share's interval wider than this fraction adds a `"wide-interval"` warning. Default 0.1. */
  readonly maxMargin?: number;
  /** Where the rating is, for records: a property name or `(record, index) => rating`. Omit for an array of numbers. */
  readonly rating?: Accessor<R>;
  /** Optional response weight: a property name or `(record, index) => weight` (finite, ≥ 0). */
  readonly weight?: Accessor<R>;
}

/** The sufficient statistics of a CSAT: counts per answer, lowest first. See {@link RatingTally}. */
export type CsatTally = RatingTally;

/** Answer counts behind a CSAT, as input. See {@link RatingCounts}. */
export type CsatCounts = RatingCounts;

/** A CSAT (share of satisfied answers) with the mean rating, distribution, intervals and warnings. */
export interface CsatResult {
  readonly metric: "csat";
  /** Share of satisfied answers (at or above `satisfiedMin`), a fraction; `null` when undefined. */
  readonly value: number | null;
  /** `"empty"` (no answers), `"zero-denominator"` (every weight is 0), else `null`. */
  readonly reason: ReasonCode | null;
  /** Number of answers. */
  readonly n: number;
  /** Kish effective sample size (Σw)²/Σw²; equals `n` when unweighted. */
  readonly effectiveN: number;
  /** Satisfied answers (weighted sum if weighted). */
  readonly satisfied: number;
  /** All answers (weighted sum if weighted). */
  readonly total: number;
  /** Wilson interval of `value`, on the effective n. */
  readonly interval: Interval | null;
  /** Mean rating (weighted if weighted); `null` when undefined. */
  readonly mean: number | null;
  /** Standard error of the mean rating; `null` with at most one effective answer. */
  readonly meanStandardError: number | null;
  /** Normal interval of the mean rating, clamped to the scale. */
  readonly meanInterval: Interval | null;
  /** Count of each answer, lowest first (weighted sums if weighted). */
  readonly distribution: readonly AnswerCount[];
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Options

const CSAT: RatingMetricSpec<CsatResult> = {
  name: "csat",
  label: "CSAT",
  defaultScale: { min: 1, max: 5 },
  thresholdName: "satisfiedMin",
  defaultThreshold: (scale) => Math.max(scale.max - 1, scale.min + 1),
  defaultMaxMargin: 0.1,
  headline: "share",
  result: (tally, s, warnings) => ({
    metric: "csat",
    value: s.topShare,
    reason: s.reason,
    n: tally.responses,
    effectiveN: s.effectiveN,
    satisfied: s.top,
    total: s.total,
    interval: s.topInterval,
    mean: s.mean,
    meanStandardError: s.meanStandardError,
    meanInterval: s.meanInterval,
    distribution: s.distribution,
    warnings,
  }),
};

function resolveCsatOptions<R>(options: CsatOptions<R> | undefined): ResolvedRatingOptions {
  const parsed = parseWith(csatOptionsSchema, options ?? {}, ["options"]);
  return resolveRatingOptions(CSAT, parsed, parsed.satisfiedMin);
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/**
 * The empty CSAT tally of a scale (default 1-5), identity of {@link mergeCsatTallies}.
 * @example
 * emptyCsatTally().counts
 * //=> [0, 0, 0, 0, 0]
 */
export function emptyCsatTally<R = number>(options?: CsatOptions<R>): CsatTally {
  return emptyRatingTally(resolveCsatOptions(options).scale.size);
}

/**
 * Merges two CSAT tallies of the same scale by adding counts (associative, commutative).
 * Tallies with different numbers of answers throw {@link MetricsInputError} (at `counts`), as do
 * tallies that are not objects of finite counts ≥ 0 (at `a…` / `b…`).
 * @example
 * mergeCsatTallies(
 *   { counts: [0, 0, 1, 0, 2], responses: 3, sumSquaredWeights: 3 },
 *   { counts: [1, 0, 0, 0, 1], responses: 2, sumSquaredWeights: 2 },
 * ).counts
 * //=> [1, 0, 1, 0, 3]
 */
export function mergeCsatTallies(a: CsatTally, b: CsatTally): CsatTally {
  return mergeCheckedTallies(ratingTallyCheck, a, b, mergeRatingTallies);
}

/**
 * Validates answer counts and returns the CSAT tally (unweighted when `sumSquaredWeights` is
 * absent, then counts must be integers). There must be one count per answer of the scale.
 * @example
 * csatTallyFromCounts({ counts: [10, 15, 25, 30, 20] }).responses
 * //=> 100
 */
export function csatTallyFromCounts(
  counts: CsatCounts,
  options?: Omit<CsatOptions, "rating" | "weight">,
): CsatTally {
  return ratingTallyFromCounts(counts, resolveCsatOptions(options).scale);
}

/**
 * The CSAT as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod` and friends.
 * Its `compare` tests two groups' CSAT (satisfied shares on the Kish effective sizes) with
 * `compareProportions`: pooled two-proportion z-test, Newcombe hybrid score interval (Newcombe 1998).
 * Unweighted, it has a `histogram` fast path (the tally is a function of the answer counts).
 * @param options - Scale, threshold, interval and accessors; see {@link CsatOptions}.
 * @example
 * const metric = csatMetric<{ stars: number }>({ rating: "stars" });
 * runMetric(metric, [{ stars: 5 }, { stars: 2 }]).value
 * //=> 0.5
 */
export function csatMetric<R = number>(
  options?: CsatOptions<R>,
): Metric<R, RatingState, CsatTally, CsatResult> {
  return ratingMetric(CSAT, resolveCsatOptions(options), options?.rating, options?.weight);
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Customer satisfaction score: the share of satisfied answers, top-2-box by default
 * (answers 4 and 5 on a 1-5 scale), with the mean rating and the distribution.
 *
 * CSAT = Σ_{x ≥ satisfiedMin} c_x / Σ c_x, c_x the count of answer x: the usual vendor definition
 * (Delighted, "How is CSAT calculated?": answers 4 and 5 over all answers), as a fraction, not a
 * percentage. Interval: Wilson score (Wilson 1927; Brown, Cai & DasGupta 2001). Mean rating x̄ = Σ c_x·x / Σ c_x with standard error s/√n (n − 1
 * sample variance) and a normal interval. With weights, shares and mean are weighted and every
 * interval uses the Kish effective size (Σw)²/Σw² (Kish 1965).
 *
 * Every answer is checked; a bad one throws {@link MetricsInputError} naming it.
 * @param input - Ratings (integers on the scale), or records with `options.rating` naming the field.
 * @returns `value` is `null` with reason `"empty"` when there are no answers.
 * @example
 * csat([5, 4, 3, 2, 5]).value
 * //=> 0.6
 * csat([{ stars: 5 }, { stars: 3 }], { rating: "stars" }).mean
 * //=> 4
 */
export function csat<R = number>(input: readonly R[], options?: CsatOptions<R>): CsatResult {
  const opts = resolveCsatOptions(options);
  return finalizeRatings(
    CSAT,
    tallyRatings(opts.scale, input, options?.rating, options?.weight),
    opts,
  );
}

/**
 * CSAT from answer counts (or a weighted tally), e.g. from a warehouse `GROUP BY rating`:
 * `counts` holds one count per answer, lowest first. Same formula and intervals as {@link csat}.
 * @example
 * csatFromCounts({ counts: [10, 15, 25, 30, 20] }).value
 * //=> 0.5
 * csatFromCounts({ counts: [10, 15, 25, 30, 20] }).mean
 * //=> 3.35
 * csatFromCounts({ counts: [10, 15, 25, 30, 20] }).interval?.lower // ≈ 0.4038
 */
export function csatFromCounts(
  counts: CsatCounts,
  options?: Omit<CsatOptions, "rating" | "weight">,
): CsatResult {
  const opts = resolveCsatOptions(options);
  return finalizeRatings(CSAT, ratingTallyFromCounts(counts, opts.scale), opts);
}

/**
 * {@link csat} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing.
 * @example
 * safeCsat([5, 6]).ok
 * //=> false
 */
export function safeCsat<R = number>(
  input: readonly R[],
  options?: CsatOptions<R>,
): SafeResult<CsatResult> {
  return attempt(() => csat(input, options));
}

/**
 * {@link csatFromCounts} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing.
 * @example
 * safeCsatFromCounts({ counts: [1, 2, 3] }).ok
 * //=> false
 */
export function safeCsatFromCounts(
  counts: CsatCounts,
  options?: Omit<CsatOptions, "rating" | "weight">,
): SafeResult<CsatResult> {
  return attempt(() => csatFromCounts(counts, options));
}

/** {@link csatMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCsatMetric<R = number>(
  options?: CsatOptions<R>,
): SafeResult<Metric<R, RatingState, CsatTally, CsatResult>> {
  return attempt(() => csatMetric<R>(options));
}

/** {@link csatRatingSchema} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCsatRatingSchema<R = number>(
  options?: CsatOptions<R>,
): SafeResult<z.ZodMiniNumber<number>> {
  return attempt(() => csatRatingSchema<R>(options));
}

/** {@link csatTallyFromCounts} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCsatTallyFromCounts(
  counts: CsatCounts,
  options?: Omit<CsatOptions, "rating" | "weight">,
): SafeResult<CsatTally> {
  return attempt(() => csatTallyFromCounts(counts, options));
}

/** {@link mergeCsatTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeCsatTallies(a: CsatTally, b: CsatTally): SafeResult<CsatTally> {
  return attempt(() => mergeCsatTallies(a, b));
}

/** {@link emptyCsatTally} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeEmptyCsatTally<R = number>(options?: CsatOptions<R>): SafeResult<CsatTally> {
  return attempt(() => emptyCsatTally<R>(options));
}
