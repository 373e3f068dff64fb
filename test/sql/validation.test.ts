// What fromSqlRows and cohortRetentionFromSqlRows accept from a driver, and the limits of toSql:
// counts are non-negative integers in any driver form, tally columns keep their metric's
// relations (a subset never above its total), series and histograms are bounded. Expected
// values are hand calculations written next to each case, or an independent DuckDB query.
import { DuckDBInstance } from "@duckdb/node-api";
import { test as fcTest } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { AnyMetric } from "../../src/metric.ts";
import {
  cohortRetentionFromSqlRows,
  cohortRetentionSql,
  safeCohortRetentionFromSqlRows,
} from "../../src/sql/cohort.ts";
import { churnSqlMetric, repeatRateSqlMetric } from "../../src/sql/customers.ts";
import {
  fromSqlRows,
  type SqlRow,
  safeFromSqlRows,
  safeToSql,
  toSql,
} from "../../src/sql/query.ts";
import { readCount } from "../../src/sql/rows.ts";
import type { MetricSql } from "../../src/sql/spec.ts";
import { countSchema } from "../../src/stats/options.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { deepFreeze, expectInputError } from "../helpers.ts";

const nps = npsMetric({ score: "score" });
const MARCH = { start: "2025-03-01T00:00:00Z", end: "2025-04-01T00:00:00Z" };
const churn = churnSqlMetric({ period: MARCH });
const repeat = repeatRateSqlMetric({ period: MARCH });
const COUNT = "expected a non-negative integer count";

/** A frozen one-row input. */
const one = (row: SqlRow): readonly SqlRow[] => deepFreeze([row]);

describe("count columns: any driver form of a non-negative integer, nothing else", () => {
  it("reads numbers, bigints, integer-valued numeric strings, -0 and NULL (as 0)", () => {
    // Hand calculation: answers 10 x3 (promoters), 0 x1 (detractor), n = 4:
    // NPS = 100 * (3 - 1) / 4 = 50.
    const rows = one({
      n: 4n,
      nps__answer_10: "3.000",
      nps__answer_0: " 1 ",
      nps__answer_5: -0,
      nps__answer_7: null,
    });
    const result = fromSqlRows(nps, rows, { minN: 0 });
    expect(result.n).toBe(4);
    expect(result.results.nps?.value).toBe(50);
    // -0 is read as 0, so no negative zero reaches a result.
    expect(Object.is(readCount(-0, [0, "n"]), 0)).toBe(true);
  });

  const bad: readonly [string, unknown][] = [
    ["negative", -2],
    ["fractional", 2.5],
    ["a fractional numeric string", "2.5"],
    ["a negative numeric string", "-1"],
    ["a negative bigint", -1n],
    ["a bigint beyond 2^53", 2n ** 60n],
    ["a number beyond 2^53", 2 ** 60],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["text", "two"],
    ["an empty string", ""],
    ["a boolean", true],
    ["an object", { value: 1 }],
  ];
  it.each(bad)("rejects %s in a count column, naming the row and column", (_name, value) => {
    const rows = one({ n: 2, nps__answer_9: 2, nps__answer_10: value });
    expectInputError(
      () => fromSqlRows(nps, rows),
      () => safeFromSqlRows(nps, rows),
      [0, "nps__answer_10"],
      `[0].nps__answer_10: ${COUNT}`,
    );
  });

  it("rejects a negative or fractional n", () => {
    for (const n of [-2, 2.5, "1e400"]) {
      const rows = one({ n, nps__answer_10: 2 });
      expectInputError(
        () => fromSqlRows(nps, rows),
        () => safeFromSqlRows(nps, rows),
        [0, "n"],
        `[0].n: ${COUNT}`,
      );
    }
  });

  it("rejects more answers than rows (the old n - answered < 0)", () => {
    // 3 answers of 10 counted in a group of 2 rows: impossible, every answer is a row.
    const rows = one({ n: 2, nps__answer_10: 3 });
    expectInputError(
      () => fromSqlRows(nps, rows),
      () => safeFromSqlRows(nps, rows),
      [0, "n"],
      /^\[0\]\.n: expected at least the 3 answers counted in the "nps" columns/,
    );
  });

  fcTest.prop([
    fc.oneof(
      fc.double(),
      fc.integer({ min: -1000, max: 1000 }),
      fc.constantFrom(
        0,
        -0,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER + 1,
        -1,
        0.5,
        1e300,
        Number.NaN,
      ),
    ),
  ])("the inline count check accepts exactly the numbers countSchema accepts", (value) => {
    let inline = true;
    try {
      readCount(value, [0, "n"]);
    } catch {
      inline = false;
    }
    expect(inline).toBe(z.safeParse(countSchema, value).success);
  });
});

