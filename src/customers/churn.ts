import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Metric, MetricComparison } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { compareProportions } from "../stats/compare.js";
import { countSchema, type SchemaOutput } from "../stats/options.js";
import { countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import type { Period, PeriodBounds } from "../time/period.js";
import {
  type ActivityState,
  addSubscription,
  coveredWithoutGap,
  ENDED_IN_PERIOD,
  emptyActivityState,
  inEndSnapshot,
  inStartSnapshot,
  isNewCustomer,
} from "./activity.js";
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
import type { Subscription } from "./records.js";

// ---------------------------------------------------------------------------------------------
// Schemas

/** Which customers make the denominator of a churn rate. */
export type ChurnDenominator = "active-at-start" | "active-at-start-plus-new";

/** Whether customers who joined in the period and churned in it count as churned. */
export type NewCustomerChurn = "exclude" | "include";

/** When a customer with several subscriptions has churned. */
export type ChurnWhen = "no-active-subscription" | "any-subscription-ended";

/** Whether a customer who left and came back within the period counts as churned. */
export type Reactivation = "retained" | "churned";

const denominatorSchema = /* @__PURE__ */ z.enum(["active-at-start", "active-at-start-plus-new"], {
  error: 'expected "active-at-start" or "active-at-start-plus-new"',
});
const newCustomerChurnSchema = /* @__PURE__ */ z.enum(["exclude", "include"], {
  error: 'expected "exclude" or "include"',
});

/** Options of {@link churnRate} and {@link retentionRate} (counts), as a schema. */
export const churnCountsOptionsSchema: z.ZodMiniType<SchemaOutput<ChurnCountsOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      ...optionalPeriodOptionFields,
      ...rateOptionFields,
      denominator: z.optional(denominatorSchema),
      newCustomerChurn: z.optional(newCustomerChurnSchema),
    }))();

/** Options of {@link churnRateFromSubscriptions} and {@link churnMetric}, as a schema. */
export const churnOptionsSchema: z.ZodMiniType<SchemaOutput<ChurnOptions>> = /* @__PURE__ */ (() =>
  z.strictObject({
    ...periodOptionFields,
    ...rateOptionFields,
    denominator: z.optional(denominatorSchema),
    newCustomerChurn: z.optional(newCustomerChurnSchema),
    churnWhen: z.optional(
      z.enum(["no-active-subscription", "any-subscription-ended"], {
        error: 'expected "no-active-subscription" or "any-subscription-ended"',
      }),
    ),
    reactivation: z.optional(
      z.enum(["retained", "churned"], { error: 'expected "retained" or "churned"' }),
    ),
  }))();

/** Counts behind a churn rate, as a warehouse hands them over. */
export const churnCountsSchema: z.ZodMiniType<SchemaOutput<ChurnCounts>> = /* @__PURE__ */ (() =>
  z.strictObject({
    customersAtStart: countSchema,
    churned: countSchema,
    newCustomers: z.optional(countSchema),
    newChurned: z.optional(countSchema),
  }))();

// ---------------------------------------------------------------------------------------------
// Types

/** Options of the counts forms ({@link churnRate}, {@link retentionRate}). */
export interface ChurnCountsOptions extends RateOptionsBase {
  /** Optional period the counts belong to; only labels the result (`period`). */
  readonly period?: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
  /**
   * `"active-at-start"` (default; the seed formula, ChartMogul's B2B formula): customers in the
   * start snapshot. `"active-at-start-plus-new"` (Stripe's subscriber churn rate): those plus
   * the customers who joined during the period.
   */
  readonly denominator?: ChurnDenominator;
  /**
   * Whether new customers who churned within the period count in the numerator. Default
   * `"exclude"` with `"active-at-start"` (ChartMogul excludes them) and `"include"` with
   * `"active-at-start-plus-new"` (Stripe counts them). `"include"` needs the plus-new
   * denominator, or the rate could exceed 1.
   */
  readonly newCustomerChurn?: NewCustomerChurn;
}

