import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult, schemaError } from "../../errors.js";
import type { Metric } from "../../metric.js";
import type { Warning } from "../../result.js";
import { digamma } from "../../stats/digamma.js";
import { accessorSchema, nonNegativeSchema, type SchemaOutput } from "../../stats/options.js";
import { hypergeometric2F1, logAddExp } from "../../stats/special.js";
import { mergeCheckedTallies } from "../../stats/tally.js";
import {
  distinctIndex,
  type FitControlOptions,
  type FitWording,
  fitPositive,
  fitted,
  type ModelReasonCode,
  type ModelTimeUnit,
  type ModelValue,
  maxIterationsSchema,
  modelTimeUnitSchema,
  modelValue,
  noValue,
  penaltySchema,
  positiveParameterSchema,
  unfitted,
} from "./common.js";
import {
  type CustomerHistory,
  customerHistorySchema,
  forEachHistory,
  type HistoryAccessors,
  resolveInput,
  type SummaryInput,
} from "./rows.js";

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** BG/NBD parameters: purchase rate ~ Gamma(r, α), dropout probability ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** BG/NBD parameters, as a schema: four finite positive numbers. */
export const bgNbdParamsSchema: z.ZodMiniType<BgNbdParams> = /* @__PURE__ */ z.looseObject({
  r: positiveParameterSchema,
  alpha: positiveParameterSchema,
  a: positiveParameterSchema,
  b: positiveParameterSchema,
});

/** Options of {@link fitBgNbd}: where the fields are, row weights, penalty, iterations. */
export interface BgNbdOptions<R = CustomerHistory> extends HistoryAccessors<R>, FitControlOptions {
  /** Unit of recency and T when plain rows are given (an rfmSummary states its own). */
  readonly timeUnit?: ModelTimeUnit;
}

/** Options of {@link fitBgNbd}, as a schema (unknown keys are errors). */
export const bgNbdOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<BgNbdOptions, "frequency" | "recency" | "T" | "weight">> & {
    frequency?: unknown;
    recency?: unknown;
    T?: unknown;
    weight?: unknown;
  }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    frequency: z.optional(accessorSchema),
    recency: z.optional(accessorSchema),
    T: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
    penalty: z.optional(penaltySchema),
    maxIterations: z.optional(maxIterationsSchema),
    timeUnit: z.optional(modelTimeUnitSchema),
  }))();

/**
 * The sufficient statistics of a BG/NBD fit: distinct (x, tₓ, T) rows with their total weight.
 * Mergeable: concatenate and add the weights of identical rows. Plain JSON.
 */
export interface BgNbdTally {
  /** `[x, tₓ, T, weight]` per distinct history. */
  readonly rows: readonly (readonly [number, number, number, number])[];
  /** Unit of tₓ and T, when known. */
  readonly timeUnit: ModelTimeUnit | null;
}

