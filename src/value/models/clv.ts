import * as z from "zod/mini";
import type { CustomerId } from "../../customers/records.js";
import { attempt, inputError, parseWith, type SafeResult, schemaError } from "../../errors.js";
import type { Accessor } from "../../metric.js";
import type { Warning } from "../../result.js";
import { accessorSchema, type SchemaOutput } from "../../stats/options.js";
import {
  type BgNbdParams,
  bgNbdParamsSchema,
  conditionalExpectedPurchases,
  probabilityAlive,
} from "./bgnbd.js";
import {
  DAYS_PER_UNIT,
  type ModelReasonCode,
  type ModelTimeUnit,
  modelTimeUnitSchema,
} from "./common.js";
import {
  expectedSpend,
  type GammaGammaParams,
  gammaGammaParamsSchema,
  repeatSpendSchema,
} from "./gamma-gamma.js";
import {
  agreeTimeUnits,
  fieldReader,
  forEachHistory,
  type HistoryAccessors,
  resolveInput,
  type SummaryInput,
} from "./rows.js";

/** Units a horizon or a discount period can be stated in. */
export type DurationUnit = "day" | "week" | "month" | "year";

/** A length of time with its unit: `{ value: 12, unit: "month" }`. */
export interface Duration {
  readonly value: number;
  readonly unit: DurationUnit;
}

/** A discount rate with the period it applies to: `{ rate: 0.01, per: "month" }`. */
export interface DiscountRate {
  readonly rate: number;
  readonly per: DurationUnit;
}

/** The days in each unit used for conversions: a month is 365.25/12 days, a year 365.25. */
const DAYS: Readonly<Record<DurationUnit, number>> = {
  day: 1,
  week: 7,
  month: DAYS_PER_UNIT.month,
  year: 365.25,
};

const durationUnitSchema = /* @__PURE__ */ z.enum(["day", "week", "month", "year"], {
  error: 'expected "day", "week", "month" or "year"',
});

/** A BG/NBD model as {@link customerLifetimeValue} reads it: a `BgNbdFit`, or stored parameters. */
export interface TransactionModel {
  readonly metric: "bgNbd";
  readonly params: BgNbdParams | null;
  /** Unit of the model's rates (α is per this unit); `null` or absent when not known. */
  readonly timeUnit?: ModelTimeUnit | null;
  readonly reason?: ModelReasonCode | null;
}

/** A Gamma-Gamma model as {@link customerLifetimeValue} reads it: a `GammaGammaFit`, or stored parameters. */
export interface SpendModel {
  readonly metric: "gammaGamma";
  readonly params: GammaGammaParams | null;
  readonly reason?: ModelReasonCode | null;
}

/** Input of {@link customerLifetimeValue}. */
export interface ClvInput<R> extends HistoryAccessors<R> {
  /** A fitted BG/NBD model (its `timeUnit` is the unit of its rates). */
  readonly transactionModel: TransactionModel;
  /** A fitted Gamma-Gamma model. */
  readonly spendModel: SpendModel;
  /** The customers: an {@link rfmSummary} result or rows with frequency, recency, T and monetary. */
  readonly customers: SummaryInput<R>;
  /** How far ahead to sum, e.g. `{ value: 12, unit: "month" }`. */
  readonly horizon: Duration;
  /** Discount rate and its period, e.g. `{ rate: 0.01, per: "month" }`; cash flows are summed per period. */
  readonly discountRate: DiscountRate;
  /** Unit of recency and T, when neither the model nor the customers state it. */
  readonly timeUnit?: ModelTimeUnit;
  /** Mean repeat spend. Default `"monetary"`. */
  readonly monetary?: Accessor<R>;
  /** Customer id in the results. Default `"customerId"` (absent: `null`). */
  readonly customerId?: Accessor<R>;
  /** Profit margin applied to the expected spend, a fraction in [0, 1]. Default 1 (revenue). */
  readonly margin?: number;
}

