import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import {
  type ClickThroughRateResult,
  type ClickThroughTally,
  clickThroughCountsSchema,
  clickThroughRate,
  clickThroughRateFromRecords,
  clickThroughRateMetric,
  emptyClickThroughTally,
  mergeClickThroughTallies,
  safeClickThroughRate,
  safeClickThroughRateFromRecords,
} from "../../src/engagement/click-through-rate.ts";
import {
  type ConversionRateResult,
  conversionCountsSchema,
  conversionRate,
  conversionRateFromRecords,
  conversionRateMetric,
  emptyConversionTally,
  mergeConversionTallies,
  safeConversionRate,
  safeConversionRateFromRecords,
} from "../../src/engagement/conversion-rate.ts";
import {
  emptyOpenRateTally,
  mergeOpenRateTallies,
  type OpenRateResult,
  openRate,
  openRateCountsSchema,
  openRateFromRecords,
  openRateMetric,
  safeOpenRate,
  safeOpenRateFromRecords,
} from "../../src/engagement/open-rate.ts";
import {
  engagementCountSchema,
  engagementEventSchema,
  type RateOptions,
} from "../../src/engagement/rate.ts";
import {
  emptyReferralTally,
  mergeReferralTallies,
  type ReferralRateResult,
  referralCountsSchema,
  referralRate,
  referralRateFromRecords,
  referralRateMetric,
  safeReferralRate,
  safeReferralRateFromRecords,
} from "../../src/engagement/referral-rate.ts";
import type { SafeResult } from "../../src/errors.ts";
import { type Metric, runMetric } from "../../src/metric.ts";
import type { Interval, Warning } from "../../src/result.ts";
import {
  anyValue,
  deepFreeze,
  expectInputError,
  jsonRoundTrip,
  splits,
  withShuffle,
} from "./helpers.ts";

// ---------------------------------------------------------------------------------------------
// The four proportion rates share one core; every generic test runs on each of them.

/** What every rate result has. */
interface RateLike {
  readonly metric: string;
  readonly value: number | null;
  readonly reason: string | null;
  readonly n: number;
  readonly records: number;
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
}

/** A generic row: `a` is the numerator, `b` the denominator. */
interface Row {
  readonly a: number;
  readonly b: number;
}

interface RateCase {
  readonly metric: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly numeratorEvent: string;
  readonly denominatorEvent: string;
  readonly schema: z.ZodMiniType;
  fromCounts(a: number, b: number, options?: RateOptions): RateLike;
  safeFromCounts(a: unknown, b: unknown): SafeResult<unknown>;
  /** Rows with the accessors `a` and `b`. */
  fromRows(rows: readonly Row[], options?: RateOptions): RateLike;
  /** Records with the rate's default field names. */
  fromRecords(records: readonly object[]): RateLike;
  safeFromRecords(records: readonly unknown[], options?: object): SafeResult<unknown>;
  fromEvents(events: readonly { readonly type: string }[]): RateLike;
  /** Tallies each group with the Metric, merges with the exported merge, and finalizes. */
  mergeGroups(groups: readonly (readonly Row[])[]): RateLike;
  /** The named counts of a result: [numerator, denominator]. */
  counts(result: RateLike): [number, number];
}

function mergeRun<R, S, T, Res>(
  metric: Metric<R, S, T, Res>,
  merge: (a: T, b: T) => T,
  empty: () => T,
  groups: readonly (readonly R[])[],
): Res {
  const tallies = groups.map((group) => {
    const state = metric.init();
    group.forEach((record, i) => {
      metric.add(state, record, i);
    });
    return metric.tally(state);
  });
  return metric.finalize(tallies.reduce(merge, empty()));
}

function numberField(result: object, key: string): number {
  const v: unknown = Reflect.get(result, key);
  if (typeof v !== "number") throw new Error(`${key} is not a number`);
  return v;
}

