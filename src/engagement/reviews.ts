import * as z from "zod/mini";
import {
  attempt,
  inputError,
  type MetricsInputError,
  parseWith,
  type SafeResult,
  schemaError,
} from "../errors.js";
import { type Accessor, type Metric, readField } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { accessorSchema } from "../stats/options.js";
import { wilsonInterval } from "../stats/proportion.js";
import { countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import {
  type CountReader,
  countReader,
  engagementCountSchema,
  proportionWarnings,
  type RateOptions,
  type ResolvedRateOptions,
  rateOptionsShape,
  resolveRateOptions,
  runRate,
} from "./rate.js";

// ---------------------------------------------------------------------------------------------
// Schemas

function ratingMessage(min: number, max: number): string {
  return `expected a rating from ${min} to ${max}`;
}

function ratingSchemaFor(min: number, max: number): z.ZodMiniNumber<number> {
  const error = ratingMessage(min, max);
  return z.number({ error }).check(z.gte(min, { error }), z.lte(max, { error }));
}

/**
 * One review rating on the default 1–5 scale: a finite number from 1 to 5 (half stars pass).
 * The inline check of {@link reviewSummary} accepts exactly what this schema accepts; with
 * other `ratingMin`/`ratingMax` the same check uses those bounds.
 */
export const reviewRatingSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ ratingSchemaFor(1, 5);

/**
 * Review counts, as a warehouse hands them over: `reviews`, `positive` (≤ reviews), the sum of
 * the ratings, and optionally `likes` and `shares`. Extra fields pass.
 */
export const reviewCountsSchema: z.ZodMiniType<{
  reviews: number;
  ratingSum: number;
  positive: number;
  likes?: number | undefined;
  shares?: number | undefined;
}> = /* @__PURE__ */ (() =>
  z
    .looseObject({
      reviews: engagementCountSchema,
      ratingSum: z.number({ error: "expected a finite sum of ratings" }),
      positive: engagementCountSchema,
      likes: z.optional(engagementCountSchema),
      shares: z.optional(engagementCountSchema),
    })
    .check(
      z.refine((c) => c.positive <= c.reviews, {
        error: "expected positive <= reviews",
        path: ["positive"],
      }),
    ))();

const finite = /* @__PURE__ */ z.number({ error: "expected a finite number" });

const optionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...rateOptionsShape,
    rating: z.optional(accessorSchema),
    likes: z.optional(accessorSchema),
    shares: z.optional(accessorSchema),
    ratingMin: z.optional(finite),
    ratingMax: z.optional(finite),
    positiveMin: z.optional(finite),
  }))();

const countsOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ...rateOptionsShape,
    ratingMin: z.optional(finite),
    ratingMax: z.optional(finite),
    positiveMin: z.optional(finite),
  }))();

// ---------------------------------------------------------------------------------------------
// Types

/** Options of the review summary. Every field is optional. */
export interface ReviewSummaryOptions<R = number> extends RateOptions {
  /** Where the rating is: a property name or `(record, index) => rating`. Omit for an array of ratings. */
  readonly rating?: Accessor<R>;
  /**
   * Likes of each review. Omitted: the property `likes`, counted when present (absent or `null`
   * = 0). Given: must be a count on every record.
   */
  readonly likes?: Accessor<R>;
  /** Shares of each review; as `likes`. */
  readonly shares?: Accessor<R>;
  /** Lowest rating of the scale. Default 1. */
  readonly ratingMin?: number;
  /** Highest rating of the scale. Default 5. */
  readonly ratingMax?: number;
  /**
   * A review is positive when rating ≥ this. Default 4 when `ratingMax` is 5 (4 or 5 of 5);
   * required on any other scale.
   */
  readonly positiveMin?: number;
}

/** Options of {@link reviewSummaryFromCounts}: the scale and the uncertainty settings. */
export type ReviewCountsOptions = Omit<ReviewSummaryOptions, "rating" | "likes" | "shares">;

/** Review counts, as input of {@link reviewSummaryFromCounts}. */
export interface ReviewCounts {
  readonly reviews: number;
  /** Sum of the ratings. */
  readonly ratingSum: number;
  /** Reviews rated at or above `positiveMin`. */
  readonly positive: number;
  readonly likes?: number;
  readonly shares?: number;
}

