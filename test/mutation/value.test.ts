// Tests written against mutants that survived in src/value (Stryker, 2026-11-24): whole results
// (factors and their sources, reasons, every warning), the field an overflow blames, and the
// input errors. Expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import {
  arpu,
  arpuFromTotals,
  averageLifespan,
  averageOrderValue,
  averageOrderValueFromTotals,
  ltv,
  ltvFromChurn,
  ltvFromOrders,
  purchaseFrequency,
  purchaseFrequencyFromCounts,
  safeArpu,
  safeArpuFromTotals,
  safeAverageOrderValue,
  safeAverageOrderValueFromTotals,
  safeLtv,
  safeLtvFromChurn,
  safeLtvFromOrders,
  safePurchaseFrequency,
  safePurchaseFrequencyFromCounts,
} from "../../src/value/index.ts";
import { expectInputError } from "../helpers.ts";

const JAN = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } as const;
const JAN_BOUNDS = {
  start: "2025-01-01T00:00:00.000+00:00",
  end: "2025-02-01T00:00:00.000+00:00",
  timeZone: "UTC",
};
const OVERFLOW = "the LTV overflows: expected a realistic magnitude";
const smallSample = (n: number) => ({
  code: "small-sample",
  message: `Only ${n} customers (fewer than 30): treat the value as indicative.`,
});

describe("ltv", () => {
  it("returns every factor with its source", () => {
    // 50 × 1 (default margin) × 4 per year × 3 years = 600.
    expect(ltv({ averageOrderValue: 50, purchaseFrequency: 4, lifespan: 3, unit: "year" })).toEqual(
      {
        metric: "ltv",
        value: 600,
        reason: null,
        unit: "year",
        factors: {
          averageOrderValue: { value: 50, source: "given" },
          grossMargin: { value: 1, source: "default" },
          purchaseFrequency: { value: 4, source: "given" },
          lifespan: { value: 3, source: "given" },
        },
        churnRate: null,
        n: null,
        warnings: [],
        period: null,
      },
    );
  });

  it.each([
    // The largest factor is blamed; ties go to frequency over lifespan, and to AOV over both.
    [1e150, 1e150, 1e200, "lifespan"],
    [1e150, 1e200, 1e150, "purchaseFrequency"],
    [1e200, 1e150, 1e150, "averageOrderValue"],
    [1, 1e200, 1e200, "purchaseFrequency"],
    [1e200, 1, 1e200, "averageOrderValue"],
    [1e200, 1e200, 1, "averageOrderValue"],
  ] as const)("an overflow of AOV %d × frequency %d × lifespan %d names %s", (aov, f, l, field) => {
    const input = {
      averageOrderValue: aov,
      purchaseFrequency: f,
      lifespan: l,
      unit: "year",
    } as const;
    expectInputError(
      () => ltv(input),
      () => safeLtv(input),
      [field],
      `${field}: ${OVERFLOW}`,
    );
  });
});

