import * as z from "zod/mini";
import { compoundChurn } from "../customers/churn.js";
import {
  type MetricPass,
  periodOptionFields,
  resolvePeriodContext,
  runOverRecords,
} from "../customers/rate.js";
import type { Order } from "../customers/records.js";
import {
  emptyRepeatRateTally,
  mergeRepeatRateTalliesUnchecked,
  type RepeatRateTally,
  type RepeatState,
  repeatTallier,
} from "../customers/repeat.js";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Metric } from "../metric.js";
import type { ReasonCode, Warning } from "../result.js";
import { nonNegativeSchema, positiveSchema, type SchemaOutput } from "../stats/options.js";
import { sampleWarnings } from "../stats/proportion.js";
import { sumValueUnchecked } from "../stats/sum.js";
import { addIntervalsUnchecked, type Period, type PeriodBounds } from "../time/period.js";
import {
  emptyOrderValueTally,
  mergeOrderValueTalliesUnchecked,
  type OrderValueState,
  type OrderValueTally,
  orderValueTallier,
} from "./order-value.js";

// ---------------------------------------------------------------------------------------------
// Shared schemas and types

/** The time unit of purchase frequency and lifespan in an LTV: both must use the same one. */
export type LtvUnit = "month" | "year";

/** Where an LTV factor came from: given by the caller, derived from records, or defaulted. */
export type LtvFactorSource = "given" | "derived" | "default";

/** One factor of an LTV with its origin. */
export interface LtvFactor {
  readonly value: number | null;
  readonly source: LtvFactorSource;
}

/** The four factors of the product LTV. */
export interface LtvFactors {
  /** Average order value (money per order). */
  readonly averageOrderValue: LtvFactor;
  /** Gross margin, a fraction (1 for a revenue LTV). */
  readonly grossMargin: LtvFactor;
  /** Orders per customer per `unit`. */
  readonly purchaseFrequency: LtvFactor;
  /** Customer lifespan in `unit`s. */
  readonly lifespan: LtvFactor;
}

const unitSchema = /* @__PURE__ */ z.enum(["month", "year"], {
  error: 'expected "month" or "year"',
});

const MARGIN_MESSAGE = "expected a gross margin fraction in [0, 1]";
const marginSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: MARGIN_MESSAGE })
    .check(z.gte(0, { error: MARGIN_MESSAGE }), z.lte(1, { error: MARGIN_MESSAGE })))();

const CHURN_MESSAGE = "expected a churn rate in [0, 1]";

const OVERFLOW_MESSAGE = "the LTV overflows: expected a realistic magnitude";
const churnSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: CHURN_MESSAGE })
    .check(z.gte(0, { error: CHURN_MESSAGE }), z.lte(1, { error: CHURN_MESSAGE })))();

// ---------------------------------------------------------------------------------------------
// LTV = AOV × margin × frequency × lifespan

/** Input of {@link ltv}. */
export interface LtvInput {
  /** Average order value (or average unit price), ≥ 0. */
  readonly averageOrderValue: number;
  /** Gross margin, a fraction in [0, 1]. Default 1: a revenue (margin-less) LTV. */
  readonly grossMargin?: number;
  /** Purchases per customer per `unit`, ≥ 0. */
  readonly purchaseFrequency: number;
  /** Customer lifespan in `unit`s, ≥ 0. */
  readonly lifespan: number;
  /** The unit of `purchaseFrequency` (per month or per year) and of `lifespan`. Required. */
  readonly unit: LtvUnit;
}

/** Input of {@link ltv}, as a schema. */
export const ltvInputSchema: z.ZodMiniType<SchemaOutput<LtvInput>> = /* @__PURE__ */ (() =>
  z.strictObject({
    averageOrderValue: nonNegativeSchema,
    grossMargin: z.optional(marginSchema),
    purchaseFrequency: nonNegativeSchema,
    lifespan: nonNegativeSchema,
    unit: unitSchema,
  }))();