/** The sufficient statistics of a review summary. Mergeable by adding field by field. */
export interface ReviewTally {
  readonly reviews: number;
  readonly ratingSum: number;
  readonly positive: number;
  readonly likes: number;
  readonly shares: number;
}

/** Positive reviews: count, share of all reviews and its Wilson interval. */
export interface ReviewPositive {
  readonly count: number;
  /** Share of reviews rated ≥ `positiveMin`, in [0, 1]; `null` without reviews. */
  readonly share: number | null;
  readonly interval: Interval | null;
  /** The threshold used. */
  readonly positiveMin: number;
}

/** Reactions to reviews: totals and per review. */
export interface ReviewReactions {
  readonly likes: number;
  readonly shares: number;
  /** likes + shares. */
  readonly total: number;
  readonly likesPerReview: number | null;
  readonly sharesPerReview: number | null;
  /** (likes + shares) ÷ reviews. */
  readonly perReview: number | null;
}

/** A review summary: count, average rating, positive share, reactions. */
export interface ReviewSummaryResult {
  readonly metric: "reviewSummary";
  /** The average rating; `null` without reviews. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** Number of reviews. */
  readonly n: number;
  readonly ratingSum: number;
  readonly positive: ReviewPositive;
  readonly reactions: ReviewReactions;
  readonly warnings: readonly Warning[];
}

/** Mutable state while tallying reviews (a Neumaier sum of the ratings). @internal */
export interface ReviewState {
  reviews: number;
  ratingSum: number;
  ratingCarry: number;
  positive: number;
  likes: number;
  shares: number;
}

// ---------------------------------------------------------------------------------------------
// Options

interface ResolvedReviewOptions extends ResolvedRateOptions {
  readonly ratingMin: number;
  readonly ratingMax: number;
  readonly positiveMin: number;
}

function resolveScale(parsed: {
  readonly ratingMin?: number | undefined;
  readonly ratingMax?: number | undefined;
  readonly positiveMin?: number | undefined;
  readonly level?: number | undefined;
  readonly minSampleSize?: number | undefined;
  readonly maxMargin?: number | undefined;
}): ResolvedReviewOptions {
  const ratingMin = parsed.ratingMin ?? 1;
  const ratingMax = parsed.ratingMax ?? 5;
  if (!(ratingMin < ratingMax)) {
    throw inputError(
      ["options", "ratingMax"],
      `ratingMax (${ratingMax}) must be greater than ratingMin (${ratingMin})`,
    );
  }
  if (parsed.positiveMin === undefined && ratingMax !== 5) {
    throw inputError(
      ["options", "positiveMin"],
      "give positiveMin: the default (4) is only for scales that end at 5",
    );
  }
  const positiveMin = parsed.positiveMin ?? 4;
  if (positiveMin < ratingMin || positiveMin > ratingMax) {
    throw inputError(
      ["options", "positiveMin"],
      `expected positiveMin within the scale ${ratingMin}-${ratingMax}`,
    );
  }
  return { ...resolveRateOptions(parsed), ratingMin, ratingMax, positiveMin };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/** The empty review tally, identity of {@link mergeReviewTallies}. */
export function emptyReviewTally(): ReviewTally {
  return { reviews: 0, ratingSum: 0, positive: 0, likes: 0, shares: 0 };
}

/** What {@link mergeReviewTallies} accepts: every count finite and ≥ 0. */
const reviewTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["reviews", "positive", "likes", "shares"], { ratingSum: z.number() }))();

/**
 * Merges two review tallies (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeReviewTallies(
 *   { reviews: 2, ratingSum: 9, positive: 2, likes: 1, shares: 0 },
 *   { reviews: 1, ratingSum: 2, positive: 0, likes: 0, shares: 3 },
 * )
 * //=> { reviews: 3, ratingSum: 11, positive: 2, likes: 1, shares: 3 }
 */
export function mergeReviewTallies(a: ReviewTally, b: ReviewTally): ReviewTally {
  return mergeCheckedTallies(reviewTallyCheck, a, b, mergeReviewTalliesUnchecked);
}

