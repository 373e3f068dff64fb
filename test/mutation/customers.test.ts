// Tests written against mutants that survived in src/customers (Stryker, 2026-11-24): each pins a
// behaviour no other test did (a message, an error path, a boundary of the subscription rules,
// the level passed through a Metric's compare). Expected values are worked out by hand in the
// comments.
import { describe, expect, it } from "vitest";
import {
  type ChurnTally,
  churnMetric,
  churnRate,
  churnRateFromSubscriptions,
  convertChurnRate,
  customerRetentionMetric,
  customerRetentionRate,
  customerRetentionRateFromSubscriptions,
  mrrChurn,
  mrrChurnFromSubscriptions,
  repeatPurchaseRate,
  repeatPurchaseRateFromCounts,
  repeatPurchaseRateMetric,
  repeatRate,
  repeatRateFromOrders,
  repeatRateMetric,
  retentionMetric,
  retentionRateFromSubscriptions,
  safeChurnRate,
  safeChurnRateFromSubscriptions,
  safeConvertChurnRate,
  safeCustomerRetentionRate,
  safeCustomerRetentionRateFromSubscriptions,
  safeMrrChurn,
  safeMrrChurnFromSubscriptions,
  safeRepeatPurchaseRate,
  safeRepeatPurchaseRateFromCounts,
  safeRepeatRate,
  safeRepeatRateFromOrders,
  safeRetentionRateFromSubscriptions,
} from "../../src/customers/index.ts";
import { arpu, safeArpu } from "../../src/value/index.ts";
import { expectInputError } from "../helpers.ts";

const JAN = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } as const;