/** A fitted BG/NBD model. */
export interface BgNbdFit {
  readonly metric: "bgNbd";
  /** Maximum-likelihood estimates; `null` with a reason when there is nothing to fit. */
  readonly params: BgNbdParams | null;
  readonly reason: ModelReasonCode | null;
  /** Σ wᵢ ln Lᵢ at the estimate (without the penalty). */
  readonly logLikelihood: number | null;
  /** From the inverse numerical Hessian of the negative log-likelihood; `null` if not positive definite. */
  readonly standardErrors: BgNbdParams | null;
  readonly converged: boolean;
  readonly iterations: number;
  /** Customers (total weight). */
  readonly n: number;
  /** Distinct (x, tₓ, T) rows the likelihood was evaluated on. */
  readonly distinctRows: number;
  /** Unit of tₓ, T and of the rates (α is in this unit). */
  readonly timeUnit: ModelTimeUnit | null;
  readonly penalty: number;
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Tally

/** The empty BG/NBD tally, identity of {@link mergeBgNbdTallies}. */
export function emptyBgNbdTally(): BgNbdTally {
  return { rows: [], timeUnit: null };
}

/** Mutable grouping state: index of each distinct history, and its columns. @internal */
export interface BgNbdState {
  readonly index: Map<string, number>;
  readonly x: number[];
  readonly recency: number[];
  readonly age: number[];
  readonly weight: number[];
  timeUnit: ModelTimeUnit | null;
}

function newState(): BgNbdState {
  return { index: new Map(), x: [], recency: [], age: [], weight: [], timeUnit: null };
}

function addRow(state: BgNbdState, x: number, recency: number, age: number, weight: number): void {
  const key = `${x} ${recency} ${age}`;
  const at = state.index.get(key);
  if (at === undefined) {
    state.index.set(key, state.x.length);
    state.x.push(x);
    state.recency.push(recency);
    state.age.push(age);
    state.weight.push(weight);
  } else {
    state.weight[at] = (state.weight[at] as number) + weight;
  }
}

function stateToTally(state: BgNbdState): BgNbdTally {
  const rows: [number, number, number, number][] = [];
  for (let i = 0; i < state.x.length; i++) {
    rows.push([
      state.x[i] as number,
      state.recency[i] as number,
      state.age[i] as number,
      state.weight[i] as number,
    ]);
  }
  // Rows in a canonical order, so a tally (and the fit on it) does not depend on the order in
  // which records or shards arrived: summation order would otherwise change the optimum found
  // on poorly identified samples.
  rows.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  return { rows, timeUnit: state.timeUnit };
}

function mergeUnits(a: ModelTimeUnit | null, b: ModelTimeUnit | null): ModelTimeUnit | null {
  if (a !== null && b !== null && a !== b) {
    throw inputError(["timeUnit"], `cannot merge tallies in "${a}" and "${b}"`);
  }
  return a ?? b;
}

/** What {@link mergeBgNbdTallies} accepts: rows of four finite numbers ≥ 0 (the unit checked apart). */
const bgNbdTallyCheck = /* @__PURE__ */ (() =>
  z.object({
    rows: z.array(
      z.tuple([nonNegativeSchema, nonNegativeSchema, nonNegativeSchema, nonNegativeSchema]),
    ),
    timeUnit: z.unknown(),
  }))();

/**
 * Merges two BG/NBD tallies: identical histories add their weights; rows come out sorted by
 * (x, tₓ, T), so merging is associative and commutative. Tallies in different time units cannot
 * be merged (an error at `timeUnit`); tallies that are not objects with rows of four finite
 * numbers ≥ 0 are errors at `a…` / `b…`.
 * @example
 * mergeBgNbdTallies(
 *   { rows: [[1, 2, 5, 1]], timeUnit: "week" },
 *   { rows: [[1, 2, 5, 2], [0, 0, 5, 1]], timeUnit: "week" },
 * ).rows
 * //=> [[0, 0, 5, 1], [1, 2, 5, 3]]
 */
export function mergeBgNbdTallies(a: BgNbdTally, b: BgNbdTally): BgNbdTally {
  return mergeCheckedTallies(bgNbdTallyCheck, a, b, mergeBgNbdTalliesUnchecked);
}

/** {@link mergeBgNbdTallies} without checks: the metric's own merge. @internal */
export function mergeBgNbdTalliesUnchecked(a: BgNbdTally, b: BgNbdTally): BgNbdTally {
  const state = newState();
  state.timeUnit = mergeUnits(a.timeUnit, b.timeUnit);
  for (const row of a.rows) addRow(state, row[0], row[1], row[2], row[3]);
  for (const row of b.rows) addRow(state, row[0], row[1], row[2], row[3]);
  return stateToTally(state);
}

interface ResolvedBgNbdOptions {
  readonly penalty: number;
  readonly maxIterations: number;
  readonly timeUnit: ModelTimeUnit | null;
}

function resolveOptions<R>(options: BgNbdOptions<R> | undefined): ResolvedBgNbdOptions {
  const parsed = parseWith(bgNbdOptionsSchema, options ?? {}, ["options"]);
  return {
    penalty: parsed.penalty ?? 0,
    maxIterations: parsed.maxIterations ?? 500,
    timeUnit: parsed.timeUnit ?? null,
  };
}

/**
 * The BG/NBD fit as a {@link Metric}: records are customer histories, the tally groups identical
 * ones, and `finalize` fits the model. Lets `bySegment` fit one model per segment.
 * @example
 * const rows = [
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 1, recency: 1.71, T: 38.86 },
 * ];
 * runMetric(bgNbdMetric(), rows).n
 * //=> 3
 */
export function bgNbdMetric<R = CustomerHistory>(
  options?: BgNbdOptions<R>,
): Metric<R, BgNbdState, BgNbdTally, BgNbdFit> {
  const opts = resolveOptions(options);
  return {
    name: "bgNbd",
    init: () => {
      const state = newState();
      state.timeUnit = opts.timeUnit;
      return state;
    },
    add(state, record, index) {
      forEachHistory(
        [record],
        options,
        (x, recency, age, weight) => addRow(state, x, recency, age, weight),
        [],
        index,
      );
    },
    tally: stateToTally,
    empty: emptyBgNbdTally,
    merge: mergeBgNbdTalliesUnchecked,
    finalize: (tally) => fitTally(tally, opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Likelihood

/** Columns of distinct histories, with the index of each row's x among the distinct x values. */
interface Columns {
  readonly x: Float64Array;
  readonly recency: Float64Array;
  readonly age: Float64Array;
  readonly weight: Float64Array;
  /** Distinct x values and, per row, the position of its x among them. */
  readonly xs: Float64Array;
  readonly xIndex: Int32Array;
  readonly totalWeight: number;
}

function columnsOf(
  x: ArrayLike<number>,
  recency: ArrayLike<number>,
  age: ArrayLike<number>,
  weight: ArrayLike<number>,
): Columns {
  let totalWeight = 0;
  for (let i = 0; i < x.length; i++) totalWeight += weight[i] as number;
  return {
    x: Float64Array.from(x),
    recency: Float64Array.from(recency),
    age: Float64Array.from(age),
    weight: Float64Array.from(weight),
    ...distinctIndex(x),
    totalWeight,
  };
}

/**
 * Σ wᵢ ln Lᵢ and its gradient in (r, α, a, b), in the overflow-safe form of Hardie's note
 * "Overcoming the BG/NBD model's #NUM! error problem": ln L = A₁ + A₂ + ln(e^A₃ + δ e^A₄) with
 * A₁ = lnΓ(r+x) − lnΓ(r) + r ln α, A₂ = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 * A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tₓ) (δ = 1 when x > 0).
 */
function logLikelihoodSum(data: Columns, theta: Float64Array, gradient: Float64Array): number {
  const r = theta[0] as number;
  const alpha = theta[1] as number;
  const a = theta[2] as number;
  const b = theta[3] as number;
  const kx = data.xs.length;
  // Per distinct x: A₁ + A₂ and the x-only parts of the gradient.
  const base = new Float64Array(kx);
  const lnB1 = new Float64Array(kx);
  const dBaseR = new Float64Array(kx);
  const dBaseA = new Float64Array(kx);
  const dBaseB = new Float64Array(kx);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const constant = gammaln(a + b) - gammaln(b) - gammaln(r);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  for (let k = 0; k < kx; k++) {
    const x = data.xs[k] as number;
    base[k] = constant + gammaln(r + x) + r * lnAlpha + gammaln(b + x) - gammaln(a + b + x);
    lnB1[k] = x > 0 ? Math.log(b + x - 1) : 0;
    const psiABX = digamma(a + b + x);
    dBaseR[k] = digamma(r + x) - psiR + lnAlpha;
    dBaseA[k] = psiAB - psiABX;
    dBaseB[k] = psiAB + digamma(b + x) - psiB - psiABX;
  }
  const weightByX = new Float64Array(kx);
  const w4ByX = new Float64Array(kx);
  let sum = 0;
  let gR = 0;
  let gAlpha = 0;
  const n = data.x.length;
  const xsCol = data.x;
  const txCol = data.recency;
  const tCol = data.age;
  const wCol = data.weight;
  const idx = data.xIndex;
  for (let i = 0; i < n; i++) {
    const w = wCol[i] as number;
    if (w === 0) continue;
    const x = xsCol[i] as number;
    const k = idx[i] as number;
    const rx = r + x;
    const aT = alpha + (tCol[i] as number);
    const lnAT = Math.log(aT);
    const a3 = -rx * lnAT;
    let ll: number;
    if (x > 0) {
      const aTx = alpha + (txCol[i] as number);
      const lnATx = Math.log(aTx);
      const a4 = lnA - (lnB1[k] as number) - rx * lnATx;
      let w3: number;
      let w4: number;
      if (a3 >= a4) {
        const e = Math.exp(a4 - a3);
        ll = a3 + Math.log1p(e);
        w3 = 1 / (1 + e);
        w4 = e * w3;
      } else {
        const e = Math.exp(a3 - a4);
        ll = a4 + Math.log1p(e);
        w4 = 1 / (1 + e);
        w3 = e * w4;
      }
      gR -= w * (w3 * lnAT + w4 * lnATx);
      gAlpha -= w * rx * (w3 / aT + w4 / aTx);
      w4ByX[k] = (w4ByX[k] as number) + w * w4;
    } else {
      ll = a3;
      gR -= w * lnAT;
      gAlpha -= (w * rx) / aT;
    }
    sum += w * (ll + (base[k] as number));
    weightByX[k] = (weightByX[k] as number) + w;
  }
  let gA = 0;
  let gB = 0;
  for (let k = 0; k < kx; k++) {
    const wk = weightByX[k] as number;
    const w4 = w4ByX[k] as number;
    const x = data.xs[k] as number;
    gR += wk * (dBaseR[k] as number);
    gAlpha += (wk * r) / alpha;
    gA += wk * (dBaseA[k] as number) + w4 / a;
    gB += wk * (dBaseB[k] as number) - (x > 0 ? w4 / (b + x - 1) : 0);
  }
  gradient[0] = gR;
  gradient[1] = gAlpha;
  gradient[2] = gA;
  gradient[3] = gB;
  return sum;
}

/**
 * One customer's BG/NBD log-likelihood ln L(r, α, a, b | x, tₓ, T), in the overflow-safe form
 * (Hardie, "Overcoming the BG/NBD model's #NUM! error problem"):
 * ln L = A₁ + A₂ + ln(e^A₃ + δₓ₍>₀₎ e^A₄), with A₁ = lnΓ(r+x) − lnΓ(r) + r ln α,
 * A₂ = ln B(a, b+x) − ln B(a, b), A₃ = −(r+x) ln(α+T), A₄ = ln(a/(b+x−1)) − (r+x) ln(α+tₓ).
 * Finite for customers with hundreds of purchases.
 *
 * Source: Fader, Hardie & Lee (2005), eq. (6); Hardie's note on the #NUM! error.
 * @example
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * Number.isFinite(bgNbdLogLikelihood(params, { frequency: 200, recency: 38, T: 40 }))
 * //=> true
 */
export function bgNbdLogLikelihood(params: BgNbdParams, customer: CustomerHistory): number {
  const p = checkParams(params);
  const h = checkHistory(customer);
  const { r, alpha, a, b } = p;
  const x = h.frequency;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = betaln(a, b + x) - betaln(a, b);
  const a3 = -(r + x) * Math.log(alpha + h.T);
  if (x === 0) return finiteOrParamsError(a1 + a2 + a3, p);
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + h.recency);
  return finiteOrParamsError(a1 + a2 + logAddExp(a3, a4), p);
}

/**
 * `value`, or an input error naming the largest parameter when astronomically large (finite)
 * parameters overflowed the formula to ±Infinity or NaN.
 */
function finiteOrParamsError(value: number, p: BgNbdParams): number {
  if (Number.isFinite(value)) return value;
  let largest: keyof BgNbdParams = "r";
  for (const key of ["alpha", "a", "b"] as const) if (p[key] > p[largest]) largest = key;
  throw inputError(
    ["params", largest],
    "the value overflows: expected parameters of a realistic magnitude (well below 1e308)",
  );
}

// ---------------------------------------------------------------------------------------------
// Fit

/** BG/NBD's fit warnings say a little more than the other models'. */
const BG_NBD_FIT_WORDING: FitWording = {
  noConvergence: (stop) =>
    `The optimiser stopped (${stop}) before the likelihood settled: treat the estimates with care.`,
  noStandardErrors:
    "The Hessian of the negative log-likelihood is not positive definite at the estimate: no standard errors.",
};

function fitColumns(
  data: Columns,
  opts: ResolvedBgNbdOptions,
  timeUnit: ModelTimeUnit | null,
): BgNbdFit {
  const base = {
    metric: "bgNbd" as const,
    n: data.totalWeight,
    distinctRows: data.x.length,
    timeUnit,
    penalty: opts.penalty,
  };
  const failed = (reason: ModelReasonCode, message: string): BgNbdFit => ({
    ...base,
    ...unfitted(reason, message),
  });
  if (!(data.totalWeight > 0)) return failed("empty", "No customers: nothing to fit.");
  let repeat = 0;
  let maxAge = 0;
  for (let i = 0; i < data.x.length; i++) {
    if ((data.x[i] as number) > 0) repeat += data.weight[i] as number;
    maxAge = Math.max(maxAge, data.age[i] as number);
  }
  if (!(repeat > 0)) {
    return failed(
      "insufficient-data",
      "No customer made a repeat purchase: the purchase rate and dropout cannot be estimated.",
    );
  }
  // lifetimes rescales time so that max T = 10 and starts at 1: the same start, unscaled.
  const start = [1, Math.max(maxAge / 10, 1e-3), 1, 1];
  const fit = fitPositive(
    (theta, gradient) => logLikelihoodSum(data, theta, gradient),
    start,
    data.totalWeight,
    opts.penalty,
    opts.maxIterations,
  );
  return {
    ...base,
    ...fitted(
      fit,
      (v): BgNbdParams => ({
        r: v[0] as number,
        alpha: v[1] as number,
        a: v[2] as number,
        b: v[3] as number,
      }),
      [],
      BG_NBD_FIT_WORDING,
    ),
  };
}

function fitTally(tally: BgNbdTally, opts: ResolvedBgNbdOptions): BgNbdFit {
  const n = tally.rows.length;
  const x = new Float64Array(n);
  const recency = new Float64Array(n);
  const age = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = tally.rows[i] as readonly [number, number, number, number];
    x[i] = row[0];
    recency[i] = row[1];
    age[i] = row[2];
    weight[i] = row[3];
  }
  return fitColumns(columnsOf(x, recency, age, weight), opts, tally.timeUnit ?? opts.timeUnit);
}

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood.
 *
 * Each customer buys at rate λ ~ Gamma(r, α) while alive and, after each purchase, drops out
 * with probability p ~ Beta(a, b). The likelihood of (x, tₓ, T) is
 * L = B(a, b+x)/B(a, b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x)) + δₓ₍>₀₎ B(a+1, b+x−1)/B(a, b) ·
 * Γ(r+x)αʳ/(Γ(r)(α+tₓ)^(r+x)), evaluated in logs (see {@link bgNbdLogLikelihood}).
 * Identical (x, tₓ, T) rows are grouped first (weights add), so the cost grows with distinct
 * histories. Parameters are optimised on their logarithms with L-BFGS and analytic gradients;
 * standard errors come from the inverse numerical Hessian of the negative log-likelihood in
 * (r, α, a, b). With `penalty` λ the objective is ℓ/W − λ(r² + α² + a² + b²), as lifetimes'
 * `penalizer_coef`.
 *
 * Source: Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to
 * the Pareto/NBD model", Marketing Science 24(2):275–284; lifetimes `BetaGeoFitter`.
 * @param summary - An {@link rfmSummary} result, or rows with frequency, recency and T.
 * @returns `params` is `null` with reason `"empty"` (no customers) or `"insufficient-data"`
 *   (no repeat purchase at all).
 * @example
 * const rows = [
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 5, recency: 36, T: 38.86 },
 * ];
 * const fit = fitBgNbd(rows, { timeUnit: "week" });
 * fit.distinctRows
 * //=> 4
 * fit.converged
 * //=> true
 */
