import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Metric } from "../metric.js";
import type { ReasonCode, Warning } from "../result.js";
import { countSchema, nonNegativeSchema, type SchemaOutput } from "../stats/options.js";
import { sampleWarnings } from "../stats/proportion.js";
import {
  addToSumUnchecked,
  type CompensatedSum,
  emptySum,
  mergeSumsUnchecked,
  sumValueUnchecked,
} from "../stats/sum.js";
import { compensatedSumSchema, countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import type { Period, PeriodBounds } from "../time/period.js";
import {
  type ActivityState,
  addSubscription,
  EARLIER,
  emptyActivityState,
  inEndSnapshot,
  inStartSnapshot,
} from "./activity.js";
import {
  optionalBounds,
  optionalPeriodOptionFields,
  periodOptionFields,
  resolvePeriodContext,
  runOverRecords,
} from "./rate.js";
import type { Subscription } from "./records.js";

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** MRR movements over a period, as totals (any currency, all in the same one). */
export interface MrrChurnCounts {
  /** MRR at the start of the period. */
  readonly startingMrr: number;
  /** MRR of customers who churned (lost all their subscriptions). */
  readonly churnedMrr: number;
  /** MRR lost by customers who stayed (downgrades, a cancelled extra subscription). Default 0. */
  readonly contractionMrr?: number;
  /** MRR gained from customers who were there at the start (upgrades, add-ons). Default 0. */
  readonly expansionMrr?: number;
  /** MRR of former customers who came back in the period. Default 0. */
  readonly reactivationMrr?: number;
  /** MRR of customers who are new in the period. Default 0. Not part of any rate. */
  readonly newMrr?: number;
  /** Customers at the start, for the small-sample warning. Optional. */
  readonly customersAtStart?: number;
}

/** MRR movements, as a schema. */
export const mrrChurnCountsSchema: z.ZodMiniType<SchemaOutput<MrrChurnCounts>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      startingMrr: nonNegativeSchema,
      churnedMrr: nonNegativeSchema,
      contractionMrr: z.optional(nonNegativeSchema),
      expansionMrr: z.optional(nonNegativeSchema),
      reactivationMrr: z.optional(nonNegativeSchema),
      newMrr: z.optional(nonNegativeSchema),
      customersAtStart: z.optional(countSchema),
    }))();

/** Options of {@link mrrChurn} (counts). */
export interface MrrChurnCountsOptions {
  /** Optional period the totals belong to; only labels the result. */
  readonly period?: Period;
  /** IANA time zone of the result's period bounds. Default `"UTC"`. */
  readonly timeZone?: string;
  /** Fewer customers at the start than this add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
}

/** Options of {@link mrrChurnFromSubscriptions} and {@link mrrChurnMetric}. */
export interface MrrChurnOptions extends Omit<MrrChurnCountsOptions, "period"> {
  /** The period `[start, end)`. Required. */
  readonly period: Period;
}

/** Options of {@link mrrChurn}, as a schema. */
export const mrrChurnCountsOptionsSchema: z.ZodMiniType<SchemaOutput<MrrChurnCountsOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      ...optionalPeriodOptionFields,
      minSampleSize: z.optional(nonNegativeSchema),
    }))();

/** Options of {@link mrrChurnFromSubscriptions}, as a schema. */
export const mrrChurnOptionsSchema: z.ZodMiniType<SchemaOutput<MrrChurnOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      ...periodOptionFields,
      minSampleSize: z.optional(nonNegativeSchema),
    }))();

/**
 * The sufficient statistics of MRR churn over one period: compensated sums of each movement.
 * Mergeable field by field when groups partition customers; all zeros is the identity.
 */
export interface MrrChurnTally {
  readonly customersAtStart: number;
  readonly startingMrr: CompensatedSum;
  readonly endingMrr: CompensatedSum;
  readonly newMrr: CompensatedSum;
  readonly expansionMrr: CompensatedSum;
  readonly contractionMrr: CompensatedSum;
  readonly churnedMrr: CompensatedSum;
  readonly reactivationMrr: CompensatedSum;
}

