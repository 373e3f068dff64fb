import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import {
  emptyReviewTally,
  mergeReviewTallies,
  type ReviewSummaryResult,
  reviewCountsSchema,
  reviewRatingSchema,
  reviewSummary,
  reviewSummaryFromCounts,
  reviewSummaryMetric,
  safeReviewSummary,
  safeReviewSummaryFromCounts,
} from "../../src/engagement/reviews.ts";
import { runMetric } from "../../src/metric.ts";
import {
  anyValue,
  deepFreeze,
  expectInputError,
  jsonRoundTrip,
  splits,
  withShuffle,
} from "./helpers.ts";

// Shared with the survey tests: a copy of the Olist review scores (see its README.md).
const OLIST = join(import.meta.dirname, "..", "fixtures", "olist-reviews", "reviews.csv");

interface Review {
  readonly stars: number;
  readonly likes?: number;
  readonly shares?: number;
}

const reviewArb: fc.Arbitrary<Review> = fc.record(
  {
    stars: fc.integer({ min: 1, max: 5 }),
    likes: fc.nat(20),
    shares: fc.nat(5),
  },
  { requiredKeys: ["stars"] },
);

describe("reviewSummary: reference vectors", () => {
  it("[5, 4, 4, 2, 5]: average 4, 4 of 5 positive, by hand and scipy", () => {
    // By hand: Σ = 20, n = 5, average 4; positive (≥ 4) = 5, 4, 4, 5 -> 4/5 = 0.8.
    // Wilson 4/5 from scipy 1.17.1 binomtest(4, 5).proportion_ci(method="wilson").
    const r = reviewSummary(deepFreeze([5, 4, 4, 2, 5]));
    expect(r).toEqual({
      metric: "reviewSummary",
      value: 4,
      reason: null,
      n: 5,
      ratingSum: 20,
      positive: {
        count: 4,
        share: 0.8,
        interval: {
          lower: expect.closeTo(0.3755346297625253, 12),
          upper: expect.closeTo(0.9637758913675698, 12),
          level: 0.95,
          method: "wilson",
        },
        positiveMin: 4,
      },
      reactions: {
        likes: 0,
        shares: 0,
        total: 0,
        likesPerReview: 0,
        sharesPerReview: 0,
        perReview: 0,
      },
      warnings: [
        { code: "small-sample", message: expect.stringContaining("Only 5 reviews") },
        { code: "wide-interval", message: expect.any(String) },
      ],
    });
  });

  it("reactions: totals and per review, absent fields count 0", () => {
    const reviews = deepFreeze([
      { stars: 5, likes: 3 },
      { stars: 1, likes: 1, shares: 2 },
      { stars: 3, likes: null },
      { stars: 4 },
    ]);
    const r = reviewSummary(reviews, { rating: "stars" });
    // likes 3 + 1 = 4, shares 2; per review 4/4 = 1, 2/4 = 0.5, 6/4 = 1.5.
    expect(r.reactions).toEqual({
      likes: 4,
      shares: 2,
      total: 6,
      likesPerReview: 1,
      sharesPerReview: 0.5,
      perReview: 1.5,
    });
    expect(r.value).toBe(13 / 4);
  });

  it("a rating exactly at the threshold is positive; half stars and other scales", () => {
    expect(reviewSummary([4, 3.5, 4.5]).positive.count).toBe(2);
    expect(reviewSummary([3.99]).positive.count).toBe(0);
    const tenPoint = reviewSummary([8, 7, 10, 0], { ratingMin: 0, ratingMax: 10, positiveMin: 8 });
    expect(tenPoint.positive.share).toBe(0.5);
    expect(tenPoint.value).toBe(6.25);
    expect(reviewSummary([3, 2], { positiveMin: 3 }).positive.count).toBe(1);
  });

  it("Olist reviews: the published counts and an independent DuckDB query agree", async () => {
    const lines = readFileSync(OLIST, "utf8").trim().split("\n").slice(1);
    const reviews = lines.map((line) => {
      const [id, score, date] = line.split(",");
      return { id, score: Number(score), date };
    });
    const r = reviewSummary(reviews, { rating: "score" });
    // Published (the dataset README): 1→668, 2→189, 3→519, 4→1,149, 5→3,598; share of 4–5 =
    // 4,747 / 6,123 = 77.5%. Σ = 668 + 378 + 1,557 + 4,596 + 17,990 = 25,189.
    expect(r.n).toBe(6123);
    expect(r.positive.count).toBe(4747);
    expect(r.positive.share).toBeCloseTo(0.775, 3);
    expect(r.ratingSum).toBe(25189);
    // Wilson 4747/6123 from scipy: [0.7646479027930227, 0.7855540279500745].
    expect(r.positive.interval?.lower).toBeCloseTo(0.7646479027930227, 12);
    expect(r.positive.interval?.upper).toBeCloseTo(0.7855540279500745, 12);
    expect(r.warnings).toEqual([]);

    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER, avg(review_score)::DOUBLE, (count(*) FILTER (WHERE review_score >= 4))::INTEGER
       FROM read_csv('${OLIST}', header = true)`,
    );
    const [n, average, positive] = reader.getRows()[0] ?? [];
    expect(r.n).toBe(n);
    expect(r.value).toBeCloseTo(Number(average), 12);
    expect(r.positive.count).toBe(positive);
    connection.closeSync();

    // The same totals through the counts form.
    const fromCounts = reviewSummaryFromCounts({ reviews: 6123, ratingSum: 25189, positive: 4747 });
    expect(fromCounts).toEqual(r);
  });
});

describe("reviewSummary: edge cases", () => {
  it("no reviews -> null average, reason empty", () => {
    const r = reviewSummary([]);
    expect(r.value).toBeNull();
    expect(r.reason).toBe("empty");
    expect(r.positive.share).toBeNull();
    expect(r.reactions.perReview).toBeNull();
    expect(jsonRoundTrip(r)).toEqual(r);
    expect(reviewSummaryFromCounts({ reviews: 0, ratingSum: 0, positive: 0 }).reason).toBe("empty");
  });

  it("one review, and the Metric protocol", () => {
    expect(reviewSummary([1]).value).toBe(1);
    const metric = reviewSummaryMetric<Review>({ rating: "stars" });
    expect(metric.name).toBe("reviewSummary");
    expect(runMetric(metric, [{ stars: 2 }, { stars: 4 }]).value).toBe(3);
    expect(metric.finalize(metric.empty()).reason).toBe("empty");
    const t = { reviews: 2, ratingSum: 7, positive: 1, likes: 3, shares: 0 };
    expect(mergeReviewTallies(emptyReviewTally(), t)).toEqual(t);
    expectTypeOf(reviewSummary).returns.toEqualTypeOf<ReviewSummaryResult>();
  });
});

describe("reviewSummary: properties", () => {
  const reviewsArb = fc.array(reviewArb, { maxLength: 40 });

  test.prop([reviewsArb])(
    "average within the scale, shares in [0, 1], interval holds the share",
    (reviews) => {
      const r = reviewSummary(reviews, { rating: "stars" });
      if (reviews.length === 0) return;
      expect(r.value).toBeGreaterThanOrEqual(1);
      expect(r.value).toBeLessThanOrEqual(5);
      const share = r.positive.share ?? Number.NaN;
      expect(share).toBe(reviews.filter((x) => x.stars >= 4).length / reviews.length);
      expect(r.positive.interval?.lower).toBeLessThanOrEqual(share + 1e-12);
      expect(r.positive.interval?.upper).toBeGreaterThanOrEqual(share - 1e-12);
    },
  );

  test.prop([splits(reviewsArb)])(
    "tallies of random groups, merged, equal the whole",
    ([all, groups]) => {
      const metric = reviewSummaryMetric<Review>({ rating: "stars" });
      const merged = groups
        .map((g) => {
          const s = metric.init();
          g.forEach((x, i) => {
            metric.add(s, x, i);
          });
          return metric.tally(s);
        })
        .reduce(mergeReviewTallies, emptyReviewTally());
      expect(metric.finalize(merged)).toEqual(reviewSummary(all, { rating: "stars" }));
    },
  );

  test.prop([withShuffle(reviewsArb)])("order does not matter; frozen inputs", ([a, b]) => {
    expect(reviewSummary(deepFreeze(b), { rating: "stars" })).toEqual(
      reviewSummary(a, { rating: "stars" }),
    );
  });

  test.prop([anyValue])(
    "the inline rating check accepts exactly what reviewRatingSchema accepts",
    (v) => {
      expect(safeReviewSummary([v]).ok).toBe(z.safeParse(reviewRatingSchema, v).success);
    },
  );

  test.prop([fc.record({ reviews: anyValue, ratingSum: anyValue, positive: anyValue })])(
    "the counts form rejects what reviewCountsSchema rejects",
    (counts) => {
      const ok = safeReviewSummaryFromCounts(
        counts as { reviews: number; ratingSum: number; positive: number },
      ).ok;
      if (!z.safeParse(reviewCountsSchema, counts).success) expect(ok).toBe(false);
    },
  );
});

describe("reviewSummary: bad input", () => {
  it("bad ratings name the record and field", () => {
    const reviews = [{ stars: 5 }, { stars: 6 }];
    expectInputError(
      () => reviewSummary(reviews, { rating: "stars" }),
      () => safeReviewSummary(reviews, { rating: "stars" }),
      [1, "stars"],
      "[1].stars: expected a rating from 1 to 5",
    );
    for (const bad of [0, Number.NaN, Number.POSITIVE_INFINITY, null, "4", undefined]) {
      expectInputError(
        () => reviewSummary([4, bad]),
        () => safeReviewSummary([4, bad]),
        [1],
      );
    }
    expectInputError(
      () => reviewSummary([11], { ratingMin: 0, ratingMax: 10, positiveMin: 7 }),
      () => safeReviewSummary([11], { ratingMin: 0, ratingMax: 10, positiveMin: 7 }),
      [0],
      "[0]: expected a rating from 0 to 10",
    );
    const likes = [{ stars: 5, likes: -1 }];
    expectInputError(
      () => reviewSummary(likes, { rating: "stars" }),
      () => safeReviewSummary(likes, { rating: "stars" }),
      [0, "likes"],
    );
    const explicit: { stars: number; shares?: number }[] = [{ stars: 5 }];
    expectInputError(
      () => reviewSummary(explicit, { rating: "stars", shares: "shares" }),
      () => safeReviewSummary(explicit, { rating: "stars", shares: "shares" }),
      [0, "shares"],
    );
    expectInputError(
      () => reviewSummary("5" as unknown as number[]),
      () => safeReviewSummary("5" as unknown as number[]),
      [],
    );
  });

  it("bad options and counts", () => {
    expectInputError(
      () => reviewSummary([5], { ratingMax: 10 }),
      () => safeReviewSummary([5], { ratingMax: 10 }),
      ["options", "positiveMin"],
    );
    expectInputError(
      () => reviewSummary([5], { ratingMin: 5, ratingMax: 5 }),
      () => safeReviewSummary([5], { ratingMin: 5, ratingMax: 5 }),
      ["options", "ratingMax"],
    );
    expectInputError(
      () => reviewSummary([5], { positiveMin: 6 }),
      () => safeReviewSummary([5], { positiveMin: 6 }),
      ["options", "positiveMin"],
    );
    expectInputError(
      () => reviewSummaryFromCounts({ reviews: 2, ratingSum: 11, positive: 1 }),
      () => safeReviewSummaryFromCounts({ reviews: 2, ratingSum: 11, positive: 1 }),
      ["ratingSum"],
    );
    expectInputError(
      () => reviewSummaryFromCounts({ reviews: 2, ratingSum: 8, positive: 3 }),
      () => safeReviewSummaryFromCounts({ reviews: 2, ratingSum: 8, positive: 3 }),
      ["positive"],
    );
    expectInputError(
      () => reviewSummaryFromCounts({ reviews: 2.5, ratingSum: 8, positive: 1 }),
      () => safeReviewSummaryFromCounts({ reviews: 2.5, ratingSum: 8, positive: 1 }),
      ["reviews"],
    );
  });
});
