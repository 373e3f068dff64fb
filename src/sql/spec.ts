// What a metric needs to be computed by a SQL engine: the aggregates that produce its tally,
// the rows it must reject, and how a result row becomes its tally. Histogram metrics (NPS,
// CSAT, CES) get this for free from Metric.histogram; customer metrics declare it.
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
  /** The tally from the aggregates of one result row, read by alias. */
  tally(read: (alias: string) => number): T;
}

/** A metric that also knows its SQL: usable in memory (bySegment) and in a warehouse (toSql). */
export type SqlMetric<R, S, T, Res> = Metric<R, S, T, Res> & { readonly sql: MetricSql<T> };

function answerAlias(answer: number): string {
  return answer < 0 ? `answer_m${-answer}` : `answer_${answer}`;
}

/** The SQL form of a histogram metric: one count per answer. @internal */
export function histogramSql<T>(spec: HistogramSpec<never, T>, field: string): MetricSql<T> {
  const { min, max } = spec;
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