const cases: readonly RateCase[] = [
  {
    metric: "clickThroughRate",
    numerator: "clicks",
    denominator: "impressions",
    numeratorEvent: "click",
    denominatorEvent: "impression",
    schema: clickThroughCountsSchema,
    fromCounts: (a, b, o) => clickThroughRate({ clicks: a, impressions: b }, o),
    safeFromCounts: (a, b) =>
      safeClickThroughRate({ clicks: a, impressions: b } as {
        clicks: number;
        impressions: number;
      }),
    fromRows: (rows, o) =>
      clickThroughRateFromRecords(rows, { ...o, clicks: "a", impressions: "b" }),
    fromRecords: (records) => clickThroughRateFromRecords(records),
    safeFromRecords: (records, o) => safeClickThroughRateFromRecords(records, o),
    fromEvents: (events) => clickThroughRateFromRecords(events, { type: "type" }),
    mergeGroups: (groups) =>
      mergeRun(
        clickThroughRateMetric<Row>({ clicks: "a", impressions: "b" }),
        mergeClickThroughTallies,
        emptyClickThroughTally,
        groups,
      ),
    counts: (r) => [numberField(r, "clicks"), numberField(r, "impressions")],
  },
  {
    metric: "openRate",
    numerator: "opens",
    denominator: "delivered",
    numeratorEvent: "open",
    denominatorEvent: "delivered",
    schema: openRateCountsSchema,
    fromCounts: (a, b, o) => openRate({ opens: a, delivered: b }, o),
    safeFromCounts: (a, b) =>
      safeOpenRate({ opens: a, delivered: b } as { opens: number; delivered: number }),
    fromRows: (rows, o) => openRateFromRecords(rows, { ...o, opens: "a", delivered: "b" }),
    fromRecords: (records) => openRateFromRecords(records),
    safeFromRecords: (records, o) => safeOpenRateFromRecords(records, o),
    fromEvents: (events) => openRateFromRecords(events, { type: "type" }),
    mergeGroups: (groups) =>
      mergeRun(
        openRateMetric<Row>({ opens: "a", delivered: "b" }),
        mergeOpenRateTallies,
        emptyOpenRateTally,
        groups,
      ),
    counts: (r) => [numberField(r, "opens"), numberField(r, "delivered")],
  },
  {
    metric: "conversionRate",
    numerator: "conversions",
    denominator: "visitors",
    numeratorEvent: "conversion",
    denominatorEvent: "visit",
    schema: conversionCountsSchema,
    fromCounts: (a, b, o) => conversionRate({ conversions: a, visitors: b }, o),
    safeFromCounts: (a, b) =>
      safeConversionRate({ conversions: a, visitors: b } as {
        conversions: number;
        visitors: number;
      }),
    fromRows: (rows, o) =>
      conversionRateFromRecords(rows, { ...o, conversions: "a", visitors: "b" }),
    fromRecords: (records) => conversionRateFromRecords(records),
    safeFromRecords: (records, o) => safeConversionRateFromRecords(records, o),
    fromEvents: (events) => conversionRateFromRecords(events, { type: "type" }),
    mergeGroups: (groups) =>
      mergeRun(
        conversionRateMetric<Row>({ conversions: "a", visitors: "b" }),
        mergeConversionTallies,
        emptyConversionTally,
        groups,
      ),
    counts: (r) => [numberField(r, "conversions"), numberField(r, "visitors")],
  },
  {
    metric: "referralRate",
    numerator: "referred",
    denominator: "customers",
    numeratorEvent: "referral",
    denominatorEvent: "customer",
    schema: referralCountsSchema,
    fromCounts: (a, b, o) => referralRate({ referred: a, customers: b }, o),
    safeFromCounts: (a, b) =>
      safeReferralRate({ referred: a, customers: b } as { referred: number; customers: number }),
    fromRows: (rows, o) => referralRateFromRecords(rows, { ...o, referred: "a", customers: "b" }),
    fromRecords: (records) => referralRateFromRecords(records),
    safeFromRecords: (records, o) => safeReferralRateFromRecords(records, o),
    fromEvents: (events) => referralRateFromRecords(events, { type: "type" }),
    mergeGroups: (groups) =>
      mergeRun(
        referralRateMetric<Row>({ referred: "a", customers: "b" }),
        mergeReferralTallies,
        emptyReferralTally,
        groups,
      ),
    counts: (r) => [numberField(r, "referred"), numberField(r, "customers")],
  },
];

