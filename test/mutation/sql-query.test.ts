// Mutation-driven tests of the SQL plumbing: src/sql/query.ts (toSql / fromSqlRows options,
// grouping, period keys and error paths), src/sql/dialect.ts (each dialect's text), spec.ts
// (histogramSql) and rows.ts (driver values). Expected values are hand calculations written
// next to each case; SQL text is written out by hand where the text is the contract.
import { beforeAll, describe, expect, it } from "vitest";
import { churnSqlMetric } from "../../src/sql/customers.ts";
import { resolveDialect, type SqlDialect, sqlDialect } from "../../src/sql/dialect.ts";
import { arpuSqlMetric } from "../../src/sql/order-value.ts";
import { fromSqlRows, type SqlMetrics, type SqlRow, toSql } from "../../src/sql/query.ts";
import { readAmount, readCount, readInteger, rowReader } from "../../src/sql/rows.ts";
import { histogramSql, type MetricSql, type SqlContext } from "../../src/sql/spec.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { inputErrorOf } from "../helpers.ts";

/** The first issue of the input error `compute` throws, as path and full message. */
function failure(compute: () => unknown): { path: unknown; message: string } {
  const error = inputErrorOf(compute);
  return { path: error.issues[0]?.path, message: error.message };
}

const MARCH = { start: "2025-03-01T00:00:00Z", end: "2025-04-01T00:00:00Z" };
const MAR = Date.UTC(2025, 2, 1);
const APR = Date.UTC(2025, 3, 1);
const MAY = Date.UTC(2025, 4, 1);
/** NPS of the answer field "s" (made in hooks: no library call at load time). */
const makeNps = () => npsMetric({ score: "s" });

describe("dialects: the text of each engine", () => {
  it("postgres, bigquery, snowflake, trino and spark write their own truncation and epoch", () => {
    const pg = sqlDialect("postgres");
    expect(pg.epochMs?.("t")).toBe("(EXTRACT(EPOCH FROM (t)) * 1000)");
    const bq = sqlDialect("bigquery");
    expect(bq.timestamp(0)).toBe("TIMESTAMP '1970-01-01 00:00:00.000+00:00'");
    expect(bq.truncate?.("t", "month", "UTC")).toBe("TIMESTAMP_TRUNC(t, MONTH, 'UTC')");
    expect(bq.truncate?.("t", "week", "UTC")).toBe("TIMESTAMP_TRUNC(t, ISOWEEK, 'UTC')");
    const sf = sqlDialect("snowflake");
    expect(sf.truncate?.("t", "day", "UTC")).toBe("DATE_TRUNC('day', CONVERT_TIMEZONE('UTC', t))");
    expect(sf.epochMs?.("t")).toBe("DATE_PART(EPOCH_MILLISECOND, t)");
    const trino = sqlDialect("trino");
    expect(trino.truncate?.("t", "year", "UTC")).toBe("date_trunc('year', (t) AT TIME ZONE 'UTC')");
    expect(trino.epochMs?.("t")).toBe("(to_unixtime(t) * 1000)");
    const spark = sqlDialect("spark");
    expect(spark.timestamp(0)).toBe("TIMESTAMP '1970-01-01 00:00:00.000+00:00'");
    expect(spark.truncate?.("t", "quarter", "UTC")).toBe(
      "to_utc_timestamp(date_trunc('QUARTER', from_utc_timestamp(t, 'UTC')), 'UTC')",
    );
    expect(spark.epochMs?.("t")).toBe("unix_millis(t)");
  });

  it("escapes quotes in identifiers and zone literals by doubling them", () => {
    expect(sqlDialect("standard").quote('a"b')).toBe('"a""b"');
    expect(sqlDialect("spark").quote("a`b")).toBe("`a``b`");
    // A zone name with a quote (not a real zone: only the literal is checked here).
    expect(sqlDialect("trino").truncate?.("t", "day", "O'X")).toBe(
      "date_trunc('day', (t) AT TIME ZONE 'O''X')",
    );
  });

  it("resolves names and dialect objects, and rejects anything else", () => {
    const message =
      "options.dialect: expected one of: standard, postgres, duckdb, bigquery, snowflake, trino, spark, or an object with quote(identifier) and timestamp(ms)";
    // An array whose text is a dialect name is not a name.
    for (const bad of [["duckdb"], null, { quote: () => "" }, { timestamp: () => "" }]) {
      expect(failure(() => resolveDialect(bad))).toEqual({
        path: ["options", "dialect"],
        message,
      });
    }
    const mine: SqlDialect = { name: "mine", quote: (s) => s, timestamp: String };
    expect(resolveDialect(mine)).toBe(mine);
  });
});

