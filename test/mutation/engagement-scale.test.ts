// Tests written against mutants that survived in src/engagement/scale.ts and
// src/engagement/components.ts (Stryker, 2026-11-24): each pins a behaviour no other test did (a
// check of a caller's scale and its message, a compensated sum, the overflow path of the sd, the
// distribution kept by a merge, an option check's message, records that are not objects).
// Expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import type { EngagementComponent } from "../../src/engagement/components.ts";
import {
  type EngagementComponentScale,
  type EngagementScale,
  type EngagementScaleOptions,
  fitEngagementScale,
  mergeEngagementScales,
  safeFitEngagementScale,
  safeMergeEngagementScales,
} from "../../src/engagement/scale.ts";
import {
  type EngagementScoreOptions,
  engagementScore,
  safeEngagementScore,
} from "../../src/engagement/score.ts";
import { deepFreeze, expectInputError } from "../engagement/helpers.ts";

type Row = Readonly<Record<string, number | null>>;

const minMax: readonly EngagementComponent<Row>[] = deepFreeze([
  { name: "v", weight: 1, normalize: "min-max" },
]);

/** One fitted component, read from `{ v }` rows: what fitEngagementScale keeps of it. */
function fitV(values: readonly (number | null)[]): EngagementComponentScale | undefined {
  const rows = deepFreeze(values.map((v) => ({ v })));
  return fitEngagementScale(rows, {
    components: [{ name: "v", weight: 1, normalize: "z-score" }],
  }).components[0];
}

function scaleOf(...components: EngagementComponentScale[]): EngagementScale {
  return deepFreeze({ version: 1, components });
}

/** An entry named "v" without data, as a non-percentile fit leaves it. */
const EMPTY: EngagementComponentScale = deepFreeze({
  name: "v",
  n: 0,
  min: null,
  max: null,
  mean: null,
  sd: null,
  distribution: null,
});

/** A consistent entry named "v": the values 1 and 3 (mean 2, sd √2), with their distribution. */
const ONE_THREE: EngagementComponentScale = deepFreeze({
  name: "v",
  n: 2,
  min: 1,
  max: 3,
  mean: 2,
  sd: Math.SQRT2,
  distribution: { values: [1, 3], counts: [1, 1] },
});

describe("fitEngagementScale: the compensated mean", () => {
  it("keeps the small terms that cancel against a large one (Neumaier)", () => {
    // Exact sum 1e16 + 1 − 1e16 + 1 = 2, mean 2 / 4 = 0.5. Plain left-to-right summation loses
    // the first 1 (1e16 + 1 rounds to 1e16, the doubles there are 2 apart) and gives 1 / 4.
    // Neumaier's carry collects it in the |sum| >= |x| branch (sum 1e16, x = 1).
    expect(fitV([1e16, 1, -1e16, 1])?.mean).toBe(0.5);
    // Same values, the small one first: at x = 1e16 the running sum is 1, so the carry comes
    // from the other branch (x − t + sum = 1e16 − 1e16 + 1 = 1); sum − t + x would give 0.
    expect(fitV([1, 1e16, -1e16, 1])?.mean).toBe(0.5);
  });

  it("is exact for a constant column, and so is its sd of 0", () => {
    // [0.1, 0.1, 0.1]: mean 0.1, sd 0 (all values equal). The sum 3 × 0.1 divided by 3 is
    // 0.10000000000000002 in doubles, whose squared deviations are not 0: the sd is 0 because
    // min = max, and the mean is clamped into [min, max].
    expect(fitV([0.1, 0.1, 0.1])).toEqual({
      name: "v",
      n: 3,
      min: 0.1,
      max: 0.1,
      mean: 0.1,
      sd: 0,
      distribution: null,
    });
    // The same at 1.1e300, where 3.3e300 / 3 is also 1 ulp off (an ulp there is 2^944 ≈ 1.5e284):
    // that deviation squared overflows, so the sd takes the scaled path: still 0.
    expect(fitV([1.1e300, 1.1e300, 1.1e300])).toEqual({
      name: "v",
      n: 3,
      min: 1.1e300,
      max: 1.1e300,
      mean: 1.1e300,
      sd: 0,
      distribution: null,
    });
  });
});

