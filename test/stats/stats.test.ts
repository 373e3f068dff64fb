import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { twoSidedPValue, zForLevel } from "../../src/stats/normal.ts";
import { waldInterval, wilsonInterval } from "../../src/stats/proportion.ts";
import { addToSum, compensatedSum, emptySum, mergeSums, sumValue } from "../../src/stats/sum.ts";

describe("zForLevel", () => {
  it("gives the critical values R's qnorm prints", () => {
    // R: qnorm(0.975) = 1.959963984540054 (the value the house style mandates, not 1.96)
    expect(zForLevel(0.95)).toBe(1.959963984540054);
    // R: qnorm(0.95) = 1.6448536269514722; qnorm(0.995) = 2.5758293035489004
    expect(zForLevel(0.9)).toBe(1.6448536269514722);
    expect(zForLevel(0.99)).toBe(2.5758293035489004);
  });
  it("computes other levels from the inverse error function", () => {
    // R: qnorm(0.75) = 0.6744897501960817; qnorm(0.9995) = 3.290526731491895 (to 15 digits)
    expect(zForLevel(0.5)).toBeCloseTo(0.6744897501960817, 14);
    expect(zForLevel(0.999)).toBeCloseTo(3.290526731491895, 12);
  });
  it("is increasing in the level", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.98, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.01, noNaN: true }),
        (level, step) => {
          expect(zForLevel(level + step)).toBeGreaterThan(zForLevel(level));
        },
      ),
    );
  });
});

describe("twoSidedPValue", () => {
  it("inverts the critical values", () => {
    expect(twoSidedPValue(0)).toBe(1);
    expect(twoSidedPValue(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedPValue(-2.5758293035489004)).toBeCloseTo(0.01, 14);
    // R: 2 * pnorm(-3) = 0.002699796063260207
    expect(twoSidedPValue(3)).toBeCloseTo(0.002699796063260207, 15);
  });
});

describe("wilsonInterval", () => {
  it("matches R prop.test(50, 100, correct = FALSE)", () => {
    // R: prop.test(50, 100, correct = FALSE)$conf.int = 0.4038315 0.5961685
    const i = wilsonInterval(50, 100, 0.95);
    expect(i?.lower).toBeCloseTo(0.4038315, 7);
    expect(i?.upper).toBeCloseTo(0.5961685, 7);
    expect(i?.method).toBe("wilson");
  });
  it("handles 0 successes: upper = z²/(n + z²)", () => {
    // By hand: z² = 3.841458820694124, n = 10 -> 3.841458820694124 / 13.841458820694124 = 0.2775328
    const i = wilsonInterval(0, 10, 0.95);
    expect(i?.lower).toBe(0);
    expect(i?.upper).toBeCloseTo(0.2775328, 7);
  });
  it("is null for n = 0 and stays in [0, 1]", () => {
    expect(wilsonInterval(0, 0, 0.95)).toBeNull();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const k = Math.round(share * n);
          const i = wilsonInterval(k, n, 0.95);
          expect(i).not.toBeNull();
          expect(i!.lower).toBeGreaterThanOrEqual(0);
          expect(i!.upper).toBeLessThanOrEqual(1);
          expect(i!.lower).toBeLessThanOrEqual(k / n + 1e-12);
          expect(i!.upper).toBeGreaterThanOrEqual(k / n - 1e-12);
        },
      ),
    );
  });
});

describe("waldInterval", () => {
  it("is p ± z·sqrt(p(1-p)/n)", () => {
    // By hand: 0.5 ± 1.959963984540054 * sqrt(0.25 / 100) = 0.5 ± 0.0979981992270027
    const i = waldInterval(50, 100, 0.95);
    expect(i?.lower).toBeCloseTo(0.4020018007729973, 14);
    expect(i?.upper).toBeCloseTo(0.5979981992270027, 14);
  });
});

describe("compensated summation", () => {
  it("keeps what naive summation loses", () => {
    // Naive: 1e16 + 1 = 1e16 (the 1 is lost), then - 1e16 = 0. Exact answer: 1.
    expect(compensatedSum([1e16, 1, -1e16])).toBe(1);
    // The doubles 0.1, 0.2, 0.3 and 0.6 are 0.1000000000000000055511151231257827,
    // 0.2000000000000000111022302462515654, 0.2999999999999999888977697537484346 and
    // 0.5999999999999999777955395074968692: their exact sum is 2^-55 = 2.7755575615628914e-17.
    expect(compensatedSum([0.1, 0.2, 0.3, -0.6])).toBe(2 ** -55);
    expect(compensatedSum([])).toBe(0);
    expect(sumValue([1e16, 1, -1e16].reduce(addToSum, emptySum()))).toBe(1);
  });
  it("merges partial sums to the whole", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        fc.nat(),
        (values, cut) => {
          const k = values.length === 0 ? 0 : cut % values.length;
          const left = values.slice(0, k).reduce(addToSum, emptySum());
          const right = values.slice(k).reduce(addToSum, emptySum());
          expect(sumValue(mergeSums(left, right))).toBeCloseTo(compensatedSum(values), 6);
        },
      ),
    );
  });
});
