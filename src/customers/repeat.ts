import * as z from "zod/mini";
import { attempt, parseWith, type SafeResult } from "../errors.js";
import type { Metric } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { compareProportions } from "../stats/compare.js";
import { countSchema, type SchemaOutput } from "../stats/options.js";
import { countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import type { Period, PeriodBounds } from "../time/period.js";
import {
  type MetricPass,
  optionalBounds,
  optionalPeriodOptionFields,
  type PeriodContext,
  periodOptionFields,
  proportionParts,
  type RateOptionsBase,
  type ResolvedRateOptions,
  rateOptionFields,
  requireAtMost,
  resolvePeriodContext,
  resolveRateOptions,
  runOverRecords,
} from "./rate.js";
import { checkOrder, type Order } from "./records.js";

// Two different "repeat" rates that people mix up:
// - repeat (returning-customer) rate: of the customers who had bought BEFORE the period, the
//   share who bought again IN it;
// - repeat purchase rate: of the customers who bought in the period, the share with 2+ orders
//   in it.

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** Options of the counts forms ({@link repeatRate}, {@link repeatPurchaseRateFromCounts}). */
export interface RepeatCountsOptions extends RateOptionsBase {
  /** Optional period the counts belong to; only labels the result. */
  readonly period?: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
}

/** Options of the order-based forms: the period is required. */
export interface RepeatOptions extends RateOptionsBase {
  /** The period `[start, end)`: an order at `start` is in it, one at `end` is not. */
  readonly period: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
}

/** Options of the counts forms, as a schema. */
export const repeatCountsOptionsSchema: z.ZodMiniType<SchemaOutput<RepeatCountsOptions>> =
  /* @__PURE__ */ (() => z.strictObject({ ...optionalPeriodOptionFields, ...rateOptionFields }))();

/** Options of the order-based forms, as a schema. */
export const repeatOptionsSchema: z.ZodMiniType<SchemaOutput<RepeatOptions>> =
  /* @__PURE__ */ (() => z.strictObject({ ...periodOptionFields, ...rateOptionFields }))();

/** Counts behind a repeat (returning-customer) rate. */
export interface RepeatRateCounts {
  /** Customers who had bought before the period. */
  readonly priorCustomers: number;
  /** Of those, the customers who bought again in the period. */
  readonly repeatCustomers: number;
}

/** Counts behind a repeat rate, as a schema. */
export const repeatRateCountsSchema: z.ZodMiniType<RepeatRateCounts> =
  /* @__PURE__ */ z.strictObject({ priorCustomers: countSchema, repeatCustomers: countSchema });

/**
 * The sufficient statistics of a repeat rate over one period. Mergeable by adding field by field
 * when groups partition customers; all zeros is the identity.
 */
export interface RepeatRateTally {
  /** Customers with an order before the period start. */
  readonly priorCustomers: number;
  /** Of those, customers with an order in the period. */
  readonly repeatCustomers: number;
  /** Customers with an order in the period. */
  readonly periodCustomers: number;
  /** Customers whose first order is in the period. */
  readonly newCustomers: number;
}

/** A repeat (returning-customer) rate, a fraction in [0, 1]. */
export interface RepeatRateResult {
  readonly metric: "repeatRate";
  /** repeatCustomers / priorCustomers; `null` when no one had bought before. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** priorCustomers, the denominator. */
  readonly n: number;
  readonly priorCustomers: number;
  readonly repeatCustomers: number;
  /** Customers who bought in the period; `null` from counts. */
  readonly periodCustomers: number | null;
  /** Customers whose first order is in the period; `null` from counts. */
  readonly newCustomers: number | null;
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
  readonly period: PeriodBounds | null;
}

/** Counts behind a repeat purchase rate. */
export interface RepeatPurchaseCounts {
  /** Customers with at least one order in the period. */
  readonly customers: number;
  /** Of those, customers with two or more orders in the period. */
  readonly repeatCustomers: number;
}

/** Counts behind a repeat purchase rate, as a schema. */
export const repeatPurchaseCountsSchema: z.ZodMiniType<RepeatPurchaseCounts> =
  /* @__PURE__ */ z.strictObject({ customers: countSchema, repeatCustomers: countSchema });

/** The sufficient statistics of a repeat purchase rate (same fields as its counts). */
export type RepeatPurchaseTally = RepeatPurchaseCounts;

/** A repeat purchase rate, a fraction in [0, 1]. */
export interface RepeatPurchaseResult {
  readonly metric: "repeatPurchaseRate";
  /** repeatCustomers / customers; `null` when no one bought in the period. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** Customers with an order in the period, the denominator. */
  readonly n: number;
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
  readonly period: PeriodBounds | null;
}

// ---------------------------------------------------------------------------------------------
// State

const PRIOR = 1;
const IN_PERIOD = 2;
const TWICE = 4;

/** Per-customer flags while tallying orders. @internal */
export interface RepeatState {
  readonly customers: Map<unknown, number>;
}

function resolveOrderOptions(options: unknown): {
  readonly opts: ResolvedRateOptions;
  readonly period: PeriodContext;
} {
  const parsed = parseWith(repeatOptionsSchema, options ?? {}, ["options"]);
  return {
    opts: resolveRateOptions(parsed),
    period: resolvePeriodContext(parsed.period, parsed.timeZone),
  };
}

function addOrderFlags(state: RepeatState, record: Order, index: number, p: PeriodContext): void {
  const t = checkOrder(record, index);
  const id: unknown = record.customerId;
  if (t >= p.endMs) return;
  const flags = state.customers.get(id) ?? 0;
  if (t < p.startMs) state.customers.set(id, flags | PRIOR);
  else state.customers.set(id, flags & IN_PERIOD ? flags | TWICE : flags | IN_PERIOD);
}

/**
 * The tallying part of the repeat rate for a resolved period (no finalize), for `ltvMetric`,
 * which finalizes the tally itself. @internal
 */
export function repeatTallier<R extends Order>(
  period: PeriodContext,
): Pick<Metric<R, RepeatState, RepeatRateTally, unknown>, "init" | "add" | "tally"> {
  return {
    init: () => ({ customers: new Map() }),
    add: (state, record, index) => addOrderFlags(state, record, index, period),
    tally: repeatTallyOf,
  };
}

// ---------------------------------------------------------------------------------------------
// Repeat (returning-customer) rate

/** The empty repeat-rate tally, identity of {@link mergeRepeatRateTallies}. */
export function emptyRepeatRateTally(): RepeatRateTally {
  return { priorCustomers: 0, repeatCustomers: 0, periodCustomers: 0, newCustomers: 0 };
}

/** What {@link mergeRepeatRateTallies} accepts: every count finite and ≥ 0. */
const repeatRateTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["priorCustomers", "repeatCustomers", "periodCustomers", "newCustomers"]))();

