// Tests written for mutants of src/stats/ that survived the mutation run (docs/mutation.md): each
// one pins a documented behaviour no other test checked. Every expected value is worked out by
// hand in the comment beside it (IEEE-754 double arithmetic where it matters).
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import { compareProportions, holmAdjust } from "../../src/stats/compare.ts";
import { twoSidedPValue, zForLevel } from "../../src/stats/normal.ts";
import {
  invertPositiveDefinite,
  minimizeLbfgs,
  numericHessian,
  standardErrorsFromHessian,
} from "../../src/stats/optimize.ts";
import { sampleWarnings, waldInterval, wilsonInterval } from "../../src/stats/proportion.ts";
import { hypergeometric2F1, logAddExp } from "../../src/stats/special.ts";
import { addToSum, compensatedSum, emptySum, mergeSums, sumValue } from "../../src/stats/sum.ts";

describe("compensated summation when the new term is the larger one (Neumaier's second branch)", () => {
  // 1 + 1e100 + 1 − 1e100 = 2 exactly. Kahan's algorithm (one branch) gives 1: adding 1e100 to a
  // running sum of 1 loses the 1, and only the branch for |x| > |sum| keeps it in the carry.
  const values = [1, 1e100, 1, -1e100];
  it("compensatedSum keeps both small terms", () => {
    expect(compensatedSum(values)).toBe(2);
  });
  it("addToSum keeps both small terms", () => {
    expect(sumValue(values.reduce(addToSum, emptySum()))).toBe(2);
  });
  it("mergeSums adds the second sum's carry", () => {
    // b = 1e16 + 1: sum 1e16 (1e16 + 1 rounds to 1e16), carry 1. a = −1e16 (carry 0).
    // a + b = 1, and that 1 lives only in b's carry.
    const a = addToSum(emptySum(), -1e16);
    const b = addToSum(addToSum(emptySum(), 1e16), 1);
    expect(b).toEqual({ sum: 1e16, carry: 1 });
    expect(sumValue(mergeSums(a, b))).toBe(1);
  });
});

describe("waldInterval", () => {
  it("has no interval for n = 0 and names its method", () => {
    expect(waldInterval(0, 0, 0.95)).toBeNull();
    // p̂ = 0.5, half-width = 1.959963984540054 · √(0.25/100) = 0.0979981992270027
    const interval = waldInterval(50, 100, 0.95);
    expect(interval?.method).toBe("wald");
    expect(interval?.lower).toBeCloseTo(0.4020018007729973, 14);
  });
});

describe("sampleWarnings", () => {
  it("does not call an empty sample small", () => {
    // n = 0 is "empty" (the result's reason), not "only 0 responses".
    expect(sampleWarnings(0, 30, null, 0.1, "points")).toEqual([]);
    expect(sampleWarnings(29, 30, null, 0.1, "points").map((w) => w.code)).toEqual([
      "small-sample",
    ]);
  });
  it("warns only when the half-width is MORE than the limit", () => {
    // [0.25, 0.75] has half-width exactly 0.25 (both bounds and the difference are exact in binary).
    const interval = { lower: 0.25, upper: 0.75, level: 0.95, method: "wilson" } as const;
    expect(sampleWarnings(100, 30, interval, 0.25, "points")).toEqual([]);
    expect(sampleWarnings(100, 30, interval, 0.24, "points").map((w) => w.code)).toEqual([
      "wide-interval",
    ]);
  });
});

describe("compareProportions and holmAdjust name what is wrong", () => {
  it("says successes exceed n", () => {
    expect(() => compareProportions({ successes: 5, n: 3 }, { successes: 1, n: 3 })).toThrow(
      "a.successes: expected successes <= n",
    );
  });
  it("says p-values must come as an array", () => {
    expect(() => Reflect.apply(holmAdjust, undefined, [0.5])).toThrow(MetricsInputError);
    expect(() => Reflect.apply(holmAdjust, undefined, [0.5])).toThrow(
      "(root): expected an array of p-values",
    );
  });
});