describe("tally columns keep their metric's relations", () => {
  // A consistent churn row, by hand: 4 customers at the start, 2 retained and 2 churned; 1 new
  // customer, still active at the end, so 3 at the end; 6 subscription rows.
  // Churn = churned / customersAtStart = 2 / 4 = 0.5.
  const base = {
    n: 6,
    churnRate__invalid: 0,
    churnRate__customersAtStart: 4,
    churnRate__customersAtEnd: 3,
    churnRate__newCustomers: 1,
    churnRate__retained: 2,
    churnRate__churned: 2,
    churnRate__newChurned: 0,
  };

  it("accepts a consistent row, and ties exactly at every limit", () => {
    expect(fromSqlRows(churn, one(base), { minN: 0 }).results.churnRate?.value).toBe(0.5);
    // Ties: churned = customersAtStart (3), retained = customersAtEnd (0), newChurned =
    // newCustomers (1), customersAtStart + newCustomers = n (4). Churn = 3 / 3 = 1.
    const tied = {
      ...base,
      n: 4,
      churnRate__customersAtStart: 3,
      churnRate__churned: 3,
      churnRate__retained: 0,
      churnRate__customersAtEnd: 0,
      churnRate__newCustomers: 1,
      churnRate__newChurned: 1,
    };
    expect(fromSqlRows(churn, one(tied), { minN: 0 }).results.churnRate?.value).toBe(1);
    // Ties: customersAtEnd = customersAtStart + newCustomers = n (5). Churn = 2 / 4 = 0.5.
    const full = { ...base, n: 5, churnRate__customersAtEnd: 5, churnRate__retained: 2 };
    expect(fromSqlRows(churn, one(full), { minN: 0 }).results.churnRate?.value).toBe(0.5);
  });

  const churnCases: readonly [string, Partial<typeof base>, string, string][] = [
    [
      "churned above customers at start (a churn rate of 2.5)",
      { churnRate__customersAtStart: 2, churnRate__churned: 5 },
      "churnRate__churned",
      "cannot exceed [0].churnRate__customersAtStart (5 > 2)",
    ],
    [
      "retained above customers at start",
      { churnRate__retained: 5, churnRate__customersAtEnd: 5 },
      "churnRate__retained",
      "cannot exceed [0].churnRate__customersAtStart (5 > 4)",
    ],
    [
      "retained above customers at end",
      { churnRate__retained: 4 },
      "churnRate__retained",
      "cannot exceed [0].churnRate__customersAtEnd (4 > 3)",
    ],
    [
      "new churned above new customers",
      { churnRate__newChurned: 2 },
      "churnRate__newChurned",
      "cannot exceed [0].churnRate__newCustomers (2 > 1)",
    ],
    [
      "customers at end above those at start plus new",
      { churnRate__customersAtEnd: 6 },
      "churnRate__customersAtEnd",
      "cannot exceed [0].churnRate__customersAtStart + [0].churnRate__newCustomers (6 > 5)",
    ],
    [
      "more customers than rows",
      { n: 4 },
      "churnRate__customersAtStart",
      "[0].churnRate__customersAtStart + [0].churnRate__newCustomers cannot exceed [0].n (5 > 4)",
    ],
  ];
  it.each(churnCases)("churn: rejects %s", (_name, change, column, message) => {
    const rows = one({ ...base, ...change });
    expectInputError(
      () => fromSqlRows(churn, rows),
      () => safeFromSqlRows(churn, rows),
      [0, column],
      `[0].${column}: ${message}`,
    );
  });

  it("churn: rejects a negative or fractional customer count", () => {
    for (const value of [-1, 1.5]) {
      const rows = one({ ...base, churnRate__churned: value });
      expectInputError(
        () => fromSqlRows(churn, rows),
        () => safeFromSqlRows(churn, rows),
        [0, "churnRate__churned"],
        `[0].churnRate__churned: ${COUNT}`,
      );
    }
  });

  // Repeat rate by hand: 5 customers bought before March, 2 of them again in March; March's
  // 4 customers are those 2 and 2 new ones; 9 order rows. Repeat rate = 2 / 5 = 0.4.
  const repeatBase = {
    n: 9,
    repeatRate__invalid: 0,
    repeatRate__priorCustomers: 5,
    repeatRate__repeatCustomers: 2,
    repeatRate__periodCustomers: 4,
    repeatRate__newCustomers: 2,
  };
  it("repeat rate: accepts a consistent row and rejects each broken relation", () => {
    expect(fromSqlRows(repeat, one(repeatBase), { minN: 0 }).results.repeatRate?.value).toBe(0.4);
    const cases: readonly [Partial<typeof repeatBase>, string, string][] = [
      [
        { repeatRate__repeatCustomers: 6, repeatRate__periodCustomers: 8 },
        "repeatRate__repeatCustomers",
        "cannot exceed [0].repeatRate__priorCustomers (6 > 5)",
      ],
      [
        { repeatRate__newCustomers: 3 },
        "repeatRate__repeatCustomers",
        "[0].repeatRate__repeatCustomers + [0].repeatRate__newCustomers cannot exceed [0].repeatRate__periodCustomers (5 > 4)",
      ],
      [
        { n: 6 },
        "repeatRate__priorCustomers",
        "[0].repeatRate__priorCustomers + [0].repeatRate__newCustomers cannot exceed [0].n (7 > 6)",
      ],
    ];
    for (const [change, column, message] of cases) {
      const rows = one({ ...repeatBase, ...change });
      expectInputError(
        () => fromSqlRows(repeat, rows),
        () => safeFromSqlRows(repeat, rows),
        [0, column],
        `[0].${column}: ${message}`,
      );
    }
  });

  // Any six counts 0..6 and n 0..12: accepted exactly when the relations below hold (written
  // here from the definitions of the churn tally, not from the library), and then the churn
  // is churned / customersAtStart (null for no customers at the start).
  const small = fc.integer({ min: 0, max: 6 });
  fcTest.prop([small, small, small, small, small, small, fc.integer({ min: 0, max: 12 })], {
    numRuns: 300,
  })(
    "churn rows are accepted exactly when they are consistent",
    (start, end, added, retained, churned, addedChurned, n) => {
      const consistent =
        churned <= start &&
        retained <= start &&
        retained <= end &&
        addedChurned <= added &&
        end <= start + added &&
        start + added <= n;
      const rows = one({
        n,
        churnRate__invalid: 0,
        churnRate__customersAtStart: start,
        churnRate__customersAtEnd: end,
        churnRate__newCustomers: added,
        churnRate__retained: retained,
        churnRate__churned: churned,
        churnRate__newChurned: addedChurned,
      });
      const result = safeFromSqlRows(churn, rows, { minN: 0 });
      expect(result.ok).toBe(consistent);
      if (result.ok) {
        expect(result.value.results.churnRate?.value).toBe(start === 0 ? null : churned / start);
      }
    },
  );
});

