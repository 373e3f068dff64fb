import gammaln from "@stdlib/math-base-special-gammaln";
import * as z from "zod/mini";
import { attempt, parseWith, type SafeResult, schemaError } from "../../errors.js";
import type { Accessor, Metric } from "../../metric.js";
import type { Warning } from "../../result.js";
import { digamma } from "../../stats/digamma.js";
import { accessorSchema, nonNegativeSchema, type SchemaOutput } from "../../stats/options.js";
import { countFieldsSchema, mergeCheckedTallies } from "../../stats/tally.js";
import {
  distinctIndex,
  type FitControlOptions,
  fitPositive,
  fitted,
  type ModelReasonCode,
  type ModelValue,
  maxIterationsSchema,
  modelValue,
  noValue,
  penaltySchema,
  positiveParameterSchema,
  unfitted,
} from "./common.js";
import { fieldReader, resolveInput, rowWeight, type SummaryInput } from "./rows.js";

// ---------------------------------------------------------------------------------------------
// Schemas and types

/**
 * Gamma-Gamma parameters: each transaction's value ~ Gamma(p, ν), and the customer's ν ~
 * Gamma(q, γ); `v` is γ (lifetimes' name). The mean spend across customers is p·v/(q − 1).
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

/** A repeat customer's spend: number of repeat purchases and their mean value. */
export interface CustomerSpend {
  /** Repeat purchases x (integer ≥ 0). */
  readonly frequency: number;
  /** Mean value of the repeat purchases, m̄ (> 0 when frequency > 0). */
  readonly monetary: number;
}

/** Gamma-Gamma parameters, as a schema. */
export const gammaGammaParamsSchema: z.ZodMiniType<GammaGammaParams> =
  /* @__PURE__ */ z.looseObject({
    p: positiveParameterSchema,
    q: positiveParameterSchema,
    v: positiveParameterSchema,
  });

const MONETARY_MESSAGE = "expected a monetary value > 0 for a repeat customer (frequency > 0)";

/** A repeat customer's mean spend: finite and > 0 (the model is a Gamma distribution). */
export const repeatSpendSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z.number({ error: MONETARY_MESSAGE }).check(z.gt(0, { error: MONETARY_MESSAGE })))();

/** Options of {@link fitGammaGamma}. */
export interface GammaGammaOptions<R = CustomerSpend> extends FitControlOptions {
  /** Repeat purchases. Default `"frequency"`. */
  readonly frequency?: Accessor<R>;
  /** Mean repeat spend. Default `"monetary"`. */
  readonly monetary?: Accessor<R>;
  /** Row weight (identical customers). Default 1. */
  readonly weight?: Accessor<R>;
  /**
   * A `"spend-frequency-correlation"` warning is added when |Pearson r| between frequency and
   * mean spend of repeat customers exceeds this. Default 0.3.
   */
  readonly correlationThreshold?: number;
}

/** Options of {@link fitGammaGamma}, as a schema (unknown keys are errors). */
export const gammaGammaOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<GammaGammaOptions, "frequency" | "monetary" | "weight">> & {
    frequency?: unknown;
    monetary?: unknown;
    weight?: unknown;
  }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    frequency: z.optional(accessorSchema),
    monetary: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
    penalty: z.optional(penaltySchema),
    maxIterations: z.optional(maxIterationsSchema),
    correlationThreshold: z.optional(
      z
        .number()
        .check(
          z.gte(0, { error: "expected a threshold in [0, 1]" }),
          z.lte(1, { error: "expected a threshold in [0, 1]" }),
        ),
    ),
  }))();

/** Distinct (x, m̄) of repeat customers with their weights, and how many non-repeat rows were skipped. */
export interface GammaGammaTally {
  /** `[x, m̄, weight]` per distinct repeat customer. */
  readonly rows: readonly (readonly [number, number, number])[];
  /** Total weight of rows with frequency 0 (not used by the model). */
  readonly skipped: number;
}

