// Customer metrics that also know their SQL: the in-memory metric (churnMetric,
// retentionMetric, repeatRateMetric) plus the per-customer flags and sums that give the same
// tally in a SQL engine. The flags restate, condition by condition, the in-memory rules of
// customers/activity.ts (churn) and customers/repeat.ts (repeat rate).
import type { ActivityState } from "../customers/activity.js";
import {
  type ChurnOptions,
  type ChurnResult,
  type ChurnTally,
  churnMetric,
  type RetentionResult,
  retentionMetric,
} from "../customers/churn.js";
import type { Order, Subscription } from "../customers/records.js";
import {
  type RepeatOptions,
  type RepeatRateResult,
  type RepeatRateTally,
  type RepeatState,
  repeatRateMetric,
} from "../customers/repeat.js";
import { attempt, inputError, type SafeResult } from "../errors.js";
import { requireEpochMs } from "../time/instant.js";
import type { MetricSql, SqlContext, SqlMetric } from "./spec.js";

function periodMs(options: {
  readonly period?: { readonly start: unknown; readonly end: unknown };
}): {
  readonly start: number;
  readonly end: number;
} {
  const period = options.period;
  if (period === undefined)
    throw inputError(["options", "period"], "expected a period { start, end }");
  return {
    start: requireEpochMs(period.start, ["options", "period", "start"]),
    end: requireEpochMs(period.end, ["options", "period", "end"]),
  };
}

/** 1 when the condition holds for the customer (read from a per-customer flag column). */
const on = (flag: string): string => `${flag} = 1`;

function churnSql(options: ChurnOptions): MetricSql<ChurnTally> {
  if (options.reactivation === "churned") {
    throw inputError(
      ["options", "reactivation"],
      'reactivation "churned" needs the gaps between subscriptions, which this SQL does not compute',
    );
  }
  const { start: S, end: E } = periodMs(options);
  const anyEnded = options.churnWhen === "any-subscription-ended";
  const customer = "customerId";
  return {
    level: "customers",
    customer,
    flags(c: SqlContext) {
      const s = c.column("start");
      const e = c.column("end");
      const start = c.instant(S);
      const end = c.instant(E);
      // Rows the in-memory metric counts: valid, and not zero-length (start < end).
      const live = `${c.column(customer)} IS NOT NULL AND ${s} IS NOT NULL AND (${e} IS NULL OR ${s} < ${e})`;
      const after = (t: string, strict: boolean): string =>
        `(${e} IS NULL OR ${t} ${strict ? "<" : "<="} ${e})`;
      return [
        // Active at S (s <= S < e) and just before S (s < S <= e); the same at E.
        ["active_at_start", `${live} AND ${s} <= ${start} AND ${after(start, true)}`],
        ["before_start", `${live} AND ${s} < ${start} AND ${after(start, false)}`],
        ["active_at_end", `${live} AND ${s} <= ${end} AND ${after(end, true)}`],
        ["before_end", `${live} AND ${s} < ${end} AND ${after(end, false)}`],
        // Active at some instant of [S, E); and a subscription active in it that ended by E.
        ["in_period", `${live} AND ${s} < ${end} AND (${e} IS NULL OR ${e} > ${start})`],
        [
          "ended_in_period",
          `${live} AND ${s} < ${end} AND ${e} IS NOT NULL AND ${e} > ${start} AND ${e} <= ${end}`,
        ],
      ];
    },
    aggregates(_c, flag) {
      const atStart = `${on(flag("active_at_start"))} AND ${on(flag("before_start"))}`;
      const atEnd = `${on(flag("active_at_end"))} AND ${on(flag("before_end"))}`;
      const isNew = `${on(flag("in_period"))} AND NOT (${atStart})`;
      const lost = anyEnded
        ? `(NOT (${atEnd}) OR ${on(flag("ended_in_period"))})`
        : `NOT (${atEnd})`;
      const count = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
      return [
        ["customersAtStart", count(atStart)],
        ["customersAtEnd", count(atEnd)],
        ["newCustomers", count(isNew)],
        ["retained", count(`${atStart} AND ${atEnd}`)],
        ["churned", count(`${atStart} AND ${lost}`)],
        ["newChurned", count(`${isNew} AND ${lost}`)],
      ];
    },
    invalid(c) {
      const s = c.column("start");
      const e = c.column("end");
      return `${c.column(customer)} IS NULL OR ${s} IS NULL OR (${e} IS NOT NULL AND ${e} < ${s})`;
    },
    expected: "a customer id, a start, and an end that is null or not before the start",
    // Subsets never above their totals: the retained and churned customers are among those
    // at the start (and the retained among those at the end), new churned among the new;
    // everyone at the end was at the start or is new (active just before the end is active
    // in the period); and each counted customer has at least one row.
    limits: [
      { part: ["churned"], whole: ["customersAtStart"] },
      { part: ["retained"], whole: ["customersAtStart"] },
      { part: ["retained"], whole: ["customersAtEnd"] },
      { part: ["newChurned"], whole: ["newCustomers"] },
      { part: ["customersAtEnd"], whole: ["customersAtStart", "newCustomers"] },
      { part: ["customersAtStart", "newCustomers"], whole: "n" },
    ],
    tally: (read) => ({
      customersAtStart: read("customersAtStart"),
      customersAtEnd: read("customersAtEnd"),
      newCustomers: read("newCustomers"),
      retained: read("retained"),
      churned: read("churned"),
      newChurned: read("newChurned"),
    }),
  };
}

