import * as z from "zod/mini";
import { attempt, parseWith, type SafeResult } from "../errors.js";
import type { ReasonCode } from "../result.js";

/** A period unit that labels a lifespan. */
export type LifespanUnit = "day" | "week" | "month" | "quarter" | "year";

/** Input of {@link averageLifespan}. */
export interface LifespanInput {
  /** Churn rate per period, a fraction in [0, 1]. */
  readonly churnRate: number;
  /** The period the churn rate is measured over; labels the result. Default: unnamed `"period"`. */
  readonly unit?: LifespanUnit;
}

/** Input of {@link averageLifespan}, as a schema. */
export const lifespanInputSchema: z.ZodMiniType<{
  churnRate: number;
  unit?: LifespanUnit | undefined;
}> = /* @__PURE__ */ (() =>
  z.strictObject({
    churnRate: z
      .number({ error: "expected a churn rate in [0, 1]" })
      .check(
        z.gte(0, { error: "expected a churn rate in [0, 1]" }),
        z.lte(1, { error: "expected a churn rate in [0, 1]" }),
      ),
    unit: z.optional(
      z.enum(["day", "week", "month", "quarter", "year"], {
        error: 'expected "day", "week", "month", "quarter" or "year"',
      }),
    ),
  }))();

/** An average customer lifespan, in periods of the churn rate. */
export interface LifespanResult {
  readonly metric: "averageLifespan";
  /** 1 / churn, in `unit`s; `null` with reason `"zero-churn"` when churn is 0. */
  readonly value: number | null;
  readonly reason: ReasonCode | null;
  readonly churnRate: number;
  readonly unit: LifespanUnit | "period";
}

/**
 * Average customer lifespan from a churn rate: 1 / churn periods (the mean of a geometric
 * lifetime when every customer churns with the same probability each period, counting the
 * period of churn). Churn 0 gives `null` with reason `"zero-churn"`, never Infinity.
 *
 * Source: the expected value of a geometric distribution; the usual "customer lifetime =
 * 1 / churn rate" of SaaS metrics (e.g. ChartMogul's LTV = ARPA / churn).
 * @example
 * averageLifespan({ churnRate: 0.05, unit: "month" }).value
 * //=> 20
 * averageLifespan({ churnRate: 0 }).reason
 * //=> "zero-churn"
 */
export function averageLifespan(input: LifespanInput): LifespanResult {
  const parsed = parseWith(lifespanInputSchema, input, []);
  const unit = parsed.unit ?? "period";
  if (parsed.churnRate === 0) {
    return { metric: "averageLifespan", value: null, reason: "zero-churn", churnRate: 0, unit };
  }
  return {
    metric: "averageLifespan",
    value: 1 / parsed.churnRate,
    reason: null,
    churnRate: parsed.churnRate,
    unit,
  };
}

/** {@link averageLifespan} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeAverageLifespan(input: LifespanInput): SafeResult<LifespanResult> {
  return attempt(() => averageLifespan(input));
}
