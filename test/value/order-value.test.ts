import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  arpu,
  arpuFromTotals,
  arpuMetric,
  averageOrderValue,
  averageOrderValueFromTotals,
  averageOrderValueMetric,
  emptyOrderValueTally,
  MetricsInputError,
  mergeOrderValueTallies,
  type Order,
  purchaseFrequency,
  purchaseFrequencyFromCounts,
  purchaseFrequencyMetric,
  runMetric,
  safeArpu,
  safeArpuFromTotals,
  safeAverageOrderValue,
  safeAverageOrderValueFromTotals,
  safePurchaseFrequency,
  safePurchaseFrequencyFromCounts,
} from "../../src/index.ts";
import { deepFreeze } from "../helpers.ts";

const JAN = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } as const;

function pathOf(run: () => unknown): (string | number)[] | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MetricsInputError) return [...(error.issues[0]?.path ?? [])];
    throw error;
  }
  return undefined;
}

// Hand example for January 2025: a buys 30 + 20, b buys 10; c bought in December only; an order
// at exactly Feb 1 00:00 is outside (end excluded); one at Jan 1 00:00 is inside.
// Revenue 60 + 0 = 60 from 4 orders by 3 customers (d's order at Jan 1 is 0).
const orders: Order[] = deepFreeze([
  { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
  { customerId: "a", date: "2025-01-20T00:00:00+02:00", amount: 20 },
  { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 10 },
  { customerId: "c", date: "2024-12-31T23:59:59.999Z", amount: 1000 },
  { customerId: "d", date: "2025-01-01T00:00:00Z", amount: 0 },
  { customerId: "e", date: "2025-02-01T00:00:00Z", amount: 1000 },
]);

describe("order values", () => {
  it("ARPU = revenue / customers, AOV = revenue / orders, frequency = orders / customers", () => {
    const a = arpu(orders, { period: JAN });
    expect(a).toMatchObject({
      metric: "arpu",
      value: 20,
      n: 3,
      revenue: 60,
      orders: 4,
      customers: 3,
    });
    expect(a.warnings.map((w) => w.code)).toEqual(["small-sample"]);
    expect(averageOrderValue(orders, { period: JAN })).toMatchObject({
      metric: "averageOrderValue",
      value: 15,
      n: 4,
    });
    expect(purchaseFrequency(orders, { period: JAN }).value).toBeCloseTo(4 / 3, 15);
  });

  it("sums money with compensation", () => {
    // 0.1 ten times is 0.9999999999999999 in naive floating point.
    const dimes = Array.from({ length: 10 }, (_, i) => ({
      customerId: "a",
      date: Date.UTC(2025, 0, 2 + i),
      amount: 0.1,
    }));
    expect(arpu(dimes, { period: JAN }).revenue).toBe(1);
    const big = [
      { customerId: "a", date: Date.UTC(2025, 0, 2), amount: 1e16 },
      { customerId: "b", date: Date.UTC(2025, 0, 3), amount: 1 },
      { customerId: "c", date: Date.UTC(2025, 0, 4), amount: 1 },
    ];
    expect(arpu(big, { period: JAN }).revenue).toBe(1e16 + 2);
  });

  it("from totals", () => {
    expect(arpuFromTotals({ revenue: 5000, customers: 40 }).value).toBe(125);
    expect(averageOrderValueFromTotals({ revenue: 5000, orders: 50 }).value).toBe(100);
    expect(purchaseFrequencyFromCounts({ orders: 50, customers: 40 }).value).toBe(1.25);
    expect(arpuFromTotals({ revenue: 0, customers: 0 })).toMatchObject({
      value: null,
      reason: "empty",
    });
    expect(arpuFromTotals({ revenue: 10, customers: 0 })).toMatchObject({
      value: null,
      reason: "zero-denominator",
    });
    expect(pathOf(() => arpuFromTotals({ revenue: 10 }))).toEqual(["customers"]);
    expect(pathOf(() => averageOrderValueFromTotals({ revenue: -1, orders: 1 }))).toEqual([
      "revenue",
    ]);
    expect(pathOf(() => purchaseFrequencyFromCounts({ orders: 1.5, customers: 1 }))).toEqual([
      "orders",
    ]);
    expect(safeArpuFromTotals({ revenue: 1, customers: -1 }).ok).toBe(false);
    expect(safeAverageOrderValueFromTotals({ orders: 1 }).ok).toBe(false);
    expect(safePurchaseFrequencyFromCounts({ customers: 1 }).ok).toBe(false);
  });

  it("an empty period gives null, not an error", () => {
    for (const f of [arpu, averageOrderValue, purchaseFrequency]) {
      const r = f(orders, {
        period: { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" },
      });
      expect(r).toMatchObject({ value: null, reason: "empty", n: 0 });
    }
  });

  it("a DST day in America/New_York: 23 hours, start included, end excluded", () => {
    const day = { start: "2024-03-10T00:00:00-05:00", end: "2024-03-11T00:00:00-04:00" };
    const r = arpu(
      [
        { customerId: "a", date: "2024-03-10T00:00:00-05:00", amount: 10 },
        { customerId: "b", date: "2024-03-10T23:59:00-04:00", amount: 20 },
        { customerId: "c", date: "2024-03-11T00:00:00-04:00", amount: 40 },
        { customerId: "d", date: "2024-03-09T23:59:59-05:00", amount: 80 },
      ],
      { period: day, timeZone: "America/New_York" },
    );
    expect(r).toMatchObject({ customers: 2, revenue: 30, value: 15 });
    expect(r.period).toEqual({
      start: "2024-03-10T00:00:00.000-05:00",
      end: "2024-03-11T00:00:00.000-04:00",
      timeZone: "America/New_York",
    });
  });

  it("rejects bad records and options with paths", () => {
    const bad = [...orders, { customerId: "z", date: "2025-01-05T00:00:00Z", amount: -3 }];
    expect(pathOf(() => arpu(bad, { period: JAN }))).toEqual([6, "amount"]);
    expect(
      pathOf(() =>
        averageOrderValue([{ customerId: "a", date: "2025-01-05T25:00:00Z", amount: 1 }], {
          period: JAN,
        }),
      ),
    ).toEqual([0, "date"]);
    expect(
      pathOf(() =>
        purchaseFrequency(
          [{ customerId: "a", date: "2025-01-05T10:00:00Z", amount: 1, cost: -1 }],
          { period: JAN },
        ),
      ),
    ).toEqual([0, "cost"]);
    expect(pathOf(() => arpu(orders, { period: { start: JAN.end, end: JAN.start } }))).toEqual([
      "options",
      "period",
      "end",
    ]);
    expect(pathOf(() => arpu(orders, { period: JAN, minSampleSize: Number.NaN }))).toEqual([
      "options",
      "minSampleSize",
    ]);
    expect(safeArpu(bad, { period: JAN }).ok).toBe(false);
    expect(safeAverageOrderValue(bad, { period: JAN }).ok).toBe(false);
    expect(safePurchaseFrequency(bad, { period: JAN }).ok).toBe(false);
  });

  it("the metrics agree with the functions", () => {
    expect(runMetric(arpuMetric({ period: JAN }), orders)).toEqual(arpu(orders, { period: JAN }));
    expect(runMetric(averageOrderValueMetric({ period: JAN }), orders).value).toBe(15);
    expect(runMetric(purchaseFrequencyMetric({ period: JAN }), orders).metric).toBe(
      "purchaseFrequency",
    );
  });
});

const ordersArb = fc
  .array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", 7, 8),
      day: fc.integer({ min: -5, max: 40 }),
      cents: fc.integer({ min: 0, max: 1_000_000 }),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map(
      (r): Order => ({
        customerId: r.customerId,
        date: Date.UTC(2025, 0, 1) + r.day * 86_400_000,
        amount: r.cents / 100,
      }),
    ),
  );

describe("properties", () => {
  test.prop([ordersArb])("matches a brute force, and does not depend on order", (rows) => {
    const s = Date.parse(JAN.start);
    const e = Date.parse(JAN.end);
    const inP = rows.filter((o) => Number(o.date) >= s && Number(o.date) < e);
    const customers = new Set(inP.map((o) => o.customerId)).size;
    const cents = inP.reduce((t, o) => t + Math.round(o.amount * 100), 0);
    const r = arpu(rows, { period: JAN });
    expect(r.customers).toBe(customers);
    expect(r.orders).toBe(inP.length);
    expect(r.revenue).toBeCloseTo(cents / 100, 6);
    expect(arpu([...rows].reverse(), { period: JAN })).toEqual(r);
    if (customers > 0)
      expect(purchaseFrequency(rows, { period: JAN }).value).toBeGreaterThanOrEqual(1);
  });

  test.prop([ordersArb])("tallies of customer groups merge to the whole", (rows) => {
    const metric = averageOrderValueMetric({ period: JAN });
    const g1 = metric.init();
    const g2 = metric.init();
    const whole = metric.init();
    rows.forEach((o, i) => {
      metric.add(typeof o.customerId === "number" ? g1 : g2, o, i);
      metric.add(whole, o, i);
    });
    const merged = mergeOrderValueTallies(
      mergeOrderValueTallies(emptyOrderValueTally(), metric.tally(g1)),
      metric.tally(g2),
    );
    const t = metric.tally(whole);
    expect(merged.customers).toBe(t.customers);
    expect(merged.orders).toBe(t.orders);
    expect(metric.finalize(merged).revenue).toBeCloseTo(metric.finalize(t).revenue, 6);
  });
});