describe("ltvFromChurn", () => {
  it("wants exactly one of churnRate and churnRates, and trailingPeriods only with churnRates", () => {
    const both = { arpu: 10, churnRate: 0.1, churnRates: [0.1] };
    expectInputError(
      () => ltvFromChurn(both),
      () => safeLtvFromChurn(both),
      ["churnRate"],
      "churnRate: expected exactly one of churnRate and churnRates",
    );
    const trailing = { arpu: 10, churnRate: 0.1, trailingPeriods: 2 };
    expectInputError(
      () => ltvFromChurn(trailing),
      () => safeLtvFromChurn(trailing),
      ["trailingPeriods"],
      "trailingPeriods: trailingPeriods applies to churnRates only",
    );
  });

  it("warns when fewer periods than asked for are there to average", () => {
    // One rate of 0.05, three asked for: 100 / 0.05 = 2000 with a short-history warning.
    const short = ltvFromChurn({ arpu: 100, churnRates: [0.05], trailingPeriods: 3 });
    expect(short.value).toBeCloseTo(2000, 9);
    expect(short.warnings).toEqual([
      { code: "short-history", message: "Only 1 periods of churn to average (asked for 3)." },
    ]);
    // Exactly as many as asked for: no warning.
    expect(
      ltvFromChurn({ arpu: 100, churnRates: [0.05, 0.05], trailingPeriods: 2 }).warnings,
    ).toEqual([]);
  });

  it("no rate to average: null with insufficient-data", () => {
    expect(ltvFromChurn({ arpu: 100, churnRates: [null, null] })).toEqual({
      metric: "ltv",
      arpu: 100,
      grossMargin: 1,
      churnRate: null,
      periodsAveraged: 0,
      discountRate: 0,
      timing: "start",
      value: null,
      reason: "insufficient-data",
      warnings: [
        { code: "insufficient-data", message: "No churn rate to average: the LTV is undefined." },
      ],
    });
  });

  it("zero churn without discounting: null with zero-churn", () => {
    expect(ltvFromChurn({ arpu: 100, churnRate: 0 })).toEqual({
      metric: "ltv",
      arpu: 100,
      grossMargin: 1,
      churnRate: 0,
      periodsAveraged: 1,
      discountRate: 0,
      timing: "start",
      value: null,
      reason: "zero-churn",
      warnings: [
        {
          code: "zero-churn",
          message: "Churn is 0 and there is no discounting: the lifetime value would be infinite.",
        },
      ],
    });
  });

  it("an overflow names arpu when the numerator overflows, else the churn field given", () => {
    // 1e308 × (1 + 0.9) overflows before the division: arpu.
    const numerator = { arpu: 1e308, churnRate: 0.5, discountRate: 0.9 };
    expectInputError(
      () => ltvFromChurn(numerator),
      () => safeLtvFromChurn(numerator),
      ["arpu"],
      `arpu: ${OVERFLOW}`,
    );
    // 1e308 / 1e-10 overflows in the division: the churn input, whichever form was given.
    expectInputError(
      () => ltvFromChurn({ arpu: 1e308, churnRate: 1e-10 }),
      () => safeLtvFromChurn({ arpu: 1e308, churnRate: 1e-10 }),
      ["churnRate"],
    );
    expectInputError(
      () => ltvFromChurn({ arpu: 1e308, churnRates: [1e-10] }),
      () => safeLtvFromChurn({ arpu: 1e308, churnRates: [1e-10] }),
      ["churnRates"],
      `churnRates: ${OVERFLOW}`,
    );
  });
});

