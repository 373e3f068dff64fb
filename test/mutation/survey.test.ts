// Tests written for mutants of src/survey/nps.ts that survived the mutation run
// (docs/mutation.md): each one pins a documented behaviour that no other test checked.
// Expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import {
  compareNps,
  nps,
  npsFromCounts,
  npsMetric,
  npsSampleSize,
  npsTallyFromCounts,
  safeNps,
} from "../../src/survey/nps.ts";

describe("nps with a weight but no score accessor", () => {
  it("weights bare answers", () => {
    // Weights 3 for the 9, 1 for the 3: promoters 3, detractors 1 of 4, NPS = 100 · (3 − 1)/4 = 50.
    const result = nps([9, 3], { weight: (answer) => (answer === 9 ? 3 : 1) });
    expect(result.value).toBe(50);
    expect(result.promoters).toBe(3);
    expect(result.detractors).toBe(1);
  });
  it("names the record of a bad weight from a function (no field to name)", () => {
    const error = safeNps([9, 10], { weight: (_, index) => (index === 1 ? -1 : 1) });
    expect(error.ok).toBe(false);
    if (!error.ok) {
      expect(error.error).toBeInstanceOf(MetricsInputError);
      expect(error.error.issues[0]?.path).toEqual([1]);
      expect(error.error.message).toMatch(/^\[1\]: /);
    }
  });
});

describe("nps input messages", () => {
  it("says the answers must be an array", () => {
    expect(() => Reflect.apply(nps, undefined, ["9 10"])).toThrow(
      "(root): expected an array of answers",
    );
  });
  it("says unweighted counts must be integers", () => {
    expect(() => npsFromCounts({ promoters: 1.5, passives: 0, detractors: 0 })).toThrow(
      "promoters: expected an integer count (give sumSquaredWeights for weighted sums)",
    );
  });
  it("rejects positive weighted counts with no squared weights, and accepts all-zero ones", () => {
    expect(() =>
      npsFromCounts({ promoters: 2, passives: 0, detractors: 0, sumSquaredWeights: 0 }),
    ).toThrow(
      "sumSquaredWeights: expected a positive sum of squared weights when some counts are positive",
    );
    // Nothing weighted at all: an empty NPS, not an error.
    const empty = npsFromCounts({ promoters: 0, passives: 0, detractors: 0, sumSquaredWeights: 0 });
    expect(empty.value).toBeNull();
  });
});

describe("compareNps", () => {
  it("reads the Kish effective n back from a weighted result", () => {
    // a: a 10 with weight 2 and a 0 with weight 1. Σw = 3, Σw² = 5, p = 2/3, d = 1/3,
    //    NPS share 1/3, Var = (p + d) − (p − d)² = 1 − 1/9 = 8/9, n_eff = 3²/5 = 1.8.
    // b: one 10: p = 1, Var = 1 − 1 = 0.
    // difference = 100 · (1/3 − 1) = −66.67; SE = 100 · √((8/9)/1.8) = 100 · √40/9 = 70.2728368926.
    const a = nps(
      [
        { s: 10, w: 2 },
        { s: 0, w: 1 },
      ],
      { score: "s", weight: "w" },
    );
    const b = nps([10]);
    const c = compareNps(a, b);
    expect(c.difference).toBeCloseTo(-66.6666666667, 9);
    expect(c.standardError).toBeCloseTo(70.2728368926, 9);
  });
  it("gives p = 0 for a difference with no sampling variance", () => {
    // All promoters (NPS 100, Var 0) against all detractors (NPS −100, Var 0): SE = 0, z undefined,
    // and a difference of 200 points that cannot be chance.
    const c = compareNps(nps([10, 10, 10]), nps([0, 0, 0]));
    expect(c.difference).toBe(200);
    expect(c.z).toBeNull();
    expect(c.pValue).toBe(0);
    // Same answers on both sides: no difference, p = 1.
    expect(compareNps(nps([10, 10]), nps([10])).pValue).toBe(1);
  });
  it("names the side and field of a bad argument", () => {
    expect(() => Reflect.apply(compareNps, undefined, [null, nps([10])])).toThrow(
      MetricsInputError,
    );
    expect(() => Reflect.apply(compareNps, undefined, [null, nps([10])])).toThrow(
      "a: expected an NPS result or tally",
    );
    expect(() => Reflect.apply(compareNps, undefined, [nps([10]), [1, 2]])).toThrow(
      "b: expected an NPS result or tally",
    );
    const badResult = { ...nps([10]), promoters: -1 };
    expect(() => compareNps(badResult, nps([10]))).toThrow(/^a\.promoters: /);
  });
  it("passes the level through the Metric's compare", () => {
    const metric = npsMetric();
    const a = npsTallyFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    const b = npsTallyFromCounts({ promoters: 40, passives: 30, detractors: 30 });
    const c = metric.compare?.(a, b, 0.9);
    expect(c?.interval?.level).toBe(0.9);
  });
});

describe("npsSampleSize", () => {
  it("accepts expected shares that add up to exactly 1", () => {
    // p = d = 0.5: Var₁ = 1 − 0 = 1, n = 1.959963984540054² / 0.05² = 1536.58… → 1537.
    expect(npsSampleSize({ margin: 5, expected: { promoters: 0.5, detractors: 0.5 } }).n).toBe(
      1537,
    );
  });
  it("says why shares above 1 are rejected", () => {
    expect(() =>
      npsSampleSize({ margin: 5, expected: { promoters: 0.7, detractors: 0.4 } }),
    ).toThrow("expected: promoter and detractor shares add up to more than 1");
  });
});
