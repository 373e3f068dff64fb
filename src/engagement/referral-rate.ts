import * as z from "zod/mini";
import { attempt, type SafeResult } from "../errors.js";
import type { Accessor, Metric } from "../metric.js";
import { countFieldsSchema, mergeCheckedTallies } from "../stats/tally.js";
import {
  type EventTypes,
  emptyRateTally,
  engagementCountSchema,
  mergeRateTallies,
  namedRateMetric,
  namedRateOptionsSchema,
  type RateOptions,
  type RateResult,
  type RateSpec,
  type RateState,
  rateFromCounts,
  runRate,
} from "./rate.js";

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * Referral counts (a warehouse row, or one record of the row form with default field names):
 * non-negative integers with `referred <= customers`. Extra fields pass.
 */
export const referralCountsSchema: z.ZodMiniType<ReferralCounts> = /* @__PURE__ */ (() =>
  z.looseObject({ referred: engagementCountSchema, customers: engagementCountSchema }).check(
    z.refine((c) => c.referred <= c.customers, {
      error: "expected referred <= customers",
      path: ["referred"],
    }),
  ))();

const optionsSchema = /* @__PURE__ */ namedRateOptionsSchema("referred", "customers");

// ---------------------------------------------------------------------------------------------
// Types

/** New customers acquired in a period, and how many of them came through a referral. */
export interface ReferralCounts {
  readonly referred: number;
  readonly customers: number;
}

/** The sufficient statistics of a referral rate. Mergeable by adding field by field. */
export interface ReferralTally {
  /** New customers who came through a referral. */
  readonly referred: number;
  /** All new customers of the period. */
  readonly customers: number;
  /** Rows or matching events tallied. */
  readonly records: number;
}

/** A referral rate: referred customers ÷ customers, with counts, Wilson interval and warnings. */
export type ReferralRateResult = RateResult<"referralRate", ReferralTally>;

/**
 * Options of {@link referralRateFromRecords} and {@link referralRateMetric}.
 *
 * Row form (default): `referred` and `customers` accessors (default those properties); a row per
 * customer can use functions, e.g. `{ customers: () => 1, referred: (c) => (c.referrer ? 1 : 0) }`.
 * Event form (when `type` or `events` is given): `events.customers` (default `"customer"`) and
 * `events.referred` (default `"referral"`). A type listed under both counts toward both, so
 * `{ customers: ["signup", "referred-signup"], referred: "referred-signup" }` works.
 */
export interface ReferralRateOptions<R = ReferralCounts> extends RateOptions {
  readonly referred?: Accessor<R>;
  readonly customers?: Accessor<R>;
  readonly type?: Accessor<R>;
  readonly events?: { readonly referred?: EventTypes; readonly customers?: EventTypes };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

const spec: RateSpec<"referralRate", ReferralTally, "referred", "customers"> = {
  metric: "referralRate",
  numerator: "referred",
  denominator: "customers",
  numeratorEvents: ["referral"],
  denominatorEvents: ["customer"],
  toTally: (c) => ({ referred: c.numerator, customers: c.denominator, records: c.records }),
  fromTally: (t) => ({ numerator: t.referred, denominator: t.customers, records: t.records }),
};

/** The empty referral tally, identity of {@link mergeReferralTallies}. */
export function emptyReferralTally(): ReferralTally {
  return emptyRateTally(spec);
}

/** What {@link mergeReferralTallies} accepts: every count finite and ≥ 0. */
const referralTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["referred", "customers", "records"]))();

/**
 * Merges two referral tallies (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeReferralTallies({ referred: 5, customers: 40, records: 1 }, { referred: 1, customers: 10, records: 1 })
 * //=> { referred: 6, customers: 50, records: 2 }
 */
export function mergeReferralTallies(a: ReferralTally, b: ReferralTally): ReferralTally {
  return mergeCheckedTallies(referralTallyCheck, a, b, (x, y) => mergeRateTallies(spec, x, y));
}

/**
 * The referral rate as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod`.
 * @param options - Row or event form and the uncertainty settings; see {@link ReferralRateOptions}.
 * @example
 * const metric = referralRateMetric<{ referrer: string | null }>({
 *   customers: () => 1,
 *   referred: (c) => (c.referrer === null ? 0 : 1),
 * });
 * runMetric(metric, [{ referrer: "c9" }, { referrer: null }, { referrer: null }, { referrer: null }]).value
 * //=> 0.25
 */
export function referralRateMetric<R = ReferralCounts>(
  options?: ReferralRateOptions<R>,
): Metric<R, RateState, ReferralTally, ReferralRateResult> {
  return namedRateMetric(spec, optionsSchema, options);
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Referral rate from counts: the share of new customers acquired through a referral,
 * referred customers ÷ new customers of the same period, in [0, 1], with a Wilson interval.
 *
 * Of the two definitions in use, this one is a proper proportion (each new customer was
 * referred or not), so it has an interval and merges across segments. "Referrals ÷ existing
 * customers" is a different ratio (a customer can refer several) and is not computed here.
 * Source: Wall Street Prep, "Referral Rate": new customers acquired from referrals relative to
 * the total number of new customers.
 * @param counts - `{ referred, customers }`, non-negative integers.
 * @returns `value` is `null` with reason `"zero-denominator"` when there are no customers.
 * @example
 * referralRate({ referred: 150, customers: 1000 }).value
 * //=> 0.15
 */
export function referralRate(counts: ReferralCounts, options?: RateOptions): ReferralRateResult {
  return rateFromCounts(spec, referralCountsSchema, counts, options);
}

/**
 * Referral rate from records: rows that carry counts, or one event per record.
 * Σreferred ÷ Σcustomers, as {@link referralRate}; every row is checked.
 * @example
 * referralRateFromRecords([
 *   { month: "2025-01", referred: 3, customers: 40 },
 *   { month: "2025-02", referred: 7, customers: 60 },
 * ]).value
 * //=> 0.1
 */
export function referralRateFromRecords<R = ReferralCounts>(
  records: readonly R[],
  options?: ReferralRateOptions<R>,
): ReferralRateResult {
  return runRate(referralRateMetric(options), records);
}

/** {@link referralRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeReferralRate(
  counts: ReferralCounts,
  options?: RateOptions,
): SafeResult<ReferralRateResult> {
  return attempt(() => referralRate(counts, options));
}

/** {@link referralRateFromRecords} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeReferralRateFromRecords<R = ReferralCounts>(
  records: readonly R[],
  options?: ReferralRateOptions<R>,
): SafeResult<ReferralRateResult> {
  return attempt(() => referralRateFromRecords(records, options));
}

/** {@link mergeReferralTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeReferralTallies(
  a: ReferralTally,
  b: ReferralTally,
): SafeResult<ReferralTally> {
  return attempt(() => mergeReferralTallies(a, b));
}

/** {@link referralRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeReferralRateMetric<R = ReferralCounts>(
  options?: ReferralRateOptions<R>,
): SafeResult<Metric<R, RateState, ReferralTally, ReferralRateResult>> {
  return attempt(() => referralRateMetric<R>(options));
}
