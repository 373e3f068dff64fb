// The review summary that also knows its SQL: one pass over the reviews with plain sums (the
// number of reviews, the sum of the ratings, the positive ones, likes and shares).
import {
  type ReviewState,
  type ReviewSummaryOptions,
  type ReviewSummaryResult,
  type ReviewTally,
  reviewSummaryMetric,
} from "../engagement/reviews.js";
import { attempt, inputError, type SafeResult } from "../errors.js";
import type { MetricSql, SqlContext, SqlMetric } from "./spec.js";

/** A field name option, or `fallback` when omitted; a function has no column. */
function nameOption(options: object, key: string, fallback: string): string {
  const value: unknown = Reflect.get(options, key);
  if (value === undefined) return fallback;
  if (typeof value === "string") return value;
  throw inputError(
    ["options", key],
    "expected a field name (a column): an accessor function has no SQL form",
  );
}

function reviewSql(
  options: Pick<ReviewSummaryOptions, "ratingMin" | "ratingMax" | "positiveMin">,
): MetricSql<ReviewTally> {
  // The metric factory has checked the scale (and that positiveMin is given off a 1-5 scale).
  const ratingMin = options.ratingMin ?? 1;
  const ratingMax = options.ratingMax ?? 5;
  const positiveMin = options.positiveMin ?? 4;
  const rating = nameOption(options, "rating", "");
  if (rating === "") {
    throw inputError(["options", "rating"], "expected the name of the rating field (a column)");
  }
  // A reaction column: given by name, a count on every row; omitted, the column of that name
  // where NULL is 0 (as in memory, where an absent property is 0).
  const names = {
    likes: nameOption(options, "likes", "likes"),
    shares: nameOption(options, "shares", "shares"),
  };
  const reaction = (c: SqlContext, key: "likes" | "shares"): string => {
    const column = c.column(names[key]);
    return Reflect.get(options, key) === undefined ? `COALESCE(${column}, 0)` : column;
  };
  const isCount = (x: string): string => `${x} IS NOT NULL AND ${x} >= 0 AND ${x} = FLOOR(${x})`;
  const valid = (c: SqlContext): string => {
    const r = c.column(rating);
    return `${r} IS NOT NULL AND ${r} >= ${ratingMin} AND ${r} <= ${ratingMax} AND ${isCount(reaction(c, "likes"))} AND ${isCount(reaction(c, "shares"))}`;
  };
  return {
    level: "rows",
    aggregates(c) {
      const ok = valid(c);
      const sum = (value: string): string => `SUM(CASE WHEN ${ok} THEN ${value} ELSE 0 END)`;
      return [
        ["reviews", sum("1")],
        ["ratingSum", sum(c.column(rating))],
        [
          "positive",
          `SUM(CASE WHEN ${ok} AND ${c.column(rating)} >= ${positiveMin} THEN 1 ELSE 0 END)`,
        ],
        ["likes", sum(reaction(c, "likes"))],
        ["shares", sum(reaction(c, "shares"))],
      ];
    },
    // Every valid row is a review: the others are n minus the reviews.
    answered: (read) => read("reviews"),
    expected: `a rating ${ratingMin}-${ratingMax} in ${JSON.stringify(rating)} and counts of likes and shares`,
    amounts: ["ratingSum"],
    limits: [
      { part: ["positive"], whole: ["reviews"] },
      { part: ["reviews"], whole: "n" },
    ],
    check(read) {
      const reviews = read("reviews");
      const sum = read("ratingSum");
      // The mean rating lies on the scale (with a little room for the rounding of sums).
      const slack = 1e-9 * Math.max(1, Math.abs(sum));
      return sum < ratingMin * reviews - slack || sum > ratingMax * reviews + slack
        ? {
            column: "ratingSum",
            message: `expected a sum of ${reviews} ratings ${ratingMin}-${ratingMax} (${reviews * ratingMin} to ${reviews * ratingMax}); got ${sum}`,
          }
        : null;
    },
    tally: (read) => ({
      reviews: read("reviews"),
      ratingSum: read("ratingSum"),
      positive: read("positive"),
      likes: read("likes"),
      shares: read("shares"),
    }),
  };
}

/**
 * {@link reviewSummaryMetric} that also runs in SQL: per group the reviews, `SUM(rating)`, the
 * reviews rated at or above `positiveMin`, and `SUM(likes)`, `SUM(shares)`; the average rating,
 * positive share (Wilson interval) and reactions per review are finalized as
 * {@link reviewSummary} does. A row with a rating off the scale, or a like or share count that
 * is negative or fractional (NULL too, when the field is named), makes the group an error.
 * With `likes` or `shares` omitted, the column of that name is read and NULL is 0, as in
 * memory (map it with `columns: { likes: "0" }` when the table has none). `rating`, `likes`
 * and `shares` must be field names.
 * @example
 * const metric = reviewSummarySqlMetric({ rating: "stars" });
 * const rows = [{ n: 2, reviewSummary__reviews: 2, reviewSummary__ratingSum: 8, reviewSummary__positive: 1 }];
 * fromSqlRows(metric, rows).results.reviewSummary.value
 * //=> 4
 */
export function reviewSummarySqlMetric<R = Record<string, unknown>>(
  options: ReviewSummaryOptions<R>,
): SqlMetric<R, ReviewState, ReviewTally, ReviewSummaryResult> {
  const metric = reviewSummaryMetric<R>(options);
  return { ...metric, sql: reviewSql(options ?? {}) };
}

/** {@link reviewSummarySqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeReviewSummarySqlMetric<R = Record<string, unknown>>(
  options: ReviewSummaryOptions<R>,
): SafeResult<SqlMetric<R, ReviewState, ReviewTally, ReviewSummaryResult>> {
  return attempt(() => reviewSummarySqlMetric<R>(options));
}
