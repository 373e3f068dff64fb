import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  emptyMrrChurnTally,
  MetricsInputError,
  mergeMrrChurnTallies,
  mrrChurn,
  mrrChurnFromSubscriptions,
  mrrChurnMetric,
  type Subscription,
  safeMrrChurn,
  safeMrrChurnFromSubscriptions,
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

describe("mrrChurn (totals)", () => {
  it("reproduces ChartMogul's worked example", () => {
    // ChartMogul help, "MRR Churn Rate": $100 MRR at the start, $10 churn, $10 contraction,
    // $10 expansion -> gross 20%, net 10%.
    const r = mrrChurn({ startingMrr: 100, churnedMrr: 10, contractionMrr: 10, expansionMrr: 10 });
    expect(r.value).toBeCloseTo(0.2, 15);
    expect(r.grossMrrChurnRate).toBeCloseTo(0.2, 15);
    expect(r.netMrrChurnRate).toBeCloseTo(0.1, 15);
    // NRR = (100 + 10 − 10 − 10) / 100; GRR = (100 − 10 − 10) / 100.
    expect(r.netRevenueRetention).toBeCloseTo(0.9, 15);
    expect(r.grossRevenueRetention).toBeCloseTo(0.8, 15);
    expect(r.n).toBeNull();
    expect(r.endingMrr).toBeNull();
  });

  it("offsets reactivation in the net churn only (ChartMogul), and can go negative", () => {
    const r = mrrChurn({ startingMrr: 200, churnedMrr: 10, expansionMrr: 30, reactivationMrr: 20 });
    // (10 − 30 − 20) / 200 = −0.2; NRR = (200 + 30 − 10) / 200 = 1.1.
    expect(r.netMrrChurnRate).toBeCloseTo(-0.2, 15);
    expect(r.netRevenueRetention).toBeCloseTo(1.1, 15);
  });

  it("gives null on zero starting MRR", () => {
    expect(mrrChurn({ startingMrr: 0, churnedMrr: 0 })).toMatchObject({
      value: null,
      reason: "empty",
    });
    expect(mrrChurn({ startingMrr: 0, churnedMrr: 0, newMrr: 5 })).toMatchObject({
      value: null,
      reason: "zero-denominator",
      netRevenueRetention: null,
    });
  });

  it("rejects impossible totals and options", () => {
    expect(pathOf(() => mrrChurn({ startingMrr: 10, churnedMrr: 8, contractionMrr: 3 }))).toEqual([
      "churnedMrr",
    ]);
    expect(pathOf(() => mrrChurn({ startingMrr: -1, churnedMrr: 0 }))).toEqual(["startingMrr"]);
    expect(
      pathOf(() => mrrChurn({ startingMrr: 1, churnedMrr: Number.POSITIVE_INFINITY })),
    ).toEqual(["churnedMrr"]);
    expect(
      pathOf(() => mrrChurn({ startingMrr: 1, churnedMrr: 0 }, { minSampleSize: -1 })),
    ).toEqual(["options", "minSampleSize"]);
    expect(safeMrrChurn({ startingMrr: 1, churnedMrr: 2 }).ok).toBe(false);
    // Money totals that match up to rounding pass: 0.1 + 0.2 > 0.3 in binary floating point.
    expect(
      mrrChurn({ startingMrr: 0.3, churnedMrr: 0.1, contractionMrr: 0.2 }).grossMrrChurnRate,
    ).toBe(1);
  });
});