/** {@link mergeReviewTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeReviewTalliesUnchecked(a: ReviewTally, b: ReviewTally): ReviewTally {
  return {
    reviews: a.reviews + b.reviews,
    ratingSum: a.ratingSum + b.ratingSum,
    positive: a.positive + b.positive,
    likes: a.likes + b.likes,
    shares: a.shares + b.shares,
  };
}

function ratingError(
  value: unknown,
  path: readonly (string | number)[],
  opts: ResolvedReviewOptions,
): MetricsInputError {
  // Only on the error path: the scale's own schema (on 1-5 the same as reviewRatingSchema).
  return schemaError(
    ratingSchemaFor(opts.ratingMin, opts.ratingMax),
    value,
    path,
    ratingMessage(opts.ratingMin, opts.ratingMax),
  );
}

/**
 * The review summary as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod`.
 * @param options - Accessors, the rating scale and the uncertainty settings.
 * @example
 * const metric = reviewSummaryMetric<{ stars: number }>({ rating: "stars" });
 * runMetric(metric, [{ stars: 5 }, { stars: 3 }]).value
 * //=> 4
 */
export function reviewSummaryMetric<R = number>(
  options?: ReviewSummaryOptions<R>,
): Metric<R, ReviewState, ReviewTally, ReviewSummaryResult> {
  const opts = resolveScale(parseWith(optionsSchema, options ?? {}, ["options"]));
  const { ratingMin, ratingMax, positiveMin } = opts;
  const accessor = options?.rating;
  const key = typeof accessor === "string" ? accessor : undefined;
  const fn = typeof accessor === "function" ? accessor : undefined;
  const readLikes: CountReader<R> = countReader(
    options?.likes,
    "likes",
    options?.likes === undefined,
  );
  const readShares: CountReader<R> = countReader(
    options?.shares,
    "shares",
    options?.shares === undefined,
  );
  return {
    name: "reviewSummary",
    init: () => ({ reviews: 0, ratingSum: 0, ratingCarry: 0, positive: 0, likes: 0, shares: 0 }),
    add(state, record, index) {
      const r: unknown =
        key !== undefined ? readField(record, key) : fn !== undefined ? fn(record, index) : record;
      if (typeof r !== "number" || !(r >= ratingMin && r <= ratingMax)) {
        throw ratingError(r, key !== undefined ? [index, key] : [index], opts);
      }
      state.likes += readLikes(record, index);
      state.shares += readShares(record, index);
      state.reviews++;
      if (r >= positiveMin) state.positive++;
      const t = state.ratingSum + r;
      state.ratingCarry +=
        Math.abs(state.ratingSum) >= Math.abs(r)
          ? state.ratingSum - t + r
          : r - t + state.ratingSum;
      state.ratingSum = t;
    },
    tally: (state) => ({
      reviews: state.reviews,
      ratingSum: state.ratingSum + state.ratingCarry,
      positive: state.positive,
      likes: state.likes,
      shares: state.shares,
    }),
    empty: emptyReviewTally,
    merge: mergeReviewTalliesUnchecked,
    finalize: (tally) => finalizeReviews(tally, opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Finalize

function finalizeReviews(tally: ReviewTally, opts: ResolvedReviewOptions): ReviewSummaryResult {
  const { reviews, ratingSum, positive, likes, shares } = tally;
  const total = likes + shares;
  if (reviews === 0) {
    return {
      metric: "reviewSummary",
      value: null,
      reason: "empty",
      n: 0,
      ratingSum,
      positive: { count: positive, share: null, interval: null, positiveMin: opts.positiveMin },
      reactions: {
        likes,
        shares,
        total,
        likesPerReview: null,
        sharesPerReview: null,
        perReview: null,
      },
      warnings: [{ code: "empty", message: "No reviews: the summary is undefined." }],
    };
  }
  const interval = wilsonInterval(positive, reviews, opts.level);
  // The rating sum of n ratings on the scale keeps the average on the scale, up to rounding.
  const average = Math.min(opts.ratingMax, Math.max(opts.ratingMin, ratingSum / reviews));
  return {
    metric: "reviewSummary",
    value: average,
    reason: null,
    n: reviews,
    ratingSum,
    positive: {
      count: positive,
      share: positive / reviews,
      interval,
      positiveMin: opts.positiveMin,
    },
    reactions: {
      likes,
      shares,
      total,
      likesPerReview: likes / reviews,
      sharesPerReview: shares / reviews,
      perReview: total / reviews,
    },
    warnings: proportionWarnings(reviews, "reviews", interval, opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Review metrics from reviews: the count, the average rating, the share of positive reviews
 * (rating ≥ `positiveMin`, default 4 of 5) with its Wilson interval, and reactions (likes,
 * shares) in total and per review.
 *
 * average = Σrating ÷ n; positive share = #{rating ≥ positiveMin} ÷ n (the "top-2-box" share on
 * a 1–5 scale, as CSAT); reactions per review = (Σlikes + Σshares) ÷ n. Every rating is checked
 * against the scale (`[7].stars: expected a rating from 1 to 5`).
 * @param input - Ratings, or records with `options.rating` naming the field.
 * @returns `value` (the average rating) is `null` with reason `"empty"` without reviews.
 * @example
 * reviewSummary([5, 4, 4, 2, 5]).value
 * //=> 4
 * reviewSummary([5, 4, 4, 2, 5]).positive.share
 * //=> 0.8
 * reviewSummary([{ stars: 5, likes: 3 }, { stars: 1, likes: 1, shares: 2 }], { rating: "stars" }).reactions.perReview
 * //=> 3
 */
export function reviewSummary<R = number>(
  input: readonly R[],
  options?: ReviewSummaryOptions<R>,
): ReviewSummaryResult {
  if (!Array.isArray(input)) throw inputError([], "expected an array of reviews");
  return runRate(reviewSummaryMetric(options), input);
}

/**
 * Review metrics from counts (a warehouse GROUP BY): same formulas as {@link reviewSummary}.
 * `ratingSum` must lie between `ratingMin × reviews` and `ratingMax × reviews`.
 * @example
 * reviewSummaryFromCounts({ reviews: 6123, ratingSum: 25189, positive: 4747 }).positive.share // ≈ 0.7753
 */
export function reviewSummaryFromCounts(
  counts: ReviewCounts,
  options?: ReviewCountsOptions,
): ReviewSummaryResult {
  const opts = resolveScale(parseWith(countsOptionsSchema, options ?? {}, ["options"]));
  const c = parseWith(reviewCountsSchema, counts, []);
  // A relative tolerance for sums of non-integer ratings computed elsewhere.
  const slack = 1e-9 * Math.max(1, Math.abs(c.ratingSum));
  if (
    c.ratingSum < opts.ratingMin * c.reviews - slack ||
    c.ratingSum > opts.ratingMax * c.reviews + slack
  ) {
    throw inputError(
      ["ratingSum"],
      `expected a sum of ${c.reviews} ratings from ${opts.ratingMin} to ${opts.ratingMax}`,
    );
  }
  return finalizeReviews(
    {
      reviews: c.reviews,
      ratingSum: c.ratingSum,
      positive: c.positive,
      likes: c.likes ?? 0,
      shares: c.shares ?? 0,
    },
    opts,
  );
}

/** {@link reviewSummary} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeReviewSummary<R = number>(
  input: readonly R[],
  options?: ReviewSummaryOptions<R>,
): SafeResult<ReviewSummaryResult> {
  return attempt(() => reviewSummary(input, options));
}

/** {@link reviewSummaryFromCounts} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeReviewSummaryFromCounts(
  counts: ReviewCounts,
  options?: ReviewCountsOptions,
): SafeResult<ReviewSummaryResult> {
  return attempt(() => reviewSummaryFromCounts(counts, options));
}

/** {@link mergeReviewTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeReviewTallies(a: ReviewTally, b: ReviewTally): SafeResult<ReviewTally> {
  return attempt(() => mergeReviewTallies(a, b));
}

/** {@link reviewSummaryMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeReviewSummaryMetric<R = number>(
  options?: ReviewSummaryOptions<R>,
): SafeResult<Metric<R, ReviewState, ReviewTally, ReviewSummaryResult>> {
  return attempt(() => reviewSummaryMetric<R>(options));
}
