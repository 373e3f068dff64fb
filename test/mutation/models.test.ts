// Tests written against mutants that survived in src/value/models (Stryker, 2026-11-24): what an
// unfitted model returns, and the warnings of a fit that did not converge (each model's own
// wording, after the warnings raised before the fit). Expected values are the documented
// messages; the data are the CDNOW summary and Fader & Hardie's (2007) survivors.
import { describe, expect, it } from "vitest";
import { attempt } from "../../src/errors.ts";
import type { Metric } from "../../src/metric.ts";
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdMetric,
  bgNbdPurchaseProbability,
  fitBgNbd,
  fitGammaGamma,
  fitSbg,
  gammaGammaExpectedSpend,
  gammaGammaMetric,
} from "../../src/value/models/index.ts";
import { expectInputError, inputErrorOf } from "../helpers.ts";
import { cdnowSummary, cdnowWithSpend } from "../value/models/helpers.ts";

describe("an unfitted model: no estimates, the reason, one warning saying why", () => {
  it("BG/NBD without a repeat purchase", () => {
    const f = fitBgNbd([
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 0, recency: 0, T: 12 },
    ]);
    expect(f).toMatchObject({
      params: null,
      reason: "insufficient-data",
      logLikelihood: null,
      standardErrors: null,
      converged: false,
      iterations: 0,
      warnings: [
        {
          code: "insufficient-data",
          message:
            "No customer made a repeat purchase: the purchase rate and dropout cannot be estimated.",
        },
      ],
    });
  });

  it("Gamma-Gamma without a repeat customer", () => {
    const f = fitGammaGamma([{ frequency: 0, monetary: 0 }]);
    expect(f).toMatchObject({
      params: null,
      reason: "empty",
      converged: false,
      iterations: 0,
      warnings: [
        { code: "empty", message: "No repeat customers (frequency > 0): nothing to fit." },
      ],
    });
  });

  it("sBG without a lost customer", () => {
    const f = fitSbg([100, 100, 100]);
    expect(f).toMatchObject({
      params: null,
      reason: "insufficient-data",
      converged: false,
      warnings: [
        {
          code: "insufficient-data",
          message: "No customer churned: the churn distribution cannot be estimated.",
        },
      ],
    });
  });
});

describe("a fit stopped by maxIterations says so, in the model's wording", () => {
  it("BG/NBD", () => {
    const f = fitBgNbd(cdnowSummary(), { timeUnit: "week", maxIterations: 1 });
    expect(f.converged).toBe(false);
    expect(f.params).not.toBeNull();
    expect(f.warnings).toContainEqual({
      code: "no-convergence",
      message:
        "The optimiser stopped (max-iterations) before the likelihood settled: treat the estimates with care.",
    });
  });

  it("Gamma-Gamma: the correlation warning first, then the optimiser's", () => {
    const f = fitGammaGamma(cdnowWithSpend(), { maxIterations: 1, correlationThreshold: 0 });
    expect(f.converged).toBe(false);
    expect(f.warnings.map((w) => w.code).slice(0, 2)).toEqual([
      "spend-frequency-correlation",
      "no-convergence",
    ]);
    expect(f.warnings[1]).toEqual({
      code: "no-convergence",
      message: "The optimiser stopped (max-iterations) before the likelihood settled.",
    });
  });

  it("sBG: no warning raised before the fit", () => {
    const f = fitSbg([1000, 869, 743, 653, 593, 551, 517, 491], { maxIterations: 1 });
    expect(f.converged).toBe(false);
    expect(f.warnings[0]).toEqual({
      code: "no-convergence",
      message: "The optimiser stopped (max-iterations) before the likelihood settled.",
    });
  });
});