describe("ltvFromOrders: whole results", () => {
  it("a margin from some of the orders, with the partial-margin warning", () => {
    // January (1 month). a: 100 with margin 0.5; b: 100 without. AOV 200 / 2 = 100; frequency
    // 2 orders / 2 customers / 1 month = 1; margin from a's order only: 50 / 100 = 0.5;
    // LTV = 100 × 0.5 × 1 × 12 = 600.
    const r = ltvFromOrders(
      [
        { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 100, margin: 0.5 },
        { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 100 },
      ],
      { period: JAN, unit: "month", lifespan: 12 },
    );
    expect(r).toEqual({
      metric: "ltv",
      value: 600,
      reason: null,
      unit: "month",
      factors: {
        averageOrderValue: { value: 100, source: "derived" },
        grossMargin: { value: 0.5, source: "derived" },
        purchaseFrequency: { value: 1, source: "derived" },
        lifespan: { value: 12, source: "given" },
      },
      churnRate: null,
      n: 2,
      warnings: [
        {
          code: "partial-margin",
          message: "Only 1 of 2 orders carry a margin or cost: the margin is theirs.",
        },
        smallSample(2),
      ],
      period: JAN_BOUNDS,
    });
  });

  it("no margin anywhere: the revenue LTV, said in a warning; none without orders", () => {
    // One order of 40 in January, churn 0.5 per year (lifespan 2 years): frequency 1 order /
    // 1 customer / (1/12 year) = 12 per year; LTV = 40 × 1 × 12 × 2 = 960.
    const r = ltvFromOrders([{ customerId: "a", date: "2025-01-10T00:00:00Z", amount: 40 }], {
      period: JAN,
      unit: "year",
      churnRate: 0.5,
    });
    expect(r.value).toBeCloseTo(960, 9);
    expect(r.churnRate).toBe(0.5);
    expect(r.factors.grossMargin).toEqual({ value: 1, source: "default" });
    expect(r.factors.lifespan).toEqual({ value: 2, source: "given" });
    expect(r.warnings).toEqual([
      {
        code: "no-margin",
        message: "No margin given or on the orders: this is a revenue LTV (margin 1).",
      },
      smallSample(1),
    ]);
    const empty = ltvFromOrders([], { period: JAN, unit: "month", lifespan: 12 });
    expect(empty.value).toBeNull();
    expect(empty.reason).toBe("empty");
    expect(empty.n).toBe(0);
    expect(empty.warnings).toEqual([{ code: "empty", message: "The LTV is undefined (empty)." }]);
  });

  it("a margin over orders of amount 0 is undefined: zero-denominator", () => {
    // AOV 0 / 1 = 0, frequency 1, but Σ amount of the orders with a margin is 0: margin 0/0.
    const r = ltvFromOrders(
      [{ customerId: "a", date: "2025-01-10T00:00:00Z", amount: 0, margin: 0.5 }],
      { period: JAN, unit: "month", lifespan: 12 },
    );
    expect(r.factors.grossMargin).toEqual({ value: null, source: "derived" });
    expect(r.value).toBeNull();
    expect(r.reason).toBe("zero-denominator");
    expect(r.warnings).toEqual([
      { code: "zero-denominator", message: "The LTV is undefined (zero-denominator)." },
      smallSample(1),
    ]);
  });

  it("a given churn rate of 0: no lifespan, reason zero-churn", () => {
    const r = ltvFromOrders([{ customerId: "a", date: "2025-01-10T00:00:00Z", amount: 10 }], {
      period: JAN,
      unit: "month",
      churnRate: 0,
      grossMargin: 0.5,
    });
    expect(r.factors.lifespan).toEqual({ value: null, source: "given" });
    expect(r.factors.grossMargin).toEqual({ value: 0.5, source: "given" });
    expect(r.reason).toBe("zero-churn");
    expect(r.warnings).toEqual([
      { code: "zero-churn", message: "The LTV is undefined (zero-churn)." },
      smallSample(1),
    ]);
  });

  const proxy = {
    code: "proxy-churn",
    message:
      "The lifespan comes from 1 − the repeat rate of past buyers, a rough proxy for churn when no cancellation is observed.",
  };

  it("a derived lifespan: no past buyers is a zero denominator", () => {
    const r = ltvFromOrders(
      [{ customerId: "a", date: "2025-01-10T00:00:00Z", amount: 10, margin: 1 }],
      { period: JAN, unit: "month" },
    );
    expect(r.factors.lifespan).toEqual({ value: null, source: "derived" });
    expect(r.churnRate).toBeNull();
    expect(r.reason).toBe("zero-denominator");
    expect(r.warnings).toEqual([
      { code: "zero-denominator", message: "The LTV is undefined (zero-denominator)." },
      smallSample(1),
    ]);
  });

  it("a derived lifespan: every past buyer came back, so churn is 0", () => {
    // a bought in December and again in January: repeat rate 1, period churn 0.
    const r = ltvFromOrders(
      [
        { customerId: "a", date: "2024-12-10T00:00:00Z", amount: 10, margin: 1 },
        { customerId: "a", date: "2025-01-10T00:00:00Z", amount: 10, margin: 1 },
      ],
      { period: JAN, unit: "month" },
    );
    expect(r.churnRate).toBe(0);
    expect(r.factors.lifespan).toEqual({ value: null, source: "derived" });
    expect(r.reason).toBe("zero-churn");
    expect(r.warnings).toEqual([
      proxy,
      { code: "zero-churn", message: "The LTV is undefined (zero-churn)." },
      smallSample(1),
    ]);
  });

  it("a derived lifespan: half the past buyers came back", () => {
    // a and b bought in December; only a again in January (one order of 30). Period churn
    // 1 − 1/2 = 0.5 over one month: lifespan 2 months. AOV 30, frequency 1, margin 1:
    // LTV = 30 × 1 × 1 × 2 = 60.
    const r = ltvFromOrders(
      [
        { customerId: "a", date: "2024-12-10T00:00:00Z", amount: 10, margin: 1 },
        { customerId: "b", date: "2024-12-11T00:00:00Z", amount: 10, margin: 1 },
        { customerId: "a", date: "2025-01-10T00:00:00Z", amount: 30, margin: 1 },
      ],
      { period: JAN, unit: "month" },
    );
    expect(r.churnRate).toBeCloseTo(0.5, 12);
    expect(r.factors.lifespan.source).toBe("derived");
    expect(r.factors.lifespan.value).toBeCloseTo(2, 12);
    expect(r.value).toBeCloseTo(60, 9);
    expect(r.reason).toBeNull();
    expect(r.warnings).toEqual([proxy, smallSample(1)]);
  });

  it("input errors: orders not an array, lifespan and churn rate together", () => {
    const options = { period: JAN, unit: "month" } as const;
    expectInputError(
      () => ltvFromOrders("x" as unknown as [], options),
      () => safeLtvFromOrders("x" as unknown as [], options),
      [],
      "(root): expected an array of orders",
    );
    const both = { ...options, lifespan: 2, churnRate: 0.5 };
    expectInputError(
      () => ltvFromOrders([], both),
      () => safeLtvFromOrders([], both),
      ["options", "churnRate"],
      "options.churnRate: expected lifespan or churnRate, not both",
    );
  });
});