export function fitBgNbd<R = CustomerHistory>(
  summary: SummaryInput<R>,
  options?: BgNbdOptions<R>,
): BgNbdFit {
  const opts = resolveOptions(options);
  const input = resolveInput<R>(summary, "customer histories");
  if (input.timeUnit !== null && opts.timeUnit !== null && input.timeUnit !== opts.timeUnit) {
    throw inputError(
      ["options", "timeUnit"],
      `the summary is in "${input.timeUnit}" but options.timeUnit is "${opts.timeUnit}"`,
    );
  }
  const state = newState();
  forEachHistory(input.rows, options, (x, recency, age, weight) => {
    addRow(state, x, recency, age, weight);
  });
  return fitColumns(
    columnsOf(state.x, state.recency, state.age, state.weight),
    opts,
    input.timeUnit ?? opts.timeUnit,
  );
}

/**
 * Fits the BG/NBD model to a tally (distinct histories with weights), e.g. from a warehouse
 * `GROUP BY frequency, recency, T`. Same method as {@link fitBgNbd}.
 * @example
 * fitBgNbdFromTally({ rows: [[2, 30.43, 38.86, 1], [0, 0, 38.86, 2], [1, 2, 38.86, 1]], timeUnit: "week" }).n
 * //=> 4
 */