describe("sums of money: finite numbers", () => {
  // A minimal hand-made metric with a SQL form: the revenue sum and the count of orders.
  interface RevenueTally {
    readonly revenue: number;
    readonly orders: number;
  }
  const sql: MetricSql<RevenueTally> = {
    level: "rows",
    aggregates: (c) => [
      ["revenue", `SUM(${c.column("amount")})`],
      ["orders", "COUNT(*)"],
    ],
    invalid: (c) => `${c.column("amount")} IS NULL`,
    expected: "an amount",
    amounts: ["revenue"],
    limits: [{ part: ["orders"], whole: "n" }],
    tally: (read) => ({ revenue: read("revenue"), orders: read("orders") }),
  };
  const revenue: AnyMetric<never> & { readonly sql: MetricSql<RevenueTally> } = {
    name: "revenue",
    init: () => ({ revenue: 0, orders: 0 }),
    add: () => undefined,
    tally: (state: RevenueTally) => state,
    empty: () => ({ revenue: 0, orders: 0 }),
    merge: (a: RevenueTally, b: RevenueTally) => ({
      revenue: a.revenue + b.revenue,
      orders: a.orders + b.orders,
    }),
    finalize: (t: RevenueTally) => t,
    sql,
  };

  it("reads negative and fractional sums in any form; rejects non-finite ones", () => {
    // Hand calculation: -12.5 + 3.25 = -9.25 over two rows of 1 order each.
    const rows = deepFreeze([
      { n: 1, revenue__invalid: 0, revenue__revenue: -12.5, revenue__orders: 1 },
      { n: 1, revenue__invalid: 0, revenue__revenue: "3.25", revenue__orders: 1n },
    ]);
    expect(fromSqlRows(revenue, rows, { minN: 0 }).results.revenue).toEqual({
      revenue: -9.25,
      orders: 2,
    });
    for (const value of [Number.POSITIVE_INFINITY, Number.NaN, "abc", "1e400"]) {
      const bad = one({ n: 1, revenue__invalid: 0, revenue__revenue: value, revenue__orders: 1 });
      expectInputError(
        () => fromSqlRows(revenue, bad),
        () => safeFromSqlRows(revenue, bad),
        [0, "revenue__revenue"],
        "[0].revenue__revenue: expected a finite number (a sum of money from the query)",
      );
    }
    // The count beside it is still a count, and within n.
    const fractional = one({ n: 1, revenue__revenue: 1, revenue__orders: 0.5 });
    expectInputError(
      () => fromSqlRows(revenue, fractional),
      () => safeFromSqlRows(revenue, fractional),
      [0, "revenue__orders"],
    );
    const over = one({ n: 1, revenue__revenue: 1, revenue__orders: 2 });
    expectInputError(
      () => fromSqlRows(revenue, over),
      () => safeFromSqlRows(revenue, over),
      [0, "revenue__orders"],
      "[0].revenue__orders: cannot exceed [0].n (2 > 1)",
    );
  });
});