describe("hypergeometric2F1 polynomials and poles", () => {
  it("evaluates a polynomial at z = 1 even when c − a − b ≤ 0", () => {
    // 2F1(−1, 3; 1; z) = 1 + (−1)(3)/(1·1!) z = 1 − 3z, so −2 at z = 1. Gauss's theorem needs
    // c − a − b = 1 + 1 − 3 = −1 > 0, which fails: the terminating series must be used.
    expect(hypergeometric2F1(-1, 3, 1, 1)).toMatchObject({ value: -2, reason: null });
    expect(hypergeometric2F1(3, -1, 1, 1)).toMatchObject({ value: -2, reason: null });
  });
  it("accepts c at a pole when a or b ends the series first (A&S 15.1.1)", () => {
    // 2F1(−1, 3; −2; z) = 1 + (−1)(3)/(−2) z = 1 + 1.5z: 1.75 at z = 0.5 (the (c)ₙ = 0 term,
    // n = 3, is never reached because (a)ₙ = 0 from n = 2 on).
    expect(hypergeometric2F1(-1, 3, -2, 0.5)).toMatchObject({ value: 1.75, reason: null });
    expect(hypergeometric2F1(3, -1, -2, 0.5)).toMatchObject({ value: 1.75, reason: null });
    // 2F1(−3, 3; −2; z) would need (c)₃ = 0 in a denominator: outside the domain.
    expect(hypergeometric2F1(-3, 3, -2, 0.5).reason).toBe("outside-domain");
  });
});

describe("hypergeometric2F1 with large parameters (the BG/NBD regime)", () => {
  // References: mpmath 1.3.0, mp.dps = 40, mpmath.hyp2f1(a, b, c, z).
  it("applies Euler's transformation where the plain series would overflow", () => {
    // hyp2f1(300, 300, 300.5, 0.9) = 3.164653423322038246276192914467723865017e+299
    const r = hypergeometric2F1(300, 300, 300.5, 0.9);
    expect(r.reason).toBeNull();
    const reference = 3.164653423322038e299; // the mpmath value, rounded to 16 digits
    expect(Math.abs((r.value ?? 0) / reference - 1)).toBeLessThan(1e-12);
  });
  it("reports no-convergence when the true value is beyond the largest double", () => {
    // hyp2f1(400, 400, 400.5, 0.9) = 3.164058721784156472653732858331922666806e+399 (> 1.8e308)
    expect(hypergeometric2F1(400, 400, 400.5, 0.9)).toMatchObject({
      value: null,
      reason: "no-convergence",
    });
    // hyp2f1(300, 300, -300.5, 0.9) = -2.343819759248403942560465474054528208385e+1311: the
    // direct series (no Euler transformation applies) overflows on the way.
    expect(hypergeometric2F1(300, 300, -300.5, 0.9)).toMatchObject({
      value: null,
      reason: "no-convergence",
    });
  });
});

describe("logAddExp", () => {
  it("does not overflow when a ≫ b", () => {
    // log(e^1000 + e^0) = 1000 + log1p(e^−1000) = 1000 in double precision; e^1000 overflows.
    expect(logAddExp(1000, 0)).toBe(1000);
    expect(logAddExp(0, 1000)).toBe(1000);
  });
});

