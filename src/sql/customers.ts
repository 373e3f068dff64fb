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
  type RepeatPurchaseResult,
  type RepeatPurchaseTally,
  type RepeatRateResult,
  type RepeatRateTally,
  type RepeatState,
  repeatPurchaseRateMetric,
  repeatRateMetric,
} from "../customers/repeat.js";
import {
  type CustomerRetentionOptions,
  type CustomerRetentionResult,
  customerRetentionMetric,
} from "../customers/retention.js";
import {
  type MrrChurnOptions,
  type MrrChurnResult,
  type MrrChurnTally,
  mrrChurnMetric,
} from "../customers/revenue-churn.js";
import { attempt, inputError, type SafeResult } from "../errors.js";
import { requireEpochMs } from "../time/instant.js";
import type { MetricSql, SqlColumn, SqlContext, SqlMetric } from "./spec.js";

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

/** Subscriptions the in-memory metrics count (valid, not zero-length), and at which instants. */
function subscriptionConditions(c: SqlContext): {
  readonly live: string;
  /** Active at instant t: start <= t < end. */
  readonly activeAt: (t: string) => string;
} {
  const s = c.column("start");
  const e = c.column("end");
  return {
    live: `${c.column("customerId")} IS NOT NULL AND ${s} IS NOT NULL AND (${e} IS NULL OR ${s} < ${e})`,
    activeAt: (t) => `${s} <= ${t} AND (${e} IS NULL OR ${t} < ${e})`,
  };
}

function mrrSql(options: MrrChurnOptions): MetricSql<MrrChurnTally> {
  const { start: S, end: E } = periodMs(options);
  const fields = [
    "startingMrr",
    "endingMrr",
    "newMrr",
    "expansionMrr",
    "contractionMrr",
    "churnedMrr",
    "reactivationMrr",
  ] as const;
  return {
    level: "customers",
    customer: "customerId",
    flags(c) {
      const { live, activeAt } = subscriptionConditions(c);
      const s = c.column("start");
      const e = c.column("end");
      const before = (t: string): string => `${s} < ${t} AND (${e} IS NULL OR ${t} <= ${e})`;
      return [
        ["active_at_start", `${live} AND ${activeAt(c.instant(S))}`],
        ["before_start", `${live} AND ${before(c.instant(S))}`],
        ["active_at_end", `${live} AND ${activeAt(c.instant(E))}`],
        ["before_end", `${live} AND ${before(c.instant(E))}`],
        // A subscription that started before the period: a returning customer's MRR is
        // reactivation, not new.
        ["earlier", `${live} AND ${s} < ${c.instant(S)}`],
      ];
    },
    customerAggregates(c) {
      const { live, activeAt } = subscriptionConditions(c);
      const mrr = c.column("mrr");
      const sum = (t: string): string =>
        `SUM(CASE WHEN ${live} AND ${activeAt(t)} THEN ${mrr} ELSE 0 END)`;
      return [
        ["mrr_at_start", sum(c.instant(S))],
        ["mrr_at_end", sum(c.instant(E))],
      ];
    },
    aggregates(_c, flag) {
      const atStart = `${on(flag("active_at_start"))} AND ${on(flag("before_start"))}`;
      const atEnd = `${on(flag("active_at_end"))} AND ${on(flag("before_end"))}`;
      const m0 = flag("mrr_at_start");
      const m1 = flag("mrr_at_end");
      const sum = (condition: string, value: string): string =>
        `SUM(CASE WHEN ${condition} THEN ${value} ELSE 0 END)`;
      const both = `${atStart} AND ${atEnd}`;
      const onlyEnd = `NOT (${atStart}) AND ${atEnd}`;
      const columns: SqlColumn[] = [
        ["customersAtStart", sum(atStart, "1")],
        ["startingMrr", sum(atStart, m0)],
        ["endingMrr", sum(atEnd, m1)],
        ["newMrr", sum(`${onlyEnd} AND ${flag("earlier")} = 0`, m1)],
        ["expansionMrr", sum(`${both} AND ${m1} > ${m0}`, `${m1} - ${m0}`)],
        ["contractionMrr", sum(`${both} AND ${m1} < ${m0}`, `${m0} - ${m1}`)],
        ["churnedMrr", sum(`${atStart} AND NOT (${atEnd})`, m0)],
        ["reactivationMrr", sum(`${onlyEnd} AND ${on(flag("earlier"))}`, m1)],
      ];
      return columns;
    },
    invalid(c) {
      const s = c.column("start");
      const e = c.column("end");
      const mrr = c.column("mrr");
      return `${c.column("customerId")} IS NULL OR ${s} IS NULL OR (${e} IS NOT NULL AND ${e} < ${s}) OR ${mrr} IS NULL OR ${mrr} < 0`;
    },
    expected:
      "a customer id, a start, an end that is null or not before the start, and an mrr >= 0",
    amounts: fields,
    nonNegative: fields,
    limits: [{ part: ["customersAtStart"], whole: "n" }],
    check(read) {
      return read("startingMrr") > 0 && read("customersAtStart") === 0
        ? { column: "startingMrr", message: "expected 0: no customer is counted at the start" }
        : null;
    },
    tally: (read) => ({
      customersAtStart: read("customersAtStart"),
      startingMrr: { sum: read("startingMrr"), carry: 0 },
      endingMrr: { sum: read("endingMrr"), carry: 0 },
      newMrr: { sum: read("newMrr"), carry: 0 },
      expansionMrr: { sum: read("expansionMrr"), carry: 0 },
      contractionMrr: { sum: read("contractionMrr"), carry: 0 },
      churnedMrr: { sum: read("churnedMrr"), carry: 0 },
      reactivationMrr: { sum: read("reactivationMrr"), carry: 0 },
    }),
  };
}