/** Revenue churn and retention rates of one period, with the MRR movements behind them. */
export interface MrrChurnResult {
  readonly metric: "mrrChurn";
  /** The gross MRR churn rate (same as `grossMrrChurnRate`); `null` when starting MRR is 0. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** Customers at the start; `null` from totals that do not give it. */
  readonly n: number | null;
  readonly startingMrr: number;
  /** MRR at the end; `null` from totals. */
  readonly endingMrr: number | null;
  readonly newMrr: number;
  readonly expansionMrr: number;
  readonly contractionMrr: number;
  readonly churnedMrr: number;
  readonly reactivationMrr: number;
  /** (churned + contraction) / starting, in [0, 1]. */
  readonly grossMrrChurnRate: number | null;
  /** (churned + contraction − expansion − reactivation) / starting; negative when gains win. */
  readonly netMrrChurnRate: number | null;
  /** (starting + expansion − contraction − churned) / starting; can exceed 1. */
  readonly netRevenueRetention: number | null;
  /** (starting − contraction − churned) / starting, in [0, 1]. */
  readonly grossRevenueRetention: number | null;
  readonly warnings: readonly Warning[];
  readonly period: PeriodBounds | null;
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/** The empty MRR churn tally, identity of {@link mergeMrrChurnTallies}. */
export function emptyMrrChurnTally(): MrrChurnTally {
  return {
    customersAtStart: 0,
    startingMrr: emptySum(),
    endingMrr: emptySum(),
    newMrr: emptySum(),
    expansionMrr: emptySum(),
    contractionMrr: emptySum(),
    churnedMrr: emptySum(),
    reactivationMrr: emptySum(),
  };
}

/** What {@link mergeMrrChurnTallies} accepts: every count finite and ≥ 0. */
const mrrChurnTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["customersAtStart"], {
    startingMrr: compensatedSumSchema,
    endingMrr: compensatedSumSchema,
    newMrr: compensatedSumSchema,
    expansionMrr: compensatedSumSchema,
    contractionMrr: compensatedSumSchema,
    churnedMrr: compensatedSumSchema,
    reactivationMrr: compensatedSumSchema,
  }))();

/**
 * Merges two MRR churn tallies of disjoint sets of customers.
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * const a = mrrChurnMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * mergeMrrChurnTallies(a.empty(), a.empty()).customersAtStart
 * //=> 0
 */
export function mergeMrrChurnTallies(a: MrrChurnTally, b: MrrChurnTally): MrrChurnTally {
  return mergeCheckedTallies(mrrChurnTallyCheck, a, b, mergeMrrChurnTalliesUnchecked);
}

