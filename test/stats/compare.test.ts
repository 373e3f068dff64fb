import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { compareProportions, holmAdjust, safeCompareProportions } from "../../src/stats/compare.ts";
import { deepFreeze, expectInputError, inputErrorOf } from "../helpers.ts";

describe("compareProportions: reference vectors", () => {
  it("gives the pooled z-test of 56/70 vs 48/80 (hand calculation = R prop.test)", () => {
    // Hand calculation, two-proportion z-test with the pooled SE:
    //   p_a = 56/70 = 0.8, p_b = 48/80 = 0.6, d = 0.2
    //   pooled p = (56 + 48)/(70 + 80) = 104/150 = 0.693333
    //   SE0 = sqrt(0.693333 * 0.306667 * (1/70 + 1/80)) = sqrt(0.212622 * 0.0267857)
    //       = sqrt(0.00569524) = 0.0754668
    //   z = 0.2 / 0.0754668 = 2.65017;  z^2 = 7.0234 (R: prop.test(c(56, 48), c(70, 80),
    //   correct = FALSE) gives X-squared = 7.0234, p-value = 0.008045)
    const c = compareProportions(
      deepFreeze({ successes: 56, n: 70 }),
      deepFreeze({ successes: 48, n: 80 }),
    );
    expect(c.difference).toBeCloseTo(0.2, 12);
    expect(c.reason).toBeNull();
    expect(c.standardError).toBeCloseTo(0.0754668, 6);
    expect(c.z).toBeCloseTo(2.65017, 4);
    expect((c.z as number) ** 2).toBeCloseTo(7.0234, 3);
    expect(c.pValue).toBeCloseTo(0.008045, 5);
  });

  // Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score
  // interval without continuity correction), 95%, to 4 decimals.
  const newcombe: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339], // (a)
    [9, 10, 3, 10, 0.1705, 0.809], // (b)
    [5, 56, 0, 29, -0.0381, 0.1926], // (d)
    [0, 10, 0, 20, -0.1611, 0.2775], // (e)
    [10, 10, 0, 20, 0.6791, 1], // (f)
  ];
  for (const [xa, na, xb, nb, lower, upper] of newcombe) {
    it(`gives Newcombe's interval for ${xa}/${na} - ${xb}/${nb}: [${lower}, ${upper}]`, () => {
      const c = compareProportions({ successes: xa, n: na }, { successes: xb, n: nb });
      expect(c.interval?.method).toBe("newcombe");
      expect(c.interval?.level).toBe(0.95);
      expect(c.interval?.lower).toBeCloseTo(lower, 4);
      expect(c.interval?.upper).toBeCloseTo(upper, 4);
    });
  }

  it("gives p = 1 and no z when both groups are all failures (SE0 = 0)", () => {
    const c = compareProportions({ successes: 0, n: 10 }, { successes: 0, n: 20 });
    expect(c.difference).toBe(0);
    expect(c.standardError).toBe(0);
    expect(c.z).toBeNull();
    expect(c.pValue).toBe(1);
  });

  it("gives nulls with reason empty when a group is empty", () => {
    for (const [a, b] of [
      [0, 10],
      [10, 0],
      [0, 0],
    ] as const) {
      const c = compareProportions({ successes: 0, n: a }, { successes: 0, n: b });
      expect(c).toEqual({
        difference: null,
        reason: "empty",
        standardError: null,
        z: null,
        pValue: null,
        interval: null,
      });
    }
  });

  it("widens with the level", () => {
    const a = { successes: 30, n: 50 };
    const b = { successes: 20, n: 50 };
    const c90 = compareProportions(a, b, { level: 0.9 });
    const c99 = compareProportions(a, b, { level: 0.99 });
    expect(c99.interval!.lower).toBeLessThan(c90.interval!.lower);
    expect(c99.interval!.upper).toBeGreaterThan(c90.interval!.upper);
    expect(c99.pValue).toBe(c90.pValue);
  });

  test.prop([
    fc
      .integer({ min: 1, max: 500 })
      .chain((na) => fc.tuple(fc.constant(na), fc.integer({ min: 0, max: na }))),
    fc
      .integer({ min: 1, max: 500 })
      .chain((nb) => fc.tuple(fc.constant(nb), fc.integer({ min: 0, max: nb }))),
  ])("interval contains the difference, within [-1, 1]; swapping negates", ([na, xa], [nb, xb]) => {
    const c = compareProportions({ successes: xa, n: na }, { successes: xb, n: nb });
    const d = c.difference as number;
    expect(c.interval!.lower).toBeLessThanOrEqual(d + 1e-12);
    expect(c.interval!.upper).toBeGreaterThanOrEqual(d - 1e-12);
    expect(c.interval!.lower).toBeGreaterThanOrEqual(-1);
    expect(c.interval!.upper).toBeLessThanOrEqual(1);
    expect(c.pValue!).toBeGreaterThanOrEqual(0);
    expect(c.pValue!).toBeLessThanOrEqual(1);
    const s = compareProportions({ successes: xb, n: nb }, { successes: xa, n: na });
    expect(s.difference).toBeCloseTo(-d, 12);
    expect(s.interval!.lower).toBeCloseTo(-c.interval!.upper, 12);
    expect(s.pValue).toBeCloseTo(c.pValue as number, 12);
  });
});