/** Options of {@link churnRateFromSubscriptions} and {@link churnMetric}. */
export interface ChurnOptions extends Omit<ChurnCountsOptions, "period"> {
  /** The period `[start, end)`. Required. */
  readonly period: Period;
  /**
   * `"no-active-subscription"` (default, ChartMogul and Stripe): a customer churns when they
   * had an active subscription at the start and have none at the end; cancelling one of two
   * subscriptions is a contraction, not churn. `"any-subscription-ended"`: a customer also
   * churns when any of their subscriptions active in the period ended by its end, even if
   * another keeps them active (note: a renewal stored as a new record then counts too).
   */
  readonly churnWhen?: ChurnWhen;
  /**
   * A customer who left and came back within the period (a gap in their subscriptions):
   * `"retained"` (default: only the start and end snapshots matter) or `"churned"`.
   */
  readonly reactivation?: Reactivation;
}

/** Counts behind a churn rate. */
export interface ChurnCounts {
  /** Customers in the start snapshot. */
  readonly customersAtStart: number;
  /** Of those, how many churned in the period. */
  readonly churned: number;
  /** Customers who joined during the period. Required with the plus-new denominator. */
  readonly newCustomers?: number;
  /** Of the new customers, how many churned in the period. Required with `newCustomerChurn: "include"`. */
  readonly newChurned?: number;
}

/**
 * The sufficient statistics of customer churn and retention over one period, from
 * subscriptions. Mergeable by adding field by field when the groups partition customers
 * (every subscription of a customer in the same group); all zeros is the identity.
 */
export interface ChurnTally {
  /** Customers in the snapshot at the period start. */
  readonly customersAtStart: number;
  /** Customers in the snapshot at the period end (= the next period's start). */
  readonly customersAtEnd: number;
  /** Customers active in the period but not in the start snapshot. */
  readonly newCustomers: number;
  /** Customers in both snapshots. */
  readonly retained: number;
  /** Start-snapshot customers who churned, under the chosen rules. */
  readonly churned: number;
  /** New customers who churned within the period, under the chosen rules. */
  readonly newChurned: number;
}

/** A churn rate (a fraction in [0, 1]) with its counts, Wilson interval and warnings. */
export interface ChurnResult {
  readonly metric: "churnRate";
  /** Churned / denominator; `null` when the denominator is 0. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** The denominator: customers at start (plus new customers with the plus-new rule). */
  readonly n: number;
  readonly customersAtStart: number;
  readonly churned: number;
  readonly newCustomers: number;
  readonly newChurned: number;
  /** Customers at the end; `null` when computed from counts that do not give it. */
  readonly customersAtEnd: number | null;
  /** Customers at both start and end; `null` from counts. */
  readonly retained: number | null;
  readonly denominator: ChurnDenominator;
  readonly newCustomerChurn: NewCustomerChurn;
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
  /** The period, as ISO strings in its time zone; `null` for counts without a period. */
  readonly period: PeriodBounds | null;
}

/** A retention rate, 1 − churn rate, in [0, 1]. Same fields as {@link ChurnResult}. */
export interface RetentionResult extends Omit<ChurnResult, "metric"> {
  readonly metric: "retentionRate";
}

// ---------------------------------------------------------------------------------------------
// Options

interface ChurnRules {
  readonly denominator: ChurnDenominator;
  readonly newCustomerChurn: NewCustomerChurn;
  readonly churnWhen: ChurnWhen;
  readonly reactivation: Reactivation;
}

interface ResolvedChurnOptions extends ChurnRules, ResolvedRateOptions {}

function resolveRules(parsed: {
  readonly denominator?: ChurnDenominator | undefined;
  readonly newCustomerChurn?: NewCustomerChurn | undefined;
  readonly churnWhen?: ChurnWhen | undefined;
  readonly reactivation?: Reactivation | undefined;
}): ChurnRules {
  const denominator = parsed.denominator ?? "active-at-start";
  const newCustomerChurn =
    parsed.newCustomerChurn ?? (denominator === "active-at-start" ? "exclude" : "include");
  if (newCustomerChurn === "include" && denominator === "active-at-start") {
    throw inputError(
      ["options", "newCustomerChurn"],
      'newCustomerChurn "include" needs denominator "active-at-start-plus-new" (otherwise the rate can exceed 1)',
    );
  }
  return {
    denominator,
    newCustomerChurn,
    churnWhen: parsed.churnWhen ?? "no-active-subscription",
    reactivation: parsed.reactivation ?? "retained",
  };
}

