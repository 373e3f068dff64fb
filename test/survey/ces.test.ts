import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import { MetricsInputError } from "../../src/errors.ts";
import { runMetric } from "../../src/metric.ts";
import {
  type CesResult,
  ces,
  cesFromCounts,
  cesMetric,
  cesOptionsSchema,
  cesScoreSchema,
  cesTallyFromCounts,
  emptyCesTally,
  mergeCesTallies,
  safeCes,
  safeCesFromCounts,
} from "../../src/survey/ces.ts";
import { csatFromCounts } from "../../src/survey/csat.ts";
import { responseWeightSchema } from "../../src/survey/nps.ts";
import {
  anyValue,
  deepFreeze,
  expectInputError,
  inputErrorOf,
  jsonRoundTrip,
  withShuffle,
} from "./helpers.ts";

describe("ces: reference vectors", () => {
  // CES 2.0 (Dixon, Toman & DeLisi 2013): answers 1..7, CES = mean answer, easy = 5..7.
  // Counts for answers 1..7 = 2, 3, 5, 10, 20, 35, 25 (n = 100). By hand:
  //   mean = (2 + 6 + 15 + 40 + 100 + 210 + 175) / 100 = 548 / 100 = 5.48
  //   Σ c·x² = 2 + 12 + 45 + 160 + 500 + 1260 + 1225 = 3204; Σ c (x − x̄)² = 3204 − 100·5.48² = 200.96
  //   s² = 200.96 / 99 = 2.0298990; SE = √(2.0298990 / 100) = 0.1424745
  //   interval = 5.48 −/+ 1.959963984540054 · 0.1424745 = [5.2007551, 5.7592449]
  //   easy = 20 + 35 + 25 = 80 -> share 0.80; Wilson (z² = 3.8414588, z²/n = 0.0384146):
  //   centre = (0.8 + 0.0192073) / 1.0384146 = 0.7889020,
  //   half = 1.8874586 · √(0.0016 + 0.0000960365) = 0.0777311 -> [0.7111708, 0.8666331]
  const counts = deepFreeze({ counts: [2, 3, 5, 10, 20, 35, 25] });

  it("gives the mean, its SE and normal interval, and the easy share with Wilson", () => {
    const r = cesFromCounts(counts);
    expect(r.metric).toBe("ces");
    expect(r.value).toBeCloseTo(5.48, 14);
    expect(r.reason).toBeNull();
    expect(r.n).toBe(100);
    expect(r.effectiveN).toBe(100);
    expect(r.total).toBe(100);
    expect(r.standardError).toBeCloseTo(0.1424745, 7);
    expect(r.interval).toEqual({
      lower: expect.closeTo(5.2007551, 7),
      upper: expect.closeTo(5.7592449, 7),
      level: 0.95,
      method: "normal",
    });
    expect(r.easy).toBe(80);
    expect(r.easyShare).toBe(0.8);
    expect(r.easyInterval).toEqual({
      lower: expect.closeTo(0.7111708, 7),
      upper: expect.closeTo(0.8666331, 7),
      level: 0.95,
      method: "wilson",
    });
    expect(r.distribution.map((d) => d.answer)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.distribution.map((d) => d.count)).toEqual([2, 3, 5, 10, 20, 35, 25]);
    // Margin 0.28 < 0.5 scale points and n >= 30: no warnings.
    expect(r.warnings).toEqual([]);
  });

  it("gives the same from raw answers as from counts", () => {
    const raw: number[] = [];
    counts.counts.forEach((c, k) => {
      for (let i = 0; i < c; i++) raw.push(k + 1);
    });
    expect(ces(deepFreeze(raw))).toEqual(cesFromCounts(counts));
    expect(cesTallyFromCounts(counts)).toEqual({
      counts: [2, 3, 5, 10, 20, 35, 25],
      responses: 100,
      sumSquaredWeights: 100,
    });
  });

  it("shares one core with CSAT: the same tally gives the same mean and top-box share", () => {
    // CSAT on 1..7 with satisfiedMin 5 counts exactly the CES "easy" answers.
    const asCsat = csatFromCounts(counts, { scaleMax: 7, satisfiedMin: 5 });
    const r = cesFromCounts(counts);
    expect(asCsat.mean).toBe(r.value);
    expect(asCsat.value).toBe(r.easyShare);
    expect(asCsat.interval).toEqual(r.easyInterval);
    expect(asCsat.meanInterval).toEqual(r.interval);
  });
});

