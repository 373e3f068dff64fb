import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  averageLifespan,
  type LtvResult,
  ltv,
  ltvFromChurn,
  ltvFromOrders,
  ltvMetric,
  MetricsInputError,
  type Order,
  safeAverageLifespan,
  safeLtv,
  safeLtvFromChurn,
  safeLtvFromOrders,
} from "../../src/index.ts";
import { deepFreeze } from "../helpers.ts";

function pathOf(run: () => unknown): (string | number)[] | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MetricsInputError) return [...(error.issues[0]?.path ?? [])];
    throw error;
  }
  return undefined;
}

describe("ltv (product of factors)", () => {
  it("reproduces the published example: 5,000 × 0.3 × 4 per year × 3 years = 18,000", () => {
    // /work/shared/reference: average unit price × margin × purchase frequency × duration.
    const r = ltv({
      averageOrderValue: 5000,
      grossMargin: 0.3,
      purchaseFrequency: 4,
      lifespan: 3,
      unit: "year",
    });
    expect(r.value).toBeCloseTo(18_000, 9);
    expect(r.unit).toBe("year");
    expect(r.factors.grossMargin).toEqual({ value: 0.3, source: "given" });
    expect(r.reason).toBeNull();
  });

  it("a margin of 1 (the default) is the revenue LTV", () => {
    const r = ltv({ averageOrderValue: 5000, purchaseFrequency: 4, lifespan: 3, unit: "year" });
    expect(r.value).toBe(60_000);
    expect(r.factors.grossMargin).toEqual({ value: 1, source: "default" });
  });

  it("needs an explicit unit and valid factors", () => {
    expect(
      pathOf(() =>
        ltv({ averageOrderValue: 1, purchaseFrequency: 1, lifespan: 1 } as Parameters<
          typeof ltv
        >[0]),
      ),
    ).toEqual(["unit"]);
    expect(
      pathOf(() =>
        ltv({ averageOrderValue: -1, purchaseFrequency: 1, lifespan: 1, unit: "month" }),
      ),
    ).toEqual(["averageOrderValue"]);
    expect(
      pathOf(() =>
        ltv({
          averageOrderValue: 1,
          grossMargin: 1.2,
          purchaseFrequency: 1,
          lifespan: 1,
          unit: "month",
        }),
      ),
    ).toEqual(["grossMargin"]);
    expect(
      safeLtv({ averageOrderValue: 1, purchaseFrequency: Number.NaN, lifespan: 1, unit: "year" })
        .ok,
    ).toBe(false);
  });
});