describe("histogram metrics in SQL: integer answers, at most 1,000", () => {
  const spec = nps.histogram;
  if (spec === undefined) throw new Error("npsMetric has a histogram");
  const withAnswers = (min: number, max: number) => ({
    ...nps,
    histogram: { ...spec, min, max },
  });

  it("rejects max Infinity, a huge range, non-integers and max < min, before any SQL", () => {
    const cases: readonly [number, number, string][] = [
      [0, Number.POSITIVE_INFINITY, "got min 0, max Infinity"],
      [0, 1e9, "got min 0, max 1000000000"],
      [0.5, 10, "got min 0.5, max 10"],
      [0, Number.NaN, "got min 0, max NaN"],
      [5, 4, "got min 5, max 4"],
      [0, 1000, "got min 0, max 1000"],
    ];
    for (const [min, max, got] of cases) {
      const metric = withAnswers(min, max);
      const message = `metrics.nps.histogram: expected integer answers min..max with at most 1000 answers for SQL (one column each); ${got}`;
      expectInputError(
        () => toSql(metric, { table: "answers" }),
        () => safeToSql(metric, { table: "answers" }),
        ["metrics", "nps", "histogram"],
        message,
      );
      expectInputError(
        () => fromSqlRows(metric, [{ n: 0 }]),
        () => safeFromSqlRows(metric, [{ n: 0 }]),
        ["metrics", "nps", "histogram"],
        message,
      );
    }
  });

  it("accepts exactly 1,000 answers: 1,000 SUM columns", () => {
    const sql = toSql(withAnswers(0, 999), { table: "answers" });
    expect(sql.split("SUM(CASE WHEN").length - 1).toBe(1000);
    expect(sql).toContain('"score" = 999 THEN');
  });
});

