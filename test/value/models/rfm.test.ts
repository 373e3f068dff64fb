import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type RfmRow,
  type RfmSummary,
  rfmSummary,
  safeRfmSummary,
} from "../../../src/value/models/rfm.ts";
import { cdnowOrders, cdnowWithSpend, deepFreeze, expectInputError } from "./helpers.ts";

describe("rfmSummary: CDNOW (Fader, Hardie & Lee 2005, via lifetimes)", () => {
  const orders = deepFreeze(cdnowOrders());
  // Computed in beforeAll, not while the file loads (see docs/mutation.md).
  let summary: RfmSummary;
  beforeAll(() => {
    summary = rfmSummary(orders, {
      observationEnd: "1997-09-30T00:00:00Z",
      timeUnit: "week",
      grain: "day",
    });
  });
  const reference = cdnowWithSpend();

  it("reproduces cdnow_customers_summary(_with_transactions).csv exactly, all 2,357 customers", () => {
    // The csv prints recency and T in weeks to 2 decimals: days/7 is never a tie at 2 decimals
    // (k/7 has no 5 in the third decimal), so toFixed(2) reproduces the printed value exactly.
    expect(summary.n).toBe(2357);
    const byId = new Map(summary.customers.map((row) => [row.customerId, row]));
    let checked = 0;
    for (const ref of reference) {
      const row = byId.get(ref.id);
      expect(row).toBeDefined();
      if (row === undefined) continue;
      expect(row.frequency).toBe(ref.frequency);
      expect(Number(row.recency.toFixed(2))).toBe(ref.recency);
      expect(Number(row.T.toFixed(2))).toBe(ref.T);
      // zbar is printed rounding halves up (22.345 -> 22.35): within half a cent.
      expect(Math.abs(row.monetary - ref.monetary)).toBeLessThanOrEqual(0.005 + 1e-9);
      checked++;
    }
    expect(checked).toBe(2357);
  });

  it("states its conventions and counts the orders it left out", () => {
    expect(summary.timeUnit).toBe("week");
    expect(summary.grain).toBe("day");
    expect(summary.observationEnd).toBe("1997-09-30T00:00:00.000+00:00");
    expect(summary.calibrationEnd).toBeNull();
    // 6,919 orders in all; those after 1997-09-30 are the 39-week holdout.
    expect(summary.orders + summary.ordersAfterObservationEnd).toBe(6919);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it("customer 1: 1997-01-01, 01-18, 08-02, 12-12 → x = 2, t_x = 213/7, T = 272/7 (hand count)", () => {
    const row = summary.customers.find((r) => r.customerId === 1);
    expect(row?.frequency).toBe(2);
    expect(row?.recency).toBeCloseTo(213 / 7, 12);
    expect(row?.T).toBeCloseTo(272 / 7, 12);
    // Repeat purchases 29.73 (01-18) and 14.96 (08-02): mean 22.345.
    expect(row?.monetary).toBeCloseTo(22.345, 12);
  });

  it("with a calibration end, gives lifetimes' holdout columns (customer 1 by hand)", () => {
    const split = rfmSummary(orders, {
      calibrationEnd: "1997-09-30T00:00:00Z",
      observationEnd: "1998-06-30T00:00:00Z",
      timeUnit: "week",
      grain: "day",
    });
    expect(split.n).toBe(2357);
    expect(split.customersFirstSeenInHoldout).toBe(0);
    const row = split.customers.find((r) => r.customerId === 1);
    // Calibration identical to the plain summary; holdout: one order, 1997-12-12, 26.48.
    expect(row?.frequency).toBe(2);
    expect(row?.T).toBeCloseTo(272 / 7, 12);
    expect(row?.frequencyHoldout).toBe(1);
    expect(row?.monetaryHoldout).toBeCloseTo(26.48, 12);
    expect(row?.spendHoldout).toBeCloseTo(26.48, 12);
    // 1997-09-30 to 1998-06-30: 273 days = 39 weeks.
    expect(row?.durationHoldout).toBe(39);
    expect(split.calibrationEnd).toBe("1997-09-30T00:00:00.000+00:00");
  });
});

describe("rfmSummary: conventions on small inputs (hand calculations)", () => {
  it("weeks (Monday start, pandas 'W'): same-week orders count once; T in whole weeks", () => {
    // Wed 2025-01-01 and Sun 01-05 are both in the week starting Mon 2024-12-30; Mon 01-06
    // starts the next week. Observation end Wed 01-29 is in the week of Mon 01-27:
    // T = (01-27 − 12-30)/7 = 4, recency = 1, frequency = 1, monetary = 7 (the 01-06 order).
    const s = rfmSummary(
      deepFreeze([
        { customerId: "a", date: "2025-01-01T12:00:00Z", amount: 10 },
        { customerId: "a", date: "2025-01-05T12:00:00Z", amount: 3 },
        { customerId: "a", date: "2025-01-06T12:00:00Z", amount: 7 },
      ]),
      { observationEnd: "2025-01-29T00:00:00Z", timeUnit: "week" },
    );
    expect(s.customers).toEqual([
      {
        customerId: "a",
        frequency: 1,
        recency: 1,
        T: 4,
        monetary: 7,
        firstPurchase: "2024-12-30T00:00:00.000+00:00",
      },
    ]);
  });

  it("weeks starting on Sunday when asked", () => {
    // With Sunday starts, Sun 01-05 opens a new week shared with Mon 01-06 (3 + 7 = 10), and
    // 01-01 is in the week of Sun 2024-12-29: frequency 1, monetary 10.
    const s = rfmSummary(
      [
        { customerId: "a", date: "2025-01-01T12:00:00Z", amount: 10 },
        { customerId: "a", date: "2025-01-05T12:00:00Z", amount: 3 },
        { customerId: "a", date: "2025-01-06T12:00:00Z", amount: 7 },
      ],
      { observationEnd: "2025-01-29T00:00:00Z", timeUnit: "week", weekStartsOn: 0 },
    );
    expect(s.customers[0]?.frequency).toBe(1);
    expect(s.customers[0]?.monetary).toBe(10);
    expect(s.weekStartsOn).toBe(0);
  });

  it("months: whole calendar months; a daily grain gives days / (365.25/12)", () => {
    const orders = [
      { customerId: 1, date: "2025-01-31T10:00:00Z", amount: 5 },
      { customerId: 1, date: "2025-02-01T10:00:00Z", amount: 8 },
    ];
    const monthly = rfmSummary(orders, {
      observationEnd: "2025-04-15T00:00:00Z",
      timeUnit: "month",
    });
    // Jan and Feb are different months: x = 1, t_x = 1, T = Apr − Jan = 3.
    expect(monthly.customers[0]).toMatchObject({ frequency: 1, recency: 1, T: 3, monetary: 8 });
    const daily = rfmSummary(orders, {
      observationEnd: "2025-04-15T00:00:00Z",
      timeUnit: "month",
      grain: "day",
    });
    // 1 day and 74 days (01-31 → 04-15) in months of 30.4375 days.
    expect(daily.customers[0]?.recency).toBeCloseTo(1 / 30.4375, 14);
    expect(daily.customers[0]?.T).toBeCloseTo(74 / 30.4375, 14);
  });

  it("reads the calendar in the given time zone", () => {
    // 2025-01-01T23:30Z is 2025-01-02 08:30 in Tokyo: a different day from 2025-01-01T01:00Z.
    const orders = [
      { customerId: "a", date: "2025-01-01T01:00:00Z", amount: 1 },
      { customerId: "a", date: "2025-01-01T23:30:00Z", amount: 2 },
    ];
    const options = { observationEnd: "2025-01-10T00:00:00Z", timeUnit: "day" } as const;
    expect(rfmSummary(orders, options).customers[0]?.frequency).toBe(0);
    const tokyo = rfmSummary(orders, { ...options, timeZone: "Asia/Tokyo" });
    expect(tokyo.customers[0]?.frequency).toBe(1);
    expect(tokyo.customers[0]?.firstPurchase).toBe("2025-01-01T00:00:00.000+09:00");
  });

  it("holdout: distinct periods, mean per order, new customers in the holdout left out", () => {
    const s = rfmSummary(
      [
        { customerId: "a", date: "2025-01-01T00:00:00Z", amount: 10 },
        { customerId: "a", date: "2025-01-05T00:00:00Z", amount: 4 },
        { customerId: "a", date: "2025-01-05T09:00:00Z", amount: 6 },
        { customerId: "a", date: "2025-01-07T00:00:00Z", amount: 20 },
        { customerId: "b", date: "2025-01-06T00:00:00Z", amount: 50 },
        { customerId: "a", date: "2025-02-01T00:00:00Z", amount: 99 },
      ],
      {
        calibrationEnd: "2025-01-03T00:00:00Z",
        observationEnd: "2025-01-10T00:00:00Z",
        timeUnit: "day",
      },
    );
    // a: calibration 01-01 only (x = 0, T = 2); holdout days 01-05 and 01-07 → 2 periods,
    // 3 orders of 4 + 6 + 20 = 30 → mean 10 per order; duration 01-03 → 01-10 = 7 days.
    expect(s.customers).toEqual([
      {
        customerId: "a",
        frequency: 0,
        recency: 0,
        T: 2,
        monetary: 0,
        firstPurchase: "2025-01-01T00:00:00.000+00:00",
        frequencyHoldout: 2,
        monetaryHoldout: 10,
        spendHoldout: 30,
        durationHoldout: 7,
      },
    ]);
    expect(s.customersFirstSeenInHoldout).toBe(1);
    expect(s.ordersAfterObservationEnd).toBe(1);
  });

  it("sums same-period amounts before averaging the repeat periods (lifetimes)", () => {
    // Days: 01-01 (first), 01-02: 10 + 30, 01-03: 20 → repeat periods 40 and 20, mean 30.
    const s = rfmSummary(
      [
        { customerId: 7, date: "2025-01-02T10:00:00Z", amount: 10 },
        { customerId: 7, date: "2025-01-03T10:00:00Z", amount: 20 },
        { customerId: 7, date: "2025-01-01T10:00:00Z", amount: 1 },
        { customerId: 7, date: "2025-01-02T11:00:00Z", amount: 30 },
      ],
      { observationEnd: "2025-01-03T00:00:00Z", timeUnit: "day" },
    );
    expect(s.customers[0]).toMatchObject({ frequency: 2, recency: 2, T: 2, monetary: 30 });
  });

  it("gives an empty summary for no orders", () => {
    const s = rfmSummary([], { observationEnd: "2025-01-03T00:00:00Z", timeUnit: "day" });
    expect(s.n).toBe(0);
    expect(s.customers).toEqual([]);
  });
});

describe("rfmSummary: properties", () => {
  const order = fc.record({
    customerId: fc.constantFrom("a", "b", "c", 1, 2),
    date: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }),
    amount: fc.double({ min: 0, max: 500, noNaN: true }),
  });
  const units = fc.constantFrom("day", "week", "month") as fc.Arbitrary<"day" | "week" | "month">;

  test.prop([fc.array(order, { maxLength: 40 }), units])(
    "0 ≤ recency ≤ T, frequency < periods observed, and recency = 0 when frequency = 0",
    (orders, timeUnit) => {
      const s = rfmSummary(orders, { observationEnd: Date.UTC(2024, 11, 31), timeUnit });
      for (const row of s.customers) {
        expect(row.recency).toBeGreaterThanOrEqual(0);
        expect(row.recency).toBeLessThanOrEqual(row.T);
        expect(row.frequency).toBeLessThanOrEqual(row.T);
        if (row.frequency === 0) {
          expect(row.recency).toBe(0);
          expect(row.monetary).toBe(0);
        }
      }
    },
  );

  test.prop([fc.array(order, { maxLength: 40 }), units, fc.integer()])(
    "does not depend on the order of the orders",
    (orders, timeUnit, seed) => {
      const shuffled = orders
        .map((o, i) => ({ o, k: Math.sin(seed + i) }))
        .sort((x, y) => x.k - y.k)
        .map((x) => x.o);
      const key = (rows: readonly RfmRow[]) =>
        [...rows].sort((x, y) => String(x.customerId).localeCompare(String(y.customerId)));
      const options = { observationEnd: Date.UTC(2024, 11, 31), timeUnit };
      const a = key(rfmSummary(orders, options).customers);
      const b = key(rfmSummary(shuffled, options).customers);
      expect(b.length).toBe(a.length);
      b.forEach((row, i) => {
        const other = a[i];
        expect(row.frequency).toBe(other?.frequency);
        expect(row.recency).toBe(other?.recency);
        expect(row.T).toBe(other?.T);
        expect(row.monetary).toBeCloseTo(other?.monetary ?? Number.NaN, 9);
      });
    },
  );
});