function repeatPurchaseSql(options: RepeatOptions): MetricSql<RepeatPurchaseTally> {
  const { start: S, end: E } = periodMs(options);
  const repeat = repeatSql(options);
  return {
    level: "customers",
    customer: "customerId",
    customerAggregates(c) {
      const date = c.column("date");
      const valid = `${c.column("customerId")} IS NOT NULL AND ${date} IS NOT NULL`;
      return [
        [
          "orders_in_period",
          `SUM(CASE WHEN ${valid} AND ${date} >= ${c.instant(S)} AND ${date} < ${c.instant(E)} THEN 1 ELSE 0 END)`,
        ],
      ];
    },
    aggregates(_c, flag) {
      const count = (condition: string): string => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
      return [
        ["customers", count(`${flag("orders_in_period")} >= 1`)],
        ["repeatCustomers", count(`${flag("orders_in_period")} >= 2`)],
      ];
    },
    ...(repeat.invalid === undefined ? {} : { invalid: repeat.invalid }),
    expected: repeat.expected,
    // Repeat customers are among the period's customers, each with at least one row.
    limits: [
      { part: ["repeatCustomers"], whole: ["customers"] },
      { part: ["customers"], whole: "n" },
    ],
    tally: (read) => ({
      customers: read("customers"),
      repeatCustomers: read("repeatCustomers"),
    }),
  };
}

/**
 * {@link customerRetentionMetric} (CRR = (E − N) / S) that also runs in SQL: the snapshot
 * flags and sums of {@link churnSqlMetric} (`customersAtStart`, `customersAtEnd`, `retained`,
 * ...), finalized as {@link customerRetentionRateFromSubscriptions} does.
 * @example
 * const metric = customerRetentionSqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * toSql(metric, { table: "subscriptions" }).includes('AS "customerRetentionRate__retained"')
 * //=> true
 */
export function customerRetentionSqlMetric<R extends Subscription = Subscription>(
  options: CustomerRetentionOptions,
): SqlMetric<R, ActivityState, ChurnTally, CustomerRetentionResult> {
  const metric = customerRetentionMetric<R>(options);
  return { ...metric, sql: churnSql({ period: options.period }) };
}