describe("fitEngagementScale: the sd of ordinary and of huge columns", () => {
  it("keeps ordinary columns to the last digit, missing values left out", () => {
    // [0, missing, 3]: mean 1.5, squared deviations 2.25 + 2.25 = 4.5 (exact in doubles), so the
    // sd is √4.5 correctly rounded, which Math.sqrt gives (IEEE 754). The scaled formula,
    // 3 · √(((0 − 0.5)² + (1 − 0.5)²) / 1), is 1 ulp above: it is only for overflowing squares.
    const c = fitV([0, null, 3]);
    expect(c?.n).toBe(2);
    expect(c?.mean).toBe(1.5);
    expect(c?.sd).toBe(Math.sqrt(4.5));
  });

  it("scales by the largest magnitude when the sum overflows", () => {
    // [0, 1.5e308, 1.5e308]: the sum 3e308 overflows. Mean 3e308 / 3 = 1e308; deviations −1e308,
    // 0.5e308, 0.5e308; squares 1e616 · (1 + 0.25 + 0.25) = 1.5e616 (overflow), / 2 = 0.75e616,
    // sd = √0.75 · 1e308 = 1.5e308 / √3. Scaling by max |x| = 1.5e308 gives 0, 1, 1 (scaling
    // by min |x| = 0 would divide by zero).
    const c = fitV([0, 1.5e308, 1.5e308]);
    expect((c?.mean ?? 0) / 1e308).toBeCloseTo(1, 12);
    expect((c?.sd ?? 0) / (1.5e308 / Math.sqrt(3))).toBeCloseTo(1, 12);
  });

  it("sums squared deviations from the mean on the scaled values, missing values left out", () => {
    // a = 2^1023, d = 2^998; values a, missing, a − d, a − 3d (exact doubles; a + a − d
    // overflows). Mean a − 4d/3; deviations (4, 1, −5) · d/3; squares (16 + 1 + 25) d²/9 =
    // 42 d²/9 (overflows: d² = 2^1996), / 2 = 7 d²/3, sd = d · √(7/3). Scaled by s = a, the
    // values are exactly 1, 1 − 2^−25, 1 − 3 · 2^−25, so only the mean rounds (by about 1e-16
    // relative): 12 digits is a wide margin. Σ (x/s + c)(x/s − c) instead of Σ (x/s − c)² is
    // the same sum only when c is exactly the scaled mean: the rounding of c (about 1e-16),
    // times 2cn, is of the order of the true sum 7 (d/s)²/3 ≈ 2e-15, a few per cent of the sd.
    const a = 2 ** 1023;
    const d = 2 ** 998;
    const c = fitV([a, null, a - d, a - 3 * d]);
    expect(c?.n).toBe(3);
    expect((c?.mean ?? 0) / (a - (4 * d) / 3)).toBeCloseTo(1, 12);
    expect((c?.sd ?? 0) / (d * Math.sqrt(7 / 3))).toBeCloseTo(1, 12);
  });

  it("names the value of largest magnitude when the sd overflows, with the message", () => {
    // [−1e308, 1.7e308]: mean 0.35e308, deviations ∓1.35e308, sd = √2 · 1.35e308 ≈ 1.91e308,
    // above the largest double (1.797e308). The largest |x| is 1.7e308, customer 1.
    const rows = deepFreeze([{ v: -1e308 }, { v: 1.7e308 }]);
    const options = { components: [{ name: "v", weight: 1, normalize: "z-score" }] } as const;
    expectInputError(
      () => fitEngagementScale(rows, options),
      () => safeFitEngagementScale(rows, options),
      [1, "v"],
      "[1].v: the standard deviation overflows (above 1.8e308): expected values of a realistic magnitude",
    );
  });

  it("never names a missing value when the sd overflows", () => {
    // Customer 0 has no value (missing). [−1e308, 1.75e308] overflow as above; the largest |x|
    // is 1.75e308, customer 2. (Regression: the search started at customer 0, whose missing
    // value compares false with everything, and named [0].v.)
    const rows = deepFreeze([{ v: null }, { v: -1e308 }, { v: 1.75e308 }]);
    const options = { components: [{ name: "v", weight: 1, normalize: "z-score" }] } as const;
    expectInputError(
      () => fitEngagementScale(rows, options),
      () => safeFitEngagementScale(rows, options),
      [2, "v"],
    );
  });

  it("scores by the side of the mean when the sd of distinct values underflows to 0", () => {
    // [0, 5e-324] (5e-324 is the smallest subnormal): their mean 2.5e-324 is halfway between 0
    // and 5e-324 and rounds to the even one, 0; the squared deviation (5e-324)² underflows to 0,
    // so the sd is 0 although min ≠ max. A z-score is then 0, 50 or 100 by the side of the mean:
    // 0 is at the mean (50), 5e-324 above it (100). (0 / 0 would be NaN: no score.)
    const rows = deepFreeze([{ v: 0 }, { v: 5e-324 }]);
    const r = engagementScore(rows, {
      components: [{ name: "v", weight: 1, normalize: "z-score" }],
    });
    expect(r.scale.components[0]).toEqual({
      name: "v",
      n: 2,
      min: 0,
      max: 5e-324,
      mean: 0,
      sd: 0,
      distribution: null,
    });
    expect(r.rows.map((row) => row.score)).toEqual([50, 100]);
  });
});