/** A customer lifetime value with its factors and their origins. */
export interface LtvResult {
  readonly metric: "ltv";
  /** AOV × margin × frequency × lifespan; `null` when a factor is undefined. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  /** Unit of the frequency (per unit) and the lifespan (in units). */
  readonly unit: LtvUnit;
  readonly factors: LtvFactors;
  /** Churn rate per `unit` behind the lifespan, when the lifespan came from a churn rate. */
  readonly churnRate: number | null;
  /** Customers with an order in the period (from orders); `null` for {@link ltv}. */
  readonly n: number | null;
  readonly warnings: readonly Warning[];
  /** The period of the orders; `null` for {@link ltv}. */
  readonly period: PeriodBounds | null;
}

/**
 * Customer lifetime value as a product of factors:
 * LTV = average order value × gross margin × purchase frequency × lifespan.
 *
 * Frequency and lifespan must use the same time unit: purchases per year with a lifespan in
 * years, or per month with months; `unit` says which and is echoed in the result. A margin of
 * 1 (the default) gives the revenue (margin-less) LTV.
 *
 * Source: the traditional retail LTV formula (e.g. Kumar, "Customer Lifetime Value", 2008;
 * Shopify and Qualtrics guides): average purchase value × purchase frequency × lifespan,
 * times margin for a profit LTV.
 * @example
 * ltv({ averageOrderValue: 5000, grossMargin: 0.3, purchaseFrequency: 4, lifespan: 3, unit: "year" }).value
 * //=> 18000
 */
export function ltv(input: LtvInput): LtvResult {
  const p = parseWith(ltvInputSchema, input, []);
  const margin = p.grossMargin ?? 1;
  const value = p.averageOrderValue * margin * p.purchaseFrequency * p.lifespan;
  if (!Number.isFinite(value)) {
    // Each factor is finite: the product of astronomically large ones overflowed. Name the largest.
    const { averageOrderValue: aov, purchaseFrequency: f, lifespan: l } = p;
    throw inputError(
      [l > aov && l > f ? "lifespan" : f > aov ? "purchaseFrequency" : "averageOrderValue"],
      OVERFLOW_MESSAGE,
    );
  }
  return {
    metric: "ltv",
    value,
    reason: null,
    unit: p.unit,
    factors: {
      averageOrderValue: { value: p.averageOrderValue, source: "given" },
      grossMargin: { value: margin, source: p.grossMargin === undefined ? "default" : "given" },
      purchaseFrequency: { value: p.purchaseFrequency, source: "given" },
      lifespan: { value: p.lifespan, source: "given" },
    },
    churnRate: null,
    n: null,
    warnings: [],
    period: null,
  };
}

/** {@link ltv} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeLtv(input: LtvInput): SafeResult<LtvResult> {
  return attempt(() => ltv(input));
}

// ---------------------------------------------------------------------------------------------
// LTV = ARPU × margin / churn, optionally discounted

/** When each period's payment arrives, for a discounted LTV. */
export type PaymentTiming = "start" | "end";

/** Input of {@link ltvFromChurn}. */
export interface LtvFromChurnInput {
  /** Average revenue per customer per period, ≥ 0. */
  readonly arpu: number;
  /** Churn rate per period in [0, 1]. Give this or `churnRates`. */
  readonly churnRate?: number;
  /**
   * Per-period churn rates, oldest first, whose trailing average is used (e.g. ChartMogul: the
   * six months before the current one). `null` entries (empty periods) are skipped.
   */
  readonly churnRates?: readonly (number | null)[];
  /** How many of the last `churnRates` entries to average. Default: all of them. */
  readonly trailingPeriods?: number;
  /** Gross margin fraction in [0, 1]. Default 1. */
  readonly grossMargin?: number;
  /** Discount rate per period, ≥ 0. Default 0 (undiscounted). */
  readonly discountRate?: number;
  /**
   * With a discount rate: `"start"` (default) when each period's payment comes at its start
   * (the first undiscounted), `"end"` when it comes at its end. No effect without discounting.
   */
  readonly timing?: PaymentTiming;
}