/** Resolves and validates churn options for records. @internal */
export function resolveChurnOptions(options: unknown): {
  readonly opts: ResolvedChurnOptions;
  readonly period: PeriodContext;
} {
  const parsed = parseWith(churnOptionsSchema, options ?? {}, ["options"]);
  const period = resolvePeriodContext(parsed.period, parsed.timeZone);
  return { opts: { ...resolveRules(parsed), ...resolveRateOptions(parsed) }, period };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/** The empty churn tally, identity of {@link mergeChurnTallies}. */
export function emptyChurnTally(): ChurnTally {
  return {
    customersAtStart: 0,
    customersAtEnd: 0,
    newCustomers: 0,
    retained: 0,
    churned: 0,
    newChurned: 0,
  };
}

/** What {@link mergeChurnTallies} accepts: every count finite and ≥ 0. */
const churnTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema([
    "customersAtStart",
    "customersAtEnd",
    "newCustomers",
    "retained",
    "churned",
    "newChurned",
  ]))();

/**
 * Merges two churn tallies of disjoint sets of customers (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeChurnTallies(
 *   { customersAtStart: 10, customersAtEnd: 9, newCustomers: 1, retained: 8, churned: 2, newChurned: 0 },
 *   { customersAtStart: 5, customersAtEnd: 5, newCustomers: 0, retained: 5, churned: 0, newChurned: 0 },
 * ).customersAtStart
 * //=> 15
 */
export function mergeChurnTallies(a: ChurnTally, b: ChurnTally): ChurnTally {
  return mergeCheckedTallies(churnTallyCheck, a, b, mergeChurnTalliesUnchecked);
}

/** {@link mergeChurnTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeChurnTalliesUnchecked(a: ChurnTally, b: ChurnTally): ChurnTally {
  return {
    customersAtStart: a.customersAtStart + b.customersAtStart,
    customersAtEnd: a.customersAtEnd + b.customersAtEnd,
    newCustomers: a.newCustomers + b.newCustomers,
    retained: a.retained + b.retained,
    churned: a.churned + b.churned,
    newChurned: a.newChurned + b.newChurned,
  };
}

/** Counts one period's movements from the per-customer activity. @internal */
export function churnTallyOf(
  state: ActivityState,
  rules: ChurnRules,
  period: PeriodContext,
): ChurnTally {
  let customersAtStart = 0;
  let customersAtEnd = 0;
  let newCustomers = 0;
  let retained = 0;
  let churned = 0;
  let newChurned = 0;
  for (const activity of state.customers.values()) {
    const flags = activity.flags;
    const atStart = inStartSnapshot(flags);
    const atEnd = inEndSnapshot(flags);
    const isNew = isNewCustomer(flags);
    if (atStart) customersAtStart++;
    if (atEnd) customersAtEnd++;
    if (isNew) newCustomers++;
    if (atStart && atEnd) retained++;
    if (!atStart && !isNew) continue;
    let lost = !atEnd;
    if (!lost && rules.churnWhen === "any-subscription-ended")
      lost = (flags & ENDED_IN_PERIOD) !== 0;
    // Intervals are kept (needs.intervals) exactly when reactivation is "churned".
    if (!lost && activity.intervals !== undefined) {
      const from = atStart ? period.startMs : activity.firstStartInPeriod;
      lost = !coveredWithoutGap(activity.intervals, from, period.endMs);
    }
    if (!lost) continue;
    if (atStart) churned++;
    else newChurned++;
  }
  return { customersAtStart, customersAtEnd, newCustomers, retained, churned, newChurned };
}

/** Numerator and denominator of the churn rate under the rules. @internal */
export function churnFraction(
  t: Pick<ChurnTally, "customersAtStart" | "churned" | "newCustomers" | "newChurned">,
  rules: Pick<ChurnRules, "denominator" | "newCustomerChurn">,
): { readonly churned: number; readonly n: number } {
  return {
    churned: t.churned + (rules.newCustomerChurn === "include" ? t.newChurned : 0),
    n: t.customersAtStart + (rules.denominator === "active-at-start-plus-new" ? t.newCustomers : 0),
  };
}

