// Tests written against mutants that survived in src/engagement (Stryker, 2026-11-24): the
// proportion core (rate.ts) and the four rates built on it, the review summary, the SNS
// engagement rate and the engagement score. Each pins a behaviour no other test did: a message,
// an error path, a boundary, the form a rate's options select, a compensated sum. Expected values
// are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import {
  clickThroughRate,
  clickThroughRateFromRecords,
  clickThroughRateMetric,
  safeClickThroughRate,
  safeClickThroughRateFromRecords,
} from "../../src/engagement/click-through-rate.ts";
import { conversionRate, safeConversionRate } from "../../src/engagement/conversion-rate.ts";
import {
  openRate,
  openRateFromRecords,
  safeOpenRate,
  safeOpenRateFromRecords,
} from "../../src/engagement/open-rate.ts";
import { countReader } from "../../src/engagement/rate.ts";
import { referralRate, safeReferralRate } from "../../src/engagement/referral-rate.ts";
import {
  reviewSummary,
  reviewSummaryFromCounts,
  safeReviewSummary,
  safeReviewSummaryFromCounts,
} from "../../src/engagement/reviews.ts";
import type { EngagementScale } from "../../src/engagement/scale.ts";
import { engagementScore, safeEngagementScore } from "../../src/engagement/score.ts";
import {
  emptySnsEngagementTally,
  safeSnsEngagementRate,
  safeSnsEngagementRateFromRecords,
  snsEngagementRate,
  snsEngagementRateFromRecords,
  snsEngagementRateMetric,
} from "../../src/engagement/sns-engagement-rate.ts";
import { deepFreeze, expectInputError, inputErrorOf } from "../engagement/helpers.ts";

const COUNT = "expected a non-negative integer count";
const TYPE = "expected an event type (a non-empty string)";
const BOTH_FORMS =
  "give either count accessors (the row form) or type/events (the event form), not both";

// ---------------------------------------------------------------------------------------------
// The proportion core (rate.ts), through the click-through rate

describe("rates: reading counts", () => {
  it("a function accessor's missing count is an error; only an omitted accessor reads it as 0", () => {
    const rows = [{ n: 5 }];
    const options = { clicks: () => undefined, impressions: "n" } as const;
    expectInputError(
      () => clickThroughRateFromRecords(rows, options),
      () => safeClickThroughRateFromRecords(rows, options),
      [0],
      `[0]: ${COUNT}`,
    );
  });

  it("countReader: with absentIsZero, undefined and null read as 0 through a function too", () => {
    // The documented contract of the (internal) reader: absent = 0, anything else is checked.
    const lenient = countReader<{ readonly k?: unknown }>((r) => r.k, "k", true);
    expect(lenient({ k: 7 }, 0)).toBe(7);
    expect(lenient({}, 1)).toBe(0);
    expect(lenient({ k: null }, 2)).toBe(0);
    for (const bad of [-1, 1.5, "3", Number.NaN]) {
      const error = inputErrorOf(() => lenient({ k: bad }, 3));
      expect(error.issues[0]?.path).toEqual([3]);
      expect(error.message).toBe(`[3]: ${COUNT}`);
    }
    // Without absentIsZero an absent count is an error like any other.
    const strict = countReader<{ readonly k?: unknown }>((r) => r.k, "k");
    for (const absent of [undefined, null]) {
      const error = inputErrorOf(() => strict({ k: absent }, 4));
      expect(error.issues[0]?.path).toEqual([4]);
      expect(error.message).toBe(`[4]: ${COUNT}`);
    }
  });

  it("clicks above impressions through a function accessor: the error is at the record", () => {
    const rows = [{ c: 5, i: 2 }];
    const options = { clicks: (r: { c: number }) => r.c, impressions: "i" } as const;
    expectInputError(
      () => clickThroughRateFromRecords(rows, options),
      () => safeClickThroughRateFromRecords(rows, options),
      [0],
      "[0]: clicks (5) exceed impressions (2): a proportion needs clicks <= impressions",
    );
  });
});

