import * as z from "zod/mini";
import {
  type MetricPass,
  optionalBounds,
  optionalPeriodOptionFields,
  type PeriodContext,
  periodOptionFields,
  resolvePeriodContext,
  runOverRecords,
} from "../customers/rate.js";
import { checkOrder, type Order } from "../customers/records.js";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Metric } from "../metric.js";
import type { ReasonCode, Warning } from "../result.js";
import { countSchema, nonNegativeSchema, type SchemaOutput } from "../stats/options.js";
import { sampleWarnings } from "../stats/proportion.js";
import { type CompensatedSum, mergeSumsUnchecked, sumValueUnchecked } from "../stats/sum.js";
import { compensatedSumSchema, countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import type { Period, PeriodBounds } from "../time/period.js";

// ARPU, average order value and purchase frequency share one tally: customers, orders and
// revenue of the orders in a period (plus margin sums for LTV).

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** Options of the order-based value metrics. */
export interface OrderValueOptions {
  /** The period `[start, end)`: an order at `start` is in it, one at `end` is not. Required. */
  readonly period: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
  /** Fewer customers (orders, for the AOV) than this add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
}

/** Options of the totals forms: the period only labels the result. */
export interface OrderValueTotalsOptions extends Omit<OrderValueOptions, "period"> {
  readonly period?: Period;
}

/** Options of the order-based value metrics, as a schema. */
export const orderValueOptionsSchema: z.ZodMiniType<SchemaOutput<OrderValueOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      ...periodOptionFields,
      minSampleSize: z.optional(nonNegativeSchema),
    }))();

/** Options of the totals forms, as a schema. */
export const orderValueTotalsOptionsSchema: z.ZodMiniType<SchemaOutput<OrderValueTotalsOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      ...optionalPeriodOptionFields,
      minSampleSize: z.optional(nonNegativeSchema),
    }))();

/** Totals behind order values, as a warehouse hands them over. */
export interface OrderValueTotals {
  /** Revenue in the period (≥ 0). */
  readonly revenue?: number;
  /** Orders in the period. */
  readonly orders?: number;
  /** Customers (buyers) in the period. */
  readonly customers?: number;
}

/** Totals behind order values, as a schema (which fields are needed depends on the metric). */
export const orderValueTotalsSchema: z.ZodMiniType<SchemaOutput<OrderValueTotals>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      revenue: z.optional(nonNegativeSchema),
      orders: z.optional(countSchema),
      customers: z.optional(countSchema),
    }))();

/**
 * The sufficient statistics of the orders in one period. Mergeable field by field when groups
 * partition customers (each customer counted once); all zeros is the identity.
 */
export interface OrderValueTally {
  /** Distinct customers with an order in the period. */
  readonly customers: number;
  /** Orders in the period. */
  readonly orders: number;
  /** Σ amount, compensated. */
  readonly revenue: CompensatedSum;
  /** Orders that carry `margin` or `cost`. */
  readonly marginOrders: number;
  /** Σ amount over the orders that carry `margin` or `cost`. */
  readonly marginRevenue: CompensatedSum;
  /** Σ gross profit over those orders: amount × margin, or amount − cost. */
  readonly grossProfit: CompensatedSum;
}

/** Which order value. */
export type OrderValueMetricName = "arpu" | "averageOrderValue" | "purchaseFrequency";

/** An order value (ARPU, average order value or purchase frequency) of one period. */
export interface OrderValueResult {
  readonly metric: OrderValueMetricName;
  /** The value, per the metric's formula; `null` when its denominator is 0. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** The denominator: customers (ARPU, frequency) or orders (AOV). */
  readonly n: number;
  readonly revenue: number;
  readonly orders: number;
  readonly customers: number;
  readonly warnings: readonly Warning[];
  readonly period: PeriodBounds | null;
}

// ---------------------------------------------------------------------------------------------
// State, tally and merge

/** Mutable state: customers seen and running sums (Neumaier, inline). @internal */
export interface OrderValueState {
  readonly customers: Set<unknown>;
  orders: number;
  revenue: number;
  revenueCarry: number;
  marginOrders: number;
  marginRevenue: number;
  marginRevenueCarry: number;
  grossProfit: number;
  grossProfitCarry: number;
}

function initState(): OrderValueState {
  return {
    customers: new Set(),
    orders: 0,
    revenue: 0,
    revenueCarry: 0,
    marginOrders: 0,
    marginRevenue: 0,
    marginRevenueCarry: 0,
    grossProfit: 0,
    grossProfitCarry: 0,
  };
}

/** The rounding error of `sum + x` (Neumaier), to add to the sum's carry. */
function roundingError(sum: number, x: number): number {
  const t = sum + x;
  return Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
}

