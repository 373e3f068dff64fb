import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  churnRateFromSubscriptions,
  customerRetentionMetric,
  customerRetentionRate,
  customerRetentionRateFromSubscriptions,
  emptyChurnTally,
  MetricsInputError,
  mergeChurnTallies,
  type Subscription,
  safeCustomerRetentionRate,
  safeCustomerRetentionRateFromSubscriptions,
} from "../../src/index.ts";
import { deepFreeze } from "./helpers.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const day = (d: number) => T0 + d * DAY;
const period = { start: day(30), end: day(60) };

function pathOf(run: () => unknown): (string | number)[] | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MetricsInputError) return [...(error.issues[0]?.path ?? [])];
    throw error;
  }
  return undefined;
}

describe("customerRetentionRate (counts)", () => {
  it("is (E − N) / S", () => {
    // Hand calculation: 200 at the start, 190 at the end of whom 20 are new -> 170 / 200.
    const r = customerRetentionRate({
      customersAtStart: 200,
      customersAtEnd: 190,
      newCustomers: 20,
    });
    expect(r.value).toBeCloseTo(0.85, 15);
    expect(r.n).toBe(200);
    // Wilson 95% for 170/200, the score formula evaluated separately (Python, z = 1.959964):
    // centre (p + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p(1−p)/n + z²/4n²):
    // 0.7939442 to 0.8928641 (R: prop.test(170, 200, correct = FALSE)$conf.int).
    expect(r.interval?.lower).toBeCloseTo(0.7939442, 6);
    expect(r.interval?.upper).toBeCloseTo(0.8928641, 6);
  });

  it("gives null on zero customers at start", () => {
    expect(
      customerRetentionRate({ customersAtStart: 0, customersAtEnd: 0, newCustomers: 0 }).reason,
    ).toBe("empty");
    expect(
      customerRetentionRate({ customersAtStart: 0, customersAtEnd: 4, newCustomers: 4 }).reason,
    ).toBe("zero-denominator");
  });

  it("rejects counts that cannot be", () => {
    expect(
      pathOf(() =>
        customerRetentionRate({ customersAtStart: 10, customersAtEnd: 5, newCustomers: 6 }),
      ),
    ).toEqual(["newCustomers"]);
    expect(
      pathOf(() =>
        customerRetentionRate({ customersAtStart: 10, customersAtEnd: 25, newCustomers: 5 }),
      ),
    ).toEqual(["customersAtEnd"]);
    expect(
      pathOf(() =>
        customerRetentionRate({ customersAtStart: -1, customersAtEnd: 0, newCustomers: 0 }),
      ),
    ).toEqual(["customersAtStart"]);
    expect(
      safeCustomerRetentionRate({ customersAtStart: 1, customersAtEnd: 0, newCustomers: 1 }).ok,
    ).toBe(false);
  });
});

describe("customerRetentionRateFromSubscriptions", () => {
  it("counts E and N from the snapshots", () => {
    const subs = deepFreeze([
      { customerId: "a", start: day(0) },
      { customerId: "b", start: day(0), end: day(40) },
      { customerId: "c", start: day(35) },
      { customerId: "d", start: day(36), end: day(45) },
    ]);
    const r = customerRetentionRateFromSubscriptions(subs, { period });
    // S = {a, b}; E = {a, c}; N (new and present at the end) = {c}: (2 − 1) / 2.
    expect(r).toMatchObject({
      customersAtStart: 2,
      customersAtEnd: 2,
      newCustomers: 1,
      value: 0.5,
    });
    expect(
      safeCustomerRetentionRateFromSubscriptions(subs, { period: { start: day(2), end: day(1) } })
        .ok,
    ).toBe(false);
  });

  const arb = fc
    .array(
      fc.record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
        startDay: fc.integer({ min: 0, max: 80 }),
        days: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      }),
      { maxLength: 25 },
    )
    .map((rows) =>
      rows.map(
        (r): Subscription => ({
          customerId: r.customerId,
          start: day(r.startDay),
          end: r.days === null ? null : day(r.startDay + r.days),
        }),
      ),
    );

  test.prop([arb])("equals 1 − the default churn rate, in [0, 1]", (subs) => {
    const crr = customerRetentionRateFromSubscriptions(subs, { period });
    const churn = churnRateFromSubscriptions(subs, { period });
    if (churn.value === null) {
      expect(crr.value).toBeNull();
      return;
    }
    expect(crr.value).toBeCloseTo(1 - churn.value, 12);
    expect(crr.value).toBeGreaterThanOrEqual(0);
    expect(crr.value).toBeLessThanOrEqual(1);
  });

  test.prop([arb])("tallies of customer groups merge to the whole", (subs) => {
    const metric = customerRetentionMetric({ period });
    const g1 = metric.init();
    const g2 = metric.init();
    const whole = metric.init();
    subs.forEach((s, i) => {
      metric.add(s.customerId < "c" ? g1 : g2, s, i);
      metric.add(whole, s, i);
    });
    const merged = mergeChurnTallies(
      mergeChurnTallies(emptyChurnTally(), metric.tally(g1)),
      metric.tally(g2),
    );
    expect(metric.finalize(merged)).toEqual(metric.finalize(metric.tally(whole)));
  });
});