describe("ltvFromChurn", () => {
  it("reproduces ChartMogul: ARPU 100 / churn 5% = 2,000; with a 70% margin 1,400", () => {
    expect(ltvFromChurn({ arpu: 100, churnRate: 0.05 }).value).toBeCloseTo(2000, 9);
    expect(ltvFromChurn({ arpu: 100, churnRate: 0.05, grossMargin: 0.7 }).value).toBeCloseTo(
      1400,
      9,
    );
  });

  it("averages a trailing window of churn rates (ChartMogul: six months before the current)", () => {
    // Seven months, the last being the current one; ChartMogul averages the six before it.
    const months = [0.04, 0.05, 0.06, 0.05, 0.04, 0.06, 0.2];
    const sixBefore = months.slice(0, 6);
    const r = ltvFromChurn({ arpu: 100, churnRates: sixBefore });
    // (0.04 + 0.05 + 0.06 + 0.05 + 0.04 + 0.06) / 6 = 0.05 -> 2,000.
    expect(r.churnRate).toBeCloseTo(0.05, 15);
    expect(r.periodsAveraged).toBe(6);
    expect(r.value).toBeCloseTo(2000, 9);
    const lastTwo = ltvFromChurn({ arpu: 100, churnRates: months, trailingPeriods: 2 });
    expect(lastTwo.churnRate).toBeCloseTo(0.13, 15);
  });

  it("skips null periods and warns on a short history", () => {
    const r = ltvFromChurn({ arpu: 10, churnRates: [null, 0.1], trailingPeriods: 6 });
    expect(r.churnRate).toBeCloseTo(0.1, 15);
    expect(r.periodsAveraged).toBe(1);
    expect(r.warnings.map((w) => w.code)).toEqual(["short-history"]);
    expect(ltvFromChurn({ arpu: 10, churnRates: [null] })).toMatchObject({
      value: null,
      reason: "insufficient-data",
    });
  });

  it("zero churn gives null with reason zero-churn, never Infinity", () => {
    const r = ltvFromChurn({ arpu: 100, churnRate: 0 });
    expect(r).toMatchObject({ value: null, reason: "zero-churn" });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("discounted: closed forms equal the explicit sums of discounted margins", () => {
    const arpu = 100;
    const m = 0.7;
    const c = 0.05;
    const d = 0.01;
    // Independent evaluation of the series (20,000 terms; the tail is below 1e-300).
    let start = 0;
    let end = 0;
    for (let t = 0; t < 20_000; t++) {
      const cash = m * arpu * (1 - c) ** t;
      start += cash / (1 + d) ** t;
      end += cash / (1 + d) ** (t + 1);
    }
    expect(ltvFromChurn({ arpu, churnRate: c, grossMargin: m, discountRate: d }).value).toBeCloseTo(
      start,
      8,
    );
    expect(
      ltvFromChurn({ arpu, churnRate: c, grossMargin: m, discountRate: d, timing: "end" }).value,
    ).toBeCloseTo(end, 8);
    // Closed forms by hand: 70 · 1.01 / 0.06 = 1178.333…; 70 / 0.06 = 1166.666….
    expect(start).toBeCloseTo(1178.3333333, 6);
    expect(end).toBeCloseTo(1166.6666667, 6);
    // With discounting, zero churn is finite: m·ARPU·(1+d)/d.
    expect(ltvFromChurn({ arpu, churnRate: 0, discountRate: 0.1 }).value).toBeCloseTo(1100, 9);
  });

  it("rejects ambiguous or bad input", () => {
    expect(pathOf(() => ltvFromChurn({ arpu: 1 }))).toEqual(["churnRate"]);
    expect(pathOf(() => ltvFromChurn({ arpu: 1, churnRate: 0.1, churnRates: [0.1] }))).toEqual([
      "churnRate",
    ]);
    expect(pathOf(() => ltvFromChurn({ arpu: 1, churnRate: 0.1, trailingPeriods: 3 }))).toEqual([
      "trailingPeriods",
    ]);
    expect(pathOf(() => ltvFromChurn({ arpu: 1, churnRates: [0.1, 2] }))).toEqual([
      "churnRates",
      1,
    ]);
    expect(pathOf(() => ltvFromChurn({ arpu: 1, churnRate: 0.1, discountRate: -0.1 }))).toEqual([
      "discountRate",
    ]);
    expect(pathOf(() => ltvFromChurn({ arpu: 1, churnRates: [0.1], trailingPeriods: 0 }))).toEqual([
      "trailingPeriods",
    ]);
    expect(safeLtvFromChurn({ arpu: Number.POSITIVE_INFINITY, churnRate: 0.1 }).ok).toBe(false);
  });

  test.prop([
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.double({ min: 1e-6, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ])("equals ARPU × margin × average lifespan", (arpu, churn, margin) => {
    const lifespan = averageLifespan({ churnRate: churn }).value ?? Number.NaN;
    const r = ltvFromChurn({ arpu, churnRate: churn, grossMargin: margin });
    const expected = arpu * margin * lifespan;
    expect(Math.abs((r.value ?? Number.NaN) - expected)).toBeLessThanOrEqual(
      1e-12 * Math.max(1, expected),
    );
  });
});

describe("averageLifespan", () => {
  it("is 1 / churn, null on zero churn", () => {
    expect(averageLifespan({ churnRate: 0.05, unit: "month" })).toEqual({
      metric: "averageLifespan",
      value: 20,
      reason: null,
      churnRate: 0.05,
      unit: "month",
    });
    expect(averageLifespan({ churnRate: 0 })).toMatchObject({
      value: null,
      reason: "zero-churn",
      unit: "period",
    });
    expect(pathOf(() => averageLifespan({ churnRate: -0.1 }))).toEqual(["churnRate"]);
    expect(safeAverageLifespan({ churnRate: 0.5, unit: "fortnight" as "week" }).ok).toBe(false);
  });
});

describe("ltvFromOrders", () => {
  const JAN = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } as const;
  // Hand example, January 2025:
  // a: 2 orders of 100 with margin 0.5; b: 2 orders of 100 with cost 50 -> profit 200 of 400.
  // AOV 100, frequency 2 per month, margin 0.5; with a lifespan of 12 months: 1,200.
  const orders: Order[] = deepFreeze([
    { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 100, margin: 0.5 },
    { customerId: "a", date: "2025-01-20T00:00:00Z", amount: 100, margin: 0.5 },
    { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 100, cost: 50 },
    { customerId: "b", date: "2025-01-04T00:00:00Z", amount: 100, cost: 50 },
  ]);

  it("derives AOV, frequency and margin, and takes the given lifespan", () => {
    const r = ltvFromOrders(orders, { period: JAN, unit: "month", lifespan: 12 });
    expect(r.value).toBeCloseTo(1200, 9);
    expect(r.factors).toEqual({
      averageOrderValue: { value: 100, source: "derived" },
      grossMargin: { value: 0.5, source: "derived" },
      purchaseFrequency: { value: 2, source: "derived" },
      lifespan: { value: 12, source: "given" },
    });
    expect(r.n).toBe(2);
    expect(r.churnRate).toBeNull();
  });

  it("per year: a one-month period counts 12 times as many purchases per year", () => {
    const r = ltvFromOrders(orders, { period: JAN, unit: "year", lifespan: 1 });
    expect(r.factors.purchaseFrequency.value).toBeCloseTo(24, 12);
    expect(r.value).toBeCloseTo(1200, 9);
  });

  it("a given margin wins; no margin anywhere defaults to 1 with a warning", () => {
    const r = ltvFromOrders(orders, { period: JAN, unit: "month", lifespan: 1, grossMargin: 0.25 });
    expect(r.factors.grossMargin).toEqual({ value: 0.25, source: "given" });
    const bare = deepFreeze(
      orders.map(({ customerId, date, amount }) => ({ customerId, date, amount })),
    );
    const d = ltvFromOrders(bare, { period: JAN, unit: "month", lifespan: 1 });
    expect(d.factors.grossMargin).toEqual({ value: 1, source: "default" });
    expect(d.warnings.map((w) => w.code)).toContain("no-margin");
    const partial = ltvFromOrders([...bare.slice(0, 3), orders[3] as Order], {
      period: JAN,
      unit: "month",
      lifespan: 1,
    });
    // Only b's second order carries a cost: margin (100 − 50) / 100.
    expect(partial.factors.grossMargin.value).toBeCloseTo(0.5, 15);
    expect(partial.warnings.map((w) => w.code)).toContain("partial-margin");
  });

  it("lifespan from a given churn rate per unit", () => {
    const r = ltvFromOrders(orders, { period: JAN, unit: "month", churnRate: 0.1 });
    expect(r.churnRate).toBe(0.1);
    expect(r.factors.lifespan).toEqual({ value: 10, source: "given" });
    expect(r.value).toBeCloseTo(1000, 9);
    expect(ltvFromOrders(orders, { period: JAN, unit: "month", churnRate: 0 })).toMatchObject({
      value: null,
      reason: "zero-churn",
    });
  });

  it("derives the lifespan from observed churn (1 − repeat rate), converted to the unit", () => {
    const history: Order[] = deepFreeze([
      ...orders,
      { customerId: "a", date: "2024-12-01T00:00:00Z", amount: 10 },
      { customerId: "x", date: "2024-12-02T00:00:00Z", amount: 10 },
      { customerId: "y", date: "2024-12-03T00:00:00Z", amount: 10 },
      { customerId: "z", date: "2024-12-04T00:00:00Z", amount: 10 },
    ]);
    // Prior buyers {a, x, y, z}; only a bought in January: churn 3/4 per month, lifespan 4/3.
    const r = ltvFromOrders(history, { period: JAN, unit: "month" });
    expect(r.churnRate).toBeCloseTo(0.75, 15);
    expect(r.factors.lifespan.value).toBeCloseTo(4 / 3, 15);
    expect(r.factors.lifespan.source).toBe("derived");
    expect(r.value).toBeCloseTo(100 * 0.5 * 2 * (4 / 3), 9);
    expect(r.warnings.map((w) => w.code)).toContain("proxy-churn");
    // Over a two-month period, churn per month is 1 − (1 − c₂)^(1/2).
    const two = ltvFromOrders(history, {
      period: { start: "2025-01-01T00:00:00Z", end: "2025-03-01T00:00:00Z" },
      unit: "month",
    });
    expect(two.churnRate).toBeCloseTo(1 - Math.sqrt(0.25), 12);
    expect(two.factors.purchaseFrequency.value).toBeCloseTo(1, 12);
  });

  it("undefined factors give null with the reason", () => {
    expect(ltvFromOrders([], { period: JAN, unit: "month" })).toMatchObject({
      value: null,
      reason: "empty",
    });
    // Only January buyers and no history: no one to observe churn on.
    expect(ltvFromOrders(orders, { period: JAN, unit: "month" })).toMatchObject({
      value: null,
      reason: "zero-denominator",
    });
    const loyal: Order[] = [
      { customerId: "a", date: "2024-12-01T00:00:00Z", amount: 10 },
      { customerId: "a", date: "2025-01-05T00:00:00Z", amount: 10 },
    ];
    expect(ltvFromOrders(loyal, { period: JAN, unit: "month" })).toMatchObject({
      value: null,
      reason: "zero-churn",
    });
  });

  it("month ends: [Jan 31, Jan 31 + 1 month) is one month, so frequency per month = orders per customer", () => {
    const r = ltvFromOrders(
      [
        { customerId: "a", date: "2025-02-01T00:00:00Z", amount: 10 },
        { customerId: "a", date: "2025-02-27T23:59:59Z", amount: 10 },
        { customerId: "a", date: "2025-02-28T00:00:00Z", amount: 10 },
      ],
      {
        period: { start: "2025-01-31T00:00:00Z", end: "2025-02-28T00:00:00Z" },
        unit: "month",
        lifespan: 1,
      },
    );
    // The order at Feb 28 00:00 is at the period end: excluded.
    expect(r.factors.purchaseFrequency.value).toBe(2);
    expect(r.factors.averageOrderValue.value).toBe(10);
  });

  it("a calendar month in America/New_York across the DST change is one month", () => {
    const r = ltvFromOrders([{ customerId: "a", date: "2024-03-15T12:00:00-04:00", amount: 10 }], {
      period: { start: "2024-03-01T00:00:00-05:00", end: "2024-04-01T00:00:00-04:00" },
      timeZone: "America/New_York",
      unit: "month",
      lifespan: 1,
    });
    expect(r.factors.purchaseFrequency.value).toBe(1);
    expect(r.period?.end).toBe("2024-04-01T00:00:00.000-04:00");
  });

  it("rejects bad options and records", () => {
    expect(
      pathOf(() => ltvFromOrders(orders, { period: JAN } as Parameters<typeof ltvFromOrders>[1])),
    ).toEqual(["options", "unit"]);
    expect(
      pathOf(() =>
        ltvFromOrders(orders, { period: JAN, unit: "month", lifespan: 1, churnRate: 0.1 }),
      ),
    ).toEqual(["options", "churnRate"]);
    expect(
      pathOf(() => ltvFromOrders(orders, { period: JAN, unit: "month", lifespan: 0 })),
    ).toEqual(["options", "lifespan"]);
    expect(
      pathOf(() =>
        ltvFromOrders([...orders, { customerId: "c", date: "2025-01-05", amount: 1 }], {
          period: JAN,
          unit: "year",
        }),
      ),
    ).toEqual([4, "date"]);
    expect(
      safeLtvFromOrders(orders, { period: { start: JAN.end, end: JAN.start }, unit: "month" }).ok,
    ).toBe(false);
  });

  const ordersArb = fc
    .array(
      fc.record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e"),
        day: fc.integer({ min: 0, max: 70 }),
        amount: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
        margin: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      }),
      { maxLength: 30 },
    )
    .map((rows) =>
      rows.map((r): Order => {
        const base = {
          customerId: r.customerId,
          date: Date.UTC(2024, 11, 1) + r.day * 86_400_000,
          amount: r.amount,
        };
        return r.margin === undefined ? base : { ...base, margin: r.margin };
      }),
    );

  test.prop([ordersArb])("tallies of customer groups merge to the whole", (rows) => {
    const metric = ltvMetric({ period: JAN, unit: "month" });
    const g1 = metric.init();
    const g2 = metric.init();
    const whole = metric.init();
    rows.forEach((o, i) => {
      metric.add(o.customerId === "a" || o.customerId === "b" ? g1 : g2, o, i);
      metric.add(whole, o, i);
    });
    const merged = metric.finalize(
      metric.merge(metric.merge(metric.empty(), metric.tally(g1)), metric.tally(g2)),
    );
    const all = metric.finalize(metric.tally(whole));
    expect(merged.reason).toBe(all.reason);
    expect(merged.value ?? -1).toBeCloseTo(all.value ?? -1, 9);
    expect(merged.factors.grossMargin.value ?? -1).toBeCloseTo(
      all.factors.grossMargin.value ?? -1,
      12,
    );
  });
});

describe("types", () => {
  it("has the documented signatures", () => {
    expectTypeOf(ltvFromOrders<Order>).returns.toEqualTypeOf<LtvResult>();
    expectTypeOf(ltv).parameter(0).toHaveProperty("unit").toEqualTypeOf<"month" | "year">();
  });
});