function addOrder(state: OrderValueState, record: Order, index: number, p: PeriodContext): void {
  const t = checkOrder(record, index);
  if (t < p.startMs || t >= p.endMs) return;
  const amount = record.amount;
  state.customers.add(record.customerId);
  state.orders++;
  state.revenueCarry += roundingError(state.revenue, amount);
  state.revenue += amount;
  const margin: unknown = record.margin;
  const cost: unknown = record.cost;
  let profit: number | undefined;
  if (typeof margin === "number") profit = amount * margin;
  else if (typeof cost === "number") profit = amount - cost;
  if (profit === undefined) return;
  state.marginOrders++;
  state.marginRevenueCarry += roundingError(state.marginRevenue, amount);
  state.marginRevenue += amount;
  state.grossProfitCarry += roundingError(state.grossProfit, profit);
  state.grossProfit += profit;
}

function tallyOf(state: OrderValueState): OrderValueTally {
  return {
    customers: state.customers.size,
    orders: state.orders,
    revenue: { sum: state.revenue, carry: state.revenueCarry },
    marginOrders: state.marginOrders,
    marginRevenue: { sum: state.marginRevenue, carry: state.marginRevenueCarry },
    grossProfit: { sum: state.grossProfit, carry: state.grossProfitCarry },
  };
}

/** The empty order-value tally, identity of {@link mergeOrderValueTallies}. */
export function emptyOrderValueTally(): OrderValueTally {
  return {
    customers: 0,
    orders: 0,
    revenue: { sum: 0, carry: 0 },
    marginOrders: 0,
    marginRevenue: { sum: 0, carry: 0 },
    grossProfit: { sum: 0, carry: 0 },
  };
}

/** What {@link mergeOrderValueTallies} accepts: every count finite and ≥ 0. */
const orderValueTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["customers", "orders", "marginOrders"], {
    revenue: compensatedSumSchema,
    marginRevenue: compensatedSumSchema,
    grossProfit: compensatedSumSchema,
  }))();

/**
 * Merges two order-value tallies of disjoint sets of customers.
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * const t = mergeOrderValueTallies(emptyOrderValueTally(), {
 *   ...emptyOrderValueTally(),
 *   customers: 2,
 *   orders: 3,
 *   revenue: { sum: 60, carry: 0 },
 * });
 * t.orders
 * //=> 3
 */
export function mergeOrderValueTallies(a: OrderValueTally, b: OrderValueTally): OrderValueTally {
  return mergeCheckedTallies(orderValueTallyCheck, a, b, mergeOrderValueTalliesUnchecked);
}

/** {@link mergeOrderValueTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeOrderValueTalliesUnchecked(
  a: OrderValueTally,
  b: OrderValueTally,
): OrderValueTally {
  return {
    customers: a.customers + b.customers,
    orders: a.orders + b.orders,
    revenue: mergeSumsUnchecked(a.revenue, b.revenue),
    marginOrders: a.marginOrders + b.marginOrders,
    marginRevenue: mergeSumsUnchecked(a.marginRevenue, b.marginRevenue),
    grossProfit: mergeSumsUnchecked(a.grossProfit, b.grossProfit),
  };
}

// ---------------------------------------------------------------------------------------------
// Finalize

interface Totals {
  readonly revenue: number;
  readonly orders: number;
  readonly customers: number;
}

const LABEL: Readonly<Record<OrderValueMetricName, string>> = {
  arpu: "ARPU",
  averageOrderValue: "average order value",
  purchaseFrequency: "purchase frequency",
};

function finalizeValue(
  name: OrderValueMetricName,
  t: Totals,
  minSampleSize: number,
  period: PeriodBounds | null,
): OrderValueResult {
  const n = name === "averageOrderValue" ? t.orders : t.customers;
  const numerator = name === "purchaseFrequency" ? t.orders : t.revenue;
  const base = {
    metric: name,
    n,
    revenue: t.revenue,
    orders: t.orders,
    customers: t.customers,
    period,
  };
  if (!(n > 0)) {
    const empty = t.revenue === 0 && t.orders === 0 && t.customers === 0;
    const reason: ReasonCode = empty ? "empty" : "zero-denominator";
    return {
      ...base,
      value: null,
      reason,
      warnings: [
        {
          code: reason,
          message: empty
            ? `No orders in the period: the ${LABEL[name]} is undefined.`
            : `The denominator is 0: the ${LABEL[name]} is undefined.`,
        },
      ],
    };
  }
  return {
    ...base,
    value: numerator / n,
    reason: null,
    warnings: sampleWarnings(
      n,
      minSampleSize,
      null,
      1,
      "",
      name === "averageOrderValue" ? "orders" : "customers",
    ),
  };
}

/**
 * The tallying part of the order-value metrics for a resolved period (no finalize), for
 * `ltvMetric`, which finalizes the tally itself. @internal
 */