/**
 * Merges two repeat-rate tallies of disjoint sets of customers.
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeRepeatRateTallies(
 *   { priorCustomers: 10, repeatCustomers: 4, periodCustomers: 6, newCustomers: 2 },
 *   { priorCustomers: 5, repeatCustomers: 1, periodCustomers: 1, newCustomers: 0 },
 * ).repeatCustomers
 * //=> 5
 */
export function mergeRepeatRateTallies(a: RepeatRateTally, b: RepeatRateTally): RepeatRateTally {
  return mergeCheckedTallies(repeatRateTallyCheck, a, b, mergeRepeatRateTalliesUnchecked);
}

/** {@link mergeRepeatRateTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeRepeatRateTalliesUnchecked(
  a: RepeatRateTally,
  b: RepeatRateTally,
): RepeatRateTally {
  return {
    priorCustomers: a.priorCustomers + b.priorCustomers,
    repeatCustomers: a.repeatCustomers + b.repeatCustomers,
    periodCustomers: a.periodCustomers + b.periodCustomers,
    newCustomers: a.newCustomers + b.newCustomers,
  };
}

function repeatTallyOf(state: RepeatState): RepeatRateTally {
  let priorCustomers = 0;
  let repeatCustomers = 0;
  let periodCustomers = 0;
  let newCustomers = 0;
  for (const flags of state.customers.values()) {
    const prior = (flags & PRIOR) !== 0;
    const inPeriod = (flags & IN_PERIOD) !== 0;
    if (prior) priorCustomers++;
    if (inPeriod) periodCustomers++;
    if (prior && inPeriod) repeatCustomers++;
    if (inPeriod && !prior) newCustomers++;
  }
  return { priorCustomers, repeatCustomers, periodCustomers, newCustomers };
}

function finalizeRepeat(
  t: RepeatRateTally,
  fromOrders: boolean,
  opts: ResolvedRateOptions,
  period: PeriodBounds | null,
): RepeatRateResult {
  // Read only when priorCustomers is 0: then no customer at all is "empty", period buyers
  // without prior buyers a "zero-denominator".
  const empty = t.periodCustomers === 0;
  const parts = proportionParts(t.repeatCustomers, t.priorCustomers, empty, "repeat rate", opts);
  return {
    metric: "repeatRate",
    value: parts.value,
    reason: parts.reason,
    n: t.priorCustomers,
    priorCustomers: t.priorCustomers,
    repeatCustomers: t.repeatCustomers,
    periodCustomers: fromOrders ? t.periodCustomers : null,
    newCustomers: fromOrders ? t.newCustomers : null,
    interval: parts.interval,
    warnings: parts.warnings,
    period,
  };
}

/**
 * The repeat (returning-customer) rate as a {@link Metric} over {@link Order}s: of the customers
 * who had ordered before the period, the share who ordered in it. Orders at or after the period
 * end are checked and ignored. Merging tallies is valid when groups partition customers.
 * @example
 * const metric = repeatRateMetric({ period: { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", date: "2025-01-05T00:00:00Z", amount: 10 },
 *   { customerId: "a", date: "2025-02-05T00:00:00Z", amount: 10 },
 *   { customerId: "b", date: "2025-01-07T00:00:00Z", amount: 10 },
 * ]).value
 * //=> 0.5
 */