/** Input of {@link ltvFromChurn}, as a schema. */
export const ltvFromChurnInputSchema: z.ZodMiniType<SchemaOutput<LtvFromChurnInput>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      arpu: nonNegativeSchema,
      churnRate: z.optional(churnSchema),
      churnRates: z.optional(z.array(z.nullable(churnSchema))),
      trailingPeriods: z.optional(
        z
          .int({ error: "expected a whole number of periods >= 1" })
          .check(z.gte(1, { error: "expected a whole number of periods >= 1" })),
      ),
      grossMargin: z.optional(marginSchema),
      discountRate: z.optional(nonNegativeSchema),
      timing: z.optional(z.enum(["start", "end"], { error: 'expected "start" or "end"' })),
    }))();

/** An LTV from ARPU and churn. */
export interface LtvFromChurnResult {
  readonly metric: "ltv";
  /** The LTV; `null` with reason `"zero-churn"` when churn (plus discount) is 0. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  readonly arpu: number;
  readonly grossMargin: number;
  /** The churn rate used: the given one, or the trailing average. `null` if none was available. */
  readonly churnRate: number | null;
  /** How many per-period rates were averaged (1 for a single `churnRate`). */
  readonly periodsAveraged: number;
  readonly discountRate: number;
  readonly timing: PaymentTiming;
  readonly warnings: readonly Warning[];
}

/**
 * Lifetime value from ARPU and churn: LTV = ARPU × margin / churn (ChartMogul's LTV = ARPA /
 * customer churn rate, times a gross margin). `churnRates` gives a trailing average of
 * per-period rates instead of one rate. Churn 0 gives `null` with reason `"zero-churn"`.
 *
 * Discounted, with a discount rate d per period and retention r = 1 − churn, summing the
 * margin of every period the customer is still there:
 * - `timing: "start"` (payments at the start of each period, the first undiscounted):
 *   Σ_{t≥0} m·ARPU·r^t/(1+d)^t = m·ARPU·(1+d)/(d + churn);
 * - `timing: "end"` (each payment at the end of its period): Σ_{t≥0} m·ARPU·r^t/(1+d)^(t+1)
 *   = m·ARPU/(d + churn).
 * Both equal m·ARPU/churn when d = 0. With d > 0, zero churn still gives a finite value.
 *
 * Source: ChartMogul, "Customer Lifetime Value (LTV)" (ARPA $100, churn 5% → $2,000; six-month
 * trailing churn); Gupta & Lehmann, "Customers as assets", Journal of Interactive Marketing
 * 17(1), 2003 (the retention-and-discount margin multiple).
 * @example
 * ltvFromChurn({ arpu: 100, churnRate: 0.05 }).value // ≈ 2000
 * ltvFromChurn({ arpu: 100, churnRate: 0.05, grossMargin: 0.7 }).value // ≈ 1400
 * ltvFromChurn({ arpu: 100, churnRates: [0.04, 0.06, 0.05] }).churnRate // ≈ 0.05
 */
export function ltvFromChurn(input: LtvFromChurnInput): LtvFromChurnResult {
  const p = parseWith(ltvFromChurnInputSchema, input, []);
  if ((p.churnRate === undefined) === (p.churnRates === undefined)) {
    throw inputError(["churnRate"], "expected exactly one of churnRate and churnRates");
  }
  if (p.trailingPeriods !== undefined && p.churnRates === undefined) {
    throw inputError(["trailingPeriods"], "trailingPeriods applies to churnRates only");
  }
  const margin = p.grossMargin ?? 1;
  const d = p.discountRate ?? 0;
  const timing = p.timing ?? "start";
  const warnings: Warning[] = [];
  let churn: number | null = p.churnRate ?? null;
  let periodsAveraged = 1;
  if (p.churnRates !== undefined) {
    const k = p.trailingPeriods ?? p.churnRates.length;
    const window = p.churnRates.slice(Math.max(0, p.churnRates.length - k));
    if (window.length < k) {
      warnings.push({
        code: "short-history",
        message: `Only ${window.length} periods of churn to average (asked for ${k}).`,
      });
    }
    let sum = 0;
    periodsAveraged = 0;
    for (const rate of window) {
      if (rate === null) continue;
      sum += rate;
      periodsAveraged++;
    }
    churn = periodsAveraged > 0 ? sum / periodsAveraged : null;
  }
  const base = {
    metric: "ltv" as const,
    arpu: p.arpu,
    grossMargin: margin,
    churnRate: churn,
    periodsAveraged,
    discountRate: d,
    timing,
  };
  if (churn === null) {
    return {
      ...base,
      value: null,
      reason: "insufficient-data",
      warnings: [
        ...warnings,
        { code: "insufficient-data", message: "No churn rate to average: the LTV is undefined." },
      ],
    };
  }
  if (churn + d === 0) {
    return {
      ...base,
      value: null,
      reason: "zero-churn",
      warnings: [
        ...warnings,
        {
          code: "zero-churn",
          message: "Churn is 0 and there is no discounting: the lifetime value would be infinite.",
        },
      ],
    };
  }
  const factor = timing === "start" ? 1 + d : 1; // 1 without discounting either way
  const numerator = p.arpu * margin * factor;
  const value = numerator / (d + churn);
  if (!Number.isFinite(value)) {
    // An astronomically large ARPU, or a churn rate so close to 0 that ARPU / churn overflows.
    throw inputError(
      [
        Number.isFinite(numerator)
          ? p.churnRate === undefined
            ? "churnRates"
            : "churnRate"
          : "arpu",
      ],
      OVERFLOW_MESSAGE,
    );
  }
  return { ...base, value, reason: null, warnings };
}