export function fitBgNbdFromTally(
  tally: BgNbdTally,
  options?: Omit<BgNbdOptions, "frequency" | "recency" | "T" | "weight">,
): BgNbdFit {
  const opts = resolveOptions(options);
  if (tally === null || typeof tally !== "object" || !Array.isArray(tally.rows)) {
    throw inputError(["rows"], "expected a tally { rows: [x, recency, T, weight][], timeUnit }");
  }
  const rows = tally.rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== 4) {
      throw inputError(["rows", i], "expected [x, recency, T, weight]");
    }
    return { frequency: row[0], recency: row[1], T: row[2], weight: row[3] };
  });
  const state = newState();
  forEachHistory(
    rows,
    { weight: "weight" },
    (x, recency, age, weight) => addRow(state, x, recency, age, weight),
    ["rows"],
  );
  // Weights beyond 2^53 in all would overflow the weighted log-likelihood (near 1e308).
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const weight = rows[i]?.weight;
    if (typeof weight !== "number") continue;
    total += weight;
    if (total > Number.MAX_SAFE_INTEGER) {
      throw inputError(
        ["rows", i, "weight"],
        "expected weights totalling at most 9007199254740991 customers (2^53 - 1)",
      );
    }
  }
  const unit = tally.timeUnit ?? null;
  if (unit !== null) parseWith(modelTimeUnitSchema, unit, ["timeUnit"]);
  return fitColumns(
    columnsOf(state.x, state.recency, state.age, state.weight),
    opts,
    unit ?? opts.timeUnit,
  );
}