describe("input errors name the field and say what was expected", () => {
  it("churn counts", () => {
    expectInputError(
      () => churnRate({ customersAtStart: 10, churned: 11 }),
      () => safeChurnRate({ customersAtStart: 10, churned: 11 }),
      ["churned"],
      "churned: expected churned <= customersAtStart",
    );
    const plusNew = { denominator: "active-at-start-plus-new" } as const;
    expectInputError(
      () => churnRate({ customersAtStart: 10, churned: 1 }, plusNew),
      () => safeChurnRate({ customersAtStart: 10, churned: 1 }, plusNew),
      ["newCustomers"],
      'newCustomers: expected newCustomers: the denominator "active-at-start-plus-new" adds them',
    );
    // The plus-new denominator includes new customers' churn by default: newChurned is needed.
    expectInputError(
      () => churnRate({ customersAtStart: 10, churned: 1, newCustomers: 4 }, plusNew),
      () => safeChurnRate({ customersAtStart: 10, churned: 1, newCustomers: 4 }, plusNew),
      ["newChurned"],
      'newChurned: expected newChurned: newCustomerChurn "include" counts them as churned',
    );
    const counts = { customersAtStart: 10, churned: 1, newCustomers: 4, newChurned: 5 };
    expectInputError(
      () => churnRate(counts, plusNew),
      () => safeChurnRate(counts, plusNew),
      ["newChurned"],
      "newChurned: expected newChurned <= newCustomers",
    );
    const impossible = { newCustomerChurn: "include" } as const;
    expectInputError(
      () => churnRate({ customersAtStart: 10, churned: 1 }, impossible),
      () => safeChurnRate({ customersAtStart: 10, churned: 1 }, impossible),
      ["options", "newCustomerChurn"],
      'options.newCustomerChurn: newCustomerChurn "include" needs denominator "active-at-start-plus-new" (otherwise the rate can exceed 1)',
    );
  });

  it("the records forms name the argument that is not an array", () => {
    const options = { period: JAN };
    const notArray = "x" as unknown as [];
    expectInputError(
      () => churnRateFromSubscriptions(notArray, options),
      () => safeChurnRateFromSubscriptions(notArray, options),
      [],
      "(root): expected an array of subscriptions",
    );
    expectInputError(
      () => retentionRateFromSubscriptions(notArray, options),
      () => safeRetentionRateFromSubscriptions(notArray, options),
      [],
      "(root): expected an array of subscriptions",
    );
    expectInputError(
      () => customerRetentionRateFromSubscriptions(notArray, options),
      () => safeCustomerRetentionRateFromSubscriptions(notArray, options),
      [],
      "(root): expected an array of subscriptions",
    );
    expectInputError(
      () => mrrChurnFromSubscriptions(notArray, options),
      () => safeMrrChurnFromSubscriptions(notArray, options),
      [],
      "(root): expected an array of subscriptions",
    );
    expectInputError(
      () => repeatRateFromOrders(notArray, options),
      () => safeRepeatRateFromOrders(notArray, options),
      [],
      "(root): expected an array of orders",
    );
    expectInputError(
      () => repeatPurchaseRate(notArray, options),
      () => safeRepeatPurchaseRate(notArray, options),
      [],
      "(root): expected an array of orders",
    );
  });

  it("records: a customer id, MRR for revenue churn", () => {
    const options = { period: JAN };
    // NaN and ±Infinity are numbers but not customer ids.
    for (const customerId of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const order = { customerId, date: "2025-01-05T00:00:00Z", amount: 1 };
      expectInputError(
        () => repeatRateFromOrders([order], options),
        () => safeRepeatRateFromOrders([order], options),
        [0, "customerId"],
      );
    }
    const noMrr = [{ customerId: "a", start: "2024-06-01T00:00:00Z" }];
    expectInputError(
      () => mrrChurnFromSubscriptions(noMrr, options),
      () => safeMrrChurnFromSubscriptions(noMrr, options),
      [0, "mrr"],
      "[0].mrr: expected a finite MRR >= 0 (revenue churn needs mrr on every subscription)",
    );
  });

  it("a margin of exactly 1 is an order's whole amount, and allowed", () => {
    const orders = [{ customerId: "a", date: "2025-01-05T00:00:00Z", amount: 10, margin: 1 }];
    expect(arpu(orders, { period: JAN }).value).toBe(10);
    expect(safeArpu(orders, { period: JAN }).ok).toBe(true);
  });

  it("customer retention, repeat and repeat purchase counts", () => {
    expectInputError(
      () => customerRetentionRate({ customersAtStart: 10, customersAtEnd: 5, newCustomers: 6 }),
      () => safeCustomerRetentionRate({ customersAtStart: 10, customersAtEnd: 5, newCustomers: 6 }),
      ["newCustomers"],
      "newCustomers: expected newCustomers <= customersAtEnd (N counts the new customers present at the end)",
    );
    expectInputError(
      () => customerRetentionRate({ customersAtStart: 10, customersAtEnd: 15, newCustomers: 4 }),
      () =>
        safeCustomerRetentionRate({ customersAtStart: 10, customersAtEnd: 15, newCustomers: 4 }),
      ["customersAtEnd"],
      "customersAtEnd: expected customersAtEnd - newCustomers <= customersAtStart",
    );
    const counts = { customersAtStart: 10, customersAtEnd: 9, newCustomers: 0 };
    expectInputError(
      () => customerRetentionRate(counts, { level: 2 }),
      () => safeCustomerRetentionRate(counts, { level: 2 }),
      ["options", "level"],
    );
    expectInputError(
      () => repeatRate({ priorCustomers: 3, repeatCustomers: 4 }),
      () => safeRepeatRate({ priorCustomers: 3, repeatCustomers: 4 }),
      ["repeatCustomers"],
      "repeatCustomers: expected repeatCustomers <= priorCustomers",
    );
    expectInputError(
      () => repeatRate({ priorCustomers: 3, repeatCustomers: 1 }, { level: 0 }),
      () => safeRepeatRate({ priorCustomers: 3, repeatCustomers: 1 }, { level: 0 }),
      ["options", "level"],
    );
    expectInputError(
      () => repeatPurchaseRateFromCounts({ customers: 3, repeatCustomers: 4 }),
      () => safeRepeatPurchaseRateFromCounts({ customers: 3, repeatCustomers: 4 }),
      ["repeatCustomers"],
      "repeatCustomers: expected repeatCustomers <= customers",
    );
    expectInputError(
      () => repeatPurchaseRateFromCounts({ customers: 3, repeatCustomers: 1 }, { level: 1 }),
      () => safeRepeatPurchaseRateFromCounts({ customers: 3, repeatCustomers: 1 }, { level: 1 }),
      ["options", "level"],
    );
  });

  it("convertChurnRate: both lengths numbers or both unit names", () => {
    expectInputError(
      () => convertChurnRate(0.1, { from: 1, to: "year" }),
      () => safeConvertChurnRate(0.1, { from: 1, to: "year" }),
      ["options", "to"],
      "options.to: expected from and to both numbers (same unit) or both unit names",
    );
  });
});

