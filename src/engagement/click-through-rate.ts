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
 * Click-through counts (a warehouse row, or one record of the row form with default field
 * names): non-negative integers with `clicks <= impressions`. Extra fields pass.
 */
export const clickThroughCountsSchema: z.ZodMiniType<ClickThroughCounts> = /* @__PURE__ */ (() =>
  z.looseObject({ clicks: engagementCountSchema, impressions: engagementCountSchema }).check(
    z.refine((c) => c.clicks <= c.impressions, {
      error: "expected clicks <= impressions",
      path: ["clicks"],
    }),
  ))();

const optionsSchema = /* @__PURE__ */ namedRateOptionsSchema("clicks", "impressions");

// ---------------------------------------------------------------------------------------------
// Types

/** Clicks and impressions, as counts. */
export interface ClickThroughCounts {
  readonly clicks: number;
  readonly impressions: number;
}

/** The sufficient statistics of a click-through rate. Mergeable by adding field by field. */
export interface ClickThroughTally {
  readonly clicks: number;
  readonly impressions: number;
  /** Rows or matching events tallied (0: nothing seen, the rate is `"empty"`). */
  readonly records: number;
}

/** A click-through rate: clicks ÷ impressions, with counts, Wilson interval and warnings. */
export type ClickThroughRateResult = RateResult<"clickThroughRate", ClickThroughTally>;

/**
 * Options of {@link clickThroughRateFromRecords} and {@link clickThroughRateMetric}.
 *
 * Row form (default): each record carries counts, read through `clicks` and `impressions`
 * (property names or functions; default the properties `clicks` and `impressions`).
 * Event form (when `type` or `events` is given): each record is one event; its type is read
 * through `type` (default the property `type`), and `events` says which types are clicks
 * (default `"click"`) and impressions (default `"impression"`). Other types are ignored.
 */
export interface ClickThroughRateOptions<R = ClickThroughCounts> extends RateOptions {
  readonly clicks?: Accessor<R>;
  readonly impressions?: Accessor<R>;
  readonly type?: Accessor<R>;
  readonly events?: { readonly clicks?: EventTypes; readonly impressions?: EventTypes };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

const spec: RateSpec<"clickThroughRate", ClickThroughTally, "clicks", "impressions"> = {
  metric: "clickThroughRate",
  numerator: "clicks",
  denominator: "impressions",
  numeratorEvents: ["click"],
  denominatorEvents: ["impression"],
  toTally: (c) => ({ clicks: c.numerator, impressions: c.denominator, records: c.records }),
  fromTally: (t) => ({ numerator: t.clicks, denominator: t.impressions, records: t.records }),
};

/** The empty click-through tally, identity of {@link mergeClickThroughTallies}. */
export function emptyClickThroughTally(): ClickThroughTally {
  return emptyRateTally(spec);
}

/** What {@link mergeClickThroughTallies} accepts: every count finite and ≥ 0. */
const clickThroughTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["clicks", "impressions", "records"]))();

/**
 * Merges two click-through tallies (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeClickThroughTallies(
 *   { clicks: 3, impressions: 100, records: 1 },
 *   { clicks: 1, impressions: 50, records: 1 },
 * )
 * //=> { clicks: 4, impressions: 150, records: 2 }
 */
export function mergeClickThroughTallies(
  a: ClickThroughTally,
  b: ClickThroughTally,
): ClickThroughTally {
  return mergeCheckedTallies(clickThroughTallyCheck, a, b, (x, y) => mergeRateTallies(spec, x, y));
}

/**
 * The click-through rate as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod`.
 * @param options - Row or event form and the uncertainty settings; see {@link ClickThroughRateOptions}.
 * @example
 * const metric = clickThroughRateMetric<{ type: string }>({ type: "type" });
 * runMetric(metric, [{ type: "impression" }, { type: "impression" }, { type: "click" }]).value
 * //=> 0.5
 */
export function clickThroughRateMetric<R = ClickThroughCounts>(
  options?: ClickThroughRateOptions<R>,
): Metric<R, RateState, ClickThroughTally, ClickThroughRateResult> {
  return namedRateMetric(spec, optionsSchema, options);
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Click-through rate from counts: CTR = clicks ÷ impressions, a fraction in [0, 1], with a
 * Wilson score interval (Wilson 1927) at `level`.
 *
 * Source: Google Ads Help, "Clickthrough rate (CTR)": clicks divided by impressions.
 * `clicks > impressions` is an input error (not a proportion): count unique clicks of the
 * counted impressions.
 * @param counts - `{ clicks, impressions }`, non-negative integers.
 * @returns `value` is `null` with reason `"zero-denominator"` when there are no impressions.
 * @example
 * clickThroughRate({ clicks: 30, impressions: 1000 }).value
 * //=> 0.03
 * clickThroughRate({ clicks: 0, impressions: 0 }).reason
 * //=> "zero-denominator"
 */
export function clickThroughRate(
  counts: ClickThroughCounts,
  options?: RateOptions,
): ClickThroughRateResult {
  return rateFromCounts(spec, clickThroughCountsSchema, counts, options);
}

/**
 * Click-through rate from records: rows that carry counts, or one event per record.
 *
 * Same formula and interval as {@link clickThroughRate}: Σclicks ÷ Σimpressions. Each row is
 * checked (counts are non-negative integers, clicks ≤ impressions); a bad one throws a
 * {@link MetricsInputError} naming it (`[3].clicks`). In the event form, clicks that end up
 * exceeding impressions are an error of the totals (path `clicks`).
 * @param records - Rows, or events with the options' `type`.
 * @returns `value` is `null` with reason `"empty"` for no records, `"zero-denominator"` for no impressions.
 * @example
 * clickThroughRateFromRecords([
 *   { ad: "a", imps: 200, clicks: 6 },
 *   { ad: "b", imps: 300, clicks: 9 },
 * ], { impressions: "imps" }).value
 * //=> 0.03
 * const events = [{ type: "impression" }, { type: "click" }, { type: "impression" }];
 * clickThroughRateFromRecords(events, { type: "type" }).clicks
 * //=> 1
 */
export function clickThroughRateFromRecords<R = ClickThroughCounts>(
  records: readonly R[],
  options?: ClickThroughRateOptions<R>,
): ClickThroughRateResult {
  return runRate(clickThroughRateMetric(options), records);
}

/** {@link clickThroughRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeClickThroughRate(
  counts: ClickThroughCounts,
  options?: RateOptions,
): SafeResult<ClickThroughRateResult> {
  return attempt(() => clickThroughRate(counts, options));
}

/** {@link clickThroughRateFromRecords} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeClickThroughRateFromRecords<R = ClickThroughCounts>(
  records: readonly R[],
  options?: ClickThroughRateOptions<R>,
): SafeResult<ClickThroughRateResult> {
  return attempt(() => clickThroughRateFromRecords(records, options));
}

/** {@link clickThroughRateMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeClickThroughRateMetric<R = ClickThroughCounts>(
  options?: ClickThroughRateOptions<R>,
): SafeResult<Metric<R, RateState, ClickThroughTally, ClickThroughRateResult>> {
  return attempt(() => clickThroughRateMetric<R>(options));
}

/** {@link mergeClickThroughTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeClickThroughTallies(
  a: ClickThroughTally,
  b: ClickThroughTally,
): SafeResult<ClickThroughTally> {
  return attempt(() => mergeClickThroughTallies(a, b));
}