describe("ces: edge cases", () => {
  it("returns value null with reason empty for no answers, without throwing", () => {
    const r = ces(deepFreeze([]));
    expect(r).toEqual({
      metric: "ces",
      value: null,
      reason: "empty",
      n: 0,
      effectiveN: 0,
      total: 0,
      standardError: null,
      interval: null,
      easy: 0,
      easyShare: null,
      easyInterval: null,
      distribution: [1, 2, 3, 4, 5, 6, 7].map((answer) => ({ answer, count: 0 })),
      warnings: [{ code: "empty", message: "No answers: the CES is undefined." }],
    } satisfies CesResult);
    expect(jsonRoundTrip(r)).toEqual(r);
    expect(cesFromCounts({ counts: [0, 0, 0, 0, 0, 0, 0] })).toEqual(r);
  });

  it("handles a single answer: a value, but no standard error", () => {
    const r = ces(deepFreeze([6]));
    expect(r.value).toBe(6);
    expect(r.easyShare).toBe(1);
    expect(r.standardError).toBeNull();
    expect(r.interval).toBeNull();
    // Wilson 1/1 by hand: lower = 1 / (1 + z²) = 1 / 4.841458820694124 = 0.2065493
    expect(r.easyInterval?.lower).toBeCloseTo(0.2065493, 7);
    expect(r.warnings.map((w) => w.code)).toEqual(["small-sample"]);
    expect(jsonRoundTrip(r)).toEqual(r);
  });

  it("identical answers: standard error 0, a point interval", () => {
    const r = ces(deepFreeze([4, 4, 4]));
    expect(r.value).toBe(4);
    expect(r.standardError).toBe(0);
    expect(r.interval).toEqual({ lower: 4, upper: 4, level: 0.95, method: "normal" });
  });

  it("puts answers exactly at the threshold on the easy side (4 is not, 5 is)", () => {
    expect(ces([4]).easyShare).toBe(0);
    expect(ces([5]).easyShare).toBe(1);
    expect(ces([1, 2, 3, 4, 5, 6, 7]).easyShare).toBeCloseTo(3 / 7, 14);
    expect(ces([4], { easyMin: 4 }).easyShare).toBe(1);
    expect(ces([6], { easyMin: 7 }).easyShare).toBe(0);
  });

  it("defaults easyMin to the first answer above the midpoint", () => {
    // ⌊(min + max)/2⌋ + 1: 1..7 -> 5, 1..5 -> 4, 1..10 -> 6, 0..10 -> 6, 0..1 -> 1
    expect(ces([4, 5], { scaleMax: 5 }).easyShare).toBe(1);
    expect(ces([3, 4], { scaleMax: 5 }).easyShare).toBe(0.5);
    expect(ces([5, 6], { scaleMax: 10 }).easyShare).toBe(0.5);
    expect(ces([5, 6], { scaleMin: 0, scaleMax: 10 }).easyShare).toBe(0.5);
    expect(ces([0, 1], { scaleMin: 0, scaleMax: 1 }).easyShare).toBe(0.5);
    // The legacy CES 1.0 (1..5, "how much effort"): lower is better; use the mean, which is scale-free.
    expect(ces([1, 2, 3], { scaleMax: 5 }).value).toBe(2);
  });

  it("weights: all weights 1 equal the unweighted result", () => {
    const records = deepFreeze([1, 3, 5, 7, 7, 2].map((score) => ({ score, w: 1 })));
    expect(ces(records, { score: "score", weight: "w" })).toEqual(ces(records, { score: "score" }));
  });

  it("weights: mean and share are weighted; intervals use the Kish effective n", () => {
    // Scores 7, 5, 1 with weights 1, 2, 3: total 6, mean = (7 + 10 + 3) / 6 = 10/3.
    // n_eff = 36 / 14 = 2.5714286. v = [1·(11/3)² + 2·(5/3)² + 3·(7/3)²] / 6 = (318/9) / 6 = 53/9.
    // SE = √(v / (n_eff − 1)) = √((53/9) / (22/14)) = √(742/198) = √3.7474747 = 1.9358395.
    // easy = 1 + 2 = 3 of 6 -> 0.5, Wilson on n_eff (see csat.test.ts): [0.1130175, 0.8869825]
    const records = deepFreeze([
      { score: 7, w: 1 },
      { score: 5, w: 2 },
      { score: 1, w: 3 },
    ]);
    const r = ces(records, { score: "score", weight: "w" });
    expect(r.value).toBeCloseTo(10 / 3, 14);
    expect(r.effectiveN).toBeCloseTo(2.5714286, 7);
    expect(r.standardError).toBeCloseTo(1.9358395, 7);
    expect(r.easy).toBe(3);
    expect(r.easyShare).toBe(0.5);
    expect(r.easyInterval?.lower).toBeCloseTo(0.1130175, 7);
    expect(r.easyInterval?.upper).toBeCloseTo(0.8869825, 7);
    expect(
      cesFromCounts({ counts: [3, 0, 0, 0, 2, 0, 1], sumSquaredWeights: 14, responses: 3 }),
    ).toEqual(r);
  });

  it("zero total weight gives value null with reason zero-denominator", () => {
    const r = ces(deepFreeze([{ s: 7, w: 0 }]), { score: "s", weight: "w" });
    expect(r.value).toBeNull();
    expect(r.reason).toBe("zero-denominator");
    expect(r.easyShare).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["zero-denominator"]);
    expect(jsonRoundTrip(r)).toEqual(r);
  });

  it("warns when the mean's interval is wider than maxMargin scale points", () => {
    // 10 answers 1 and 10 answers 7: mean 4, s² = 20·9/19, SE = √(180/19/20) = 0.6882472,
    // margin = 1.959964 · 0.6882472 = 1.3489 > 0.5
    const spread = deepFreeze([...Array(10).fill(1), ...Array(10).fill(7)]);
    const r = ces(spread);
    expect(r.standardError).toBeCloseTo(0.6882472, 7);
    expect(r.warnings.map((w) => w.code)).toEqual(["small-sample", "wide-interval"]);
    expect(r.warnings[1]?.message).toBe(
      "The 95% interval is ±1.35 scale points wide (more than ±0.5).",
    );
    expect(ces(spread, { maxMargin: 1.5, minSampleSize: 10 }).warnings).toEqual([]);
  });

  it("merges tallies with the empty tally as identity, and runs as a Metric", () => {
    const a = deepFreeze({ counts: [0, 1, 0, 2, 3, 0, 1], responses: 7, sumSquaredWeights: 7 });
    const b = deepFreeze({ counts: [4, 0, 0, 0, 1, 0, 0], responses: 5, sumSquaredWeights: 5 });
    expect(mergeCesTallies(a, b)).toEqual({
      counts: [4, 1, 0, 2, 4, 0, 1],
      responses: 12,
      sumSquaredWeights: 12,
    });
    expect(mergeCesTallies(emptyCesTally(), a)).toEqual(a);
    expect(mergeCesTallies(a, emptyCesTally())).toEqual(a);
    const records = deepFreeze([{ effort: 7 }, { effort: 2 }]);
    expect(runMetric(cesMetric<{ effort: number }>({ score: "effort" }), records)).toEqual(
      ces(records, { score: (r) => r.effort }),
    );
    expect(
      inputErrorOf(() => mergeCesTallies(a, emptyCesTally({ scaleMax: 5 }))).issues[0]?.path,
    ).toEqual(["counts"]);
  });
});

