import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Metric, MetricComparison } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { compareProportions } from "../stats/compare.js";
import { countSchema, type SchemaOutput } from "../stats/options.js";
import type { Period, PeriodBounds } from "../time/period.js";
import { type ActivityState, addSubscription, emptyActivityState } from "./activity.js";
import {
  type ChurnTally,
  churnTallyOf,
  emptyChurnTally,
  mergeChurnTalliesUnchecked,
} from "./churn.js";
import {
  type MetricPass,
  optionalBounds,
  optionalPeriodOptionFields,
  periodOptionFields,
  proportionParts,
  type RateOptionsBase,
  type ResolvedRateOptions,
  rateOptionFields,
  resolvePeriodContext,
  resolveRateOptions,
  runOverRecords,
} from "./rate.js";
import type { Subscription } from "./records.js";

/** Counts behind a customer retention rate (CRR). */
export interface CustomerRetentionCounts {
  /** Customers at the start of the period (S). */
  readonly customersAtStart: number;
  /** Customers at the end of the period (E). */
  readonly customersAtEnd: number;
  /** New customers acquired in the period who are counted in `customersAtEnd` (N). */
  readonly newCustomers: number;
}

/** Counts behind a CRR, as a schema. */
export const customerRetentionCountsSchema: z.ZodMiniType<CustomerRetentionCounts> =
  /* @__PURE__ */ z.strictObject({
    customersAtStart: countSchema,
    customersAtEnd: countSchema,
    newCustomers: countSchema,
  });

/** Options of {@link customerRetentionRate} (counts). */
export interface CustomerRetentionCountsOptions extends RateOptionsBase {
  /** Optional period the counts belong to; only labels the result. */
  readonly period?: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
}

/** Options of {@link customerRetentionRateFromSubscriptions} and {@link customerRetentionMetric}. */
export interface CustomerRetentionOptions extends RateOptionsBase {
  /** The period `[start, end)`. Required. */
  readonly period: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
}

/** Options of {@link customerRetentionRate}, as a schema. */
export const customerRetentionCountsOptionsSchema: z.ZodMiniType<
  SchemaOutput<CustomerRetentionCountsOptions>
> = /* @__PURE__ */ (() =>
  z.strictObject({ ...optionalPeriodOptionFields, ...rateOptionFields }))();

/** Options of {@link customerRetentionRateFromSubscriptions}, as a schema. */
export const customerRetentionOptionsSchema: z.ZodMiniType<SchemaOutput<CustomerRetentionOptions>> =
  /* @__PURE__ */ (() => z.strictObject({ ...periodOptionFields, ...rateOptionFields }))();

/** A customer retention rate (CRR), a fraction in [0, 1]. */
export interface CustomerRetentionResult {
  readonly metric: "customerRetentionRate";
  /** (E − N) / S; `null` when S = 0. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** S, customers at the start. */
  readonly n: number;
  readonly customersAtStart: number;
  readonly customersAtEnd: number;
  /** N: new customers counted at the end. */
  readonly newCustomers: number;
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
  readonly period: PeriodBounds | null;
}

function finalizeCrr(
  c: CustomerRetentionCounts,
  opts: ResolvedRateOptions,
  period: PeriodBounds | null,
): CustomerRetentionResult {
  const retained = c.customersAtEnd - c.newCustomers;
  // Read only when customersAtStart is 0: "empty" when nobody is at the end either.
  const empty = c.customersAtEnd === 0;
  const parts = proportionParts(
    retained,
    c.customersAtStart,
    empty,
    "customer retention rate",
    opts,
  );
  return {
    metric: "customerRetentionRate",
    value: parts.value,
    reason: parts.reason,
    n: c.customersAtStart,
    customersAtStart: c.customersAtStart,
    customersAtEnd: c.customersAtEnd,
    newCustomers: c.newCustomers,
    interval: parts.interval,
    warnings: parts.warnings,
    period,
  };
}

/**
 * Customer retention rate from counts: CRR = (E − N) / S, with E customers at the end, N new
 * customers acquired during the period and still there at the end, S customers at the start.
 * Wilson interval on E − N of S.
 *
 * N must be the new customers counted in E: new customers who already left are in neither,
 * and subtracting them would count their loss against the customers of S. So 0 ≤ E − N ≤ S.
 *
 * Source: the standard CRR formula (e.g. HubSpot, "customer retention rate"); it equals the
 * share of start customers still there at the end.
 * @example
 * customerRetentionRate({ customersAtStart: 200, customersAtEnd: 190, newCustomers: 20 }).value
 * //=> 0.85
 */
