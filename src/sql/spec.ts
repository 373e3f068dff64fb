// What a metric needs to be computed by a SQL engine: the aggregates that produce its tally,
// the rows it must reject, and how a result row becomes its tally. Histogram metrics (NPS,
// CSAT, CES) get this for free from Metric.histogram; customer metrics declare it.
import { inputError } from "../errors.js";
import type { HistogramSpec, Metric } from "../metric.js";
import type { SqlDialect } from "./dialect.js";

/** What the SQL of a metric can refer to. */
export interface SqlContext {
  /** The SQL expression of a record field (the `columns` mapping, or the quoted field name). */
  column(field: string): string;
  /** A literal for an instant (epoch ms), in the form of the date columns. */
  instant(ms: number): string;
  readonly dialect: SqlDialect;
}

/** One output column: its alias (without the metric prefix) and its SQL expression. */
export type SqlColumn = readonly [alias: string, expression: string];

/**
 * A relation every result row must satisfy: the sum of the `part` columns is at most the sum of
 * the `whole` columns (aliases without the metric prefix), or at most the row's `n` (the rows
 * of the group) when `whole` is `"n"`. A subset never exceeds its total: churned customers are
 * among the customers at the start, each customer counted has at least one row.
 */
export interface SqlCountLimit {
  readonly part: readonly string[];
  readonly whole: readonly string[] | "n";
}

/**
 * The SQL form of a metric. `"rows"` metrics aggregate rows directly; `"customers"` metrics
 * first reduce each customer's rows to 0/1 flags (`MAX(CASE WHEN condition THEN 1 ELSE 0 END)`),
 * then aggregate the flags per group.
 */
export interface MetricSql<T> {
  readonly level: "rows" | "customers";
  /** Record field of the customer id (`"customers"` level). */
  readonly customer?: string;
  /** Per-customer flag conditions, by alias (`"customers"` level). */
  flags?(c: SqlContext): readonly SqlColumn[];
  /**
   * Per-customer aggregates written out in full, by alias (`"customers"` level): sums and counts
   * that a 0/1 flag cannot hold (MRR at the start, orders in the period). Read in `aggregates`
   * with `flag(alias)`, as the flags.
   */
  customerAggregates?(c: SqlContext): readonly SqlColumn[];
  /**
   * Group aggregates by alias. At `"rows"` level they aggregate rows; at `"customers"` level
   * they aggregate the flags, read with `flag(alias)` (a 0/1 column).
   */
  aggregates(c: SqlContext, flag: (alias: string) => string): readonly SqlColumn[];
  /**
   * A condition true for rows the in-memory metric would reject (they are counted). Omitted when
   * `answered` gives the valid rows instead (invalid = `n` − answered).
   */
  invalid?(c: SqlContext): string;
  /** The valid rows of a group from its tally columns (answer metrics: the sum of the counts). */
  answered?(read: (alias: string) => number): number;
  /** What a valid row is, for the error naming a group with invalid rows. */
  readonly expected: string;
  /**
   * Relations between the count columns that every row must satisfy (checked by `fromSqlRows`
   * before `tally`; a row that breaks one is an input error naming it).
   */
  readonly limits?: readonly SqlCountLimit[];
  /**
   * Aliases of columns that are sums of money (finite numbers, possibly negative). Every other
   * column `tally` reads is a count: a non-negative integer.
   */
  readonly amounts?: readonly string[];
  /**
   * Aliases among `amounts` that cannot be negative: sums of values the in-memory metric
   * requires to be non-negative (response weights, order amounts).
   */
  readonly nonNegative?: readonly string[];
  /**
   * Relations between columns that `limits` cannot state (a weighted sum of an answer no one
   * gave): the first one a row breaks, as the alias of the column to name and a message, or
   * `null`. Called after the counts, amounts and limits passed.
   */
  check?(read: (alias: string) => number): SqlRowProblem | null;
  /** The tally from the aggregates of one result row, read by alias. */
  tally(read: (alias: string) => number): T;
}

/** A relation a result row breaks: the column (alias without the metric prefix) and why. */
export interface SqlRowProblem {
  readonly column: string;
  readonly message: string;
}

/** A metric that also knows its SQL: usable in memory (bySegment) and in a warehouse (toSql). */
export type SqlMetric<R, S, T, Res> = Metric<R, S, T, Res> & { readonly sql: MetricSql<T> };

function answerAlias(answer: number): string {
  return answer < 0 ? `answer_m${-answer}` : `answer_${answer}`;
}

/**
 * Most answers a histogram metric may have in SQL (`max − min + 1`): one `SUM(CASE ...)` column
 * per answer, and engines cap the columns of a query (PostgreSQL: 1,664). NPS has 11, CSAT and
 * CES at most 10. @internal
 */
export const MAX_SQL_ANSWERS = 1000;

/**
 * The SQL form of a histogram metric: one count per answer. Its answers must be the integers
 * `min..max`, at most {@link MAX_SQL_ANSWERS} of them; otherwise an input error at `path` (a
 * hand-made metric with `max: Infinity` would emit columns without end). @internal
 */
export function histogramSql<T>(
  spec: HistogramSpec<never, T>,
  field: string,
  path: readonly (string | number)[],
): MetricSql<T> {
  const { min, max } = spec;
  if (
    !(
      Number.isSafeInteger(min) &&
      Number.isSafeInteger(max) &&
      min <= max &&
      max - min < MAX_SQL_ANSWERS
    )
  ) {
    throw inputError(
      [...path, "histogram"],
      `expected integer answers min..max with at most ${MAX_SQL_ANSWERS} answers for SQL (one column each); got min ${String(min)}, max ${String(max)}`,
    );
  }
  return {
    level: "rows",
    aggregates(c) {
      const column = c.column(field);
      const out: SqlColumn[] = [];
      for (let answer = min; answer <= max; answer++) {
        out.push([answerAlias(answer), `SUM(CASE WHEN ${column} = ${answer} THEN 1 ELSE 0 END)`]);
      }
      return out;
    },
    // Every valid answer is counted in exactly one column: the others (NULL, out of range, not
    // an integer) are n minus the sum, with no condition to evaluate per row.
    answered(read) {
      let total = 0;
      for (let answer = min; answer <= max; answer++) total += read(answerAlias(answer));
      return total;
    },
    expected: `an integer ${min}-${max} in ${JSON.stringify(field)}`,
    tally(read) {
      const counts = new Float64Array(max - min + 1);
      for (let answer = min; answer <= max; answer++)
        counts[answer - min] = read(answerAlias(answer));
      return spec.fromCounts(counts);
    },
  };
}
