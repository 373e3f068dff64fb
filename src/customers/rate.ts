import * as z from "zod/mini";
import { inputError } from "../errors.js";
import type { Metric } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { levelSchema, nonNegativeSchema, positiveSchema } from "../stats/options.js";
import { sampleWarnings, wilsonInterval } from "../stats/proportion.js";
import {
  type PeriodBounds,
  periodBounds,
  periodSchema,
  type ResolvedPeriod,
  resolvePeriod,
  timeZoneSchema,
} from "../time/period.js";
import { requireArray } from "./records.js";

// The parts every customer rate shares: period and uncertainty options, and the finalize step of
// a proportion (value, Wilson interval, warnings, null with a reason). Used by churn, retention
// and repeat rates; value metrics reuse the period options.

/** Options of every rate over a period. @internal */
export interface RateOptionsBase {
  /** Confidence level of the Wilson interval. Default 0.95. */
  readonly level?: number;
  /** Fewer customers than this in the denominator add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
  /** An interval half-width wider than this (a fraction) adds a `"wide-interval"` warning. Default 0.1. */
  readonly maxMargin?: number;
}

/** zod fields of {@link RateOptionsBase}, to spread into an options schema. @internal */
export const rateOptionFields: {
  level: z.ZodMiniOptional<typeof levelSchema>;
  minSampleSize: z.ZodMiniOptional<typeof nonNegativeSchema>;
  maxMargin: z.ZodMiniOptional<typeof positiveSchema>;
} = {
  level: /* @__PURE__ */ z.optional(levelSchema),
  minSampleSize: /* @__PURE__ */ z.optional(nonNegativeSchema),
  maxMargin: /* @__PURE__ */ z.optional(positiveSchema),
};

/** zod fields of a required period and an optional time zone. @internal */
export const periodOptionFields: {
  period: typeof periodSchema;
  timeZone: z.ZodMiniOptional<typeof timeZoneSchema>;
} = {
  period: periodSchema,
  timeZone: /* @__PURE__ */ z.optional(timeZoneSchema),
};

/** zod fields of an optional period (a label on results of counts) and time zone. @internal */
export const optionalPeriodOptionFields: {
  period: z.ZodMiniOptional<typeof periodSchema>;
  timeZone: z.ZodMiniOptional<typeof timeZoneSchema>;
} = {
  period: /* @__PURE__ */ z.optional(periodSchema),
  timeZone: /* @__PURE__ */ z.optional(timeZoneSchema),
};

/** Resolved uncertainty options. @internal */
export interface ResolvedRateOptions {
  readonly level: number;
  readonly minSampleSize: number;
  readonly maxMargin: number;
}

/** Defaults of {@link RateOptionsBase}. @internal */
export function resolveRateOptions(parsed: {
  readonly level?: number | undefined;
  readonly minSampleSize?: number | undefined;
  readonly maxMargin?: number | undefined;
}): ResolvedRateOptions {
  return {
    level: parsed.level ?? 0.95,
    minSampleSize: parsed.minSampleSize ?? 30,
    maxMargin: parsed.maxMargin ?? 0.1,
  };
}

/** A period resolved for a metric: bounds in ms, the zone, and the ISO bounds for results. @internal */
export interface PeriodContext extends ResolvedPeriod {
  readonly timeZone: string;
  readonly bounds: PeriodBounds;
}

/**
 * Resolves `options.period` (required) and `options.timeZone` (default UTC) after the options
 * schema checked both (its `periodOptionFields` or `optionalPeriodOptionFields`),
 * with error paths `["options", "period", ...]`. Period bounds are instants of years 0001-9999
 * (the date parser's range), so they always have ISO bounds. @internal
 */
export function resolvePeriodContext(period: unknown, timeZone: string | undefined): PeriodContext {
  const zone = timeZone ?? "UTC";
  const resolved = resolvePeriod(period, ["options", "period"]);
  return { ...resolved, timeZone: zone, bounds: periodBounds(resolved, zone) };
}

/** The ISO bounds of an optional period (counts forms), or `null`. @internal */
export function optionalBounds(period: unknown, timeZone: string | undefined): PeriodBounds | null {
  return period === undefined ? null : resolvePeriodContext(period, timeZone).bounds;
}

/** The value part of a proportion result. @internal */
export interface ProportionParts {
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
}

/**
 * Finalizes `successes / n` as a rate: Wilson interval at `level`, small-sample and wide-interval
 * warnings, or `null` with `reason` (`"empty"` when `empty`, else `"zero-denominator"`) and a
 * warning saying why when `n` is 0. @internal
 */
export function proportionParts(
  successes: number,
  n: number,
  empty: boolean,
  what: string,
  opts: ResolvedRateOptions,
): ProportionParts {
  if (!(n > 0)) {
    const reason: ReasonCode = empty ? "empty" : "zero-denominator";
    return {
      value: null,
      reason,
      interval: null,
      warnings: [
        {
          code: reason,
          message: empty
            ? `No customers in the period: the ${what} is undefined.`
            : `The denominator is 0: the ${what} is undefined.`,
        },
      ],
    };
  }
  const interval = wilsonInterval(successes, n, opts.level);
  return {
    value: successes / n,
    reason: null,
    interval,
    warnings: sampleWarnings(
      n,
      opts.minSampleSize,
      interval,
      opts.maxMargin,
      "(as a fraction)",
      "customers",
    ),
  };
}

/**
 * The one-pass part of a {@link Metric}: what a records form runs. A metric factory builds its
 * metric from it plus `name`, `empty`, `merge` and `compare`, so that importing only the records
 * form keeps those (and the comparison code) out of an application's bundle. @internal
 */
export type MetricPass<R, S, T, Res> = Pick<
  Metric<R, S, T, Res>,
  "init" | "add" | "tally" | "finalize"
>;

/**
 * The records forms of the period metrics: checks that `records` is an array (else an input
 * error `"expected an array of <what>"` at the root), then runs `metric` over it in one pass
 * (init, add each record, tally, finalize). @internal
 */
export function runOverRecords<R, S, T, Res>(
  metric: MetricPass<R, S, T, Res>,
  records: readonly R[],
  what: string,
): Res {
  requireArray(records, what);
  // runMetric's checks hold here (a metric from a factory, an array): the loop alone keeps
  // them out of the bundle of an application that imports only this metric.
  const state = metric.init();
  for (let i = 0; i < records.length; i++) metric.add(state, records[i] as R, i);
  return metric.finalize(metric.tally(state));
}

/** Throws naming `path` unless `count <= limit`. @internal */
export function requireAtMost(
  count: number,
  limit: number,
  path: readonly (string | number)[],
  message: string,
): void {
  if (count > limit) throw inputError(path, message);
}