function compareChurn(
  a: ChurnTally,
  b: ChurnTally,
  level: number,
  rules: ChurnRules,
  complement: boolean,
): MetricComparison {
  const fa = churnFraction(a, rules);
  const fb = churnFraction(b, rules);
  return compareProportions(
    { successes: complement ? fa.n - fa.churned : fa.churned, n: fa.n },
    { successes: complement ? fb.n - fb.churned : fb.churned, n: fb.n },
    { level },
  );
}

/**
 * Customer churn over a period as a {@link Metric}, for `runMetric`, `bySegment` and friends.
 * Records are {@link Subscription}s; the state groups them by customer, and the tally is the
 * counts of {@link ChurnTally}. Merging tallies is valid when groups partition customers.
 * @param options - The period (required) and the counting rules; see {@link ChurnOptions}.
 * @example
 * const metric = churnMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", start: "2024-06-01T00:00:00Z" },
 *   { customerId: "b", start: "2024-06-01T00:00:00Z", end: "2025-01-20T00:00:00Z" },
 * ]).value
 * //=> 0.5
 */
export function churnMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): Metric<R, ActivityState, ChurnTally, ChurnResult> {
  const { opts, period } = resolveChurnOptions(options);
  return {
    name: "churnRate",
    ...churnPass<R>(opts, period),
    empty: emptyChurnTally,
    merge: mergeChurnTalliesUnchecked,
    compare: (a, b, level) => compareChurn(a, b, level, opts, false),
  };
}

/** The one-pass part of {@link churnMetric}: what the records forms run (see MetricPass). */
function churnPass<R extends Subscription>(
  opts: ResolvedChurnOptions,
  period: PeriodContext,
): MetricPass<R, ActivityState, ChurnTally, ChurnResult> {
  const needs = { mrr: false, intervals: opts.reactivation === "churned" };
  return {
    init: emptyActivityState,
    add: (state, record, index) =>
      addSubscription(state, record, index, period.startMs, period.endMs, needs),
    tally: (state) => churnTallyOf(state, opts, period),
    finalize: (tally) => finalizeChurn(tally, opts, period.bounds, true),
  };
}

// ---------------------------------------------------------------------------------------------
// Finalize

function finalizeChurn(
  tally: ChurnTally,
  opts: ResolvedRateOptions & Pick<ChurnRules, "denominator" | "newCustomerChurn">,
  period: PeriodBounds | null,
  fromRecords: boolean,
): ChurnResult {
  const { churned, n } = churnFraction(tally, opts);
  const empty = tally.customersAtStart + tally.newCustomers + tally.customersAtEnd === 0;
  const parts = proportionParts(churned, n, empty, "churn rate", opts);
  return {
    metric: "churnRate",
    value: parts.value,
    reason: parts.reason,
    n,
    customersAtStart: tally.customersAtStart,
    churned: tally.churned,
    newCustomers: tally.newCustomers,
    newChurned: tally.newChurned,
    customersAtEnd: fromRecords ? tally.customersAtEnd : null,
    retained: fromRecords ? tally.retained : null,
    denominator: opts.denominator,
    newCustomerChurn: opts.newCustomerChurn,
    interval: parts.interval,
    warnings: parts.warnings,
    period,
  };
}

function tallyFromCounts(
  counts: unknown,
  rules: Pick<ChurnRules, "denominator" | "newCustomerChurn">,
): ChurnTally {
  const c = parseWith(churnCountsSchema, counts, []);
  requireAtMost(c.churned, c.customersAtStart, ["churned"], "expected churned <= customersAtStart");
  if (rules.denominator === "active-at-start-plus-new" && c.newCustomers === undefined) {
    throw inputError(
      ["newCustomers"],
      'expected newCustomers: the denominator "active-at-start-plus-new" adds them',
    );
  }
  if (rules.newCustomerChurn === "include" && c.newChurned === undefined) {
    throw inputError(
      ["newChurned"],
      'expected newChurned: newCustomerChurn "include" counts them as churned',
    );
  }
  const newCustomers = c.newCustomers ?? 0;
  const newChurned = c.newChurned ?? 0;
  requireAtMost(newChurned, newCustomers, ["newChurned"], "expected newChurned <= newCustomers");
  return {
    customersAtStart: c.customersAtStart,
    customersAtEnd: 0,
    newCustomers,
    retained: 0,
    churned: c.churned,
    newChurned,
  };
}

