// Cohort retention in SQL: orders bucketed into calendar periods by a CASE over boundaries
// computed here (in the zone), each customer's cohort = their first period, one row per
// (cohort, period) with the distinct customers active in it; finalized by the same matrix code
// as the columnar path.
import * as z from "zod/mini";
import { attempt, formatPath, inputError, parseWith, type SafeResult } from "../errors.js";
import { type CohortRetention, cohortMatrix } from "../group/cohort.js";
import {
  DEFAULT_MAX_PERIODS,
  exceedsPeriods,
  maxPeriodsSchema,
  weekStartsOnSchema,
} from "../group/route.js";
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
import type { SqlRow } from "./query.js";
import { readCount, readInteger, rowReader } from "./rows.js";

/** Options of {@link cohortRetentionSql} and {@link cohortRetentionFromSqlRows}. */
export interface CohortRetentionSqlOptions {
  /** The orders relation: a table name or any FROM item. */
  readonly table: string;
  /** SQL expressions of the order fields `customerId`, `date`, `amount` (default: same-named columns). */
  readonly columns?: Readonly<Record<string, string>>;
  /** Calendar unit of cohorts and periods. Default `"month"`. */
  readonly interval?: CalendarInterval;
  /** IANA zone of the calendar. Default `"UTC"`. */
  readonly timeZone?: string;
  /** First day of a week, 0 Sunday … 6 Saturday. Default 1 (Monday). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** The grid starts with the period containing this instant; an earlier order is an error. Required. */
  readonly start: DateInput;
  /** End of observation (exclusive): later orders are left out (counted in `excluded`). Required. */
  readonly asOf: DateInput;
  /** Number of columns; default as many as the oldest cohort has begun. */
  readonly periods?: number;
  /**
   * Most periods of the grid (`start` to `asOf`) and of `periods`, as `cohortRetention`'s
   * option: a longer grid is an input error naming `asOf`, before any boundary is listed.
   * Default 100,000.
   */
  readonly maxPeriods?: number;
  readonly dialect?: SqlDialectName | SqlDialect;
  /** How instants are stored: `"timestamp"` (default) or `"epoch-ms"`. */
  readonly dates?: "timestamp" | "epoch-ms";
}

const PERIODS_MESSAGE = "expected an integer number of periods >= 1";

/** Options of the cohort SQL, as a schema (unknown keys are errors). */
export const cohortRetentionSqlOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<CohortRetentionSqlOptions, "dialect">> & { dialect?: unknown }
> = /* @__PURE__ */ z.strictObject({
  table: z.string({ error: "expected a table name or FROM item" }),
  columns: z.optional(z.record(z.string(), z.string())),
  interval: z.optional(calendarIntervalSchema),
  timeZone: z.optional(z.string()),
  weekStartsOn: weekStartsOnSchema,
  start: dateInputSchema,
  asOf: dateInputSchema,
  periods: z.optional(
    z.int({ error: PERIODS_MESSAGE }).check(z.gte(1, { error: PERIODS_MESSAGE })),
  ),
  maxPeriods: maxPeriodsSchema,
  dialect: z.optional(z.unknown()),
  dates: z.optional(
    z.enum(["timestamp", "epoch-ms"], { error: 'expected "timestamp" or "epoch-ms"' }),
  ),
});

interface Grid {
  readonly interval: CalendarInterval;
  readonly timeZone: string;
  readonly asOf: number;
  /** Period starts from the period of `start` to the last one beginning before `asOf`. */
  readonly starts: readonly number[];
  /** The boundary after the last period. */
  readonly end: number;
  readonly periods: number | undefined;
}