describe("rows: driver values", () => {
  it("a row that is not an object is an error naming its index", () => {
    for (const row of [null, "row", 5]) {
      expect(failure(() => rowReader(row, 3))).toEqual({
        path: [3],
        message: "[3]: expected a row object",
      });
      expect(failure(() => fromSqlRows(makeNps(), [row as unknown as SqlRow]))).toEqual({
        path: [0],
        message: "[0]: expected a row object",
      });
    }
  });

  it("reads safe bigints at both ends of the safe range, and not a blank string", () => {
    expect(readCount(BigInt(Number.MAX_SAFE_INTEGER), [0, "n"])).toBe(Number.MAX_SAFE_INTEGER);
    expect(readInteger(BigInt(Number.MIN_SAFE_INTEGER), [0, "period"], "bad")).toBe(
      Number.MIN_SAFE_INTEGER,
    );
    expect(failure(() => readCount("  ", [0, "n"])).path).toEqual([0, "n"]);
    expect(failure(() => readAmount("  ", [0, "x"])).path).toEqual([0, "x"]);
  });

  it("a bad count is checked by countSchema as the driver's value stands", () => {
    const codes = (value: unknown) =>
      inputErrorOf(() => readCount(value, [0, "n"])).issues.map((issue) => issue.code);
    // "-1" reads as the number -1: an integer below 0 is too small.
    expect(codes("-1")).toEqual(["too_small"]);
    // A bigint beyond ±2^53 has no exact number: the schema sees a bigint, not a number.
    expect(codes(2n ** 60n)).toEqual(["invalid_type"]);
    expect(codes(-(2n ** 60n))).toEqual(["invalid_type"]);
  });

  it("amounts: NULL is 0, bigints beyond 2^53 are numbers, no negative zero, no text", () => {
    expect(readAmount(null, [0, "x"])).toBe(0);
    expect(readAmount(undefined, [0, "x"])).toBe(0);
    // 2^60 = 1152921504606846976 is exactly a double.
    expect(readAmount(2n ** 60n, [0, "x"])).toBe(2 ** 60);
    expect(readAmount(-5n, [0, "x"])).toBe(-5);
    expect(Object.is(readAmount(-0, [0, "x"]), 0)).toBe(true);
    for (const bad of ["", true, "abc"]) {
      expect(failure(() => readAmount(bad, [2, "x"]))).toEqual({
        path: [2, "x"],
        message: "[2].x: expected a finite number (a sum of money from the query)",
      });
    }
  });

  it("integer keys: NULL and undefined are null, -0 is 0", () => {
    expect(readInteger(undefined, [0, "period"], "bad")).toBeNull();
    expect(readInteger(null, [0, "period"], "bad")).toBeNull();
    expect(Object.is(readInteger(-0, [0, "period"], "bad"), 0)).toBe(true);
  });

  it("an amount column of NULL reads as 0 in fromSqlRows", () => {
    const arpu = arpuSqlMetric({ period: MARCH });
    // No order in the period: revenue NULL (SUM over no rows) = 0, ARPU of 0 customers.
    const row = {
      n: 1,
      arpu__invalid: 0,
      arpu__orders: 0,
      arpu__revenue: null,
      arpu__customers: 0,
    };
    const result = fromSqlRows(arpu, [row], { minN: 0 });
    expect(result.n).toBe(1);
  });
});