describe("fitEngagementScale: options", () => {
  it("rejects options that are not an object as an input error (not a TypeError)", () => {
    const rows = deepFreeze([{ v: 1 }]);
    for (const options of [null, "components"]) {
      const bad = options as unknown as EngagementScaleOptions<{ v: number }>;
      expectInputError(
        () => fitEngagementScale(rows, bad),
        () => safeFitEngagementScale(rows, bad),
        ["options"],
        "options: expected object",
      );
    }
  });

  it("says where a scale goes", () => {
    const rows = deepFreeze([{ v: 1 }]);
    const options = { components: minMax, scale: scaleOf({ ...EMPTY }) };
    expectInputError(
      () => fitEngagementScale(rows, options),
      () => safeFitEngagementScale(rows, options),
      ["options", "scale"],
      "options.scale: fitEngagementScale fits a scale: pass it to engagementScore",
    );
  });
});

describe("engagementScore: a caller's scale is checked entry by entry", () => {
  const rows = deepFreeze([{ v: 1 }]);
  function expectScaleError(
    scale: EngagementScale,
    path: readonly (string | number)[],
    message: string,
  ): void {
    expectInputError(
      () => engagementScore(rows, { components: minMax, scale }),
      () => safeEngagementScore(rows, { components: minMax, scale }),
      path,
      message,
    );
  }
  const at = (field: string) => ["options", "scale", "components", 0, field];

  it("n = 0: every statistic null", () => {
    const message = "statistics must be null when n is 0";
    expectScaleError(
      scaleOf({ ...EMPTY, max: 1 }),
      at("n"),
      `options.scale.components[0].n: ${message}`,
    );
    expectScaleError(
      scaleOf({ ...EMPTY, mean: 1 }),
      at("n"),
      `options.scale.components[0].n: ${message}`,
    );
    expectScaleError(
      scaleOf({ ...EMPTY, sd: 1 }),
      at("n"),
      `options.scale.components[0].n: ${message}`,
    );
  });

  it("n > 0: min, max and mean each required, min <= max, and sd from n = 2", () => {
    const one = { name: "v", n: 1, min: 1, max: 1, mean: 1, sd: null, distribution: null };
    const required = "options.scale.components[0].min: min, max and mean are required when n > 0";
    expectScaleError(scaleOf({ ...one, min: null }), at("min"), required);
    expectScaleError(scaleOf({ ...one, max: null }), at("min"), required);
    expectScaleError(scaleOf({ ...one, mean: null }), at("min"), required);
    expectScaleError(
      scaleOf({ ...ONE_THREE, min: 3, max: 1 }),
      at("max"),
      "options.scale.components[0].max: expected min <= max",
    );
    expectScaleError(
      scaleOf({ ...ONE_THREE, sd: null }),
      at("sd"),
      "options.scale.components[0].sd: sd is required when n >= 2",
    );
  });

  it("a distribution: as many counts as values, values strictly increasing", () => {
    expectScaleError(
      scaleOf({ ...ONE_THREE, distribution: { values: [1, 3], counts: [2] } }),
      at("distribution"),
      "options.scale.components[0].distribution: values and counts must have the same length",
    );
    expectScaleError(
      scaleOf({ ...ONE_THREE, distribution: { values: [1, 1], counts: [1, 1] } }),
      at("distribution"),
      "options.scale.components[0].distribution: values must be strictly increasing",
    );
  });

  it("one entry per name, and one for each component", () => {
    expectScaleError(
      scaleOf({ ...ONE_THREE }, { ...ONE_THREE }),
      ["options", "scale", "components", 1, "name"],
      'options.scale.components[1].name: duplicate entry "v"',
    );
    expectScaleError(
      scaleOf({ ...ONE_THREE, name: "w" }),
      ["options", "scale", "components"],
      'options.scale.components: no entry for component "v": fit the scale with the same components',
    );
  });

  it("an entry without data gives no score, not a side-of-null score", () => {
    // v has no data in the scale: no score, so the row is w's alone. w: min-max over [0, 4],
    // (2 − 0) / (4 − 0) = 0.5 -> 50.
    const components: EngagementComponent<Row>[] = [
      { name: "v", weight: 1, normalize: "min-max" },
      { name: "w", weight: 1, normalize: "min-max" },
    ];
    const w = { name: "w", n: 2, min: 0, max: 4, mean: 2, sd: 2 * Math.SQRT2, distribution: null };
    const r = engagementScore(deepFreeze([{ v: 5, w: 2 }]), {
      components,
      scale: scaleOf({ ...EMPTY }, w),
    });
    expect(r.rows[0]?.components.map((c) => c.score)).toEqual([null, 50]);
    expect(r.rows[0]?.score).toBe(50);
  });
});

