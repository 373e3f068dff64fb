import * as z from "zod/mini";
import type { ColumnRow } from "../columnar/columns.js";
import {
  periodSeries,
  segmentTable,
  type TalliedGroup,
  unknownSortMetric,
} from "../columnar/output.js";
import { attempt, formatPath, inputError, parseWith, type SafeResult } from "../errors.js";
import { type PeriodSeries, seriesStarts } from "../group/period.js";
import {
  checkMetrics,
  DEFAULT_MAX_PERIODS,
  exceedsPeriods,
  type GroupRow,
  groupRow,
  type MetricList,
  type MetricMap,
  maxPeriodsSchema,
  weekStartsOnSchema,
} from "../group/route.js";
import type { SegmentKey, SegmentSort, SegmentTable } from "../group/segment.js";
import type { AnyMetric } from "../metric.js";
import type { SchemaOutput } from "../stats/options.js";
import { type DateInput, dateInputSchema, requireEpochMs } from "../time/instant.js";
import {
  addIntervals,
  bucketStart,
  type CalendarInterval,
  calendarIntervalSchema,
  listBuckets,
  resolveTimeZone,
} from "../time/period.js";
import { resolveDialect, type SqlDialect, type SqlDialectName } from "./dialect.js";
import { readAmount, readCount, readInteger, rowReader } from "./rows.js";
import { histogramSql, type MetricSql, type SqlContext } from "./spec.js";

// ---------------------------------------------------------------------------------------------
// Options

/** Grouping by calendar period in SQL. */
export interface SqlPeriodOptions {
  /** Record field (column) of the instant. */
  readonly date: string;
  readonly interval: CalendarInterval;
  /**
   * First instant of the series: the series starts with the period containing it. Required
   * with `bucketing: "case"` (the default).
   */
  readonly start?: DateInput;
  /** End of the series (exclusive), as in `byPeriod`. Required with `bucketing: "case"`. */
  readonly end?: DateInput;
  /** IANA zone of the calendar. Default `"UTC"`. */
  readonly timeZone?: string;
  /** First day of a week, 0 Sunday … 6 Saturday. Default 1 (Monday). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /**
   * `"case"` (default, portable): period boundaries are computed here, in the zone, and written
   * as literals in a `CASE WHEN date < boundary THEN k ...` expression: plain SQL, any zone, any
   * week start. `"date_trunc"`: the dialect's date-truncation function (PostgreSQL and DuckDB
   * `date_trunc`, BigQuery `TIMESTAMP_TRUNC`, Snowflake `DATE_TRUNC` + `CONVERT_TIMEZONE`, ...)
   * buckets in the engine, so no range is needed; weeks then start on Monday.
   */
  readonly bucketing?: "case" | "date_trunc";
  /**
   * Most periods the series may have, as `byPeriod`'s option: a longer range (`start` to `end`,
   * or with `"date_trunc"` and no range, the first to the last period in the rows) is an input
   * error naming the end that stretched it, before any boundary is listed. Default 100,000.
   */
  readonly maxPeriods?: number;
}

/** Options of {@link toSql} (and of {@link fromSqlRows}, which reads the grouping from them). */
export interface ToSqlOptions {
  /** The relation to read: a table name, or any FROM item (`read_parquet('orders.parquet')`). */
  readonly table: string;
  /**
   * SQL expression of each record field the metrics read, e.g. `{ score: "nps_answer" }`.
   * Fields not listed are read from the column of the same name (quoted).
   */
  readonly columns?: Readonly<Record<string, string>>;
  /** Record field of the segment key: one row per segment, as `bySegment(records, groupBy, ...)`. */
  readonly groupBy?: string;
  /** One row per calendar period, as `byPeriod`. */
  readonly period?: SqlPeriodOptions;
  /** `"standard"` (default), `"postgres"`, `"duckdb"`, `"bigquery"`, `"snowflake"`, `"trino"`, `"spark"`, or your own {@link SqlDialect}. */
  readonly dialect?: SqlDialectName | SqlDialect;
  /** How instants are stored: `"timestamp"` (default; timestamp with time zone) or `"epoch-ms"` (numbers). */
  readonly dates?: "timestamp" | "epoch-ms";
  /** An optional filter, written as is after `WHERE`. */
  readonly where?: string;
}