describe("mrrChurn: limits, reasons and warnings", () => {
  it("lets lost MRR exceed starting MRR only by rounding: 1e-12 relative plus 1e-9", () => {
    // Starting MRR 0: the allowance is 0 · (1 + 1e-12) + 1e-9 = 1e-9, and 1e-9 is not above it.
    expect(mrrChurn({ startingMrr: 0, churnedMrr: 1e-9 }).value).toBeNull();
    // Starting 1e6: allowance 1e6 · 1e-12 + 1e-9 ≈ 1.001e-6; 5e-7 above the start is within it.
    const r = mrrChurn({ startingMrr: 1e6, churnedMrr: 1e6 + 5e-7 });
    expect(r.grossMrrChurnRate).toBe(1);
    // 2e-6 above the start is not.
    expectInputError(
      () => mrrChurn({ startingMrr: 1e6, churnedMrr: 1e6 + 2e-6 }),
      () => safeMrrChurn({ startingMrr: 1e6, churnedMrr: 1e6 + 2e-6 }),
      ["churnedMrr"],
      "churnedMrr: expected churnedMrr + contractionMrr <= startingMrr (only starting MRR can be lost)",
    );
  });

  it("no starting MRR: empty only without customers at the start and without MRR gained", () => {
    const undefinedRates =
      "MRR at the start of the period is 0: revenue churn rates are undefined.";
    const empty = mrrChurn({ startingMrr: 0, churnedMrr: 0 });
    expect(empty.reason).toBe("empty");
    expect(empty.warnings).toEqual([{ code: "empty", message: undefinedRates }]);
    for (const counts of [
      { startingMrr: 0, churnedMrr: 0, newMrr: 50 },
      { startingMrr: 0, churnedMrr: 0, reactivationMrr: 20 },
      { startingMrr: 0, churnedMrr: 0, customersAtStart: 3 },
    ]) {
      const r = mrrChurn(counts);
      expect(r.value).toBeNull();
      expect(r.reason).toBe("zero-denominator");
      expect(r.warnings).toEqual([{ code: "zero-denominator", message: undefinedRates }]);
    }
  });

  it("warns about few customers at the start (default minimum 30), and not without a count", () => {
    expect(mrrChurn({ startingMrr: 100, churnedMrr: 10, customersAtStart: 5 }).warnings).toEqual([
      {
        code: "small-sample",
        message: "Only 5 customers (fewer than 30): treat the value as indicative.",
      },
    ]);
    expect(mrrChurn({ startingMrr: 100, churnedMrr: 10 }).warnings).toEqual([]);
  });
});

describe("reasons and warnings of undefined rates name the metric", () => {
  it("churn and retention: no customers vs a zero denominator", () => {
    const empty = churnRateFromSubscriptions([], { period: JAN });
    expect(empty.reason).toBe("empty");
    expect(empty.warnings).toEqual([
      { code: "empty", message: "No customers in the period: the churn rate is undefined." },
    ]);
    const retention = retentionRateFromSubscriptions([], { period: JAN });
    expect(retention.reason).toBe("empty");
    expect(retention.warnings).toEqual([
      { code: "empty", message: "No customers in the period: the retention rate is undefined." },
    ]);
    // One customer who started in January: nobody at the start, so the default denominator is 0
    // but the period is not empty.
    const onlyNew = [{ customerId: "a", start: "2025-01-10T00:00:00Z" }];
    const zero = retentionRateFromSubscriptions(onlyNew, { period: JAN });
    expect(zero.reason).toBe("zero-denominator");
    expect(zero.warnings).toEqual([
      {
        code: "zero-denominator",
        message: "The denominator is 0: the retention rate is undefined.",
      },
    ]);
    const crr = customerRetentionRateFromSubscriptions(onlyNew, { period: JAN });
    expect(crr.metric).toBe("customerRetentionRate");
    expect(crr.reason).toBe("zero-denominator");
    expect(crr.warnings).toEqual([
      {
        code: "zero-denominator",
        message: "The denominator is 0: the customer retention rate is undefined.",
      },
    ]);
    expect(customerRetentionRateFromSubscriptions([], { period: JAN }).reason).toBe("empty");
  });

  it("customer retention from counts: empty only when nobody is at the start or the end", () => {
    expect(
      customerRetentionRate({ customersAtStart: 0, customersAtEnd: 0, newCustomers: 0 }).reason,
    ).toBe("empty");
    expect(
      customerRetentionRate({ customersAtStart: 0, customersAtEnd: 4, newCustomers: 4 }).reason,
    ).toBe("zero-denominator");
  });

  it("repeat rate: no prior buyers but buyers in the period is a zero denominator", () => {
    // Both customers buy for the first time in January: priorCustomers 0, periodCustomers 2.
    const firstTimers = [
      { customerId: "a", date: "2025-01-03T00:00:00Z", amount: 5 },
      { customerId: "b", date: "2025-01-04T00:00:00Z", amount: 5 },
    ];
    const r = repeatRateFromOrders(firstTimers, { period: JAN });
    expect(r.reason).toBe("zero-denominator");
    expect(r.warnings).toEqual([
      { code: "zero-denominator", message: "The denominator is 0: the repeat rate is undefined." },
    ]);
    expect(repeatRateFromOrders([], { period: JAN }).reason).toBe("empty");
    const purchase = repeatPurchaseRate([], { period: JAN });
    expect(purchase.reason).toBe("empty");
    expect(purchase.warnings).toEqual([
      {
        code: "empty",
        message: "No customers in the period: the repeat purchase rate is undefined.",
      },
    ]);
  });

  it("a wide interval is stated as a fraction", () => {
    // 1 of 2 customers churned: Wilson 95 % interval 0.5 ± 0.4 (hand: z² = 3.8415, center
    // (1 + 1.9207) / 5.8415 = 0.5, half = 1.96 · √(0.25 · 2 + 0.9604) / 5.8415 ≈ 0.4070), wider
    // than ±0.1.
    const r = churnRate({ customersAtStart: 2, churned: 1 }, { minSampleSize: 1 });
    expect(r.warnings).toEqual([
      {
        code: "wide-interval",
        message: "The 95% interval is ±0.41 (as a fraction) wide (more than ±0.1).",
      },
    ]);
  });
});