/** A fitted Gamma-Gamma spend model. */
export interface GammaGammaFit {
  readonly metric: "gammaGamma";
  readonly params: GammaGammaParams | null;
  readonly reason: ModelReasonCode | null;
  /** Σ wᵢ ln f(m̄ᵢ | xᵢ) at the estimate (without the penalty). */
  readonly logLikelihood: number | null;
  readonly standardErrors: GammaGammaParams | null;
  readonly converged: boolean;
  readonly iterations: number;
  /** Repeat customers fitted (total weight). */
  readonly n: number;
  /** Customers with frequency 0, left out. */
  readonly skipped: number;
  readonly distinctRows: number;
  /** Weighted Pearson correlation of frequency and mean spend among repeat customers. */
  readonly correlation: number | null;
  readonly penalty: number;
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Tally

/** The empty Gamma-Gamma tally, identity of {@link mergeGammaGammaTallies}. */
export function emptyGammaGammaTally(): GammaGammaTally {
  return { rows: [], skipped: 0 };
}

/** Mutable grouping state. @internal */
export interface GammaGammaState {
  readonly index: Map<string, number>;
  readonly x: number[];
  readonly m: number[];
  readonly w: number[];
  skipped: number;
}

function newState(): GammaGammaState {
  return { index: new Map(), x: [], m: [], w: [], skipped: 0 };
}

function addRow(state: GammaGammaState, x: number, m: number, w: number): void {
  if (x === 0) {
    state.skipped += w;
    return;
  }
  const key = `${x} ${m}`;
  const at = state.index.get(key);
  if (at === undefined) {
    state.index.set(key, state.x.length);
    state.x.push(x);
    state.m.push(m);
    state.w.push(w);
  } else {
    state.w[at] = (state.w[at] as number) + w;
  }
}

function stateToTally(state: GammaGammaState): GammaGammaTally {
  const rows = state.x.map((x, i) => [x, state.m[i] as number, state.w[i] as number] as const);
  // Canonical row order: the tally and the fit do not depend on the order records arrived in.
  rows.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return { rows, skipped: state.skipped };
}

/** What {@link mergeGammaGammaTallies} accepts: every count finite and ≥ 0. */
const gammaGammaTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema(["skipped"], {
    rows: z.array(z.tuple([nonNegativeSchema, z.number(), nonNegativeSchema])),
  }))();

/**
 * Merges two Gamma-Gamma tallies (identical customers add their weights).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeGammaGammaTallies({ rows: [[2, 10, 1]], skipped: 3 }, { rows: [[2, 10, 1]], skipped: 1 })
 * //=> { rows: [[2, 10, 2]], skipped: 4 }
 */
export function mergeGammaGammaTallies(a: GammaGammaTally, b: GammaGammaTally): GammaGammaTally {
  return mergeCheckedTallies(gammaGammaTallyCheck, a, b, mergeGammaGammaTalliesUnchecked);
}

/** {@link mergeGammaGammaTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeGammaGammaTalliesUnchecked(
  a: GammaGammaTally,
  b: GammaGammaTally,
): GammaGammaTally {
  const state = newState();
  for (const row of a.rows) addRow(state, row[0], row[1], row[2]);
  for (const row of b.rows) addRow(state, row[0], row[1], row[2]);
  state.skipped = a.skipped + b.skipped;
  return stateToTally(state);
}

interface ResolvedOptions {
  readonly penalty: number;
  readonly maxIterations: number;
  readonly correlationThreshold: number;
}

function resolveOptions<R>(options: GammaGammaOptions<R> | undefined): ResolvedOptions {
  const parsed = parseWith(gammaGammaOptionsSchema, options ?? {}, ["options"]);
  return {
    penalty: parsed.penalty ?? 0,
    maxIterations: parsed.maxIterations ?? 500,
    correlationThreshold: parsed.correlationThreshold ?? 0.3,
  };
}

const FREQUENCY_MESSAGE = "expected an integer frequency >= 0";
const frequencySchema = /* @__PURE__ */ (() =>
  z.int({ error: FREQUENCY_MESSAGE }).check(z.gte(0, { error: FREQUENCY_MESSAGE })))();
const nonRepeatSpendSchema = /* @__PURE__ */ z.number({
  error: "expected a finite monetary value",
});