function resolveGrid(options: unknown): {
  readonly grid: Grid;
  readonly parsed: SchemaOutput<Omit<CohortRetentionSqlOptions, "dialect">> & { dialect?: unknown };
} {
  const parsed = parseWith(cohortRetentionSqlOptionsSchema, options, ["options"]);
  const interval = parsed.interval ?? "month";
  const timeZone = resolveTimeZone(parsed.timeZone, ["options", "timeZone"]);
  const start = requireEpochMs(parsed.start, ["options", "start"]);
  const asOf = requireEpochMs(parsed.asOf, ["options", "asOf"]);
  if (!(start < asOf)) throw inputError(["options", "asOf"], "expected asOf after start");
  const bucketOptions = { timeZone, weekStartsOn: parsed.weekStartsOn ?? 1 };
  const maxPeriods = parsed.maxPeriods ?? DEFAULT_MAX_PERIODS;
  if (parsed.periods !== undefined && parsed.periods > maxPeriods) {
    throw inputError(
      ["options", "periods"],
      `expected at most maxPeriods (${maxPeriods}) periods (else raise options.maxPeriods)`,
    );
  }
  // Checked in one calendar step, before the boundaries are listed and written into the SQL.
  const step = (s: number, k: number): number => addIntervals(s, interval, k, timeZone);
  if (exceedsPeriods(bucketStart(start, interval, bucketOptions), asOf, maxPeriods, step)) {
    throw inputError(
      ["options", "asOf"],
      `expected a grid of at most maxPeriods (${maxPeriods}) ${interval}s from start to asOf: this date makes it wider (a mistyped date? else raise options.maxPeriods)`,
    );
  }
  const starts = listBuckets(start, asOf, interval, bucketOptions);
  const end = addIntervals(starts[0] as number, interval, starts.length, timeZone);
  return { grid: { interval, timeZone, asOf, starts, end, periods: parsed.periods }, parsed };
}

/**
 * The SQL of a calendar cohort-retention matrix over an orders table: plain SQL (CTEs, `MIN`,
 * `DISTINCT`, `COUNT(*)`, a `CASE` over period boundaries written as literals, computed here
 * in `timeZone`), so any engine runs it. One row per (cohort, period) with the distinct
 * customers active in it, and one summary row (`cohort` NULL) with the orders left out
 * (`excluded`, at or after `asOf`), those before `start` and the invalid ones (no customer,
 * no date, no or negative amount). {@link cohortRetentionFromSqlRows} turns the rows into the
 * matrix `cohortRetention` gives for the same orders and `asOf`.
 * @example
 * cohortRetentionSql({ table: "orders", start: "2025-01-01T00:00:00Z", asOf: "2025-04-01T00:00:00Z" }).includes("COUNT(*)")
 * //=> true
 */
export function cohortRetentionSql(options: CohortRetentionSqlOptions): string {
  const { grid, parsed } = resolveGrid(options);
  const dialect = resolveDialect(options.dialect);
  const columns = parsed.columns ?? {};
  const column = (field: string): string =>
    Object.hasOwn(columns, field) ? (columns[field] as string) : dialect.quote(field);
  const instant = (ms: number): string =>
    parsed.dates === "epoch-ms" ? String(ms) : dialect.timestamp(ms);
  const q = dialect.quote;
  const customer = column("customerId");
  const date = column("date");
  const amount = column("amount");
  const starts = grid.starts;
  const whens = starts.map(
    (_s, k) => `WHEN ${date} < ${instant(starts[k + 1] ?? grid.end)} THEN ${k}`,
  );
  const bucket = `CASE WHEN ${date} < ${instant(starts[0] as number)} THEN -1 ${whens.join(" ")} ELSE -1 END`;
  const table = parsed.table;
  return `WITH o AS (
  SELECT ${customer} AS c, ${bucket} AS g
  FROM ${table}
  WHERE ${date} < ${instant(grid.asOf)} AND ${date} >= ${instant(starts[0] as number)}
), f AS (
  SELECT c, MIN(g) AS cohort FROM o GROUP BY c
), a AS (
  SELECT DISTINCT c, g FROM o
)
SELECT f.cohort AS ${q("cohort")}, a.g AS ${q("period")}, COUNT(*) AS ${q("customers")},
  0 AS ${q("excluded")}, 0 AS ${q("before")}, 0 AS ${q("invalid")}
FROM a JOIN f ON a.c = f.c
GROUP BY f.cohort, a.g
UNION ALL
SELECT CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), 0,
  (SELECT COUNT(*) FROM ${table} WHERE ${date} >= ${instant(grid.asOf)}),
  (SELECT COUNT(*) FROM ${table} WHERE ${date} < ${instant(starts[0] as number)}),
  (SELECT COUNT(*) FROM ${table} WHERE ${customer} IS NULL OR ${date} IS NULL OR ${amount} IS NULL OR ${amount} < 0)`;
}

