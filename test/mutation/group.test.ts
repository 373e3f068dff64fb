// Tests written against mutants that survived in src/group (Stryker, 2026-11-24): each pins a
// behaviour no other test did. Expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import { cohortRetentionGeneral } from "../../src/group/cohort.ts";
import {
  type CohortRetention,
  cohortRetention,
  safeCohortRetention,
} from "../../src/group/index.ts";
import { deepFreeze, expectInputError } from "../group/helpers.ts";

const ends = (m: CohortRetention) => m.cohorts.map((c) => [c.cohort.start, c.cohort.end]);

describe("cohortRetention: calendar cohorts in UTC, each unit's period end", () => {
  // One order on 1 January 2025 (a Wednesday) and one on 3 January 2025; asOf 2026-03-01.
  const orders = deepFreeze([
    { customerId: "a", date: "2025-01-01T00:00:00Z", amount: 1 },
    { customerId: "a", date: "2025-01-03T00:00:00Z", amount: 1 },
  ]);
  const asOf = "2026-03-01T00:00:00Z";
  it.each([
    // A day cohort on the 1st ends the next day, not a month or a year later.
    ["day", "2025-01-01T00:00:00.000+00:00", "2025-01-02T00:00:00.000+00:00"],
    // Weeks start on Monday: 30 December 2024 to 6 January 2025.
    ["week", "2024-12-30T00:00:00.000+00:00", "2025-01-06T00:00:00.000+00:00"],
    ["month", "2025-01-01T00:00:00.000+00:00", "2025-02-01T00:00:00.000+00:00"],
    ["quarter", "2025-01-01T00:00:00.000+00:00", "2025-04-01T00:00:00.000+00:00"],
    ["year", "2025-01-01T00:00:00.000+00:00", "2026-01-01T00:00:00.000+00:00"],
  ] as const)("%s", (interval, start, end) => {
    const m = cohortRetention(orders, { kind: "orders", interval, asOf });
    expect(ends(m)).toEqual([[start, end]]);
  });

  it("counts the periods begun by asOf with the cohort's own calendar", () => {
    // Daily, asOf 2025-01-04: days 1, 2, 3 January have begun (k = 0, 1, 2), all ended; the
    // customer ordered on days k = 0 and 2.
    const m = cohortRetention(orders, {
      kind: "orders",
      interval: "day",
      asOf: "2025-01-04T00:00:00Z",
    });
    expect(m.cohorts[0]?.retained).toEqual([1, 0, 1]);
    expect(m.cohorts[0]?.complete).toEqual([true, true, true]);
    // Quarterly, asOf 2025-07-01: Q1 and Q2 have begun and ended.
    const q = cohortRetention(orders, {
      kind: "orders",
      interval: "quarter",
      asOf: "2025-07-01T00:00:00Z",
    });
    expect(q.periods).toBe(2);
    expect(q.cohorts[0]?.retention).toEqual([1, 0]);
  });
});

describe('cohortRetention: "exact" personal periods near month ends', () => {
  it("steps back when the nominal estimate overshoots (July-August: 62 days)", () => {
    // First order 1 July 00:00; personal month 1 is 1 Aug - 1 Sep. 31 August 23:00 is 61.96
    // days after the start, which the nominal month (30.44 days) puts in month 2: the exact
    // calendar says month 1.
    const m = cohortRetention(
      deepFreeze([
        { customerId: "a", date: "2025-07-01T00:00:00Z", amount: 1 },
        { customerId: "a", date: "2025-08-31T23:00:00Z", amount: 1 },
      ]),
      { kind: "orders", mode: "exact", asOf: "2025-10-01T00:00:00Z" },
    );
    expect(m.cohorts[0]?.retained).toEqual([1, 1, 0]);
  });
});

describe("cohortRetention: subscriptions ending inside a period", () => {
  it("counts the period the subscription ends in", () => {
    // 10 January to 15 March: active in January, February and March (k = 0, 1, 2), not April.
    const m = cohortRetention(
      deepFreeze([{ customerId: "s", start: "2025-01-10T00:00:00Z", end: "2025-03-15T00:00:00Z" }]),
      { kind: "subscriptions", asOf: "2025-05-01T00:00:00Z" },
    );
    expect(m.cohorts[0]?.retained).toEqual([1, 1, 1, 0]);
  });
});

describe("cohortRetention: edges and messages", () => {
  it("gives asOf even when every order is at or after it", () => {
    const m = cohortRetention(
      deepFreeze([{ customerId: "a", date: "2025-03-01T00:00:00Z", amount: 1 }]),
      { kind: "orders", asOf: "2025-02-01T00:00:00Z" },
    );
    expect(m).toMatchObject({
      asOf: "2025-02-01T00:00:00.000+00:00",
      customers: 0,
      excluded: 1,
      cohorts: [],
    });
  });

  it("names bad arguments with their messages", () => {
    expect(() => cohortRetention("x" as never, { kind: "orders" })).toThrow(
      "(root): expected an array of records",
    );
    expectInputError(
      () => cohortRetention([], { kind: "orders", asOf: "2025-02-01" }),
      () => safeCohortRetention([], { kind: "orders", asOf: "2025-02-01" }),
      ["options", "asOf"],
    );
  });

  it("allows periods equal to maxPeriods, not one more", () => {
    const orders = deepFreeze([{ customerId: "a", date: "2025-01-01T00:00:00Z", amount: 1 }]);
    expect(cohortRetention(orders, { kind: "orders", periods: 3, maxPeriods: 3 }).periods).toBe(3);
    expect(() => cohortRetention(orders, { kind: "orders", periods: 4, maxPeriods: 3 })).toThrow(
      "options.periods: expected at most maxPeriods (3) periods (else raise options.maxPeriods)",
    );
  });
});

describe("cohortRetention: the general path (the one-pass path's fallback) on calendar orders", () => {
  // By hand: a orders 1 Jan and 3 Feb, b 3 Jan; c in year 9999 (a mistyped date).
  const two = deepFreeze([
    { customerId: "a", date: "2025-01-01T00:00:00Z", amount: 1 },
    { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 1 },
    { customerId: "a", date: "2025-02-03T00:00:00Z", amount: 1 },
  ]);
  const pathOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof MetricsInputError) return error.issues[0]?.path;
    }
    return undefined;
  };

  it("gives the same matrix and names the same outlying record", () => {
    const asOf = "2025-03-01T00:00:00Z";
    expect(cohortRetentionGeneral(two, { kind: "orders", asOf })).toEqual(
      cohortRetention(two, { kind: "orders", asOf }),
    );
    // January cohort {a, b}: both in January, a in February.
    expect(cohortRetentionGeneral(two, { kind: "orders", asOf }).cohorts[0]?.retained).toEqual([
      2, 1,
    ]);
    const late = [...two, { customerId: "c", date: "9999-01-01T00:00:00Z", amount: 1 }];
    const early = [{ customerId: "c", date: "1025-01-01T00:00:00Z", amount: 1 }, ...two];
    for (const run of [cohortRetention, cohortRetentionGeneral]) {
      expect(pathOf(() => run(late, { kind: "orders", interval: "day" }))).toEqual([3, "date"]);
      expect(pathOf(() => run(early, { kind: "orders", interval: "day" }))).toEqual([0, "date"]);
      expect(pathOf(() => run(two, { kind: "orders", maxPeriods: 1 }))).toEqual([2, "date"]);
      expect(
        pathOf(() => run(two, { kind: "orders", asOf: "2026-01-01T00:00:00Z", maxPeriods: 6 })),
      ).toEqual(["options", "asOf"]);
    }
  });
});
