// sBG projections with parameters near 1e308, where α + β and ln B overflow: the retention rates
// and survival come out finite and right (or an input error naming the parameter).
import { describe, expect, it } from "vitest";
import {
  MetricsInputError,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivalCurve,
} from "../../src/index.ts";

// α = β = 1e308: rₜ = (β + t − 1)/(α + β + t − 1) = 1/2 to double precision for small t, so
// S(t) = Π rᵢ = 2^−t (hand calculation).
const HUGE = Object.freeze({ alpha: 1e308, beta: 1e308 });

describe("sBG with astronomically large parameters", () => {
  it("gives the retention rate, survival and curve", () => {
    expect(sbgRetentionRate(HUGE, 3)).toBe(0.5);
    expect(sbgSurvival(HUGE, 3)).toBe(0.125);
    expect(sbgSurvivalCurve(HUGE, 3)).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it("keeps ordinary parameters on the closed form", () => {
    // α = β = 1: S(t) = B(1, 1 + t)/B(1, 1) = 1/(t + 1) (Fader & Hardie 2007, eq. 7).
    expect(sbgSurvival({ alpha: 1, beta: 1 }, 3)).toBeCloseTo(0.25, 14);
    expect(sbgSurvivalCurve({ alpha: 1, beta: 1 }, 3)).toEqual([1, 0.5, 0.3333333333333333, 0.25]);
  });

  it("names the larger parameter when the product would take over a million periods", () => {
    try {
      sbgSurvival(HUGE, 2_000_000);
      expect.fail("expected a MetricsInputError");
    } catch (error) {
      expect(error).toBeInstanceOf(MetricsInputError);
      if (error instanceof MetricsInputError)
        expect(error.issues[0]?.path).toEqual(["params", "alpha"]);
    }
  });
});
