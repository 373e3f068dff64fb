import { describe, expect, it } from "vitest";
import { runMetric } from "../../src/metric.ts";
import {
  cohortRetentionFromSqlRows,
  cohortRetentionSql,
  safeCohortRetentionFromSqlRows,
} from "../../src/sql/cohort.ts";
import {
  churnSqlMetric,
  repeatRateSqlMetric,
  safeChurnSqlMetric,
} from "../../src/sql/customers.ts";
import { sqlDialect } from "../../src/sql/dialect.ts";
import { fromSqlRows, safeFromSqlRows, safeToSql, toSql } from "../../src/sql/query.ts";
import { csatMetric } from "../../src/survey/csat.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { deepFreeze, expectInputError } from "../survey/helpers.ts";

const nps = npsMetric({ score: "score" });

describe("toSql", () => {
  it("counts each answer of a histogram metric with SUM(CASE WHEN ...)", () => {
    const sql = toSql(nps, {
      table: "answers",
      groupBy: "region",
      columns: { score: "nps_answer" },
    });
    expect(sql).toContain('"region" AS "segment"');
    expect(sql).toContain('COUNT(*) AS "n"');
    expect(sql).toContain('SUM(CASE WHEN nps_answer = 0 THEN 1 ELSE 0 END) AS "nps__answer_0"');
    expect(sql).toContain('SUM(CASE WHEN nps_answer = 10 THEN 1 ELSE 0 END) AS "nps__answer_10"');
    // Invalid answers (NULL, out of range, not integers) are n minus the counted ones.
    expect(sql).not.toContain("invalid");
    expect(sql.endsWith('GROUP BY "region"')).toBe(true);
    expect(toSql(nps, { table: "answers" })).not.toContain("GROUP BY");
  });

  it("writes period boundaries computed in the zone as literals", () => {
    const sql = toSql(nps, {
      table: "answers",
      period: {
        date: "at",
        interval: "month",
        start: "2025-01-01T00:00:00Z",
        end: "2025-03-01T00:00:00Z",
        timeZone: "Asia/Kolkata",
      },
    });
    // Months in Kolkata (UTC+05:30) start at 18:30 UTC the day before; March begins before the
    // end (2025-03-01T00:00Z), so it is in the series, as in byPeriod.
    expect(sql).toContain(
      `CASE WHEN "at" IS NULL THEN -2 WHEN "at" < TIMESTAMP WITH TIME ZONE '2024-12-31 18:30:00.000+00:00' THEN -1 ` +
        `WHEN "at" < TIMESTAMP WITH TIME ZONE '2025-01-31 18:30:00.000+00:00' THEN 0 ` +
        `WHEN "at" < TIMESTAMP WITH TIME ZONE '2025-02-28 18:30:00.000+00:00' THEN 1 ` +
        `WHEN "at" < TIMESTAMP WITH TIME ZONE '2025-03-31 18:30:00.000+00:00' THEN 2 ELSE -1 END AS "period"`,
    );
    const epoch = toSql(nps, {
      table: "answers",
      dates: "epoch-ms",
      period: { date: "at", interval: "day", start: 0, end: 86_400_000 },
    });
    expect(epoch).toContain('WHEN "at" < 0 THEN -1 WHEN "at" < 86400000 THEN 0 ELSE -1 END');
  });

  it("uses the dialect's quoting, literals and date_trunc", () => {
    const bigquery = toSql(nps, {
      table: "ds.answers",
      dialect: "bigquery",
      period: { date: "at", interval: "week", bucketing: "date_trunc", timeZone: "Europe/Paris" },
    });
    expect(bigquery).toContain("UNIX_MILLIS(TIMESTAMP_TRUNC(`at`, ISOWEEK, 'Europe/Paris'))");
    expect(bigquery).toContain("AS `nps__answer_10`");
    expect(sqlDialect("snowflake").timestamp(0)).toBe(
      "'1970-01-01 00:00:00.000 +00:00'::TIMESTAMP_TZ",
    );
    expect(sqlDialect("trino").timestamp(0)).toBe("TIMESTAMP '1970-01-01 00:00:00.000 UTC'");
    expect(sqlDialect("postgres").truncate?.("t", "month", "UTC")).toBe(
      "(date_trunc('month', (t) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')",
    );
    const custom = {
      name: "mine",
      quote: (s: string) => `[${s}]`,
      timestamp: (ms: number) => `ts(${ms})`,
    };
    expect(toSql(nps, { table: "t", dialect: custom })).toContain("AS [nps__answer_0]");
  });

  it("reduces customer metrics to flags per customer first", () => {
    const churn = churnSqlMetric({
      period: { start: "2025-03-01T00:00:00Z", end: "2025-04-01T00:00:00Z" },
    });
    const sql = toSql(churn, { table: "subs", groupBy: "plan", columns: { customerId: "cust" } });
    expect(sql).toContain('MAX(CASE WHEN cust IS NOT NULL AND "start" IS NOT NULL');
    expect(sql).toMatch(/GROUP BY "plan", cust\n\) r\nGROUP BY r\."_segment"$/);
    expect(sql).toContain('SUM(r."_rows") AS "n"');
  });

  it("rejects what has no SQL form, bad options and mixed metric kinds", () => {
    const weighted = npsMetric<{ s: number; w: number }>({ score: "s", weight: "w" });
    expectInputError(
      () => toSql({ weighted }, { table: "t" }),
      () => safeToSql({ weighted }, { table: "t" }),
      ["metrics", "weighted"],
    );
    const repeat = repeatRateSqlMetric({
      period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
    });
    expectInputError(
      () => toSql({ nps, repeat }, { table: "t" }),
      () => safeToSql({ nps, repeat }, { table: "t" }),
      ["metrics"],
    );
    expectInputError(
      // @ts-expect-error a missing table
      () => toSql(nps, {}),
      // @ts-expect-error a missing table
      () => safeToSql(nps, {}),
      ["options", "table"],
    );
    expectInputError(
      () => toSql(nps, { table: "t", period: { date: "at", interval: "month" } }),
      () => safeToSql(nps, { table: "t", period: { date: "at", interval: "month" } }),
      ["options", "period", "start"],
    );
    expectInputError(
      // @ts-expect-error an unknown dialect
      () => toSql(nps, { table: "t", dialect: "oracle" }),
      // @ts-expect-error an unknown dialect
      () => safeToSql(nps, { table: "t", dialect: "oracle" }),
      ["options", "dialect"],
    );
    expectInputError(
      () =>
        churnSqlMetric({
          period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
          reactivation: "churned",
        }),
      () =>
        safeChurnSqlMetric({
          period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
          reactivation: "churned",
        }),
      ["options", "reactivation"],
    );
  });
});