describe("minimizeLbfgs stopping rules", () => {
  const quadratic = (x: Float64Array, g: Float64Array): number => {
    const d = (x[0] ?? 0) - 3;
    g[0] = 2 * d;
    return d * d;
  };
  it("stops on the gradient with the default tolerance", () => {
    // (x − 3)² has its minimum at 3 with gradient 0 there: at most 1e-9 by default.
    const result = minimizeLbfgs(quadratic, [0]);
    expect(result.stop).toBe("gradient");
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(3, 9);
  });
  it("reports max-iterations when it runs out of iterations", () => {
    // Rosenbrock from (−1.2, 1) needs tens of iterations to reach (1, 1); 3 are not enough.
    const rosenbrock = (x: Float64Array, g: Float64Array): number => {
      const a = x[0] ?? 0;
      const b = x[1] ?? 0;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const result = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(result.stop).toBe("max-iterations");
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
  });
  it("refuses to start from a non-finite gradient component", () => {
    const result = minimizeLbfgs(
      (x, g) => {
        g[0] = 0;
        g[1] = Number.NaN;
        return (x[0] ?? 0) ** 2;
      },
      [1, 1],
    );
    expect(result.stop).toBe("non-finite");
    expect(result.iterations).toBe(0);
  });
  it("steps back from points where the objective is not finite", () => {
    // 100(x − 1)² for x ≥ 0.5, +∞ below. From 1.4 the first trial point 0.4 is infeasible and must
    // be rejected; the minimum is x = 1 with value 0.
    const walled = (x: Float64Array, g: Float64Array): number => {
      const v = x[0] ?? 0;
      g[0] = 200 * (v - 1);
      return v < 0.5 ? Number.POSITIVE_INFINITY : 100 * (v - 1) ** 2;
    };
    const result = minimizeLbfgs(walled, [1.4]);
    expect(result.converged).toBe(true);
    expect(result.value).toBe(0);
    expect(result.x[0]).toBeCloseTo(1, 9);
  });
});

describe("numericHessian", () => {
  it("symmetrises the finite-difference matrix", () => {
    // ∇ = (x₁, 0) is not a gradient: its Jacobian is [[0, 1], [0, 0]]. The mean of it and its
    // transpose is [[0, 0.5], [0.5, 0]] (central differences of linear functions are exact).
    const h = numericHessian(
      (x, out) => {
        out[0] = x[1] ?? 0;
        out[1] = 0;
      },
      [2, 5],
    );
    expect(h).not.toBeNull();
    expect(h?.[0]?.[1]).toBeCloseTo(0.5, 9);
    expect(h?.[1]?.[0]).toBeCloseTo(0.5, 9);
    expect(h?.[0]?.[0]).toBe(0);
    expect(h?.[1]?.[1]).toBe(0);
  });
  it("takes a small step near zero (h = 1e-5 · 1e-3 = 1e-8)", () => {
    // f' = x³/3, so f'' = x² = 0 at 0; the central difference is x² + h²/3 = 3.3e-17 with
    // h = 1e-8 (a step of 1e-2 would leave 3.3e-5).
    const h = numericHessian(
      (x, out) => {
        out[0] = (x[0] ?? 0) ** 3 / 3;
      },
      [0],
    );
    expect(Math.abs(h?.[0]?.[0] ?? 1)).toBeLessThan(1e-12);
  });
});

describe("invertPositiveDefinite and standardErrorsFromHessian", () => {
  it("inverts a 2×2 matrix with off-diagonal terms", () => {
    // [[4, 6], [6, 13]]: det = 52 − 36 = 16, inverse = [[13, −6], [−6, 4]] / 16.
    const inverse = invertPositiveDefinite([
      [4, 6],
      [6, 13],
    ]);
    expect(inverse?.[0]?.[0]).toBeCloseTo(0.8125, 14);
    expect(inverse?.[0]?.[1]).toBeCloseTo(-0.375, 14);
    expect(inverse?.[1]?.[0]).toBeCloseTo(-0.375, 14);
    expect(inverse?.[1]?.[1]).toBeCloseTo(0.25, 14);
  });
  it("rejects a singular (positive semi-definite) matrix", () => {
    // [[1, 1], [1, 1]]: Cholesky gives l₁₁² = 1 − 1 = 0, not > 0.
    const singular = [
      [1, 1],
      [1, 1],
    ];
    expect(invertPositiveDefinite(singular)).toBeNull();
    expect(standardErrorsFromHessian(singular)).toBeNull();
  });
  it("has no standard error when a variance overflows", () => {
    // 1 / 1e-320 = 1e320 exceeds the largest double (1.8e308): the variance is Infinity.
    expect(standardErrorsFromHessian([[1e-320]])).toBeNull();
    // 1 / 4 = 0.25, √0.25 = 0.5
    expect(standardErrorsFromHessian([[4]])).toEqual([0.5]);
  });
});

describe("input checks of the interval and normal helpers", () => {
  it("zForLevel takes levels strictly between 0 and 1", () => {
    for (const level of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => zForLevel(level)).toThrow(
        "level: expected a confidence level strictly between 0 and 1",
      );
    }
    // R: qnorm(1 − 0.2/2) = qnorm(0.9) = 1.2815515655446004 (0.8 is not a cached level).
    expect(zForLevel(0.8)).toBeCloseTo(1.2815515655446004, 14);
  });
  it("twoSidedPValue rejects NaN", () => {
    expect(() => twoSidedPValue(Number.NaN)).toThrow(
      "z: expected a z statistic (a number, not NaN)",
    );
  });
  it("wilsonInterval and waldInterval need successes in [0, n] and a finite n", () => {
    for (const interval of [wilsonInterval, waldInterval]) {
      expect(() => interval(1, Number.POSITIVE_INFINITY, 0.95)).toThrow(
        "n: expected a finite count n",
      );
      expect(() => interval(-1, 10, 0.95)).toThrow("successes: expected successes between 0 and n");
      expect(() => interval(11, 10, 0.95)).toThrow("successes: expected successes between 0 and n");
      expect(() => interval(Number.NaN, 10, 0.95)).toThrow(
        "successes: expected successes between 0 and n",
      );
      // Both ends of [0, n] are valid (Wilson's bound at p̂ = 1 is 1 up to rounding).
      expect(interval(0, 10, 0.95)?.lower).toBeCloseTo(0, 12);
      expect(interval(10, 10, 0.95)?.upper).toBeCloseTo(1, 12);
    }
  });
});