describe("mergeEngagementScales: checks", () => {
  const good = scaleOf({ ...ONE_THREE });
  const bad = scaleOf({ ...EMPTY, max: 1 });

  it("checks each entry of both scales, naming the side", () => {
    expectInputError(
      () => mergeEngagementScales(good, bad),
      () => safeMergeEngagementScales(good, bad),
      ["b", "components", 0, "n"],
      "b.components[0].n: statistics must be null when n is 0",
    );
    expectInputError(
      () => mergeEngagementScales(bad, good),
      () => safeMergeEngagementScales(bad, good),
      ["a", "components", 0, "n"],
      "a.components[0].n: statistics must be null when n is 0",
    );
  });

  it("needs the same component names on both sides", () => {
    const more = scaleOf({ ...ONE_THREE }, { ...ONE_THREE, name: "w" });
    expectInputError(
      () => mergeEngagementScales(good, more),
      () => safeMergeEngagementScales(good, more),
      ["b", "components"],
      "b.components: expected the same components in both scales",
    );
    const other = scaleOf({ ...ONE_THREE, name: "w" });
    expectInputError(
      () => mergeEngagementScales(good, other),
      () => safeMergeEngagementScales(good, other),
      ["b", "components"],
      'b.components: no entry for component "v"',
    );
  });
});

