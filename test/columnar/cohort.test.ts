import { test as fcTest } from "@fast-check/vitest";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortRetentionColumns, safeCohortRetentionColumns } from "../../src/columnar/index.ts";
import { cohortRetention } from "../../src/group/cohort.ts";
import { expectInputError } from "../helpers.ts";
import { freeze, unchanged } from "./helpers.ts";

const day = 86_400_000;
const JAN = Date.UTC(2025, 0, 1);

describe("cohortRetentionColumns: reference vectors", () => {
  // Hand calculation: a orders 5 Jan and 3 Feb, b orders 20 Jan, c orders 10 Feb; asOf 1 Mar.
  // January cohort {a, b}: size 2, month 0 both active -> 1, month 1 only a -> 0.5.
  // February cohort {c}: size 1, month 0 -> 1; month 1 (March) has not begun -> null.
  const table = freeze({
    customerId: { codes: Int32Array.of(0, 1, 0, 2), labels: ["a", "b", "c"] },
    date: Float64Array.of(JAN + 4 * day, JAN + 19 * day, JAN + 33 * day, JAN + 40 * day),
    amount: [10, 10, 10, 10],
  });

  it("gives the January and February cohorts", () => {
    const m = unchanged(table, () =>
      cohortRetentionColumns(table, { kind: "orders", asOf: "2025-03-01T00:00:00Z" }),
    );
    expect(
      m.cohorts.map((row) => [row.cohort.start, row.size, row.retained, row.retention]),
    ).toEqual([
      ["2025-01-01T00:00:00.000+00:00", 2, [2, 1], [1, 0.5]],
      ["2025-02-01T00:00:00.000+00:00", 1, [1, null], [1, null]],
    ]);
    expect(m.customers).toBe(3);
    expect(m.excluded).toBe(0);
    expect(m.asOf).toBe("2025-03-01T00:00:00.000+00:00");
  });

  it("counts orders at or after asOf as excluded, and defaults asOf to just after the last order", () => {
    const cut = cohortRetentionColumns(table, { kind: "orders", asOf: "2025-02-01T00:00:00Z" });
    expect(cut.excluded).toBe(2);
    expect(cut.cohorts.map((row) => row.retention)).toEqual([[1]]);
    const open = cohortRetentionColumns(table, { kind: "orders" });
    expect(open.asOf).toBe(new Date(JAN + 40 * day + 1).toISOString().replace("Z", "+00:00"));
  });

  it("reads Arrow timestamp and dictionary columns", () => {
    const t = new arrow.Table({
      customerId: arrow.vectorFromArray(
        ["a", "b", "a", "c"],
        new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
      ),
      date: arrow.vectorFromArray(
        Array.from(table.date, (ms) => new Date(ms)),
        new arrow.TimestampMillisecond(),
      ),
    });
    const m = cohortRetentionColumns(t, { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
    expect(m.cohorts.map((row) => row.retention)).toEqual([
      [1, 0.5],
      [1, null],
    ]);
    const days = new arrow.Table({
      customerId: arrow.vectorFromArray(Int32Array.of(0, 1, 0, 2)),
      date: arrow.vectorFromArray(
        Array.from(table.date, (ms) => new Date(ms)),
        new arrow.DateDay(),
      ),
    });
    const d = cohortRetentionColumns(days, { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
    expect(d.cohorts.map((row) => row.size)).toEqual([2, 1]);
  });

  it("reads Dates and ISO strings in plain arrays, with renamed columns", () => {
    const m = cohortRetentionColumns(
      freeze({
        who: ["a", "b", "a", "c"],
        when: [
          "2025-01-05T00:00:00Z",
          new Date(JAN + 19 * day),
          JAN + 33 * day,
          "2025-02-10T00:00:00+01:00",
        ],
      }),
      {
        kind: "orders",
        asOf: "2025-03-01T00:00:00Z",
        columns: { customerId: "who", date: "when" },
      },
    );
    expect(m.cohorts.map((row) => row.retention)).toEqual([
      [1, 0.5],
      [1, null],
    ]);
  });
});

describe("cohortRetentionColumns: errors", () => {
  const base = { customerId: ["a", "b"], date: [JAN, JAN + day], amount: [1, 2] };
  const cases: [Record<string, unknown>, (string | number)[]][] = [
    [{ ...base, date: [JAN, "2025-01-02T00:00:00"] }, ["date", 1]],
    [{ ...base, date: [Number.NaN, JAN] }, ["date", 0]],
    [{ ...base, customerId: ["a", ""] }, ["customerId", 1]],
    [{ ...base, customerId: { codes: [0, 5], labels: ["a"] } }, ["customerId", 1]],
    [{ ...base, amount: [1, -2] }, ["amount", 1]],
  ];
  it("names the column and row", () => {
    for (const [table, path] of cases) {
      expectInputError(
        () => cohortRetentionColumns(table as never, { kind: "orders" }),
        () => safeCohortRetentionColumns(table as never, { kind: "orders" }),
        path,
      );
    }
  });

  it("rejects bad options", () => {
    expectInputError(
      // @ts-expect-error not a kind
      () => cohortRetentionColumns(base, { kind: "visits" }),
      // @ts-expect-error not a kind
      () => safeCohortRetentionColumns(base, { kind: "visits" }),
      ["options", "kind"],
    );
    expectInputError(
      // @ts-expect-error an unknown column option
      () => cohortRetentionColumns(base, { kind: "orders", columns: { id: "x" } }),
      // @ts-expect-error an unknown column option
      () => safeCohortRetentionColumns(base, { kind: "orders", columns: { id: "x" } }),
      ["options", "columns"],
    );
  });

  it("caps the matrix at maxPeriods columns, naming the outlying row (as cohortRetention)", () => {
    // By hand: a (5 Jan, 3 Feb) and b (20 Jan) give January and February: 2 monthly columns.
    const two = freeze({
      customerId: { codes: Int32Array.of(0, 1, 0), labels: ["a", "b"] },
      date: Float64Array.of(JAN + 4 * day, JAN + 19 * day, JAN + 33 * day),
    });
    expect(cohortRetentionColumns(two, { kind: "orders", maxPeriods: 2 }).periods).toBe(2);
    expectInputError(
      () => cohortRetentionColumns(two, { kind: "orders", maxPeriods: 1 }),
      () => safeCohortRetentionColumns(two, { kind: "orders", maxPeriods: 1 }),
      ["date", 2],
    );
    expectInputError(
      () => cohortRetentionColumns(two, { kind: "orders", periods: 3, maxPeriods: 2 }),
      () => safeCohortRetentionColumns(two, { kind: "orders", periods: 3, maxPeriods: 2 }),
      ["options", "periods"],
    );
    expectInputError(
      () =>
        cohortRetentionColumns(two, {
          kind: "orders",
          asOf: "2026-01-01T00:00:00Z",
          maxPeriods: 6,
        }),
      () =>
        safeCohortRetentionColumns(two, {
          kind: "orders",
          asOf: "2026-01-01T00:00:00Z",
          maxPeriods: 6,
        }),
      ["options", "asOf"],
    );
    // Year 9999 in a daily matrix (row 3), and year 1025 (row 0): errors at once, no grid of
    // three million days.
    const began = performance.now();
    const late = freeze({
      customerId: { codes: Int32Array.of(0, 1, 0, 2), labels: ["a", "b", "c"] },
      date: Float64Array.of(JAN + 4 * day, JAN + 19 * day, JAN + 33 * day, Date.UTC(9999, 0, 1)),
    });
    expectInputError(
      () => cohortRetentionColumns(late, { kind: "orders", interval: "day" }),
      () => safeCohortRetentionColumns(late, { kind: "orders", interval: "day" }),
      ["date", 3],
    );
    const early = freeze({
      customerId: { codes: Int32Array.of(2, 0, 1, 0), labels: ["a", "b", "c"] },
      date: Float64Array.of(Date.UTC(1025, 0, 1), JAN + 4 * day, JAN + 19 * day, JAN + 33 * day),
    });
    expectInputError(
      () => cohortRetentionColumns(early, { kind: "orders", interval: "day" }),
      () => safeCohortRetentionColumns(early, { kind: "orders", interval: "day" }),
      ["date", 0],
    );
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it("gives an empty matrix for no orders", () => {
    const m = cohortRetentionColumns({ customerId: [], date: [] }, { kind: "orders" });
    expect(m.cohorts).toEqual([]);
    expect(m.customers).toBe(0);
    expect(m.asOf).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the columns give what cohortRetention gives on the same orders as records

const ordersArbitrary = fc.array(
  fc.record({
    customerId: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom("x", "y", "z")),
    date: fc.integer({ min: JAN - 60 * day, max: JAN + 400 * day }),
    amount: fc.double({ min: 0, max: 100, noNaN: true }),
  }),
  { maxLength: 120 },
);

const optionsArbitrary = fc.record({
  interval: fc.constantFrom("day", "week", "month", "quarter") as fc.Arbitrary<"month">,
  timeZone: fc.constantFrom("UTC", "Europe/Paris", "Asia/Kolkata", "America/New_York"),
  weekStartsOn: fc.constantFrom(0, 1, 3) as fc.Arbitrary<1>,
  asOf: fc.option(fc.integer({ min: JAN, max: JAN + 420 * day }), { nil: undefined }),
  periods: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  mode: fc.constantFrom("calendar", "calendar", "exact", "unbounded") as fc.Arbitrary<"calendar">,
});

describe("cohortRetentionColumns: properties", () => {
  fcTest.prop([ordersArbitrary, optionsArbitrary], { numRuns: 150 })(
    "equals cohortRetention on the same orders as records",
    (orders, o) => {
      const options = {
        kind: "orders" as const,
        interval: o.interval,
        timeZone: o.timeZone,
        weekStartsOn: o.weekStartsOn,
        mode: o.mode,
        ...(o.asOf === undefined ? {} : { asOf: o.asOf }),
        ...(o.periods === undefined ? {} : { periods: o.periods }),
      };
      const table = {
        customerId: orders.map((r) => r.customerId),
        date: Float64Array.from(orders, (r) => r.date),
        amount: Float64Array.from(orders, (r) => r.amount),
      };
      expect(cohortRetentionColumns(table, options)).toEqual(cohortRetention(orders, options));
    },
  );
});