/** {@link mergeMrrChurnTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeMrrChurnTalliesUnchecked(a: MrrChurnTally, b: MrrChurnTally): MrrChurnTally {
  return {
    customersAtStart: a.customersAtStart + b.customersAtStart,
    startingMrr: mergeSumsUnchecked(a.startingMrr, b.startingMrr),
    endingMrr: mergeSumsUnchecked(a.endingMrr, b.endingMrr),
    newMrr: mergeSumsUnchecked(a.newMrr, b.newMrr),
    expansionMrr: mergeSumsUnchecked(a.expansionMrr, b.expansionMrr),
    contractionMrr: mergeSumsUnchecked(a.contractionMrr, b.contractionMrr),
    churnedMrr: mergeSumsUnchecked(a.churnedMrr, b.churnedMrr),
    reactivationMrr: mergeSumsUnchecked(a.reactivationMrr, b.reactivationMrr),
  };
}

function mrrTallyOf(state: ActivityState): MrrChurnTally {
  let customersAtStart = 0;
  let startingMrr = emptySum();
  let endingMrr = emptySum();
  let newMrr = emptySum();
  let expansionMrr = emptySum();
  let contractionMrr = emptySum();
  let churnedMrr = emptySum();
  let reactivationMrr = emptySum();
  for (const activity of state.customers.values()) {
    const atStart = inStartSnapshot(activity.flags);
    const atEnd = inEndSnapshot(activity.flags);
    const m0 = atStart ? activity.mrrAtStart : 0;
    const m1 = atEnd ? activity.mrrAtEnd : 0;
    if (atStart) {
      customersAtStart++;
      startingMrr = addToSumUnchecked(startingMrr, m0);
    }
    endingMrr = addToSumUnchecked(endingMrr, m1); // m1 is 0 unless at the end
    if (atStart && !atEnd) churnedMrr = addToSumUnchecked(churnedMrr, m0);
    else if (atStart && atEnd) {
      if (m1 > m0) expansionMrr = addToSumUnchecked(expansionMrr, m1 - m0);
      else if (m1 < m0) contractionMrr = addToSumUnchecked(contractionMrr, m0 - m1);
    } else {
      // New or reactivated at the end (m1 is 0 for a customer at neither snapshot).
      if ((activity.flags & EARLIER) !== 0)
        reactivationMrr = addToSumUnchecked(reactivationMrr, m1);
      else newMrr = addToSumUnchecked(newMrr, m1);
    }
  }
  return {
    customersAtStart,
    startingMrr,
    endingMrr,
    newMrr,
    expansionMrr,
    contractionMrr,
    churnedMrr,
    reactivationMrr,
  };
}

// ---------------------------------------------------------------------------------------------
// Finalize

interface MrrTotals {
  readonly customersAtStart: number | null;
  readonly startingMrr: number;
  readonly endingMrr: number | null;
  readonly newMrr: number;
  readonly expansionMrr: number;
  readonly contractionMrr: number;
  readonly churnedMrr: number;
  readonly reactivationMrr: number;
}

function finalizeMrr(
  t: MrrTotals,
  minSampleSize: number,
  period: PeriodBounds | null,
): MrrChurnResult {
  const base = {
    metric: "mrrChurn" as const,
    n: t.customersAtStart,
    startingMrr: t.startingMrr,
    endingMrr: t.endingMrr,
    newMrr: t.newMrr,
    expansionMrr: t.expansionMrr,
    contractionMrr: t.contractionMrr,
    churnedMrr: t.churnedMrr,
    reactivationMrr: t.reactivationMrr,
    period,
  };
  if (!(t.startingMrr > 0)) {
    // Starting MRR is 0 here. Empty: no customer at the start and no MRR gained. (Ending MRR
    // is starting MRR plus what was gained, less what was lost: 0 too.)
    const empty = t.newMrr === 0 && t.reactivationMrr === 0 && (t.customersAtStart ?? 0) === 0;
    const reason: ReasonCode = empty ? "empty" : "zero-denominator";
    return {
      ...base,
      value: null,
      reason,
      grossMrrChurnRate: null,
      netMrrChurnRate: null,
      netRevenueRetention: null,
      grossRevenueRetention: null,
      warnings: [
        {
          code: reason,
          message: "MRR at the start of the period is 0: revenue churn rates are undefined.",
        },
      ],
    };
  }
  const s = t.startingMrr;
  const lost = t.churnedMrr + t.contractionMrr;
  // Rounding in sums of money must not push a share past its bounds.
  const gross = Math.min(1, Math.max(0, lost / s));
  return {
    ...base,
    value: gross,
    reason: null,
    grossMrrChurnRate: gross,
    netMrrChurnRate: (lost - t.expansionMrr - t.reactivationMrr) / s,
    netRevenueRetention: (s + t.expansionMrr - lost) / s,
    grossRevenueRetention: 1 - gross,
    // No customer count (a counts form without customersAtStart): no small-sample warning.
    warnings: sampleWarnings(t.customersAtStart ?? 0, minSampleSize, null, 1, "", "customers"),
  };
}

function totalsOfTally(t: MrrChurnTally): MrrTotals {
  return {
    customersAtStart: t.customersAtStart,
    startingMrr: sumValueUnchecked(t.startingMrr),
    endingMrr: sumValueUnchecked(t.endingMrr),
    newMrr: sumValueUnchecked(t.newMrr),
    expansionMrr: sumValueUnchecked(t.expansionMrr),
    contractionMrr: sumValueUnchecked(t.contractionMrr),
    churnedMrr: sumValueUnchecked(t.churnedMrr),
    reactivationMrr: sumValueUnchecked(t.reactivationMrr),
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Revenue churn and retention from MRR movements of one period:
 * - gross MRR churn rate = (churned + contraction) / starting MRR (`value`);
 * - net MRR churn rate = (churned + contraction − expansion − reactivation) / starting MRR;
 * - net revenue retention NRR = (starting + expansion − contraction − churned) / starting;
 * - gross revenue retention GRR = (starting − contraction − churned) / starting = 1 − gross churn.
 *
 * NRR counts only customers present at the start, so with reactivation MRR it differs from
 * 1 − net MRR churn. These are money-weighted ratios, not shares of customers: there is no
 * binomial (Wilson) interval.
 *
 * Source: ChartMogul, "MRR Churn Rate" and "Net MRR Churn Rate" (standard B2B formulas),
 * "Net MRR Retention" and "Gross MRR Retention"; Stripe Billing MRR movements.
 * @example
 * const r = mrrChurn({ startingMrr: 100, churnedMrr: 10, contractionMrr: 10, expansionMrr: 10 });
 * r.grossMrrChurnRate; //=> 0.2
 * r.netMrrChurnRate; //=> 0.1
 * r.netRevenueRetention; //=> 0.9
 * r.grossRevenueRetention; //=> 0.8
 */