function resolveCountsOptions(options: ChurnCountsOptions | undefined): {
  readonly opts: ChurnRules & ResolvedRateOptions;
  readonly bounds: PeriodBounds | null;
} {
  const parsed = parseWith(churnCountsOptionsSchema, options ?? {}, ["options"]);
  return {
    opts: { ...resolveRules(parsed), ...resolveRateOptions(parsed) },
    bounds: optionalBounds(parsed.period, parsed.timeZone),
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Customer churn rate from counts: customers lost in the period / customers at its start.
 *
 * churn = churned / customersAtStart (the seed formula; ChartMogul's B2B formula). With
 * `denominator: "active-at-start-plus-new"` (Stripe): (churned + newChurned) / (customersAtStart
 * + newCustomers). Wilson score interval (Wilson 1927) at `level`.
 *
 * Source: ChartMogul, "Customer Churn Rate" (help.chartmogul.com); Stripe Billing metric
 * definitions, "Subscriber churn rate" (docs.stripe.com/billing/subscriptions/analytics/glossary).
 * @returns `value` is `null` with reason `"empty"` when there are no customers.
 * @example
 * churnRate({ customersAtStart: 100, churned: 10 }).value
 * //=> 0.1
 * churnRate(
 *   { customersAtStart: 90, churned: 9, newCustomers: 10, newChurned: 1 },
 *   { denominator: "active-at-start-plus-new" },
 * ).value
 * //=> 0.1
 */
export function churnRate(counts: ChurnCounts, options?: ChurnCountsOptions): ChurnResult {
  const { opts, bounds } = resolveCountsOptions(options);
  return finalizeChurn(tallyFromCounts(counts, opts), opts, bounds, false);
}

/**
 * Customer churn rate over a period, from subscriptions grouped by customer.
 *
 * A subscription is active at instant t when start ≤ t < end (`end` absent or `null`: still
 * active). A customer is in the snapshot at a period boundary B when active at B and just
 * before B, so a back-to-back renewal keeps them, a subscription starting exactly at the
 * period start makes them new in the period, and one ending exactly at the period end makes
 * them churned in it. By default a customer churns when they were in the start snapshot and
 * are not in the end snapshot (ChartMogul, Stripe: all subscriptions cancelled); see
 * {@link ChurnOptions} for the other rules. Customer ids are compared with `SameValueZero`
 * (`1` and `"1"` are different customers).
 *
 * Source: ChartMogul "Customer Churn Rate" (B2B formula); Stripe Billing "Subscriber churn rate".
 * @param subscriptions - {@link Subscription} records; extra fields are ignored.
 * @returns `value` is `null` with reason `"empty"` when no customer is active in the period.
 * @example
 * churnRateFromSubscriptions(
 *   [
 *     { customerId: 1, start: "2024-01-01T00:00:00Z" },
 *     { customerId: 2, start: "2024-01-01T00:00:00Z", end: "2024-03-15T00:00:00Z" },
 *     { customerId: 3, start: "2024-03-02T00:00:00Z", end: "2024-03-20T00:00:00Z" },
 *   ],
 *   { period: { start: "2024-03-01T00:00:00Z", end: "2024-04-01T00:00:00Z" } },
 * ).value
 * //=> 0.5
 */
export function churnRateFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: ChurnOptions,
): ChurnResult {
  const { opts, period } = resolveChurnOptions(options);
  return runOverRecords(churnPass<R>(opts, period), subscriptions, "subscriptions");
}

/** {@link churnRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeChurnRate(
  counts: ChurnCounts,
  options?: ChurnCountsOptions,
): SafeResult<ChurnResult> {
  return attempt(() => churnRate(counts, options));
}

/** {@link churnRateFromSubscriptions} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeChurnRateFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: ChurnOptions,
): SafeResult<ChurnResult> {
  return attempt(() => churnRateFromSubscriptions(subscriptions, options));
}

// ---------------------------------------------------------------------------------------------
// Retention = 1 − churn

function toRetention(result: ChurnResult, opts: ResolvedRateOptions): RetentionResult {
  const lost = result.churned + (result.newCustomerChurn === "include" ? result.newChurned : 0);
  const empty = result.reason === "empty";
  const parts = proportionParts(result.n - lost, result.n, empty, "retention rate", opts);
  return {
    ...result,
    metric: "retentionRate",
    value: parts.value,
    interval: parts.interval,
    warnings: parts.warnings,
  };
}

/**
 * Retention rate from counts: 1 − churn rate, the share of the denominator that did not churn,
 * with its own Wilson interval. Same counts and options as {@link churnRate}.
 *
 * Source: the complement of the churn rate (ChartMogul, Stripe definitions above).
 * @example
 * retentionRate({ customersAtStart: 100, churned: 10 }).value
 * //=> 0.9
 */
export function retentionRate(counts: ChurnCounts, options?: ChurnCountsOptions): RetentionResult {
  const { opts } = resolveCountsOptions(options);
  return toRetention(churnRate(counts, options), opts);
}

/**
 * Retention rate over a period from subscriptions: 1 − {@link churnRateFromSubscriptions} under
 * the same rules, with its own Wilson interval.
 * @example
 * retentionRateFromSubscriptions(
 *   [
 *     { customerId: "a", start: "2024-01-01T00:00:00Z" },
 *     { customerId: "b", start: "2024-01-01T00:00:00Z", end: "2024-03-15T00:00:00Z" },
 *   ],
 *   { period: { start: "2024-03-01T00:00:00Z", end: "2024-04-01T00:00:00Z" } },
 * ).value
 * //=> 0.5
 */
export function retentionRateFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: ChurnOptions,
): RetentionResult {
  const { opts, period } = resolveChurnOptions(options);
  return runOverRecords(retentionPass<R>(opts, period), subscriptions, "subscriptions");
}

/**
 * Retention rate (1 − churn) as a {@link Metric} over subscriptions; same tally as
 * {@link churnMetric}.
 * @example
 * const metric = retentionMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [{ customerId: "a", start: "2024-06-01T00:00:00Z" }]).value
 * //=> 1
 */
export function retentionMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): Metric<R, ActivityState, ChurnTally, RetentionResult> {
  const { opts, period } = resolveChurnOptions(options);
  return {
    name: "retentionRate",
    ...retentionPass<R>(opts, period),
    empty: emptyChurnTally,
    merge: mergeChurnTalliesUnchecked,
    compare: (a, b, level) => compareChurn(a, b, level, opts, true),
  };
}

