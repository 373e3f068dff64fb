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
 * Options of {@link ces} and {@link cesFromCounts}, as a schema (unknown keys are errors).
 * Checks that involve two options (the threshold inside the scale) are made by the functions.
 */
export const cesOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<CesOptions, "score" | "weight">> & { score?: unknown; weight?: unknown }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    scaleMin: z.optional(integerOptionSchema),
    scaleMax: z.optional(integerOptionSchema),
    easyMin: z.optional(integerOptionSchema),
    level: z.optional(levelSchema),
    minSampleSize: z.optional(nonNegativeSchema),
    maxMargin: z.optional(positiveSchema),
    score: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
  }))();

/**
 * The schema of one CES answer: an integer from `scaleMin` to `scaleMax` (default 1-7).
 * The inline check in {@link ces} accepts exactly what this schema accepts.
 * @param options - The scale; other CES options are accepted and checked too.
 * @example
 * cesScoreSchema().safeParse(7).success
 * //=> true
 * cesScoreSchema().safeParse(8).success
 * //=> false
 */
export function cesScoreSchema<R = number>(options?: CesOptions<R>): z.ZodMiniNumber<number> {
  return resolveCesOptions(options).scale.schema;
}

// ---------------------------------------------------------------------------------------------
// Types

/** Options of the CES functions. Every field is optional; defaults are documented per field. */
export interface CesOptions<R = number> {
  /** Lowest answer of the scale, an integer. Default 1 ("strongly disagree"). */
  readonly scaleMin?: number;
  /** Highest answer of the scale, an integer greater than `scaleMin` (at most 101 answers). Default 7 ("strongly agree"). */
  readonly scaleMax?: number;
  /**
   * Lowest answer that counts as easy (agreement that the company made it easy), from
   * `scaleMin + 1` to `scaleMax`. Default: the first answer above the midpoint,
   * ⌊(scaleMin + scaleMax) / 2⌋ + 1, which is 5 on 1-7 (5-7 = somewhat agree to strongly agree).
   */
  readonly easyMin?: number;
  /** Confidence level of the intervals. Default 0.95. */
  readonly level?: number;
  /** Fewer (effective) answers than this add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
  /** A margin (half-width) of the mean's interval wider than this many scale points adds a `"wide-interval"` warning. Default 0.5. */
  readonly maxMargin?: number;
  /** Where the score is, for records: a property name or `(record, index) => score`. Omit for an array of numbers. */
  readonly score?: Accessor<R>;
  /** Optional response weight: a property name or `(record, index) => weight` (finite, ≥ 0). */
  readonly weight?: Accessor<R>;
}

/** The sufficient statistics of a CES: counts per answer, lowest first. See {@link RatingTally}. */
export type CesTally = RatingTally;

/** Answer counts behind a CES, as input. See {@link RatingCounts}. */
export type CesCounts = RatingCounts;

