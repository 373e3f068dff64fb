// fitEngagementScale on values beyond about 1e154, whose squares (or sums) overflow: the mean and
// the sample sd are computed on values scaled by max |x| and come out finite and right, and an sd
// that is itself beyond the largest double is an input error naming the largest value.
import { describe, expect, it } from "vitest";
import { fitEngagementScale, MetricsInputError } from "../../src/index.ts";

const zScore = { components: [{ name: "visits", weight: 1, normalize: "z-score" }] } as const;

function fitVisits(values: readonly number[]) {
  const records = Object.freeze(
    values.map((visits, i) => Object.freeze({ id: String(i), visits })),
  );
  return fitEngagementScale(records, zScore).components[0];
}

describe("fitEngagementScale with astronomically large values", () => {
  it("gives the sd of [1e200, 3e200]", () => {
    // Hand calculation: mean 2e200; deviations ∓1e200; sd = √((1e400 + 1e400) / 1) = √2 · 1e200.
    const c = fitVisits([1e200, 3e200]);
    expect((c?.mean ?? 0) / 2e200).toBeCloseTo(1, 12);
    expect((c?.sd ?? 0) / (Math.SQRT2 * 1e200)).toBeCloseTo(1, 12);
  });

  it("gives the mean and sd when the plain sum overflows", () => {
    // Hand calculation: [1.5, 1.5, 1.2] · 1e308: mean 1.4e308; deviations 0.1, 0.1, −0.2 (e308);
    // sd = √((0.01 + 0.01 + 0.04) / 2) · 1e308 = √0.03 · 1e308 ≈ 1.7320508e307.
    const c = fitVisits([1.5e308, 1.5e308, 1.2e308]);
    expect((c?.mean ?? 0) / 1.4e308).toBeCloseTo(1, 12);
    expect((c?.sd ?? 0) / (Math.sqrt(0.03) * 1e308)).toBeCloseTo(1, 12);
  });

  it("keeps ordinary columns to the last digit", () => {
    // [2, 4, 4]: mean 10/3, sd √((16/9 + 4/9 + 4/9) / 2) = √(4/3) (R: sd(c(2, 4, 4))).
    const c = fitVisits([2, 4, 4]);
    expect(c?.mean).toBe(3.3333333333333335);
    expect(c?.sd).toBe(1.1547005383792515);
  });

  it("names the largest value when the sd itself overflows", () => {
    // ±1.7e308: mean 0, sd = √((2 · 1.7e308²) / 1) = √2 · 1.7e308 ≈ 2.4e308, above 1.797e308.
    try {
      fitVisits([1.7e308, -1.7e308]);
      expect.fail("expected a MetricsInputError");
    } catch (error) {
      expect(error).toBeInstanceOf(MetricsInputError);
      if (error instanceof MetricsInputError) expect(error.issues[0]?.path).toEqual([0, "visits"]);
    }
  });
});