describe("ces: bad input", () => {
  const badScores: readonly [unknown, string][] = [
    [8, "too big"],
    [11, "far too big"],
    [0, "below the scale"],
    [-1, "negative"],
    [7.5, "not an integer"],
    ["7", "a numeric string"],
    [Number.NaN, "NaN"],
    [null, "null"],
    [undefined, "undefined"],
    [Infinity, "Infinity"],
    [true, "a boolean"],
  ];

  for (const [bad, label] of badScores) {
    it(`rejects ${label}, naming the record and field`, () => {
      const plain = deepFreeze([7, 6, 5, bad]) as readonly number[];
      expectInputError(
        () => ces(plain),
        () => safeCes(plain),
        [3],
        "[3]: expected an integer 1-7",
      );
      const records = deepFreeze([{ score: 7 }, { score: 6 }, { score: 5 }, { score: bad }]);
      expectInputError(
        () => ces(records, { score: "score" }),
        () => safeCes(records, { score: "score" }),
        [3, "score"],
        "[3].score: expected an integer 1-7",
      );
      expectInputError(
        () => runMetric(cesMetric<{ score: unknown }>({ score: (r) => r.score }), records),
        () => safeCes(records, { score: (r) => r.score }),
        [3],
        "[3]: expected an integer 1-7",
      );
    });
  }

  it("rejects a missing field and bad weights", () => {
    const records = deepFreeze([{ score: 5 }, {}]) as readonly { score?: number }[];
    expectInputError(
      () => ces(records, { score: "score" }),
      () => safeCes(records, { score: "score" }),
      [1, "score"],
      "[1].score: expected an integer 1-7",
    );
    for (const w of [-0.5, Number.NaN, -Infinity, "2", null, undefined]) {
      const weighted = deepFreeze([{ s: 5, w }]);
      expectInputError(
        () => ces(weighted, { score: "s", weight: "w" }),
        () => safeCes(weighted, { score: "s", weight: "w" }),
        [0, "w"],
        "[0].w: expected a finite weight >= 0",
      );
    }
  });

  it("rejects bad and impossible options at options.<name>", () => {
    const cases: readonly [Record<string, unknown>, readonly (string | number)[], string?][] = [
      [
        { easyMin: 8 },
        ["options", "easyMin"],
        "options.easyMin: easyMin (8) must be an answer from 2 to 7",
      ],
      [{ easyMin: 1 }, ["options", "easyMin"]],
      [{ easyMin: 5.5 }, ["options", "easyMin"]],
      [{ scaleMax: 5, easyMin: 6 }, ["options", "easyMin"]],
      [
        { scaleMin: 7 },
        ["options", "scaleMin"],
        "options.scaleMin: scaleMax (7) must be greater than scaleMin (7)",
      ],
      [{ scaleMin: 2, scaleMax: 1 }, ["options", "scaleMax"]],
      [{ scaleMax: Number.NaN }, ["options", "scaleMax"]],
      [{ scaleMin: -100, scaleMax: 100 }, ["options", "scaleMax"]],
      [{ level: 1.5 }, ["options", "level"]],
      [{ level: -0.1 }, ["options", "level"]],
      [{ maxMargin: -1 }, ["options", "maxMargin"]],
      [{ score: null }, ["options", "score"]],
      [{ rating: "r" }, ["options"]],
    ];
    for (const [options, path, message] of cases) {
      const frozen = deepFreeze(options);
      expectInputError(
        () => ces([5], frozen),
        () => safeCes([5], frozen),
        path,
        message,
      );
      expectInputError(
        () => cesFromCounts({ counts: [0, 0, 0, 0, 1, 0, 0] }, frozen),
        () => safeCesFromCounts({ counts: [0, 0, 0, 0, 1, 0, 0] }, frozen),
        path,
        message,
      );
      expect(() => cesMetric(frozen)).toThrow(MetricsInputError);
      expect(() => emptyCesTally(frozen)).toThrow(MetricsInputError);
    }
  });

  it("rejects bad counts", () => {
    const cases: readonly [unknown, readonly (string | number)[]][] = [
      [{ counts: [1, 2, 3, 4, 5] }, ["counts"]],
      [{ counts: [1, 2, 3, 4, 5, 6, -7] }, ["counts", 6]],
      [{ counts: [1, 2, 3, 4, 5, 6, 0.5] }, ["counts", 6]],
      [{ counts: [Number.NaN, 2, 3, 4, 5, 6, 7] }, ["counts", 0]],
      [{ counts: [1, 2, 3, 4, 5, 6, 7], sumSquaredWeights: -1 }, ["sumSquaredWeights"]],
      [{ counts: [1, 2, 3, 4, 5, 6, 7], responses: 2.5 }, ["responses"]],
      [[1, 2, 3, 4, 5, 6, 7], []],
    ];
    for (const [counts, path] of cases) {
      const frozen = deepFreeze(counts) as Parameters<typeof cesFromCounts>[0];
      expectInputError(
        () => cesFromCounts(frozen),
        () => safeCesFromCounts(frozen),
        path,
      );
    }
  });
});

