import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import { MetricsInputError } from "../../src/errors.ts";
import { runMetric } from "../../src/metric.ts";
import {
  compareNps,
  emptyNpsTally,
  mergeNpsTallies,
  type NpsResult,
  type NpsTally,
  nps,
  npsFromCounts,
  npsMetric,
  npsOptionsSchema,
  npsSampleSize,
  npsScoreSchema,
  npsTallyFromCounts,
  responseWeightSchema,
  safeCompareNps,
  safeNps,
  safeNpsFromCounts,
  safeNpsSampleSize,
} from "../../src/survey/nps.ts";
import { anyValue, deepFreeze, expectInputError, jsonRoundTrip, withShuffle } from "./helpers.ts";

const Z95 = 1.959963984540054; // R: qnorm(0.975)

/** n answers of one score each, frozen. */
function answers(counts: Readonly<Record<number, number>>): readonly number[] {
  const out: number[] = [];
  for (const [score, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++) out.push(Number(score));
  }
  return deepFreeze(out);
}

describe("nps: reference vectors", () => {
  // Source: /work/shared/reference/README.md (cybaea.net derivation; R package `NPS`,
  // nps.var / nps.se): 100 promoters, 60 passives, 40 detractors, n = 200.
  //   p = 0.5, d = 0.2, NPS = 100 * (0.5 - 0.2) = 30 points
  //   Var1 = (p + d) - (p - d)^2 = 0.7 - 0.09 = 0.61;  Var = Var1 / n = 0.61 / 200 = 0.00305
  //   SE = 100 * sqrt(0.00305) = 5.5227 points
  //   Wald margin = 1.959963984540054 * 5.522681 = 10.824 points -> [19.18, 40.82]
  const counts = deepFreeze({ promoters: 100, passives: 60, detractors: 40 });

  it("gives 30 points, SE 5.5227 and the Wald interval [19.18, 40.82]", () => {
    const r = npsFromCounts(counts, deepFreeze({ interval: "wald" }));
    expect(r.value).toBeCloseTo(30, 12);
    expect(r.n).toBe(200);
    expect(r.effectiveN).toBe(200);
    expect(r.reason).toBeNull();
    expect(r.shares).toEqual({ promoters: 0.5, passives: 0.3, detractors: 0.2 });
    expect(((r.standardError as number) / 100) ** 2).toBeCloseTo(0.00305, 10);
    expect(r.standardError).toBeCloseTo(5.5227, 4);
    expect(r.interval?.method).toBe("wald");
    expect(r.interval?.level).toBe(0.95);
    expect((r.interval!.upper - r.interval!.lower) / 2).toBeCloseTo(10.824, 3);
    expect(r.interval?.lower).toBeCloseTo(19.18, 2);
    expect(r.interval?.upper).toBeCloseTo(40.82, 2);
  });

  it("gives the adjusted-Wald interval of Rocks (2016) by default", () => {
    // Rocks, The American Statistician 2016 (arXiv:1601.07235): add 3/4 to promoters and to
    // detractors and 3 to n, then apply the Wald formula. By hand:
    //   n' = 203, p' = 100.75 / 203 = 0.4963054187, d' = 40.75 / 203 = 0.2007389163
    //   centre = p' - d' = 60 / 203 = 0.2955665025
    //   Var1' = (p' + d') - centre^2 = 0.6970443350 - 0.0873595574 = 0.6096847776
    //   margin = 1.959963984540054 * sqrt(0.6096847776 / 203) = 0.1074119863
    //   interval = 100 * (0.2955665025 -/+ 0.1074119863) = [18.8155, 40.2978]
    const r = npsFromCounts(counts);
    expect(r.value).toBeCloseTo(30, 12); // the value itself is not adjusted
    expect(r.interval?.method).toBe("adjusted-wald");
    expect(r.interval?.lower).toBeCloseTo(18.8155, 4);
    expect(r.interval?.upper).toBeCloseTo(40.2978, 4);
    // Half-width 10.74 > the default maxMargin of 10 points; 203 > 30 answers.
    expect(r.warnings.map((w) => w.code)).toEqual(["wide-interval"]);
    expect(npsFromCounts(counts, { maxMargin: 11 }).warnings).toEqual([]);
  });

  it("gives the same from raw answers as from counts", () => {
    const raw = answers({ 10: 50, 9: 50, 8: 30, 7: 30, 6: 10, 3: 20, 0: 10 });
    expect(nps(raw)).toEqual(npsFromCounts(counts));
  });

  it("uses the level for z", () => {
    // R: qnorm(0.995) = 2.5758293035489004; Wald 99% margin = 2.5758293 * 5.5226805 = 14.2255
    const r = npsFromCounts(counts, { interval: "wald", level: 0.99 });
    expect((r.interval!.upper - r.interval!.lower) / 2).toBeCloseTo(14.2255, 3);
    expect(r.interval?.level).toBe(0.99);
  });
});