describe("mrrChurnFromSubscriptions", () => {
  // Hand example, period [day 30, day 60):
  // a: 100 until day 40, then 150 (back to back)  -> expansion 50
  // b: 100 and 50 at the start; the 50 ends day 45 -> contraction 50 (b keeps a subscription)
  // c: 80, ends day 50                              -> churn 80
  // d: 60, ended day 10, back on day 50 at 70      -> reactivation 70
  // e: new on day 35 at 40                          -> new 40
  // f: new on day 36, ends day 50 at 99             -> nothing at either instant
  const subs: Subscription[] = deepFreeze([
    { customerId: "a", start: day(0), end: day(40), mrr: 100 },
    { customerId: "a", start: day(40), mrr: 150 },
    { customerId: "b", start: day(0), mrr: 100 },
    { customerId: "b", start: day(0), end: day(45), mrr: 50 },
    { customerId: "c", start: day(0), end: day(50), mrr: 80 },
    { customerId: "d", start: day(0), end: day(10), mrr: 60 },
    { customerId: "d", start: day(50), mrr: 70 },
    { customerId: "e", start: day(35), mrr: 40 },
    { customerId: "f", start: day(36), end: day(50), mrr: 99 },
  ]);

  it("classifies every movement", () => {
    const r = mrrChurnFromSubscriptions(subs, { period });
    expect(r).toMatchObject({
      n: 3,
      startingMrr: 330,
      endingMrr: 100 + 150 + 70 + 40,
      expansionMrr: 50,
      contractionMrr: 50,
      churnedMrr: 80,
      reactivationMrr: 70,
      newMrr: 40,
    });
    // Hand: gross (80 + 50) / 330; net (80 + 50 − 50 − 70) / 330; NRR (330 + 50 − 130) / 330.
    expect(r.grossMrrChurnRate).toBeCloseTo(130 / 330, 15);
    expect(r.netMrrChurnRate).toBeCloseTo(10 / 330, 15);
    expect(r.netRevenueRetention).toBeCloseTo(250 / 330, 15);
    expect(r.grossRevenueRetention).toBeCloseTo(200 / 330, 15);
    expect(r.warnings[0]?.code).toBe("small-sample");
  });

  it("needs mrr on every subscription, and rejects bad records and periods", () => {
    expect(
      pathOf(() => mrrChurnFromSubscriptions([{ customerId: "a", start: day(0) }], { period })),
    ).toEqual([0, "mrr"]);
    expect(
      pathOf(() =>
        mrrChurnFromSubscriptions([{ customerId: "a", start: day(0), mrr: Number.NaN }], {
          period,
        }),
      ),
    ).toEqual([0, "mrr"]);
    expect(
      pathOf(() => mrrChurnFromSubscriptions([], { period: { start: day(2), end: day(1) } })),
    ).toEqual(["options", "period", "end"]);
    expect(
      safeMrrChurnFromSubscriptions([{ customerId: "a", start: "yesterday", mrr: 1 }], { period })
        .ok,
    ).toBe(false);
  });

  it("an empty period gives null", () => {
    expect(mrrChurnFromSubscriptions([], { period })).toMatchObject({
      value: null,
      reason: "empty",
    });
  });

  const arb = fc
    .array(
      fc.record({
        customerId: fc.constantFrom("a", "b", "c", "d", "e"),
        startDay: fc.integer({ min: 0, max: 80 }),
        days: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
        mrr: fc.integer({ min: 0, max: 500 }),
      }),
      { maxLength: 25 },
    )
    .map((rows) =>
      rows.map((r) => ({
        customerId: r.customerId,
        start: day(r.startDay),
        end: r.days === null ? null : day(r.startDay + r.days),
        mrr: r.mrr,
      })),
    );

  test.prop([arb])("rates are bounded and MRR balances", (rows) => {
    const r = mrrChurnFromSubscriptions(rows, { period });
    // Ending MRR = starting + new + reactivation + expansion − contraction − churn.
    const balance =
      r.startingMrr +
      r.newMrr +
      r.reactivationMrr +
      r.expansionMrr -
      r.contractionMrr -
      r.churnedMrr;
    expect(r.endingMrr).toBeCloseTo(balance, 9);
    if (r.grossMrrChurnRate === null) return;
    expect(r.grossMrrChurnRate).toBeGreaterThanOrEqual(0);
    expect(r.grossMrrChurnRate).toBeLessThanOrEqual(1);
    expect(r.grossRevenueRetention).toBeCloseTo(1 - r.grossMrrChurnRate, 12);
  });

  test.prop([arb])("tallies of customer groups merge to the whole", (rows) => {
    const metric = mrrChurnMetric({ period });
    const vowels = metric.init();
    const others = metric.init();
    const whole = metric.init();
    rows.forEach((s, i) => {
      metric.add(s.customerId === "a" || s.customerId === "e" ? vowels : others, s, i);
      metric.add(whole, s, i);
    });
    const merged = mergeMrrChurnTallies(
      mergeMrrChurnTallies(metric.tally(vowels), emptyMrrChurnTally()),
      metric.tally(others),
    );
    const a = metric.finalize(merged);
    const b = metric.finalize(metric.tally(whole));
    expect(a.startingMrr).toBeCloseTo(b.startingMrr, 9);
    expect(a.churnedMrr).toBeCloseTo(b.churnedMrr, 9);
    expect(a.n).toBe(b.n);
    expect(a.grossMrrChurnRate ?? -1).toBeCloseTo(b.grossMrrChurnRate ?? -1, 12);
  });
});