/** {@link ClvInput}, as a schema (unknown keys are errors; models and customers checked apart). */
export const clvInputSchema: z.ZodMiniType<
  SchemaOutput<
    Omit<
      ClvInput<unknown>,
      | "transactionModel"
      | "spendModel"
      | "customers"
      | "frequency"
      | "recency"
      | "T"
      | "weight"
      | "monetary"
      | "customerId"
    >
  > & {
    transactionModel: unknown;
    spendModel: unknown;
    customers: unknown;
    frequency?: unknown;
    recency?: unknown;
    T?: unknown;
    weight?: unknown;
    monetary?: unknown;
    customerId?: unknown;
  }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    transactionModel: z.unknown(),
    spendModel: z.unknown(),
    customers: z.unknown(),
    horizon: z.strictObject({
      value: z
        .number({ error: "expected a horizon > 0" })
        .check(z.gt(0, { error: "expected a horizon > 0" })),
      unit: durationUnitSchema,
    }),
    discountRate: z.strictObject({
      rate: z
        .number({ error: "expected a discount rate >= 0" })
        .check(z.gte(0, { error: "expected a discount rate >= 0" })),
      per: durationUnitSchema,
    }),
    timeUnit: z.optional(modelTimeUnitSchema),
    frequency: z.optional(accessorSchema),
    recency: z.optional(accessorSchema),
    T: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
    monetary: z.optional(accessorSchema),
    customerId: z.optional(accessorSchema),
    margin: z.optional(
      z
        .number()
        .check(
          z.gte(0, { error: "expected a margin fraction in [0, 1]" }),
          z.lte(1, { error: "expected a margin fraction in [0, 1]" }),
        ),
    ),
  }))();

/** One customer's discounted CLV and its parts. */
export interface CustomerClv {
  /** The row's id (`customerId` field or accessor), or `null`. */
  readonly customerId: CustomerId | null;
  /** Position of the row in the input. */
  readonly index: number;
  /** Σ over periods of expected purchases × expected spend (× margin), discounted. */
  readonly clv: number | null;
  readonly reason: ModelReasonCode | null;
  /** Expected purchases over the whole horizon (undiscounted). */
  readonly expectedPurchases: number | null;
  /** Expected spend per purchase (Gamma-Gamma conditional mean, before the margin). */
  readonly expectedSpend: number | null;
  /** BG/NBD probability that the customer is alive now. */
  readonly probabilityAlive: number;
}

/** The result of {@link customerLifetimeValue}. */
export interface ClvResult {
  readonly metric: "customerLifetimeValue";
  /** Unit of recency, T and the transaction model. */
  readonly timeUnit: ModelTimeUnit;
  readonly horizon: Duration;
  readonly discountRate: DiscountRate;
  /** Discount periods summed (the last may be partial). */
  readonly steps: number;
  /** One discount period in `timeUnit`s (e.g. 4.348… weeks per month). */
  readonly stepLength: number;
  /** The unit conversion applied, in words; `null` when none was needed. */
  readonly conversion: string | null;
  readonly margin: number;
  /** Customers (rows). */
  readonly n: number;
  /** Σ CLV over customers with a value (weighted by row weights). */
  readonly total: number;
  readonly customers: readonly CustomerClv[];
  readonly warnings: readonly Warning[];
}

function requireModel<P>(
  fit: unknown,
  path: string,
  metric: string,
  schema: z.ZodMiniType<P>,
): { params: P; timeUnit: ModelTimeUnit | null } {
  if (fit === null || typeof fit !== "object" || Reflect.get(fit, "metric") !== metric) {
    throw inputError([path], `expected a fitted ${metric} model (the result of fitting it)`);
  }
  const raw: unknown = Reflect.get(fit, "params");
  if (raw === null || raw === undefined) {
    throw inputError(
      [path, "params"],
      `the ${metric} model has no parameters (${String(Reflect.get(fit, "reason"))}): fit it on data with repeat purchases`,
    );
  }
  const params = parseWith(schema, raw, [path, "params"]);
  const unit: unknown = Reflect.get(fit, "timeUnit");
  if (unit === undefined || unit === null) return { params, timeUnit: null };
  return { params, timeUnit: parseWith(modelTimeUnitSchema, unit, [path, "timeUnit"]) };
}