/** {@link ltvFromChurn} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeLtvFromChurn(input: LtvFromChurnInput): SafeResult<LtvFromChurnResult> {
  return attempt(() => ltvFromChurn(input));
}

// ---------------------------------------------------------------------------------------------
// LTV from orders

/** Options of {@link ltvFromOrders} and {@link ltvMetric}. */
export interface LtvFromOrdersOptions {
  /** The period `[start, end)` of the orders that give AOV and frequency. Required. */
  readonly period: Period;
  /** IANA time zone for the period's calendar length and the result's bounds. Default `"UTC"`. */
  readonly timeZone?: string;
  /** Unit of the frequency and the lifespan. Required. */
  readonly unit: LtvUnit;
  /** Gross margin fraction. Default: derived from the orders' `margin`/`cost`, else 1. */
  readonly grossMargin?: number;
  /** Lifespan in `unit`s. Give this, or `churnRate`, or neither (then derived). */
  readonly lifespan?: number;
  /** Churn rate per `unit`; the lifespan is 1 / churn. */
  readonly churnRate?: number;
  /** Fewer customers than this add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
}

/** Options of {@link ltvFromOrders}, as a schema. */
export const ltvFromOrdersOptionsSchema: z.ZodMiniType<SchemaOutput<LtvFromOrdersOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      ...periodOptionFields,
      unit: unitSchema,
      grossMargin: z.optional(marginSchema),
      lifespan: z.optional(positiveSchema),
      churnRate: z.optional(churnSchema),
      minSampleSize: z.optional(nonNegativeSchema),
    }))();

/** Tally of {@link ltvMetric}: the orders of the period and, when needed, the repeat counts. */
export interface LtvTally {
  readonly orders: OrderValueTally;
  readonly repeat: RepeatRateTally;
}

/** Mutable state of {@link ltvMetric}. @internal */
export interface LtvState {
  readonly orders: OrderValueState;
  readonly repeat: RepeatState;
}

/**
 * Length of [startMs, endMs) in `unit`s, read on the calendar of `timeZone`: whole months counted
 * from the start (so [Jan 31, Feb 28) is one month and [Jan 1, Apr 1) three), plus the elapsed
 * fraction of the next month; a year is 12 months.
 */
function calendarLength(startMs: number, endMs: number, unit: LtvUnit, timeZone: string): number {
  const approx = (365.2425 / 12) * 86_400_000;
  let k = Math.max(0, Math.floor((endMs - startMs) / approx) - 1);
  while (addIntervalsUnchecked(startMs, "month", k + 1, timeZone) <= endMs) k++;
  while (k > 0 && addIntervalsUnchecked(startMs, "month", k, timeZone) > endMs) k--;
  const a = addIntervalsUnchecked(startMs, "month", k, timeZone);
  const b = addIntervalsUnchecked(startMs, "month", k + 1, timeZone);
  const months = k + (endMs - a) / (b - a);
  return unit === "month" ? months : months / 12;
}