describe("mergeEngagementScales: results", () => {
  it("an entry without data is the identity, on either side", () => {
    // Merging with no customers changes nothing: the entry comes back as it was. (Recomputing
    // through the pooled formula would not: √(0.3² · 3 / 3) is 0.30000000000000004 in doubles.)
    // x: 4 values 0.5 ± 0.3 and 0.5 ± √0.045 (Σ squared deviations 0.27, sd √(0.27 / 3) = 0.3).
    const x = { name: "v", n: 4, min: 0.2, max: 0.8, mean: 0.5, sd: 0.3, distribution: null };
    expect(mergeEngagementScales(scaleOf(x), scaleOf({ ...EMPTY })).components).toEqual([x]);
    expect(mergeEngagementScales(scaleOf({ ...EMPTY }), scaleOf(x)).components).toEqual([x]);
  });

  it("keeps a distribution when one side kept it and the other has no data", () => {
    // EMPTY (fitted without a distribution) has no values: the union's values are ONE_THREE's.
    const left = mergeEngagementScales(scaleOf({ ...EMPTY }), scaleOf({ ...ONE_THREE }));
    expect(left.components).toEqual([ONE_THREE]);
    const right = mergeEngagementScales(scaleOf({ ...ONE_THREE }), scaleOf({ ...EMPTY }));
    expect(right.components).toEqual([ONE_THREE]);
  });

  it("drops the distribution when a side with data did not keep one", () => {
    // [1, 3] without its distribution, merged with [1, 3] with it: the union's values are
    // unknown. n 4, min 1, max 3, mean 2; Σ squared deviations 1 · 2 + 1 · 2 + 0 = 4, sd √(4/3)
    // (to 15 digits: the entries' sd √2, squared, is 2 to within an ulp).
    const without = { ...ONE_THREE, distribution: null };
    const expected = { ...without, n: 4, sd: expect.closeTo(Math.sqrt(4 / 3), 15) };
    const left = mergeEngagementScales(scaleOf(without), scaleOf({ ...ONE_THREE }));
    expect(left.components).toEqual([expected]);
    const right = mergeEngagementScales(scaleOf({ ...ONE_THREE }), scaleOf(without));
    expect(right.components).toEqual([expected]);
  });

  it("gives sd 0 when every merged value is the same, whatever noise the entries carry", () => {
    // A scale from another tool may carry a rounding-noise sd for a constant column (a naive
    // mean of [0.1, 0.1, 0.1] is 0.10000000000000002, whose sample sd is about 1.7e-17). Both
    // sides hold only 0.1: the 5 values are all equal, sd 0.
    const a = { name: "v", n: 3, min: 0.1, max: 0.1, mean: 0.1, sd: 1.7e-17, distribution: null };
    const b = { name: "v", n: 2, min: 0.1, max: 0.1, mean: 0.1, sd: 0, distribution: null };
    expect(mergeEngagementScales(scaleOf(a), scaleOf(b)).components).toEqual([
      { name: "v", n: 5, min: 0.1, max: 0.1, mean: 0.1, sd: 0, distribution: null },
    ]);
  });

  it("merges distributions that end at different places", () => {
    // [1, 3] + [2, 3, 3, 7, 9] (mean 24 / 5 = 4.8, Σ squared deviations 36.8, sd √(36.8 / 4)):
    // a runs out first, then b's tail.
    // 1 (a), 2 (b), 3 (1 + 2), 7 (b), 9 (b). And the other way round: the same.
    const b = {
      name: "v",
      n: 5,
      min: 2,
      max: 9,
      mean: 4.8,
      sd: Math.sqrt(9.2),
      distribution: { values: [2, 3, 7, 9], counts: [1, 2, 1, 1] },
    };
    const expected = { values: [1, 2, 3, 7, 9], counts: [1, 1, 3, 1, 1] };
    const ab = mergeEngagementScales(scaleOf({ ...ONE_THREE }), scaleOf(b));
    expect(ab.components[0]?.distribution).toEqual(expected);
    const ba = mergeEngagementScales(scaleOf(b), scaleOf({ ...ONE_THREE }));
    expect(ba.components[0]?.distribution).toEqual(expected);
  });
});

describe("score options (components.ts): messages and paths", () => {
  const rows = deepFreeze([{ v: 1, w: 2 }]);
  function expectOptionError(
    options: EngagementScoreOptions<Row>,
    path: readonly (string | number)[],
    message: string,
  ): void {
    expectInputError(
      () => engagementScore(rows, options),
      () => safeEngagementScore(rows, options),
      path,
      message,
    );
  }

  it("components", () => {
    expectOptionError(
      {
        components: [
          { name: "v", weight: 1, normalize: "min-max" },
          { name: "v", weight: 1, normalize: "z-score" },
        ],
      },
      ["options", "components", 1, "name"],
      'options.components[1].name: duplicate component name "v"',
    );
    expectOptionError(
      { components: [{ name: "v", weight: 1, normalize: "target" }] },
      ["options", "components", 0, "target"],
      'options.components[0].target: expected a target > 0 for normalize: "target"',
    );
    expectOptionError(
      { components: [{ name: "v", weight: 1, normalize: "min-max", target: 5 }] },
      ["options", "components", 0, "target"],
      'options.components[0].target: target is only used with normalize: "target"',
    );
    expectOptionError(
      { components: [{ name: "v", weight: 0, normalize: "min-max" }] },
      ["options", "components"],
      "options.components: expected at least one weight > 0 (and a finite total)",
    );
  });

  it("tiers", () => {
    const components = minMax;
    expectOptionError(
      { components, tiers: { thresholds: [50], quantiles: [0.5] } },
      ["options", "tiers"],
      "options.tiers: expected either thresholds or quantiles",
    );
    expectOptionError(
      { components, tiers: { thresholds: [50, 50] } },
      ["options", "tiers", "thresholds", 1],
      "options.tiers.thresholds[1]: expected strictly increasing cut points",
    );
    // Two cut points make three tiers.
    expectOptionError(
      { components, tiers: { thresholds: [40, 70], labels: ["a", "b"] } },
      ["options", "tiers", "labels"],
      "options.tiers.labels: expected 3 labels (one more than the 2 cut points)",
    );
    expectOptionError(
      { components, tiers: { thresholds: [40, 70], labels: ["a", "b", "a"] } },
      ["options", "tiers", "labels", 2],
      "options.tiers.labels[2]: expected unique labels",
    );
  });

  it("a property accessor other than the name is the property read", () => {
    // visits read from "raw": [4, 8], not the "visits" property ([100, 0]).
    const scale = fitEngagementScale(
      deepFreeze([
        { raw: 4, visits: 100 },
        { raw: 8, visits: 0 },
      ]),
      { components: [{ name: "visits", value: "raw", weight: 1, normalize: "min-max" }] },
    );
    expect(scale.components[0]).toEqual({
      name: "visits",
      n: 2,
      min: 4,
      max: 8,
      mean: 6,
      sd: 2 * Math.SQRT2,
      distribution: null,
    });
  });
});