/** Rows with 0 ≤ a ≤ b. */
const rowArb: fc.Arbitrary<Row> = fc
  .tuple(fc.nat({ max: 2000 }), fc.nat({ max: 2000 }))
  .map(([x, y]) => ({ a: Math.min(x, y), b: Math.max(x, y) }));

const rowsArb = fc.array(rowArb, { maxLength: 40 });

// ---------------------------------------------------------------------------------------------
// Reference vectors

describe("rates: reference vectors", () => {
  // Wilson intervals from scipy 1.17.1:
  //   scipy.stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
  // (the score interval without continuity correction, the same as R's prop.test(correct=FALSE)).
  it("click-through rate 30 / 1000 = 0.03, Wilson [0.0210937, 0.0425034]", () => {
    const r = clickThroughRate(deepFreeze({ clicks: 30, impressions: 1000 }));
    expect(r).toEqual({
      metric: "clickThroughRate",
      clicks: 30,
      impressions: 1000,
      records: 1,
      value: 0.03,
      reason: null,
      n: 1000,
      interval: {
        lower: expect.closeTo(0.021093738828834696, 12),
        upper: expect.closeTo(0.042503414147587126, 12),
        level: 0.95,
        method: "wilson",
      },
      warnings: [],
    });
  });

  it("click-through rate 12 / 400, Wilson by hand", () => {
    // By hand: p = 12/400 = 0.03, z = 1.959964, z² = 3.841459, z²/n = 0.0096036.
    //   centre = (0.03 + 0.0096036/2) / 1.0096036 = 0.0348018 / 1.0096036 = 0.0344708
    //   half   = (1.959964 / 1.0096036) · √(0.03·0.97/400 + 3.841459/(4·400²))
    //          = 1.9413200 · √(0.00007275 + 0.0000060023) = 1.9413200 · 0.0088742 = 0.0172277
    //   interval = [0.0172431, 0.0516985]   (scipy: 0.0172430210, 0.0516985357)
    const r = clickThroughRate({ clicks: 12, impressions: 400 });
    expect(r.value).toBe(0.03);
    expect(r.interval?.lower).toBeCloseTo(0.017243021, 8);
    expect(r.interval?.upper).toBeCloseTo(0.0516985357, 8);
    // 12 impressions-worth of data is plenty here; 400 ≥ 30, margin 0.0172 < 0.05.
    expect(r.warnings).toEqual([]);
  });

  it("open rate divides unique opens by delivered = sent − bounced (Mailchimp, SendGrid)", () => {
    // 1000 sent, 100 bounced -> 900 delivered; 200 opens -> 200/900 = 0.2222...
    // (the Mailjet forum's example: "22.2% open rate (200/900)"). scipy Wilson 200/900.
    const byGross = openRate({ opens: 200, sent: 1000, bounced: 100 });
    const byDelivered = openRate({ opens: 200, delivered: 900 });
    expect(byGross).toEqual(byDelivered);
    expect(byGross.value).toBeCloseTo(200 / 900, 15);
    expect(byGross.delivered).toBe(900);
    expect(byGross.interval?.lower).toBeCloseTo(0.1962737369143486, 12);
    expect(byGross.interval?.upper).toBeCloseTo(0.25053190015790366, 12);
    expect(openRate({ opens: 5, sent: 10 }).delivered).toBe(10);
  });

  it("conversion rate 25 / 1000 at level 0.90", () => {
    const r = conversionRate({ conversions: 25, visitors: 1000 }, { level: 0.9 });
    expect(r.value).toBe(0.025);
    expect(r.interval).toEqual({
      lower: expect.closeTo(0.01807116339086075, 12),
      upper: expect.closeTo(0.03449216768691174, 12),
      level: 0.9,
      method: "wilson",
    });
  });

  it("referral rate 150 / 1000 at level 0.99 (taglab's example: 15%)", () => {
    const r = referralRate({ referred: 150, customers: 1000 }, { level: 0.99 });
    expect(r.value).toBe(0.15);
    expect(r.interval?.lower).toBeCloseTo(0.12322606611221885, 12);
    expect(r.interval?.upper).toBeCloseTo(0.18138774932016594, 12);
  });

  it.each(cases)("$metric: 0 of 50 and 50 of 50 (Wilson stays inside [0, 1])", (c) => {
    const none = c.fromCounts(0, 50);
    expect(none.value).toBe(0);
    expect(none.interval?.lower).toBe(0);
    expect(none.interval?.upper).toBeCloseTo(0.07134759913335872, 12);
    const all = c.fromCounts(50, 50);
    expect(all.value).toBe(1);
    expect(all.interval?.lower).toBeCloseTo(0.9286524008666412, 12);
    expect(all.interval?.upper).toBe(1);
  });

  it.each(cases)("$metric: rows and events give the same as counts", (c) => {
    const rows = deepFreeze([
      { a: 3, b: 10 },
      { a: 0, b: 5 },
      { a: 2, b: 2 },
    ]);
    const fromRows = c.fromRows(rows);
    expect(fromRows.value).toBeCloseTo(5 / 17, 15);
    expect(c.counts(fromRows)).toEqual([5, 17]);
    expect(fromRows.records).toBe(3);
    expect(fromRows.interval).toEqual(c.fromCounts(5, 17).interval);

    const events = deepFreeze([
      ...Array.from({ length: 4 }, () => ({ type: c.denominatorEvent })),
      { type: c.numeratorEvent },
      { type: "something-else" },
    ]);
    const fromEvents = c.fromEvents(events);
    expect(fromEvents.metric).toBe(c.metric);
    expect(fromEvents.value).toBe(0.25);
    expect(c.counts(fromEvents)).toEqual([1, 4]);
    // Events of other types are ignored, not counted as records.
    expect(fromEvents.records).toBe(5);
  });
});

