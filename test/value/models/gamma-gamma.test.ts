import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { runMetric } from "../../../src/metric.ts";
import {
  emptyGammaGammaTally,
  fitGammaGamma,
  type GammaGammaFit,
  gammaGammaExpectedSpend,
  gammaGammaMetric,
  mergeGammaGammaTallies,
  safeFitGammaGamma,
} from "../../../src/value/models/gamma-gamma.ts";
import { cdnowWithSpend, deepFreeze, expectInputError, inputErrorOf } from "./helpers.ts";

const rows = deepFreeze(cdnowWithSpend());
// Fitted in beforeAll, not at import (see docs/mutation.md: mutants are switched on before the
// first test, after the file has loaded).
let fit: GammaGammaFit;
beforeAll(() => {
  fit = fitGammaGamma(rows);
});

describe("fitGammaGamma: CDNOW, 946 repeat customers (Fader & Hardie 2013; lifetimes 0.11.3)", () => {
  it("matches the note's p = 6.25, q = 3.74, γ = 15.44 and LL ≈ −4055.9", () => {
    expect(fit.converged).toBe(true);
    expect(fit.params?.p).toBeCloseTo(6.25, 2);
    expect(fit.params?.q).toBeCloseTo(3.74, 2);
    // The note's spreadsheet stops at γ = 15.44; the maximum is at 15.4477 (lifetimes too), so
    // γ agrees to within the 1.5e-2 lifetimes' own test allows (assert_array_almost_equal, 2).
    expect(Math.abs((fit.params?.v as number) - 15.44)).toBeLessThan(0.015);
    expect(fit.logLikelihood).toBeCloseTo(-4055.9, 1);
  });

  it("matches lifetimes' p = 6.2488, q = 3.7446, v = 15.4477", () => {
    expect(fit.params?.p).toBeCloseTo(6.2488, 4);
    expect(fit.params?.q).toBeCloseTo(3.7446, 4);
    expect(fit.params?.v).toBeCloseTo(15.4477, 4);
  });

  it("uses only repeat customers and reports the spend-frequency correlation", () => {
    expect(fit.n).toBe(946);
    expect(fit.skipped).toBe(2357 - 946);
    // Independent Pearson correlation of x and zbar over the 946 repeat customers.
    const repeat = rows.filter((r) => r.frequency > 0);
    const mx = repeat.reduce((s, r) => s + r.frequency, 0) / repeat.length;
    const mm = repeat.reduce((s, r) => s + r.monetary, 0) / repeat.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const r of repeat) {
      sxy += (r.frequency - mx) * (r.monetary - mm);
      sxx += (r.frequency - mx) ** 2;
      syy += (r.monetary - mm) ** 2;
    }
    expect(fit.correlation).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    // lifetimes' docs: "0.11", below the 0.3 threshold: no warning.
    expect(fit.correlation).toBeCloseTo(0.11, 2);
    expect(fit.warnings).toEqual([]);
    expect(fit.standardErrors?.p).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });
});

describe("gammaGammaExpectedSpend", () => {
  it("matches Hardie's spreadsheet for the first 10 CDNOW customers (lifetimes test, ±0.1)", () => {
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    rows.slice(0, 10).forEach((row, i) => {
      const v = gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, row).value as number;
      expect(Math.abs(v - (expected[i] as number))).toBeLessThan(0.1);
    });
  });

  it("by hand: x = 0 gets the population mean pγ/(q − 1); x > 0 the weighted mean", () => {
    // 6.25 · 15.44 / 2.74 = 35.218978
    expect(
      gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 0, monetary: 0 }).value,
    ).toBeCloseTo(35.218978, 5);
    // p(γ + x m̄)/(px + q − 1) = 6.25 · (15.44 + 2 · 22.35)/(12.5 + 2.74) = 375.875/15.24 = 24.663714
    expect(
      gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 2, monetary: 22.35 })
        .value,
    ).toBeCloseTo(24.663714, 5);
  });

  it("is null with a reason when the mean does not exist (q ≤ 1 for a new customer)", () => {
    expect(gammaGammaExpectedSpend({ p: 2, q: 0.8, v: 10 }, { frequency: 0, monetary: 0 })).toEqual(
      {
        value: null,
        reason: "parameter-out-of-range",
      },
    );
  });

  it("rejects a repeat customer's non-positive spend and bad parameters", () => {
    expect(
      inputErrorOf(() =>
        gammaGammaExpectedSpend({ p: 1, q: 2, v: 3 }, { frequency: 2, monetary: 0 }),
      ).issues[0]?.path,
    ).toEqual(["customer", "monetary"]);
    expect(
      inputErrorOf(() =>
        gammaGammaExpectedSpend({ p: 1, q: 0, v: 3 }, { frequency: 2, monetary: 5 }),
      ).issues[0]?.path,
    ).toEqual(["params", "q"]);
  });
});

