import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult, schemaError } from "../../errors.js";
import type { Accessor } from "../../metric.js";
import type { Warning } from "../../result.js";
import { accessorSchema, type SchemaOutput } from "../../stats/options.js";
import { bgNbdParamsSchema, conditionalExpectedPurchases } from "./bgnbd.js";
import type { TransactionModel } from "./clv.js";
import { type ModelTimeUnit, modelTimeUnitSchema } from "./common.js";
import {
  agreeTimeUnits,
  fieldReader,
  forEachHistory,
  type HistoryAccessors,
  resolveInput,
  type SummaryInput,
} from "./rows.js";

/** Options of {@link evaluateHoldout}. */
export interface HoldoutOptions<R> extends HistoryAccessors<R> {
  /** Purchases in the holdout. Default `"frequencyHoldout"`. */
  readonly frequencyHoldout?: Accessor<R>;
  /** Holdout length in the model's time unit. Default `"durationHoldout"`. */
  readonly durationHoldout?: Accessor<R>;
  /** Calibration frequencies from this value up are pooled into one group ("7+"). Default 7. */
  readonly maxFrequency?: number;
  /** Unit of recency, T and the duration, when neither the model nor the summary states it. */
  readonly timeUnit?: ModelTimeUnit;
}

/** Options of {@link evaluateHoldout}, as a schema (unknown keys are errors). */
export const holdoutOptionsSchema: z.ZodMiniType<
  SchemaOutput<Pick<HoldoutOptions<unknown>, "maxFrequency" | "timeUnit">> & {
    frequency?: unknown;
    recency?: unknown;
    T?: unknown;
    weight?: unknown;
    frequencyHoldout?: unknown;
    durationHoldout?: unknown;
  }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    frequency: z.optional(accessorSchema),
    recency: z.optional(accessorSchema),
    T: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
    frequencyHoldout: z.optional(accessorSchema),
    durationHoldout: z.optional(accessorSchema),
    maxFrequency: z.optional(
      z
        .int({ error: "expected an integer >= 1" })
        .check(z.gte(1, { error: "expected an integer >= 1" })),
    ),
    timeUnit: z.optional(
      z.enum(["day", "week", "month"], { error: 'expected "day", "week" or "month"' }),
    ),
  }))();

/** Predicted and actual holdout purchases for a group of customers. */
export interface HoldoutGroup {
  /** `"0"`, `"1"`, …, `"7+"`: calibration frequency. */
  readonly label: string;
  /** Lowest calibration frequency in the group. */
  readonly frequency: number;
  /** Customers (total weight). */
  readonly n: number;
  /** Mean actual holdout purchases per customer. */
  readonly actual: number | null;
  /** Mean predicted holdout purchases per customer. */
  readonly predicted: number | null;
  /** Mean |predicted − actual| over the group's customers. */
  readonly meanAbsoluteError: number | null;
}

/** The result of {@link evaluateHoldout}. */
export interface HoldoutEvaluation {
  readonly metric: "holdoutEvaluation";
  readonly timeUnit: ModelTimeUnit | null;
  /** Customers evaluated (total weight). */
  readonly n: number;
  /** Σ actual holdout purchases. */
  readonly actualTotal: number;
  /** Σ predicted holdout purchases. */
  readonly predictedTotal: number;
  /** Mean |predicted − actual| per customer; `null` when there are no customers. */
  readonly meanAbsoluteError: number | null;
  /** By calibration frequency 0, 1, …, maxFrequency+ (empty groups included with n = 0). */
  readonly groups: readonly HoldoutGroup[];
  /** Customers left out because the expectation could not be computed. */
  readonly missing: number;
  readonly warnings: readonly Warning[];
}

const COUNT_MESSAGE = "expected an integer count >= 0";
const holdoutCountSchema = /* @__PURE__ */ (() =>
  z.int({ error: COUNT_MESSAGE }).check(z.gte(0, { error: COUNT_MESSAGE })))();
const DURATION_MESSAGE = "expected a finite holdout duration >= 0";
const durationSchema = /* @__PURE__ */ (() =>
  z.number({ error: DURATION_MESSAGE }).check(z.gte(0, { error: DURATION_MESSAGE })))();

/**
 * Holdout check of a BG/NBD model (Fader, Hardie & Lee 2005, fig. 4; lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`): for each customer the conditional
 * expectation E[Y(t*) | x, tₓ, T] over the holdout length t* is compared with the purchases
 * actually made, overall and by calibration frequency 0, 1, …, 7+; MAE = mean |predicted − actual|.
 *
 * Input: an {@link rfmSummary} made with `calibrationEnd` (it has `frequencyHoldout` and
 * `durationHoldout`), or rows with those fields.
 * @example
 * const evaluation = evaluateHoldout(
 *   { metric: "bgNbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: "week" },
 *   [{ frequency: 2, recency: 30.43, T: 38.86, frequencyHoldout: 1, durationHoldout: 39 }],
 * );
 * evaluation.predictedTotal // ≈ 1.226
 * evaluation.meanAbsoluteError // ≈ 0.226
 */