export function customerRetentionRate(
  counts: CustomerRetentionCounts,
  options?: CustomerRetentionCountsOptions,
): CustomerRetentionResult {
  const parsed = parseWith(customerRetentionCountsOptionsSchema, options ?? {}, ["options"]);
  const bounds = optionalBounds(parsed.period, parsed.timeZone);
  const c = parseWith(customerRetentionCountsSchema, counts, []);
  if (c.newCustomers > c.customersAtEnd) {
    throw inputError(
      ["newCustomers"],
      "expected newCustomers <= customersAtEnd (N counts the new customers present at the end)",
    );
  }
  if (c.customersAtEnd - c.newCustomers > c.customersAtStart) {
    throw inputError(
      ["customersAtEnd"],
      "expected customersAtEnd - newCustomers <= customersAtStart",
    );
  }
  return finalizeCrr(c, resolveRateOptions(parsed), bounds);
}

/**
 * The customer retention rate as a {@link Metric} over {@link Subscription}s. Its tally is the
 * {@link ChurnTally} of the default churn rules; CRR = (E − N) / S with N the new customers in the
 * end snapshot, which equals retained / S.
 * @example
 * const metric = customerRetentionMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", start: "2024-06-01T00:00:00Z" },
 *   { customerId: "b", start: "2024-06-01T00:00:00Z", end: "2025-01-10T00:00:00Z" },
 *   { customerId: "c", start: "2025-01-10T00:00:00Z" },
 * ]).value
 * //=> 0.5
 */
export function customerRetentionMetric<R extends Subscription = Subscription>(
  options: CustomerRetentionOptions,
): Metric<R, ActivityState, ChurnTally, CustomerRetentionResult> {
  return {
    name: "customerRetentionRate",
    ...customerRetentionPass<R>(options),
    empty: emptyChurnTally,
    merge: mergeChurnTalliesUnchecked,
    compare: (a, b, level): MetricComparison =>
      compareProportions(
        { successes: a.retained, n: a.customersAtStart },
        { successes: b.retained, n: b.customersAtStart },
        { level },
      ),
  };
}

/** The one-pass part of {@link customerRetentionMetric}: what the records form runs (see MetricPass). */
function customerRetentionPass<R extends Subscription>(
  options: CustomerRetentionOptions,
): MetricPass<R, ActivityState, ChurnTally, CustomerRetentionResult> {
  const parsed = parseWith(customerRetentionOptionsSchema, options ?? {}, ["options"]);
  const period = resolvePeriodContext(parsed.period, parsed.timeZone);
  const opts = resolveRateOptions(parsed);
  const rules = {
    denominator: "active-at-start",
    newCustomerChurn: "exclude",
    churnWhen: "no-active-subscription",
    reactivation: "retained",
  } as const;
  const needs = { mrr: false, intervals: false };
  return {
    init: emptyActivityState,
    add: (state, record, index) =>
      addSubscription(state, record, index, period.startMs, period.endMs, needs),
    tally: (state) => churnTallyOf(state, rules, period),
    finalize: (t) =>
      finalizeCrr(
        {
          customersAtStart: t.customersAtStart,
          customersAtEnd: t.customersAtEnd,
          newCustomers: t.customersAtEnd - t.retained,
        },
        opts,
        period.bounds,
      ),
  };
}

/**
 * Customer retention rate over a period from subscriptions: CRR = (E − N) / S, with S and E the
 * start and end snapshots and N the new customers in E (see {@link churnRateFromSubscriptions}
 * for the snapshot rules). Equals 1 − the default churn rate.
 * @example
 * customerRetentionRateFromSubscriptions(
 *   [
 *     { customerId: "a", start: "2024-01-01T00:00:00Z" },
 *     { customerId: "b", start: "2024-01-01T00:00:00Z", end: "2024-03-15T00:00:00Z" },
 *     { customerId: "c", start: "2024-03-10T00:00:00Z" },
 *   ],
 *   { period: { start: "2024-03-01T00:00:00Z", end: "2024-04-01T00:00:00Z" } },
 * ).newCustomers
 * //=> 1
 */
export function customerRetentionRateFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: CustomerRetentionOptions,
): CustomerRetentionResult {
  return runOverRecords(customerRetentionPass<R>(options), subscriptions, "subscriptions");
}

/** {@link customerRetentionRate} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCustomerRetentionRate(
  counts: CustomerRetentionCounts,
  options?: CustomerRetentionCountsOptions,
): SafeResult<CustomerRetentionResult> {
  return attempt(() => customerRetentionRate(counts, options));
}

/** {@link customerRetentionRateFromSubscriptions} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCustomerRetentionRateFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: CustomerRetentionOptions,
): SafeResult<CustomerRetentionResult> {
  return attempt(() => customerRetentionRateFromSubscriptions(subscriptions, options));
}

/** {@link customerRetentionMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCustomerRetentionMetric<R extends Subscription = Subscription>(
  options: CustomerRetentionOptions,
): SafeResult<Metric<R, ActivityState, ChurnTally, CustomerRetentionResult>> {
  return attempt(() => customerRetentionMetric<R>(options));
}