/** Options of {@link fromSqlRows}: the grouping options given to {@link toSql}, and the table options. */
export interface FromSqlRowsOptions<M> extends Partial<ToSqlOptions> {
  /** Groups with fewer rows are flagged, as in `bySegment`. Default 30. */
  readonly minN?: number;
  /** Order of segment rows, as in `bySegment`. Default `"key"`. */
  readonly sort?: SegmentSort<M>;
}

const sqlPeriodSchema: z.ZodMiniType<SchemaOutput<SqlPeriodOptions>> =
  /* @__PURE__ */ z.strictObject({
    date: z.string({ error: "expected the name of the date field" }),
    interval: calendarIntervalSchema,
    start: z.optional(dateInputSchema),
    end: z.optional(dateInputSchema),
    timeZone: z.optional(z.string()),
    weekStartsOn: weekStartsOnSchema,
    bucketing: z.optional(
      z.enum(["case", "date_trunc"], { error: 'expected "case" or "date_trunc"' }),
    ),
    maxPeriods: maxPeriodsSchema,
  });

const baseFields = {
  columns: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(z.string(), z.string())),
  groupBy: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string({ error: "expected a field name" })),
  period: /* @__PURE__ */ z.optional(sqlPeriodSchema),
  dialect: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.unknown()),
  dates: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.enum(["timestamp", "epoch-ms"], {
      error: 'expected "timestamp" or "epoch-ms"',
    }),
  ),
  where: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
};

/** Options of {@link toSql}, as a schema (unknown keys are errors; `period` and `dialect` are checked by toSql). */
export const toSqlOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<ToSqlOptions, "dialect" | "period">> & {
    dialect?: unknown;
    period?: SchemaOutput<SqlPeriodOptions> | undefined;
  }
> = /* @__PURE__ */ z.strictObject({
  table: z.string({ error: "expected a table name or FROM item" }),
  ...baseFields,
});

const fromSqlRowsOptionsSchema = /* @__PURE__ */ z.strictObject({
  table: z.optional(z.string()),
  ...baseFields,
  minN: z.optional(z.number().check(z.gte(0, { error: "expected a non-negative number" }))),
  sort: z.optional(z.unknown()),
});

interface ResolvedPeriod {
  readonly date: string;
  readonly interval: CalendarInterval;
  readonly timeZone: string;
  readonly weekStartsOn: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  readonly bucketing: "case" | "date_trunc";
  readonly maxPeriods: number;
  /** Bucket starts of the series when a range is given. */
  readonly starts: readonly number[] | null;
  /** Exclusive end of the last bucket. */
  readonly endOfLast: number | null;
  /** Lowest bucket start kept and exclusive upper bound on bucket starts (byPeriod's range). */
  readonly low: number;
  readonly high: number;
}

function tooManyPeriods(maxPeriods: number, interval: CalendarInterval): string {
  return `expected a series of at most maxPeriods (${maxPeriods}) ${interval}s: this date makes it longer (a mistyped date? else raise options.period.maxPeriods)`;
}