describe("compareNps", () => {
  it("is the two-sample z-test, by hand", () => {
    // a: 100/60/40 -> NPS 30, Var1 = 0.61, n = 200
    // b: 80/60/60  -> p = 0.4, d = 0.3, NPS 10, Var1 = 0.7 - 0.01 = 0.69, n = 200
    // difference = 20 points; SE = 100 * sqrt(0.61/200 + 0.69/200) = 100 * sqrt(0.0065) = 8.062258
    // z = 20 / 8.062258 = 2.480695; p = 2 * (1 - Phi(2.480695)) = erfc(2.480695 / sqrt 2) = 0.0131127
    // interval = 20 -/+ 1.959963984540054 * 8.062258 = [4.1983, 35.8017]
    const a = npsFromCounts(deepFreeze({ promoters: 100, passives: 60, detractors: 40 }));
    const b = npsFromCounts(deepFreeze({ promoters: 80, passives: 60, detractors: 60 }));
    const c = compareNps(deepFreeze(a), deepFreeze(b));
    expect(c.difference).toBeCloseTo(20, 12);
    expect(c.standardError).toBeCloseTo(8.062258, 6);
    expect(c.z).toBeCloseTo(2.480695, 6);
    expect(c.pValue).toBeCloseTo(0.0131127, 7);
    expect(c.interval?.lower).toBeCloseTo(4.1983, 4);
    expect(c.interval?.upper).toBeCloseTo(35.8017, 4);
    expect(c.interval?.method).toBe("wald");
    // Tallies give the same answer as results, and the sign flips with the order.
    const ta = npsTallyFromCounts({ promoters: 100, passives: 60, detractors: 40 });
    const tb = npsTallyFromCounts({ promoters: 80, passives: 60, detractors: 60 });
    expect(compareNps(ta, tb)).toEqual(c);
    expect(compareNps(b, a).difference).toBeCloseTo(-20, 12);
    expect(compareNps(b, a).pValue).toBeCloseTo(c.pValue as number, 14);
  });

  it("is null with reason empty when a side has no answers, and p = 1 for two constant equal groups", () => {
    const empty = compareNps(
      emptyNpsTally(),
      npsFromCounts({ promoters: 1, passives: 0, detractors: 0 }),
    );
    expect(empty).toEqual({
      difference: null,
      reason: "empty",
      standardError: null,
      z: null,
      pValue: null,
      interval: null,
    });
    const allPromoters = npsFromCounts({ promoters: 5, passives: 0, detractors: 0 });
    const same = compareNps(allPromoters, allPromoters);
    expect(same.difference).toBe(0);
    expect(same.standardError).toBe(0);
    expect(same.z).toBeNull();
    expect(same.pValue).toBe(1);
  });

  it("rejects bad input", () => {
    const ok = npsFromCounts({ promoters: 1, passives: 1, detractors: 1 });
    expectInputError(
      () => compareNps(ok, ok, { level: 1.5 }),
      () => safeCompareNps(ok, ok, { level: 1.5 }),
      ["options", "level"],
    );
    const bad = { promoters: -1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 };
    expectInputError(
      () => compareNps(ok, bad),
      () => safeCompareNps(ok, bad),
      ["b", "promoters"],
    );
  });
});

