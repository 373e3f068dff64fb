// Cohort retention in SQL: orders bucketed into calendar periods by a CASE over boundaries
// computed here (in the zone), each customer's cohort = their first period, one row per
// (cohort, period) with the distinct customers active in it; finalized by the same matrix code
// as the columnar path.
import * as z from "zod/mini";
import { cohortMatrix } from "../columnar/cohort.js";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { CohortRetention } from "../group/cohort.js";
import { weekStartsOnSchema } from "../group/route.js";
import type { SchemaOutput } from "../stats/options.js";
import { type DateInput, dateInputSchema, requireEpochMs } from "../time/instant.js";
import {
  addIntervals,
  type CalendarInterval,
  calendarIntervalSchema,
  listBuckets,
  resolveTimeZone,
} from "../time/period.js";
import { resolveDialect, type SqlDialect, type SqlDialectName } from "./dialect.js";
import type { SqlRow } from "./query.js";

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
  const starts = listBuckets(start, asOf, interval, {
    timeZone,
    weekStartsOn: parsed.weekStartsOn ?? 1,
  });
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

function count(row: SqlRow, alias: string, index: number): number | null {
  const key = Object.keys(row).find((k) => k.toLowerCase() === alias);
  const value = key === undefined ? undefined : row[key];
  if (value === null || value === undefined) return null;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  if (!Number.isFinite(n)) throw inputError([index, alias], "expected a number");
  return n;
}

/**
 * The cohort matrix from the rows of {@link cohortRetentionSql} (same options): the same
 * {@link CohortRetention} as `cohortRetention(orders, { kind: "orders", asOf, ... })`.
 * Invalid orders or orders before `start` are input errors, as they would be in memory.
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
  let excluded = 0;
  rows.forEach((row, index) => {
    if (row === null || typeof row !== "object") throw inputError([index], "expected a row object");
    const cohort = count(row, "cohort", index);
    if (cohort === null) {
      excluded += count(row, "excluded", index) ?? 0;
      const before = count(row, "before", index) ?? 0;
      const invalid = count(row, "invalid", index) ?? 0;
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
    const period = count(row, "period", index) ?? -1;
    const customers = count(row, "customers", index) ?? 0;
    if (
      !(
        Number.isInteger(cohort) &&
        cohort >= 0 &&
        cohort < periods &&
        period >= cohort &&
        period < periods
      )
    ) {
      throw inputError([index, "cohort"], "expected cohort and period indexes of the grid");
    }
    if (period === cohort) sizes[cohort] = (sizes[cohort] as number) + customers;
    const cell = cohort * periods + (period - cohort);
    cells.set(cell, (cells.get(cell) ?? 0) + customers);
  });
  let customers = 0;
  for (const size of sizes) customers += size;
  return cohortMatrix(
    {
      starts: grid.starts,
      sizes,
      active: (c, k) => cells.get(c * periods + k) ?? 0,
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
