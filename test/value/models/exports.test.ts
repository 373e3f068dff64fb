import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import * as api from "../../../src/index.ts";
import * as models from "../../../src/value/models/index.ts";

describe("public API of value/models", () => {
  it("exports exactly these runtime names, all reachable from the package index", () => {
    const names = Object.keys(models).sort();
    expect(names).toEqual(
      [
        "bgNbdConditionalExpectedPurchases",
        "bgNbdExpectedPurchases",
        "bgNbdLogLikelihood",
        "bgNbdMetric",
        "bgNbdOptionsSchema",
        "bgNbdParamsSchema",
        "bgNbdProbabilityAlive",
        "bgNbdPurchaseProbability",
        "clvInputSchema",
        "customerHistorySchema",
        "customerLifetimeValue",
        "emptyBgNbdTally",
        "emptyGammaGammaTally",
        "emptySbgTally",
        "evaluateHoldout",
        "fitBgNbd",
        "fitBgNbdFromTally",
        "fitGammaGamma",
        "fitSbg",
        "fitSbgFromTally",
        "gammaGammaExpectedSpend",
        "gammaGammaMetric",
        "gammaGammaOptionsSchema",
        "gammaGammaParamsSchema",
        "holdoutOptionsSchema",
        "mergeBgNbdTallies",
        "mergeGammaGammaTallies",
        "mergeSbgTallies",
        "modelTimeUnitSchema",
        "repeatSpendSchema",
        "rfmSummary",
        "rfmSummaryOptionsSchema",
        "safeBgNbdConditionalExpectedPurchases",
        "safeBgNbdExpectedPurchases",
        "safeBgNbdLogLikelihood",
        "safeBgNbdMetric",
        "safeBgNbdProbabilityAlive",
        "safeBgNbdPurchaseProbability",
        "safeCustomerLifetimeValue",
        "safeEvaluateHoldout",
        "safeFitBgNbd",
        "safeFitBgNbdFromTally",
        "safeFitGammaGamma",
        "safeFitSbg",
        "safeFitSbgFromTally",
        "safeGammaGammaExpectedSpend",
        "safeGammaGammaMetric",
        "safeMergeBgNbdTallies",
        "safeMergeGammaGammaTallies",
        "safeMergeSbgTallies",
        "safeRfmSummary",
        "safeSbgDiscountedExpectedLifetime",
        "safeSbgDiscountedExpectedResidualLifetime",
        "safeSbgMetric",
        "safeSbgRetentionRate",
        "safeSbgSurvival",
        "safeSbgSurvivalCurve",
        "safeSbgTallyFromSurvivors",
        "sbgDiscountedExpectedLifetime",
        "sbgDiscountedExpectedResidualLifetime",
        "sbgMetric",
        "sbgOptionsSchema",
        "sbgParamsSchema",
        "sbgRetentionRate",
        "sbgSurvival",
        "sbgSurvivalCurve",
        "sbgTallyFromSurvivors",
      ].sort(),
    );
    for (const name of names) expect(Reflect.get(api, name)).toBe(Reflect.get(models, name));
  });

  it("has the documented signatures", () => {
    expectTypeOf(models.fitBgNbd).returns.toEqualTypeOf<models.BgNbdFit>();
    expectTypeOf(models.bgNbdProbabilityAlive).returns.toEqualTypeOf<number>();
    expectTypeOf(models.bgNbdExpectedPurchases).returns.toEqualTypeOf<models.ModelValue>();
    expectTypeOf<models.BgNbdFit["params"]>().toEqualTypeOf<models.BgNbdParams | null>();
    expectTypeOf<models.RfmRow["T"]>().toEqualTypeOf<number>();
    expectTypeOf(models.customerLifetimeValue).returns.toEqualTypeOf<models.ClvResult>();
    expectTypeOf<models.Duration["unit"]>().toEqualTypeOf<"day" | "week" | "month" | "year">();
  });
});

describe("inline checks accept exactly what the exported schemas accept", () => {
  const anything = fc.oneof(
    fc.double(),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      0,
      1,
      2.5,
      null,
      undefined,
      "3",
      true,
    ),
  );
  const accepts = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch (error) {
      if (error instanceof api.MetricsInputError) return false;
      throw error;
    }
  };

  test.prop([anything])("frequency of a history", (v) => {
    const row = { frequency: v, recency: 0, T: 0 };
    expect(accepts(() => models.fitBgNbd([row as never]))).toBe(
      z.safeParse(models.customerHistorySchema, row).success,
    );
  });

  test.prop([anything])("recency and T of a history", (v) => {
    const row = { frequency: 1, recency: v, T: v };
    expect(accepts(() => models.fitBgNbd([row as never]))).toBe(
      z.safeParse(models.customerHistorySchema, row).success,
    );
  });

  test.prop([anything])("mean spend of a repeat customer", (v) => {
    expect(accepts(() => models.fitGammaGamma([{ frequency: 1, monetary: v as never }]))).toBe(
      z.safeParse(models.repeatSpendSchema, v).success,
    );
  });

  test.prop([anything, anything])("BG/NBD parameters", (r, b) => {
    const params = { r, alpha: 1, a: 1, b };
    expect(
      accepts(() =>
        models.bgNbdProbabilityAlive(params as never, { frequency: 1, recency: 1, T: 2 }),
      ),
    ).toBe(z.safeParse(models.bgNbdParamsSchema, params).success);
  });

  test.prop([anything])("Gamma-Gamma and sBG parameters", (v) => {
    const gg = { p: v, q: 2, v: 3 };
    expect(
      accepts(() => models.gammaGammaExpectedSpend(gg as never, { frequency: 0, monetary: 0 })),
    ).toBe(z.safeParse(models.gammaGammaParamsSchema, gg).success);
    const sbg = { alpha: v, beta: 1 };
    expect(accepts(() => models.sbgSurvival(sbg as never, 1))).toBe(
      z.safeParse(models.sbgParamsSchema, sbg).success,
    );
  });
});
