import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  invertPositiveDefinite,
  minimizeLbfgs,
  numericHessian,
  standardErrorsFromHessian,
} from "../../src/stats/optimize.ts";

describe("minimizeLbfgs", () => {
  it("finds the minimum of the Rosenbrock function at (1, 1)", () => {
    // f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1) (Nocedal & Wright, ex. 2.1)
    const result = minimizeLbfgs(
      (v, g) => {
        const x = v[0] as number;
        const y = v[1] as number;
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      [-1.2, 1],
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  test.prop([
    fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }),
    fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
  ])("minimises any convex quadratic Σ dᵢ(xᵢ − cᵢ)² to its centre", (centre, scales) => {
    const result = minimizeLbfgs(
      (v, g) => {
        let f = 0;
        for (let i = 0; i < 3; i++) {
          const d = (v[i] as number) - (centre[i] as number);
          f += (scales[i] as number) * d * d;
          g[i] = 2 * (scales[i] as number) * d;
        }
        return f;
      },
      [0, 0, 0],
    );
    expect(result.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(result.x[i]).toBeCloseTo(centre[i] as number, 6);
  });

  it("steps back from non-finite values (a barrier at x ≤ 0)", () => {
    // f = x − ln x has its minimum at x = 1; NaN for x ≤ 0 must make the line search shrink.
    const result = minimizeLbfgs(
      (v, g) => {
        const x = v[0] as number;
        g[0] = 1 - 1 / x;
        return x > 0 ? x - Math.log(x) : Number.NaN;
      },
      [8],
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
  });

  it("stops with non-finite when the start is not feasible, and at max-iterations", () => {
    const bad = minimizeLbfgs(() => Number.NaN, [1]);
    expect(bad.stop).toBe("non-finite");
    expect(bad.converged).toBe(false);
    const short = minimizeLbfgs(
      (v, g) => {
        const x = v[0] as number;
        const y = v[1] as number;
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      [-1.2, 1],
      { maxIterations: 2 },
    );
    expect(short.stop).toBe("max-iterations");
    expect(short.converged).toBe(false);
  });
});

describe("numericHessian, invertPositiveDefinite, standardErrorsFromHessian", () => {
  it("recovers the Hessian of a quadratic exactly (to rounding)", () => {
    // f = x² + 3xy + 5y² → H = [[2, 3], [3, 10]]
    const h = numericHessian(
      (v, out) => {
        out[0] = 2 * (v[0] as number) + 3 * (v[1] as number);
        out[1] = 3 * (v[0] as number) + 10 * (v[1] as number);
      },
      [0.7, -2],
    );
    expect(h?.[0]?.[0]).toBeCloseTo(2, 8);
    expect(h?.[0]?.[1]).toBeCloseTo(3, 8);
    expect(h?.[1]?.[0]).toBeCloseTo(3, 8);
    expect(h?.[1]?.[1]).toBeCloseTo(10, 8);
  });

  it("inverts [[4, 2], [2, 3]] to [[3/8, −1/4], [−1/4, 1/2]] (hand calculation, det = 8)", () => {
    const inv = invertPositiveDefinite([
      [4, 2],
      [2, 3],
    ]);
    expect(inv?.[0]?.[0]).toBeCloseTo(0.375, 14);
    expect(inv?.[0]?.[1]).toBeCloseTo(-0.25, 14);
    expect(inv?.[1]?.[1]).toBeCloseTo(0.5, 14);
    const se = standardErrorsFromHessian([
      [4, 2],
      [2, 3],
    ]);
    expect(se?.[0]).toBeCloseTo(Math.sqrt(0.375), 14);
    expect(se?.[1]).toBeCloseTo(Math.sqrt(0.5), 14);
  });

  it("returns null for a matrix that is not positive definite", () => {
    expect(
      invertPositiveDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
    expect(standardErrorsFromHessian([[0]])).toBeNull();
    expect(numericHessian((_, out) => out.fill(Number.NaN), [1])).toBeNull();
  });
});