/**
 * {@link repeatPurchaseRateMetric} that also runs in SQL: per customer the number of orders in
 * `[start, end)` (a `SUM` in the per-customer subquery), then per group the customers with at
 * least one (`customers`) and with two or more (`repeatCustomers`); rate = repeatCustomers /
 * customers with a Wilson interval, as {@link repeatPurchaseRate}. Orders need `customerId`,
 * `date` and `amount` columns.
 * @example
 * const metric = repeatPurchaseRateSqlMetric({ period: { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } });
 * const rows = [{ n: 5, repeatPurchaseRate__customers: 4, repeatPurchaseRate__repeatCustomers: 1 }];
 * fromSqlRows(metric, rows).results.repeatPurchaseRate.value
 * //=> 0.25
 */
export function repeatPurchaseRateSqlMetric<R extends Order = Order>(
  options: RepeatOptions,
): SqlMetric<R, RepeatState, RepeatPurchaseTally, RepeatPurchaseResult> {
  return { ...repeatPurchaseRateMetric<R>(options), sql: repeatPurchaseSql(options) };
}

/**
 * {@link mrrChurnMetric} that also runs in SQL: per customer the snapshot flags of
 * {@link churnSqlMetric}, whether a subscription started before the period, and the MRR of the
 * subscriptions active at the start and at the end (`SUM(mrr)`); per group the MRR movements:
 * starting, ending, churned (in the start snapshot only), expansion and contraction (in both,
 * MRR up or down), new and reactivation (in the end snapshot only, without or with an earlier
 * subscription). Gross and net MRR churn, NRR and GRR are finalized as {@link mrrChurn} does.
 * Subscriptions need `customerId`, `start`, `end` and `mrr` columns; the engine's `SUM`
 * replaces the compensated sums (exact on DECIMAL or integer MRR).
 * @example
 * const metric = mrrChurnSqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * const rows = [{ n: 2, mrrChurn__customersAtStart: 2, mrrChurn__startingMrr: 100, mrrChurn__endingMrr: 50, mrrChurn__churnedMrr: 50 }];
 * fromSqlRows(metric, rows).results.mrrChurn.grossMrrChurnRate
 * //=> 0.5
 */
export function mrrChurnSqlMetric<R extends Subscription = Subscription>(
  options: MrrChurnOptions,
): SqlMetric<R, ActivityState, MrrChurnTally, MrrChurnResult> {
  return { ...mrrChurnMetric<R>(options), sql: mrrSql(options) };
}

/** {@link customerRetentionSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCustomerRetentionSqlMetric<R extends Subscription = Subscription>(
  options: CustomerRetentionOptions,
): SafeResult<SqlMetric<R, ActivityState, ChurnTally, CustomerRetentionResult>> {
  return attempt(() => customerRetentionSqlMetric<R>(options));
}

/** {@link mrrChurnSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMrrChurnSqlMetric<R extends Subscription = Subscription>(
  options: MrrChurnOptions,
): SafeResult<SqlMetric<R, ActivityState, MrrChurnTally, MrrChurnResult>> {
  return attempt(() => mrrChurnSqlMetric<R>(options));
}

/** {@link repeatPurchaseRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRepeatPurchaseRateSqlMetric<R extends Order = Order>(
  options: RepeatOptions,
): SafeResult<SqlMetric<R, RepeatState, RepeatPurchaseTally, RepeatPurchaseResult>> {
  return attempt(() => repeatPurchaseRateSqlMetric<R>(options));
}

/** {@link repeatRateSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRepeatRateSqlMetric<R extends Order = Order>(
  options: RepeatOptions,
): SafeResult<SqlMetric<R, RepeatState, RepeatRateTally, RepeatRateResult>> {
  return attempt(() => repeatRateSqlMetric<R>(options));
}

/** {@link retentionSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRetentionSqlMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): SafeResult<SqlMetric<R, ActivityState, ChurnTally, RetentionResult>> {
  return attempt(() => retentionSqlMetric<R>(options));
}