describe("maxPeriods", () => {
  const january = {
    date: "at",
    interval: "day",
    start: "2025-01-01T00:00:00Z",
    end: "2025-02-01T00:00:00Z",
  } as const;

  it("caps the series toSql writes and fromSqlRows reads (case bucketing)", () => {
    // January has 31 days: 31 periods.
    const sql = toSql(nps, { table: "answers", period: { ...january, maxPeriods: 31 } });
    // One boundary before the series (-1), then one per day; the CASE is written twice
    // (SELECT and GROUP BY).
    expect(sql.split('WHEN "at" < ').length - 1).toBe(2 * (1 + 31));
    const options = { table: "answers", period: { ...january, maxPeriods: 30 } };
    const message =
      "options.period.end: expected a series of at most maxPeriods (30) days: this date makes it longer (a mistyped date? else raise options.period.maxPeriods)";
    expectInputError(
      () => toSql(nps, options),
      () => safeToSql(nps, options),
      ["options", "period", "end"],
      message,
    );
    expectInputError(
      () => fromSqlRows(nps, [], options),
      () => safeFromSqlRows(nps, [], options),
      ["options", "period", "end"],
      message,
    );
  });

  it("stops a default-sized mistake: 8,000 years of days", () => {
    const options = {
      table: "answers",
      period: {
        date: "at",
        interval: "day",
        start: "1000-01-01T00:00:00Z",
        end: "9000-01-01T00:00:00Z",
      },
    } as const;
    expectInputError(
      () => toSql(nps, options),
      () => safeToSql(nps, options),
      ["options", "period", "end"],
      /at most maxPeriods \(100000\) days/,
    );
  });

  it("caps a date_trunc series read from the rows, naming the row that stretches it", () => {
    const JAN_1 = Date.UTC(2025, 0, 1);
    const MAR_1 = Date.UTC(2025, 2, 1);
    const period = { date: "at", interval: "day", bucketing: "date_trunc" } as const;
    // Jan 1 to Mar 1 inclusive: 31 + 28 + 1 = 60 days.
    const rows = (nJan: number, nMar: number) =>
      deepFreeze([
        { period: JAN_1, n: nJan, nps__answer_10: nJan },
        { period: String(MAR_1), n: nMar, nps__answer_0: nMar },
      ]);
    const series = fromSqlRows(nps, rows(10, 1), { period: { ...period, maxPeriods: 60 } });
    expect(series.periods.length).toBe(60);
    expect(series.periods[59]?.period.start).toBe("2025-03-01T00:00:00.000+00:00");
    // Most rows in January: the March row is the outlier (row 1), and the reverse.
    const tight = { period: { ...period, maxPeriods: 59 } };
    expectInputError(
      () => fromSqlRows(nps, rows(10, 1), tight),
      () => safeFromSqlRows(nps, rows(10, 1), tight),
      [1, "period"],
      /at most maxPeriods \(59\) days/,
    );
    expectInputError(
      () => fromSqlRows(nps, rows(1, 10), tight),
      () => safeFromSqlRows(nps, rows(1, 10), tight),
      [0, "period"],
    );
    // With a start given, the early side is the option, not a row.
    const started = { period: { ...period, maxPeriods: 59, start: JAN_1 } };
    expectInputError(
      () => fromSqlRows(nps, rows(1, 10), started),
      () => safeFromSqlRows(nps, rows(1, 10), started),
      ["options", "period", "start"],
    );
  });

  it("rejects a bad maxPeriods, and period values outside the series", () => {
    const zero = { table: "answers", period: { ...january, maxPeriods: 0 } };
    expectInputError(
      () => toSql(nps, zero),
      () => safeToSql(nps, zero),
      ["options", "period", "maxPeriods"],
    );
    const options = { period: january };
    // 31 periods: index 31 is past the series (it used to be dropped without a word), 0.5 is
    // no index; "3" is index 3.
    for (const value of [31, 0.5, -3]) {
      const rows = one({ period: value, n: 1, nps__answer_10: 1 });
      expectInputError(
        () => fromSqlRows(nps, rows, options),
        () => safeFromSqlRows(nps, rows, options),
        [0, "period"],
        "[0].period: expected a period index of the series, 0 to 30 (-1: outside it, -2: no date)",
      );
    }
    const series = fromSqlRows(nps, one({ period: "3", n: 1, nps__answer_10: 1 }), options);
    expect(series.periods[3]?.n).toBe(1);
  });
});

