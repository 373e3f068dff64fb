// Tests written against mutants that survived in src/value/models (Stryker, 2026-11-24): what an
// unfitted model returns, and the warnings of a fit that did not converge (each model's own
// wording, after the warnings raised before the fit). Expected values are the documented
// messages; the data are the CDNOW summary and Fader & Hardie's (2007) survivors.
import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it } from "vitest";
import { attempt } from "../../src/errors.ts";
import type { Metric } from "../../src/metric.ts";
import {
  type BgNbdParams,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdMetric,
  bgNbdPurchaseProbability,
  customerLifetimeValue,
  evaluateHoldout,
  fitBgNbd,
  fitBgNbdFromTally,
  fitGammaGamma,
  fitSbg,
  fitSbgFromTally,
  gammaGammaExpectedSpend,
  gammaGammaMetric,
  mergeBgNbdTallies,
  rfmSummary,
  safeRfmSummary,
  sbgRetentionRate,
  sbgSurvival,
  sbgSurvivalCurve,
  sbgTallyFromSurvivors,
} from "../../src/value/models/index.ts";
import { expectInputError, inputErrorOf } from "../helpers.ts";
import {
  CDNOW_BG_NBD_MODEL,
  CDNOW_GAMMA_GAMMA_MODEL,
  cdnowSummary,
  cdnowWithSpend,
  centralHessian,
  gaussJordan,
} from "../value/models/helpers.ts";

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