/**
 * LTV from orders as a {@link Metric}: the product LTV of {@link ltv} with the factors derived
 * from the orders of the period (see {@link ltvFromOrders}). Merging tallies is valid when
 * groups partition customers.
 * @example
 * const metric = ltvMetric({
 *   period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
 *   unit: "month",
 *   lifespan: 10,
 * });
 * runMetric(metric, [
 *   { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 30 },
 *   { customerId: "a", date: "2025-01-09T00:00:00Z", amount: 10 },
 * ]).value
 * //=> 400
 */
export function ltvMetric<R extends Order = Order>(
  options: LtvFromOrdersOptions,
): Metric<R, LtvState, LtvTally, LtvResult> {
  return {
    name: "ltv",
    ...ltvPass<R>(options),
    empty: () => ({ orders: emptyOrderValueTally(), repeat: emptyRepeatRateTally() }),
    merge: (a, b) => ({
      orders: mergeOrderValueTalliesUnchecked(a.orders, b.orders),
      repeat: mergeRepeatRateTalliesUnchecked(a.repeat, b.repeat),
    }),
  };
}

/** The one-pass part of {@link ltvMetric}: what {@link ltvFromOrders} runs (see MetricPass). */
function ltvPass<R extends Order>(
  options: LtvFromOrdersOptions,
): MetricPass<R, LtvState, LtvTally, LtvResult> {
  const o = parseWith(ltvFromOrdersOptionsSchema, options ?? {}, ["options"]);
  if (o.lifespan !== undefined && o.churnRate !== undefined) {
    throw inputError(["options", "churnRate"], "expected lifespan or churnRate, not both");
  }
  const period = resolvePeriodContext(o.period, o.timeZone);
  // The order values and the repeat rate of the same period, tallied side by side.
  const values = orderValueTallier<R>(period);
  const deriveLifespan = o.lifespan === undefined && o.churnRate === undefined;
  const repeat = repeatTallier<R>(period);
  const length = calendarLength(period.startMs, period.endMs, o.unit, period.timeZone);
  const minSampleSize = o.minSampleSize ?? 30;

  const finalize = (tally: LtvTally): LtvResult => {
    const t = tally.orders;
    const revenue = sumValueUnchecked(t.revenue);
    const warnings: Warning[] = [];
    const aov = t.orders > 0 ? revenue / t.orders : null;
    const frequency = t.customers > 0 ? t.orders / t.customers / length : null;

    let margin: LtvFactor;
    if (o.grossMargin !== undefined) margin = { value: o.grossMargin, source: "given" };
    else if (t.marginOrders > 0) {
      const base = sumValueUnchecked(t.marginRevenue);
      margin = {
        value: base > 0 ? sumValueUnchecked(t.grossProfit) / base : null,
        source: "derived",
      };
      if (t.marginOrders < t.orders) {
        warnings.push({
          code: "partial-margin",
          message: `Only ${t.marginOrders} of ${t.orders} orders carry a margin or cost: the margin is theirs.`,
        });
      }
    } else {
      margin = { value: 1, source: "default" };
      if (t.orders > 0) {
        warnings.push({
          code: "no-margin",
          message: "No margin given or on the orders: this is a revenue LTV (margin 1).",
        });
      }
    }

    let lifespan: LtvFactor;
    let churnRate: number | null = null;
    let lifespanReason: ReasonCode | null = null;
    if (o.lifespan !== undefined) lifespan = { value: o.lifespan, source: "given" };
    else if (o.churnRate !== undefined) {
      churnRate = o.churnRate;
      lifespan = { value: o.churnRate > 0 ? 1 / o.churnRate : null, source: "given" };
      if (o.churnRate === 0) lifespanReason = "zero-churn";
    } else {
      const r = tally.repeat;
      if (r.priorCustomers === 0) {
        lifespan = { value: null, source: "derived" };
        lifespanReason = "zero-denominator";
      } else {
        const periodChurn = 1 - r.repeatCustomers / r.priorCustomers;
        // convertChurnRate(periodChurn, { from: length, to: 1 }): both valid by construction.
        churnRate = compoundChurn(periodChurn, 1 / length);
        lifespan = { value: churnRate > 0 ? 1 / churnRate : null, source: "derived" };
        if (churnRate === 0) lifespanReason = "zero-churn";
        warnings.push({
          code: "proxy-churn",
          message:
            "The lifespan comes from 1 − the repeat rate of past buyers, a rough proxy for churn when no cancellation is observed.",
        });
      }
    }

    const factors: LtvFactors = {
      averageOrderValue: { value: aov, source: "derived" },
      grossMargin: margin,
      purchaseFrequency: { value: frequency, source: "derived" },
      lifespan,
    };
    let value: number | null = null;
    let reason: ReasonCode | null = null;
    if (aov === null || frequency === null) reason = "empty";
    else if (lifespan.value === null) reason = lifespanReason ?? "insufficient-data";
    else if (margin.value === null) reason = "zero-denominator";
    else value = aov * margin.value * frequency * lifespan.value;
    if (reason !== null) {
      warnings.push({ code: reason, message: `The LTV is undefined (${reason}).` });
    }
    warnings.push(...sampleWarnings(t.customers, minSampleSize, null, 1, "", "customers"));
    return {
      metric: "ltv",
      value,
      reason,
      unit: o.unit,
      factors,
      churnRate,
      n: t.customers,
      warnings,
      period: period.bounds,
    };
  };

  return {
    init: () => ({ orders: values.init(), repeat: repeat.init() }),
    add(state, record, index) {
      values.add(state.orders, record, index);
      if (deriveLifespan) repeat.add(state.repeat, record, index);
    },
    tally: (state) => ({ orders: values.tally(state.orders), repeat: repeat.tally(state.repeat) }),
    finalize,
  };
}