// ---------------------------------------------------------------------------------------------
// Edge cases

describe("rates: edge cases", () => {
  it.each(cases)("$metric: zero denominator -> null, reason zero-denominator", (c) => {
    const r = c.fromCounts(0, 0);
    expect(r.value).toBeNull();
    expect(r.reason).toBe("zero-denominator");
    expect(r.interval).toBeNull();
    expect(r.n).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(["zero-denominator"]);
    expect(c.fromRows([{ a: 0, b: 0 }]).reason).toBe("zero-denominator");
  });

  it.each(cases)("$metric: no records -> null, reason empty", (c) => {
    for (const r of [c.fromRows([]), c.fromEvents([]), c.fromEvents([{ type: "other" }])]) {
      expect(r.value).toBeNull();
      expect(r.reason).toBe("empty");
      expect(r.records).toBe(0);
      expect(r.warnings.map((w) => w.code)).toEqual(["empty"]);
      expect(jsonRoundTrip(r)).toEqual(r);
    }
  });

  it.each(cases)("$metric: one record, and numerator equal to denominator", (c) => {
    const r = c.fromRows([{ a: 7, b: 7 }]);
    expect(r.value).toBe(1);
    expect(r.records).toBe(1);
    expect(r.n).toBe(7);
  });

  it.each(cases)("$metric: small-sample and wide-interval warnings", (c) => {
    // 1 of 3: Wilson [0.0615, 0.7923] (scipy), half-width 0.3654 > 0.05; 3 < 30.
    const r = c.fromCounts(1, 3);
    expect(r.interval?.lower).toBeCloseTo(0.06149194472039626, 12);
    expect(r.interval?.upper).toBeCloseTo(0.7923403991979523, 12);
    expect(r.warnings.map((w) => w.code)).toEqual(["small-sample", "wide-interval"]);
    expect(r.warnings[0]?.message).toContain(`Only 3 ${c.denominator}`);
    // Thresholds are options: exactly at minSampleSize is not small.
    expect(c.fromCounts(1, 3, { minSampleSize: 3, maxMargin: 0.5 }).warnings).toEqual([]);
    expect(c.fromCounts(1, 3, { minSampleSize: 4, maxMargin: 0.37 }).warnings).toHaveLength(1);
  });

  it("event types can be renamed, listed, and shared by both sides", () => {
    const events = deepFreeze([
      { kind: "view" },
      { kind: "view" },
      { kind: "impression" },
      { kind: "tap" },
      { kind: "click" },
    ]);
    const r = clickThroughRateFromRecords(events, {
      type: "kind",
      events: { clicks: ["tap", "click"], impressions: ["view", "impression"] },
    });
    expect(r.clicks).toBe(2);
    expect(r.impressions).toBe(3);
    // Referral signups: every signup is a customer, referred signups are also referrals.
    const signups = [{ type: "signup" }, { type: "referred-signup" }, { type: "signup" }];
    const referral = referralRateFromRecords(signups, {
      events: { customers: ["signup", "referred-signup"], referred: "referred-signup" },
    });
    expect(referral.value).toBeCloseTo(1 / 3, 15);
    expect(referral.records).toBe(3);
    // A function reads the type too.
    const fromFn = conversionRateFromRecords([["visit"], ["visit"], ["conversion"]], {
      type: (e) => e[0],
    });
    expect(fromFn.value).toBe(0.5);
  });

  it("open rate rows: delivered = sent − bounced per row; bounced defaults to 0 when absent", () => {
    const rows = deepFreeze([
      { sent: 100, bounced: 10, opens: 30 },
      { sent: 50, opens: 10 },
      { sent: 50, bounced: null, opens: 10 },
    ]);
    const r = openRateFromRecords(rows, { sent: "sent" });
    expect(r.delivered).toBe(190);
    expect(r.opens).toBe(50);
    const named = openRateFromRecords([{ s: 10, b: 4, o: 6 }], {
      sent: "s",
      bounced: "b",
      opens: "o",
    });
    expect(named.value).toBe(1);
  });

  it("accessor functions read any row shape", () => {
    const r = clickThroughRateFromRecords([[5, 100] as const, [5, 100] as const], {
      clicks: (row) => row[0],
      impressions: (row) => row[1],
    });
    expect(r.value).toBe(0.05);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

describe.each(cases)("rates: properties of $metric", (c) => {
  test.prop([rowsArb])(
    "value and interval stay in [0, 1] and the interval holds the value",
    (rows) => {
      const r = c.fromRows(rows);
      if (r.value === null) {
        expect(r.interval).toBeNull();
        return;
      }
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(1);
      expect(r.interval).not.toBeNull();
      if (r.interval !== null) {
        expect(r.interval.lower).toBeGreaterThanOrEqual(0);
        expect(r.interval.upper).toBeLessThanOrEqual(1);
        expect(r.interval.lower).toBeLessThanOrEqual(r.value + 1e-12);
        expect(r.interval.upper).toBeGreaterThanOrEqual(r.value - 1e-12);
      }
    },
  );

  test.prop([withShuffle(rowsArb)])("row order does not matter", ([rows, shuffled]) => {
    expect(c.fromRows(shuffled)).toEqual(c.fromRows(rows));
  });

  test.prop([splits(rowsArb)])(
    "tallies of random groups, merged, equal the whole",
    ([rows, groups]) => {
      expect(c.mergeGroups(groups)).toEqual(c.fromRows(rows));
    },
  );

  test.prop([rowArb])("one row equals the counts form", (row) => {
    expect(c.fromRows([row])).toEqual(c.fromCounts(row.a, row.b));
  });

  test.prop([rowsArb])("results survive a JSON round trip and inputs stay frozen", (rows) => {
    const frozen = deepFreeze(rows.map((r) => ({ ...r })));
    const r = c.fromRows(frozen);
    expect(jsonRoundTrip(r)).toEqual(r);
    expect(frozen).toEqual(rows);
  });

  test.prop([anyValue, anyValue])(
    "the inline row check accepts exactly what the counts schema accepts",
    (a, b) => {
      const record = { [c.numerator]: a, [c.denominator]: b };
      const inline = c.safeFromRecords([record]).ok;
      expect(inline).toBe(z.safeParse(c.schema, record).success);
      expect(c.safeFromCounts(a, b).ok).toBe(inline);
    },
  );

  test.prop([anyValue])("a count is valid exactly when engagementCountSchema says so", (v) => {
    const inline = c.safeFromRecords([{ [c.numerator]: 0, [c.denominator]: v }]).ok;
    expect(inline).toBe(z.safeParse(engagementCountSchema, v).success);
  });

  test.prop([anyValue])("an event is valid exactly when engagementEventSchema says so", (t) => {
    const inline = c.safeFromRecords([{ type: t }], { type: "type" }).ok;
    expect(inline).toBe(z.safeParse(engagementEventSchema, { type: t }).success);
  });
});

describe("rates: Metric protocol", () => {
  it("merge has the empty tally as identity and is associative", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ clicks: fc.nat(50), impressions: fc.nat(50), records: fc.nat(5) }), {
          minLength: 3,
          maxLength: 3,
        }),
        ([a, b, c]) => {
          if (a === undefined || b === undefined || c === undefined) return;
          expect(mergeClickThroughTallies(emptyClickThroughTally(), a)).toEqual(a);
          expect(mergeClickThroughTallies(mergeClickThroughTallies(a, b), c)).toEqual(
            mergeClickThroughTallies(a, mergeClickThroughTallies(b, c)),
          );
        },
      ),
    );
  });

  it("runs through runMetric and finalizes a warehouse tally", () => {
    const metric = clickThroughRateMetric();
    expect(metric.name).toBe("clickThroughRate");
    expect(runMetric(metric, [{ clicks: 1, impressions: 4 }]).value).toBe(0.25);
    expect(metric.finalize({ clicks: 2, impressions: 8, records: 3 }).value).toBe(0.25);
    expect(metric.finalize(metric.empty()).reason).toBe("empty");
    expect(openRateMetric().name).toBe("openRate");
    expect(conversionRateMetric().name).toBe("conversionRate");
    expect(referralRateMetric().name).toBe("referralRate");
  });

  it("has the documented types", () => {
    expectTypeOf(clickThroughRate).returns.toEqualTypeOf<ClickThroughRateResult>();
    expectTypeOf(openRate).returns.toEqualTypeOf<OpenRateResult>();
    expectTypeOf(conversionRate).returns.toEqualTypeOf<ConversionRateResult>();
    expectTypeOf(referralRate).returns.toEqualTypeOf<ReferralRateResult>();
    expectTypeOf<ClickThroughRateResult["clicks"]>().toEqualTypeOf<number>();
    expectTypeOf<ClickThroughRateResult["value"]>().toEqualTypeOf<number | null>();
    expectTypeOf(clickThroughRateMetric<{ c: number; i: number }>)
      .parameter(0)
      .toEqualTypeOf<
        | import("../../src/engagement/click-through-rate.ts").ClickThroughRateOptions<{
            c: number;
            i: number;
          }>
        | undefined
      >();
    expectTypeOf(emptyClickThroughTally).returns.toEqualTypeOf<ClickThroughTally>();
  });
});