describe("customerLifetimeValue: models, units, limits and missing values", () => {
  const bg = CDNOW_BG_NBD_MODEL;
  const gg = CDNOW_GAMMA_GAMMA_MODEL;
  const base = {
    transactionModel: bg,
    spendModel: gg,
    customers: [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }],
    horizon: { value: 12, unit: "month" },
    discountRate: { rate: 0.01, per: "month" },
  } as const;
  const clv = (over: Record<string, unknown>) =>
    customerLifetimeValue({ ...base, ...over } as Parameters<typeof customerLifetimeValue>[0]);

  it("names a model that is not a fit, one without parameters, and an unknown unit", () => {
    expectInputError(
      () => clv({ transactionModel: null }),
      () => attempt(() => clv({ transactionModel: null })),
      ["transactionModel"],
      "transactionModel: expected a fitted bgNbd model (the result of fitting it)",
    );
    const unfittedModel = { metric: "bgNbd", params: null, reason: "insufficient-data" };
    expectInputError(
      () => clv({ transactionModel: unfittedModel }),
      () => attempt(() => clv({ transactionModel: unfittedModel })),
      ["transactionModel", "params"],
      "transactionModel.params: the bgNbd model has no parameters (insufficient-data): fit it on data with repeat purchases",
    );
    const noParams = { metric: "gammaGamma", reason: "empty" };
    expect(inputErrorOf(() => clv({ spendModel: noParams })).issues[0]?.path).toEqual([
      "spendModel",
      "params",
    ]);
    const badUnit = { ...bg, timeUnit: "fortnight" };
    expect(inputErrorOf(() => clv({ transactionModel: badUnit })).issues[0]?.path).toEqual([
      "transactionModel",
      "timeUnit",
    ]);
    const noUnit = { metric: "bgNbd", params: bg.params };
    expectInputError(
      () => clv({ transactionModel: noUnit }),
      () => attempt(() => clv({ transactionModel: noUnit })),
      ["timeUnit"],
      "timeUnit: the time unit of recency and T is unknown: pass timeUnit (or an rfmSummary result, or a model fitted with one)",
    );
  });

  it("allows 100,000 discount periods and no more", () => {
    const days = (value: number) => ({
      customers: [],
      horizon: { value, unit: "day" },
      discountRate: { rate: 0.0001, per: "day" },
    });
    expect(clv(days(100_000)).steps).toBe(100_000);
    expectInputError(
      () => clv(days(100_001)),
      () => attempt(() => clv(days(100_001))),
      ["horizon"],
      "horizon: the horizon spans 100001 discount periods (more than 100,000)",
    );
  });

  it("rounds a whole number of periods that floating point misses", () => {
    // 29/7 weeks in days: 29/7 × 7 = 29.000000000000004 in doubles; 29 steps, not 30.
    const r = clv({
      horizon: { value: 29 / 7, unit: "week" },
      discountRate: { rate: 0, per: "day" },
    });
    expect(r.steps).toBe(29);
  });

  it("states the unit conversions, or null when none was needed", () => {
    const r = clv({ horizon: { value: 1, unit: "year" } });
    // 1 month = 365.25/12/7 = 4.348214… weeks; 1 year = 12 months.
    expect(r.conversion).toBe(
      "1 month = 4.348214 weeks; 1 year = 12 months (1 week = 7 days, 1 month = 365.25/12 days, 1 year = 365.25 days)",
    );
    expect(r.metric).toBe("customerLifetimeValue");
    expect(r.horizon).toEqual({ value: 1, unit: "year" });
    expect(r.discountRate).toEqual({ rate: 0.01, per: "month" });
    const weekly = clv({
      horizon: { value: 52, unit: "week" },
      discountRate: { rate: 0.002, per: "week" },
    });
    expect(weekly.conversion).toBeNull();
  });

  it("a customer without CLV is counted, explained, and left out of the total", () => {
    // q = 0.5 < 1: the population mean spend is infinite, so a customer with x = 0 has none.
    const r = clv({
      spendModel: { metric: "gammaGamma", params: { p: 6.25, q: 0.5, v: 15.44 } },
      customers: [{ frequency: 0, recency: 0, T: 38.86 }],
    });
    expect(r.customers[0]).toMatchObject({
      clv: null,
      reason: "parameter-out-of-range",
      expectedPurchases: null,
      expectedSpend: null,
    });
    expect(r.total).toBe(0);
    expect(r.warnings).toEqual([
      {
        code: "missing-values",
        message: "1 customer(s) have no CLV (see their reason); the total leaves them out.",
      },
    ]);
    // a = 1: E[Y(t)] is undefined (the 2F1 form divides by a − 1), so no purchases and no CLV.
    const a1 = clv({ transactionModel: { ...bg, params: { ...bg.params, a: 1 } } });
    expect(a1.customers[0]).toMatchObject({
      clv: null,
      reason: "parameter-out-of-range",
      expectedPurchases: null,
    });
    expect(a1.warnings.map((w) => w.code)).toEqual(["missing-values"]);
  });

  it("a customer without purchases needs no monetary value: spend is the population mean", () => {
    // E[Z | x = 0] = p·v / (q − 1) = 6.25 × 15.44 / 2.74 = 35.21897810218978.
    const r = clv({ customers: [{ frequency: 0, recency: 0, T: 38.86 }] });
    expect(r.customers[0]?.expectedSpend).toBeCloseTo(35.21897810218978, 12);
    expect(r.customers[0]?.clv).toBeGreaterThan(0);
  });

  it("overflow: a customer's CLV is a documented null, the total an input error", () => {
    const huge = clv({ customers: [{ frequency: 20, recency: 38, T: 38.86, monetary: 1.7e308 }] });
    expect(huge.customers[0]?.clv).toBeNull();
    expect(huge.customers[0]?.reason).toBe("parameter-out-of-range");
    // Each CLV is finite (about 1e298), the weighted total (× 1e11) is not.
    const weighted = {
      customers: [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 1e298, w: 1e11 }],
      weight: "w",
    };
    expectInputError(
      () => clv(weighted),
      () => attempt(() => clv(weighted)),
      ["customers"],
      "customers: the total CLV overflows (above 1.8e308): expected monetary values of a realistic magnitude",
    );
  });

  it("checks a repeat customer's monetary value, naming the field read", () => {
    for (const monetary of [0, Number.POSITIVE_INFINITY]) {
      const customers = [{ frequency: 2, recency: 30, T: 38, monetary }];
      expect(inputErrorOf(() => clv({ customers })).issues[0]?.path).toEqual([
        "customers",
        0,
        "monetary",
      ]);
    }
    const byFunction = inputErrorOf(() =>
      clv({
        customers: [{ frequency: 2, recency: 30, T: 38, spend: -1 }],
        monetary: (row: { spend: number }) => row.spend,
      }),
    );
    expect(byFunction.issues[0]?.path).toEqual(["customers", 0]);
  });

  it("keeps string and finite number ids, and null for anything else", () => {
    const row = { frequency: 0, recency: 0, T: 38.86 };
    const r = clv({
      customers: [
        { ...row, customerId: "a" },
        { ...row, customerId: 7 },
        { ...row, customerId: Number.NaN },
        { ...row, customerId: Number.POSITIVE_INFINITY },
        { ...row, customerId: { id: 1 } },
      ],
    });
    expect(r.customers.map((c) => c.customerId)).toEqual(["a", 7, null, null, null]);
  });
});