function describe(from: DurationUnit, to: DurationUnit): string | null {
  if (from === to) return null;
  const value = DAYS[from] / DAYS[to];
  return `1 ${from} = ${Number(value.toPrecision(7))} ${to}s`;
}

/**
 * Discounted customer lifetime value from a BG/NBD transaction model and a Gamma-Gamma spend
 * model, per customer (lifetimes' `customer_lifetime_value` approach):
 * CLV = Σ_{i=1..N} m · E[Z] · (E[Y(tᵢ)] − E[Y(tᵢ₋₁)]) / (1 + d)^(tᵢ/L),
 * where L is one discount period in the model's time unit, tᵢ = min(i, H/L)·L (H the horizon),
 * E[Y(t)] the BG/NBD conditional expected purchases, E[Z] the Gamma-Gamma conditional expected
 * spend and m the margin.
 *
 * Units are explicit and never guessed: the model and the customers must share one time unit
 * (an error otherwise, or when no unit is stated at all); the horizon and the discount period
 * are converted to that unit with 1 week = 7 days, 1 month = 365.25/12 days and 1 year = 365.25
 * days (so 1 month = 4.348 weeks; lifetimes uses 4.345), and the conversion is reported.
 * A horizon that is not a whole number of discount periods ends with a partial period.
 *
 * Source: lifetimes `utils._customer_lifetime_value`; Fader, Hardie & Lee (2005);
 * Fader & Hardie (2013).
 * @example
 * const result = customerLifetimeValue({
 *   transactionModel: { metric: "bgNbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: "week" },
 *   spendModel: { metric: "gammaGamma", params: { p: 6.25, q: 3.74, v: 15.44 } },
 *   customers: [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }],
 *   horizon: { value: 12, unit: "month" },
 *   discountRate: { rate: 0.01, per: "month" },
 * });
 * result.stepLength // ≈ 4.348
 * result.customers[0].clv // ≈ 36.31
 */