/** The one-pass part of {@link retentionMetric}, as {@link churnPass}. */
function retentionPass<R extends Subscription>(
  opts: ResolvedChurnOptions,
  period: PeriodContext,
): MetricPass<R, ActivityState, ChurnTally, RetentionResult> {
  const churn = churnPass<R>(opts, period);
  return { ...churn, finalize: (tally) => toRetention(churn.finalize(tally), opts) };
}

/** {@link retentionRate} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeRetentionRate(
  counts: ChurnCounts,
  options?: ChurnCountsOptions,
): SafeResult<RetentionResult> {
  return attempt(() => retentionRate(counts, options));
}

/** {@link retentionRateFromSubscriptions} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeRetentionRateFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: ChurnOptions,
): SafeResult<RetentionResult> {
  return attempt(() => retentionRateFromSubscriptions(subscriptions, options));
}

// ---------------------------------------------------------------------------------------------
// Converting between period lengths

/** A named period length for {@link convertChurnRate}. */
export type ChurnPeriodUnit = "day" | "week" | "month" | "quarter" | "year";

/** Options of {@link convertChurnRate}: the period lengths to convert from and to. */
export interface ConvertChurnOptions {
  /** Length of the period the rate is measured over: a positive number, or a unit name. */
  readonly from: number | ChurnPeriodUnit;
  /** Length of the period to convert to, in the same unit as `from`, or a unit name. */
  readonly to: number | ChurnPeriodUnit;
}