describe("fromSqlRows", () => {
  // Hand calculation. EU: one 10, one 9, one 3 -> P 2, D 1 of 3 -> 100/3. US: one 7 -> 0.
  // Both: P 2, S 1, D 1 of 4 -> 25.
  const rows = deepFreeze([
    {
      segment: "EU",
      n: "3",
      nps__answer_10: "1",
      nps__answer_9: 1n,
      nps__answer_3: 1,
    },
    { SEGMENT: "US", N: 1, NPS__INVALID: 0, NPS__ANSWER_7: 1 },
  ]);

  it("turns tally columns into bySegment's table (any case, numbers as strings or bigints)", () => {
    const table = fromSqlRows({ nps }, rows, { groupBy: "region", minN: 0 });
    expect(table.segments.map((s) => [s.key, s.n])).toEqual([
      ["EU", 3],
      ["US", 1],
    ]);
    expect(table.segments[0]?.results.nps.value).toBeCloseTo(100 / 3, 12);
    expect(table.segments[1]?.results.nps.value).toBe(0);
    expect(table.total.results.nps).toEqual(
      runMetric(nps, [{ score: 10 }, { score: 9 }, { score: 3 }, { score: 7 }]),
    );
  });

  it("gives one group without grouping, and merges repeated keys", () => {
    const one = fromSqlRows({ nps }, rows, { minN: 0 });
    expect(one.results.nps.value).toBe(25);
    const twice = fromSqlRows(nps, [...rows, ...rows], { groupBy: "r", minN: 0 });
    expect(twice.segments[0]?.n).toBe(6);
    expect(twice.segments[0]?.results["nps"]?.value).toBeCloseTo(100 / 3, 12);
  });

  it("rejects groups with invalid rows, NULL keys and non-numbers", () => {
    // n = 2 rows, one counted answer: one row had no valid score.
    const invalid = [{ segment: "EU", n: 2, nps__answer_10: 1 }];
    expectInputError(
      () => fromSqlRows(nps, invalid, { groupBy: "r" }),
      () => safeFromSqlRows(nps, invalid, { groupBy: "r" }),
      [0, "nps__invalid"],
      '[0].nps__invalid: 1 row(s) of this group are invalid for "nps": expected an integer 0-10 in "score"',
    );
    expectInputError(
      () => fromSqlRows(nps, [{ segment: null, n: 2 }], { groupBy: "r" }),
      () => safeFromSqlRows(nps, [{ segment: null, n: 2 }], { groupBy: "r" }),
      [0, "segment"],
    );
    expectInputError(
      () => fromSqlRows(nps, [{ n: "two" }]),
      () => safeFromSqlRows(nps, [{ n: "two" }]),
      [0, "n"],
    );
  });

  it("reads CSAT and several metrics", () => {
    const csat = csatMetric({ rating: "rating" });
    const result = fromSqlRows({ nps, csat }, [
      { n: 2, nps__answer_10: 2, csat__answer_5: 1, csat__answer_1: 1 },
    ]);
    expect(result.results.csat.value).toBe(0.5);
  });
});

describe("cohort retention SQL", () => {
  const options = {
    table: "orders",
    start: "2025-01-01T00:00:00Z",
    asOf: "2025-03-01T00:00:00Z",
  } as const;

  it("writes the grid and the summary row", () => {
    const sql = cohortRetentionSql(options);
    expect(sql).toContain(
      `CASE WHEN "date" < TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00.000+00:00' THEN -1 WHEN "date" < TIMESTAMP WITH TIME ZONE '2025-02-01 00:00:00.000+00:00' THEN 0`,
    );
    expect(sql).toContain("UNION ALL");
  });

  it("rejects invalid orders and orders before start", () => {
    const summary = {
      cohort: null,
      period: null,
      customers: 0,
      excluded: 0,
      before: 0,
      invalid: 2,
    };
    expectInputError(
      () => cohortRetentionFromSqlRows([summary], options),
      () => safeCohortRetentionFromSqlRows([summary], options),
      [0, "invalid"],
    );
    const early = { ...summary, invalid: 0, before: 1 };
    expectInputError(
      () => cohortRetentionFromSqlRows([early], options),
      () => safeCohortRetentionFromSqlRows([early], options),
      [0, "before"],
    );
    const outside = [{ cohort: 5, period: 5, customers: 1 }];
    expectInputError(
      () => cohortRetentionFromSqlRows(outside, options),
      () => safeCohortRetentionFromSqlRows(outside, options),
      [0, "cohort"],
    );
  });
});
