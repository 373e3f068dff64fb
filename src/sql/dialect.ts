// SQL dialects: the few places where engines differ for the queries this module emits.
// Everything else is plain aggregate SQL (SUM(CASE WHEN ...), MAX, COUNT(*), GROUP BY, JOIN).
import { attempt, inputError, type SafeResult } from "../errors.js";
import type { CalendarInterval } from "../time/period.js";

/**
 * How to write SQL for one engine. The built-in dialects cover PostgreSQL, DuckDB, BigQuery,
 * Snowflake, Trino and Spark; pass your own object for another engine.
 */
export interface SqlDialect {
  /** Name, for messages. */
  readonly name: string;
  /** Quotes an identifier (output column aliases). */
  quote(identifier: string): string;
  /** A literal for an instant given in epoch milliseconds (UTC), comparable with timestamp columns. */
  timestamp(ms: number): string;
  /**
   * Optional: the start of the calendar period containing `expression` in `timeZone`, as a
   * timestamp (the vendor's `date_trunc`). Needed only for `bucketing: "date_trunc"`.
   */
  truncate?(expression: string, interval: CalendarInterval, timeZone: string): string;
  /** Optional: epoch milliseconds of a timestamp expression. Needed with `truncate`. */
  epochMs?(expression: string): string;
}

/** The built-in dialects by name. */
export type SqlDialectName =
  | "standard"
  | "postgres"
  | "duckdb"
  | "bigquery"
  | "snowflake"
  | "trino"
  | "spark";

function doubleQuote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function backQuote(identifier: string): string {
  return `\`${identifier.replaceAll("`", "``")}\``;
}

/** `2025-03-01 00:00:00.000` (UTC wall clock) of an instant. */
function utcText(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const UNITS: Readonly<Record<CalendarInterval, string>> = {
  day: "day",
  week: "week",
  month: "month",
  quarter: "quarter",
  year: "year",
};

const standard: SqlDialect = {
  name: "standard",
  quote: doubleQuote,
  timestamp: (ms) => `TIMESTAMP WITH TIME ZONE '${utcText(ms)}+00:00'`,
};

const postgres: SqlDialect = {
  ...standard,
  name: "postgres",
  // date_trunc of the wall clock in the zone, read back as an instant in that zone.
  truncate: (e, interval, zone) =>
    `(date_trunc('${UNITS[interval]}', (${e}) AT TIME ZONE ${stringLiteral(zone)}) AT TIME ZONE ${stringLiteral(zone)})`,
  epochMs: (e) => `(EXTRACT(EPOCH FROM (${e})) * 1000)`,
};

const duckdb: SqlDialect = {
  ...standard,
  name: "duckdb",
  truncate: (e, interval, zone) =>
    `timezone(${stringLiteral(zone)}, date_trunc('${UNITS[interval]}', timezone(${stringLiteral(zone)}, ${e})))`,
  epochMs: (e) => `epoch_ms(${e})`,
};

const bigquery: SqlDialect = {
  name: "bigquery",
  quote: backQuote,
  timestamp: (ms) => `TIMESTAMP '${utcText(ms)}+00:00'`,
  truncate: (e, interval, zone) =>
    `TIMESTAMP_TRUNC(${e}, ${interval === "week" ? "ISOWEEK" : UNITS[interval].toUpperCase()}, ${stringLiteral(zone)})`,
  epochMs: (e) => `UNIX_MILLIS(${e})`,
};

const snowflake: SqlDialect = {
  name: "snowflake",
  quote: doubleQuote,
  timestamp: (ms) => `'${utcText(ms)} +00:00'::TIMESTAMP_TZ`,
  truncate: (e, interval, zone) =>
    `DATE_TRUNC('${UNITS[interval]}', CONVERT_TIMEZONE(${stringLiteral(zone)}, ${e}))`,
  epochMs: (e) => `DATE_PART(EPOCH_MILLISECOND, ${e})`,
};

const trino: SqlDialect = {
  name: "trino",
  quote: doubleQuote,
  timestamp: (ms) => `TIMESTAMP '${utcText(ms)} UTC'`,
  truncate: (e, interval, zone) =>
    `date_trunc('${UNITS[interval]}', (${e}) AT TIME ZONE ${stringLiteral(zone)})`,
  epochMs: (e) => `(to_unixtime(${e}) * 1000)`,
};

const spark: SqlDialect = {
  name: "spark",
  quote: backQuote,
  timestamp: (ms) => `TIMESTAMP '${utcText(ms)}+00:00'`,
  truncate: (e, interval, zone) =>
    `to_utc_timestamp(date_trunc('${UNITS[interval].toUpperCase()}', from_utc_timestamp(${e}, ${stringLiteral(zone)})), ${stringLiteral(zone)})`,
  epochMs: (e) => `unix_millis(${e})`,
};

const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = {
  standard,
  postgres,
  duckdb,
  bigquery,
  snowflake,
  trino,
  spark,
};

function isDialectName(name: unknown): name is SqlDialectName {
  return typeof name === "string" && Object.hasOwn(DIALECTS, name);
}

function isDialect(value: unknown): value is SqlDialect {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof Reflect.get(value, "quote") === "function" &&
    typeof Reflect.get(value, "timestamp") === "function"
  );
}

const DIALECT_MESSAGE = `expected one of: ${Object.keys(DIALECTS).join(", ")}`;

/**
 * A built-in dialect by name.
 * @example
 * sqlDialect("postgres").timestamp(Date.UTC(2025, 2, 1))
 * //=> "TIMESTAMP WITH TIME ZONE '2025-03-01 00:00:00.000+00:00'"
 * sqlDialect("bigquery").quote("nps__score_10")
 * //=> "`nps__score_10`"
 */
export function sqlDialect(name: SqlDialectName): SqlDialect {
  if (!isDialectName(name)) throw inputError(["dialect"], DIALECT_MESSAGE);
  return DIALECTS[name];
}

/** Resolves the `dialect` option: a name, a dialect object, or the standard one. @internal */
export function resolveDialect(dialect: unknown): SqlDialect {
  if (dialect === undefined) return standard;
  if (isDialectName(dialect)) return DIALECTS[dialect];
  if (isDialect(dialect)) return dialect;
  throw inputError(
    ["options", "dialect"],
    `${DIALECT_MESSAGE}, or an object with quote(identifier) and timestamp(ms)`,
  );
}

/** {@link sqlDialect} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSqlDialect(name: SqlDialectName): SafeResult<SqlDialect> {
  return attempt(() => sqlDialect(name));
}