describe("rfmSummary: bad input", () => {
  const options = { observationEnd: "2025-01-03T00:00:00Z", timeUnit: "day" } as const;
  it("names the order and field", () => {
    const orders = [
      { customerId: "a", date: "2025-01-01T00:00:00Z", amount: 1 },
      { customerId: "a", date: "2025-01-02T00:00:00Z", amount: -5 },
    ];
    expectInputError(
      () => rfmSummary(orders, options),
      () => safeRfmSummary(orders, options),
      [1, "amount"],
    );
    const noOffset = [{ customerId: "a", date: "2025-01-01T00:00:00", amount: 1 }];
    expectInputError(
      () => rfmSummary(noOffset, options),
      () => safeRfmSummary(noOffset, options),
      [0, "date"],
    );
  });

  it("rejects bad options", () => {
    const orders: never[] = [];
    const bad = (o: unknown, path: (string | number)[]) =>
      expectInputError(
        // @ts-expect-error: invalid on purpose
        () => rfmSummary(orders, o),
        // @ts-expect-error: invalid on purpose
        () => safeRfmSummary(orders, o),
        path,
      );
    bad({ ...options, timeUnit: "year" }, ["options", "timeUnit"]);
    bad({ timeUnit: "day" }, ["options", "observationEnd"]);
    bad({ ...options, grain: "month", timeUnit: "week" }, ["options", "grain"]);
    bad({ ...options, calibrationEnd: "2025-02-01T00:00:00Z" }, ["options", "calibrationEnd"]);
    bad({ ...options, timeZone: "Mars/Olympus" }, ["options", "timeZone"]);
    bad({ ...options, weekStartsOn: 7 }, ["options", "weekStartsOn"]);
    bad({ ...options, extra: 1 }, ["options"]);
    const notArray: unknown = "x";
    expectInputError(
      () => rfmSummary(notArray as never, options),
      () => safeRfmSummary(notArray as never, options),
      [],
    );
  });
});