function repeatSql(options: RepeatOptions): MetricSql<RepeatRateTally> {
  const { start: S, end: E } = periodMs(options);
  const customer = "customerId";
  return {
    level: "customers",
    customer,
    flags(c) {
      const date = c.column("date");
      const valid = `${c.column(customer)} IS NOT NULL AND ${date} IS NOT NULL`;
      return [
        ["prior", `${valid} AND ${date} < ${c.instant(S)}`],
        ["in_period", `${valid} AND ${date} >= ${c.instant(S)} AND ${date} < ${c.instant(E)}`],
      ];
    },
    aggregates(_c, flag) {
      const count = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
      return [
        ["priorCustomers", count(on(flag("prior")))],
        ["repeatCustomers", count(`${on(flag("prior"))} AND ${on(flag("in_period"))}`)],
        ["periodCustomers", count(on(flag("in_period")))],
        ["newCustomers", count(`${flag("prior")} = 0 AND ${on(flag("in_period"))}`)],
      ];
    },
    invalid: (c) => {
      const amount = c.column("amount");
      return `${c.column(customer)} IS NULL OR ${c.column("date")} IS NULL OR ${amount} IS NULL OR ${amount} < 0`;
    },
    expected: "a customer id, a date and an amount >= 0",
    // Repeat customers bought before and in the period; the period's customers are the repeat
    // and the new ones (disjoint); the customers who bought before and the new ones are
    // distinct customers, each with at least one row.
    limits: [
      { part: ["repeatCustomers"], whole: ["priorCustomers"] },
      { part: ["repeatCustomers", "newCustomers"], whole: ["periodCustomers"] },
      { part: ["priorCustomers", "newCustomers"], whole: "n" },
    ],
    tally: (read) => ({
      priorCustomers: read("priorCustomers"),
      repeatCustomers: read("repeatCustomers"),
      periodCustomers: read("periodCustomers"),
      newCustomers: read("newCustomers"),
    }),
  };
}

/**
 * {@link churnMetric} that also runs in SQL ({@link toSql}): the same metric in memory, plus per
 * customer 0/1 flags (active at and just before the period start and end, active in the
 * period, a subscription ended in it) and their sums, which are the fields of the churn tally.
 * `reactivation: "churned"` has no SQL form (it needs the gaps between subscriptions).
 * Subscriptions need `customerId`, `start` and `end` (NULL while active) columns (rename with
 * `toSql`'s `columns`).
 * @example
 * const metric = churnSqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * metric.name
 * //=> "churnRate"
 * toSql(metric, { table: "subscriptions" }).includes('AS "churnRate__churned"')
 * //=> true
 */
export function churnSqlMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): SqlMetric<R, ActivityState, ChurnTally, ChurnResult> {
  return { ...churnMetric<R>(options), sql: churnSql(options) };
}

/**
 * {@link retentionMetric} (1 − churn) that also runs in SQL: the tally of {@link churnSqlMetric}.
 * @example
 * retentionSqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } }).name
 * //=> "retentionRate"
 */
export function retentionSqlMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): SqlMetric<R, ActivityState, ChurnTally, RetentionResult> {
  return { ...retentionMetric<R>(options), sql: churnSql(options) };
}

/**
 * {@link repeatRateMetric} that also runs in SQL: per customer, whether they ordered before the
 * period and in it; the sums are the repeat-rate tally. Orders need `customerId`, `date` and
 * `amount` columns (amounts are only checked, as in memory).
 * @example
 * const metric = repeatRateSqlMetric({ period: { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } });
 * toSql(metric, { table: "orders", groupBy: "channel" }).includes('AS "repeatRate__repeatCustomers"')
 * //=> true
 */
export function repeatRateSqlMetric<R extends Order = Order>(
  options: RepeatOptions,
): SqlMetric<R, RepeatState, RepeatRateTally, RepeatRateResult> {
  return { ...repeatRateMetric<R>(options), sql: repeatSql(options) };
}

/** {@link churnSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeChurnSqlMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): SafeResult<SqlMetric<R, ActivityState, ChurnTally, ChurnResult>> {
  return attempt(() => churnSqlMetric<R>(options));
}