describe("compareProportions: bad input", () => {
  it("names the bad count or option", () => {
    const ok = { successes: 1, n: 2 };
    const cases: [unknown, unknown, unknown, (string | number)[]][] = [
      [{ successes: 3, n: 2 }, ok, undefined, ["a", "successes"]],
      [ok, { successes: -1, n: 2 }, undefined, ["b", "successes"]],
      [ok, { successes: 1, n: Number.NaN }, undefined, ["b", "n"]],
      [ok, { successes: 1 }, undefined, ["b", "n"]],
      [null, ok, undefined, ["a"]],
      [ok, ok, { level: 1 }, ["options", "level"]],
      [ok, ok, { confidence: 0.9 }, ["options"]],
    ];
    for (const [a, b, options, path] of cases) {
      expectInputError(
        () => compareProportions(a as never, b as never, options as never),
        () => safeCompareProportions(a as never, b as never, options as never),
        path,
      );
    }
  });
});

describe("holmAdjust", () => {
  it("matches R's p.adjust(p, 'holm') on hand examples", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm"), by hand with m = 4 sorted ascending:
    //   0.005*4 = 0.02; 0.01*3 = 0.03; 0.03*2 = 0.06; 0.04*1 = 0.04 -> running max 0.06
    //   back in input order: 0.03 0.06 0.06 0.02
    const a = holmAdjust(deepFreeze([0.01, 0.04, 0.03, 0.005]));
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => {
      expect(a[i]).toBeCloseTo(v, 12);
    });
    // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm"): 0.05 0.08 0.09 0.09 0.09
    const b = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((v, i) => {
      expect(b[i]).toBeCloseTo(v, 12);
    });
    // Capped at 1: p.adjust(c(0.5, 0.6), "holm") = 1 1
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
  });

  it("keeps nulls and leaves them out of m", () => {
    // m = 2: 0.01 * 2 = 0.02, 0.04 * 1 = 0.04
    const out = holmAdjust([null, 0.04, null, 0.01]);
    expect(out[0]).toBeNull();
    expect(out[2]).toBeNull();
    expect(out[1]).toBeCloseTo(0.04, 12);
    expect(out[3]).toBeCloseTo(0.02, 12);
    expect(holmAdjust([])).toEqual([]);
  });

  test.prop([fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }))])(
    "adjusted p ≥ raw p, ≤ 1, and monotone in the raw p",
    (ps) => {
      const out = holmAdjust(ps);
      ps.forEach((p, i) => {
        if (p === null) expect(out[i]).toBeNull();
        else {
          expect(out[i]!).toBeGreaterThanOrEqual(p);
          expect(out[i]!).toBeLessThanOrEqual(1);
        }
      });
      for (let i = 0; i < ps.length; i++) {
        for (let j = 0; j < ps.length; j++) {
          const pi = ps[i];
          const pj = ps[j];
          if (pi != null && pj != null && pi < pj) expect(out[i]!).toBeLessThanOrEqual(out[j]!);
        }
      }
    },
  );

  it("rejects p-values outside [0, 1], naming them", () => {
    for (const bad of [1.5, -0.1, Number.NaN, "0.1", undefined]) {
      const error = inputErrorOf(() => holmAdjust([0.1, bad as never]));
      expect(error.issues[0]?.path).toEqual([1]);
    }
    expect(inputErrorOf(() => holmAdjust("x" as never)).issues[0]?.path).toEqual([]);
  });
});