describe("evaluateHoldout: model, units, rows, groups and warnings", () => {
  const model = {
    metric: "bgNbd",
    params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    timeUnit: "week",
  } as const;
  const row = { frequency: 0, recency: 0, T: 38.86, frequencyHoldout: 1, durationHoldout: 39 };
  const holdout = (m: unknown, rows: unknown, options?: unknown) =>
    evaluateHoldout(m as never, rows as never, options as never);

  it("names a model that is not a fitted BG/NBD, or has no or bad parameters", () => {
    for (const m of [null, 5, { metric: "gammaGamma", params: {} }]) {
      expectInputError(
        () => holdout(m, [row]),
        () => attempt(() => holdout(m, [row])),
        ["transactionModel"],
        "transactionModel: expected a fitted bgNbd model",
      );
    }
    expectInputError(
      () => holdout({ ...model, params: null }, [row]),
      () => attempt(() => holdout({ ...model, params: null }, [row])),
      ["transactionModel", "params"],
      "transactionModel.params: the bgNbd model has no parameters",
    );
    const bad = { ...model, params: { ...model.params, r: -1 } };
    expect(inputErrorOf(() => holdout(bad, [row])).issues[0]?.path).toEqual([
      "transactionModel",
      "params",
      "r",
    ]);
    expect(
      inputErrorOf(() => holdout({ ...model, timeUnit: "fortnight" }, [row])).issues[0]?.path,
    ).toEqual(["transactionModel", "timeUnit"]);
  });

  it("a model without a unit takes the summary's; units that disagree are named", () => {
    const r = holdout({ ...model, timeUnit: null }, [row], { timeUnit: "week" });
    expect(r.timeUnit).toBe("week");
    const summary = { metric: "rfmSummary", timeUnit: "day", customers: [row] };
    expect(inputErrorOf(() => holdout(model, summary)).issues[0]?.path).toEqual([
      "summary",
      "timeUnit",
    ]);
    expect(inputErrorOf(() => holdout(model, "x")).message).toBe(
      "summary: expected an rfmSummary result or an array of customers with holdout purchases",
    );
  });

  it("checks the holdout count and duration, naming the field read", () => {
    expect(
      inputErrorOf(() => holdout(model, [{ ...row, frequencyHoldout: 1.5 }])).issues[0]?.path,
    ).toEqual(["summary", 0, "frequencyHoldout"]);
    expect(
      inputErrorOf(() =>
        holdout(model, [{ ...row, n: 1.5 }], { frequencyHoldout: (r: { n: number }) => r.n }),
      ).issues[0]?.path,
    ).toEqual(["summary", 0]);
    // "39" >= 0 is true in JavaScript: the type check must catch it; Infinity is no duration.
    for (const durationHoldout of ["39", Number.POSITIVE_INFINITY, -1]) {
      expect(
        inputErrorOf(() => holdout(model, [{ ...row, durationHoldout }])).issues[0]?.path,
      ).toEqual(["summary", 0, "durationHoldout"]);
    }
    // A holdout of length 0 is allowed: nothing is expected in it.
    expect(holdout(model, [{ ...row, durationHoldout: 0 }]).predictedTotal).toBe(0);
  });

  it("per group: the mean absolute error divides by the group's customers", () => {
    // Two customers with x = 0 and a holdout of length 0 (predicted 0), who bought 1 and 2:
    // group "0" has n = 2, actual 1.5, predicted 0, MAE (1 + 2) / 2 = 1.5.
    const r = holdout(model, [
      { ...row, durationHoldout: 0, frequencyHoldout: 1 },
      { ...row, durationHoldout: 0, frequencyHoldout: 2 },
    ]);
    expect(r.metric).toBe("holdoutEvaluation");
    expect(r.groups[0]).toEqual({
      label: "0",
      frequency: 0,
      n: 2,
      actual: 1.5,
      predicted: 0,
      meanAbsoluteError: 1.5,
    });
    expect(r.meanAbsoluteError).toBe(1.5);
    expect(r.warnings).toEqual([]);
  });

  it("customers whose expectation is undefined are counted and said to be left out", () => {
    // a = 1: E[Y(t)] divides by a − 1, so it is undefined for everyone.
    const r = holdout({ ...model, params: { ...model.params, a: 1 } }, [row]);
    expect(r.missing).toBe(1);
    expect(r.n).toBe(0);
    expect(r.warnings).toEqual([
      {
        code: "missing-values",
        message: "1 customer(s) left out: their expected purchases could not be computed.",
      },
      { code: "empty", message: "No customers to evaluate." },
    ]);
  });
});