export function repeatRateMetric<R extends Order = Order>(
  options: RepeatOptions,
): Metric<R, RepeatState, RepeatRateTally, RepeatRateResult> {
  return {
    name: "repeatRate",
    ...repeatRatePass<R>(options),
    empty: emptyRepeatRateTally,
    merge: mergeRepeatRateTalliesUnchecked,
    compare: (a, b, level) =>
      compareProportions(
        { successes: a.repeatCustomers, n: a.priorCustomers },
        { successes: b.repeatCustomers, n: b.priorCustomers },
        { level },
      ),
  };
}

/** The one-pass part of {@link repeatRateMetric}: what the records form runs (see MetricPass). */
function repeatRatePass<R extends Order>(
  options: RepeatOptions,
): MetricPass<R, RepeatState, RepeatRateTally, RepeatRateResult> {
  const { opts, period } = resolveOrderOptions(options);
  return {
    ...repeatTallier<R>(period),
    finalize: (tally) => finalizeRepeat(tally, true, opts, period.bounds),
  };
}

/**
 * Repeat (returning-customer) rate from counts: customers who bought in the period AND had
 * bought before it / customers who had bought before it. Not the repeat PURCHASE rate
 * ({@link repeatPurchaseRate}: 2+ orders within the period). Wilson interval at `level`.
 *
 * Source: this library's seed definition: the period retention rate of past buyers, as used in
 * non-contractual (retail) settings where no cancellation is observed. Dashboards that call a
 * "returning customer rate" the share of the period's buyers who had bought before divide by
 * a different base: check before comparing.
 * @example
 * repeatRate({ priorCustomers: 200, repeatCustomers: 50 }).value
 * //=> 0.25
 */
export function repeatRate(
  counts: RepeatRateCounts,
  options?: RepeatCountsOptions,
): RepeatRateResult {
  const o = parseWith(repeatCountsOptionsSchema, options ?? {}, ["options"]);
  const bounds = optionalBounds(o.period, o.timeZone);
  const c = parseWith(repeatRateCountsSchema, counts, []);
  requireAtMost(
    c.repeatCustomers,
    c.priorCustomers,
    ["repeatCustomers"],
    "expected repeatCustomers <= priorCustomers",
  );
  const tally = { ...c, periodCustomers: 0, newCustomers: 0 };
  return finalizeRepeat(tally, false, resolveRateOptions(o), bounds);
}

/**
 * Repeat (returning-customer) rate over a period from orders: of the customers with an order
 * before `period.start`, the share with an order in `[period.start, period.end)`.
 * @example
 * repeatRateFromOrders(
 *   [
 *     { customerId: "a", date: "2025-01-05T10:00:00Z", amount: 20 },
 *     { customerId: "a", date: "2025-02-01T00:00:00Z", amount: 30 },
 *     { customerId: "b", date: "2025-01-06T10:00:00Z", amount: 20 },
 *     { customerId: "c", date: "2025-02-10T10:00:00Z", amount: 20 },
 *   ],
 *   { period: { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } },
 * ).value
 * //=> 0.5
 */