describe("histogramSql", () => {
  let ctx: SqlContext;
  beforeAll(() => {
    ctx = { column: (f) => `"${f}"`, instant: String, dialect: sqlDialect("standard") };
  });
  const spec = (min: number, max: number, seen: number[][]) => ({
    field: "a",
    get: undefined,
    min,
    max,
    fromCounts: (counts: ArrayLike<number>) => {
      seen.push(Array.from(counts));
      return counts.length;
    },
    invalid: () => {
      throw new Error("unused");
    },
  });

  it("names negative answers answer_mK and passes counts min..max in order", () => {
    const seen: number[][] = [];
    const form = histogramSql(spec(-2, 1, seen), "a", ["metrics", "h"]);
    expect(form.level).toBe("rows");
    expect(form.aggregates(ctx, () => "").map(([alias]) => alias)).toEqual([
      "answer_m2",
      "answer_m1",
      "answer_0",
      "answer_1",
    ]);
    const counts: Record<string, number> = { answer_m2: 1, answer_m1: 2, answer_0: 3, answer_1: 4 };
    // Answers -2..1: four counts, in order.
    expect(form.tally((alias) => counts[alias] ?? 99)).toBe(4);
    expect(seen).toEqual([[1, 2, 3, 4]]);
    expect(form.answered?.((alias) => counts[alias] ?? 99)).toBe(10);
  });

  it("counts of answers 3..5 have length 3", () => {
    const seen: number[][] = [];
    const form = histogramSql(spec(3, 5, seen), "a", ["metrics", "h"]);
    form.tally(() => 1);
    expect(seen).toEqual([[1, 1, 1]]);
  });

  it("accepts one answer (min = max) and 1000 answers, not 1001", () => {
    expect(histogramSql(spec(4, 4, []), "a", ["m"]).aggregates(ctx, () => "")).toEqual([
      ["answer_4", 'SUM(CASE WHEN "a" = 4 THEN 1 ELSE 0 END)'],
    ]);
    // 500..1499: 1000 answers (the sum max + min would be 1999).
    expect(() => histogramSql(spec(500, 1499, []), "a", ["m"])).not.toThrow();
    // -500..500: 1001 answers (max + min would be 0).
    expect(failure(() => histogramSql(spec(-500, 500, []), "a", ["m"])).path).toEqual([
      "m",
      "histogram",
    ]);
  });
});

