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
 * Conversion counts (a warehouse row, or one record of the row form with default field names):
 * non-negative integers with `conversions <= visitors`. Extra fields pass.
 */
export const conversionCountsSchema: z.ZodMiniType<ConversionCounts> = /* @__PURE__ */ (() =>
  z.looseObject({ conversions: engagementCountSchema, visitors: engagementCountSchema }).check(
    z.refine((c) => c.conversions <= c.visitors, {
      error: "expected conversions <= visitors",
      path: ["conversions"],
    }),
  ))();

const optionsSchema = /* @__PURE__ */ namedRateOptionsSchema("conversions", "visitors");

// ---------------------------------------------------------------------------------------------
// Types

/**
 * Converted units and all units, as counts. The unit is yours to choose and must be the same on
 * both sides: visitors (users) who converted ÷ visitors, or sessions with a conversion ÷ sessions.
 */
export interface ConversionCounts {
  readonly conversions: number;
  readonly visitors: number;
}

/** The sufficient statistics of a conversion rate. Mergeable by adding field by field. */
export interface ConversionTally {
  /** Visitors (or sessions) that converted at least once. */
  readonly conversions: number;
  /** Visitors (or sessions). */
  readonly visitors: number;
  /** Rows or matching events tallied. */
  readonly records: number;
}

/** A conversion rate: conversions ÷ visitors, with counts, Wilson interval and warnings. */
export type ConversionRateResult = RateResult<"conversionRate", ConversionTally>;

/**
 * Options of {@link conversionRateFromRecords} and {@link conversionRateMetric}.
 *
 * Row form (default): `conversions` and `visitors` accessors (default those properties).
 * Event form (when `type` or `events` is given): one event per record; `events.conversions`
 * (default `"conversion"`, at most one per visitor or session) and `events.visitors` (default
 * `"visit"`).
 */
export interface ConversionRateOptions<R = ConversionCounts> extends RateOptions {
  readonly conversions?: Accessor<R>;
  readonly visitors?: Accessor<R>;
  readonly type?: Accessor<R>;
  readonly events?: { readonly conversions?: EventTypes; readonly visitors?: EventTypes };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

const spec: RateSpec<"conversionRate", ConversionTally, "conversions", "visitors"> = {
  metric: "conversionRate",
  numerator: "conversions",
  denominator: "visitors",
  numeratorEvents: ["conversion"],
  denominatorEvents: ["visit"],
  toTally: (c) => ({ conversions: c.numerator, visitors: c.denominator, records: c.records }),
  fromTally: (t) => ({ numerator: t.conversions, denominator: t.visitors, records: t.records }),
};

/** The empty conversion tally, identity of {@link mergeConversionTallies}. */
export function emptyConversionTally(): ConversionTally {
  return emptyRateTally(spec);
}

/** What {@link mergeConversionTallies} accepts: every count finite and ≥ 0. */
const conversionTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["conversions", "visitors", "records"]))();

/**
 * Merges two conversion tallies (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeConversionTallies(
 *   { conversions: 4, visitors: 100, records: 1 },
 *   { conversions: 6, visitors: 100, records: 1 },
 * )
 * //=> { conversions: 10, visitors: 200, records: 2 }
 */
export function mergeConversionTallies(a: ConversionTally, b: ConversionTally): ConversionTally {
  return mergeCheckedTallies(conversionTallyCheck, a, b, (x, y) => mergeRateTallies(spec, x, y));
}

/**
 * The conversion rate as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod`.
 * @param options - Row or event form and the uncertainty settings; see {@link ConversionRateOptions}.
 * @example
 * const metric = conversionRateMetric<{ sessions: number; orders: number }>({
 *   visitors: "sessions",
 *   conversions: "orders",
 * });
 * runMetric(metric, [{ sessions: 80, orders: 2 }, { sessions: 120, orders: 3 }]).value
 * //=> 0.025
 */
export function conversionRateMetric<R = ConversionCounts>(
  options?: ConversionRateOptions<R>,
): Metric<R, RateState, ConversionTally, ConversionRateResult> {
  return namedRateMetric(spec, optionsSchema, options);
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Conversion rate from counts: conversions ÷ visitors, a fraction in [0, 1] with a Wilson score
 * interval.
 *
 * Visitors may be users or sessions; count conversions in the same unit (users who converted,
 * or sessions with a conversion), so the rate is a proportion. Source: Google Analytics 4,
 * `userKeyEventRate` (share of users who triggered a key event) and `sessionKeyEventRate`
 * (share of sessions with a key event), Data API schema.
 * @param counts - `{ conversions, visitors }`, non-negative integers.
 * @returns `value` is `null` with reason `"zero-denominator"` when there are no visitors.
 * @example
 * conversionRate({ conversions: 25, visitors: 1000 }).value
 * //=> 0.025
 */
export function conversionRate(
  counts: ConversionCounts,
  options?: RateOptions,
): ConversionRateResult {
  return rateFromCounts(spec, conversionCountsSchema, counts, options);
}

/**
 * Conversion rate from records: rows that carry counts, or one event per record.
 * Σconversions ÷ Σvisitors, as {@link conversionRate}; every row is checked.
 * @example
 * conversionRateFromRecords(
 *   [{ type: "visit" }, { type: "visit" }, { type: "visit" }, { type: "visit" }, { type: "conversion" }],
 *   { type: "type" },
 * ).value
 * //=> 0.25
 */
export function conversionRateFromRecords<R = ConversionCounts>(
  records: readonly R[],
  options?: ConversionRateOptions<R>,
): ConversionRateResult {
  return runRate(conversionRateMetric(options), records);
}

/** {@link conversionRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeConversionRate(
  counts: ConversionCounts,
  options?: RateOptions,
): SafeResult<ConversionRateResult> {
  return attempt(() => conversionRate(counts, options));
}

/** {@link conversionRateFromRecords} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeConversionRateFromRecords<R = ConversionCounts>(
  records: readonly R[],
  options?: ConversionRateOptions<R>,
): SafeResult<ConversionRateResult> {
  return attempt(() => conversionRateFromRecords(records, options));
}

/** {@link conversionRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeConversionRateMetric<R = ConversionCounts>(
  options?: ConversionRateOptions<R>,
): SafeResult<Metric<R, RateState, ConversionTally, ConversionRateResult>> {
  return attempt(() => conversionRateMetric<R>(options));
}

/** {@link mergeConversionTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeConversionTallies(
  a: ConversionTally,
  b: ConversionTally,
): SafeResult<ConversionTally> {
  return attempt(() => mergeConversionTallies(a, b));
}