export function mrrChurn(counts: MrrChurnCounts, options?: MrrChurnCountsOptions): MrrChurnResult {
  const o = parseWith(mrrChurnCountsOptionsSchema, options ?? {}, ["options"]);
  const bounds = optionalBounds(o.period, o.timeZone);
  const c = parseWith(mrrChurnCountsSchema, counts, []);
  const contraction = c.contractionMrr ?? 0;
  // A relative tolerance lets sums of money that match up to rounding through.
  if (c.churnedMrr + contraction > c.startingMrr * (1 + 1e-12) + 1e-9) {
    throw inputError(
      ["churnedMrr"],
      "expected churnedMrr + contractionMrr <= startingMrr (only starting MRR can be lost)",
    );
  }
  return finalizeMrr(
    {
      customersAtStart: c.customersAtStart ?? null,
      startingMrr: c.startingMrr,
      endingMrr: null,
      newMrr: c.newMrr ?? 0,
      expansionMrr: c.expansionMrr ?? 0,
      contractionMrr: contraction,
      churnedMrr: c.churnedMrr,
      reactivationMrr: c.reactivationMrr ?? 0,
    },
    o.minSampleSize ?? 30,
    bounds,
  );
}

/**
 * MRR churn as a {@link Metric} over {@link Subscription}s (each needs `mrr`). Per customer, MRR
 * at an instant B is the sum of `mrr` over subscriptions active at B (start ≤ B < end), counted
 * when the customer is in the snapshot at B (see {@link churnRateFromSubscriptions}). Comparing
 * the customer's MRR at the period start S and at its end instant E:
 * in both snapshots, a rise is expansion and a fall contraction; only at S, churn (all of the
 * starting MRR); only at E, new MRR, or reactivation MRR if they had subscribed before S.
 * Subscriptions that start and end inside the period move no MRR between the two instants.
 * @example
 * const metric = mrrChurnMetric({ period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } });
 * runMetric(metric, [
 *   { customerId: "a", start: "2024-01-01T00:00:00Z", mrr: 50 },
 *   { customerId: "b", start: "2024-01-01T00:00:00Z", end: "2025-01-15T00:00:00Z", mrr: 50 },
 * ]).grossMrrChurnRate
 * //=> 0.5
 */
export function mrrChurnMetric<R extends Subscription = Subscription>(
  options: MrrChurnOptions,
): Metric<R, ActivityState, MrrChurnTally, MrrChurnResult> {
  const o = parseWith(mrrChurnOptionsSchema, options ?? {}, ["options"]);
  const period = resolvePeriodContext(o.period, o.timeZone);
  const minSampleSize = o.minSampleSize ?? 30;
  const needs = { mrr: true, intervals: false };
  return {
    name: "mrrChurn",
    init: emptyActivityState,
    add: (state, record, index) =>
      addSubscription(state, record, index, period.startMs, period.endMs, needs),
    tally: mrrTallyOf,
    empty: emptyMrrChurnTally,
    merge: mergeMrrChurnTalliesUnchecked,
    finalize: (tally) => finalizeMrr(totalsOfTally(tally), minSampleSize, period.bounds),
  };
}

/**
 * Revenue churn and retention over a period from subscriptions with `mrr`: the MRR movements of
 * {@link mrrChurnMetric} finalized as in {@link mrrChurn}.
 * @example
 * const r = mrrChurnFromSubscriptions(
 *   [
 *     { customerId: "a", start: "2024-01-01T00:00:00Z", end: "2025-01-10T00:00:00Z", mrr: 100 },
 *     { customerId: "a", start: "2025-01-10T00:00:00Z", mrr: 150 },
 *     { customerId: "b", start: "2024-01-01T00:00:00Z", end: "2025-01-20T00:00:00Z", mrr: 100 },
 *   ],
 *   { period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" } },
 * );
 * r.expansionMrr; //=> 50
 * r.netRevenueRetention; //=> 0.75
 */
export function mrrChurnFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: MrrChurnOptions,
): MrrChurnResult {
  return runOverRecords(mrrChurnMetric<R>(options), subscriptions, "subscriptions");
}

/** {@link mrrChurn} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMrrChurn(
  counts: MrrChurnCounts,
  options?: MrrChurnCountsOptions,
): SafeResult<MrrChurnResult> {
  return attempt(() => mrrChurn(counts, options));
}

/** {@link mrrChurnFromSubscriptions} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeMrrChurnFromSubscriptions<R extends Subscription>(
  subscriptions: readonly R[],
  options: MrrChurnOptions,
): SafeResult<MrrChurnResult> {
  return attempt(() => mrrChurnFromSubscriptions(subscriptions, options));
}

/** {@link mergeMrrChurnTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeMrrChurnTallies(
  a: MrrChurnTally,
  b: MrrChurnTally,
): SafeResult<MrrChurnTally> {
  return attempt(() => mergeMrrChurnTallies(a, b));
}

/** {@link mrrChurnMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMrrChurnMetric<R extends Subscription = Subscription>(
  options: MrrChurnOptions,
): SafeResult<Metric<R, ActivityState, MrrChurnTally, MrrChurnResult>> {
  return attempt(() => mrrChurnMetric<R>(options));
}