function addRecords<R>(
  state: GammaGammaState,
  rows: readonly R[],
  options: GammaGammaOptions<R> | undefined,
  offset: number,
): void {
  const fx = fieldReader(options?.frequency, "frequency");
  const fm = fieldReader(options?.monetary, "monetary");
  const fw = options?.weight === undefined ? undefined : fieldReader(options.weight, "weight");
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as R;
    const i = offset + j;
    const path = (key: string | undefined): (string | number)[] =>
      key === undefined ? [i] : [i, key];
    const x = fx.read(row, i);
    if (typeof x !== "number" || !(x >= 0) || !Number.isSafeInteger(x)) {
      throw schemaError(frequencySchema, x, path(fx.key), FREQUENCY_MESSAGE);
    }
    const m = fm.read(row, i);
    if (x > 0) {
      if (typeof m !== "number" || !(m > 0) || m === Number.POSITIVE_INFINITY) {
        throw schemaError(repeatSpendSchema, m, path(fm.key), MONETARY_MESSAGE);
      }
    } else if (typeof m !== "number" || !Number.isFinite(m)) {
      throw schemaError(nonRepeatSpendSchema, m, path(fm.key), "expected a finite monetary value");
    }
    const w = rowWeight(fw, row, i);
    addRow(state, x, m, w);
  }
}

/**
 * The Gamma-Gamma fit as a {@link Metric} (records: customers with frequency and monetary).
 * @example
 * runMetric(gammaGammaMetric(), [
 *   { frequency: 2, monetary: 22.35 },
 *   { frequency: 0, monetary: 0 },
 * ]).skipped
 * //=> 1
 */