/** {@link fitBgNbd} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFitBgNbd<R = CustomerHistory>(
  summary: SummaryInput<R>,
  options?: BgNbdOptions<R>,
): SafeResult<BgNbdFit> {
  return attempt(() => fitBgNbd(summary, options));
}

// ---------------------------------------------------------------------------------------------
// Predictions

function isPositive(v: unknown): v is number {
  return typeof v === "number" && v > 0 && v !== Number.POSITIVE_INFINITY;
}

/** Checks BG/NBD parameters inline; throws naming `params.<field>`. @internal */
export function checkParams(params: unknown): BgNbdParams {
  if (params !== null && typeof params === "object") {
    const p: { readonly [K in keyof BgNbdParams]?: unknown } = params;
    if (isPositive(p.r) && isPositive(p.alpha) && isPositive(p.a) && isPositive(p.b)) {
      return { r: p.r, alpha: p.alpha, a: p.a, b: p.b };
    }
  }
  throw schemaError(bgNbdParamsSchema, params, ["params"], "expected { r, alpha, a, b } > 0");
}

function checkHistory(customer: unknown): CustomerHistory {
  let history: CustomerHistory | undefined;
  forEachHistory([customer], undefined, (frequency, recency, T) => {
    history = { frequency, recency, T };
  });
  if (history === undefined) {
    throw schemaError(customerHistorySchema, customer, ["customer"], "expected a history");
  }
  return history;
}