export function repeatRateFromOrders<R extends Order>(
  orders: readonly R[],
  options: RepeatOptions,
): RepeatRateResult {
  return runOverRecords(repeatRatePass<R>(options), orders, "orders");
}

/** {@link repeatRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRepeatRate(
  counts: RepeatRateCounts,
  options?: RepeatCountsOptions,
): SafeResult<RepeatRateResult> {
  return attempt(() => repeatRate(counts, options));
}

/** {@link repeatRateFromOrders} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeRepeatRateFromOrders<R extends Order>(
  orders: readonly R[],
  options: RepeatOptions,
): SafeResult<RepeatRateResult> {
  return attempt(() => repeatRateFromOrders(orders, options));
}

// ---------------------------------------------------------------------------------------------
// Repeat purchase rate

/** The empty repeat-purchase tally, identity of {@link mergeRepeatPurchaseTallies}. */
export function emptyRepeatPurchaseTally(): RepeatPurchaseTally {
  return { customers: 0, repeatCustomers: 0 };
}

/** What {@link mergeRepeatPurchaseTallies} accepts: every count finite and ≥ 0. */
const repeatPurchaseTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["customers", "repeatCustomers"]))();

/**
 * Merges two repeat-purchase tallies of disjoint sets of customers.
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeRepeatPurchaseTallies({ customers: 3, repeatCustomers: 1 }, { customers: 2, repeatCustomers: 2 })
 * //=> { customers: 5, repeatCustomers: 3 }
 */
export function mergeRepeatPurchaseTallies(
  a: RepeatPurchaseTally,
  b: RepeatPurchaseTally,
): RepeatPurchaseTally {
  return mergeCheckedTallies(repeatPurchaseTallyCheck, a, b, mergeRepeatPurchaseTalliesUnchecked);
}

/** {@link mergeRepeatPurchaseTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeRepeatPurchaseTalliesUnchecked(
  a: RepeatPurchaseTally,
  b: RepeatPurchaseTally,
): RepeatPurchaseTally {
  return {
    customers: a.customers + b.customers,
    repeatCustomers: a.repeatCustomers + b.repeatCustomers,
  };
}

function repeatPurchaseTallyOf(state: RepeatState): RepeatPurchaseTally {
  let customers = 0;
  let repeatCustomers = 0;
  for (const flags of state.customers.values()) {
    if (flags & IN_PERIOD) customers++;
    if (flags & TWICE) repeatCustomers++;
  }
  return { customers, repeatCustomers };
}

function finalizeRepeatPurchase(
  t: RepeatPurchaseTally,
  opts: ResolvedRateOptions,
  period: PeriodBounds | null,
): RepeatPurchaseResult {
  const parts = proportionParts(
    t.repeatCustomers,
    t.customers,
    true, // read only when customers (n) is 0: no customers is the empty case
    "repeat purchase rate",
    opts,
  );
  return {
    metric: "repeatPurchaseRate",
    value: parts.value,
    reason: parts.reason,
    n: t.customers,
    customers: t.customers,
    repeatCustomers: t.repeatCustomers,
    interval: parts.interval,
    warnings: parts.warnings,
    period,
  };
}

/**
 * The repeat purchase rate as a {@link Metric} over {@link Order}s: of the customers with an
 * order in the period, the share with two or more orders in it. Orders outside the period are
 * checked and ignored.
 * @example
 * const metric = repeatPurchaseRateMetric({ period: { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", date: "2025-02-05T00:00:00Z", amount: 10 },
 *   { customerId: "a", date: "2025-02-06T00:00:00Z", amount: 10 },
 *   { customerId: "b", date: "2025-02-07T00:00:00Z", amount: 10 },
 * ]).value
 * //=> 0.5
 */
export function repeatPurchaseRateMetric<R extends Order = Order>(
  options: RepeatOptions,
): Metric<R, RepeatState, RepeatPurchaseTally, RepeatPurchaseResult> {
  return {
    name: "repeatPurchaseRate",
    ...repeatPurchasePass<R>(options),
    empty: emptyRepeatPurchaseTally,
    merge: mergeRepeatPurchaseTalliesUnchecked,
    compare: (a, b, level) =>
      compareProportions(
        { successes: a.repeatCustomers, n: a.customers },
        { successes: b.repeatCustomers, n: b.customers },
        { level },
      ),
  };
}