export function customerLifetimeValue<R = Record<string, unknown>>(input: ClvInput<R>): ClvResult {
  const parsed = parseWith(clvInputSchema, input, []);
  const bg = requireModel(input.transactionModel, "transactionModel", "bgNbd", bgNbdParamsSchema);
  const gg = requireModel(input.spendModel, "spendModel", "gammaGamma", gammaGammaParamsSchema);
  const data = resolveInput<R>(input.customers, "customers", ["customers"]);
  const timeUnit = agreeTimeUnits([
    { unit: bg.timeUnit, path: ["transactionModel", "timeUnit"] },
    { unit: data.timeUnit, path: ["customers", "timeUnit"] },
    { unit: parsed.timeUnit ?? null, path: ["timeUnit"] },
  ]);
  if (timeUnit === null) {
    throw inputError(
      ["timeUnit"],
      "the time unit of recency and T is unknown: pass timeUnit (or an rfmSummary result, or a model fitted with one)",
    );
  }
  const horizon = parsed.horizon;
  const discount = parsed.discountRate;
  const stepLength = DAYS[discount.per] / DAYS_PER_UNIT[timeUnit];
  const stepsExact = (horizon.value * DAYS[horizon.unit]) / DAYS[discount.per];
  // A whole number of periods up to rounding (12 months in years is 1, not 1.0000000000000002).
  const rounded = Math.round(stepsExact);
  const totalSteps = Math.abs(stepsExact - rounded) < 1e-9 ? rounded : stepsExact;
  const steps = Math.ceil(totalSteps);
  if (steps > 100_000) {
    throw inputError(
      ["horizon"],
      `the horizon spans ${steps} discount periods (more than 100,000)`,
    );
  }
  const conversions = [
    describe(discount.per, timeUnit),
    describe(horizon.unit, discount.per),
  ].filter((c): c is string => c !== null);
  const margin = parsed.margin ?? 1;

  const fm = fieldReader(input.monetary, "monetary");
  const fid = fieldReader(input.customerId, "customerId");
  const times = new Float64Array(steps + 1);
  const factors = new Float64Array(steps + 1);
  for (let i = 1; i <= steps; i++) {
    const e = Math.min(i, totalSteps);
    times[i] = e * stepLength;
    factors[i] = (1 + discount.rate) ** -e;
  }
  const rows: CustomerClv[] = [];
  let total = 0;
  let missing = 0;
  forEachHistory(
    data.rows,
    input,
    (x, recency, age, weight, index) => {
      const row = data.rows[index] as R;
      const m = fm.read(row, index);
      if (x > 0 && (typeof m !== "number" || !(m > 0) || m === Number.POSITIVE_INFINITY)) {
        throw schemaError(
          repeatSpendSchema,
          m,
          fm.key === undefined ? ["customers", index] : ["customers", index, fm.key],
          "expected a monetary value > 0 for a repeat customer (frequency > 0)",
        );
      }
      const rawId = fid.read(row, index);
      const customerId =
        typeof rawId === "string" || (typeof rawId === "number" && Number.isFinite(rawId))
          ? rawId
          : null;
      const alive = probabilityAlive(bg.params, x, recency, age);
      const spend = expectedSpend(gg.params, x, typeof m === "number" ? m : 0);
      let previous = 0;
      let clv = 0;
      let reason: ModelReasonCode | null = spend.reason;
      let purchases: number | null = null;
      if (spend.value !== null) {
        for (let i = 1; i <= steps; i++) {
          const e = conditionalExpectedPurchases(bg.params, x, recency, age, times[i] as number);
          if (e.value === null) {
            reason = e.reason;
            break;
          }
          clv += (e.value - previous) * spend.value * margin * (factors[i] as number);
          previous = e.value;
        }
        // Astronomically large spends or parameters overflow the sum: a documented null.
        if (reason === null && !Number.isFinite(clv)) reason = "parameter-out-of-range";
        if (reason === null) purchases = previous;
      }
      const value = reason === null ? clv : null;
      if (value === null) missing++;
      else total += weight * value;
      rows.push({
        customerId,
        index,
        clv: value,
        reason,
        expectedPurchases: purchases,
        expectedSpend: spend.value,
        probabilityAlive: alive,
      });
    },
    ["customers"],
  );
  if (!Number.isFinite(total)) {
    throw inputError(
      ["customers"],
      "the total CLV overflows (above 1.8e308): expected monetary values of a realistic magnitude",
    );
  }
  const warnings: Warning[] = [];
  if (missing > 0) {
    warnings.push({
      code: "missing-values",
      message: `${missing} customer(s) have no CLV (see their reason); the total leaves them out.`,
    });
  }
  return {
    metric: "customerLifetimeValue",
    timeUnit,
    horizon: { value: horizon.value, unit: horizon.unit },
    discountRate: { rate: discount.rate, per: discount.per },
    steps: totalSteps,
    stepLength,
    conversion:
      conversions.length === 0
        ? null
        : `${conversions.join("; ")} (1 week = 7 days, 1 month = 365.25/12 days, 1 year = 365.25 days)`,
    margin,
    n: rows.length,
    total,
    customers: rows,
    warnings,
  };
}

/** {@link customerLifetimeValue} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCustomerLifetimeValue<R = Record<string, unknown>>(
  input: ClvInput<R>,
): SafeResult<ClvResult> {
  return attempt(() => customerLifetimeValue(input));
}