function checkTime(t: unknown, path: string): number {
  if (typeof t !== "number" || !(t >= 0) || t === Number.POSITIVE_INFINITY) {
    throw inputError([path], "expected a finite time >= 0 (in the model's time unit)");
  }
  return t;
}

/**
 * E[X(t) | x, tₓ, T] without input checks. Uses Euler's transformation so that large x does not
 * overflow: 1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) =
 * 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), z = t/(α+T+t).
 * @internal
 */
export function conditionalExpectedPurchases(
  p: BgNbdParams,
  x: number,
  recency: number,
  age: number,
  t: number,
): ModelValue {
  if (t === 0) return modelValue(0);
  const { r, alpha, a, b } = p;
  const c = a + b + x - 1;
  if (Math.abs(a - 1) < 1e-8 || !(c > 0)) return noValue("parameter-out-of-range");
  const z = t / (alpha + age + t);
  const f = hypergeometric2F1(a + b - 1 - r, a - 1, c, z);
  if (f.value === null) return noValue("no-convergence");
  const second = 1 - Math.exp((a - 1) * Math.log1p(-z)) * f.value;
  const value = (c / (a - 1)) * second * probabilityAlive(p, x, recency, age);
  if (!Number.isFinite(value)) return noValue("no-convergence");
  return modelValue(Math.max(0, value));
}