/** The one-pass part of {@link repeatPurchaseRateMetric}, as {@link repeatRatePass}. */
function repeatPurchasePass<R extends Order>(
  options: RepeatOptions,
): MetricPass<R, RepeatState, RepeatPurchaseTally, RepeatPurchaseResult> {
  const { opts, period } = resolveOrderOptions(options);
  return {
    init: () => ({ customers: new Map() }),
    add: (state, record, index) => addOrderFlags(state, record, index, period),
    tally: repeatPurchaseTallyOf,
    finalize: (tally) => finalizeRepeatPurchase(tally, opts, period.bounds),
  };
}

/**
 * Repeat purchase rate over a period from orders: customers with 2+ orders in the period /
 * customers with 1+ orders in the period. Not the repeat (returning-customer) rate
 * ({@link repeatRateFromOrders}: bought before AND during the period). Wilson interval.
 *
 * Source: the common e-commerce definition of the repeat purchase rate (customers with more
 * than one order in the window / customers with an order in it).
 * @example
 * repeatPurchaseRate(
 *   [
 *     { customerId: "a", date: "2025-02-05T10:00:00Z", amount: 20 },
 *     { customerId: "a", date: "2025-02-20T10:00:00Z", amount: 30 },
 *     { customerId: "b", date: "2025-02-06T10:00:00Z", amount: 20 },
 *     { customerId: "c", date: "2025-01-06T10:00:00Z", amount: 20 },
 *   ],
 *   { period: { start: "2025-02-01T00:00:00Z", end: "2025-03-01T00:00:00Z" } },
 * ).value
 * //=> 0.5
 */
export function repeatPurchaseRate<R extends Order>(
  orders: readonly R[],
  options: RepeatOptions,
): RepeatPurchaseResult {
  return runOverRecords(repeatPurchasePass<R>(options), orders, "orders");
}

/**
 * Repeat purchase rate from counts: repeatCustomers (2+ orders in the period) / customers (1+).
 * @example
 * repeatPurchaseRateFromCounts({ customers: 400, repeatCustomers: 100 }).value
 * //=> 0.25
 */
export function repeatPurchaseRateFromCounts(
  counts: RepeatPurchaseCounts,
  options?: RepeatCountsOptions,
): RepeatPurchaseResult {
  const o = parseWith(repeatCountsOptionsSchema, options ?? {}, ["options"]);
  const bounds = optionalBounds(o.period, o.timeZone);
  const c = parseWith(repeatPurchaseCountsSchema, counts, []);
  requireAtMost(
    c.repeatCustomers,
    c.customers,
    ["repeatCustomers"],
    "expected repeatCustomers <= customers",
  );
  return finalizeRepeatPurchase(c, resolveRateOptions(o), bounds);
}

/** {@link repeatPurchaseRate} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeRepeatPurchaseRate<R extends Order>(
  orders: readonly R[],
  options: RepeatOptions,
): SafeResult<RepeatPurchaseResult> {
  return attempt(() => repeatPurchaseRate(orders, options));
}

/** {@link repeatPurchaseRateFromCounts} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeRepeatPurchaseRateFromCounts(
  counts: RepeatPurchaseCounts,
  options?: RepeatCountsOptions,
): SafeResult<RepeatPurchaseResult> {
  return attempt(() => repeatPurchaseRateFromCounts(counts, options));
}

/** {@link mergeRepeatPurchaseTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeRepeatPurchaseTallies(
  a: RepeatPurchaseTally,
  b: RepeatPurchaseTally,
): SafeResult<RepeatPurchaseTally> {
  return attempt(() => mergeRepeatPurchaseTallies(a, b));
}

/** {@link mergeRepeatRateTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeRepeatRateTallies(
  a: RepeatRateTally,
  b: RepeatRateTally,
): SafeResult<RepeatRateTally> {
  return attempt(() => mergeRepeatRateTallies(a, b));
}

/** {@link repeatPurchaseRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRepeatPurchaseRateMetric<R extends Order = Order>(
  options: RepeatOptions,
): SafeResult<Metric<R, RepeatState, RepeatPurchaseTally, RepeatPurchaseResult>> {
  return attempt(() => repeatPurchaseRateMetric<R>(options));
}

/** {@link repeatRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRepeatRateMetric<R extends Order = Order>(
  options: RepeatOptions,
): SafeResult<Metric<R, RepeatState, RepeatRateTally, RepeatRateResult>> {
  return attempt(() => repeatRateMetric<R>(options));
}