describe("cohort rows", () => {
  // Grid: January, February, March 2025 (asOf April 1: every period complete).
  const options = {
    table: "orders",
    start: "2025-01-01T00:00:00Z",
    asOf: "2025-04-01T00:00:00Z",
  } as const;
  const summary = { cohort: null, period: null, customers: 0, excluded: 0, before: 0, invalid: 0 };

  it("reads driver forms and accepts a cell equal to its cohort size", () => {
    // By hand: January's cohort has 2 customers, both back in February (2/2 = 1), one in
    // March (1/2 = 0.5); February's cohort has 1 customer, back in March (1/1 = 1).
    const rows = deepFreeze([
      { cohort: 0n, period: 0n, customers: 2n },
      { cohort: "0", period: "1", customers: "2" },
      { cohort: 0, period: 2, customers: "1.000" },
      { cohort: 1, period: 1, customers: 1 },
      { cohort: 1, period: 2, customers: 1 },
      summary,
    ]);
    const matrix = cohortRetentionFromSqlRows(rows, options);
    expect(matrix.cohorts.map((row) => [row.size, row.retention])).toEqual([
      [2, [1, 1, 0.5]],
      [1, [1, 1, null]],
    ]);
    expect(matrix.customers).toBe(3);
  });

  const cases: readonly [string, readonly SqlRow[], readonly (string | number)[], string][] = [
    [
      "negative customers",
      [
        { cohort: 0, period: 0, customers: 2 },
        { cohort: 0, period: 1, customers: -2 },
      ],
      [1, "customers"],
      `[1].customers: ${COUNT}`,
    ],
    [
      "fractional customers",
      [{ cohort: 0, period: 0, customers: 2.5 }],
      [0, "customers"],
      `[0].customers: ${COUNT}`,
    ],
    [
      "a cell above its cohort's size (a retention of 2.5)",
      [
        { cohort: 0, period: 0, customers: 2 },
        { cohort: 0, period: 1, customers: 5 },
      ],
      [1, "customers"],
      "[1].customers: cannot exceed the size of cohort 0 ([0].customers): 5 > 2",
    ],
    [
      "two rows of one cell adding up above the size (the last is named)",
      [
        { cohort: 0, period: 1, customers: 2 },
        { cohort: 0, period: 0, customers: 3 },
        { cohort: 0, period: 1, customers: 2 },
      ],
      [2, "customers"],
      "[2].customers: cannot exceed the size of cohort 0 ([1].customers): 4 > 3",
    ],
    [
      "a later cell of a cohort with no first-period row",
      [{ cohort: 1, period: 2, customers: 1 }],
      [0, "customers"],
      "[0].customers: cannot exceed the size of cohort 1 (no row for its first period): 1 > 0",
    ],
    [
      "a fractional period",
      [{ cohort: 0, period: 1.5, customers: 1 }],
      [0, "period"],
      "[0].period: expected cohort and period indexes of the grid: 0 <= cohort <= period <= 2",
    ],
    [
      "a period before the cohort",
      [{ cohort: 1, period: 0, customers: 1 }],
      [0, "period"],
      "[0].period: expected cohort and period indexes of the grid: 0 <= cohort <= period <= 2",
    ],
    [
      "a negative excluded count",
      [{ ...summary, excluded: -1 }],
      [0, "excluded"],
      `[0].excluded: ${COUNT}`,
    ],
  ];
  it.each(cases)("rejects %s", (_name, rows, path, message) => {
    const frozen = deepFreeze([...rows]);
    expectInputError(
      () => cohortRetentionFromSqlRows(frozen, options),
      () => safeCohortRetentionFromSqlRows(frozen, options),
      path,
      message,
    );
  });

  it("caps the grid at maxPeriods", () => {
    // January 2025 in days: 31 periods.
    const days = { ...options, interval: "day", asOf: "2025-02-01T00:00:00Z" } as const;
    const sql = cohortRetentionSql({ ...days, maxPeriods: 31 });
    expect(sql).toContain(" THEN 30 ELSE -1 END");
    expectInputError(
      () => cohortRetentionFromSqlRows([], { ...days, maxPeriods: 30 }),
      () => safeCohortRetentionFromSqlRows([], { ...days, maxPeriods: 30 }),
      ["options", "asOf"],
      /at most maxPeriods \(30\) days from start to asOf/,
    );
    expectInputError(
      () => cohortRetentionFromSqlRows([], { ...days, maxPeriods: 31, periods: 32 }),
      () => safeCohortRetentionFromSqlRows([], { ...days, maxPeriods: 31, periods: 32 }),
      ["options", "periods"],
    );
    const ages = { ...options, interval: "day", start: "0001-01-01T00:00:00Z" } as const;
    expectInputError(
      () => cohortRetentionFromSqlRows([], ages),
      () => safeCohortRetentionFromSqlRows([], ages),
      ["options", "asOf"],
      /maxPeriods \(100000\)/,
    );
  });
});