describe("rates: event types", () => {
  it("a type read by a function must be a non-empty string", () => {
    // "" has length 0; ["click"] has a length but is not a string.
    for (const bad of ["", ["click"]]) {
      const type = () => bad;
      expectInputError(
        () => clickThroughRateFromRecords([{}], { type }),
        () => safeClickThroughRateFromRecords([{}], { type }),
        [0],
        `[0]: ${TYPE}`,
      );
    }
  });

  it("a type read from a property must be a non-empty string", () => {
    const events = [{ type: "impression" }, { type: "" }];
    expectInputError(
      () => clickThroughRateFromRecords(events, { type: "type" }),
      () => safeClickThroughRateFromRecords(events, { type: "type" }),
      [1, "type"],
      `[1].type: ${TYPE}`,
    );
    const kinds = [{ kind: "" }];
    expectInputError(
      () => clickThroughRateFromRecords(kinds, { type: "kind" }),
      () => safeClickThroughRateFromRecords(kinds, { type: "kind" }),
      [0, "kind"],
      `[0].kind: ${TYPE}`,
    );
  });

  it("with the default property, a record that is not an object is reported as a record", () => {
    // engagementEventSchema checks the whole record: null is not an object, so the issue is at
    // [1] (zod: expected object), not at a "type" field it does not have.
    const events = [{ type: "click" }, null] as unknown as { type: string }[];
    expectInputError(
      () => clickThroughRateFromRecords(events, { type: "type" }),
      () => safeClickThroughRateFromRecords(events, { type: "type" }),
      [1],
      "[1]: expected object",
    );
  });

  it("an events list of either side alone selects the event form", () => {
    // events.clicks = "tap": taps are the clicks (the default "click" is replaced and ignored),
    // impressions keep their default type. 1 tap / 2 impressions = 0.5; 3 matching records.
    const taps = deepFreeze([
      { type: "impression" },
      { type: "impression" },
      { type: "tap" },
      { type: "click" },
    ]);
    const byClicks = clickThroughRateFromRecords(taps, { events: { clicks: "tap" } });
    expect([byClicks.clicks, byClicks.impressions, byClicks.records]).toEqual([1, 2, 3]);
    expect(byClicks.value).toBe(0.5);
    // events.impressions = "view": 1 click / 4 views = 0.25; 5 matching records.
    const views = deepFreeze([
      { type: "view" },
      { type: "view" },
      { type: "view" },
      { type: "view" },
      { type: "click" },
    ]);
    const byViews = clickThroughRateFromRecords(views, { events: { impressions: "view" } });
    expect([byViews.clicks, byViews.impressions, byViews.records]).toEqual([1, 4, 5]);
    expect(byViews.value).toBe(0.25);
  });

  it("count accessors and the event form cannot be mixed: the message names the event option", () => {
    const rows = [{ type: "click", clicks: 1, impressions: 2 }];
    const withType = { impressions: "impressions", type: "type" } as const;
    expectInputError(
      () => clickThroughRateFromRecords(rows, withType),
      () => safeClickThroughRateFromRecords(rows, withType),
      ["options", "type"],
      `options.type: ${BOTH_FORMS}`,
    );
    const withEvents = { clicks: "clicks", events: { clicks: "click" } } as const;
    expectInputError(
      () => clickThroughRateFromRecords(rows, withEvents),
      () => safeClickThroughRateFromRecords(rows, withEvents),
      ["options", "events"],
      `options.events: ${BOTH_FORMS}`,
    );
  });
});