/** P(alive | x, tₓ, T) without input checks. @internal */
export function probabilityAlive(p: BgNbdParams, x: number, recency: number, age: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const l =
    Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + age) - Math.log(alpha + recency));
  return l > 0 ? Math.exp(-l) / (1 + Math.exp(-l)) : 1 / (1 + Math.exp(l));
}

/**
 * Expected number of repeat purchases in (0, t] for a customer just acquired (BG/NBD):
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))].
 *
 * Source: Fader, Hardie & Lee (2005), eq. (9). t is in the model's time unit.
 * @returns `value` is `null` with reason `"parameter-out-of-range"` when a = 1 or a + b ≤ 1, or
 *   `"no-convergence"` if the hypergeometric series does not settle.
 * @example
 * bgNbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 78).value // ≈ 1.861
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): ModelValue {
  const p = checkParams(params);
  return conditionalExpectedPurchases(p, 0, 0, 0, checkTime(t, "t"));
}

/**
 * Expected number of purchases in the next t periods for a customer with history (x, tₓ, T):
 * E[Y(t) | x, tₓ, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1;
 * t/(α+T+t))] / [1 + δₓ₍>₀₎ a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)].
 *
 * Computed with Euler's transformation of ₂F₁ so that customers with hundreds of purchases do
 * not overflow. Source: Fader, Hardie & Lee (2005), eq. (10); lifetimes
 * `conditional_expected_number_of_purchases_up_to_time`.
 * @example
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * bgNbdConditionalExpectedPurchases(params, { frequency: 2, recency: 30.43, T: 38.86 }, 39).value // ≈ 1.226
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  customer: CustomerHistory,
  t: number,
): ModelValue {
  const p = checkParams(params);
  const h = checkHistory(customer);
  return conditionalExpectedPurchases(p, h.frequency, h.recency, h.T, checkTime(t, "t"));
}

/**
 * Probability that a customer with history (x, tₓ, T) is still alive (has not dropped out):
 * P(alive) = 1 / (1 + δₓ₍>₀₎ · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)); 1 when x = 0.
 *
 * Computed as a logistic function of the log-odds, so it stays in [0, 1] for any history.
 * Source: Fader, Hardie & Lee (2005), eq. (11); lifetimes `conditional_probability_alive`.
 * @example
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * bgNbdProbabilityAlive(params, { frequency: 0, recency: 0, T: 38.86 })
 * //=> 1
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: CustomerHistory): number {
  const p = checkParams(params);
  const h = checkHistory(customer);
  return probabilityAlive(p, h.frequency, h.recency, h.T);
}

/**
 * Probability that a new customer makes exactly k repeat purchases in (0, t]:
 * P(X(t) = k) = B(a, b+k)/B(a, b) · NB(k) + δₖ₍>₀₎ B(a+1, b+k−1)/B(a, b) · P(NB ≥ k),
 * where NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))ʳ (t/(α+t))ʲ is the negative binomial probability.
 * The tail P(NB ≥ k) is summed directly when it is small, so it keeps its precision.
 *
 * Source: Fader, Hardie & Lee (2005), eq. (8); R BTYD `bgnbd.pmf`.
 * @example
 * bgNbdPurchaseProbability({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 39) // ≈ 0.5738
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, k: number, t: number): number {
  const p = checkParams(params);
  if (typeof k !== "number" || !Number.isSafeInteger(k) || k < 0) {
    throw inputError(["k"], "expected an integer number of purchases >= 0");
  }
  return finiteOrParamsError(purchaseProbability(p, k, checkTime(t, "t")), p);
}

function purchaseProbability(p: BgNbdParams, k: number, t: number): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return k === 0 ? 1 : 0;
  const lnQ = Math.log(alpha / (alpha + t));
  const lnP = Math.log(t / (alpha + t));
  const lnNb = (j: number): number =>
    gammaln(r + j) - gammaln(r) - gammaln(j + 1) + r * lnQ + j * lnP;
  const first = Math.exp(betaln(a, b + k) - betaln(a, b) + lnNb(k));
  if (k === 0) return first;
  let head = 0;
  for (let j = 0; j < k; j++) head += Math.exp(lnNb(j));
  let tail: number;
  if (head <= 0.5) {
    tail = 1 - head;
  } else {
    // Sum the tail itself: 1 − head would cancel. Term ratio (r+j)/(j+1) · t/(α+t) < 1 for large j.
    tail = 0;
    let term = Math.exp(lnNb(k));
    const ratio = Math.exp(lnP);
    for (let j = k; j < k + 1_000_000; j++) {
      tail += term;
      const next = (term * (r + j) * ratio) / (j + 1);
      if (next <= 1e-17 * tail && (r + j) * ratio < j + 1) break;
      term = next;
    }
  }
  const second = Math.exp(betaln(a + 1, b + k - 1) - betaln(a, b)) * tail;
  return Math.min(1, Math.max(0, first + second));
}

/** {@link bgNbdConditionalExpectedPurchases} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  customer: CustomerHistory,
  t: number,
): SafeResult<ModelValue> {
  return attempt(() => bgNbdConditionalExpectedPurchases(params, customer, t));
}

/** {@link bgNbdExpectedPurchases} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBgNbdExpectedPurchases(params: BgNbdParams, t: number): SafeResult<ModelValue> {
  return attempt(() => bgNbdExpectedPurchases(params, t));
}

/** {@link bgNbdLogLikelihood} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBgNbdLogLikelihood(
  params: BgNbdParams,
  customer: CustomerHistory,
): SafeResult<number> {
  return attempt(() => bgNbdLogLikelihood(params, customer));
}

/** {@link bgNbdMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBgNbdMetric<R = CustomerHistory>(
  options?: BgNbdOptions<R>,
): SafeResult<Metric<R, BgNbdState, BgNbdTally, BgNbdFit>> {
  return attempt(() => bgNbdMetric<R>(options));
}

/** {@link bgNbdProbabilityAlive} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBgNbdProbabilityAlive(
  params: BgNbdParams,
  customer: CustomerHistory,
): SafeResult<number> {
  return attempt(() => bgNbdProbabilityAlive(params, customer));
}

/** {@link bgNbdPurchaseProbability} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeBgNbdPurchaseProbability(
  params: BgNbdParams,
  k: number,
  t: number,
): SafeResult<number> {
  return attempt(() => bgNbdPurchaseProbability(params, k, t));
}

/** {@link fitBgNbdFromTally} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFitBgNbdFromTally(
  tally: BgNbdTally,
  options?: Omit<BgNbdOptions, "frequency" | "recency" | "T" | "weight">,
): SafeResult<BgNbdFit> {
  return attempt(() => fitBgNbdFromTally(tally, options));
}

/** {@link mergeBgNbdTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeBgNbdTallies(a: BgNbdTally, b: BgNbdTally): SafeResult<BgNbdTally> {
  return attempt(() => mergeBgNbdTallies(a, b));
}