describe("npsSampleSize", () => {
  it("is n = z² · Var1 / margin², worst case Var1 = 1", () => {
    // margin 5 points = 0.05: 1.959963984540054² / 0.0025 = 3.841458820694124 / 0.0025 = 1536.58 -> 1537
    expect(npsSampleSize(deepFreeze({ margin: 5 }))).toEqual({
      n: 1537,
      variance: 1,
      margin: 5,
      level: 0.95,
    });
    // expected p = 0.5, d = 0.2: Var1 = 0.61; 3.841458820694124 * 0.61 / 0.0025 = 937.32 -> 938
    const planned = npsSampleSize({ margin: 5, expected: { promoters: 0.5, detractors: 0.2 } });
    expect(planned.n).toBe(938);
    expect(planned.variance).toBeCloseTo(0.61, 14);
    // margin 10 points: 3.841458820694124 / 0.01 = 384.15 -> 385
    expect(npsSampleSize({ margin: 10 }).n).toBe(385);
  });

  it("rejects bad input", () => {
    expectInputError(
      () => npsSampleSize({ margin: 0 }),
      () => safeNpsSampleSize({ margin: 0 }),
      ["margin"],
    );
    const tooMuch = { margin: 5, expected: { promoters: 0.7, detractors: 0.5 } };
    expectInputError(
      () => npsSampleSize(tooMuch),
      () => safeNpsSampleSize(tooMuch),
      ["expected"],
    );
  });
});

