import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { hypergeometric2F1, logAddExp } from "../../src/stats/special.ts";

function f(a: number, b: number, c: number, z: number): number {
  const result = hypergeometric2F1(a, b, c, z);
  expect(result.reason).toBeNull();
  return result.value as number;
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1e-300, Math.abs(expected));
}

describe("hypergeometric2F1: closed forms (Abramowitz & Stegun 15.1)", () => {
  it("2F1(1, 1; 2; z) = −ln(1 − z)/z (15.1.3), direct series, Pfaff and near 1", () => {
    for (const z of [0.1, 0.5, 0.9, 0.97, 0.999, -0.5, -3, -50]) {
      expect(relativeError(f(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12);
    }
  });

  it("2F1(1/2, 1/2; 3/2; z²) = arcsin(z)/z (15.1.6), through the 1 − z transformation", () => {
    for (const x of [0.3, 0.9, 0.99, 0.9999, 0.9999999]) {
      expect(relativeError(f(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-12);
    }
  });

  it("2F1(1/2, 1; 3/2; −z²) = arctan(z)/z (15.1.5)", () => {
    for (const x of [0.5, 1, 3, 30]) {
      expect(relativeError(f(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-12);
    }
  });

  it("2F1(a, 1 − a; 3/2; sin²x) = sin((2a − 1)x)/((2a − 1) sin x) (15.1.15)", () => {
    for (const a of [0.2, 1.7, 3.3]) {
      for (const x of [0.4, 1.2, 1.5]) {
        const z = Math.sin(x) ** 2;
        const expected = Math.sin((2 * a - 1) * x) / ((2 * a - 1) * Math.sin(x));
        expect(relativeError(f(a, 1 - a, 1.5, z), expected)).toBeLessThan(1e-11);
      }
    }
  });

  it("2F1(a, b; b; z) = (1 − z)^(−a) (15.1.8), also with the Euler form", () => {
    expect(relativeError(f(2.5, 1.3, 1.3, 0.8), 0.2 ** -2.5)).toBeLessThan(1e-13);
    expect(relativeError(f(0.7, 4, 4, -2), 3 ** -0.7)).toBeLessThan(1e-13);
  });

  it("is a polynomial when a is a non-positive integer", () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)); b = 3, c = 4, z = 0.5:
    // 1 − 0.75 + 12·0.25/20 = 0.4
    expect(f(-2, 3, 4, 0.5)).toBeCloseTo(0.4, 14);
    expect(f(-2, 3, 4, 0.99)).toBeCloseTo(1 - (2 * 3 * 0.99) / 4 + (12 * 0.99 * 0.99) / 20, 13);
  });

  it("uses Gauss's theorem at z = 1: 2F1(1/2, 1/2; 2; 1) = Γ(2)Γ(1)/Γ(3/2)² = 4/π", () => {
    expect(f(0.5, 0.5, 2, 1)).toBeCloseTo(4 / Math.PI, 13);
  });

  it("keeps the BG/NBD series finite for x in the hundreds (Euler transformation)", () => {
    // 2F1(r+x, b+x; a+b+x−1; z) with x = 500 is about (1 − z)^(a−1−r−x): e^(+400), finite;
    // check it against the Euler form computed by hand with the small-parameter series.
    const [r, a, b, x, z] = [0.243, 0.793, 2.426, 500, 0.5];
    const plain = f(r + x, b + x, a + b + x - 1, z);
    const euler = f(a + b - 1 - r, a - 1, a + b + x - 1, z) * (1 - z) ** (a - 1 - r - x);
    expect(Number.isFinite(plain)).toBe(true);
    expect(relativeError(plain, euler)).toBeLessThan(1e-12);
  });

  test.prop([
    fc.double({ min: -0.99, max: 0.9999, noNaN: true }).filter((z) => Math.abs(z) > 1e-6),
  ])("matches −ln(1 − z)/z for any z", (z) => {
    expect(relativeError(f(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-11);
  });

  test.prop([fc.double({ min: 0.01, max: 0.999999, noNaN: true })])(
    "matches arcsin(x)/x on both sides of the switch to the 1 − z transformation",
    (x) => {
      expect(relativeError(f(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-11);
    },
  );
});

describe("hypergeometric2F1: reports instead of returning NaN", () => {
  it("is outside the domain for z > 1, z = 1 with c − a − b ≤ 0, c a pole, or NaN", () => {
    expect(hypergeometric2F1(1, 1, 2, 1.5)).toEqual({
      value: null,
      reason: "outside-domain",
      terms: 0,
    });
    expect(hypergeometric2F1(1, 1, 2, 1).reason).toBe("outside-domain");
    expect(hypergeometric2F1(1, 1, -1, 0.5).reason).toBe("outside-domain");
    expect(hypergeometric2F1(Number.NaN, 1, 2, 0.5).reason).toBe("outside-domain");
    expect(hypergeometric2F1(1, 1, 2, Number.POSITIVE_INFINITY).reason).toBe("outside-domain");
  });

  it("says no-convergence when the series needs more terms than allowed", () => {
    // 2F1(1, 1; 2; 0.9999): c − a − b = 0 (an integer) keeps the direct series, which needs
    // hundreds of thousands of terms.
    const r = hypergeometric2F1(1, 1, 2, 0.9999, { maxTerms: 100 });
    expect(r).toEqual({ value: null, reason: "no-convergence", terms: 100 });
  });

  it("is 1 at z = 0 or when a or b is 0", () => {
    expect(hypergeometric2F1(3, 4, 5, 0).value).toBe(1);
    expect(hypergeometric2F1(0, 4, 5, 0.7).value).toBe(1);
  });
});

describe("logAddExp", () => {
  it("adds in log space without overflow", () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, 0)).toBe(0);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 2)).toBe(2);
    expect(logAddExp(2, Number.NEGATIVE_INFINITY)).toBe(2);
  });
});