// ---------------------------------------------------------------------------------------------
// Bad input

describe("rates: bad input names the record and field", () => {
  it.each(cases)("$metric: bad counts in a row", (c) => {
    const good = { [c.numerator]: 1, [c.denominator]: 2 };
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, null, "3", undefined]) {
      const records = [good, good, good, { ...good, [c.denominator]: bad }];
      const error = expectInputError(
        () => c.fromRecords(records),
        () => c.safeFromRecords(records),
        [3, c.denominator],
      );
      expect(error.message).toBe(`[3].${c.denominator}: expected a non-negative integer count`);
    }
    const missing = [{ [c.numerator]: 1 }];
    expectInputError(
      () => c.fromRecords(missing),
      () => c.safeFromRecords(missing),
      [0, c.denominator],
    );
  });

  it.each(cases)("$metric: numerator above denominator in a row, in counts, in events", (c) => {
    const records = [
      { [c.numerator]: 1, [c.denominator]: 2 },
      { [c.numerator]: 3, [c.denominator]: 2 },
    ];
    expectInputError(
      () => c.fromRecords(records),
      () => c.safeFromRecords(records),
      [1, c.numerator],
      `[1].${c.numerator}: ${c.numerator} (3) exceed ${c.denominator} (2): a proportion needs ${c.numerator} <= ${c.denominator}`,
    );
    expectInputError(
      () => c.fromCounts(3, 2),
      () => c.safeFromCounts(3, 2),
      [c.numerator],
    );
    const events = [
      { type: c.denominatorEvent },
      { type: c.numeratorEvent },
      { type: c.numeratorEvent },
    ];
    expectInputError(
      () => c.fromEvents(events),
      () => c.safeFromRecords(events, { type: "type" }),
      [c.numerator],
      /exceed/,
    );
  });

  it.each(cases)("$metric: events without a type, and a non-array", (c) => {
    const events = [{ type: c.numeratorEvent }, { kind: "click" }] as unknown as { type: string }[];
    expectInputError(
      () => c.fromEvents(events),
      () => c.safeFromRecords(events, { type: "type" }),
      [1, "type"],
    );
    expectInputError(
      () => c.fromRecords("rows" as unknown as object[]),
      () => c.safeFromRecords("rows" as unknown as object[]),
      [],
      "(root): expected an array of records",
    );
  });

  it("a function accessor's bad value is reported at the record", () => {
    expectInputError(
      () => clickThroughRateFromRecords([{ x: 1 }], { clicks: () => -1, impressions: "x" }),
      () => safeClickThroughRateFromRecords([{ x: 1 }], { clicks: () => -1, impressions: "x" }),
      [0],
      "[0]: expected a non-negative integer count",
    );
    expectInputError(
      () => clickThroughRateFromRecords([{ k: 1 }], { type: (r) => r.k }),
      () => safeClickThroughRateFromRecords([{ k: 1 }], { type: (r) => r.k }),
      [0],
    );
    expectInputError(
      () => clickThroughRateFromRecords([{ k: 1 }], { type: "k" }),
      () => safeClickThroughRateFromRecords([{ k: 1 }], { type: "k" }),
      [0, "k"],
    );
  });

  it("bad options", () => {
    const rows = [{ clicks: 1, impressions: 2 }];
    expectInputError(
      () => clickThroughRateFromRecords(rows, { level: 1.5 }),
      () => safeClickThroughRateFromRecords(rows, { level: 1.5 }),
      ["options", "level"],
    );
    expectInputError(
      () => clickThroughRateFromRecords(rows, { clicks: 3 } as unknown as { clicks: "clicks" }),
      () => safeClickThroughRateFromRecords(rows, { clicks: 3 } as unknown as { clicks: "clicks" }),
      ["options", "clicks"],
    );
    const unknownKey = { click: "clicks" } as unknown as { clicks: "clicks" };
    const error = expectInputError(
      () => clickThroughRateFromRecords(rows, unknownKey),
      () => safeClickThroughRateFromRecords(rows, unknownKey),
      ["options"],
    );
    expect(error.issues[0]?.code).toBe("unrecognized_keys");
    expectInputError(
      () => clickThroughRateFromRecords(rows, { events: { clicks: "" } }),
      () => safeClickThroughRateFromRecords(rows, { events: { clicks: "" } }),
      ["options", "events", "clicks"],
    );
    const typed = [{ type: "click", clicks: 1, impressions: 2 }];
    expectInputError(
      () => clickThroughRateFromRecords(typed, { clicks: "clicks", type: "type" }),
      () => safeClickThroughRateFromRecords(typed, { clicks: "clicks", type: "type" }),
      ["options", "type"],
    );
    expectInputError(
      () => clickThroughRate({ clicks: 1, impressions: 2 }, { minSampleSize: -1 }),
      () => safeClickThroughRate({ clicks: 1, impressions: 2 }, { minSampleSize: -1 }),
      ["options", "minSampleSize"],
    );
    expectInputError(
      () => clickThroughRate({ clicks: 1, impressions: 2 }, { clicks: "x" } as RateOptions),
      () => safeClickThroughRate({ clicks: 1, impressions: 2 }, { clicks: "x" } as RateOptions),
      ["options"],
    );
  });

  it("open rate: the two ways to give delivered cannot be mixed", () => {
    const rows = [{ sent: 10, delivered: 10, bounced: 0, opens: 1, type: "open" }];
    expectInputError(
      () => openRateFromRecords(rows, { sent: "sent", delivered: "delivered" }),
      () => safeOpenRateFromRecords(rows, { sent: "sent", delivered: "delivered" }),
      ["options", "sent"],
    );
    expectInputError(
      () => openRateFromRecords(rows, { bounced: "bounced" }),
      () => safeOpenRateFromRecords(rows, { bounced: "bounced" }),
      ["options", "bounced"],
    );
    expectInputError(
      () => openRateFromRecords(rows, { sent: "sent", type: "type" }),
      () => safeOpenRateFromRecords(rows, { sent: "sent", type: "type" }),
      ["options", "type"],
    );
    const both = { opens: 1, delivered: 10, sent: 10 } as unknown as {
      opens: number;
      delivered: number;
    };
    expectInputError(
      () => openRate(both),
      () => safeOpenRate(both),
      ["delivered"],
    );
    const orphan = { opens: 1, delivered: 10, bounced: 1 } as unknown as {
      opens: number;
      delivered: number;
    };
    expectInputError(
      () => openRate(orphan),
      () => safeOpenRate(orphan),
      ["bounced"],
    );
    expectInputError(
      () => openRate({ opens: 1, sent: 10, bounced: 11 }),
      () => safeOpenRate({ opens: 1, sent: 10, bounced: 11 }),
      ["bounced"],
    );
    expectInputError(
      () => openRate({ opens: 10, sent: 10, bounced: 1 }),
      () => safeOpenRate({ opens: 10, sent: 10, bounced: 1 }),
      ["opens"],
    );
  });

  it("open rate rows: bounces above sends and opens above deliveries", () => {
    const bouncy = [{ sent: 10, bounced: 11, opens: 0 }];
    expectInputError(
      () => openRateFromRecords(bouncy, { sent: "sent" }),
      () => safeOpenRateFromRecords(bouncy, { sent: "sent" }),
      [0, "bounced"],
      "[0].bounced: bounced (11) exceed sent (10): expected bounced <= sent",
    );
    const opened = [{ sent: 10, bounced: 2, opens: 9 }];
    expectInputError(
      () => openRateFromRecords(opened, { sent: "sent" }),
      () => safeOpenRateFromRecords(opened, { sent: "sent" }),
      [0, "opens"],
      "[0].opens: opens (9) exceed delivered (8): a proportion needs opens <= delivered",
    );
    // An explicit bounced accessor must find a count.
    const noBounce: { sent: number; opens: number; bounced?: number }[] = [{ sent: 10, opens: 1 }];
    expectInputError(
      () => openRateFromRecords(noBounce, { sent: "sent", bounced: "bounced" }),
      () => safeOpenRateFromRecords(noBounce, { sent: "sent", bounced: "bounced" }),
      [0, "bounced"],
    );
  });
});