describe("nps: edge cases", () => {
  it("returns value null with reason empty for no answers, without throwing", () => {
    const r = nps(deepFreeze([]));
    expect(r.value).toBeNull();
    expect(r.reason).toBe("empty");
    expect(r.n).toBe(0);
    expect(r.effectiveN).toBe(0);
    expect(r.interval).toBeNull();
    expect(r.standardError).toBeNull();
    expect(r.shares).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["empty"]);
    expect(jsonRoundTrip(r)).toEqual(r);
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 }).reason).toBe("empty");
  });

  it("handles a single answer", () => {
    // One promoter: NPS 100. Adjusted Wald by hand: n' = 4, p' = 1.75/4 = 0.4375, d' = 0.1875,
    // centre 0.25, Var1' = 0.625 - 0.0625 = 0.5625, margin = 1.959964 * sqrt(0.5625/4) = 0.734986
    // -> [-48.4986, 98.4986]
    const r = nps(deepFreeze([10]));
    expect(r.value).toBe(100);
    expect(r.n).toBe(1);
    expect(r.interval?.lower).toBeCloseTo(-48.4986, 4);
    expect(r.interval?.upper).toBeCloseTo(98.4986, 4);
    expect(r.warnings.map((w) => w.code)).toEqual(["small-sample", "wide-interval"]);
  });

  it("clamps the interval of all promoters to 100", () => {
    // 100 promoters. Adjusted Wald by hand: n' = 103, p' = 100.75/103, d' = 0.75/103,
    // centre = 100/103 = 0.9708738, Var1' = 101.5/103 - 0.9708738² = 0.0428410,
    // margin = 1.959964 * sqrt(0.0428410/103) = 0.0399724 -> [93.0901, 101.08] -> upper clamped to 100
    const r = nps(answers({ 10: 60, 9: 40 }));
    expect(r.value).toBe(100);
    expect(r.interval?.upper).toBe(100);
    expect(r.interval?.lower).toBeCloseTo(93.0901, 4);
    // Wald: Var1 = 1 - 1 = 0, so the interval is the point 100.
    const wald = nps(answers({ 10: 100 }), { interval: "wald" });
    expect(wald.interval).toEqual({ lower: 100, upper: 100, level: 0.95, method: "wald" });
    expect(wald.standardError).toBe(0);
    // All detractors, the mirror image.
    expect(nps(answers({ 0: 100 })).interval?.lower).toBe(-100);
  });

  it("puts answers exactly at the thresholds in the right group (6, 7, 8, 9)", () => {
    const r = nps(deepFreeze([6, 7, 8, 9]));
    expect([r.detractors, r.passives, r.promoters]).toEqual([1, 2, 1]);
    expect(nps([6]).value).toBe(-100);
    expect(nps([7]).value).toBe(0);
    expect(nps([8]).value).toBe(0);
    expect(nps([9]).value).toBe(100);
    expect(nps([0, 10]).value).toBe(0);
  });

  it("applies custom thresholds", () => {
    const options = deepFreeze({ promoterMin: 8, detractorMax: 5 });
    const r = nps(deepFreeze([5, 6, 7, 8]), options);
    expect([r.detractors, r.passives, r.promoters]).toEqual([1, 2, 1]);
    // With no passives at all: promoterMin 7, detractorMax 6.
    const split = nps(deepFreeze([6, 7]), { promoterMin: 7, detractorMax: 6 });
    expect([split.detractors, split.passives, split.promoters]).toEqual([1, 0, 1]);
  });

  it("reads records through a property name or a function", () => {
    const records = deepFreeze([{ s: 10 }, { s: 2 }, { s: 9 }, { s: 8 }]);
    const byName = nps(records, { score: "s" });
    const byFunction = nps(records, { score: (r) => r.s });
    expect(byName.value).toBeCloseTo(25, 12); // (2 - 1) / 4
    expect(byFunction).toEqual(byName);
    expect(runMetric(npsMetric<{ s: number }>({ score: "s" }), records)).toEqual(byName);
  });

  it("weights: all weights 1 equal the unweighted result", () => {
    const records = deepFreeze([3, 7, 9, 10, 10, 6].map((s) => ({ s, w: 1 })));
    const weighted = nps(records, { score: "s", weight: "w" });
    expect(weighted).toEqual(nps(records, { score: "s" }));
  });

  it("weights: shares are weighted and the interval uses the Kish effective n", () => {
    // Scores 10, 8, 0 with weights 1, 2, 3: total 6, promoters 1/6, detractors 3/6, NPS = -33.33.
    // Kish n_eff = (1 + 2 + 3)² / (1 + 4 + 9) = 36 / 14 = 2.5714286.
    // Wald by hand: Var1 = (1/6 + 1/2) - (1/6 - 1/2)² = 0.6666667 - 0.1111111 = 0.5555556;
    // SE = 100 * sqrt(0.5555556 / 2.5714286) = 100 * sqrt(0.2160494) = 46.4811 points.
    const records = deepFreeze([
      { s: 10, w: 1 },
      { s: 8, w: 2 },
      { s: 0, w: 3 },
    ]);
    const r = nps(records, { score: "s", weight: "w", interval: "wald" });
    expect(r.n).toBe(3);
    expect(r.effectiveN).toBeCloseTo(2.5714286, 7);
    expect(r.value).toBeCloseTo(-33.333333, 6);
    expect(r.promoters).toBe(1);
    expect(r.passives).toBe(2);
    expect(r.detractors).toBe(3);
    expect(r.standardError).toBeCloseTo(46.4811, 4);
    // -33.3333 -/+ 1.959964 * 46.4811 = [-124.43, 57.7679]: the lower end is clamped to -100.
    expect(r.interval?.upper).toBeCloseTo(-100 / 3 + Z95 * 46.4811, 3);
    expect(r.interval?.lower).toBe(-100);
    // Doubling every weight changes nothing but the sums.
    const doubled = nps(records, { score: "s", weight: (x) => 2 * x.w, interval: "wald" });
    expect(doubled.value).toBeCloseTo(r.value as number, 12);
    expect(doubled.effectiveN).toBeCloseTo(r.effectiveN, 12);
  });

  it("zero total weight gives a null value, not NaN", () => {
    const r = nps(deepFreeze([{ s: 9, w: 0 }]), { score: "s", weight: "w" });
    expect(r.value).toBeNull();
    // One answer whose weight is 0: answers exist, the denominator (total weight) is zero.
    expect(r.reason).toBe("zero-denominator");
    expect(r.warnings.map((w) => w.code)).toEqual(["zero-denominator"]);
    expect(r.n).toBe(1);
    expect(r.effectiveN).toBe(0);
    expect(jsonRoundTrip(r)).toEqual(r);
  });

  it("builds weighted tallies from counts", () => {
    const t = npsTallyFromCounts(
      deepFreeze({ promoters: 1, passives: 2, detractors: 3, sumSquaredWeights: 14, responses: 3 }),
    );
    expect(t).toEqual({
      promoters: 1,
      passives: 2,
      detractors: 3,
      responses: 3,
      sumSquaredWeights: 14,
    });
    expect(
      npsFromCounts({ promoters: 1, passives: 2, detractors: 3, sumSquaredWeights: 14 }).effectiveN,
    ).toBeCloseTo(36 / 14, 12);
  });

  it("merges tallies field by field with the empty tally as identity", () => {
    const a: NpsTally = deepFreeze({
      promoters: 3,
      passives: 1,
      detractors: 2,
      responses: 6,
      sumSquaredWeights: 6,
    });
    const b: NpsTally = deepFreeze({
      promoters: 1,
      passives: 0,
      detractors: 4,
      responses: 5,
      sumSquaredWeights: 5,
    });
    expect(mergeNpsTallies(a, b)).toEqual({
      promoters: 4,
      passives: 1,
      detractors: 6,
      responses: 11,
      sumSquaredWeights: 11,
    });
    expect(mergeNpsTallies(emptyNpsTally(), a)).toEqual(a);
    expect(mergeNpsTallies(a, emptyNpsTally())).toEqual(a);
  });

  it("returns JSON-safe results", () => {
    const r = nps(deepFreeze([0, 5, 7, 9, 10]));
    expect(jsonRoundTrip(r)).toEqual(r);
  });
});