/**
 * The cohort matrix from the rows of {@link cohortRetentionSql} (same options): the same
 * {@link CohortRetention} as `cohortRetention(orders, { kind: "orders", asOf, ... })`.
 * Invalid orders or orders before `start` are input errors, as they would be in memory.
 *
 * Every count (`customers`, `excluded`, `before`, `invalid`) must be a non-negative integer
 * (numbers, bigints and integer-valued numeric strings are read), `cohort` and `period`
 * integer indexes of the grid with `cohort <= period`, and a cohort's customers in a later
 * period at most its size (its customers in its first period): otherwise an input error
 * naming the row and column (`[3].customers: cannot exceed the size of cohort 0 ([0].customers): 5 > 2`).
 * @example
 * const options = { table: "orders", start: "2025-01-01T00:00:00Z", asOf: "2025-03-01T00:00:00Z" };
 * const rows = [
 *   { cohort: 0, period: 0, customers: 2 },
 *   { cohort: 0, period: 1, customers: 1 },
 *   { cohort: 1, period: 1, customers: 1 },
 *   { cohort: null, period: null, customers: 0, excluded: 0, before: 0, invalid: 0 },
 * ];
 * cohortRetentionFromSqlRows(rows, options).cohorts.map((row) => row.retention)
 * //=> [[1, 0.5], [1, null]]
 */
export function cohortRetentionFromSqlRows(
  rows: readonly SqlRow[],
  options: CohortRetentionSqlOptions,
): CohortRetention {
  const { grid } = resolveGrid(options);
  if (!Array.isArray(rows)) throw inputError(["rows"], "expected an array of rows");
  const periods = grid.starts.length;
  const sizes = new Float64Array(periods);
  const cells = new Map<number, number>();
  // The last row adding to each cell, to name it when the cell exceeds its cohort's size.
  const cellRows = new Map<number, number>();
  let excluded = 0;
  const gridMessage = `expected cohort and period indexes of the grid: 0 <= cohort <= period <= ${periods - 1}`;
  rows.forEach((row, index) => {
    const read = rowReader(row, index);
    const cohort = readInteger(read("cohort"), [index, "cohort"], gridMessage);
    if (cohort === null) {
      excluded += readCount(read("excluded"), [index, "excluded"]);
      const before = readCount(read("before"), [index, "before"]);
      const invalid = readCount(read("invalid"), [index, "invalid"]);
      if (invalid > 0) {
        throw inputError(
          [index, "invalid"],
          `${invalid} order(s) have no customer id, no date, or no amount >= 0`,
        );
      }
      if (before > 0) {
        throw inputError(
          [index, "before"],
          `${before} order(s) are before options.start: move start earlier`,
        );
      }
      return;
    }
    if (!(cohort >= 0 && cohort < periods)) throw inputError([index, "cohort"], gridMessage);
    const period = readInteger(read("period"), [index, "period"], gridMessage);
    if (period === null || !(period >= cohort && period < periods)) {
      throw inputError([index, "period"], gridMessage);
    }
    const customers = readCount(read("customers"), [index, "customers"]);
    if (period === cohort) sizes[cohort] = (sizes[cohort] as number) + customers;
    const cell = cohort * periods + (period - cohort);
    cells.set(cell, (cells.get(cell) ?? 0) + customers);
    cellRows.set(cell, index);
  });
  // A cohort's customers active in a later period are among the cohort (its first period).
  for (const [cell, active] of cells) {
    const cohort = Math.floor(cell / periods);
    const size = sizes[cohort] as number;
    if (cell % periods !== 0 && active > size) {
      const sizeRow = cellRows.get(cohort * periods);
      const sizeText =
        sizeRow === undefined ? "no row for its first period" : formatPath([sizeRow, "customers"]);
      throw inputError(
        [cellRows.get(cell) as number, "customers"],
        `cannot exceed the size of cohort ${cohort} (${sizeText}): ${active} > ${size}`,
      );
    }
  }
  let customers = 0;
  for (const size of sizes) customers += size;
  return cohortMatrix(
    {
      starts: grid.starts,
      sizes,
      active: (c: number, k: number) => cells.get(c * periods + k) ?? 0,
      customers,
      excluded,
    },
    { interval: grid.interval, timeZone: grid.timeZone, asOf: grid.asOf, periods: grid.periods },
  );
}

/** {@link cohortRetentionFromSqlRows} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCohortRetentionFromSqlRows(
  rows: readonly SqlRow[],
  options: CohortRetentionSqlOptions,
): SafeResult<CohortRetention> {
  return attempt(() => cohortRetentionFromSqlRows(rows, options));
}

/** {@link cohortRetentionSql} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCohortRetentionSql(options: CohortRetentionSqlOptions): SafeResult<string> {
  return attempt(() => cohortRetentionSql(options));
}