describe("Gamma-Gamma: inputs, correlation and the metric's name", () => {
  const gg = { p: 6.25, q: 3.74, v: 15.44 };
  it("gammaGammaExpectedSpend checks the customer", () => {
    expect(inputErrorOf(() => gammaGammaExpectedSpend(gg, null as never)).issues[0]?.path).toEqual([
      "customer",
      "frequency",
    ]);
    // "20" > 0 is true in JavaScript: the type check must catch a string; Infinity is no spend.
    for (const monetary of ["20", Number.POSITIVE_INFINITY]) {
      expect(
        inputErrorOf(() => gammaGammaExpectedSpend(gg, { frequency: 2, monetary } as never))
          .issues[0]?.path,
      ).toEqual(["customer", "monetary"]);
    }
    // x = 0 needs no monetary value: E[Z] = p·v / (q − 1) = 96.5 / 2.74.
    const none = gammaGammaExpectedSpend(gg, { frequency: 0 } as never);
    expect(none.value).toBeCloseTo(96.5 / 2.74, 12);
  });

  it("fitGammaGamma checks every row's frequency and spend", () => {
    expect(
      inputErrorOf(() => fitGammaGamma([{ frequency: 1.5, monetary: 3 }])).issues[0]?.path,
    ).toEqual([0, "frequency"]);
    expect(
      inputErrorOf(() => fitGammaGamma([{ frequency: 2, monetary: Number.POSITIVE_INFINITY }]))
        .issues[0]?.path,
    ).toEqual([0, "monetary"]);
    // A customer without repeat purchases may have any finite mean spend (it is skipped), not NaN.
    expect(
      inputErrorOf(() => fitGammaGamma([{ frequency: 0, monetary: Number.NaN }])).issues[0]?.path,
    ).toEqual([0, "monetary"]);
  });

  it("reports the spend-frequency correlation, or null when either does not vary", () => {
    // (1, 10), (2, 20), (3, 30): r = 1 exactly, above the default 0.3.
    const line = fitGammaGamma([
      { frequency: 1, monetary: 10 },
      { frequency: 2, monetary: 20 },
      { frequency: 3, monetary: 30 },
    ]);
    expect(line.correlation).toBeCloseTo(1, 12);
    expect(line.warnings[0]).toEqual({
      code: "spend-frequency-correlation",
      message:
        "Frequency and mean spend are correlated (r = 1.000, above 0.3): the Gamma-Gamma model assumes they are independent.",
    });
    const sameFrequency = fitGammaGamma([
      { frequency: 2, monetary: 10 },
      { frequency: 2, monetary: 30 },
    ]);
    expect(sameFrequency.correlation).toBeNull();
    const sameSpend = fitGammaGamma([
      { frequency: 1, monetary: 10 },
      { frequency: 3, monetary: 10 },
    ]);
    expect(sameSpend.correlation).toBeNull();
    expect(gammaGammaMetric().name).toBe("gammaGamma");
    expect(bgNbdMetric().name).toBe("bgNbd");
  });
});