describe("toSql: options, metrics and forms", () => {
  let nps: ReturnType<typeof makeNps>;
  beforeAll(() => {
    nps = makeNps();
  });

  it("period options: bad zone, start or end name their own path", () => {
    const at = (period: object) => failure(() => toSql(nps, { table: "t", period } as never));
    expect(at({ date: "d", interval: "day", ...MARCH, timeZone: "Mars/Base" }).path).toEqual([
      "options",
      "period",
      "timeZone",
    ]);
    expect(at({ date: "d", interval: "day", start: "nope", end: MARCH.end }).path).toEqual([
      "options",
      "period",
      "start",
    ]);
    expect(at({ date: "d", interval: "day", start: MARCH.start, end: "nope" }).path).toEqual([
      "options",
      "period",
      "end",
    ]);
  });

  it("end must be after start (half-open periods)", () => {
    for (const end of [MARCH.start, "2025-02-01T00:00:00Z"]) {
      expect(
        failure(() =>
          toSql(nps, {
            table: "t",
            period: { date: "d", interval: "day", start: MARCH.start, end },
          }),
        ),
      ).toEqual({
        path: ["options", "period", "end"],
        message: "options.period.end: expected end after start: periods are half-open",
      });
    }
  });

  it('bucketing "case" needs start and end; "date_trunc" takes either alone', () => {
    const message =
      'expected start and end: bucketing "case" writes the period boundaries into the SQL (or use bucketing "date_trunc")';
    expect(
      failure(() =>
        toSql(nps, { table: "t", period: { date: "d", interval: "day", end: MARCH.end } }),
      ),
    ).toEqual({
      path: ["options", "period", "start"],
      message: `options.period.start: ${message}`,
    });
    expect(
      failure(() =>
        toSql(nps, { table: "t", period: { date: "d", interval: "day", start: MARCH.start } }),
      ),
    ).toEqual({ path: ["options", "period", "end"], message: `options.period.end: ${message}` });
    const trunc = (period: object) =>
      toSql(nps, {
        table: "t",
        dialect: "duckdb",
        period: { date: "d", interval: "month", bucketing: "date_trunc", ...period },
      });
    const key =
      "CASE WHEN \"d\" IS NULL THEN NULL ELSE epoch_ms(timezone('UTC', date_trunc('month', timezone('UTC', \"d\")))) END";
    expect(trunc({ end: MARCH.end })).toContain(`${key} AS "period"`);
    expect(trunc({ start: MARCH.start })).toContain(`${key} AS "period"`);
    expect(trunc({})).toContain(`GROUP BY ${key}`);
  });

  it('"date_trunc" weeks start on Monday; other intervals and "case" take any week start', () => {
    const base = { date: "d", weekStartsOn: 0 as const, bucketing: "date_trunc" as const };
    expect(
      failure(() =>
        toSql(nps, { table: "t", dialect: "duckdb", period: { ...base, interval: "week" } }),
      ),
    ).toEqual({
      path: ["options", "period", "weekStartsOn"],
      message: 'options.period.weekStartsOn: bucketing "date_trunc" weeks start on Monday (1)',
    });
    expect(
      toSql(nps, { table: "t", dialect: "duckdb", period: { ...base, interval: "month" } }),
    ).toContain("date_trunc('month'");
    expect(
      toSql(nps, {
        table: "t",
        period: { date: "d", interval: "week", weekStartsOn: 0, ...MARCH },
      }),
    ).toContain("THEN 0");
  });

  it('"date_trunc" needs a dialect with truncate and epochMs, and timestamp columns', () => {
    const period = { date: "d", interval: "month" as const, bucketing: "date_trunc" as const };
    const plain = { name: "plain", quote: (s: string) => s, timestamp: String };
    const dialects: [SqlDialect | "standard", string][] = [
      ["standard", "standard"],
      [{ ...plain, truncate: (e: string) => e }, "plain"],
      [{ ...plain, epochMs: (e: string) => e }, "plain"],
    ];
    for (const [dialect, name] of dialects) {
      expect(failure(() => toSql(nps, { table: "t", dialect, period }))).toEqual({
        path: ["options", "dialect"],
        message: `options.dialect: dialect ${name} has no date_trunc: use bucketing "case" or a dialect with truncate and epochMs`,
      });
    }
    expect(
      failure(() => toSql(nps, { table: "t", dialect: "duckdb", dates: "epoch-ms", period })),
    ).toEqual({
      path: ["options", "dates"],
      message: 'options.dates: bucketing "date_trunc" needs timestamp columns (dates: "timestamp")',
    });
    // A custom dialect whose timestamp literal is the empty string is not "epoch-ms".
    const empty = {
      ...plain,
      timestamp: () => "",
      truncate: (e: string) => `tr(${e})`,
      epochMs: (e: string) => `ms(${e})`,
    };
    expect(toSql(nps, { table: "t", dialect: empty, period })).toContain(
      "CASE WHEN d IS NULL THEN NULL ELSE ms(tr(d)) END AS period",
    );
  });

  it("metrics must be a metric or an object of metrics", () => {
    expect(failure(() => toSql("nps" as never, { table: "t" }))).toEqual({
      path: ["metrics"],
      message: "metrics: expected a metric or an object of metrics",
    });
    expect(failure(() => toSql({ x: 5 } as never, { table: "t" })).path).toEqual(["metrics", "x"]);
    expect(failure(() => toSql({} as never, { table: "t" }))).toEqual({
      path: ["metrics"],
      message: "metrics: expected at least one metric",
    });
  });

  it("an unusable sql property falls back to the histogram; no field means no SQL form", () => {
    const expected = toSql({ nps }, { table: "t" });
    for (const sql of [null, { tally: () => 0 }, { aggregates: () => [] }]) {
      expect(toSql({ nps: { ...nps, sql } } as SqlMetrics, { table: "t" })).toBe(expected);
    }
    const message =
      'metrics.nps: this metric has no SQL form: histogram metrics need the answer field by name (npsMetric({ score: "score" })); ' +
      "weighted ones, order values, channel rates and customer metrics come from their xxxSqlMetric factories (npsSqlMetric, arpuSqlMetric, clickThroughRateSqlMetric, churnSqlMetric, ...)";
    const withGet = { ...nps, histogram: { ...nps.histogram, get: () => 1 } };
    const noField = { ...nps, histogram: { ...nps.histogram, field: undefined } };
    for (const metric of [withGet, noField]) {
      expect(failure(() => toSql({ nps: metric } as SqlMetrics, { table: "t" }))).toEqual({
        path: ["metrics", "nps"],
        message,
      });
    }
  });

  /** A hand-made customer-level form: one flag, its sum. */
  const customerForm = (customer: string | undefined, invalid?: string): MetricSql<number> => ({
    level: "customers",
    ...(customer === undefined ? {} : { customer }),
    flags: () => [["x", "1 = 1"]],
    aggregates: (_c, flag) => [["xs", `SUM(${flag("x")})`]],
    ...(invalid === undefined ? {} : { invalid: () => invalid }),
    expected: "anything",
    tally: (read) => read("xs"),
  });
  const withForm = (form: MetricSql<number>) => ({ ...nps, sql: form }) as SqlMetrics;

  it("customer metrics: the form's customer field (default customerId), invalid 1 = 0 by default", () => {
    const buyer = toSql({ m: withForm(customerForm("buyer")) } as never, { table: "t" });
    expect(buyer).toBe(
      'SELECT\n  SUM(r."_rows") AS "n",\n  SUM(r."_m__invalid") AS "m__invalid",\n  SUM(r."_m__x") AS "m__xs"\nFROM (\n  SELECT\n    COUNT(*) AS "_rows",\n    SUM(CASE WHEN 1 = 0 THEN 1 ELSE 0 END) AS "_m__invalid",\n    MAX(CASE WHEN 1 = 1 THEN 1 ELSE 0 END) AS "_m__x"\n  FROM t\n  GROUP BY "buyer"\n) r',
    );
    const byDefault = toSql({ m: withForm(customerForm(undefined)) } as never, {
      table: "t",
      groupBy: "g",
      where: "k = 1",
    });
    expect(byDefault).toContain(
      '\n  FROM t\n  WHERE k = 1\n  GROUP BY "g", "customerId"\n) r\nGROUP BY r."_segment"',
    );
  });

  it("a rows-level form's flag reader reads nothing (the empty string)", () => {
    const form: MetricSql<number> = {
      level: "rows",
      aggregates: (_c, flag) => [["x", `SUM(1)${flag("x")}`]],
      answered: (read) => read("x"),
      expected: "anything",
      tally: (read) => read("x"),
    };
    expect(toSql({ m: withForm(form) } as never, { table: "t" })).toBe(
      'SELECT\n  COUNT(*) AS "n",\n  SUM(1) AS "m__x"\nFROM t',
    );
  });

  it("metrics of one query: one level and one customer field", () => {
    const message =
      "metrics: metrics of one query must all be answer metrics, or all customer metrics with the same customer field";
    const mixes = [
      // Same customer field (none), different levels.
      { nps, m: withForm(customerForm(undefined)) },
      // Same level, different customer fields.
      { a: withForm(customerForm("a")), b: withForm(customerForm("b")) },
      { nps, churn: churnSqlMetric({ period: MARCH }) },
    ];
    for (const metrics of mixes) {
      expect(failure(() => toSql(metrics as never, { table: "t" }))).toEqual({
        path: ["metrics"],
        message,
      });
    }
  });
});

