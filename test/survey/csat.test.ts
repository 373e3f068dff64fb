import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import { MetricsInputError } from "../../src/errors.ts";
import { runMetric } from "../../src/metric.ts";
import {
  type CsatResult,
  csat,
  csatFromCounts,
  csatMetric,
  csatOptionsSchema,
  csatRatingSchema,
  csatTallyFromCounts,
  emptyCsatTally,
  mergeCsatTallies,
  safeCsat,
  safeCsatFromCounts,
} from "../../src/survey/csat.ts";
import { responseWeightSchema } from "../../src/survey/nps.ts";
import {
  anyValue,
  deepFreeze,
  expectInputError,
  inputErrorOf,
  jsonRoundTrip,
  withShuffle,
} from "./helpers.ts";

const Z95 = 1.959963984540054; // R: qnorm(0.975)

// ---------------------------------------------------------------------------------------------
// Real data: Olist order reviews (CC BY-NC-SA 4.0, tests only; see the fixture's README).

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "olist-reviews", "reviews.csv");

interface Review {
  readonly id: string;
  readonly score: number;
  /** `YYYY-MM-DD HH:MM:SS`, local time of the source. */
  readonly created: string;
}

function readReviews(): readonly Review[] {
  // The fixture has no quotes or embedded commas (hex ids, digits, timestamps).
  const [header, ...lines] = readFileSync(FIXTURE, "utf8").trimEnd().split("\n");
  expect(header).toBe("review_id,review_score,review_creation_date");
  return deepFreeze(
    lines.map((line) => {
      const [id, score, created] = line.split(",");
      return { id: id ?? "", score: Number(score), created: created ?? "" };
    }),
  );
}