describe("rfmSummary: compensated sums, months across a year, holdout edges", () => {
  const order = (customerId: string, day: string, amount: number) => ({
    customerId,
    date: `${day}T12:00:00Z`,
    amount,
  });
  it("sums repeat and holdout spend with compensation", () => {
    // a: first order on 1 January, then 1e16, 1 and 1 on three later days of the calibration,
    // and the same three amounts in the holdout. 1e16 + 1 + 1 is 1e16 in plain doubles; the
    // compensated sum keeps 10000000000000002, and / 3 = 3333333333333334 exactly.
    const r = rfmSummary(
      [
        order("a", "2025-01-01", 5),
        order("a", "2025-01-02", 1e16),
        order("a", "2025-01-03", 1),
        order("a", "2025-01-04", 1),
        order("a", "2025-01-06", 1e16),
        order("a", "2025-01-07", 1),
        order("a", "2025-01-08", 1),
      ],
      {
        observationEnd: "2025-01-10T00:00:00Z",
        calibrationEnd: "2025-01-05T00:00:00Z",
        timeUnit: "day",
      },
    );
    expect(r.customers[0]).toMatchObject({
      frequency: 3,
      monetary: 3333333333333334,
      frequencyHoldout: 3,
      spendHoldout: 10000000000000002,
      monetaryHoldout: 3333333333333334,
    });
  });

  it("holdout edges: no holdout orders, a first order in the calibration's last period", () => {
    // b buys only on 5 January, the calibration's last day: in the calibration with T = 0, and
    // with no holdout orders (mean holdout spend 0, not 0/0).
    const r = rfmSummary([order("b", "2025-01-05", 7)], {
      observationEnd: "2025-01-10T00:00:00Z",
      calibrationEnd: "2025-01-05T00:00:00Z",
      timeUnit: "day",
    });
    expect(r.n).toBe(1);
    expect(r.customersFirstSeenInHoldout).toBe(0);
    expect(r.orders).toBe(1);
    expect(r.customers[0]).toMatchObject({
      frequency: 0,
      T: 0,
      frequencyHoldout: 0,
      monetaryHoldout: 0,
      spendHoldout: 0,
    });
    // calibrationEnd may equal observationEnd (an empty holdout), not follow it.
    const same = { observationEnd: "2025-01-10T00:00:00Z", timeUnit: "day" } as const;
    expect(rfmSummary([], { ...same, calibrationEnd: "2025-01-10T00:00:00Z" }).n).toBe(0);
    expectInputError(
      () => rfmSummary([], { ...same, calibrationEnd: "2025-01-11T00:00:00Z" }),
      () => safeRfmSummary([], { ...same, calibrationEnd: "2025-01-11T00:00:00Z" }),
      ["options", "calibrationEnd"],
      "options.calibrationEnd: expected calibrationEnd on or before observationEnd",
    );
  });

  it("counts months across a year boundary, whatever the order of the orders", () => {
    // First order in December 2024, a repeat in February 2025, observation ends in April:
    // recency 2 months, T 4 months. The orders come newest first.
    const r = rfmSummary([order("c", "2025-02-03", 10), order("c", "2024-12-15", 10)], {
      observationEnd: "2025-04-10T00:00:00Z",
      timeUnit: "month",
    });
    expect(r.customers[0]).toMatchObject({ frequency: 1, recency: 2, T: 4, monetary: 10 });
  });

  it("says which grain cannot be measured in the time unit", () => {
    const options = {
      observationEnd: "2025-04-10T00:00:00Z",
      timeUnit: "month",
      grain: "week",
    } as const;
    expectInputError(
      () => rfmSummary([], options),
      () => safeRfmSummary([], options),
      ["options", "grain"],
      'options.grain: expected "day" or the timeUnit ("month"): a week grain cannot be measured in months',
    );
  });
});