describe("reading customers (components.ts)", () => {
  it("names the argument that is not an array", () => {
    const notArray = "x" as unknown as Row[];
    expectInputError(
      () => engagementScore(notArray, { components: minMax }),
      () => safeEngagementScore(notArray, { components: minMax }),
      [],
      "(root): expected an array of customers",
    );
  });

  it("takes customers of any type when every accessor (and the id) is a function", () => {
    // Customers are plain numbers 2 and 4: min-max over [2, 4] gives 0 and 100.
    const customers = deepFreeze([2, 4]);
    const r = engagementScore(customers, {
      components: [{ name: "x", value: (c: number) => c, weight: 1, normalize: "min-max" }],
      id: (_c: number, i: number) => `c${i}`,
    });
    expect(r.rows.map((row) => [row.id, row.score])).toEqual([
      ["c0", 0],
      ["c1", 100],
    ]);
    // Without the id too.
    const s = engagementScore(customers, {
      components: [{ name: "x", value: (c: number) => c, weight: 1, normalize: "min-max" }],
    });
    expect(s.rows.map((row) => row.score)).toEqual([0, 100]);
  });

  it("needs objects when one component (of several) reads a property", () => {
    // null and a number are not records, even though the function accessor copes with them.
    type Maybe = { v: number; w: number } | null | number;
    const options: EngagementScoreOptions<Maybe> = {
      components: [
        {
          name: "w",
          value: (c: Maybe) => (typeof c === "number" ? c : c?.w),
          weight: 1,
          normalize: "min-max",
        },
        { name: "v", weight: 1, normalize: "min-max" },
      ],
    };
    for (const notRecord of [null, 7]) {
      const customers: readonly Maybe[] = deepFreeze([{ v: 1, w: 2 }, notRecord]);
      expectInputError(
        () => engagementScore(customers, options),
        () => safeEngagementScore(customers, options),
        [1],
        "[1]: expected a customer record (an object)",
      );
    }
  });

  it("rows have id null without an id option", () => {
    const r = engagementScore(deepFreeze([{ v: 1 }, { v: 2 }]), { components: minMax });
    expect(r.rows.map((row) => row.id)).toEqual([null, null]);
  });

  it("ids: a non-empty string or a finite number, the path naming the id property", () => {
    // NaN is a number but not a finite one.
    const nanId = deepFreeze([{ v: 1, id: Number.NaN }]);
    expectInputError(
      () => engagementScore(nanId, { components: minMax, id: "id" }),
      () => safeEngagementScore(nanId, { components: minMax, id: "id" }),
      [0, "id"],
    );
    // An array has a length but is not a string; a function id has no property to name.
    const rows = deepFreeze([{ v: 1 }]);
    const arrayId = { components: minMax, id: () => ["a"] as unknown as string };
    expectInputError(
      () => engagementScore(rows, arrayId),
      () => safeEngagementScore(rows, arrayId),
      [0],
    );
  });
});