/**
 * LTV from order history: the product LTV (see {@link ltv}) with the factors taken from the
 * orders of `period` and the result saying which were derived and which given:
 * - average order value = revenue / orders in the period (derived);
 * - purchase frequency = orders / customers in the period, divided by the period's calendar
 *   length in `unit`s (derived): whole calendar months from the start in `timeZone` plus the
 *   elapsed fraction of the next one, a year being 12 months ([Jan 1, Apr 1) is 3 months or
 *   0.25 year; [Jan 31, Feb 28) is one month);
 * - gross margin: `grossMargin` if given; else from orders with `margin` (amount × margin) or
 *   `cost` (amount − cost), Σ profit / Σ amount over those orders (derived); else 1 (default);
 * - lifespan: `lifespan` if given, or 1 / `churnRate` (given); else derived from an observed
 *   churn: 1 − the repeat rate of customers who bought before the period, converted to one
 *   `unit` with {@link convertChurnRate}, lifespan = 1 / that (a proxy; a warning says so).
 *
 * @example
 * const r = ltvFromOrders(
 *   [
 *     { customerId: "a", date: "2025-01-02T00:00:00Z", amount: 100, margin: 0.5 },
 *     { customerId: "a", date: "2025-01-20T00:00:00Z", amount: 100, margin: 0.5 },
 *     { customerId: "b", date: "2025-01-03T00:00:00Z", amount: 100, cost: 50 },
 *     { customerId: "b", date: "2025-01-04T00:00:00Z", amount: 100, cost: 50 },
 *   ],
 *   { period: { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" }, unit: "month", lifespan: 12 },
 * );
 * r.value; //=> 1200
 * r.factors.grossMargin; //=> { value: 0.5, source: "derived" }
 */
export function ltvFromOrders<R extends Order>(
  orders: readonly R[],
  options: LtvFromOrdersOptions,
): LtvResult {
  return runOverRecords(ltvPass<R>(options), orders, "orders");
}

/** {@link ltvFromOrders} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeLtvFromOrders<R extends Order>(
  orders: readonly R[],
  options: LtvFromOrdersOptions,
): SafeResult<LtvResult> {
  return attempt(() => ltvFromOrders(orders, options));
}

/** {@link ltvMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeLtvMetric<R extends Order = Order>(
  options: LtvFromOrdersOptions,
): SafeResult<Metric<R, LtvState, LtvTally, LtvResult>> {
  return attempt(() => ltvMetric<R>(options));
}