describe("sBG: survivor counts, records, tallies and projections", () => {
  const fh = { alpha: 0.668, beta: 3.806 };
  it("sbgTallyFromSurvivors checks its counts", () => {
    expectInputError(
      () => sbgTallyFromSurvivors("x" as never),
      () => attempt(() => sbgTallyFromSurvivors("x" as never)),
      [],
      "(root): expected an array of survivor counts",
    );
    for (const bad of [-1, Number.POSITIVE_INFINITY, "5"]) {
      expect(
        inputErrorOf(() => sbgTallyFromSurvivors([100, bad as number])).issues[0]?.path,
      ).toEqual([1]);
    }
    expectInputError(
      () => sbgTallyFromSurvivors([100, 120]),
      () => attempt(() => sbgTallyFromSurvivors([100, 120])),
      [1],
      "[1]: expected survivors to not increase (120 after 100)",
    );
    expect(sbgTallyFromSurvivors([])).toEqual({ lost: [], censored: [] });
  });

  it("fitSbg: counts or records, and accessors only with records", () => {
    expectInputError(
      () => fitSbg("x" as never),
      () => attempt(() => fitSbg("x" as never)),
      [],
      "(root): expected survivors per period (numbers) or customer records",
    );
    for (const options of [{ recency: "r" }, { T: "t" }, { weight: "w" }]) {
      expectInputError(
        () => fitSbg([100, 60], options as never),
        () => attempt(() => fitSbg([100, 60], options as never)),
        ["options"],
        "options: accessors apply to records, not to survivor counts",
      );
    }
    expect(fitSbg([]).reason).toBe("empty");
  });

  it("fitSbg records: periods are integers >= 1 and recency <= T, named by field or row", () => {
    for (const [row, path] of [
      [{ recency: 0, T: 3 }, [0, "recency"]],
      [{ recency: 1.5, T: 3 }, [0, "recency"]],
      [{ recency: 1, T: 0 }, [0, "T"]],
      [{ recency: "1", T: 3 }, [0, "recency"]],
    ] as const) {
      expect(inputErrorOf(() => fitSbg([row as never])).issues[0]?.path).toEqual(path);
    }
    expectInputError(
      () => fitSbg([{ recency: 3, T: 2 }]),
      () => attempt(() => fitSbg([{ recency: 3, T: 2 }])),
      [0, "recency"],
      "[0].recency: expected recency (3) <= T (2)",
    );
    const byFunction = inputErrorOf(() =>
      fitSbg([{ r: 0, T: 3 }], { recency: (row: { r: number; T: number }) => row.r }),
    );
    expect(byFunction.issues[0]?.path).toEqual([0]);
  });

  it("fitSbgFromTally checks the tally", () => {
    expectInputError(
      () => fitSbgFromTally(null as never),
      () => attempt(() => fitSbgFromTally(null as never)),
      [],
      "(root): expected a tally { lost, censored }",
    );
    expectInputError(
      () => fitSbgFromTally({ lost: "x", censored: [] } as never),
      () => attempt(() => fitSbgFromTally({ lost: "x", censored: [] } as never)),
      ["lost"],
      "lost: expected an array of counts",
    );
    for (const bad of [-1, Number.POSITIVE_INFINITY, "1"]) {
      expect(
        inputErrorOf(() => fitSbgFromTally({ lost: [1], censored: [2, bad as number] })).issues[0]
          ?.path,
      ).toEqual(["censored", 1]);
    }
    expectInputError(
      () => fitSbgFromTally({ lost: [Number.MAX_SAFE_INTEGER], censored: [1] }),
      () => attempt(() => fitSbgFromTally({ lost: [Number.MAX_SAFE_INTEGER], censored: [1] })),
      ["censored", 0],
      "censored[0]: expected counts totalling at most 9007199254740991 customers (2^53 - 1)",
    );
    // Exactly 2^53 − 1 in all is allowed.
    expect(fitSbgFromTally({ lost: [Number.MAX_SAFE_INTEGER - 1], censored: [1] }).n).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it("projections check their parameters and periods", () => {
    for (const params of [
      null,
      5,
      { ...fh, alpha: "1" },
      { ...fh, beta: Number.POSITIVE_INFINITY },
    ]) {
      expect(
        inputErrorOf(() => sbgRetentionRate(params as never, 1)).issues[0]?.path.slice(0, 1),
      ).toEqual(["params"]);
    }
    expectInputError(
      () => sbgRetentionRate(fh, 0),
      () => attempt(() => sbgRetentionRate(fh, 0)),
      ["t"],
      "t: expected an integer period >= 1",
    );
    expect(inputErrorOf(() => sbgSurvival(fh, 1.5)).message).toBe(
      "t: expected an integer period >= 0",
    );
    expectInputError(
      () => sbgSurvivalCurve(fh, 1_000_001),
      () => attempt(() => sbgSurvivalCurve(fh, 1_000_001)),
      ["periods"],
      "periods: expected at most 1000000 periods",
    );
  });

  it("survival with parameters near 1e308: the product of retention rates, up to 1,000,000 periods", () => {
    // ln B overflows; every rₜ = (β + t − 1)/(α + β + t − 1) is 1/2 here (α = β, t absorbed).
    const huge = { alpha: 1e308, beta: 1e308 };
    expect(sbgSurvival(huge, 2)).toBe(0.25);
    expect(sbgSurvival(huge, 1_000_000)).toBe(0);
    expectInputError(
      () => sbgSurvival(huge, 1_000_001),
      () => attempt(() => sbgSurvival(huge, 1_000_001)),
      ["params", "alpha"],
      "params.alpha: the survival overflows: expected parameters of a realistic magnitude (well below 1e308)",
    );
    expect(
      inputErrorOf(() => sbgSurvival({ alpha: 1e308, beta: 1.5e308 }, 1_000_001)).issues[0]?.path,
    ).toEqual(["params", "beta"]);
  });
});

describe("BG/NBD: tallies, units and the precision of small probabilities", () => {
  const paper = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  it("fitBgNbdFromTally checks the tally, its rows, weights and unit", () => {
    for (const tally of [null, { rows: "x" }]) {
      expectInputError(
        () => fitBgNbdFromTally(tally as never),
        () => attempt(() => fitBgNbdFromTally(tally as never)),
        ["rows"],
        "rows: expected a tally { rows: [x, recency, T, weight][], timeUnit }",
      );
    }
    for (const row of [[1, 2, 3], "x"]) {
      expectInputError(
        () => fitBgNbdFromTally({ rows: [row] } as never),
        () => attempt(() => fitBgNbdFromTally({ rows: [row] } as never)),
        ["rows", 0],
        "rows[0]: expected [x, recency, T, weight]",
      );
    }
    const heavy = {
      rows: [
        [0, 0, 5, Number.MAX_SAFE_INTEGER],
        [1, 2, 5, 1],
      ],
      timeUnit: "week",
    };
    expectInputError(
      () => fitBgNbdFromTally(heavy as never),
      () => attempt(() => fitBgNbdFromTally(heavy as never)),
      ["rows", 1, "weight"],
      "rows[1].weight: expected weights totalling at most 9007199254740991 customers (2^53 - 1)",
    );
    expect(
      inputErrorOf(() => fitBgNbdFromTally({ rows: [], timeUnit: "fortnight" } as never)).issues[0]
        ?.path,
    ).toEqual(["timeUnit"]);
    // No unit on the tally: the options' unit is the fit's.
    expect(fitBgNbdFromTally({ rows: [], timeUnit: null }, { timeUnit: "day" }).timeUnit).toBe(
      "day",
    );
    expect(fitBgNbdFromTally({ rows: [], timeUnit: "week" }).timeUnit).toBe("week");
  });

  it("merging tallies keeps the one unit given, and refuses two different ones", () => {
    const weekly = { rows: [], timeUnit: "week" } as const;
    const none = { rows: [], timeUnit: null } as const;
    expect(mergeBgNbdTallies(none, weekly).timeUnit).toBe("week");
    expect(mergeBgNbdTallies(weekly, none).timeUnit).toBe("week");
    expectInputError(
      () => mergeBgNbdTallies(weekly, { rows: [], timeUnit: "day" }),
      () => attempt(() => mergeBgNbdTallies(weekly, { rows: [], timeUnit: "day" })),
      ["timeUnit"],
      'timeUnit: cannot merge tallies in "week" and "day"',
    );
  });

  it("fitBgNbd: the summary's unit and options.timeUnit must agree", () => {
    const summary = {
      metric: "rfmSummary",
      timeUnit: "day",
      customers: [{ frequency: 1, recency: 2, T: 5 }],
    };
    expectInputError(
      () => fitBgNbd(summary as never, { timeUnit: "week" }),
      () => attempt(() => fitBgNbd(summary as never, { timeUnit: "week" })),
      ["options", "timeUnit"],
      'options.timeUnit: the summary is in "day" but options.timeUnit is "week"',
    );
    expect(fitBgNbd(summary as never, { timeUnit: "day" }).timeUnit).toBe("day");
  });

  it("P(X(t) = k) keeps its relative precision far in the tail", () => {
    // k = 300 purchases in 39 weeks is very unlikely: Σ_{j<k} NB(j) is 1 − (tiny), so the tail
    // Σ_{j≥k} NB(j) must be summed, not taken as 1 − head. Reference: the same formula (Fader,
    // Hardie & Lee 2005, eq. 8) with the tail summed term by term here, in log space.
    const { r, alpha, a, b } = paper;
    const t = 39;
    const k = 300;
    const lnNb = (j: number) =>
      gammaln(r + j) -
      gammaln(r) -
      gammaln(j + 1) +
      r * Math.log(alpha / (alpha + t)) +
      j * Math.log(t / (alpha + t));
    let tail = 0;
    for (let j = k; j < k + 2000; j++) tail += Math.exp(lnNb(j));
    const expected =
      Math.exp(betaln(a, b + k) - betaln(a, b) + lnNb(k)) +
      Math.exp(betaln(a + 1, b + k - 1) - betaln(a, b)) * tail;
    const got = bgNbdPurchaseProbability(paper, k, t);
    expect(Math.abs(got / expected - 1)).toBeLessThan(1e-9);
  });
});

describe("a penalised fit: the optimum and the standard errors of the penalised objective", () => {
  // lifetimes' penalizer: minimise g(θ) = −ln L(θ)/N + λ·Σθ². Checked independently with
  // central differences of Σ bgNbdLogLikelihood (function values only).
  // Each test fits for itself (not in beforeAll): Stryker credits a mutant only to the tests
  // during which its code ran, so a fit shared through a hook would leave the standard-error
  // test unrun for the mutants of the Hessian.
  const keys = ["r", "alpha", "a", "b"] as const;
  const lambda = 0.05;
  const rows = cdnowSummary().slice(0, 400);
  const penalisedFit = () => fitBgNbd(rows, { timeUnit: "week", penalty: lambda });
  const objective = (q: BgNbdParams) =>
    -rows.reduce((s, row) => s + bgNbdLogLikelihood(q, row), 0) / rows.length +
    lambda * keys.reduce((s, k) => s + q[k] * q[k], 0);

  it("stops where the penalised objective is flat", () => {
    const fit = penalisedFit();
    const p = fit.params as BgNbdParams;
    expect(fit.converged).toBe(true);
    for (const k of keys) {
      const h = 1e-5 * p[k];
      const up = objective({ ...p, [k]: p[k] + h });
      const down = objective({ ...p, [k]: p[k] - h });
      // θ·∂g/∂θ (the gradient in log-parameters, what the optimiser drives to 0).
      expect(Math.abs((p[k] * (up - down)) / (2 * h))).toBeLessThan(1e-5);
    }
  });

  it("takes standard errors from the Hessian of N·g(θ)", () => {
    const fit = penalisedFit();
    const p = fit.params as BgNbdParams;
    const n = rows.length;
    const inverse = gaussJordan(centralHessian(keys, p, (q) => n * objective(q)));
    keys.forEach((k, i) => {
      const se = Math.sqrt(inverse[i]?.[i] as number);
      expect(Math.abs((fit.standardErrors?.[k] as number) / se - 1)).toBeLessThan(1e-3);
    });
  });
});

describe("a fit without standard errors says so", () => {
  it("warns when the Hessian at the estimate is not positive definite", () => {
    // Ten customers who all churn in period 3 (survivors 10, 10, 10, 0): the sBG explains this
    // only in the limit α, β → ∞ with β/(α + β) pinned, so the estimate runs out along a ridge
    // where ln L is flat across it: the Hessian is singular there, and no standard errors exist.
    const fit = fitSbgFromTally(sbgTallyFromSurvivors([10, 10, 10, 0]));
    expect(fit.standardErrors).toBeNull();
    expect(fit.warnings).toEqual([
      {
        code: "no-standard-errors",
        message: "The Hessian is not positive definite at the estimate: no standard errors.",
      },
    ]);
    expect(fit.reason).toBeNull();
    expect((fit.params?.alpha as number) > 1e3 && (fit.params?.beta as number) > 1e3).toBe(true);
  });
});