describe("rates: undefined values and warnings", () => {
  it("a tally with no records is empty even when it carries a denominator", () => {
    // records = 0 means nothing was seen: reason "empty" wins over dividing 0 by 5.
    const r = clickThroughRateMetric().finalize({ clicks: 0, impressions: 5, records: 0 });
    expect(r).toEqual({
      metric: "clickThroughRate",
      clicks: 0,
      impressions: 5,
      records: 0,
      value: null,
      reason: "empty",
      n: 5,
      interval: null,
      warnings: [{ code: "empty", message: "No records: the clickThroughRate is undefined." }],
    });
  });

  it("no impressions: reason and message name the denominator", () => {
    expect(clickThroughRate({ clicks: 0, impressions: 0 })).toEqual({
      metric: "clickThroughRate",
      clicks: 0,
      impressions: 0,
      records: 1,
      value: null,
      reason: "zero-denominator",
      n: 0,
      interval: null,
      warnings: [
        { code: "zero-denominator", message: "No impressions: the clickThroughRate is undefined." },
      ],
    });
  });

  it("the small-sample and wide-interval messages, 1 click of 3 impressions", () => {
    // Wilson, p = 1/3, n = 3, z = 1.959964 (z² = 3.841459):
    //   d = 1 + z²/n = 2.280486;  half = (z/d)·√(p(1−p)/n + z²/(4n²))
    //     = 0.859450 · √(0.0740741 + 0.1067072) = 0.859450 · 0.4251838 = 0.365424
    //   (scipy's interval [0.0614919, 0.7923404] has the same half-width), rounded to 4 places
    //   0.3654; the level 0.95 is printed as 95 %.
    const r = clickThroughRate({ clicks: 1, impressions: 3 });
    expect(r.warnings).toEqual([
      {
        code: "small-sample",
        message: "Only 3 impressions (fewer than 30): treat the value as indicative.",
      },
      { code: "wide-interval", message: "The 95% interval is ±0.3654 wide (more than ±0.05)." },
    ]);
  });

  it("a half-width exactly at maxMargin is not wide; one just above it is", () => {
    // The rule is "more than maxMargin": compare with the half-width the interval itself has.
    const interval = clickThroughRate({ clicks: 1, impressions: 3 }).interval;
    if (interval === null) throw new Error("expected an interval");
    const half = (interval.upper - interval.lower) / 2;
    const at = clickThroughRate(
      { clicks: 1, impressions: 3 },
      { maxMargin: half, minSampleSize: 3 },
    );
    expect(at.warnings).toEqual([]);
    const below = clickThroughRate(
      { clicks: 1, impressions: 3 },
      { maxMargin: half * (1 - 1e-12), minSampleSize: 3 },
    );
    expect(below.warnings.map((w) => w.code)).toEqual(["wide-interval"]);
  });
});