describe("prediction inputs: what the inline checks must reject", () => {
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const gg = { p: 6.25, q: 3.74, v: 15.44 };
  it("BG/NBD: a time that is not a finite number >= 0", () => {
    // null >= 0 and "5" >= 0 are true in JavaScript: the type check must catch them.
    for (const t of [null, "5", Number.POSITIVE_INFINITY, -1]) {
      expectInputError(
        () => bgNbdExpectedPurchases(bg, t as number),
        () => attempt(() => bgNbdExpectedPurchases(bg, t as number)),
        ["t"],
        "t: expected a finite time >= 0 (in the model's time unit)",
      );
    }
    expectInputError(
      () =>
        bgNbdConditionalExpectedPurchases(bg, { frequency: 2, recency: 30, T: 38 }, null as never),
      () =>
        attempt(() =>
          bgNbdConditionalExpectedPurchases(
            bg,
            { frequency: 2, recency: 30, T: 38 },
            null as never,
          ),
        ),
      ["t"],
    );
    expectInputError(
      () => bgNbdPurchaseProbability(bg, 1, null as never),
      () => attempt(() => bgNbdPurchaseProbability(bg, 1, null as never)),
      ["t"],
    );
  });

  it("BG/NBD: k must be an integer >= 0", () => {
    expectInputError(
      () => bgNbdPurchaseProbability(bg, -1, 39),
      () => attempt(() => bgNbdPurchaseProbability(bg, -1, 39)),
      ["k"],
      "k: expected an integer number of purchases >= 0",
    );
  });

  it("parameters: null, non-objects, strings and infinities are input errors, not TypeErrors", () => {
    for (const params of [null, 5, { ...bg, r: "1" }, { ...bg, b: Number.POSITIVE_INFINITY }]) {
      const error = inputErrorOf(() => bgNbdExpectedPurchases(params as never, 1));
      expect(error.issues[0]?.path.slice(0, 1)).toEqual(["params"]);
    }
    for (const params of [null, 5, { ...gg, p: "1" }, { ...gg, v: Number.POSITIVE_INFINITY }]) {
      const error = inputErrorOf(() =>
        gammaGammaExpectedSpend(params as never, { frequency: 2, monetary: 20 }),
      );
      expect(error.issues[0]?.path.slice(0, 1)).toEqual(["params"]);
    }
  });

  it("Gamma-Gamma rows: the path names the row and the field read, or the row for a function", () => {
    expect(
      inputErrorOf(() => fitGammaGamma([{ frequency: 2, monetary: -1 }])).issues[0]?.path,
    ).toEqual([0, "monetary"]);
    const byFunction = inputErrorOf(() =>
      fitGammaGamma([{ frequency: 2, spend: -1 }], { monetary: (row) => row.spend }),
    );
    expect(byFunction.issues[0]?.path).toEqual([0]);
    const weighted = inputErrorOf(() =>
      fitGammaGamma([{ frequency: 2, monetary: 5, w: -1 }], { weight: "w" }),
    );
    expect(weighted.issues[0]?.path).toEqual([0, "w"]);
  });
});

describe("tallies keep their rows in one canonical order (x, then recency, then T)", () => {
  it("BG/NBD", () => {
    // Distinct histories (x, recency, T); sorted by x, then recency, then T:
    // (0, 0, 38), (2, 10, 20), (2, 10, 38), (2, 30, 38).
    const histories = [
      { frequency: 2, recency: 30, T: 38 },
      { frequency: 0, recency: 0, T: 38 },
      { frequency: 2, recency: 10, T: 38 },
      { frequency: 2, recency: 10, T: 20 },
    ];
    const sorted = [
      [0, 0, 38, 1],
      [2, 10, 20, 1],
      [2, 10, 38, 1],
      [2, 30, 38, 1],
    ];
    expect(tallyOf(bgNbdMetric(), histories).rows).toEqual(sorted);
    expect(tallyOf(bgNbdMetric(), [...histories].reverse()).rows).toEqual(sorted);
  });

  it("Gamma-Gamma", () => {
    // (x, m̄) sorted by x, then m̄: (1, 30), (2, 10), (2, 20).
    const spends = [
      { frequency: 2, monetary: 20 },
      { frequency: 1, monetary: 30 },
      { frequency: 2, monetary: 10 },
    ];
    const sorted = [
      [1, 30, 1],
      [2, 10, 1],
      [2, 20, 1],
    ];
    expect(tallyOf(gammaGammaMetric(), spends).rows).toEqual(sorted);
    expect(tallyOf(gammaGammaMetric(), [...spends].reverse()).rows).toEqual(sorted);
  });
});

/** The tally of a metric over records, through its one-pass protocol. */
function tallyOf<R, S, T>(metric: Metric<R, S, T, unknown>, records: readonly R[]): T {
  const state = metric.init();
  records.forEach((record, index) => {
    metric.add(state, record, index);
  });
  return metric.tally(state);
}