/** A CES (mean answer) with the share of easy answers, distribution, intervals and warnings. */
export interface CesResult {
  readonly metric: "ces";
  /** Mean answer on the scale (weighted if weighted); `null` when undefined. */
  readonly value: number | null;
  /** `"empty"` (no answers), `"zero-denominator"` (every weight is 0), else `null`. */
  readonly reason: ReasonCode | null;
  /** Number of answers. */
  readonly n: number;
  /** Kish effective sample size (Σw)²/Σw²; equals `n` when unweighted. */
  readonly effectiveN: number;
  /** All answers (weighted sum if weighted). */
  readonly total: number;
  /** Standard error of the mean; `null` with at most one effective answer. */
  readonly standardError: number | null;
  /** Normal interval of the mean, clamped to the scale. */
  readonly interval: Interval | null;
  /** Easy answers, at or above `easyMin` (weighted sum if weighted). */
  readonly easy: number;
  /** Share of easy answers, a fraction; `null` when undefined. */
  readonly easyShare: number | null;
  /** Wilson interval of `easyShare`, on the effective n. */
  readonly easyInterval: Interval | null;
  /** Count of each answer, lowest first (weighted sums if weighted). */
  readonly distribution: readonly AnswerCount[];
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Options

const CES: RatingMetricSpec<CesResult> = {
  name: "ces",
  label: "CES",
  defaultScale: { min: 1, max: 7 },
  thresholdName: "easyMin",
  defaultThreshold: (scale) => Math.floor((scale.min + scale.max) / 2) + 1,
  defaultMaxMargin: 0.5,
  headline: "mean",
  result: (tally, s, warnings) => ({
    metric: "ces",
    value: s.mean,
    reason: s.reason,
    n: tally.responses,
    effectiveN: s.effectiveN,
    total: s.total,
    standardError: s.meanStandardError,
    interval: s.meanInterval,
    easy: s.top,
    easyShare: s.topShare,
    easyInterval: s.topInterval,
    distribution: s.distribution,
    warnings,
  }),
};

function resolveCesOptions<R>(options: CesOptions<R> | undefined): ResolvedRatingOptions {
  const parsed = parseWith(cesOptionsSchema, options ?? {}, ["options"]);
  return resolveRatingOptions(CES, parsed, parsed.easyMin);
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/**
 * The empty CES tally of a scale (default 1-7), identity of {@link mergeCesTallies}.
 * @example
 * emptyCesTally().counts.length
 * //=> 7
 */
export function emptyCesTally<R = number>(options?: CesOptions<R>): CesTally {
  return emptyRatingTally(resolveCesOptions(options).scale.size);
}

/**
 * Merges two CES tallies of the same scale by adding counts (associative, commutative).
 * Tallies with different numbers of answers throw {@link MetricsInputError} (at `counts`), as do
 * tallies that are not objects of finite counts ≥ 0 (at `a…` / `b…`).
 * @example
 * mergeCesTallies(
 *   { counts: [0, 0, 0, 0, 1, 0, 2], responses: 3, sumSquaredWeights: 3 },
 *   { counts: [1, 0, 0, 0, 0, 0, 1], responses: 2, sumSquaredWeights: 2 },
 * ).counts
 * //=> [1, 0, 0, 0, 1, 0, 3]
 */
export function mergeCesTallies(a: CesTally, b: CesTally): CesTally {
  return mergeCheckedTallies(ratingTallyCheck, a, b, mergeRatingTallies);
}

/**
 * Validates answer counts and returns the CES tally (unweighted when `sumSquaredWeights` is
 * absent, then counts must be integers). There must be one count per answer of the scale.
 * @example
 * cesTallyFromCounts({ counts: [1, 1, 2, 3, 5, 8, 13] }).responses
 * //=> 33
 */
export function cesTallyFromCounts(
  counts: CesCounts,
  options?: Omit<CesOptions, "score" | "weight">,
): CesTally {
  return ratingTallyFromCounts(counts, resolveCesOptions(options).scale);
}

/**
 * The CES as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod` and friends.
 * Its `compare` tests two groups' mean scores with the large-sample z-test for two means,
 * SE = √(SE_a² + SE_b²), and a normal interval of the difference; `reason` is
 * `"insufficient-data"` when a side has at most one effective answer. Unweighted, it has a
 * `histogram` fast path (the tally is a function of the answer counts).
 * @param options - Scale, threshold, interval and accessors; see {@link CesOptions}.
 * @example
 * const metric = cesMetric<{ effort: number }>({ score: "effort" });
 * runMetric(metric, [{ effort: 7 }, { effort: 4 }]).value
 * //=> 5.5
 */
export function cesMetric<R = number>(
  options?: CesOptions<R>,
): Metric<R, RatingState, CesTally, CesResult> {
  return ratingMetric(CES, resolveCesOptions(options), options?.score, options?.weight);
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Customer Effort Score: the mean answer to "[Company] made it easy for me to handle my issue",
 * 1 (strongly disagree) to 7 (strongly agree), with the share of easy answers (5-7).
 *
 * CES = Σ c_x·x / Σ c_x, c_x the count of answer x (CES 2.0: Dixon, Toman & DeLisi, "The
 * Effortless Experience", CEB/Gartner 2013, which moved the 2010 1-5 "effort" question to a
 * 1-7 agreement scale; vendors report its average and the percentage agreeing, 5-7).
 * Standard error s/√n with the n − 1 sample variance; interval CES ± z·SE (normal approximation,
 * clamped to the scale). Easy share Σ_{x ≥ easyMin} c_x / Σ c_x with a Wilson interval
 * (Wilson 1927). With weights, mean and share are weighted and every interval uses the Kish
 * effective size n_eff = (Σw)²/Σw² (Kish 1965): SE = √(v / (n_eff − 1)), v the weighted variance.
 *
 * Every answer is checked; a bad one throws {@link MetricsInputError} naming it.
 * @param input - Scores (integers on the scale), or records with `options.score` naming the field.
 * @returns `value` is `null` with reason `"empty"` when there are no answers.
 * @example
 * ces([7, 6, 5, 4, 1]).value
 * //=> 4.6
 * ces([7, 6, 5, 4, 1]).easyShare
 * //=> 0.6
 */
export function ces<R = number>(input: readonly R[], options?: CesOptions<R>): CesResult {
  const opts = resolveCesOptions(options);
  return finalizeRatings(
    CES,
    tallyRatings(opts.scale, input, options?.score, options?.weight),
    opts,
  );
}

/**
 * CES from answer counts (or a weighted tally), e.g. from a warehouse `GROUP BY score`:
 * `counts` holds one count per answer, lowest first. Same formula and intervals as {@link ces}.
 * @example
 * cesFromCounts({ counts: [0, 0, 0, 10, 0, 0, 10] }).value
 * //=> 5.5
 * cesFromCounts({ counts: [0, 0, 0, 10, 0, 0, 10] }).easyShare
 * //=> 0.5
 */
export function cesFromCounts(
  counts: CesCounts,
  options?: Omit<CesOptions, "score" | "weight">,
): CesResult {
  const opts = resolveCesOptions(options);
  return finalizeRatings(CES, ratingTallyFromCounts(counts, opts.scale), opts);
}

/**
 * {@link ces} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing.
 * @example
 * safeCes([0]).ok
 * //=> false
 */
export function safeCes<R = number>(
  input: readonly R[],
  options?: CesOptions<R>,
): SafeResult<CesResult> {
  return attempt(() => ces(input, options));
}

/**
 * {@link cesFromCounts} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing.
 * @example
 * safeCesFromCounts({ counts: [1, 2, 3, 4, 5, 6, 7] }).ok
 * //=> true
 */
export function safeCesFromCounts(
  counts: CesCounts,
  options?: Omit<CesOptions, "score" | "weight">,
): SafeResult<CesResult> {
  return attempt(() => cesFromCounts(counts, options));
}

/** {@link cesMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCesMetric<R = number>(
  options?: CesOptions<R>,
): SafeResult<Metric<R, RatingState, CesTally, CesResult>> {
  return attempt(() => cesMetric<R>(options));
}

/** {@link cesScoreSchema} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCesScoreSchema<R = number>(
  options?: CesOptions<R>,
): SafeResult<z.ZodMiniNumber<number>> {
  return attempt(() => cesScoreSchema<R>(options));
}

/** {@link cesTallyFromCounts} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCesTallyFromCounts(
  counts: CesCounts,
  options?: Omit<CesOptions, "score" | "weight">,
): SafeResult<CesTally> {
  return attempt(() => cesTallyFromCounts(counts, options));
}

/** {@link mergeCesTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeCesTallies(a: CesTally, b: CesTally): SafeResult<CesTally> {
  return attempt(() => mergeCesTallies(a, b));
}

/** {@link emptyCesTally} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeEmptyCesTally<R = number>(options?: CesOptions<R>): SafeResult<CesTally> {
  return attempt(() => emptyCesTally<R>(options));
}