describe("csat: Olist reviews (real data)", () => {
  let reviews: readonly Review[] = [];
  let db: DuckDBInstance;

  beforeAll(async () => {
    reviews = readReviews();
    db = await DuckDBInstance.create(":memory:");
  });
  afterAll(() => db.closeSync());

  /** Rows as arrays of numbers and strings, columns in the order of the SELECT. */
  async function query(sql: string): Promise<(number | string)[][]> {
    const connection = await db.connect();
    try {
      const rows = (await connection.runAndReadAll(sql)).getRowsJS();
      return rows.map((row) => row.map((cell) => (typeof cell === "string" ? cell : Number(cell))));
    } finally {
      connection.closeSync();
    }
  }
  const source = `read_csv('${FIXTURE}', header = true)`;

  it("matches the published counts and CSAT 77.5% = 4747 / 6123", () => {
    // Source: the dataset's README: 1→668, 2→189, 3→519, 4→1,149, 5→3,598; CSAT 77.5%.
    const r = csat(reviews, { rating: "score" });
    expect(r.n).toBe(6123);
    expect(r.distribution).toEqual([
      { answer: 1, count: 668 },
      { answer: 2, count: 189 },
      { answer: 3, count: 519 },
      { answer: 4, count: 1149 },
      { answer: 5, count: 3598 },
    ]);
    expect(r.satisfied).toBe(4747);
    expect(r.value).toBe(4747 / 6123);
    expect(r.value).toBeCloseTo(0.775, 3);
    // Wilson by hand: p = 0.7752736, z²/n = 3.8414588 / 6123 = 0.00062738,
    // centre = (p + z²/2n) / (1 + z²/n) = 0.7751006, half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
    // = 1.9587351 · 0.0053337 = 0.0104531 -> [0.7646479, 0.7855540]
    expect(r.interval?.lower).toBeCloseTo(0.7646479, 6);
    expect(r.interval?.upper).toBeCloseTo(0.785554, 6);
    expect(r.warnings).toEqual([]);
  });

  it("agrees with an independent DuckDB query for the distribution, mean and its SE", async () => {
    const rows = await query(
      `SELECT review_score AS answer, count(*) AS n FROM ${source} GROUP BY 1 ORDER BY 1`,
    );
    const [stats] = await query(
      `SELECT avg(review_score) AS mean, stddev_samp(review_score) AS sd, count(*) AS n FROM ${source}`,
    );
    const r = csat(reviews, { rating: "score" });
    expect(r.distribution).toEqual(rows.map(([answer, count]) => ({ answer, count })));
    const [mean, sd, n] = stats as number[];
    expect(r.mean).toBeCloseTo(mean as number, 12);
    // Unweighted SE of the mean is s / √n with the n − 1 sample standard deviation.
    expect(r.meanStandardError).toBeCloseTo((sd as number) / Math.sqrt(n as number), 12);
    expect(r.meanInterval?.lower).toBeCloseTo(
      (r.mean as number) - Z95 * (r.meanStandardError as number),
      12,
    );
  });

  it("by month: routing to tallies and merging equals the whole; each month matches DuckDB", async () => {
    const metric = csatMetric<Review>({ rating: "score" });
    const byMonth = new Map<string, ReturnType<typeof metric.init>>();
    reviews.forEach((review, i) => {
      const month = review.created.slice(0, 7);
      let state = byMonth.get(month);
      if (state === undefined) byMonth.set(month, (state = metric.init()));
      metric.add(state, review, i);
    });
    const tallies = [...byMonth.values()].map((s) => metric.tally(s));
    const total = tallies.reduce(metric.merge, metric.empty());
    expect(metric.finalize(total)).toEqual(csat(reviews, { rating: "score" }));

    const rows = await query(
      `SELECT strftime(review_creation_date, '%Y-%m') AS month,
              count(*) FILTER (WHERE review_score >= 4) AS satisfied, count(*) AS n
       FROM ${source} GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.length).toBe(byMonth.size);
    for (const [month, satisfied, n] of rows) {
      const result = metric.finalize(metric.tally(byMonth.get(String(month))!));
      expect(result.n).toBe(n);
      expect(result.satisfied).toBe(satisfied);
      expect(result.value).toBe((satisfied as number) / (n as number));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("csat: reference vectors", () => {
  // Source: /work/shared/reference/README.md: counts 10, 15, 25, 30, 20 for answers 1..5
  // -> CSAT (share of 4-5) = 50 / 100 = 0.50, mean = (10 + 30 + 75 + 120 + 100) / 100 = 3.35.
  const counts = deepFreeze({ counts: [10, 15, 25, 30, 20] });

  it("gives 0.50 and mean 3.35", () => {
    const r = csatFromCounts(counts);
    expect(r.metric).toBe("csat");
    expect(r.value).toBe(0.5);
    expect(r.satisfied).toBe(50);
    expect(r.total).toBe(100);
    expect(r.n).toBe(100);
    expect(r.effectiveN).toBe(100);
    expect(r.mean).toBeCloseTo(3.35, 14);
    expect(r.reason).toBeNull();
    expect(r.distribution).toEqual([
      { answer: 1, count: 10 },
      { answer: 2, count: 15 },
      { answer: 3, count: 25 },
      { answer: 4, count: 30 },
      { answer: 5, count: 20 },
    ]);
  });

  it("gives the Wilson interval of 50/100, by hand", () => {
    // Wilson (1927), closed form: with p = 0.5, n = 100, z = 1.959963984540054, z² = 3.841458820694124
    //   centre = (p + z²/2n) / (1 + z²/n) = 0.5 (symmetric)
    //   half = z / (1 + z²/n) · √(p(1−p)/n + z²/(4n²))
    //        = 1.959963984540054 / 1.0384145882069412 · √(0.0025 + 0.0000960365)
    //        = 1.8874586 · 0.0509513 = 0.0961685
    //   -> [0.4038315, 0.5961685]  (R: prop.test(50, 100, correct = FALSE)$conf.int)
    const r = csatFromCounts(counts);
    expect(r.interval?.method).toBe("wilson");
    expect(r.interval?.level).toBe(0.95);
    expect(r.interval?.lower).toBeCloseTo(0.4038315, 7);
    expect(r.interval?.upper).toBeCloseTo(0.5961685, 7);
    // Half-width 0.096 < maxMargin 0.1 and n = 100 >= 30: no warnings.
    expect(r.warnings).toEqual([]);
  });

  it("gives the mean's standard error s/√n and normal interval, by hand", () => {
    // Σ c (x − 3.35)² = 10·5.5225 + 15·1.8225 + 25·0.1225 + 30·0.4225 + 20·2.7225 = 152.75
    // s² = 152.75 / 99 = 1.5429293; SE = √(1.5429293 / 100) = 0.1242147
    // interval = 3.35 −/+ 1.959963984540054 · 0.1242147 = [3.1065437, 3.5934563]
    const r = csatFromCounts(counts);
    expect(r.meanStandardError).toBeCloseTo(0.1242147, 7);
    expect(r.meanInterval).toEqual({
      lower: expect.closeTo(3.1065437, 7),
      upper: expect.closeTo(3.5934563, 7),
      level: 0.95,
      method: "normal",
    });
  });

  it("matches Delighted's worked example (74 satisfied of 107 = 69%)", () => {
    // Source: Delighted help, "How is CSAT calculated?": 5→42, 4→32, 3→10, 2→9, 1→14.
    const r = csatFromCounts(deepFreeze({ counts: [14, 9, 10, 32, 42] }));
    expect(r.satisfied).toBe(74);
    expect(r.value).toBe(74 / 107);
    expect(Math.round(100 * (r.value as number))).toBe(69);
  });

  it("gives the same from raw answers as from counts", () => {
    const raw: number[] = [];
    counts.counts.forEach((c, k) => {
      for (let i = 0; i < c; i++) raw.push(k + 1);
    });
    expect(csat(deepFreeze(raw))).toEqual(csatFromCounts(counts));
    expect(csatTallyFromCounts(counts)).toEqual({
      counts: [10, 15, 25, 30, 20],
      responses: 100,
      sumSquaredWeights: 100,
    });
  });
});

describe("csat: edge cases", () => {
  it("returns value null with reason empty for no answers, without throwing", () => {
    const r = csat(deepFreeze([]));
    expect(r).toEqual({
      metric: "csat",
      value: null,
      reason: "empty",
      n: 0,
      effectiveN: 0,
      satisfied: 0,
      total: 0,
      interval: null,
      mean: null,
      meanStandardError: null,
      meanInterval: null,
      distribution: [1, 2, 3, 4, 5].map((answer) => ({ answer, count: 0 })),
      warnings: [{ code: "empty", message: "No answers: the CSAT is undefined." }],
    } satisfies CsatResult);
    expect(jsonRoundTrip(r)).toEqual(r);
    expect(csatFromCounts({ counts: [0, 0, 0, 0, 0] })).toEqual(r);
  });

  it("handles a single answer", () => {
    // Wilson of 1/1 by hand: p = 1, so half = z²/(2(1 + z²)) and upper = 1,
    // lower = 1 / (1 + z²) = 1 / 4.841458820694124 = 0.2065493
    const r = csat(deepFreeze([4]));
    expect(r.value).toBe(1);
    expect(r.mean).toBe(4);
    expect(r.interval?.upper).toBe(1);
    expect(r.interval?.lower).toBeCloseTo(0.2065493, 7);
    // One answer has no spread: no standard error of the mean.
    expect(r.meanStandardError).toBeNull();
    expect(r.meanInterval).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["small-sample", "wide-interval"]);
    expect(jsonRoundTrip(r)).toEqual(r);
  });

  it("puts answers exactly at the threshold on the satisfied side (3 is not, 4 is)", () => {
    expect(csat([3]).value).toBe(0);
    expect(csat([4]).value).toBe(1);
    expect(csat([1, 2, 3, 4, 5]).value).toBe(0.4);
    expect(csat([3], { satisfiedMin: 3 }).value).toBe(1);
    expect(csat([4], { satisfiedMin: 5 }).value).toBe(0);
    expect(csat([5], { satisfiedMin: 5 }).value).toBe(1);
  });

  it("supports other scales with top-2-box as the default threshold", () => {
    // 1..7: satisfied = 6 and 7.
    const seven = csat(deepFreeze([5, 6, 7]), { scaleMax: 7 });
    expect(seven.value).toBeCloseTo(2 / 3, 14);
    expect(seven.distribution.map((d) => d.answer)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // 0..10 with satisfiedMin 9.
    const eleven = csat(deepFreeze([8, 9, 10, 0]), { scaleMin: 0, scaleMax: 10, satisfiedMin: 9 });
    expect(eleven.value).toBe(0.5);
    expect(eleven.mean).toBe(6.75);
    // A two-answer scale (thumbs down 0 / up 1): the default threshold is the top answer.
    expect(csat(deepFreeze([0, 1, 1, 1]), { scaleMin: 0, scaleMax: 1 }).value).toBe(0.75);
    // Negative answers are fine.
    expect(csat(deepFreeze([-2, 2]), { scaleMin: -2, scaleMax: 2 }).value).toBe(0.5);
  });

  it("weights: all weights 1 equal the unweighted result", () => {
    const records = deepFreeze([1, 3, 4, 4, 5, 2].map((rating) => ({ rating, w: 1 })));
    expect(csat(records, { rating: "rating", weight: "w" })).toEqual(
      csat(records, { rating: "rating" }),
    );
  });

  it("weights: share and mean are weighted; intervals use the Kish effective n", () => {
    // Ratings 5, 4, 1 with weights 1, 2, 3: total 6; satisfied 1 + 2 = 3 -> share 0.5.
    // mean = (5 + 8 + 3) / 6 = 8/3. Kish n_eff = 6² / (1 + 4 + 9) = 36/14 = 2.5714286.
    // Weighted variance v = [1·(7/3)² + 2·(4/3)² + 3·(5/3)²] / 6 = (156/9) / 6 = 26/9.
    // SE(mean) = √(v / (n_eff − 1)) = √((26/9) / (22/14)) = √(364/198) = 1.3558701.
    // Wilson on n_eff: z²/n = 3.8414588 · 7/18 = 1.4939007; centre 0.5;
    // half = z/(1 + 1.4939007) · √(0.25/2.5714286 + 3.8414588/(4 · 2.5714286²))
    //      = 0.7859038 · √(0.0972222 + 0.1452398) = 0.3869825 -> [0.1130175, 0.8869825]
    const records = deepFreeze([
      { rating: 5, w: 1 },
      { rating: 4, w: 2 },
      { rating: 1, w: 3 },
    ]);
    const r = csat(records, { rating: "rating", weight: "w" });
    expect(r.n).toBe(3);
    expect(r.total).toBe(6);
    expect(r.satisfied).toBe(3);
    expect(r.value).toBe(0.5);
    expect(r.mean).toBeCloseTo(8 / 3, 14);
    expect(r.effectiveN).toBeCloseTo(2.5714286, 7);
    expect(r.meanStandardError).toBeCloseTo(1.3558701, 7);
    expect(r.interval?.lower).toBeCloseTo(0.1130175, 7);
    expect(r.interval?.upper).toBeCloseTo(0.8869825, 7);
    expect(r.distribution.map((d) => d.count)).toEqual([3, 0, 0, 2, 1]);
    // The same from a weighted tally: counts are weighted sums, with Σw² given.
    const fromCounts = csatFromCounts(
      deepFreeze({ counts: [3, 0, 0, 2, 1], sumSquaredWeights: 14, responses: 3 }),
    );
    expect(fromCounts).toEqual(r);
    // A weight function of the record and its index.
    const byFunction = csat(records, { rating: "rating", weight: (_, i) => i + 1 });
    expect(byFunction).toEqual(r);
  });

  it("zero total weight gives value null with reason zero-denominator", () => {
    const r = csat(
      deepFreeze([
        { r: 5, w: 0 },
        { r: 1, w: 0 },
      ]),
      { rating: "r", weight: "w" },
    );
    expect(r.value).toBeNull();
    expect(r.reason).toBe("zero-denominator");
    expect(r.n).toBe(2);
    expect(r.effectiveN).toBe(0);
    expect(r.mean).toBeNull();
    expect(r.interval).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["zero-denominator"]);
    expect(jsonRoundTrip(r)).toEqual(r);
  });

  it("warns about small samples and wide intervals, with configurable limits", () => {
    // 20 answers, half satisfied: Wilson half-width ≈ 0.2 > 0.1, and 20 < 30.
    const small = csat(deepFreeze([...Array(10).fill(5), ...Array(10).fill(1)]));
    expect(small.warnings.map((w) => w.code)).toEqual(["small-sample", "wide-interval"]);
    expect(small.warnings[0]?.message).toBe(
      "Only 20 responses (fewer than 30): treat the value as indicative.",
    );
    const relaxed = csat(deepFreeze([...Array(10).fill(5), ...Array(10).fill(1)]), {
      minSampleSize: 20,
      maxMargin: 0.25,
    });
    expect(relaxed.warnings).toEqual([]);
  });

  it("merges tallies with the empty tally as identity", () => {
    const a = deepFreeze({ counts: [0, 1, 0, 2, 3], responses: 6, sumSquaredWeights: 6 });
    const b = deepFreeze({ counts: [4, 0, 0, 0, 1], responses: 5, sumSquaredWeights: 5 });
    expect(mergeCsatTallies(a, b)).toEqual({
      counts: [4, 1, 0, 2, 4],
      responses: 11,
      sumSquaredWeights: 11,
    });
    expect(mergeCsatTallies(emptyCsatTally(), a)).toEqual(a);
    expect(mergeCsatTallies(a, emptyCsatTally())).toEqual(a);
    expect(emptyCsatTally({ scaleMin: 0, scaleMax: 10 }).counts).toHaveLength(11);
    expect(csatMetric({ scaleMax: 7 }).empty().counts).toHaveLength(7);
  });

  it("reads records through a property name, a function, or runMetric", () => {
    const records = deepFreeze([{ stars: 5 }, { stars: 2 }, { stars: 4 }, { stars: 3 }]);
    const byName = csat(records, { rating: "stars" });
    expect(byName.value).toBe(0.5);
    expect(csat(records, { rating: (r) => r.stars })).toEqual(byName);
    expect(runMetric(csatMetric<{ stars: number }>({ rating: "stars" }), records)).toEqual(byName);
  });
});

describe("csat: bad input", () => {
  const badRatings: readonly [unknown, string][] = [
    [6, "too big"],
    [11, "far too big"],
    [0, "below the scale"],
    [-1, "negative"],
    [4.5, "not an integer"],
    ["4", "a numeric string"],
    [Number.NaN, "NaN"],
    [null, "null"],
    [undefined, "undefined"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    [{}, "an object"],
  ];

  for (const [bad, label] of badRatings) {
    it(`rejects ${label}, naming the record and field`, () => {
      const plain = deepFreeze([5, 4, 3, bad]) as readonly number[];
      expectInputError(
        () => csat(plain),
        () => safeCsat(plain),
        [3],
        "[3]: expected an integer 1-5",
      );
      const records = deepFreeze([{ stars: 5 }, { stars: 4 }, { stars: 3 }, { stars: bad }]);
      expectInputError(
        () => csat(records, { rating: "stars" }),
        () => safeCsat(records, { rating: "stars" }),
        [3, "stars"],
        "[3].stars: expected an integer 1-5",
      );
      expectInputError(
        () => runMetric(csatMetric<{ stars: unknown }>({ rating: (r) => r.stars }), records),
        () => safeCsat(records, { rating: (r) => r.stars }),
        [3],
        "[3]: expected an integer 1-5",
      );
    });
  }

  it("names the scale in the message of a custom scale", () => {
    expectInputError(
      () => csat([11], { scaleMin: 0, scaleMax: 10 }),
      () => safeCsat([11], { scaleMin: 0, scaleMax: 10 }),
      [0],
      "[0]: expected an integer 0-10",
    );
  });

  it("rejects a missing field and a non-array input", () => {
    const records = deepFreeze([{ stars: 5 }, { rating: 4 }]) as readonly { stars?: number }[];
    expectInputError(
      () => csat(records, { rating: "stars" }),
      () => safeCsat(records, { rating: "stars" }),
      [1, "stars"],
      "[1].stars: expected an integer 1-5",
    );
    const notArray = deepFreeze({ length: 1, 0: 5 }) as unknown as readonly number[];
    expectInputError(
      () => csat(notArray),
      () => safeCsat(notArray),
      [],
    );
  });

  it("rejects bad weights, naming the record", () => {
    for (const w of [-1, Number.NaN, Infinity, "1", null, undefined]) {
      const records = deepFreeze([
        { r: 5, w: 1 },
        { r: 5, w },
      ]);
      expectInputError(
        () => csat(records, { rating: "r", weight: "w" }),
        () => safeCsat(records, { rating: "r", weight: "w" }),
        [1, "w"],
        "[1].w: expected a finite weight >= 0",
      );
    }
  });

  it("rejects bad and impossible options at options.<name>", () => {
    const cases: readonly [Record<string, unknown>, readonly (string | number)[], string?][] = [
      [
        { satisfiedMin: 6 },
        ["options", "satisfiedMin"],
        "options.satisfiedMin: satisfiedMin (6) must be an answer from 2 to 5",
      ],
      [{ satisfiedMin: 1 }, ["options", "satisfiedMin"]],
      [{ satisfiedMin: 0 }, ["options", "satisfiedMin"]],
      [{ satisfiedMin: 4.5 }, ["options", "satisfiedMin"]],
      [
        { scaleMin: 5, scaleMax: 5 },
        ["options", "scaleMax"],
        "options.scaleMax: scaleMax (5) must be greater than scaleMin (5)",
      ],
      [{ scaleMin: 3, scaleMax: 1 }, ["options", "scaleMax"]],
      [{ scaleMin: 6 }, ["options", "scaleMin"]],
      [{ scaleMax: 1.5 }, ["options", "scaleMax"]],
      [{ scaleMin: "1" }, ["options", "scaleMin"]],
      [{ scaleMin: 0, scaleMax: 1000 }, ["options", "scaleMax"]],
      [{ scaleMax: 10, satisfiedMin: 11 }, ["options", "satisfiedMin"]],
      [{ level: 1.5 }, ["options", "level"]],
      [{ level: 1 }, ["options", "level"]],
      [{ minSampleSize: -1 }, ["options", "minSampleSize"]],
      [{ maxMargin: 0 }, ["options", "maxMargin"]],
      [{ maxMargin: Infinity }, ["options", "maxMargin"]],
      [{ rating: 3 }, ["options", "rating"]],
      [{ weight: true }, ["options", "weight"]],
      [{ satisfied: 4 }, ["options"]],
    ];
    for (const [options, path, message] of cases) {
      const frozen = deepFreeze(options);
      expectInputError(
        () => csat([5], frozen),
        () => safeCsat([5], frozen),
        path,
        message,
      );
      expectInputError(
        () => csatFromCounts({ counts: [0, 0, 0, 0, 1] }, frozen),
        () => safeCsatFromCounts({ counts: [0, 0, 0, 0, 1] }, frozen),
        path,
        message,
      );
      expect(() => csatMetric(frozen)).toThrow(MetricsInputError);
      expect(() => csatRatingSchema(frozen)).toThrow(MetricsInputError);
    }
  });

  it("rejects bad counts", () => {
    const cases: readonly [unknown, readonly (string | number)[]][] = [
      [{ counts: [1, 2, 3] }, ["counts"]],
      [{ counts: [1, 2, 3, 4, 5, 6] }, ["counts"]],
      [{ counts: [1, -2, 3, 4, 5] }, ["counts", 1]],
      [{ counts: [1, 2, 3.5, 4, 5] }, ["counts", 2]],
      [{ counts: [1, 2, 3, Number.NaN, 5] }, ["counts", 3]],
      [{ counts: [1, 2, 3, 4, Infinity] }, ["counts", 4]],
      [{ counts: [1, 2, 3, 4, "5"] }, ["counts", 4]],
      [{ counts: "1,2,3,4,5" }, ["counts"]],
      [{ counts: [1, 2, 3, 4, 5], responses: -1 }, ["responses"]],
      [{ counts: [1, 2, 3, 4, 5], sumSquaredWeights: Number.NaN }, ["sumSquaredWeights"]],
      [{ counts: [1, 2, 3, 4, 5], extra: 1 }, []],
      [{ counts: [0.5, 0, 0, 0, 0], sumSquaredWeights: 0 }, ["sumSquaredWeights"]],
      [{}, ["counts"]],
      [null, []],
    ];
    for (const [counts, path] of cases) {
      const frozen = deepFreeze(counts) as Parameters<typeof csatFromCounts>[0];
      expectInputError(
        () => csatFromCounts(frozen),
        () => safeCsatFromCounts(frozen),
        path,
      );
      expect(() => csatTallyFromCounts(frozen)).toThrow(MetricsInputError);
    }
  });

  it("rejects merging or finalizing tallies of a different scale", () => {
    const five = emptyCsatTally();
    const seven = emptyCsatTally({ scaleMax: 7 });
    const error = inputErrorOf(() => mergeCsatTallies(five, seven));
    expect(error.issues[0]?.path).toEqual(["counts"]);
    expect(error.message).toBe(
      "counts: cannot merge tallies of different scales (5 and 7 answers)",
    );
    expect(inputErrorOf(() => csatMetric().finalize(seven)).message).toBe(
      "counts: expected 5 counts, one per answer 1-5",
    );
  });
});

describe("csat: properties", () => {
  /** A random scale, a threshold on it, and answers on it. */
  const scaled = fc
    .record({ scaleMin: fc.integer({ min: -3, max: 3 }), size: fc.integer({ min: 2, max: 11 }) })
    .chain(({ scaleMin, size }) =>
      fc.record({
        options: fc.record({
          scaleMin: fc.constant(scaleMin),
          scaleMax: fc.constant(scaleMin + size - 1),
          satisfiedMin: fc.integer({ min: scaleMin + 1, max: scaleMin + size - 1 }),
        }),
        answers: fc.array(fc.integer({ min: scaleMin, max: scaleMin + size - 1 }), {
          maxLength: 300,
        }),
      }),
    );

  it("stays in [0, 1] with an interval around it; the mean stays on the scale", () => {
    fc.assert(
      fc.property(scaled, ({ options, answers }) => {
        const r = csat(deepFreeze(answers), deepFreeze(options));
        expect(r.n).toBe(answers.length);
        expect(r.distribution.reduce((sum, d) => sum + d.count, 0)).toBe(answers.length);
        if (answers.length === 0) {
          expect(r.value).toBeNull();
          return;
        }
        const value = r.value as number;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(value).toBe(
          answers.filter((a) => a >= options.satisfiedMin).length / answers.length,
        );
        // The Wilson interval always contains the observed share.
        expect(r.interval!.lower).toBeGreaterThanOrEqual(0);
        expect(r.interval!.upper).toBeLessThanOrEqual(1);
        expect(r.interval!.lower).toBeLessThanOrEqual(value + 1e-12);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(value - 1e-12);
        const mean = r.mean as number;
        expect(mean).toBeGreaterThanOrEqual(options.scaleMin);
        expect(mean).toBeLessThanOrEqual(options.scaleMax);
        if (r.meanInterval !== null) {
          expect(r.meanInterval.lower).toBeLessThanOrEqual(mean);
          expect(r.meanInterval.upper).toBeGreaterThanOrEqual(mean);
          expect(r.meanInterval.lower).toBeGreaterThanOrEqual(options.scaleMin);
          expect(r.meanInterval.upper).toBeLessThanOrEqual(options.scaleMax);
        }
        expect(jsonRoundTrip(r)).toEqual(r);
      }),
    );
  });

  it("does not depend on the order of the answers (weighted too)", () => {
    const record = fc.record({
      r: fc.integer({ min: 1, max: 5 }),
      w: fc.integer({ min: 0, max: 9 }),
    });
    fc.assert(
      fc.property(withShuffle(fc.array(record, { maxLength: 200 })), ([a, b]) => {
        const options = { rating: "r", weight: "w" } as const;
        // Integer weights: every sum is exact, so results are equal, not just close.
        expect(csat(deepFreeze(b), options)).toEqual(csat(deepFreeze(a), options));
        expect(csat(deepFreeze(b.map((x) => x.r)))).toEqual(csat(deepFreeze(a.map((x) => x.r))));
      }),
    );
  });

  it("merging tallies of a random split equals the tally of the whole", () => {
    const record = fc.record({
      r: fc.integer({ min: 1, max: 5 }),
      w: fc.integer({ min: 0, max: 5 }),
      group: fc.nat({ max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), fc.boolean(), (records, weighted) => {
        const metric = csatMetric<{ r: number; w: number }>(
          weighted ? { rating: "r", weight: "w" } : { rating: "r" },
        );
        const states = [0, 1, 2, 3].map(() => metric.init());
        const whole = metric.init();
        deepFreeze(records).forEach((r, i) => {
          metric.add(states[r.group]!, r, i);
          metric.add(whole, r, i);
        });
        const merged = states.map((s) => metric.tally(s)).reduce(metric.merge, metric.empty());
        expect(merged).toEqual(metric.tally(whole));
        expect(metric.finalize(merged)).toEqual(metric.finalize(metric.tally(whole)));
      }),
    );
  });

  it("equal weights give the unweighted share and mean", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 100 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (answers, w) => {
          const plain = csat(deepFreeze(answers));
          const weighted = csat(deepFreeze(answers), { weight: () => w });
          expect(weighted.value).toBeCloseTo(plain.value as number, 12);
          expect(weighted.mean).toBeCloseTo(plain.mean as number, 12);
          expect(weighted.effectiveN).toBeCloseTo(plain.effectiveN, 9);
        },
      ),
    );
  });

  it("the inline check accepts exactly what csatRatingSchema accepts", () => {
    const eleven = csatRatingSchema({ scaleMin: 0, scaleMax: 10 });
    fc.assert(
      fc.property(anyValue, (value) => {
        const accepted = z.safeParse(csatRatingSchema(), value).success;
        expect(safeCsat([value] as number[]).ok).toBe(accepted);
        expect(safeCsat([{ r: value }], { rating: "r" }).ok).toBe(accepted);
        expect(safeCsat([value], { rating: (v) => v }).ok).toBe(accepted);
        const options = { scaleMin: 0, scaleMax: 10 };
        expect(safeCsat([value] as number[], options).ok).toBe(z.safeParse(eleven, value).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("the inline weight check accepts exactly what responseWeightSchema accepts", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const accepted = z.safeParse(responseWeightSchema, value).success;
        expect(safeCsat([{ r: 5, w: value }], { rating: "r", weight: "w" }).ok).toBe(accepted);
      }),
      { numRuns: 1000 },
    );
  });

  it("options the schema rejects are rejected by the functions", () => {
    fc.assert(
      fc.property(
        fc.record(
          { scaleMin: anyValue, scaleMax: anyValue, satisfiedMin: anyValue, level: anyValue },
          { requiredKeys: [] },
        ),
        (options) => {
          const parsed = z.safeParse(csatOptionsSchema, options);
          if (!parsed.success) {
            expect(safeCsat([], options as Parameters<typeof csat>[1]).ok).toBe(false);
          }
        },
      ),
    );
  });
});

describe("csat: Metric extras (compare, histogram)", () => {
  it("compares two groups' CSAT with the two-proportion test, by hand", () => {
    // a: 50 satisfied of 100; b: counts 20 each -> 40 of 100. difference = 0.1.
    // Pooled p̄ = 90/200 = 0.45; SE₀ = √(0.45 · 0.55 · (1/100 + 1/100)) = √0.00495 = 0.0703562
    // z = 0.1 / 0.0703562 = 1.4213381; p = erfc(1.4213381/√2) = 0.1552185
    // (R: prop.test(c(50, 40), c(100, 100), correct = FALSE): X-squared = 2.0202 = z², p = 0.1552)
    // Newcombe hybrid score interval from the Wilson intervals [0.4038315, 0.5961685] and
    // [0.3094013, 0.4979974]: 0.1 − √(0.0961685² + 0.0979974²) = −0.0373021,
    // 0.1 + √(0.0961685² + 0.0905987²) = 0.2321231
    const metric = csatMetric();
    const a = csatTallyFromCounts({ counts: [10, 15, 25, 30, 20] });
    const b = csatTallyFromCounts({ counts: [20, 20, 20, 20, 20] });
    const c = metric.compare!(deepFreeze(a), deepFreeze(b), 0.95);
    expect(c.difference).toBeCloseTo(0.1, 14);
    expect(c.reason).toBeNull();
    expect(c.standardError).toBeCloseTo(0.0703562, 7);
    expect(c.z).toBeCloseTo(1.4213381, 7);
    expect(c.pValue).toBeCloseTo(0.1552185, 7);
    expect(c.interval?.lower).toBeCloseTo(-0.0373021, 7);
    expect(c.interval?.upper).toBeCloseTo(0.2321231, 7);
    expect(c.interval?.method).toBe("newcombe");
    expect(metric.compare!(metric.empty(), b, 0.95).reason).toBe("empty");
  });

  it("has a histogram fast path when unweighted, giving the same tally as add", () => {
    expect(csatMetric({ weight: () => 1 }).histogram).toBeUndefined();
    const byName = csatMetric<{ r: number }>({ rating: "r", scaleMin: 0, scaleMax: 10 }).histogram!;
    expect([byName.field, byName.get, byName.min, byName.max]).toEqual(["r", undefined, 0, 10]);
    const error = byName.invalid(11, [4, "r"]);
    expect(error.message).toBe("[4].r: expected an integer 0-10");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 100 }), (answers) => {
        const metric = csatMetric();
        const state = metric.init();
        answers.forEach((a, i) => {
          metric.add(state, a, i);
        });
        const counts = new Float64Array(5);
        for (const a of answers) counts[a - 1] = (counts[a - 1] as number) + 1;
        expect(metric.histogram!.fromCounts(counts)).toEqual(metric.tally(state));
      }),
    );
  });

  it("the histogram's error equals the one add throws", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const metric = csatMetric<{ r: unknown }>({ rating: "r" });
        const result = safeCsat([{ r: value }], { rating: "r" });
        if (!result.ok) {
          expect(metric.histogram!.invalid(value, [0, "r"])).toEqual(result.error);
        }
      }),
    );
  });
});

describe("csat: types", () => {
  it("has the documented signatures", () => {
    expectTypeOf(csat([5])).toEqualTypeOf<CsatResult>();
    expectTypeOf(csat([{ s: 5 }], { rating: "s" })).toEqualTypeOf<CsatResult>();
    expectTypeOf(csatFromCounts({ counts: [1, 2, 3, 4, 5] })).toEqualTypeOf<CsatResult>();
    // @ts-expect-error: "t" is not a field of the records
    const misspelt = () => csat([{ s: 5 }], { rating: "t" });
    expect(misspelt).toThrow(MetricsInputError);
    expectTypeOf(
      csatMetric<{ s: number }>({ rating: "s" }).finalize,
    ).returns.toEqualTypeOf<CsatResult>();
    // The scale helpers take the same options object as csat, accessors included.
    const options = { rating: "s", scaleMax: 7 } as const;
    expect(csatRatingSchema<{ s: number }>(options).safeParse(7).success).toBe(true);
    expect(emptyCsatTally<{ s: number }>(options).counts).toHaveLength(7);
  });
});