export function gammaGammaMetric<R = CustomerSpend>(
  options?: GammaGammaOptions<R>,
): Metric<R, GammaGammaState, GammaGammaTally, GammaGammaFit> {
  const opts = resolveOptions(options);
  return {
    name: "gammaGamma",
    init: newState,
    add: (state, record, index) => addRecords(state, [record], options, index),
    tally: stateToTally,
    empty: emptyGammaGammaTally,
    merge: mergeGammaGammaTalliesUnchecked,
    finalize: (tally) => fitTally(tally, opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Likelihood and fit

interface Columns {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly w: Float64Array;
  readonly lnM: Float64Array;
  readonly xs: Float64Array;
  readonly xIndex: Int32Array;
  readonly totalWeight: number;
}

function columnsOf(x: ArrayLike<number>, m: ArrayLike<number>, w: ArrayLike<number>): Columns {
  const lnM = new Float64Array(x.length);
  let totalWeight = 0;
  for (let i = 0; i < x.length; i++) {
    lnM[i] = Math.log(m[i] as number);
    totalWeight += w[i] as number;
  }
  return {
    x: Float64Array.from(x),
    m: Float64Array.from(m),
    w: Float64Array.from(w),
    lnM,
    ...distinctIndex(x),
    totalWeight,
  };
}

/**
 * Σ wᵢ ln f(m̄ᵢ | p, q, γ, xᵢ) and its gradient, with (Fader & Hardie 2013, eq. 3)
 * ln f = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄).
 */
function logLikelihoodSum(data: Columns, theta: Float64Array, gradient: Float64Array): number {
  const p = theta[0] as number;
  const q = theta[1] as number;
  const v = theta[2] as number;
  const kx = data.xs.length;
  const baseByX = new Float64Array(kx);
  const dPByX = new Float64Array(kx);
  const psiPxQByX = new Float64Array(kx);
  const lnXByX = new Float64Array(kx);
  const lnQConst = -gammaln(q) + q * Math.log(v);
  const psiQ = digamma(q);
  for (let k = 0; k < kx; k++) {
    const x = data.xs[k] as number;
    const px = p * x;
    lnXByX[k] = Math.log(x);
    baseByX[k] = gammaln(px + q) - gammaln(px) + lnQConst + px * (lnXByX[k] as number);
    const psiPxQ = digamma(px + q);
    psiPxQByX[k] = psiPxQ;
    dPByX[k] = psiPxQ - digamma(px);
  }
  let sum = 0;
  let gP = 0;
  let gQ = 0;
  let gV = 0;
  const lnV = Math.log(v);
  for (let i = 0; i < data.x.length; i++) {
    const w = data.w[i] as number;
    if (w === 0) continue;
    const x = data.x[i] as number;
    const k = data.xIndex[i] as number;
    const px = p * x;
    const lnM = data.lnM[i] as number;
    const denom = v + x * (data.m[i] as number);
    const lnDenom = Math.log(denom);
    sum += w * ((baseByX[k] as number) + (px - 1) * lnM - (px + q) * lnDenom);
    gP += w * x * ((dPByX[k] as number) + lnM + (lnXByX[k] as number) - lnDenom);
    gQ += w * ((psiPxQByX[k] as number) - psiQ + lnV - lnDenom);
    gV += w * (q / v - (px + q) / denom);
  }
  gradient[0] = gP;
  gradient[1] = gQ;
  gradient[2] = gV;
  return sum;
}

function pearson(data: Columns): number | null {
  let sw = 0;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.w[i] as number;
    sw += w;
    mx += w * (data.x[i] as number);
    mm += w * (data.m[i] as number);
  }
  if (!(sw > 0)) return null;
  mx /= sw;
  mm /= sw;
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.w[i] as number;
    const dx = (data.x[i] as number) - mx;
    const dm = (data.m[i] as number) - mm;
    sxx += w * dx * dx;
    smm += w * dm * dm;
    sxm += w * dx * dm;
  }
  if (!(sxx > 0) || !(smm > 0)) return null;
  return sxm / Math.sqrt(sxx * smm);
}

function fitColumns(data: Columns, skipped: number, opts: ResolvedOptions): GammaGammaFit {
  const correlation = pearson(data);
  const warnings: Warning[] = [];
  if (correlation !== null && Math.abs(correlation) > opts.correlationThreshold) {
    warnings.push({
      code: "spend-frequency-correlation",
      message: `Frequency and mean spend are correlated (r = ${correlation.toFixed(3)}, above ${opts.correlationThreshold}): the Gamma-Gamma model assumes they are independent.`,
    });
  }
  const base = {
    metric: "gammaGamma" as const,
    n: data.totalWeight,
    skipped,
    distinctRows: data.x.length,
    correlation,
    penalty: opts.penalty,
  };
  if (!(data.totalWeight > 0)) {
    return {
      ...base,
      ...unfitted("empty", "No repeat customers (frequency > 0): nothing to fit.", warnings),
    };
  }
  let meanSpend = 0;
  for (let i = 0; i < data.x.length; i++)
    meanSpend += (data.w[i] as number) * (data.m[i] as number);
  meanSpend /= data.totalWeight;
  // Start where the population mean p·v/(q − 1) equals the observed mean.
  const fit = fitPositive(
    (theta, gradient) => logLikelihoodSum(data, theta, gradient),
    [1, 2, meanSpend],
    data.totalWeight,
    opts.penalty,
    opts.maxIterations,
  );
  return {
    ...base,
    ...fitted(
      fit,
      (t): GammaGammaParams => ({ p: t[0] as number, q: t[1] as number, v: t[2] as number }),
      warnings,
    ),
  };
}

function fitTally(tally: GammaGammaTally, opts: ResolvedOptions): GammaGammaFit {
  const x = tally.rows.map((row) => row[0]);
  const m = tally.rows.map((row) => row[1]);
  const w = tally.rows.map((row) => row[2]);
  return fitColumns(columnsOf(x, m, w), tally.skipped, opts);
}

/**
 * Fits the Gamma-Gamma model of spend per transaction (Fader & Hardie 2013) to repeat customers.
 *
 * Each transaction of a customer is worth Zᵢ ~ Gamma(p, ν), with ν ~ Gamma(q, γ) across
 * customers; the mean of x transactions, m̄, then has density
 * f(m̄ | p, q, γ, x) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q x^(px) m̄^(px−1) / (γ + x m̄)^(px+q).
 * Customers with frequency 0 are skipped (counted in `skipped`); a repeat customer with a
 * non-positive mean spend is an input error. The model assumes spend and frequency are
 * independent: a `"spend-frequency-correlation"` warning is added when |Pearson r| exceeds
 * `correlationThreshold` (default 0.3). Fitted on log-parameters with L-BFGS; standard errors
 * from the inverse numerical Hessian.
 *
 * Source: Fader & Hardie (2013), "The Gamma-Gamma model of monetary value" (brucehardie.com
 * note 025); Colombo & Jiang (1999); lifetimes `GammaGammaFitter` (`v` is γ).
 * @param summary - An {@link rfmSummary} result, or rows with frequency and monetary.
 * @example
 * const fit = fitGammaGamma([
 *   { frequency: 2, monetary: 22.35 },
 *   { frequency: 1, monetary: 11.77 },
 *   { frequency: 3, monetary: 40.1 },
 *   { frequency: 1, monetary: 18 },
 *   { frequency: 5, monetary: 25.5 },
 *   { frequency: 0, monetary: 0 },
 * ]);
 * fit.n
 * //=> 5
 */
export function fitGammaGamma<R = CustomerSpend>(
  summary: SummaryInput<R>,
  options?: GammaGammaOptions<R>,
): GammaGammaFit {
  const opts = resolveOptions(options);
  const input = resolveInput<R>(summary, "customers with frequency and monetary");
  const state = newState();
  addRecords(state, input.rows, options, 0);
  return fitColumns(columnsOf(state.x, state.m, state.w), state.skipped, opts);
}

/** {@link fitGammaGamma} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFitGammaGamma<R = CustomerSpend>(
  summary: SummaryInput<R>,
  options?: GammaGammaOptions<R>,
): SafeResult<GammaGammaFit> {
  return attempt(() => fitGammaGamma(summary, options));
}

// ---------------------------------------------------------------------------------------------
// Predictions

function isPositive(v: unknown): v is number {
  return typeof v === "number" && v > 0 && v !== Number.POSITIVE_INFINITY;
}

/** Checks Gamma-Gamma parameters inline. @internal */
export function checkGammaGammaParams(params: unknown): GammaGammaParams {
  if (params !== null && typeof params === "object") {
    const g: { readonly [K in keyof GammaGammaParams]?: unknown } = params;
    if (isPositive(g.p) && isPositive(g.q) && isPositive(g.v)) return { p: g.p, q: g.q, v: g.v };
  }
  throw schemaError(gammaGammaParamsSchema, params, ["params"], "expected { p, q, v } > 0");
}

/** E[Z | x, m̄] without input checks. @internal */
export function expectedSpend(params: GammaGammaParams, x: number, m: number): ModelValue {
  const { p, q, v } = params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) return noValue("parameter-out-of-range");
  return modelValue((p * (v + x * (x > 0 ? m : 0))) / denominator);
}