function resolvePeriod(
  period: z.output<typeof sqlPeriodSchema> | undefined,
): ResolvedPeriod | null {
  if (period === undefined) return null;
  const path = ["options", "period"];
  const timeZone = resolveTimeZone(period.timeZone, [...path, "timeZone"]);
  const weekStartsOn = period.weekStartsOn ?? 1;
  const bucketing = period.bucketing ?? "case";
  const start =
    period.start === undefined ? undefined : requireEpochMs(period.start, [...path, "start"]);
  const end = period.end === undefined ? undefined : requireEpochMs(period.end, [...path, "end"]);
  if (start !== undefined && end !== undefined && !(start < end)) {
    throw inputError([...path, "end"], "expected end after start: periods are half-open");
  }
  if (bucketing === "case" && (start === undefined || end === undefined)) {
    throw inputError(
      [...path, start === undefined ? "start" : "end"],
      'expected start and end: bucketing "case" writes the period boundaries into the SQL (or use bucketing "date_trunc")',
    );
  }
  if (bucketing === "date_trunc" && weekStartsOn !== 1 && period.interval === "week") {
    throw inputError([...path, "weekStartsOn"], 'bucketing "date_trunc" weeks start on Monday (1)');
  }
  const options = { timeZone, weekStartsOn };
  const maxPeriods = period.maxPeriods ?? DEFAULT_MAX_PERIODS;
  let starts: number[] | null = null;
  let endOfLast: number | null = null;
  if (start !== undefined && end !== undefined) {
    // Checked in one calendar step before the boundaries are listed (and written into SQL).
    const origin = bucketStart(start, period.interval, options);
    const step = (s: number, k: number): number => addIntervals(s, period.interval, k, timeZone);
    if (exceedsPeriods(origin, end, maxPeriods, step)) {
      throw inputError([...path, "end"], tooManyPeriods(maxPeriods, period.interval));
    }
    starts = listBuckets(start, end, period.interval, options);
    const first = starts[0];
    // The boundary after the last period, from the first in one step (as byPeriod does).
    endOfLast =
      first === undefined ? null : addIntervals(first, period.interval, starts.length, timeZone);
  }
  return {
    date: period.date,
    interval: period.interval,
    timeZone,
    weekStartsOn,
    bucketing,
    maxPeriods,
    starts,
    endOfLast,
    low:
      start === undefined ? Number.NEGATIVE_INFINITY : bucketStart(start, period.interval, options),
    high: end ?? Number.POSITIVE_INFINITY,
  };
}

// ---------------------------------------------------------------------------------------------
// Metrics

/** Anything {@link toSql} accepts: one metric, or metrics by name as in `bySegment`. */
export type SqlMetrics = AnyMetric<ColumnRow> | MetricMap<ColumnRow>;

function isSingleMetric(value: SqlMetrics): value is AnyMetric<ColumnRow> {
  return typeof Reflect.get(value, "add") === "function";
}

function metricList(metrics: SqlMetrics): MetricList<never> {
  if (metrics === null || typeof metrics !== "object") {
    throw inputError(["metrics"], "expected a metric or an object of metrics");
  }
  const map = isSingleMetric(metrics) ? { [metrics.name]: metrics } : metrics;
  return checkMetrics<never>(map, ["metrics"]);
}

function isMetricSql(value: unknown): value is MetricSql<unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof Reflect.get(value, "aggregates") === "function" &&
    typeof Reflect.get(value, "tally") === "function"
  );
}