describe("order values: reasons, warnings, totals and compensated margin sums", () => {
  it("no orders vs a zero denominator, named in the warning", () => {
    const empty = averageOrderValue([], { period: JAN });
    expect(empty.reason).toBe("empty");
    expect(empty.warnings).toEqual([
      { code: "empty", message: "No orders in the period: the average order value is undefined." },
    ]);
    // Customers but no orders: the average order value has a zero denominator, not no data.
    const zero = averageOrderValueFromTotals({ revenue: 0, orders: 0, customers: 5 });
    expect(zero.reason).toBe("zero-denominator");
    expect(zero.warnings).toEqual([
      {
        code: "zero-denominator",
        message: "The denominator is 0: the average order value is undefined.",
      },
    ]);
    expect(arpuFromTotals({ revenue: 10, customers: 0 }).warnings).toEqual([
      { code: "zero-denominator", message: "The denominator is 0: the ARPU is undefined." },
    ]);
    expect(purchaseFrequency([], { period: JAN }).warnings[0]?.message).toBe(
      "No orders in the period: the purchase frequency is undefined.",
    );
  });

  it("the small-sample warning counts orders for AOV and customers for the others", () => {
    const orders = [
      { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 10 },
      { customerId: "a", date: "2025-01-03T00:00:00Z", amount: 20 },
    ];
    expect(averageOrderValue(orders, { period: JAN }).warnings).toEqual([
      {
        code: "small-sample",
        message: "Only 2 orders (fewer than 30): treat the value as indicative.",
      },
    ]);
    expect(arpu(orders, { period: JAN }).warnings).toEqual([smallSample(1)]);
    expect(purchaseFrequency(orders, { period: JAN }).warnings).toEqual([smallSample(1)]);
    // The totals forms default to a minimum of 30 too.
    expect(arpuFromTotals({ revenue: 100, customers: 4 }).warnings).toEqual([smallSample(4)]);
  });

  it("totals: a missing field is named, with what it should be", () => {
    expectInputError(
      () => arpuFromTotals({ customers: 4 }),
      () => safeArpuFromTotals({ customers: 4 }),
      ["revenue"],
      "revenue: expected a non-negative number",
    );
    expectInputError(
      () => averageOrderValueFromTotals({ revenue: 4 }),
      () => safeAverageOrderValueFromTotals({ revenue: 4 }),
      ["orders"],
      "orders: expected a non-negative integer count",
    );
    expectInputError(
      () => purchaseFrequencyFromCounts({ orders: 4 }, { minSampleSize: -1 }),
      () => safePurchaseFrequencyFromCounts({ orders: 4 }, { minSampleSize: -1 }),
      ["options", "minSampleSize"],
    );
  });

  it("the records forms name the argument that is not an array", () => {
    for (const [f, safe] of [
      [arpu, safeArpu],
      [averageOrderValue, safeAverageOrderValue],
      [purchaseFrequency, safePurchaseFrequency],
    ] as const) {
      expectInputError(
        () => f("x" as unknown as [], { period: JAN }),
        () => safe("x" as unknown as [], { period: JAN }),
        [],
        "(root): expected an array of orders",
      );
    }
  });

  it("sums the margin's revenue and profit with compensation", () => {
    // 1e16 + 1 + 1 is 1e16 in plain doubles (each 1 is half an ulp and rounds away); the
    // compensated sums keep it at 10000000000000002, which is exact. All at margin 1: profit
    // and revenue are equal, so the margin is exactly 1.
    const period = { period: JAN, unit: "month", lifespan: 1 } as const;
    const at = (margin: number, amount: number, day: number) => ({
      customerId: "a",
      date: `2025-01-${String(day).padStart(2, "0")}T00:00:00Z`,
      amount,
      margin,
    });
    const full = ltvFromOrders([at(1, 1e16, 2), at(1, 1, 3), at(1, 1, 4)], period);
    expect(full.factors.grossMargin.value).toBe(1);
    // The big order at margin 0: profit 2, revenue 1e16 + 2, margin 2 / (1e16 + 2).
    const thin = ltvFromOrders([at(0, 1e16, 2), at(1, 1, 3), at(1, 1, 4)], period);
    expect(thin.factors.grossMargin.value).toBe(2 / (1e16 + 2));
  });
});

describe("averageLifespan", () => {
  it("zero churn: the whole result", () => {
    expect(averageLifespan({ churnRate: 0, unit: "month" })).toEqual({
      metric: "averageLifespan",
      value: null,
      reason: "zero-churn",
      churnRate: 0,
      unit: "month",
    });
  });
});