export function orderValueTallier<R extends Order>(
  period: PeriodContext,
): Pick<Metric<R, OrderValueState, OrderValueTally, unknown>, "init" | "add" | "tally"> {
  return {
    init: initState,
    add: (state, record, index) => addOrder(state, record, index, period),
    tally: tallyOf,
  };
}

function metricFor<R extends Order>(
  name: OrderValueMetricName,
  options: OrderValueOptions,
): Metric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return {
    name,
    ...passFor<R>(name, options),
    empty: emptyOrderValueTally,
    merge: mergeOrderValueTalliesUnchecked,
  };
}

/** The one-pass part of the order-value metrics: what the records forms run (see MetricPass). */
function passFor<R extends Order>(
  name: OrderValueMetricName,
  options: OrderValueOptions,
): MetricPass<R, OrderValueState, OrderValueTally, OrderValueResult> {
  const o = parseWith(orderValueOptionsSchema, options ?? {}, ["options"]);
  const period = resolvePeriodContext(o.period, o.timeZone);
  const minSampleSize = o.minSampleSize ?? 30;
  return {
    ...orderValueTallier<R>(period),
    finalize: (t) =>
      finalizeValue(
        name,
        { revenue: sumValueUnchecked(t.revenue), orders: t.orders, customers: t.customers },
        minSampleSize,
        period.bounds,
      ),
  };
}

function fromTotals(
  name: OrderValueMetricName,
  totals: OrderValueTotals,
  options: OrderValueTotalsOptions | undefined,
  needs: readonly ("revenue" | "orders" | "customers")[],
): OrderValueResult {
  const o = parseWith(orderValueTotalsOptionsSchema, options ?? {}, ["options"]);
  const bounds = optionalBounds(o.period, o.timeZone);
  const t = parseWith(orderValueTotalsSchema, totals, []);
  for (const key of needs) {
    if (t[key] === undefined) {
      throw inputError(
        [key],
        key === "revenue"
          ? "expected a non-negative number"
          : "expected a non-negative integer count",
      );
    }
  }
  return finalizeValue(
    name,
    { revenue: t.revenue ?? 0, orders: t.orders ?? 0, customers: t.customers ?? 0 },
    o.minSampleSize ?? 30,
    bounds,
  );
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * ARPU as a {@link Metric} over {@link Order}s; tally {@link OrderValueTally}.
 * @example
 * const metric = arpuMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *   { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 10 },
 * ]).value
 * //=> 20
 */
export function arpuMetric<R extends Order = Order>(
  options: OrderValueOptions,
): Metric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return metricFor("arpu", options);
}

/**
 * Average order value as a {@link Metric} over {@link Order}s; tally {@link OrderValueTally}.
 * @example
 * const metric = averageOrderValueMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *   { customerId: "a", date: "2025-01-03T00:00:00Z", amount: 10 },
 * ]).value
 * //=> 20
 */
export function averageOrderValueMetric<R extends Order = Order>(
  options: OrderValueOptions,
): Metric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return metricFor("averageOrderValue", options);
}

/**
 * Purchase frequency as a {@link Metric} over {@link Order}s; tally {@link OrderValueTally}.
 * @example
 * const metric = purchaseFrequencyMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *   { customerId: "a", date: "2025-01-03T00:00:00Z", amount: 10 },
 * ]).value
 * //=> 2
 */
export function purchaseFrequencyMetric<R extends Order = Order>(
  options: OrderValueOptions,
): Metric<R, OrderValueState, OrderValueTally, OrderValueResult> {
  return metricFor("purchaseFrequency", options);
}

/**
 * Average revenue per user over a period from orders: revenue / customers, where customers are
 * the distinct customers with an order in `[start, end)` (so it is revenue per paying customer;
 * for revenue per all customers, divide by your own count with {@link arpuFromTotals}).
 * Revenue is a compensated (Neumaier) sum.
 *
 * Source: ARPU = revenue / users over a period (e.g. ChartMogul's ARPA = MRR / customers).
 * @example
 * arpu(
 *   [
 *     { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *     { customerId: "a", date: "2025-01-20T00:00:00Z", amount: 20 },
 *     { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 10 },
 *   ],
 *   { period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } },
 * ).value
 * //=> 30
 */
export function arpu<R extends Order>(
  orders: readonly R[],
  options: OrderValueOptions,
): OrderValueResult {
  return runOverRecords(passFor<R>("arpu", options), orders, "orders");
}

/**
 * Average order value over a period from orders: revenue / orders in `[start, end)`.
 *
 * Source: the standard AOV = revenue / number of orders.
 * @example
 * averageOrderValue(
 *   [
 *     { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *     { customerId: "a", date: "2025-01-20T00:00:00Z", amount: 20 },
 *     { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 10 },
 *   ],
 *   { period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } },
 * ).value
 * //=> 20
 */
