import { TZDate } from "@date-fns/tz";
import * as z from "zod/mini";
import { type CustomerId, checkOrder, type Order, requireArray } from "../../customers/records.js";
import { attempt, inputError, parseWith, type SafeResult } from "../../errors.js";
import type { SchemaOutput } from "../../stats/options.js";
import { type DateInput, dateInputSchema, requireEpochMs, utcDate } from "../../time/instant.js";
import { createBucketerUnchecked, isoInZoneUnchecked, timeZoneSchema } from "../../time/period.js";
import { DAYS_PER_UNIT, type ModelTimeUnit, modelTimeUnitSchema } from "./common.js";

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** Options of {@link rfmSummary}. */
export interface RfmSummaryOptions {
  /**
   * An instant in the last observed period (lifetimes' `observation_period_end`, inclusive):
   * orders in every period up to and including the one that contains it count, later orders are
   * left out, and T runs from the first purchase's period to this period.
   */
  readonly observationEnd: DateInput;
  /** Unit of recency, T and the durations: `"day"`, `"week"` or `"month"`. */
  readonly timeUnit: ModelTimeUnit;
  /**
   * Split calibration / holdout (lifetimes' `calibration_period_end`, inclusive): frequency,
   * recency, T and monetary describe the periods up to and including the one containing this
   * instant; the holdout fields count the later periods through `observationEnd`.
   */
  readonly calibrationEnd?: DateInput;
  /** IANA time zone the calendar periods are read in. Default `"UTC"`. */
  readonly timeZone?: string;
  /**
   * Period that same-period orders are collapsed into (lifetimes' `freq`). Default: `timeUnit`.
   * `"day"` with `timeUnit: "week"` gives lifetimes' `freq="D", freq_multiplier=7`: daily
   * collapsing, recency and T in (fractional) weeks, as in the CDNOW summary of Fader, Hardie &
   * Lee (2005). Only `"day"` or `timeUnit` itself are allowed.
   */
  readonly grain?: ModelTimeUnit;
  /** First day of the week for weekly periods: 0 Sunday … 6 Saturday. Default 1 (Monday, as pandas' `W`). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** Options of {@link rfmSummary}, as a schema (unknown keys are errors). */
export const rfmSummaryOptionsSchema: z.ZodMiniType<SchemaOutput<RfmSummaryOptions>> =
  /* @__PURE__ */ (() =>
    z.strictObject({
      observationEnd: dateInputSchema,
      timeUnit: modelTimeUnitSchema,
      calibrationEnd: z.optional(dateInputSchema),
      timeZone: z.optional(timeZoneSchema),
      grain: z.optional(modelTimeUnitSchema),
      weekStartsOn: z.optional(
        z.literal([0, 1, 2, 3, 4, 5, 6], {
          error: "expected a weekday 0 (Sunday) to 6 (Saturday)",
        }),
      ),
    }))();

/**
 * One customer's repeat-purchase summary, in the conventions of Fader, Hardie & Lee (2005) and of
 * lifetimes' `summary_data_from_transaction_data`.
 */
export interface RfmRow {
  readonly customerId: CustomerId;
  /** Repeat purchase periods: distinct periods with an order, minus the first (x). */
  readonly frequency: number;
  /** From the first to the last purchase period, in `timeUnit` (tₓ). 0 when frequency is 0. */
  readonly recency: number;
  /** From the first purchase period to the end of observation (or calibration), in `timeUnit`. */
  readonly T: number;
  /**
   * Mean spend per repeat period: the first period is left out, same-period orders are summed
   * (lifetimes' `monetary_value`). 0 when frequency is 0.
   */
  readonly monetary: number;
  /** Start of the first purchase period, ISO 8601 in the summary's zone. */
  readonly firstPurchase: string;
  /** Holdout periods with an order (lifetimes' `frequency_holdout`); with `calibrationEnd` only. */
  readonly frequencyHoldout?: number;
  /** Mean order amount in the holdout, per order as lifetimes' `monetary_value_holdout`; 0 if none. */
  readonly monetaryHoldout?: number;
  /** Total spend in the holdout. */
  readonly spendHoldout?: number;
  /** Length of the holdout, in `timeUnit` (lifetimes' `duration_holdout`). */
  readonly durationHoldout?: number;
}

/** The result of {@link rfmSummary}: one row per customer, with the conventions used. */
export interface RfmSummary {
  readonly metric: "rfmSummary";
  /** Unit of recency, T and durations. */
  readonly timeUnit: ModelTimeUnit;
  /** Period orders were collapsed into. */
  readonly grain: ModelTimeUnit;
  readonly timeZone: string;
  readonly weekStartsOn: number;
  /** Start of the last observed period, ISO 8601. */
  readonly observationEnd: string;
  /** Start of the last calibration period, ISO 8601; `null` without a holdout split. */
  readonly calibrationEnd: string | null;
  /** Number of customers (rows). */
  readonly n: number;
  /** Orders summarised (on or before the end of observation). */
  readonly orders: number;
  /** Orders after the last observed period, left out. */
  readonly ordersAfterObservationEnd: number;
  /** Customers whose first order falls in the holdout: they have no calibration row. */
  readonly customersFirstSeenInHoldout: number;
  readonly customers: readonly RfmRow[];
}

// ---------------------------------------------------------------------------------------------
// Calendar indices

/** Maps a period start to an integer index: days since the epoch (local date), or months. */
function createIndexer(grain: ModelTimeUnit, timeZone: string): (start: number) => number {
  const cache = new Map<number, number>();
  return (start: number): number => {
    let index = cache.get(start);
    if (index === undefined) {
      const d = new TZDate(start, timeZone);
      index =
        grain === "month"
          ? d.getFullYear() * 12 + d.getMonth()
          : Math.round(utcDate(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
      cache.set(start, index);
    }
    return index;
  };
}

/** How many `timeUnit`s one index step is: 1 month for a monthly grain, else days converted. */
function unitsPerIndex(grain: ModelTimeUnit, timeUnit: ModelTimeUnit): number {
  if (grain === "month") return 1;
  return 1 / DAYS_PER_UNIT[timeUnit];
}

// ---------------------------------------------------------------------------------------------
// Summary

interface CustomerOrders {
  readonly id: CustomerId;
  readonly periods: number[];
  readonly amounts: number[];
  sorted: boolean;
}

/**
 * Turns orders into one row per customer: frequency (repeat purchase periods), recency, T and
 * mean repeat spend — the input of the BG/NBD and Gamma-Gamma models.
 *
 * Orders are first collapsed to one per customer per `grain` period (amounts summed), as lifetimes
 * does. With periods indexed from the first purchase (period 0) in `timeUnit`:
 * frequency x = (distinct periods with an order) − 1; recency tₓ = last − first;
 * T = observation end − first; monetary = mean of the repeat periods' summed amounts (0 if x = 0).
 * Week: (days between period starts) / 7, so a weekly grain gives whole weeks and a daily grain
 * gives fractional weeks; month: whole calendar months (grain month) or days / (365.25/12).
 * With `calibrationEnd`, rows describe the calibration and add `frequencyHoldout` (holdout periods
 * with an order), `monetaryHoldout` (mean holdout order amount), `spendHoldout` and
 * `durationHoldout` (lifetimes' `calibration_and_holdout_data`).
 *
 * Source: Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science
 * 24(2); lifetimes `utils.summary_data_from_transaction_data` (CamDavidsonPilon/lifetimes).
 * Rows come in order of each customer's first order in the input.
 * @param orders - Orders `{ customerId, date, amount }`; each is checked.
 * @example
 * const orders = [
 *   { customerId: "a", date: "2025-01-01T10:00:00Z", amount: 10 },
 *   { customerId: "a", date: "2025-01-01T18:00:00Z", amount: 5 },
 *   { customerId: "a", date: "2025-01-15T09:00:00Z", amount: 30 },
 *   { customerId: "b", date: "2025-01-20T09:00:00Z", amount: 20 },
 * ];
 * const summary = rfmSummary(orders, { observationEnd: "2025-01-29T00:00:00Z", timeUnit: "day" });
 * summary.customers[0]
 * //=> { customerId: "a", frequency: 1, recency: 14, T: 28, monetary: 30, firstPurchase: "2025-01-01T00:00:00.000+00:00" }
 * summary.customers[1].T
 * //=> 9
 */
export function rfmSummary(orders: readonly Order[], options: RfmSummaryOptions): RfmSummary {
  requireArray(orders, "orders");
  const parsed = parseWith(rfmSummaryOptionsSchema, options, ["options"]);
  const timeUnit = parsed.timeUnit;
  const grain = parsed.grain ?? timeUnit;
  if (grain !== timeUnit && grain !== "day") {
    throw inputError(
      ["options", "grain"],
      `expected "day" or the timeUnit ("${timeUnit}"): a ${grain} grain cannot be measured in ${timeUnit}s`,
    );
  }
  const timeZone = parsed.timeZone ?? "UTC"; // checked by the options schema
  const weekStartsOn = parsed.weekStartsOn ?? 1;
  const bucketer = createBucketerUnchecked(grain, { timeZone, weekStartsOn });
  // Orders come grouped by customer rather than by date, so remember every 15-minute slot's
  // period start (zone offsets are multiples of 15 minutes: no boundary falls inside a slot).
  const slots = new Map<number, number>();
  const bucket = (ms: number): number => {
    const slot = Math.floor(ms / 900_000);
    let start = slots.get(slot);
    if (start === undefined) {
      start = bucketer(ms);
      slots.set(slot, start);
    }
    return start;
  };
  const isoCache = new Map<number, string>();
  const iso = (ms: number): string => {
    let text = isoCache.get(ms);
    if (text === undefined) {
      text = isoInZoneUnchecked(ms, timeZone);
      isoCache.set(ms, text);
    }
    return text;
  };
  const index = createIndexer(grain, timeZone);
  const scale = unitsPerIndex(grain, timeUnit);

  const endPeriod = bucket(requireEpochMs(parsed.observationEnd, ["options", "observationEnd"]));
  let calibrationPeriod = endPeriod;
  if (parsed.calibrationEnd !== undefined) {
    calibrationPeriod = bucket(
      requireEpochMs(parsed.calibrationEnd, ["options", "calibrationEnd"]),
    );
    if (calibrationPeriod > endPeriod) {
      throw inputError(
        ["options", "calibrationEnd"],
        "expected calibrationEnd on or before observationEnd",
      );
    }
  }
  const holdout = parsed.calibrationEnd !== undefined;

  const byCustomer = new Map<CustomerId, CustomerOrders>();
  let counted = 0;
  let after = 0;
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i];
    const t = checkOrder(order, i);
    const period = bucket(t);
    if (period > endPeriod) {
      after++;
      continue;
    }
    counted++;
    const { customerId, amount } = order as Order;
    let acc = byCustomer.get(customerId);
    if (acc === undefined) {
      acc = { id: customerId, periods: [], amounts: [], sorted: true };
      byCustomer.set(customerId, acc);
    }
    const last = acc.periods[acc.periods.length - 1];
    if (last !== undefined && period < last) acc.sorted = false;
    acc.periods.push(period);
    acc.amounts.push(amount);
  }

  const endIndex = index(endPeriod);
  const calibrationIndex = index(calibrationPeriod);
  const rows: RfmRow[] = [];
  let firstInHoldout = 0;
  for (const acc of byCustomer.values()) {
    const { periods, amounts } = sortedPairs(acc);
    const first = periods[0] as number;
    if (first > calibrationPeriod) {
      firstInHoldout++;
      continue;
    }
    const firstIndex = index(first);
    let distinct = 0;
    let lastPeriod = Number.NaN;
    let repeatSum = 0;
    let repeatCarry = 0;
    let holdoutPeriods = 0;
    let holdoutOrders = 0;
    let holdoutSum = 0;
    let holdoutCarry = 0;
    for (let k = 0; k < periods.length; k++) {
      const period = periods[k] as number;
      const amount = amounts[k] as number;
      if (period > calibrationPeriod) {
        if (period !== lastPeriod) holdoutPeriods++;
        holdoutOrders++;
        const s = holdoutSum + amount;
        holdoutCarry +=
          Math.abs(holdoutSum) >= Math.abs(amount)
            ? holdoutSum - s + amount
            : amount - s + holdoutSum;
        holdoutSum = s;
      } else {
        if (period !== lastPeriod) distinct++;
        if (period !== first) {
          const s = repeatSum + amount;
          repeatCarry +=
            Math.abs(repeatSum) >= Math.abs(amount)
              ? repeatSum - s + amount
              : amount - s + repeatSum;
          repeatSum = s;
        }
      }
      lastPeriod = period;
    }
    let lastCalibration = first;
    for (let k = periods.length - 1; k >= 0; k--) {
      const period = periods[k] as number;
      if (period <= calibrationPeriod) {
        lastCalibration = period;
        break;
      }
    }
    const frequency = distinct - 1;
    const base: RfmRow = {
      customerId: acc.id,
      frequency,
      recency: (index(lastCalibration) - firstIndex) * scale,
      T: (calibrationIndex - firstIndex) * scale,
      monetary: frequency > 0 ? (repeatSum + repeatCarry) / frequency : 0,
      firstPurchase: iso(first),
    };
    if (!holdout) {
      rows.push(base);
      continue;
    }
    const spendHoldout = holdoutSum + holdoutCarry;
    rows.push({
      ...base,
      frequencyHoldout: holdoutPeriods,
      monetaryHoldout: holdoutOrders > 0 ? spendHoldout / holdoutOrders : 0,
      spendHoldout,
      durationHoldout: (endIndex - calibrationIndex) * scale,
    });
  }
  return {
    metric: "rfmSummary",
    timeUnit,
    grain,
    timeZone,
    weekStartsOn,
    observationEnd: isoInZoneUnchecked(endPeriod, timeZone),
    calibrationEnd: holdout ? isoInZoneUnchecked(calibrationPeriod, timeZone) : null,
    n: rows.length,
    orders: counted,
    ordersAfterObservationEnd: after,
    customersFirstSeenInHoldout: firstInHoldout,
    customers: rows,
  };
}

function sortedPairs(acc: CustomerOrders): { periods: number[]; amounts: number[] } {
  if (acc.sorted) return acc;
  const order = acc.periods
    .map((_, k) => k)
    .sort((i, j) => (acc.periods[i] as number) - (acc.periods[j] as number));
  return {
    periods: order.map((k) => acc.periods[k] as number),
    amounts: order.map((k) => acc.amounts[k] as number),
  };
}

/** {@link rfmSummary} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeRfmSummary(
  orders: readonly Order[],
  options: RfmSummaryOptions,
): SafeResult<RfmSummary> {
  return attempt(() => rfmSummary(orders, options));
}