describe("ces: properties", () => {
  const score = fc.integer({ min: 1, max: 7 });

  it("the mean stays on the scale inside its interval; the easy share in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(score, { maxLength: 300 }),
        fc.integer({ min: 2, max: 7 }),
        (answers, easyMin) => {
          const r = ces(deepFreeze(answers), { easyMin });
          if (answers.length === 0) {
            expect(r.value).toBeNull();
            return;
          }
          const mean = r.value as number;
          expect(mean).toBeGreaterThanOrEqual(1);
          expect(mean).toBeLessThanOrEqual(7);
          expect(mean).toBeCloseTo(answers.reduce((s, a) => s + a, 0) / answers.length, 12);
          if (r.interval !== null) {
            expect(r.interval.lower).toBeLessThanOrEqual(mean);
            expect(r.interval.upper).toBeGreaterThanOrEqual(mean);
          }
          const share = r.easyShare as number;
          expect(share).toBe(answers.filter((a) => a >= easyMin).length / answers.length);
          expect(r.easyInterval!.lower).toBeLessThanOrEqual(share + 1e-12);
          expect(r.easyInterval!.upper).toBeGreaterThanOrEqual(share - 1e-12);
          expect(jsonRoundTrip(r)).toEqual(r);
        },
      ),
    );
  });

  it("does not depend on the order of the answers", () => {
    fc.assert(
      fc.property(withShuffle(fc.array(score, { maxLength: 200 })), ([a, b]) => {
        expect(ces(deepFreeze(b))).toEqual(ces(deepFreeze(a)));
      }),
    );
  });

  it("merging tallies of a random split equals the tally of the whole", () => {
    const record = fc.record({
      s: score,
      w: fc.integer({ min: 0, max: 5 }),
      group: fc.nat({ max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), fc.boolean(), (records, weighted) => {
        const metric = cesMetric<{ s: number; w: number }>(
          weighted ? { score: "s", weight: "w" } : { score: "s" },
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

  it("the inline check accepts exactly what cesScoreSchema accepts", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const accepted = z.safeParse(cesScoreSchema(), value).success;
        expect(safeCes([value] as number[]).ok).toBe(accepted);
        expect(safeCes([{ s: value }], { score: "s" }).ok).toBe(accepted);
        expect(safeCes([value], { score: (v) => v }).ok).toBe(accepted);
        const weighted = safeCes([{ s: 5, w: value }], { score: "s", weight: "w" }).ok;
        expect(weighted).toBe(z.safeParse(responseWeightSchema, value).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("options the schema rejects are rejected by the functions", () => {
    fc.assert(
      fc.property(
        fc.record(
          { scaleMin: anyValue, easyMin: anyValue, maxMargin: anyValue },
          { requiredKeys: [] },
        ),
        (options) => {
          if (!z.safeParse(cesOptionsSchema, options).success) {
            expect(safeCes([], options as Parameters<typeof ces>[1]).ok).toBe(false);
          }
        },
      ),
    );
  });
});

describe("ces: Metric extras (compare, histogram)", () => {
  it("compares two groups' mean with the two-sample z-test, by hand", () => {
    // a: counts 2, 3, 5, 10, 20, 35, 25 -> mean 5.48, SE 0.1424745 (see above).
    // b: counts 10, 10, 10, 20, 20, 20, 10 -> mean 430/100 = 4.30; Σ c·x² = 2170,
    //    Σ c (x − x̄)² = 2170 − 100 · 4.3² = 321, SE = √(321/99/100) = 0.1800673.
    // difference = 1.18; SE = √(0.1424745² + 0.1800673²) = 0.2296154; z = 5.1390281;
    // p = erfc(5.1390281/√2) = 2.7616e-7; interval 1.18 −/+ 1.959964 · 0.2296154 = [0.7299621, 1.6300379]
    const metric = cesMetric();
    const a = cesTallyFromCounts({ counts: [2, 3, 5, 10, 20, 35, 25] });
    const b = cesTallyFromCounts({ counts: [10, 10, 10, 20, 20, 20, 10] });
    const c = metric.compare!(deepFreeze(a), deepFreeze(b), 0.95);
    expect(c.difference).toBeCloseTo(1.18, 12);
    expect(c.reason).toBeNull();
    expect(c.standardError).toBeCloseTo(0.2296154, 7);
    expect(c.z).toBeCloseTo(5.1390281, 6);
    expect(c.pValue).toBeCloseTo(2.7616e-7, 10);
    expect(c.interval).toEqual({
      lower: expect.closeTo(0.7299621, 7),
      upper: expect.closeTo(1.6300379, 7),
      level: 0.95,
      method: "normal",
    });
    expect(metric.compare!(b, a, 0.95).difference).toBeCloseTo(-1.18, 12);
  });

  it("compare: empty and single-answer sides give null with a reason", () => {
    const metric = cesMetric();
    const some = cesTallyFromCounts({ counts: [1, 0, 0, 0, 0, 0, 1] });
    expect(metric.compare!(metric.empty(), some, 0.95)).toEqual({
      difference: null,
      reason: "empty",
      standardError: null,
      z: null,
      pValue: null,
      interval: null,
    });
    const one = cesTallyFromCounts({ counts: [0, 0, 0, 0, 0, 0, 1] });
    expect(metric.compare!(one, some, 0.95).reason).toBe("insufficient-data");
    // Two constant groups: SE 0; equal means give p = 1.
    const sevens = cesTallyFromCounts({ counts: [0, 0, 0, 0, 0, 0, 3] });
    const same = metric.compare!(sevens, sevens, 0.95);
    expect([same.difference, same.z, same.pValue]).toEqual([0, null, 1]);
  });

  it("has a histogram fast path when unweighted, giving the same tally as add", () => {
    expect(cesMetric({ weight: () => 2 }).histogram).toBeUndefined();
    const spec = cesMetric<{ s: number }>({ score: (r) => r.s }).histogram!;
    expect([spec.field, typeof spec.get, spec.min, spec.max]).toEqual([
      undefined,
      "function",
      1,
      7,
    ]);
    expect(spec.invalid(0, [2]).message).toBe("[2]: expected an integer 1-7");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 100 }), (answers) => {
        const metric = cesMetric();
        const state = metric.init();
        answers.forEach((a, i) => {
          metric.add(state, a, i);
        });
        const counts = new Float64Array(7);
        for (const a of answers) counts[a - 1] = (counts[a - 1] as number) + 1;
        expect(metric.histogram!.fromCounts(counts)).toEqual(metric.tally(state));
      }),
    );
  });
});

describe("ces: types", () => {
  it("has the documented signatures", () => {
    expectTypeOf(ces([5])).toEqualTypeOf<CesResult>();
    expectTypeOf(ces([{ s: 5 }], { score: "s" })).toEqualTypeOf<CesResult>();
    // @ts-expect-error: CES reads `score`, not `rating`
    const wrongKey = () => ces([{ s: 5 }], { rating: "s" });
    expect(wrongKey).toThrow(MetricsInputError);
    expectTypeOf(
      cesMetric<{ s: number }>({ score: "s" }).finalize,
    ).returns.toEqualTypeOf<CesResult>();
  });
});