describe("fromSqlRows: rows, keys and periods", () => {
  let nps: ReturnType<typeof makeNps>;
  beforeAll(() => {
    nps = makeNps();
  });
  /** A group of `n` promoters (answer 10): NPS 100. */
  const promoters = (n: number, extra: SqlRow = {}): SqlRow => ({ n, nps__answer_10: n, ...extra });

  it("rows must be an array; options are checked under options", () => {
    expect(failure(() => fromSqlRows(nps, "rows" as never))).toEqual({
      path: ["rows"],
      message: "rows: expected an array of rows",
    });
    expect(failure(() => fromSqlRows(nps, [], { minN: -1 })).path).toEqual(["options", "minN"]);
  });

  it("sort by an unknown metric is an error naming the metrics", () => {
    expect(
      failure(() =>
        fromSqlRows({ nps, b: nps }, [], { groupBy: "g", sort: { metric: "csat" } as never }),
      ),
    ).toEqual({
      path: ["options", "sort", "metric"],
      message: "options.sort.metric: expected one of: nps, b",
    });
  });

  it("groupBy and period together are an error", () => {
    expect(
      failure(() =>
        fromSqlRows(nps, [], { groupBy: "g", period: { date: "d", interval: "day", ...MARCH } }),
      ),
    ).toEqual({
      path: ["options", "period"],
      message:
        "options.period: group by a segment or by a period, not both (use a composite key column)",
    });
  });

  it("segment keys: finite numbers, safe bigints as numbers, others as text", () => {
    const table = fromSqlRows(
      nps,
      [
        promoters(1, { segment: 7 }),
        promoters(2, { segment: 8n }),
        promoters(3, { segment: 2n ** 60n }),
        promoters(4, { segment: "7" }),
      ],
      { groupBy: "g", minN: 0 },
    );
    expect(table.segments.map((s) => [s.key, s.n])).toEqual([
      [7, 1],
      [8, 2],
      ["1152921504606846976", 3],
      ["7", 4],
    ]);
  });

  it("a missing, infinite or other key is an error counting its rows", () => {
    const cases: [unknown, string][] = [
      [null, "none"],
      [undefined, "none"],
      [Number.POSITIVE_INFINITY, "another type"],
      [Number.NaN, "another type"],
      [true, "another type"],
    ];
    for (const [segment, kind] of cases) {
      expect(
        failure(() => fromSqlRows(nps, [promoters(4, { segment })], { groupBy: "g" })),
      ).toEqual({
        path: [0, "segment"],
        message: `[0].segment: expected a segment key (a string or a finite number); 4 row(s) have ${kind}`,
      });
    }
  });

  it("customer metrics: the invalid column is read as a count at its own path", () => {
    const churn = churnSqlMetric({ period: MARCH });
    const column = `${churn.name}__invalid`;
    expect(failure(() => fromSqlRows(churn, [{ n: 1, [column]: "x" }]))).toEqual({
      path: [0, column],
      message: `[0].${column}: expected a non-negative integer count`,
    });
  });

  describe('bucketing "case"', () => {
    // March 2025 by day: 31 periods, indexes 0..30.
    const period = { date: "d", interval: "day" as const, ...MARCH };

    it("-1 rows are excluded, -2 and NULL rows are an error naming the date field", () => {
      const series = fromSqlRows(nps, [promoters(2, { period: 0 }), promoters(5, { period: -1 })], {
        period,
        minN: 0,
      });
      expect(series.excluded).toBe(5);
      expect(series.total.n).toBe(2);
      for (const key of [-2, null]) {
        expect(
          failure(() => fromSqlRows(nps, [promoters(3, { period: key })], { period })),
        ).toEqual({
          path: [0, "period"],
          message: '[0].period: 3 row(s) have no "d" (expected an instant)',
        });
      }
      expect(failure(() => fromSqlRows(nps, [promoters(3, { period: 31 })], { period }))).toEqual({
        path: [0, "period"],
        message:
          "[0].period: expected a period index of the series, 0 to 30 (-1: outside it, -2: no date)",
      });
    });
  });

  describe('bucketing "date_trunc"', () => {
    const trunc = { date: "d", interval: "month" as const, bucketing: "date_trunc" as const };

    it("a row's period is a bucket start in epoch ms; -2 is an instant, not a missing date", () => {
      expect(
        failure(() => fromSqlRows(nps, [promoters(1, { period: "x" })], { period: trunc })),
      ).toEqual({
        path: [0, "period"],
        message: "[0].period: expected the start of the row's period in epoch ms (an integer)",
      });
      expect(
        failure(() => fromSqlRows(nps, [promoters(3, { period: null })], { period: trunc })),
      ).toEqual({
        path: [0, "period"],
        message: '[0].period: 3 row(s) have no "d" (expected an instant)',
      });
      // -2 ms is 1969-12-31T23:59:59.998Z, not a month start: listed from the first key, the
      // series is December 1969, and the row is in no bucket, so excluded.
      const series = fromSqlRows(nps, [promoters(3, { period: -2 })], { period: trunc, minN: 0 });
      expect(series.excluded).toBe(3);
      expect(series.total.n).toBe(0);
    });

    it("rows before start's period or at or after end are excluded, boundaries included", () => {
      const rows = [
        promoters(1, { period: Date.UTC(2025, 1, 1) }), // February: before March, excluded
        promoters(2, { period: MAR }), // March: the first period (= low), kept
        promoters(4, { period: APR }), // April: kept
        promoters(8, { period: MAY }), // May 1 = end: excluded
        promoters(16, { period: Date.UTC(2025, 5, 1) }), // June: excluded
      ];
      const series = fromSqlRows(nps, rows, {
        period: { ...trunc, start: MARCH.start, end: "2025-05-01T00:00:00Z" },
        minN: 0,
      });
      // Kept 2 + 4 = 6; excluded 1 + 8 + 16 = 25.
      expect(series.excluded).toBe(25);
      expect(series.periods.map((p) => p.n)).toEqual([2, 4]);
      // Only an end: rows at or after it excluded, the series starts at the first row.
      const open = fromSqlRows(nps, rows, { period: { ...trunc, end: MARCH.end }, minN: 0 });
      expect(open.excluded).toBe(4 + 8 + 16);
      expect(open.periods.map((p) => p.n)).toEqual([1, 2]);
    });

    it("rows outside the range are excluded before their tallies are read", () => {
      // n = 3 with no answer column: 3 invalid rows, an error if the row were read; outside the
      // range (February, before March; May, at the end) it is only counted as excluded.
      const rows = [
        promoters(2, { period: MAR }),
        { n: 3, period: Date.UTC(2025, 1, 1) },
        { n: 5, period: MAY },
      ];
      const series = fromSqlRows(nps, rows, {
        period: { ...trunc, start: MARCH.start, end: "2025-05-01T00:00:00Z" },
        minN: 0,
      });
      expect(series.excluded).toBe(8);
      expect(series.periods.map((p) => p.n)).toEqual([2, 0]);
    });

    it("a key that is no bucket start is excluded", () => {
      // March 15 is inside March, not its start: the series is March (from start), the key maps
      // to no listed start.
      const series = fromSqlRows(
        nps,
        [promoters(2, { period: MAR }), promoters(3, { period: Date.UTC(2025, 2, 15) })],
        { period: { ...trunc, start: MARCH.start }, minN: 0 },
      );
      expect(series.excluded).toBe(3);
      expect(series.periods.map((p) => p.n)).toEqual([2]);
    });

    it("too many periods: blames the first row with the outlying period, or the end option", () => {
      const message =
        "expected a series of at most maxPeriods (12) months: this date makes it longer (a mistyped date? else raise options.period.maxPeriods)";
      const period = { ...trunc, maxPeriods: 12 };
      // Weighted median March 2025 (n = 100): the January 2000 rows are farther, the first of
      // them (row 0) is blamed.
      const early = [
        promoters(1, { period: Date.UTC(2000, 0, 1) }),
        promoters(1, { period: Date.UTC(2000, 0, 1) }),
        promoters(100, { period: MAR }),
      ];
      expect(failure(() => fromSqlRows(nps, early, { period }))).toEqual({
        path: [0, "period"],
        message: `[0].period: ${message}`,
      });
      // The January 2050 rows (1 and 2) are farther: row 1, the first with the latest period.
      const late = [
        promoters(100, { period: MAR }),
        promoters(1, { period: Date.UTC(2050, 0, 1) }),
        promoters(1, { period: Date.UTC(2050, 0, 1) }),
        promoters(1, { period: Date.UTC(2025, 1, 1) }),
      ];
      expect(failure(() => fromSqlRows(nps, late, { period }))).toEqual({
        path: [1, "period"],
        message: `[1].period: ${message}`,
      });
      // With an end and rows long before it, the median (January 2000) is far from the end,
      // which is blamed.
      expect(
        failure(() =>
          fromSqlRows(nps, [promoters(100, { period: Date.UTC(2000, 0, 1) })], {
            period: { ...period, end: MARCH.end },
          }),
        ),
      ).toEqual({ path: ["options", "period", "end"], message: `options.period.end: ${message}` });
    });
  });
});