describe("the subscription rules at their boundaries", () => {
  const period = JAN;
  it("a subscription that ended before the start does not put a customer in the start snapshot", () => {
    // a: one subscription in December, ended 15 December, and a new one from 1 January 00:00.
    // Active at S (the second) but not just before S (the first ended two weeks earlier): a
    // new customer, not one of the start snapshot.
    const r = churnRateFromSubscriptions(
      [
        { customerId: "a", start: "2024-12-01T00:00:00Z", end: "2024-12-15T00:00:00Z" },
        { customerId: "a", start: "2025-01-01T00:00:00Z" },
      ],
      { period },
    );
    expect(r.customersAtStart).toBe(0);
    expect(r.newCustomers).toBe(1);
  });

  it('a subscription ending exactly at the period end "ended in the period"', () => {
    // a holds two subscriptions from 2024; one ends at E = 1 February 00:00, the other runs on.
    // Not active at E, so the first ended within [S, E]: "any-subscription-ended" counts a.
    const subs = [
      { customerId: "a", start: "2024-06-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
      { customerId: "a", start: "2024-06-01T00:00:00Z" },
    ];
    expect(
      churnRateFromSubscriptions(subs, { period, churnWhen: "any-subscription-ended" }).value,
    ).toBe(1);
    expect(churnRateFromSubscriptions(subs, { period }).value).toBe(0);
  });

  const reactivation = {
    period,
    reactivation: "churned",
    denominator: "active-at-start-plus-new",
    newCustomerChurn: "include",
  } as const;

  it("reactivation churned: a new customer's coverage starts at their first start in the period", () => {
    // b bought a subscription in June 2024 (ended 1 July) and came back on 10 January 2025 for
    // good. In January b is new; from 10 January on there is no gap, so b has not churned. The
    // June subscription must not count as the start of b's coverage (its gap would churn b).
    const r = churnRateFromSubscriptions(
      [
        { customerId: "b", start: "2024-06-01T00:00:00Z", end: "2024-07-01T00:00:00Z" },
        { customerId: "b", start: "2025-01-10T00:00:00Z" },
      ],
      reactivation,
    );
    expect(r.newCustomers).toBe(1);
    expect(r.newChurned).toBe(0);
    expect(r.value).toBe(0);
  });

  it("reactivation churned: a new customer from exactly S with a gap later has churned", () => {
    // c: 1-5 January, then from 10 January on. New (not active just before S), covered from S =
    // 1 January until the 5th, then a gap: churned and reactivated, counted as churned.
    const r = churnRateFromSubscriptions(
      [
        { customerId: "c", start: "2025-01-01T00:00:00Z", end: "2025-01-05T00:00:00Z" },
        { customerId: "c", start: "2025-01-10T00:00:00Z" },
      ],
      reactivation,
    );
    expect(r.newCustomers).toBe(1);
    expect(r.newChurned).toBe(1);
    expect(r.value).toBe(1);
  });

  it('reactivation: a gap churns the customer only when reactivation is "churned"', () => {
    // e: at the start and at the end, with a gap 5-10 January. Default ("retained"): not churned.
    const subs = [
      { customerId: "e", start: "2024-06-01T00:00:00Z", end: "2025-01-05T00:00:00Z" },
      { customerId: "e", start: "2025-01-10T00:00:00Z" },
    ];
    expect(churnRateFromSubscriptions(subs, { period }).churned).toBe(0);
    expect(churnRateFromSubscriptions(subs, { period, reactivation: "churned" }).churned).toBe(1);
  });

  it("a customer lost by an ended subscription stays lost whatever the coverage", () => {
    // f: two subscriptions from June 2024, one ends 15 January, the other runs on: covered
    // without a gap, but "any-subscription-ended" has already counted f as churned.
    const subs = [
      { customerId: "f", start: "2024-06-01T00:00:00Z", end: "2025-01-15T00:00:00Z" },
      { customerId: "f", start: "2024-06-01T00:00:00Z" },
    ];
    const options = {
      period,
      churnWhen: "any-subscription-ended",
      reactivation: "churned",
    } as const;
    expect(churnRateFromSubscriptions(subs, options).churned).toBe(1);
  });

  it("reactivation churned: a short subscription inside a longer one does not shorten coverage", () => {
    // d: 20 Dec - 21 Jan, 2-3 Jan (inside the first), 16 Jan on. Sorted by start, coverage
    // reaches 21 Jan, stays there past the short one, and the third starts before it: no gap.
    const r = churnRateFromSubscriptions(
      [
        { customerId: "d", start: "2024-12-20T00:00:00Z", end: "2025-01-21T00:00:00Z" },
        { customerId: "d", start: "2025-01-02T00:00:00Z", end: "2025-01-03T00:00:00Z" },
        { customerId: "d", start: "2025-01-16T00:00:00Z" },
      ],
      reactivation,
    );
    expect(r.customersAtStart).toBe(1);
    expect(r.churned).toBe(0);
  });
});

describe("a Metric's compare passes the level through and compares the right share", () => {
  // a: 100 at the start, 10 churned (retention 0.9); b: 100 at the start, 20 churned (0.8).
  const tally = (churned: number): ChurnTally => ({
    customersAtStart: 100,
    customersAtEnd: 100 - churned,
    newCustomers: 0,
    retained: 100 - churned,
    churned,
    newChurned: 0,
  });
  it("churn, retention and customer retention", () => {
    const churn = churnMetric({ period: JAN }).compare?.(tally(10), tally(20), 0.8);
    expect(churn?.interval?.level).toBe(0.8);
    expect(churn?.difference).toBeCloseTo(-0.1, 12);
    const retention = retentionMetric({ period: JAN }).compare?.(tally(10), tally(20), 0.8);
    expect(retention?.interval?.level).toBe(0.8);
    expect(retention?.difference).toBeCloseTo(0.1, 12);
    const crr = customerRetentionMetric({ period: JAN }).compare?.(tally(10), tally(20), 0.8);
    expect(crr?.interval?.level).toBe(0.8);
    expect(crr?.difference).toBeCloseTo(0.1, 12);
  });
  it("repeat rate and repeat purchase rate", () => {
    const rr = repeatRateMetric({ period: JAN }).compare?.(
      { priorCustomers: 10, repeatCustomers: 5, periodCustomers: 5, newCustomers: 0 },
      { priorCustomers: 10, repeatCustomers: 2, periodCustomers: 2, newCustomers: 0 },
      0.8,
    );
    expect(rr?.interval?.level).toBe(0.8);
    expect(rr?.difference).toBeCloseTo(0.3, 12);
    const rp = repeatPurchaseRateMetric({ period: JAN }).compare?.(
      { customers: 10, repeatCustomers: 4 },
      { customers: 10, repeatCustomers: 1 },
      0.8,
    );
    expect(rp?.interval?.level).toBe(0.8);
    expect(rp?.difference).toBeCloseTo(0.3, 12);
  });
});
