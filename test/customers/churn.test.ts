import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type ChurnOptions,
  type ChurnResult,
  type ChurnTally,
  churnMetric,
  churnRate,
  churnRateFromSubscriptions,
  convertChurnRate,
  emptyChurnTally,
  mergeChurnTallies,
  retentionMetric,
  retentionRate,
  retentionRateFromSubscriptions,
  runMetric,
  type Subscription,
  safeChurnRate,
  safeChurnRateFromSubscriptions,
  safeConvertChurnRate,
  safeRetentionRate,
} from "../../src/index.ts";
import { inputErrorOf } from "../helpers.ts";
import { deepFreeze } from "./helpers.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const day = (d: number) => T0 + d * DAY;
const MARCH = { start: "2024-03-01T00:00:00Z", end: "2024-04-01T00:00:00Z" } as const;

describe("churnRate (counts)", () => {
  it("is churned / customers at start", () => {
    // Seed formula; ChartMogul's B2B example: 100 customers at start, 10 churned -> 10%.
    const r = churnRate({ customersAtStart: 100, churned: 10 });
    expect(r.value).toBe(0.1);
    expect(r.n).toBe(100);
    expect(r.reason).toBeNull();
    expect(r.period).toBeNull();
    expect(r.customersAtEnd).toBeNull();
    // Wilson 95% for 10/100, hand calculation with z = 1.959964: centre 0.114797, half-width
    // 0.059568; R: prop.test(10, 100, correct = FALSE)$conf.int = 0.05522914 0.17436566.
    expect(r.interval?.method).toBe("wilson");
    expect(r.interval?.lower).toBeCloseTo(0.05522914, 7);
    expect(r.interval?.upper).toBeCloseTo(0.17436566, 7);
    expect(r.warnings).toEqual([]);
  });

  it("uses the plus-new denominator (Stripe) and counts new churners by default with it", () => {
    const r = churnRate(
      { customersAtStart: 100, churned: 10, newCustomers: 20, newChurned: 2 },
      { denominator: "active-at-start-plus-new" },
    );
    // (10 + 2) / (100 + 20)
    expect(r.value).toBeCloseTo(0.1, 15);
    expect(r.n).toBe(120);
    expect(r.newCustomerChurn).toBe("include");
    const excluded = churnRate(
      { customersAtStart: 100, churned: 10, newCustomers: 20, newChurned: 2 },
      { denominator: "active-at-start-plus-new", newCustomerChurn: "exclude" },
    );
    expect(excluded.value).toBeCloseTo(10 / 120, 15);
  });

  it("labels the result with the period in its time zone", () => {
    const r = churnRate(
      { customersAtStart: 10, churned: 1 },
      { period: MARCH, timeZone: "Asia/Kolkata" },
    );
    expect(r.period).toEqual({
      start: "2024-03-01T05:30:00.000+05:30",
      end: "2024-04-01T05:30:00.000+05:30",
      timeZone: "Asia/Kolkata",
    });
  });

  it("gives null with a reason on a zero denominator, never NaN", () => {
    expect(churnRate({ customersAtStart: 0, churned: 0 })).toMatchObject({
      value: null,
      reason: "empty",
      interval: null,
    });
    const r = churnRate({ customersAtStart: 0, churned: 0, newCustomers: 3 });
    expect(r.reason).toBe("zero-denominator");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("warns on small samples", () => {
    const r = churnRate({ customersAtStart: 12, churned: 3 });
    expect(r.warnings.map((w) => w.code)).toEqual(["small-sample", "wide-interval"]);
    expect(r.warnings[0]?.message).toContain("12 customers");
  });

  it("retentionRate is 1 − churn with the complementary Wilson interval", () => {
    const r = retentionRate({ customersAtStart: 100, churned: 10 });
    expect(r.metric).toBe("retentionRate");
    expect(r.value).toBe(0.9);
    expect(r.interval?.lower).toBeCloseTo(1 - 0.17436566, 7);
    expect(r.interval?.upper).toBeCloseTo(1 - 0.05522914, 7);
    expect(retentionRate({ customersAtStart: 0, churned: 0 }).reason).toBe("empty");
  });

  it("rejects impossible counts and options with paths", () => {
    expect(
      inputErrorOf(() => churnRate({ customersAtStart: 5, churned: 6 })).issues[0]?.path,
    ).toEqual(["churned"]);
    expect(
      inputErrorOf(() => churnRate({ customersAtStart: 5.5, churned: 1 })).issues[0]?.path,
    ).toEqual(["customersAtStart"]);
    expect(
      inputErrorOf(() => churnRate({ customersAtStart: Number.NaN, churned: 1 })).issues[0]?.path,
    ).toEqual(["customersAtStart"]);
    expect(
      inputErrorOf(() =>
        churnRate({ customersAtStart: 5, churned: 1 }, { denominator: "active-at-start-plus-new" }),
      ).issues[0]?.path,
    ).toEqual(["newCustomers"]);
    expect(
      inputErrorOf(() =>
        churnRate(
          { customersAtStart: 5, churned: 1, newCustomers: 1, newChurned: 2 },
          { denominator: "active-at-start-plus-new" },
        ),
      ).issues[0]?.path,
    ).toEqual(["newChurned"]);
    const e = inputErrorOf(() =>
      churnRate({ customersAtStart: 5, churned: 1 }, { newCustomerChurn: "include" }),
    );
    expect(e.issues[0]?.path).toEqual(["options", "newCustomerChurn"]);
    expect(
      inputErrorOf(() => churnRate({ customersAtStart: 5, churned: 1 }, { level: 1 })).issues[0]
        ?.path,
    ).toEqual(["options", "level"]);
    expect(
      inputErrorOf(() =>
        // @ts-expect-error: an unknown option is an error
        churnRate({ customersAtStart: 5, churned: 1 }, { denominatr: "active-at-start" }),
      ).issues[0]?.code,
    ).toBe("unrecognized_keys");
    expect(safeChurnRate({ customersAtStart: 1, churned: 2 }).ok).toBe(false);
    expect(safeRetentionRate({ customersAtStart: 1, churned: 2 }).ok).toBe(false);
    expect(safeChurnRate({ customersAtStart: 2, churned: 1 })).toMatchObject({ ok: true });
  });
});

describe("churnRateFromSubscriptions: the ChartMogul B2B example", () => {
  // ChartMogul help, "Customer Churn Rate": 100 customers at the start of the month, 11 cancel
  // during it, one of whom joined in the same month -> 10 / 100 = 10%.
  const subs: Subscription[] = [];
  for (let i = 0; i < 100; i++) {
    subs.push({
      customerId: `c${i}`,
      start: "2023-06-01T00:00:00Z",
      end: i < 10 ? `2024-03-${String(10 + i).padStart(2, "0")}T12:00:00Z` : null,
    });
  }
  subs.push({ customerId: "new", start: "2024-03-05T00:00:00Z", end: "2024-03-25T00:00:00Z" });
  deepFreeze(subs);

  it("counts 10 / 100 by default (joined-and-churned excluded)", () => {
    const r = churnRateFromSubscriptions(subs, { period: MARCH });
    expect(r).toMatchObject({
      metric: "churnRate",
      value: 0.1,
      n: 100,
      customersAtStart: 100,
      churned: 10,
      newCustomers: 1,
      newChurned: 1,
      customersAtEnd: 90,
      retained: 90,
      denominator: "active-at-start",
      newCustomerChurn: "exclude",
    });
  });

  it("counts 11 / 101 with Stripe's denominator (start + new)", () => {
    const r = churnRateFromSubscriptions(subs, {
      period: MARCH,
      denominator: "active-at-start-plus-new",
    });
    expect(r.value).toBeCloseTo(11 / 101, 15);
  });

  it("retention from subscriptions is 1 − churn", () => {
    expect(retentionRateFromSubscriptions(subs, { period: MARCH }).value).toBeCloseTo(0.9, 15);
  });
});

describe("churn rules", () => {
  const period = { start: day(30), end: day(60) };

  it("a customer who cancels one of two subscriptions has not churned (default)", () => {
    const subs = deepFreeze([
      { customerId: "a", start: day(0), end: day(40) },
      { customerId: "a", start: day(10) },
      { customerId: "b", start: day(0) },
    ]);
    expect(churnRateFromSubscriptions(subs, { period }).churned).toBe(0);
    const any = churnRateFromSubscriptions(subs, { period, churnWhen: "any-subscription-ended" });
    expect(any.churned).toBe(1);
    expect(any.value).toBe(0.5);
  });

  it("a customer who leaves and comes back in the period is retained unless told otherwise", () => {
    const subs = deepFreeze([
      { customerId: "a", start: day(0), end: day(40) },
      { customerId: "a", start: day(45) },
    ]);
    expect(churnRateFromSubscriptions(subs, { period }).value).toBe(0);
    expect(churnRateFromSubscriptions(subs, { period, reactivation: "churned" }).value).toBe(1);
  });

  it("back-to-back renewals are continuous, at the period start and inside it", () => {
    const subs = deepFreeze([
      { customerId: "a", start: day(0), end: day(30) },
      { customerId: "a", start: day(30), end: day(45) },
      { customerId: "a", start: day(45), end: day(90) },
    ]);
    const r = churnRateFromSubscriptions(subs, { period, reactivation: "churned" });
    expect(r).toMatchObject({ customersAtStart: 1, churned: 0, newCustomers: 0, value: 0 });
  });

  it("a new customer who leaves and returns counts once, and only with the rules that count them", () => {
    const subs = deepFreeze([
      { customerId: "n", start: day(35), end: day(40) },
      { customerId: "n", start: day(50) },
      { customerId: "s", start: day(0) },
    ]);
    const stripe = { period, denominator: "active-at-start-plus-new" } as const;
    expect(churnRateFromSubscriptions(subs, stripe)).toMatchObject({
      n: 2,
      newChurned: 0,
      value: 0,
    });
    expect(churnRateFromSubscriptions(subs, { ...stripe, reactivation: "churned" })).toMatchObject({
      newChurned: 1,
      value: 0.5,
    });
  });

  it("rejects include with the active-at-start denominator", () => {
    const e = inputErrorOf(() =>
      churnRateFromSubscriptions([], { period, newCustomerChurn: "include" }),
    );
    expect(e.issues[0]?.path).toEqual(["options", "newCustomerChurn"]);
  });
});

describe("period boundaries (start included, end excluded)", () => {
  const period = { start: day(30), end: day(60) };

  it("a subscription ending exactly at the period end has churned in it", () => {
    const r = churnRateFromSubscriptions([{ customerId: "a", start: day(0), end: day(60) }], {
      period,
    });
    expect(r).toMatchObject({ customersAtStart: 1, churned: 1, customersAtEnd: 0 });
  });

  it("one ending exactly at the period start belongs to the previous period", () => {
    const subs = [{ customerId: "a", start: day(0), end: day(30) }];
    expect(churnRateFromSubscriptions(subs, { period })).toMatchObject({
      value: null,
      reason: "empty",
      customersAtStart: 0,
    });
    const previous = churnRateFromSubscriptions(subs, { period: { start: day(0), end: day(30) } });
    expect(previous).toMatchObject({ newCustomers: 1, newChurned: 1 });
  });

  it("one starting exactly at the period start is new in it; at the period end, not in it", () => {
    const atStart = churnRateFromSubscriptions([{ customerId: "a", start: day(30) }], { period });
    expect(atStart).toMatchObject({ customersAtStart: 0, newCustomers: 1, customersAtEnd: 1 });
    expect(atStart.reason).toBe("zero-denominator");
    const atEnd = churnRateFromSubscriptions([{ customerId: "a", start: day(60) }], { period });
    expect(atEnd).toMatchObject({
      customersAtStart: 0,
      newCustomers: 0,
      customersAtEnd: 0,
      reason: "empty",
    });
  });

  it("zero-length subscriptions are never active", () => {
    const r = churnRateFromSubscriptions([{ customerId: "a", start: day(40), end: day(40) }], {
      period,
    });
    expect(r.reason).toBe("empty");
  });

  it("an empty period gives null, not an error", () => {
    const r = churnRateFromSubscriptions([], { period });
    expect(r).toMatchObject({ value: null, reason: "empty", n: 0, interval: null });
    expect(r.warnings[0]?.code).toBe("empty");
  });

  it("a reversed or empty period is an input error naming options.period.end", () => {
    for (const bad of [
      { start: day(60), end: day(30) },
      { start: day(30), end: day(30) },
    ]) {
      const e = inputErrorOf(() => churnRateFromSubscriptions([], { period: bad }));
      expect(e.issues[0]?.path).toEqual(["options", "period", "end"]);
      expect(safeChurnRateFromSubscriptions([], { period: bad }).ok).toBe(false);
    }
  });

  it("month ends: a period from Jan 31 to Jan 31 + 1 month (Feb 29 in 2024)", () => {
    // addMonths clamps: 2024-01-31 + 1 month = 2024-02-29; a subscription ending on Feb 29 at
    // midnight ends exactly at the period end, so it churned in the period.
    const period2 = { start: "2024-01-31T00:00:00Z", end: "2024-02-29T00:00:00Z" };
    const r = churnRateFromSubscriptions(
      [
        { customerId: "a", start: "2024-01-01T00:00:00Z", end: "2024-02-29T00:00:00Z" },
        { customerId: "b", start: "2024-01-01T00:00:00Z", end: "2024-02-29T00:00:00.001Z" },
      ],
      { period: period2 },
    );
    expect(r).toMatchObject({ customersAtStart: 2, churned: 1, value: 0.5 });
  });

  it("a DST day in America/New_York is 23 hours and reported with both offsets", () => {
    const period2 = { start: "2024-03-10T00:00:00-05:00", end: "2024-03-11T00:00:00-04:00" };
    const r = churnRateFromSubscriptions(
      [
        { customerId: "a", start: "2024-01-01T00:00:00Z", end: "2024-03-10T23:30:00-04:00" },
        { customerId: "b", start: "2024-01-01T00:00:00Z", end: "2024-03-11T00:00:00-04:00" },
        { customerId: "c", start: "2024-01-01T00:00:00Z", end: "2024-03-11T00:30:00-04:00" },
      ],
      { period: period2, timeZone: "America/New_York" },
    );
    // a ends inside, b exactly at the end (churned in this day), c after it.
    expect(r).toMatchObject({ customersAtStart: 3, churned: 2 });
    expect(r.period).toEqual({
      start: "2024-03-10T00:00:00.000-05:00",
      end: "2024-03-11T00:00:00.000-04:00",
      timeZone: "America/New_York",
    });
  });
});

describe("input errors", () => {
  const period = { start: day(30), end: day(60) };
  const cases: [string, unknown[], (string | number)[]][] = [
    ["offset-less ISO start", [{ customerId: "a", start: "2025-01-01T00:00:00" }], [0, "start"]],
    [
      "invalid date",
      [
        { customerId: "a", start: day(0) },
        { customerId: "b", start: "2025-02-30T00:00:00Z" },
      ],
      [1, "start"],
    ],
    ["NaN start", [{ customerId: "a", start: Number.NaN }], [0, "start"]],
    [
      "end before start",
      [
        { customerId: "a", start: day(0) },
        { customerId: "a", start: day(0) },
        { customerId: "a", start: day(5), end: day(4) },
      ],
      [2, "end"],
    ],
    ["missing customerId", [{ start: day(0) }], [0, "customerId"]],
    ["empty customerId", [{ customerId: "", start: day(0) }], [0, "customerId"]],
    ["null record", [null], [0]],
    ["negative mrr", [{ customerId: "a", start: day(0), mrr: -1 }], [0, "mrr"]],
  ];
  for (const [name, records, path] of cases) {
    it(`${name} -> ${JSON.stringify(path)}`, () => {
      const e = inputErrorOf(() =>
        churnRateFromSubscriptions(records as Subscription[], { period }),
      );
      expect(e.issues[0]?.path).toEqual(path);
      expect(safeChurnRateFromSubscriptions(records as Subscription[], { period }).ok).toBe(false);
    });
  }

  it("options: missing period, bad zone, bad rule, unknown key, not an array", () => {
    const none = inputErrorOf(() => churnRateFromSubscriptions([], {} as ChurnOptions));
    expect(none.issues[0]?.path).toEqual(["options", "period"]);
    const zone = inputErrorOf(() =>
      churnRateFromSubscriptions([], { period, timeZone: "Mars/Base" }),
    );
    expect(zone.issues[0]?.path).toEqual(["options", "timeZone"]);
    const endless = inputErrorOf(() =>
      churnRateFromSubscriptions([], { period: { start: day(0), end: "2025-03-01" } }),
    );
    expect(endless.issues[0]?.path).toEqual(["options", "period", "end"]);
    const rule = inputErrorOf(() =>
      churnRateFromSubscriptions([], {
        period,
        churnWhen: "sometimes" as "any-subscription-ended",
      }),
    );
    expect(rule.issues[0]?.path).toEqual(["options", "churnWhen"]);
    const array = inputErrorOf(() =>
      churnRateFromSubscriptions("nope" as unknown as Subscription[], { period }),
    );
    expect(array.issues[0]?.path).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const subscriptionArb = fc.record({
  customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", 1, 2, 3),
  startDay: fc.integer({ min: 0, max: 90 }),
  days: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
});
const subsArb = fc.array(subscriptionArb, { maxLength: 30 }).map((rows) =>
  rows.map(
    (r): Subscription => ({
      customerId: r.customerId,
      start: day(r.startDay),
      end: r.days === null ? null : day(r.startDay + r.days),
    }),
  ),
);
const rulesArb = fc.record({
  denominator: fc.constantFrom("active-at-start", "active-at-start-plus-new" as const),
  churnWhen: fc.constantFrom("no-active-subscription", "any-subscription-ended" as const),
  reactivation: fc.constantFrom("retained", "churned" as const),
});

/** Reference by brute force: status is constant between event instants, so test each one. */
function bruteForce(subs: readonly Subscription[], s: number, e: number) {
  const by = new Map<unknown, [number, number][]>();
  for (const x of subs) {
    const list = by.get(x.customerId) ?? [];
    list.push([Number(x.start), x.end == null ? Number.POSITIVE_INFINITY : Number(x.end)]);
    by.set(x.customerId, list);
  }
  let atStart = 0;
  let churned = 0;
  let churnedWithGaps = 0;
  let fresh = 0;
  for (const list of by.values()) {
    const active = (t: number) => list.some(([a, b]) => a <= t && t < b);
    const before = (t: number) => list.some(([a, b]) => a < t && t <= b);
    const inStart = active(s) && before(s);
    const inEnd = active(e) && before(e);
    const inPeriod = list.some(([a, b]) => a < b && a < e && b > s);
    if (inStart) atStart++;
    else if (inPeriod) fresh++;
    if (!inStart) continue;
    if (!inEnd) churned++;
    const points = [s, e, ...list.flat()].filter((t) => t >= s && t <= e);
    if (!points.every(active) || !inEnd) churnedWithGaps++;
  }
  return { atStart, churned, churnedWithGaps, fresh };
}

describe("properties", () => {
  const period = { start: day(30), end: day(60) };

  test.prop([subsArb, rulesArb])(
    "rates are in [0, 1] with the interval around them",
    (subs, rules) => {
      const r = churnRateFromSubscriptions(subs, { period, ...rules });
      if (r.value === null) {
        expect(r.n).toBe(0);
        return;
      }
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      expect(r.interval?.lower).toBeLessThanOrEqual(r.value + 1e-12);
      expect(r.interval?.upper).toBeGreaterThanOrEqual(r.value - 1e-12);
      const kept = retentionRateFromSubscriptions(subs, { period, ...rules });
      expect((kept.value ?? 0) + r.value).toBeCloseTo(1, 12);
    },
  );

  test.prop([subsArb])("matches a brute-force reading of the definitions", (subs) => {
    const ref = bruteForce(subs, period.start, period.end);
    const r = churnRateFromSubscriptions(subs, { period });
    expect(r.customersAtStart).toBe(ref.atStart);
    expect(r.churned).toBe(ref.churned);
    expect(r.newCustomers).toBe(ref.fresh);
    const gaps = churnRateFromSubscriptions(subs, { period, reactivation: "churned" });
    expect(gaps.churned).toBe(ref.churnedWithGaps);
  });

  test.prop([subsArb, fc.integer({ min: 2, max: 4 }), rulesArb])(
    "tallies of customer groups merge to the tally of all",
    (subs, groups, rules) => {
      const metric = churnMetric({ period, ...rules });
      const states = Array.from({ length: groups }, () => metric.init());
      const whole = metric.init();
      subs.forEach((s, i) => {
        const g = String(s.customerId).charCodeAt(0) % groups;
        metric.add(states[g] ?? whole, s, i);
        metric.add(whole, s, i);
      });
      const merged = states
        .map((st) => metric.tally(st))
        .reduce(mergeChurnTallies, emptyChurnTally());
      expect(merged).toEqual(metric.tally(whole));
      expect(metric.finalize(merged)).toEqual(metric.finalize(metric.tally(whole)));
      expect(mergeChurnTallies(emptyChurnTally(), merged)).toEqual(merged);
    },
  );

  test.prop([
    subsArb,
    fc.array(fc.double({ noNaN: true }), { minLength: 30, maxLength: 30 }),
    rulesArb,
  ])("does not depend on record order", (subs, keys, rules) => {
    const shuffled = subs
      .map((s, i) => ({ s, k: keys[i] ?? 0 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.s);
    expect(churnRateFromSubscriptions(shuffled, { period, ...rules })).toEqual(
      churnRateFromSubscriptions(subs, { period, ...rules }),
    );
  });

  test.prop([subsArb])("period counts chain: end of one period = start of the next", (subs) => {
    const p1 = churnRateFromSubscriptions(subs, { period: { start: day(20), end: day(45) } });
    const p2 = churnRateFromSubscriptions(subs, { period: { start: day(45), end: day(70) } });
    expect(p1.customersAtEnd).toBe(p2.customersAtStart);
    // Flow under the default rules: end = start − churned + new − new churned.
    expect(p1.customersAtEnd).toBe(
      p1.customersAtStart - p1.churned + p1.newCustomers - p1.newChurned,
    );
  });

  test.prop([subsArb])("stricter rules never count fewer churned customers", (subs) => {
    const base = churnRateFromSubscriptions(subs, { period }).churned;
    expect(
      churnRateFromSubscriptions(subs, { period, churnWhen: "any-subscription-ended" }).churned,
    ).toBeGreaterThanOrEqual(base);
    expect(
      churnRateFromSubscriptions(subs, { period, reactivation: "churned" }).churned,
    ).toBeGreaterThanOrEqual(base);
  });

  it("the Metric protocol gives the same result as the function", () => {
    const subs = deepFreeze([
      { customerId: "a", start: day(0), end: day(40) },
      { customerId: "b", start: day(0) },
    ]);
    expect(runMetric(churnMetric({ period }), subs)).toEqual(
      churnRateFromSubscriptions(subs, { period }),
    );
    expect(runMetric(retentionMetric({ period }), subs).value).toBe(0.5);
    const m = churnMetric({ period });
    const c = m.compare?.(
      { ...emptyChurnTally(), customersAtStart: 70, churned: 56 },
      { ...emptyChurnTally(), customersAtStart: 80, churned: 48 },
      0.95,
    );
    // Newcombe hybrid score interval for 56/70 − 48/80 (Newcombe 1998, method 10): 0.0524 to 0.3339.
    expect(c?.difference).toBeCloseTo(0.2, 12);
    expect(c?.interval?.lower).toBeCloseTo(0.0524, 4);
  });
});

describe("convertChurnRate", () => {
  it("compounds monthly to annual and back", () => {
    // 1 − 0.95^12 = 1 − 0.540360087662636 = 0.459639912337364 (hand calculation).
    expect(convertChurnRate(0.05, { from: 1, to: 12 })).toBeCloseTo(0.459639912337364, 14);
    expect(convertChurnRate(0.459639912337364, { from: 12, to: 1 })).toBeCloseTo(0.05, 14);
    expect(convertChurnRate(0.05, { from: "month", to: "year" })).toBeCloseTo(
      0.459639912337364,
      14,
    );
    // A quarter is three months: 1 − 0.9^3 = 0.271.
    expect(convertChurnRate(0.1, { from: "month", to: "quarter" })).toBeCloseTo(0.271, 14);
    expect(convertChurnRate(0, { from: 1, to: 12 })).toBe(0);
    expect(convertChurnRate(1, { from: 12, to: 1 })).toBe(1);
  });

  test.prop([
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0.1, max: 50, noNaN: true }),
  ])("round trips and stays in [0, 1]", (rate, k) => {
    const there = convertChurnRate(rate, { from: 1, to: k });
    expect(there).toBeGreaterThanOrEqual(0);
    expect(there).toBeLessThanOrEqual(1);
    // The way back is ill-conditioned when `there` is near 1: one rounding step in `there`
    // (relative size ε) moves the answer by about (1 − rate) · ε / (k · (1 − there)), from
    // rate = 1 − (1 − there)^(1/k). The tolerance is that bound with room for a few roundings.
    if (there < 1) {
      const back = convertChurnRate(there, { from: k, to: 1 });
      const bound = 1e-12 + (16 * Number.EPSILON * (1 - rate)) / (k * (1 - there));
      expect(Math.abs(back - rate)).toBeLessThanOrEqual(bound);
    }
  });

  it("rejects bad input", () => {
    expect(inputErrorOf(() => convertChurnRate(1.5, { from: 1, to: 12 })).issues[0]?.path).toEqual(
      [],
    );
    expect(inputErrorOf(() => convertChurnRate(0.1, { from: 0, to: 12 })).issues[0]?.path).toEqual([
      "options",
      "from",
    ]);
    expect(
      inputErrorOf(() => convertChurnRate(0.1, { from: 1, to: "year" })).issues[0]?.path,
    ).toEqual(["options", "to"]);
    expect(safeConvertChurnRate(0.1, { from: "month", to: "decade" as "year" }).ok).toBe(false);
  });
});

describe("types", () => {
  it("has the documented signatures", () => {
    expectTypeOf(churnRateFromSubscriptions<Subscription>).returns.toEqualTypeOf<ChurnResult>();
    expectTypeOf(emptyChurnTally).returns.toEqualTypeOf<ChurnTally>();
    expectTypeOf(convertChurnRate).returns.toBeNumber();
  });
});