describe("rates: the counts forms' own messages", () => {
  it("numerator above denominator is the schema's message, for each rate", () => {
    expectInputError(
      () => clickThroughRate({ clicks: 3, impressions: 2 }),
      () => safeClickThroughRate({ clicks: 3, impressions: 2 }),
      ["clicks"],
      "clicks: expected clicks <= impressions",
    );
    expectInputError(
      () => conversionRate({ conversions: 3, visitors: 2 }),
      () => safeConversionRate({ conversions: 3, visitors: 2 }),
      ["conversions"],
      "conversions: expected conversions <= visitors",
    );
    expectInputError(
      () => referralRate({ referred: 3, customers: 2 }),
      () => safeReferralRate({ referred: 3, customers: 2 }),
      ["referred"],
      "referred: expected referred <= customers",
    );
  });

  it("open rate: opens above delivered = sent − bounced, and bounces equal to sends", () => {
    // 10 opens of 10 sent − 1 bounced = 9 delivered: too many (and fewer than sent + bounced).
    const message = "opens: expected opens <= delivered (sent - bounced)";
    expectInputError(
      () => openRate({ opens: 10, sent: 10, bounced: 1 }),
      () => safeOpenRate({ opens: 10, sent: 10, bounced: 1 }),
      ["opens"],
      message,
    );
    expectInputError(
      () => openRate({ opens: 10, delivered: 9 }),
      () => safeOpenRate({ opens: 10, delivered: 9 }),
      ["opens"],
      message,
    );
    // Every send bounced: delivered = 10 − 10 = 0, a zero denominator, not an error.
    const allBounced = openRate({ opens: 0, sent: 10, bounced: 10 });
    expect([allBounced.value, allBounced.reason, allBounced.delivered]).toEqual([
      null,
      "zero-denominator",
      0,
    ]);
  });

  it("open rate options: the messages of the two ways to give delivered", () => {
    const rows = [{ sent: 10, delivered: 10, bounced: 0, opens: 1 }];
    const both = { sent: "sent", delivered: "delivered" } as const;
    expectInputError(
      () => openRateFromRecords(rows, both),
      () => safeOpenRateFromRecords(rows, both),
      ["options", "sent"],
      "options.sent: give either delivered, or sent (and bounced), not both",
    );
    expectInputError(
      () => openRateFromRecords(rows, { bounced: "bounced" }),
      () => safeOpenRateFromRecords(rows, { bounced: "bounced" }),
      ["options", "bounced"],
      "options.bounced: bounced needs sent (delivered = sent - bounced)",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Review summary

describe("reviewSummary: options", () => {
  it("the scale's messages", () => {
    expectInputError(
      () => reviewSummary([5], { ratingMin: 5, ratingMax: 5 }),
      () => safeReviewSummary([5], { ratingMin: 5, ratingMax: 5 }),
      ["options", "ratingMax"],
      "options.ratingMax: ratingMax (5) must be greater than ratingMin (5)",
    );
    expectInputError(
      () => reviewSummary([5], { ratingMax: 10 }),
      () => safeReviewSummary([5], { ratingMax: 10 }),
      ["options", "positiveMin"],
      "options.positiveMin: give positiveMin: the default (4) is only for scales that end at 5",
    );
    for (const positiveMin of [0, 6]) {
      expectInputError(
        () => reviewSummary([5], { positiveMin }),
        () => safeReviewSummary([5], { positiveMin }),
        ["options", "positiveMin"],
        "options.positiveMin: expected positiveMin within the scale 1-5",
      );
    }
  });

  it("positiveMin may be either end of the scale", () => {
    // [1, 2, 5]: ≥ 1 are all three (share 1); ≥ 5 is one of three.
    const lowest = reviewSummary([1, 2, 5], { positiveMin: 1 }).positive;
    expect([lowest.count, lowest.share, lowest.positiveMin]).toEqual([3, 1, 1]);
    const highest = reviewSummary([1, 2, 5], { positiveMin: 5 }).positive;
    expect([highest.count, highest.share, highest.positiveMin]).toEqual([1, 1 / 3, 5]);
  });

  it("options that fail the schema are reported under options, in both forms", () => {
    const message = "options.level: expected a confidence level strictly between 0 and 1";
    expectInputError(
      () => reviewSummary([5], { level: 2 }),
      () => safeReviewSummary([5], { level: 2 }),
      ["options", "level"],
      message,
    );
    const counts = { reviews: 1, ratingSum: 5, positive: 1 };
    expectInputError(
      () => reviewSummaryFromCounts(counts, { level: 2 }),
      () => safeReviewSummaryFromCounts(counts, { level: 2 }),
      ["options", "level"],
      message,
    );
  });

  it("a non-array input is named as reviews", () => {
    expectInputError(
      () => reviewSummary("5" as unknown as number[]),
      () => safeReviewSummary("5" as unknown as number[]),
      [],
      "(root): expected an array of reviews",
    );
  });
});

describe("reviewSummary: ratings", () => {
  it("a bad rating's message gives the scale in use", () => {
    const cases: [unknown, object, string][] = [
      // 6 is above 0-5 (and a 1-5 message would be wrong about the lower end).
      [6, { ratingMin: 0 }, "[0]: expected a rating from 0 to 5"],
      [11, { ratingMax: 10, positiveMin: 7 }, "[0]: expected a rating from 1 to 10"],
      [-1, { ratingMin: 0, ratingMax: 10, positiveMin: 7 }, "[0]: expected a rating from 0 to 10"],
      ["4", { ratingMin: 0, ratingMax: 10, positiveMin: 7 }, "[0]: expected a rating from 0 to 10"],
      ["4", {}, "[0]: expected a rating from 1 to 5"],
    ];
    for (const [rating, options, message] of cases) {
      expectInputError(
        () => reviewSummary([rating], options),
        () => safeReviewSummary([rating], options),
        [0],
        message,
      );
    }
  });

  it("a rating read by a function", () => {
    // 4 and 2: average 3, Σ 6, one of two positive (≥ 4).
    const reviews = deepFreeze([{ s: 4 }, { s: 2 }]);
    const r = reviewSummary(reviews, { rating: (x) => x.s });
    expect([r.value, r.n, r.ratingSum, r.positive.count]).toEqual([3, 2, 6, 1]);
    expectInputError(
      () => reviewSummary([{ s: 4 }, { s: 9 }], { rating: (x) => x.s }),
      () => safeReviewSummary([{ s: 4 }, { s: 9 }], { rating: (x) => x.s }),
      [1],
      "[1]: expected a rating from 1 to 5",
    );
  });

  it("an explicit likes accessor must find a count on every record", () => {
    const reviews: { stars: number; likes?: number }[] = [{ stars: 5 }];
    expectInputError(
      () => reviewSummary(reviews, { rating: "stars", likes: "likes" }),
      () => safeReviewSummary(reviews, { rating: "stars", likes: "likes" }),
      [0, "likes"],
      `[0].likes: ${COUNT}`,
    );
  });

  it("the rating sum is compensated: 1 + 1e16 + 1 − 1e16 = 2", () => {
    // Doubles near 1e16 are 2 apart, so a plain left-to-right sum loses both ones:
    //   1 + 1e16 = 1e16 (the 1 is lost), 1e16 + 1 = 1e16 (tie, to even), 1e16 − 1e16 = 0.
    // Neumaier keeps each lost part: + 1 (1e16 larger than the sum 1), + 1, + 0 -> Σ = 0 + 2 = 2.
    // Average 2/4 = 0.5; positive (≥ 0): 1, 1e16, 1 -> 3.
    const r = reviewSummary([1, 1e16, 1, -1e16], {
      ratingMin: -1e16,
      ratingMax: 1e16,
      positiveMin: 0,
    });
    expect(r.ratingSum).toBe(2);
    expect(r.value).toBe(0.5);
    expect(r.positive.count).toBe(3);
  });

  it("no reviews: the whole empty result", () => {
    expect(reviewSummary([])).toEqual({
      metric: "reviewSummary",
      value: null,
      reason: "empty",
      n: 0,
      ratingSum: 0,
      positive: { count: 0, share: null, interval: null, positiveMin: 4 },
      reactions: {
        likes: 0,
        shares: 0,
        total: 0,
        likesPerReview: null,
        sharesPerReview: null,
        perReview: null,
      },
      warnings: [{ code: "empty", message: "No reviews: the summary is undefined." }],
    });
  });
});

describe("reviewSummaryFromCounts: the rating sum's bounds", () => {
  it("below ratingMin × reviews", () => {
    // 2 reviews of at least 1 star sum to at least 2.
    expectInputError(
      () => reviewSummaryFromCounts({ reviews: 2, ratingSum: 1, positive: 0 }),
      () => safeReviewSummaryFromCounts({ reviews: 2, ratingSum: 1, positive: 0 }),
      ["ratingSum"],
      "ratingSum: expected a sum of 2 ratings from 1 to 5",
    );
  });

  it("exactly at the tolerance, on both sides, is accepted", () => {
    // |ratingSum| < 1, so the tolerance is 1e-9 · max(1, |ratingSum|) = 1e-9.
    // Scale 0-1: the lowest sum allowed is 0·1 − 1e-9 = −1e-9; the average is clamped to 0.
    const low = reviewSummaryFromCounts(
      { reviews: 1, ratingSum: -1e-9, positive: 0 },
      { ratingMin: 0, ratingMax: 1, positiveMin: 1 },
    );
    expect(low.value).toBe(0);
    // Scale −1-0: the highest sum allowed is 0·1 + 1e-9 = 1e-9; the average is clamped to 0.
    const high = reviewSummaryFromCounts(
      { reviews: 1, ratingSum: 1e-9, positive: 1 },
      { ratingMin: -1, ratingMax: 0, positiveMin: 0 },
    );
    expect(high.value).toBe(0);
    expectInputError(
      () =>
        reviewSummaryFromCounts(
          { reviews: 1, ratingSum: 2e-9, positive: 1 },
          { ratingMin: -1, ratingMax: 0, positiveMin: 0 },
        ),
      () =>
        safeReviewSummaryFromCounts(
          { reviews: 1, ratingSum: 2e-9, positive: 1 },
          { ratingMin: -1, ratingMax: 0, positiveMin: 0 },
        ),
      ["ratingSum"],
      "ratingSum: expected a sum of 1 ratings from -1 to 0",
    );
  });

  it("the tolerance grows with the sum", () => {
    // 3 reviews on 1-5: at most 15, tolerance 1e-9 · 15.00000001 ≈ 1.5e-8.
    // 15 + 1e-8 passes (the average is clamped to 5); 15 + 2e-8 does not.
    const r = reviewSummaryFromCounts({ reviews: 3, ratingSum: 15 + 1e-8, positive: 3 });
    expect(r.value).toBe(5);
    expect(r.ratingSum).toBe(15 + 1e-8);
    expectInputError(
      () => reviewSummaryFromCounts({ reviews: 3, ratingSum: 15 + 2e-8, positive: 3 }),
      () => safeReviewSummaryFromCounts({ reviews: 3, ratingSum: 15 + 2e-8, positive: 3 }),
      ["ratingSum"],
      "ratingSum: expected a sum of 3 ratings from 1 to 5",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// SNS engagement rate

describe("snsEngagementRate: options, forms and messages", () => {
  it("a base accessor other than the chosen base is an error", () => {
    const rows = [{ likes: 1, reach: 10, imps: 20 }];
    const options = { base: "reach", impressions: "imps" } as const;
    expectInputError(
      () => snsEngagementRateFromRecords(rows, options),
      () => safeSnsEngagementRateFromRecords(rows, options),
      ["options", "impressions"],
      'options.impressions: impressions is not read with base "reach"',
    );
  });

  it("an events list alone selects the event form", () => {
    // likes are "heart" events now ("like" is ignored); 1 heart / 4 impressions = 0.25; the
    // four impressions and the heart are the 5 matching records.
    const events = deepFreeze([
      { type: "impression" },
      { type: "impression" },
      { type: "impression" },
      { type: "impression" },
      { type: "heart" },
      { type: "like" },
    ]);
    const r = snsEngagementRateFromRecords(events, {
      base: "impressions",
      events: { likes: "heart" },
    });
    expect([r.likes, r.interactions, r.baseTotal, r.records, r.value]).toEqual([1, 1, 4, 5, 0.25]);
  });

  it("count accessors and the event form cannot be mixed", () => {
    const rows = [{ type: "like", likes: 1, impressions: 10 }];
    const options = { base: "impressions", impressions: "impressions", type: "type" } as const;
    expectInputError(
      () => snsEngagementRateFromRecords(rows, options),
      () => safeSnsEngagementRateFromRecords(rows, options),
      ["options", "impressions"],
      `options.impressions: ${BOTH_FORMS}`,
    );
  });

  it("counts without any interaction kind", () => {
    expectInputError(
      () => snsEngagementRate({ reach: 10 }, { base: "reach" }),
      () => safeSnsEngagementRate({ reach: 10 }, { base: "reach" }),
      [],
      "(root): expected at least one interaction count (likes, shares, comments, urlClicks, imageClicks, videoPlays)",
    );
  });

  it("empty and zero-base results, with their warnings", () => {
    // A tally with no records is empty even when it carries a base of 5.
    const metric = snsEngagementRateMetric({ base: "reach" });
    expect(metric.finalize({ ...emptySnsEngagementTally(), baseTotal: 5, records: 0 })).toEqual({
      metric: "snsEngagementRate",
      ...emptySnsEngagementTally(),
      baseTotal: 5,
      records: 0,
      base: "reach",
      interactions: 0,
      value: null,
      reason: "empty",
      n: 5,
      interval: null,
      warnings: [{ code: "empty", message: "No records: the engagement rate is undefined." }],
    });
    const zero = snsEngagementRate({ likes: 0, reach: 0 }, { base: "reach" });
    expect([zero.value, zero.reason, zero.n, zero.interval]).toEqual([
      null,
      "zero-denominator",
      0,
      null,
    ]);
    expect(zero.warnings).toEqual([
      { code: "zero-denominator", message: "No reach: the engagement rate is undefined." },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Engagement score

const targetX = [{ name: "x", weight: 1, normalize: "target", target: 1 }] as const;
const minMaxX = [{ name: "x", weight: 1, normalize: "min-max" }] as const;

describe("engagementScore: summary", () => {
  it("the mean of the scores is compensated (the correctly rounded mean)", () => {
    // Target 1: each score is 100·x exactly for these x (u = 2^-51 below):
    //   2^-53 -> 100·2^-53 = 25u;  0.5 -> 50;  1 − 2^-48 -> 100 − 25·2^-46 (twice).
    // Exact sum 250 − 50·2^-46 + 25u = 250 − 1575u; doubles near 250 are 64u apart:
    //   1575/64 = 24.6 -> 250 − 25·64u = 250 − 25·2^-45; mean /4 = 62.5 − 25·2^-47.
    // A plain sum of the sorted scores rounds twice the wrong way (50 + 25u -> 50 + 32u; then
    //   250 − 49·2^-46 is a tie -> 250 − 48·2^-46) and ends at 250 − 24·2^-45: mean 62.5 − 24·2^-47.
    // Neumaier keeps −7u and −32u: 250 − 24·2^-45 − 39u = 250 − 1575u -> 250 − 25·2^-45.
    const customers = deepFreeze([
      { x: 2 ** -53 },
      { x: 0.5 },
      { x: 1 - 2 ** -48 },
      { x: 1 - 2 ** -48 },
    ]);
    const r = engagementScore(customers, { components: targetX });
    expect(r.rows.map((row) => row.score)).toEqual([
      100 * 2 ** -53,
      50,
      100 - 25 * 2 ** -46,
      100 - 25 * 2 ** -46,
    ]);
    expect(r.value).toBe(62.5 - 25 * 2 ** -47);
    expect(r.summary.mean).toBe(62.5 - 25 * 2 ** -47);
  });

  it("no customers: the whole empty result, without tiers", () => {
    expect(engagementScore([], { components: targetX })).toEqual({
      metric: "engagementScore",
      value: null,
      reason: "empty",
      n: 0,
      scored: 0,
      summary: { mean: null, min: null, q1: null, median: null, q3: null, max: null },
      rows: [],
      weights: [{ name: "x", weight: 1, normalized: 1 }],
      tiers: null,
      missing: "skip-and-reweight",
      scale: {
        version: 1,
        components: [
          { name: "x", n: 0, min: null, max: null, mean: null, sd: null, distribution: null },
        ],
      },
      warnings: [{ code: "empty", message: "No customers: nothing to score." }],
    });
  });
});

describe("engagementScore: warnings", () => {
  it('missing values under "zero", and a target component never warns about its scale', () => {
    // x: null and 1 (one value in the scale, which a min-max component would warn about; a
    // target component does not use the scale). Scores: 0 (missing at full weight) and 50.
    const r = engagementScore([{ x: null }, { x: 1 }], {
      components: [{ name: "x", weight: 1, normalize: "target", target: 2 }],
      missing: "zero",
    });
    expect(r.rows.map((row) => row.score)).toEqual([0, 50]);
    expect(r.warnings).toEqual([
      { code: "missing-values", message: "1 of 2 customers have no x: it scores 0 for them." },
    ]);
    // The same values, constant, and nothing missing: no warning at all.
    const constant = engagementScore([{ x: 1 }, { x: 1 }], {
      components: [{ name: "x", weight: 1, normalize: "target", target: 2 }],
    });
    expect(constant.warnings).toEqual([]);
  });

  it("a component without values, a constant one, and customers without a score", () => {
    // x is missing for both: no scale data; y (0 and 100 by min-max) scores them alone.
    const noData = engagementScore([{ x: null, y: 1 }, { y: 3 }], {
      components: [...minMaxX, { name: "y", weight: 1, normalize: "min-max" }],
    });
    expect(noData.rows.map((row) => row.score)).toEqual([0, 100]);
    expect(noData.warnings).toEqual([
      {
        code: "missing-values",
        message: "2 of 2 customers have no x: their scores use the other components, reweighted.",
      },
      {
        code: "no-scale-data",
        message: "The scale has no values of x: it cannot be normalised and counts as missing.",
      },
    ]);
    const constant = engagementScore([{ x: 3 }], { components: minMaxX });
    expect(constant.warnings).toEqual([
      {
        code: "constant-component",
        message:
          "x has one value (3) in the scale: it scores 50 at that value, 0 below, 100 above.",
      },
    ]);
    // 1 and 3 score 0 and 100; the customer without x has no score.
    const unscored = engagementScore([{ x: null }, { x: 1 }, { x: 3 }], { components: minMaxX });
    expect(unscored.rows.map((row) => row.score)).toEqual([null, 0, 100]);
    expect(unscored.warnings).toEqual([
      {
        code: "missing-values",
        message: "1 of 3 customers have no x: their scores use the other components, reweighted.",
      },
      {
        code: "unscored",
        message: "1 of 3 customers have no score: no weighted component has a value.",
      },
    ]);
  });

  it("against a scale without data for a component, no value is out of its (absent) range", () => {
    // The entry has n = 0 and no min or max: x cannot be scored, so both customers are unscored,
    // but −5 and 5 are not "outside the fitted range".
    const scale: EngagementScale = {
      version: 1,
      components: [
        { name: "x", n: 0, min: null, max: null, mean: null, sd: null, distribution: null },
      ],
    };
    const r = engagementScore([{ x: -5 }, { x: 5 }], { components: minMaxX, scale });
    expect(r.rows.map((row) => [row.score, row.reason])).toEqual([
      [null, "empty"],
      [null, "empty"],
    ]);
    expect(r.warnings.map((w) => w.code)).toEqual(["no-scale-data", "unscored"]);
    expect(safeEngagementScore([{ x: -5 }], { components: minMaxX, scale }).ok).toBe(true);
  });
});