export function evaluateHoldout<R = Record<string, unknown>>(
  transactionModel: TransactionModel,
  summary: SummaryInput<R>,
  options?: HoldoutOptions<R>,
): HoldoutEvaluation {
  const parsed = parseWith(holdoutOptionsSchema, options ?? {}, ["options"]);
  if (
    transactionModel === null ||
    typeof transactionModel !== "object" ||
    transactionModel.metric !== "bgNbd"
  ) {
    throw inputError(["transactionModel"], "expected a fitted bgNbd model");
  }
  if (transactionModel.params === null) {
    throw inputError(["transactionModel", "params"], "the bgNbd model has no parameters");
  }
  const params = parseWith(bgNbdParamsSchema, transactionModel.params, [
    "transactionModel",
    "params",
  ]);
  const modelUnit: unknown = transactionModel.timeUnit;
  const data = resolveInput<R>(summary, "customers with holdout purchases", ["summary"]);
  const timeUnit = agreeTimeUnits([
    {
      unit:
        modelUnit === undefined || modelUnit === null
          ? null
          : parseWith(modelTimeUnitSchema, modelUnit, ["transactionModel", "timeUnit"]),
      path: ["transactionModel", "timeUnit"],
    },
    { unit: data.timeUnit, path: ["summary", "timeUnit"] },
    { unit: parsed.timeUnit ?? null, path: ["options", "timeUnit"] },
  ]);
  const maxFrequency = parsed.maxFrequency ?? 7;
  const fy = fieldReader(options?.frequencyHoldout, "frequencyHoldout");
  const fd = fieldReader(options?.durationHoldout, "durationHoldout");
  const groupN = new Float64Array(maxFrequency + 1);
  const groupActual = new Float64Array(maxFrequency + 1);
  const groupPredicted = new Float64Array(maxFrequency + 1);
  const groupError = new Float64Array(maxFrequency + 1);
  let missing = 0;
  forEachHistory(
    data.rows,
    options,
    (x, recency, age, weight, index) => {
      const row = data.rows[index] as R;
      const path = (key: string | undefined): (string | number)[] =>
        key === undefined ? ["summary", index] : ["summary", index, key];
      const actual = fy.read(row, index);
      if (typeof actual !== "number" || !(actual >= 0) || !Number.isSafeInteger(actual)) {
        throw schemaError(holdoutCountSchema, actual, path(fy.key), COUNT_MESSAGE);
      }
      const duration = fd.read(row, index);
      if (
        typeof duration !== "number" ||
        !(duration >= 0) ||
        duration === Number.POSITIVE_INFINITY
      ) {
        throw schemaError(durationSchema, duration, path(fd.key), DURATION_MESSAGE);
      }
      const predicted = conditionalExpectedPurchases(params, x, recency, age, duration);
      if (predicted.value === null) {
        missing += weight;
        return;
      }
      const g = Math.min(x, maxFrequency);
      groupN[g] = (groupN[g] as number) + weight;
      groupActual[g] = (groupActual[g] as number) + weight * actual;
      groupPredicted[g] = (groupPredicted[g] as number) + weight * predicted.value;
      groupError[g] = (groupError[g] as number) + weight * Math.abs(predicted.value - actual);
    },
    ["summary"],
  );
  let n = 0;
  let actualTotal = 0;
  let predictedTotal = 0;
  let errorTotal = 0;
  const groups: HoldoutGroup[] = [];
  for (let g = 0; g <= maxFrequency; g++) {
    const gn = groupN[g] as number;
    n += gn;
    actualTotal += groupActual[g] as number;
    predictedTotal += groupPredicted[g] as number;
    errorTotal += groupError[g] as number;
    groups.push({
      label: g === maxFrequency ? `${g}+` : String(g),
      frequency: g,
      n: gn,
      actual: gn > 0 ? (groupActual[g] as number) / gn : null,
      predicted: gn > 0 ? (groupPredicted[g] as number) / gn : null,
      meanAbsoluteError: gn > 0 ? (groupError[g] as number) / gn : null,
    });
  }
  const warnings: Warning[] = [];
  if (missing > 0) {
    warnings.push({
      code: "missing-values",
      message: `${missing} customer(s) left out: their expected purchases could not be computed.`,
    });
  }
  if (n === 0) warnings.push({ code: "empty", message: "No customers to evaluate." });
  return {
    metric: "holdoutEvaluation",
    timeUnit,
    n,
    actualTotal,
    predictedTotal,
    meanAbsoluteError: n > 0 ? errorTotal / n : null,
    groups,
    missing,
    warnings,
  };
}

/** {@link evaluateHoldout} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeEvaluateHoldout<R = Record<string, unknown>>(
  transactionModel: TransactionModel,
  summary: SummaryInput<R>,
  options?: HoldoutOptions<R>,
): SafeResult<HoldoutEvaluation> {
  return attempt(() => evaluateHoldout(transactionModel, summary, options));
}