export function averageOrderValue<R extends Order>(
  orders: readonly R[],
  options: OrderValueOptions,
): OrderValueResult {
  return runOverRecords(passFor<R>("averageOrderValue", options), orders, "orders");
}

/**
 * Purchase frequency over a period from orders: orders / distinct customers in `[start, end)`,
 * i.e. orders per buying customer per period.
 *
 * Source: the purchase frequency of the classic LTV formula (orders / unique customers).
 * @example
 * purchaseFrequency(
 *   [
 *     { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *     { customerId: "a", date: "2025-01-20T00:00:00Z", amount: 20 },
 *     { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 10 },
 *   ],
 *   { period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } },
 * ).value
 * //=> 1.5
 */
export function purchaseFrequency<R extends Order>(
  orders: readonly R[],
  options: OrderValueOptions,
): OrderValueResult {
  return runOverRecords(passFor<R>("purchaseFrequency", options), orders, "orders");
}

/**
 * ARPU from totals: revenue / customers.
 * @example
 * arpuFromTotals({ revenue: 5000, customers: 40 }).value
 * //=> 125
 */
export function arpuFromTotals(
  totals: OrderValueTotals,
  options?: OrderValueTotalsOptions,
): OrderValueResult {
  return fromTotals("arpu", totals, options, ["revenue", "customers"]);
}

/**
 * Average order value from totals: revenue / orders.
 * @example
 * averageOrderValueFromTotals({ revenue: 5000, orders: 50 }).value
 * //=> 100
 */
export function averageOrderValueFromTotals(
  totals: OrderValueTotals,
  options?: OrderValueTotalsOptions,
): OrderValueResult {
  return fromTotals("averageOrderValue", totals, options, ["revenue", "orders"]);
}

/**
 * Purchase frequency from counts: orders / customers.
 * @example
 * purchaseFrequencyFromCounts({ orders: 50, customers: 40 }).value
 * //=> 1.25
 */
export function purchaseFrequencyFromCounts(
  totals: OrderValueTotals,
  options?: OrderValueTotalsOptions,
): OrderValueResult {
  return fromTotals("purchaseFrequency", totals, options, ["orders", "customers"]);
}

/** {@link arpu} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeArpu<R extends Order>(
  orders: readonly R[],
  options: OrderValueOptions,
): SafeResult<OrderValueResult> {
  return attempt(() => arpu(orders, options));
}

/** {@link averageOrderValue} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeAverageOrderValue<R extends Order>(
  orders: readonly R[],
  options: OrderValueOptions,
): SafeResult<OrderValueResult> {
  return attempt(() => averageOrderValue(orders, options));
}

/** {@link purchaseFrequency} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safePurchaseFrequency<R extends Order>(
  orders: readonly R[],
  options: OrderValueOptions,
): SafeResult<OrderValueResult> {
  return attempt(() => purchaseFrequency(orders, options));
}

/** {@link arpuFromTotals} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeArpuFromTotals(
  totals: OrderValueTotals,
  options?: OrderValueTotalsOptions,
): SafeResult<OrderValueResult> {
  return attempt(() => arpuFromTotals(totals, options));
}

/** {@link averageOrderValueFromTotals} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeAverageOrderValueFromTotals(
  totals: OrderValueTotals,
  options?: OrderValueTotalsOptions,
): SafeResult<OrderValueResult> {
  return attempt(() => averageOrderValueFromTotals(totals, options));
}

/** {@link purchaseFrequencyFromCounts} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safePurchaseFrequencyFromCounts(
  totals: OrderValueTotals,
  options?: OrderValueTotalsOptions,
): SafeResult<OrderValueResult> {
  return attempt(() => purchaseFrequencyFromCounts(totals, options));
}

/** {@link arpuMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeArpuMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SafeResult<Metric<R, OrderValueState, OrderValueTally, OrderValueResult>> {
  return attempt(() => arpuMetric<R>(options));
}

/** {@link averageOrderValueMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeAverageOrderValueMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SafeResult<Metric<R, OrderValueState, OrderValueTally, OrderValueResult>> {
  return attempt(() => averageOrderValueMetric<R>(options));
}

/** {@link mergeOrderValueTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeOrderValueTallies(
  a: OrderValueTally,
  b: OrderValueTally,
): SafeResult<OrderValueTally> {
  return attempt(() => mergeOrderValueTallies(a, b));
}

/** {@link purchaseFrequencyMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safePurchaseFrequencyMetric<R extends Order = Order>(
  options: OrderValueOptions,
): SafeResult<Metric<R, OrderValueState, OrderValueTally, OrderValueResult>> {
  return attempt(() => purchaseFrequencyMetric<R>(options));
}