/**
 * Expected mean spend per transaction of a customer with x repeat purchases of mean m̄:
 * E[Z | p, q, γ, x, m̄] = p(γ + x m̄)/(px + q − 1), a weighted mean of the population mean
 * pγ/(q − 1) and the customer's own m̄ with weight px/(px + q − 1). A customer with x = 0 gets
 * the population mean.
 *
 * Source: Fader & Hardie (2013), eq. (5); lifetimes `conditional_expected_average_profit`.
 * @returns `value` is `null` with reason `"parameter-out-of-range"` when px + q ≤ 1 (for x = 0:
 *   q ≤ 1, where the population mean is infinite).
 * @example
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, v: 15.44 }, { frequency: 2, monetary: 22.35 }).value // ≈ 24.66
 */
export function gammaGammaExpectedSpend(
  params: GammaGammaParams,
  customer: CustomerSpend,
): ModelValue {
  const g = checkGammaGammaParams(params);
  const c: { readonly [K in keyof CustomerSpend]?: unknown } =
    customer !== null && typeof customer === "object" ? customer : {};
  const x = c.frequency;
  if (typeof x !== "number" || !(x >= 0) || !Number.isSafeInteger(x)) {
    throw schemaError(frequencySchema, x, ["customer", "frequency"], FREQUENCY_MESSAGE);
  }
  const m = c.monetary;
  if (x > 0 && (typeof m !== "number" || !(m > 0) || m === Number.POSITIVE_INFINITY)) {
    throw schemaError(repeatSpendSchema, m, ["customer", "monetary"], MONETARY_MESSAGE);
  }
  return expectedSpend(g, x, typeof m === "number" && Number.isFinite(m) ? m : 0);
}

/** {@link gammaGammaExpectedSpend} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeGammaGammaExpectedSpend(
  params: GammaGammaParams,
  customer: CustomerSpend,
): SafeResult<ModelValue> {
  return attempt(() => gammaGammaExpectedSpend(params, customer));
}

/** {@link gammaGammaMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeGammaGammaMetric<R = CustomerSpend>(
  options?: GammaGammaOptions<R>,
): SafeResult<Metric<R, GammaGammaState, GammaGammaTally, GammaGammaFit>> {
  return attempt(() => gammaGammaMetric<R>(options));
}

/** {@link mergeGammaGammaTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeGammaGammaTallies(
  a: GammaGammaTally,
  b: GammaGammaTally,
): SafeResult<GammaGammaTally> {
  return attempt(() => mergeGammaGammaTallies(a, b));
}