describe("fitGammaGamma: warnings, tallies, edge cases", () => {
  it("warns when frequency and spend are correlated (|r| > 0.3)", () => {
    const correlated = Array.from({ length: 50 }, (_, i) => ({
      frequency: 1 + (i % 10),
      monetary: 10 + 5 * (i % 10) + (i % 3),
    }));
    const f = fitGammaGamma(correlated);
    expect(f.correlation).toBeGreaterThan(0.9);
    expect(f.warnings.map((w) => w.code)).toContain("spend-frequency-correlation");
    expect(
      fitGammaGamma(correlated, { correlationThreshold: 1 }).warnings.map((w) => w.code),
    ).not.toContain("spend-frequency-correlation");
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2357, maxLength: 2357 })], {
    numRuns: 5,
  })("tallies of random groups merge to the tally of the whole", (assign) => {
    const metric = gammaGammaMetric();
    const parts = [0, 1, 2].map((g) => {
      const state = metric.init();
      rows.forEach((row, i) => {
        if (assign[i] === g) metric.add(state, row, i);
      });
      return metric.tally(state);
    });
    const merged = parts.reduce(mergeGammaGammaTallies, emptyGammaGammaTally());
    const whole = runMetric(metric, rows);
    const f = metric.finalize(merged);
    expect(f.n).toBe(whole.n);
    expect(f.skipped).toBe(whole.skipped);
    expect(f.logLikelihood).toBeCloseTo(whole.logLikelihood as number, 6);
  });

  it("has no parameters without repeat customers", () => {
    const f = fitGammaGamma([{ frequency: 0, monetary: 0 }]);
    expect(f.params).toBeNull();
    expect(f.reason).toBe("empty");
    expect(f.skipped).toBe(1);
  });
});

describe("fitGammaGamma: bad input", () => {
  const check = (input: unknown, path: (string | number)[], options?: unknown) =>
    expectInputError(
      // @ts-expect-error: invalid on purpose
      () => fitGammaGamma(input, options),
      // @ts-expect-error: invalid on purpose
      () => safeFitGammaGamma(input, options),
      path,
    );
  it("rejects non-positive spend of a repeat customer, naming the row", () => {
    const e = check(
      [
        { frequency: 1, monetary: 5 },
        { frequency: 2, monetary: 0 },
      ],
      [1, "monetary"],
    );
    expect(e.message).toBe(
      "[1].monetary: expected a monetary value > 0 for a repeat customer (frequency > 0)",
    );
    check([{ frequency: 2, monetary: -3 }], [0, "monetary"]);
    check([{ frequency: 2, spend: -3 }], [0, "spend"], { monetary: "spend" });
    check([{ frequency: 2, monetary: "5" }], [0, "monetary"]);
  });
  it("rejects other bad rows and options", () => {
    check([{ frequency: 0.5, monetary: 5 }], [0, "frequency"]);
    check([{ frequency: 0, monetary: Number.NaN }], [0, "monetary"]);
    check([{ frequency: 1, monetary: 5, w: -1 }], [0, "w"], { weight: "w" });
    check({}, []);
    check([], ["options", "correlationThreshold"], { correlationThreshold: 2 });
    check([], ["options"], { nope: true });
  });
});