/** The SQL form of each metric: its own (`sql`), or one from its histogram. */
function sqlForms(list: MetricList<never>): MetricSql<unknown>[] {
  const forms = list.metrics.map((metric, m) => {
    const own: unknown = Reflect.get(metric, "sql");
    if (isMetricSql(own)) return own;
    const spec = metric.histogram;
    if (spec !== undefined && spec.get === undefined && spec.field !== undefined) {
      return histogramSql(spec, spec.field, ["metrics", list.names[m] as string]);
    }
    throw inputError(
      ["metrics", list.names[m] as string],
      'this metric has no SQL form: histogram metrics need the answer field by name (npsMetric({ score: "score" })); ' +
        "weighted ones, order values, channel rates and customer metrics come from their xxxSqlMetric factories (npsSqlMetric, arpuSqlMetric, clickThroughRateSqlMetric, churnSqlMetric, ...)",
    );
  });
  const levels = new Set(forms.map((form) => form.level));
  const customers = new Set(forms.map((form) => form.customer));
  if (levels.size > 1 || customers.size > 1) {
    throw inputError(
      ["metrics"],
      "metrics of one query must all be answer metrics, or all customer metrics with the same customer field",
    );
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------
// toSql

const ALIAS = { segment: "segment", period: "period", n: "n" } as const;

function context(
  columns: Readonly<Record<string, string>>,
  dialect: SqlDialect,
  dates: "timestamp" | "epoch-ms",
): SqlContext {
  return {
    column: (field) =>
      Object.hasOwn(columns, field) ? (columns[field] as string) : dialect.quote(field),
    instant: (ms) => (dates === "epoch-ms" ? String(ms) : dialect.timestamp(ms)),
    dialect,
  };
}

/** The period key of a row: the bucket index (`case`) or the bucket start in epoch ms. */
function periodExpression(period: ResolvedPeriod, c: SqlContext): string {
  const date = c.column(period.date);
  if (period.bucketing === "date_trunc") {
    const { truncate, epochMs } = c.dialect;
    if (truncate === undefined || epochMs === undefined) {
      throw inputError(
        ["options", "dialect"],
        `dialect ${c.dialect.name} has no date_trunc: use bucketing "case" or a dialect with truncate and epochMs`,
      );
    }
    if (c.instant(0) === "0") {
      throw inputError(
        ["options", "dates"],
        'bucketing "date_trunc" needs timestamp columns (dates: "timestamp")',
      );
    }
    return `CASE WHEN ${date} IS NULL THEN NULL ELSE ${epochMs(truncate(date, period.interval, period.timeZone))} END`;
  }
  // -2: no date (the in-memory helpers reject it); -1: outside the series (excluded).
  const starts = period.starts ?? [];
  const whens = starts.map(
    (_start, k) =>
      `WHEN ${date} < ${c.instant(starts[k + 1] ?? (period.endOfLast as number))} THEN ${k}`,
  );
  const first = starts[0];
  const head = first === undefined ? "" : ` WHEN ${date} < ${c.instant(first)} THEN -1`;
  return `CASE WHEN ${date} IS NULL THEN -2${head} ${whens.join(" ")} ELSE -1 END`;
}

/**
 * The SQL that computes the metrics' tallies per segment and/or period in a SQL engine: plain
 * aggregate SQL (`SUM(CASE WHEN ...)`, `MAX`, `COUNT(*)`, `GROUP BY`), no vendor function unless
 * `period.bucketing` is `"date_trunc"`. Run it where the data lives (PostgreSQL, DuckDB,
 * BigQuery, Snowflake, Trino, Spark) and hand the rows to {@link fromSqlRows}, which gives the
 * same results as `bySegment` / `byPeriod` on the same records.
 *
 * Output columns: `segment` (with `groupBy`), `period` (with `period`: the period's index, or its
 * start in epoch ms with `"date_trunc"`), `n` (rows), then per metric its tally columns
 * `<name>__<field>`, and for customer metrics `<name>__invalid` (rows the in-memory metric would
 * reject; for answer metrics they are `n` minus the counted answers). Answer metrics
 * (NPS, CSAT, CES) count each answer; customer metrics (churn, repeat rate) first reduce each
 * customer's rows to 0/1 flags in a subquery grouped by customer.
 *
 * Limits: a histogram metric's answers must be the integers `min..max`, at most 1,000 of them
 * (one column each); a `period` range is listed only if it has at most `period.maxPeriods`
 * periods (default 100,000). Beyond either, an input error, before any SQL is written.
 * @param metrics - A metric (`npsMetric({ score: "score" })`, `churnSqlMetric(...)`) or metrics by name.
 * @param options - The table, field-to-column mapping, grouping and dialect.
 * @example
 * toSql(npsMetric({ score: "score" }), { table: "answers", groupBy: "region" }).includes(
 *   'SUM(CASE WHEN "score" = 10 THEN 1 ELSE 0 END) AS "nps__answer_10"',
 * )
 * //=> true
 */
export function toSql(metrics: SqlMetrics, options: ToSqlOptions): string {
  const list = metricList(metrics);
  const forms = sqlForms(list);
  const parsed = parseWith(toSqlOptionsSchema, options, ["options"]);
  const dialect = resolveDialect(options.dialect);
  const c = context(parsed.columns ?? {}, dialect, parsed.dates ?? "timestamp");
  const period = resolvePeriod(parsed.period);
  const q = dialect.quote;
  const alias = (name: string, field: string): string => q(`${name}__${field}`);
  const where = parsed.where === undefined ? "" : `\nWHERE ${parsed.where}`;

  const keys: [string, string][] = [];
  if (parsed.groupBy !== undefined) keys.push([ALIAS.segment, c.column(parsed.groupBy)]);
  if (period !== null) keys.push([ALIAS.period, periodExpression(period, c)]);
  const groupBy = (exprs: readonly string[]): string =>
    exprs.length === 0 ? "" : `\nGROUP BY ${exprs.join(", ")}`;

  if (forms[0]?.level !== "customers") {
    const select: string[] = keys.map(([name, expr]) => `${expr} AS ${q(name)}`);
    select.push(`COUNT(*) AS ${q(ALIAS.n)}`);
    forms.forEach((form, m) => {
      const name = list.names[m] as string;
      if (form.invalid !== undefined) {
        select.push(
          `SUM(CASE WHEN ${form.invalid(c)} THEN 1 ELSE 0 END) AS ${alias(name, "invalid")}`,
        );
      }
      for (const [field, expr] of form.aggregates(c, () => ""))
        select.push(`${expr} AS ${alias(name, field)}`);
    });
    return `SELECT\n  ${select.join(",\n  ")}\nFROM ${parsed.table}${where}${groupBy(keys.map(([, expr]) => expr))}`;
  }

  // Customer metrics: flags per (group, customer), then sums per group.
  const customer = c.column(forms[0].customer ?? "customerId");
  const inner: string[] = keys.map(([name, expr]) => `${expr} AS ${q(`_${name}`)}`);
  inner.push(`COUNT(*) AS ${q("_rows")}`);
  const outer: string[] = keys.map(([name]) => `r.${q(`_${name}`)} AS ${q(name)}`);
  outer.push(`SUM(r.${q("_rows")}) AS ${q(ALIAS.n)}`);
  forms.forEach((form, m) => {
    const name = list.names[m] as string;
    const invalid = form.invalid?.(c) ?? "1 = 0";
    inner.push(`SUM(CASE WHEN ${invalid} THEN 1 ELSE 0 END) AS ${q(`_${name}__invalid`)}`);
    for (const [flag, condition] of form.flags?.(c) ?? []) {
      inner.push(`MAX(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ${q(`_${name}__${flag}`)}`);
    }
    for (const [field, expression] of form.customerAggregates?.(c) ?? []) {
      inner.push(`${expression} AS ${q(`_${name}__${field}`)}`);
    }
    outer.push(`SUM(r.${q(`_${name}__invalid`)}) AS ${alias(name, "invalid")}`);
    const flag = (field: string): string => `r.${q(`_${name}__${field}`)}`;
    for (const [field, expr] of form.aggregates(c, flag))
      outer.push(`${expr} AS ${alias(name, field)}`);
  });
  return (
    `SELECT\n  ${outer.join(",\n  ")}\nFROM (\n  SELECT\n    ${inner.join(",\n    ")}\n  FROM ${parsed.table}${where.replace("\n", "\n  ")}` +
    `${groupBy([...keys.map(([, expr]) => expr), customer]).replace("\n", "\n  ")}\n) r${groupBy(keys.map(([name]) => `r.${q(`_${name}`)}`))}`
  );
}

// ---------------------------------------------------------------------------------------------
// fromSqlRows

/** A row as a driver returns it: column name to value (numbers, bigints, numeric strings). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** What {@link fromSqlRows} returns: as `bySegment`, as `byPeriod`, or one group without grouping. */
export type SqlResult<M> = SegmentTable<M> | PeriodSeries<M> | GroupRow<M>;

/** The metrics of a call by name: a single metric `m` is `{ [m.name]: m }`. */
export type NamedMetrics<M> = M extends AnyMetric<ColumnRow> ? Record<M["name"], M> : M;

/**
 * The result type for the grouping options: `SegmentTable` with `groupBy`, `PeriodSeries` with
 * `period`, else the single `GroupRow`.
 */
export type SqlResultFor<O, M> = O extends { readonly groupBy: string }
  ? SegmentTable<M>
  : O extends { readonly period: object }
    ? PeriodSeries<M>
    : GroupRow<M>;

function toKey(
  value: unknown,
  path: readonly (string | number)[],
  invalidRows: number,
): SegmentKey {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  throw inputError(
    path,
    `expected a segment key (a string or a finite number); ${invalidRows} row(s) have ${value === null || value === undefined ? "none" : "another type"}`,
  );
}

/**
 * Turns the rows of {@link toSql}'s query into results: each row's tally columns become the
 * metric's tally, which its own finalize turns into a result, so a warehouse computes exactly
 * what the in-memory helpers compute. With `groupBy`, the result is `bySegment`'s table; with
 * `period`, `byPeriod`'s series; with neither, the single group. Pass the options given to
 * {@link toSql}. A group with rows that the in-memory metric would reject (a score of 11, a
 * NULL customer) is an input error, as it would be in memory.
 *
 * Rows are checked before any tally is built: `n` and every count column must be a
 * non-negative integer (numbers, bigints and integer-valued numeric strings such as
 * PostgreSQL's `numeric` sums are read; `NULL` is 0), sums of money finite numbers, `period`
 * an index of the series (or a bucket start in epoch ms with `"date_trunc"`), the answers
 * counted at most `n`, and each metric's limits must hold (a subset never above its total:
 * `churned <= customersAtStart`, `repeatCustomers <= priorCustomers`, ...). A row that breaks
 * one is an input error naming it: `[3].churnRate__churned: cannot exceed
 * [3].churnRate__customersAtStart (5 > 2)`. A series longer than `period.maxPeriods` is an
 * error too.
 * @param metrics - The same metric(s) as given to {@link toSql}.
 * @param rows - The query's rows (`n`, `segment`, `period`, `<name>__<field>` columns).
 * @example
 * const metric = npsMetric({ score: "score" });
 * const rows = [{ segment: "EU", n: 2, nps__answer_10: 2 }];
 * const table = fromSqlRows(metric, rows, { groupBy: "region" });
 * table.grouping === "segments" && table.segments[0]?.results.nps.value
 * //=> 100
 */
export function fromSqlRows<
  M extends SqlMetrics,
  const O extends FromSqlRowsOptions<NamedMetrics<M>> = Record<never, never>,
>(metrics: M, rows: readonly SqlRow[], options?: O): SqlResultFor<O, NamedMetrics<M>> {
  type Out = NamedMetrics<M>;
  // The grouping options decide the shape; TypeScript cannot narrow O from the checks below.
  type Result = SqlResultFor<O, Out>;
  const list = metricList(metrics);
  const forms = sqlForms(list);
  if (!Array.isArray(rows)) throw inputError(["rows"], "expected an array of rows");
  const parsed = parseWith(fromSqlRowsOptionsSchema, options ?? {}, ["options"]);
  const minN = parsed.minN ?? 30;
  const sort = (options?.sort ?? "key") as SegmentSort<Out>;
  if (unknownSortMetric(sort, list.names)) {
    throw inputError(["options", "sort", "metric"], `expected one of: ${list.names.join(", ")}`);
  }
  const period = resolvePeriod(parsed.period);
  const grouped = parsed.groupBy !== undefined;
  if (grouped && period !== null) {
    throw inputError(
      ["options", "period"],
      "group by a segment or by a period, not both (use a composite key column)",
    );
  }
  const periodCount = period?.starts?.length ?? 0;
  const periodMessage =
    period?.bucketing === "date_trunc"
      ? "expected the start of the row's period in epoch ms (an integer)"
      : `expected a period index of the series, 0 to ${periodCount - 1} (-1: outside it, -2: no date)`;

  // Each row to (key, period, n, tallies), after its validity counts.
  const segments = new Map<SegmentKey, TalliedGroup>();
  const periods = new Map<number, TalliedGroup>();
  let excluded = 0;
  let single: TalliedGroup = { n: 0, tallies: list.metrics.map((metric) => metric.empty()) };
  // date_trunc: the rows with the earliest and latest period, to name one if there are too many.
  let earliest = { bucket: Number.POSITIVE_INFINITY, row: -1 };
  let latest = { bucket: Number.NEGATIVE_INFINITY, row: -1 };
  rows.forEach((row, index) => {
    const read = rowReader(row, index);
    const n = readCount(read(ALIAS.n), [index, ALIAS.n]);
    let bucket = 0;
    if (period !== null) {
      const path = [index, ALIAS.period];
      const raw = readInteger(read(ALIAS.period), path, periodMessage);
      const noDate = raw === null || (period.bucketing === "case" && raw === -2);
      if (noDate) {
        throw inputError(
          path,
          `${n} row(s) have no ${JSON.stringify(period.date)} (expected an instant)`,
        );
      }
      if (period.bucketing === "case") {
        if (raw < -2 || raw >= periodCount) throw inputError(path, periodMessage);
        if (raw === -1) {
          excluded += n;
          return;
        }
        bucket = raw;
      } else {
        bucket = requireEpochMs(raw, path);
        if (bucket < period.low || bucket >= period.high) {
          excluded += n;
          return;
        }
        if (bucket < earliest.bucket) earliest = { bucket, row: index };
        if (bucket > latest.bucket) latest = { bucket, row: index };
      }
    }
    // The key first, as bySegment checks a record's key before its metrics.
    const key = grouped ? toKey(read(ALIAS.segment), [index, ALIAS.segment], n) : undefined;
    const group: TalliedGroup = { n, tallies: rowTallies(list, forms, read, n, index) };
    if (key !== undefined) {
      segments.set(key, merge(list, segments.get(key), group));
    } else if (period !== null) {
      periods.set(bucket, merge(list, periods.get(bucket), group));
    } else {
      single = merge(list, single, group);
    }
  });

  if (grouped) return segmentTable<Out>(list, segments, minN, sort) as Result;
  if (period !== null) {
    let starts = period.starts;
    const groups = new Map<number, TalliedGroup>();
    if (period.bucketing === "case") {
      for (const [k, group] of periods) groups.set(k, group);
    } else {
      // date_trunc: rows carry bucket starts; list the series from the first to the last, as
      // byPeriod does (the same limit and blame: options.period.start / end when given, else
      // the row with the outlying period).
      const low = period.low === Number.NEGATIVE_INFINITY ? undefined : period.low;
      const high = period.high === Number.POSITIVE_INFINITY ? undefined : period.high;
      starts = seriesStarts(
        periods,
        low,
        high,
        period.interval,
        { timeZone: period.timeZone, weekStartsOn: period.weekStartsOn },
        period.maxPeriods,
        "options.period.maxPeriods",
        (late) =>
          (late ? high : low) !== undefined
            ? ["options", "period", late ? "end" : "start"]
            : [late ? latest.row : earliest.row, ALIAS.period],
      );
      const position = new Map<number, number>();
      starts.forEach((s, k) => {
        position.set(s, k);
      });
      for (const [b, group] of periods) {
        const k = position.get(b);
        if (k === undefined) excluded += group.n;
        else groups.set(k, merge(list, groups.get(k), group));
      }
    }
    const list2 = (starts ?? []).map((_, k) => groups.get(k));
    return periodSeries<Out>(list, starts ?? [], list2, {
      interval: period.interval,
      timeZone: period.timeZone,
      minN,
      excluded,
    }) as Result;
  }
  return groupRow<never, Out>(list, single.n, single.tallies, minN) as Result;
}

/**
 * The tallies of one row, metric by metric, after its checks: every column a count (or a sum of
 * money where the metric says so), no invalid rows, at most `n` answers, and the metric's
 * limits (a subset never above its total).
 */
function rowTallies(
  list: MetricList<never>,
  forms: readonly MetricSql<unknown>[],
  read: (alias: string) => unknown,
  n: number,
  index: number,
): unknown[] {
  return forms.map((form, m) => {
    const name = list.names[m] as string;
    const column = (field: string): string => `${name}__${field}`;
    const amounts = form.amounts ?? [];
    const nonNegative = form.nonNegative ?? [];
    const value = (field: string): number => {
      const path = [index, column(field)];
      if (!amounts.includes(field)) return readCount(read(column(field)), path);
      const amount = readAmount(read(column(field)), path);
      if (amount < 0 && nonNegative.includes(field)) {
        throw inputError(path, "expected a non-negative finite number (a sum of values >= 0)");
      }
      return amount;
    };
    // Rows the metric rejects: counted by the SQL, or n minus the rows its tally counts.
    let invalid: number;
    if (form.answered === undefined) {
      invalid = readCount(read(column("invalid")), [index, column("invalid")]);
    } else {
      const answered = form.answered(value);
      if (answered > n) {
        throw inputError(
          [index, ALIAS.n],
          `expected at least the ${answered} answers counted in the ${JSON.stringify(name)} columns (every answer is a row of the group)`,
        );
      }
      invalid = n - answered;
    }
    if (invalid > 0) {
      throw inputError(
        [index, column("invalid")],
        `${invalid} row(s) of this group are invalid for ${JSON.stringify(name)}: expected ${form.expected}`,
      );
    }
    for (const limit of form.limits ?? []) {
      let part = 0;
      for (const field of limit.part) part += value(field);
      let whole = n;
      if (limit.whole !== "n") {
        whole = 0;
        for (const field of limit.whole) whole += value(field);
      }
      if (part > whole) {
        const label = (field: string): string => formatPath([index, column(field)]);
        const wholeText =
          limit.whole === "n" ? formatPath([index, ALIAS.n]) : limit.whole.map(label).join(" + ");
        const lead = limit.part.length > 1 ? `${limit.part.map(label).join(" + ")} ` : "";
        throw inputError(
          [index, column(limit.part[0] ?? "")],
          `${lead}cannot exceed ${wholeText} (${part} > ${whole})`,
        );
      }
    }
    const problem = form.check?.(value) ?? null;
    if (problem !== null) throw inputError([index, column(problem.column)], problem.message);
    return form.tally(value);
  });
}

function merge(
  list: MetricList<never>,
  a: TalliedGroup | undefined,
  b: TalliedGroup,
): TalliedGroup {
  if (a === undefined) return b;
  return {
    n: a.n + b.n,
    tallies: list.metrics.map((metric, m) => metric.merge(a.tallies[m], b.tallies[m])),
  };
}

/** {@link toSql} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToSql(metrics: SqlMetrics, options: ToSqlOptions): SafeResult<string> {
  return attempt(() => toSql(metrics, options));
}

/** {@link fromSqlRows} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFromSqlRows<
  M extends SqlMetrics,
  const O extends FromSqlRowsOptions<NamedMetrics<M>> = Record<never, never>,
>(metrics: M, rows: readonly SqlRow[], options?: O): SafeResult<SqlResultFor<O, NamedMetrics<M>>> {
  return attempt(() => fromSqlRows(metrics, rows, options));
}
