// ARPU, average order value and purchase frequency that also know their SQL: one pass over the
// orders with plain aggregates. Orders in [start, end) are counted (SUM), their amounts summed
// (SUM) and their customers counted once (COUNT(DISTINCT ...)): the fields of the in-memory
// OrderValueTally. The engine's SUM replaces the compensated sum (exact on DECIMAL columns).
import type { Order } from "../customers/records.js";
import { attempt, type SafeResult } from "../errors.js";
import { requireEpochMs } from "../time/instant.js";
import {
  arpuMetric,
  averageOrderValueMetric,
  type OrderValueOptions,
  type OrderValueResult,
  type OrderValueState,
  type OrderValueTally,
  purchaseFrequencyMetric,
} from "../value/order-value.js";
import type { MetricSql, SqlMetric } from "./spec.js";

function orderValueSql(options: OrderValueOptions): MetricSql<OrderValueTally> {
  // The metric factory has checked the period already (an instant, start before end).
  const start = requireEpochMs(options.period.start, ["options", "period", "start"]);
  const end = requireEpochMs(options.period.end, ["options", "period", "end"]);
  return {
    level: "rows",
    aggregates(c) {
      const customer = c.column("customerId");
      const date = c.column("date");
      const amount = c.column("amount");
      // Valid orders in the period (invalid ones make the group an error anyway).
      const inPeriod = `${customer} IS NOT NULL AND ${amount} IS NOT NULL AND ${amount} >= 0 AND ${date} >= ${c.instant(start)} AND ${date} < ${c.instant(end)}`;
      return [
        ["orders", `SUM(CASE WHEN ${inPeriod} THEN 1 ELSE 0 END)`],
        ["revenue", `SUM(CASE WHEN ${inPeriod} THEN ${amount} ELSE 0 END)`],
        ["customers", `COUNT(DISTINCT CASE WHEN ${inPeriod} THEN ${customer} END)`],
      ];
    },
    invalid(c) {
      const amount = c.column("amount");
      return `${c.column("customerId")} IS NULL OR ${c.column("date")} IS NULL OR ${amount} IS NULL OR ${amount} < 0`;
    },
    expected: "a customer id, a date and an amount >= 0",
    amounts: ["revenue"],
    nonNegative: ["revenue"],
    // Each customer counted has at least one order in the period, each order is a row.
    limits: [
      { part: ["customers"], whole: ["orders"] },
      { part: ["orders"], whole: "n" },
    ],
    check(read) {
      return read("revenue") > 0 && read("orders") === 0
        ? { column: "revenue", message: "expected 0: the group has no order in the period" }
        : null;
    },
    tally: (read) => ({
      customers: read("customers"),
      orders: read("orders"),
      revenue: { sum: read("revenue"), carry: 0 },
      marginOrders: 0,
      marginRevenue: { sum: 0, carry: 0 },
      grossProfit: { sum: 0, carry: 0 },
    }),
  };
}

/**
 * {@link arpuMetric} that also runs in SQL ({@link toSql}): per group, the orders in
 * `[start, end)` (`SUM(CASE WHEN … THEN 1 ELSE 0 END)`), their revenue (`SUM(amount)`) and
 * their distinct customers (`COUNT(DISTINCT customerId)`); ARPU = revenue / customers, as
 * {@link arpu} computes it. Orders need `customerId`, `date` and `amount` columns (rename with
 * `toSql`'s `columns`); a NULL id, date or amount, or a negative amount, makes the group an
 * error, as in memory. The engine's `SUM` replaces the compensated sum: exact on `DECIMAL`
 * columns, a plain floating-point sum on `DOUBLE`. Margin and cost columns are not read (the
 * tally's margin fields are 0: use {@link ltv} in memory for gross profit).
 * @example
 * const metric = arpuSqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * const rows = [{ n: 3, arpu__invalid: 0, arpu__orders: 3, arpu__revenue: "60.00", arpu__customers: 2 }];
 * fromSqlRows(metric, rows).results.arpu.value
 * //=> 30
 */
export function arpuSqlMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SqlMetric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return { ...arpuMetric<R>(options), sql: orderValueSql(options) };
}

/**
 * {@link averageOrderValueMetric} that also runs in SQL: the tally of {@link arpuSqlMetric};
 * average order value = revenue / orders.
 * @example
 * const metric = averageOrderValueSqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * const rows = [{ n: 3, averageOrderValue__orders: 3, averageOrderValue__revenue: 60, averageOrderValue__customers: 2 }];
 * fromSqlRows(metric, rows).results.averageOrderValue.value
 * //=> 20
 */
export function averageOrderValueSqlMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SqlMetric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return { ...averageOrderValueMetric<R>(options), sql: orderValueSql(options) };
}

/**
 * {@link purchaseFrequencyMetric} that also runs in SQL: the tally of {@link arpuSqlMetric};
 * purchase frequency = orders / distinct customers.
 * @example
 * const metric = purchaseFrequencySqlMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * toSql(metric, { table: "orders" }).includes('COUNT(DISTINCT CASE WHEN "customerId" IS NOT NULL')
 * //=> true
 */
export function purchaseFrequencySqlMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SqlMetric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return { ...purchaseFrequencyMetric<R>(options), sql: orderValueSql(options) };
}

/** {@link arpuSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeArpuSqlMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SafeResult<SqlMetric<R, OrderValueState, OrderValueTally, OrderValueResult>> {
  return attempt(() => arpuSqlMetric<R>(options));
}

/** {@link averageOrderValueSqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeAverageOrderValueSqlMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SafeResult<SqlMetric<R, OrderValueState, OrderValueTally, OrderValueResult>> {
  return attempt(() => averageOrderValueSqlMetric<R>(options));
}

/** {@link purchaseFrequencySqlMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safePurchaseFrequencySqlMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SafeResult<SqlMetric<R, OrderValueState, OrderValueTally, OrderValueResult>> {
  return attempt(() => purchaseFrequencySqlMetric<R>(options));
}