describe("nps: bad input", () => {
  const badScores: readonly [unknown, string][] = [
    [11, "too big"],
    [-1, "negative"],
    [7.5, "not an integer"],
    ["9", "a numeric string"],
    [Number.NaN, "NaN"],
    [null, "null"],
    [undefined, "undefined"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ];

  for (const [bad, label] of badScores) {
    it(`rejects ${label} as a bare answer and as a record field, naming it`, () => {
      const plain = deepFreeze([9, 9, 9, bad]) as readonly number[];
      expectInputError(
        () => nps(plain),
        () => safeNps(plain),
        [3],
        "[3]: expected an integer 0-10",
      );
      const records = deepFreeze([{ score: 9 }, { score: 9 }, { score: 9 }, { score: bad }]);
      expectInputError(
        () => nps(records, { score: "score" }),
        () => safeNps(records, { score: "score" }),
        [3, "score"],
        "[3].score: expected an integer 0-10",
      );
      expectInputError(
        () => runMetric(npsMetric<{ score: unknown }>({ score: (r) => r.score }), records),
        () => safeNps(records, { score: (r) => r.score }),
        [3],
        "[3]: expected an integer 0-10",
      );
    });
  }

  it("rejects a missing field and a non-array input", () => {
    const records = deepFreeze([{ score: 9 }, { other: 9 }]) as readonly { score?: number }[];
    expectInputError(
      () => nps(records, { score: "score" }),
      () => safeNps(records, { score: "score" }),
      [1, "score"],
      "[1].score: expected an integer 0-10",
    );
    const notArray = "9 10" as unknown as readonly number[];
    expectInputError(
      () => nps(notArray),
      () => safeNps(notArray),
      [],
    );
  });

  it("does not read a score from Object.prototype", () => {
    const records = deepFreeze([{}]) as readonly Record<string, number>[];
    expectInputError(
      () => nps(records, { score: "constructor" }),
      () => safeNps(records, { score: "constructor" }),
      [0, "constructor"],
    );
  });

  it("rejects bad weights, naming the record", () => {
    for (const w of [-1, Number.NaN, Infinity, "1", null, undefined]) {
      const records = deepFreeze([
        { s: 9, w: 1 },
        { s: 9, w },
      ]);
      expectInputError(
        () => nps(records, { score: "s", weight: "w" }),
        () => safeNps(records, { score: "s", weight: "w" }),
        [1, "w"],
        "[1].w: expected a finite weight >= 0",
      );
    }
  });

  it("rejects bad options at options.<name>", () => {
    const cases: readonly [Record<string, unknown>, readonly (string | number)[]][] = [
      [{ promoterMin: 7, detractorMax: 7 }, ["options", "promoterMin"]],
      [{ promoterMin: 6 }, ["options", "promoterMin"]],
      [{ promoterMin: 11 }, ["options", "promoterMin"]],
      [{ detractorMax: -1 }, ["options", "detractorMax"]],
      [{ detractorMax: 6.5 }, ["options", "detractorMax"]],
      [{ level: 1.5 }, ["options", "level"]],
      [{ level: 0 }, ["options", "level"]],
      [{ level: Number.NaN }, ["options", "level"]],
      [{ interval: "exact" }, ["options", "interval"]],
      [{ minSampleSize: -1 }, ["options", "minSampleSize"]],
      [{ maxMargin: 0 }, ["options", "maxMargin"]],
      [{ score: 3 }, ["options", "score"]],
      [{ promoterMn: 9 }, ["options"]],
    ];
    for (const [options, path] of cases) {
      const frozen = deepFreeze(options);
      expectInputError(
        () => nps([9], frozen),
        () => safeNps([9], frozen),
        path,
      );
      expectInputError(
        () => npsFromCounts({ promoters: 1, passives: 0, detractors: 0 }, frozen),
        () => safeNpsFromCounts({ promoters: 1, passives: 0, detractors: 0 }, frozen),
        path,
      );
    }
    const error = expectInputError(
      () => nps([9], { promoterMin: 7, detractorMax: 7 }),
      () => safeNps([9], { promoterMin: 7, detractorMax: 7 }),
      ["options", "promoterMin"],
    );
    expect(error.message).toBe(
      "options.promoterMin: promoterMin (7) must be greater than detractorMax (7)",
    );
    expect(inputErrorOfUnknownKey().issues[0]?.code).toBe("unrecognized_keys");
  });

  it("rejects bad counts", () => {
    const cases: readonly [unknown, readonly (string | number)[]][] = [
      [{ promoters: -1, passives: 0, detractors: 0 }, ["promoters"]],
      [{ promoters: 1.5, passives: 0, detractors: 0 }, ["promoters"]],
      [{ promoters: Number.NaN, passives: 0, detractors: 0 }, ["promoters"]],
      [{ promoters: 1, passives: Infinity, detractors: 0 }, ["passives"]],
      [{ promoters: 1, passives: 0 }, ["detractors"]],
      [{ promoters: 1, passives: 0, detractors: "2" }, ["detractors"]],
      [{ promoters: 1, passives: 0, detractors: 0, extra: 1 }, []],
      // Σw² = 0 with positive weighted counts is impossible (it made the SE infinite).
      [{ promoters: 2, passives: 0, detractors: 1, sumSquaredWeights: 0 }, ["sumSquaredWeights"]],
      [null, []],
    ];
    for (const [counts, path] of cases) {
      const frozen = deepFreeze(counts) as Parameters<typeof npsFromCounts>[0];
      expectInputError(
        () => npsFromCounts(frozen),
        () => safeNpsFromCounts(frozen),
        path,
      );
    }
  });
});

function inputErrorOfUnknownKey(): MetricsInputError {
  const result = safeNps([9], { promoterMn: 9 } as Parameters<typeof nps>[1]);
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

describe("nps: properties", () => {
  const score = fc.integer({ min: 0, max: 10 });

  it("stays in [-100, 100], shares sum to 1, and the interval is ordered and bounded", () => {
    fc.assert(
      fc.property(
        fc.array(score, { maxLength: 300 }),
        fc.constantFrom("adjusted-wald", "wald"),
        (raw, method) => {
          const r = nps(deepFreeze(raw), { interval: method as "wald" | "adjusted-wald" });
          if (raw.length === 0) {
            expect(r.value).toBeNull();
            return;
          }
          const value = r.value as number;
          expect(value).toBeGreaterThanOrEqual(-100);
          expect(value).toBeLessThanOrEqual(100);
          const s = r.shares!;
          expect(s.promoters + s.passives + s.detractors).toBeCloseTo(1, 12);
          const i = r.interval!;
          expect(i.lower).toBeGreaterThanOrEqual(-100);
          expect(i.upper).toBeLessThanOrEqual(100);
          expect(i.lower).toBeLessThanOrEqual(i.upper);
          // Only the Wald interval is centred on the value; the adjusted one is pulled towards 0.
          if (method === "wald") {
            expect(i.lower).toBeLessThanOrEqual(value + 1e-9);
            expect(i.upper).toBeGreaterThanOrEqual(value - 1e-9);
          }
          expect(jsonRoundTrip(r)).toEqual(r);
        },
      ),
    );
  });

  it("does not depend on the order of the answers", () => {
    fc.assert(
      fc.property(withShuffle(fc.array(score, { maxLength: 200 })), ([a, b]) => {
        expect(nps(deepFreeze(b))).toEqual(nps(deepFreeze(a)));
      }),
    );
  });

  it("merging tallies of a random split equals the tally of the whole (weighted too)", () => {
    const record = fc.record({
      s: score,
      w: fc.integer({ min: 0, max: 5 }),
      group: fc.nat({ max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), (records) => {
        const metric = npsMetric<{ s: number; w: number }>({ score: "s", weight: "w" });
        const states = [0, 1, 2, 3].map(() => metric.init());
        const whole = metric.init();
        records.forEach((r, i) => {
          metric.add(states[r.group]!, r, i);
          metric.add(whole, r, i);
        });
        const merged = states.map((s) => metric.tally(s)).reduce(metric.merge, metric.empty());
        // Integer weights: sums are exact, so equality is exact.
        expect(merged).toEqual(metric.tally(whole));
        expect(metric.finalize(merged)).toEqual(metric.finalize(metric.tally(whole)));
      }),
    );
  });

  it("the inline check accepts exactly what npsScoreSchema accepts", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const accepted = z.safeParse(npsScoreSchema, value).success;
        expect(safeNps([value] as number[]).ok).toBe(accepted);
        expect(safeNps([{ s: value }], { score: "s" }).ok).toBe(accepted);
        expect(safeNps([value], { score: (v) => v }).ok).toBe(accepted);
      }),
      { numRuns: 2000 },
    );
  });

  it("the inline weight check accepts exactly what responseWeightSchema accepts", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const accepted = z.safeParse(responseWeightSchema, value).success;
        expect(safeNps([{ s: 9, w: value }], { score: "s", weight: "w" }).ok).toBe(accepted);
      }),
      { numRuns: 1000 },
    );
  });

  it("every parse of the options schema agrees with the functions on simple options", () => {
    fc.assert(
      fc.property(
        fc.record({ level: anyValue, minSampleSize: anyValue }, { requiredKeys: [] }),
        (options) => {
          const accepted = z.safeParse(npsOptionsSchema, options).success;
          expect(safeNps([9], options as Parameters<typeof nps>[1]).ok).toBe(accepted);
        },
      ),
    );
  });
});

describe("nps: types", () => {
  it("has the documented signatures", () => {
    expectTypeOf(nps([9])).toEqualTypeOf<NpsResult>();
    expectTypeOf(nps([{ s: 9 }], { score: "s" })).toEqualTypeOf<NpsResult>();
    // @ts-expect-error: "t" is not a field of the records
    const misspelt = () => nps([{ s: 9 }], { score: "t" });
    expect(misspelt).toThrow(MetricsInputError);
    expectTypeOf(
      npsMetric<{ s: number }>({ score: "s" }).finalize,
    ).returns.toEqualTypeOf<NpsResult>();
  });
});