const LENGTH_MESSAGE = 'expected a positive number or "day", "week", "month", "quarter" or "year"';
const unitSchema = /* @__PURE__ */ z.enum(["day", "week", "month", "quarter", "year"], {
  error: LENGTH_MESSAGE,
});
const lengthSchema = /* @__PURE__ */ (() =>
  z.union(
    [
      z
        .number({
          error: LENGTH_MESSAGE,
        })
        .check(z.gt(0, { error: "expected a positive period length" })),
      unitSchema,
    ],
    { error: LENGTH_MESSAGE },
  ))();

/** Options of {@link convertChurnRate}, as a schema. */
export const convertChurnOptionsSchema: z.ZodMiniType<ConvertChurnOptions> =
  /* @__PURE__ */ z.strictObject({ from: lengthSchema, to: lengthSchema });

const rateSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: "expected a churn rate in [0, 1]" })
    .check(
      z.gte(0, { error: "expected a churn rate in [0, 1]" }),
      z.lte(1, { error: "expected a churn rate in [0, 1]" }),
    ))();

// Gregorian averages, so that named units mix: a year is 365.2425 days.
const DAYS: Readonly<Record<ChurnPeriodUnit, number>> = {
  day: 1,
  week: 7,
  month: 365.2425 / 12,
  quarter: 365.2425 / 4,
  year: 365.2425,
};

/**
 * Converts a churn rate between period lengths, assuming the same churn hazard throughout
 * (compounding survival): rate_to = 1 − (1 − rate_from)^(to / from). Annual from monthly is
 * 1 − (1 − monthly)^12, and back, monthly = 1 − (1 − annual)^(1/12).
 *
 * `from` and `to` are two lengths in the same unit (`{ from: 1, to: 12 }` for months to a
 * year), or unit names (`{ from: "month", to: "year" }`). Named units mix through the Gregorian
 * year of 365.2425 days (a month is 1/12 of it, a week 7 days). A number and a name cannot mix.
 *
 * Source: the geometric survival model; e.g. Fader & Hardie (2007), "How to project customer
 * retention", for constant retention r per period, survival after t periods = r^t.
 * @example
 * convertChurnRate(0.05, { from: 1, to: 12 }) // ≈ 0.4596
 * convertChurnRate(0.4596399, { from: "year", to: "month" }) // ≈ 0.05
 */
export function convertChurnRate(rate: number, options: ConvertChurnOptions): number {
  const r = parseWith(rateSchema, rate, []);
  const o = parseWith(convertChurnOptionsSchema, options, ["options"]);
  if (typeof o.from !== typeof o.to) {
    throw inputError(
      ["options", "to"],
      "expected from and to both numbers (same unit) or both unit names",
    );
  }
  const from = typeof o.from === "number" ? o.from : DAYS[o.from];
  const to = typeof o.to === "number" ? o.to : DAYS[o.to];
  return compoundChurn(r, to / from);
}

/**
 * The formula of {@link convertChurnRate} for a valid rate in [0, 1] and a positive length ratio
 * `to / from`, without the checks (for callers whose inputs are valid by construction).
 * @internal
 */
export function compoundChurn(rate: number, ratio: number): number {
  // 1 − exp(k · log1p(−r)) keeps precision for tiny rates; r = 1 gives 1 − exp(−∞) = 1.
  return -Math.expm1(ratio * Math.log1p(-rate));
}

/** {@link convertChurnRate} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeConvertChurnRate(
  rate: number,
  options: ConvertChurnOptions,
): SafeResult<number> {
  return attempt(() => convertChurnRate(rate, options));
}

/** {@link churnMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeChurnMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): SafeResult<Metric<R, ActivityState, ChurnTally, ChurnResult>> {
  return attempt(() => churnMetric<R>(options));
}

/** {@link mergeChurnTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeChurnTallies(a: ChurnTally, b: ChurnTally): SafeResult<ChurnTally> {
  return attempt(() => mergeChurnTallies(a, b));
}

/** {@link retentionMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRetentionMetric<R extends Subscription = Subscription>(
  options: ChurnOptions,
): SafeResult<Metric<R, ActivityState, ChurnTally, RetentionResult>> {
  return attempt(() => retentionMetric<R>(options));
}
