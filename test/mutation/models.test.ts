// Tests written against mutants that survived in src/value/models (Stryker, 2026-11-24): what an
// unfitted model returns, and the warnings of a fit that did not converge (each model's own
// wording, after the warnings raised before the fit). Expected values are the documented
// messages; the data are the CDNOW summary and Fader & Hardie's (2007) survivors.
import { describe, expect, it } from "vitest";
import { fitBgNbd, fitGammaGamma, fitSbg } from "../../src/value/models/index.ts";
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