describe("real driver values from DuckDB", () => {
  let instance: DuckDBInstance;
  let run: (sql: string) => Promise<SqlRow[]>;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
    await run("CREATE TABLE answers AS SELECT * FROM (VALUES (10), (10), (9), (3), (7)) t(score)");
  });
  afterAll(() => instance.closeSync());

  it("HUGEINT, DECIMAL and VARCHAR counts give the NPS of an independent query", async () => {
    // Reference: NPS written directly in DuckDB (100 * (3 - 1) / 5 = 40 by hand).
    const [reference] = await run(
      "SELECT 100.0 * (SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END) - SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END)) / COUNT(*) AS v FROM answers",
    );
    const sql = toSql(nps, { table: "answers", dialect: "duckdb" });
    const rows = await run(
      `SELECT CAST(n AS VARCHAR) AS n, CAST(nps__answer_10 AS DECIMAL(18, 3)) AS nps__answer_10, * EXCLUDE (n, nps__answer_10) FROM (${sql})`,
    );
    expect(typeof rows[0]?.["nps__answer_9"]).toBe("bigint");
    expect(fromSqlRows(nps, rows, { minN: 0 }).results.nps?.value).toBeCloseTo(
      Number(reference?.["v"]),
      12,
    );
  });

  it("a hand-written query with a negative count is an input error, not an NPS", async () => {
    const rows = await run(
      "SELECT COUNT(*) AS n, SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END) - 5 AS nps__answer_10 FROM answers",
    );
    expectInputError(
      () => fromSqlRows(nps, rows),
      () => safeFromSqlRows(nps, rows),
      [0, "nps__answer_10"],
      `[0].nps__answer_10: ${COUNT}`,
    );
  });
});
