import betaln from "@stdlib/math-base-special-betaln";
import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult, schemaError } from "../../errors.js";
import type { Accessor, Metric } from "../../metric.js";
import type { Warning } from "../../result.js";
import { digamma } from "../../stats/digamma.js";
import { accessorSchema, type SchemaOutput } from "../../stats/options.js";
import { hypergeometric2F1 } from "../../stats/special.js";
import {
  countFieldsSchema,
  mergeCheckedTallies,
  nonNegativeArraySchema,
} from "../../stats/tally.js";
import {
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
import { fieldReader, rowWeight } from "./rows.js";

// ---------------------------------------------------------------------------------------------
// Schemas and types

/** Shifted-beta-geometric parameters: each customer's churn probability θ ~ Beta(α, β). */
export interface SbgParams {
  readonly alpha: number;
  readonly beta: number;
}

/** sBG parameters, as a schema. */
export const sbgParamsSchema: z.ZodMiniType<SbgParams> = /* @__PURE__ */ z.looseObject({
  alpha: positiveParameterSchema,
  beta: positiveParameterSchema,
});

/**
 * One contract customer (the layout of `sbg_paper.csv`): `T` periods observed, counting the
 * current one, and `recency`, the last period the customer was active (1 ≤ recency ≤ T). A
 * customer with recency < T churned after `recency` periods; recency = T means still active.
 */
export interface ContractCustomer {
  readonly recency: number;
  readonly T: number;
}

/** Options of {@link fitSbg}. */
export interface SbgOptions<R = ContractCustomer> extends FitControlOptions {
  /** Last active period, for records. Default `"recency"`. */
  readonly recency?: Accessor<R>;
  /** Periods observed, for records. Default `"T"`. */
  readonly T?: Accessor<R>;
  /** Row weight, for records. Default 1. */
  readonly weight?: Accessor<R>;
}

/** Options of {@link fitSbg}, as a schema (unknown keys are errors). */
export const sbgOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<SbgOptions, "recency" | "T" | "weight">> & {
    recency?: unknown;
    T?: unknown;
    weight?: unknown;
  }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    recency: z.optional(accessorSchema),
    T: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
    penalty: z.optional(penaltySchema),
    maxIterations: z.optional(maxIterationsSchema),
  }))();

/**
 * Sufficient statistics of an sBG fit. `lost[t − 1]`: customers whose lifetime was exactly t
 * periods (churned at the end of period t); `censored[k]`: customers known to have survived
 * k periods and still active. Mergeable by adding element by element.
 */
export interface SbgTally {
  readonly lost: readonly number[];
  readonly censored: readonly number[];
}

/** A fitted sBG model. */
export interface SbgFit {
  readonly metric: "sbg";
  readonly params: SbgParams | null;
  readonly reason: ModelReasonCode | null;
  readonly logLikelihood: number | null;
  readonly standardErrors: SbgParams | null;
  readonly converged: boolean;
  readonly iterations: number;
  /** Customers in the cohort(s) (total weight). */
  readonly n: number;
  /** Longest observation, in periods. */
  readonly periods: number;
  readonly penalty: number;
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Tally

/** The empty sBG tally, identity of {@link mergeSbgTallies}. */
export function emptySbgTally(): SbgTally {
  return { lost: [], censored: [] };
}

function addInto(target: number[], at: number, w: number): void {
  while (target.length <= at) target.push(0);
  target[at] = (target[at] as number) + w;
}

function addArrays(a: readonly number[], b: readonly number[]): number[] {
  const out = a.slice();
  for (let i = 0; i < b.length; i++) addInto(out, i, b[i] as number);
  return out;
}

/** What {@link mergeSbgTallies} accepts: every count finite and ≥ 0. */
const sbgTallyCheck = /* @__PURE__ */ (() =>
  countFieldsSchema([], { lost: nonNegativeArraySchema, censored: nonNegativeArraySchema }))();

/**
 * Merges two sBG tallies (element-wise sums).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeSbgTallies({ lost: [3, 1], censored: [] }, { lost: [1], censored: [0, 0, 5] })
 * //=> { lost: [4, 1], censored: [0, 0, 5] }
 */
export function mergeSbgTallies(a: SbgTally, b: SbgTally): SbgTally {
  return mergeCheckedTallies(sbgTallyCheck, a, b, mergeSbgTalliesUnchecked);
}

/** {@link mergeSbgTallies} without checks: the metric's own merge, for tallies it built. @internal */
export function mergeSbgTalliesUnchecked(a: SbgTally, b: SbgTally): SbgTally {
  return { lost: addArrays(a.lost, b.lost), censored: addArrays(a.censored, b.censored) };
}

const SURVIVORS_MESSAGE = "expected a finite count >= 0";
const TOTAL_MESSAGE = "expected counts totalling at most 9007199254740991 customers (2^53 - 1)";
const survivorSchema = /* @__PURE__ */ (() =>
  z.number({ error: SURVIVORS_MESSAGE }).check(z.gte(0, { error: SURVIVORS_MESSAGE })))();
const PERIOD_MESSAGE = "expected an integer period >= 1";
const periodSchema = /* @__PURE__ */ (() =>
  z.int({ error: PERIOD_MESSAGE }).check(z.gte(1, { error: PERIOD_MESSAGE })))();

/**
 * The tally of a cohort's survivors per period: `survivors[0]` customers at the start,
 * `survivors[t]` still active after t periods (non-increasing).
 * @example
 * sbgTallyFromSurvivors([1000, 631, 468])
 * //=> { lost: [369, 163], censored: [0, 0, 468] }
 */
export function sbgTallyFromSurvivors(survivors: readonly number[]): SbgTally {
  if (!Array.isArray(survivors)) throw inputError([], "expected an array of survivor counts");
  const lost: number[] = [];
  const censored: number[] = [];
  for (let t = 0; t < survivors.length; t++) {
    const s = survivors[t];
    if (typeof s !== "number" || !(s >= 0) || s === Number.POSITIVE_INFINITY) {
      throw schemaError(survivorSchema, s, [t], SURVIVORS_MESSAGE);
    }
    if (t > 0) {
      const previous = survivors[t - 1] as number;
      if (s > previous) {
        throw inputError([t], `expected survivors to not increase (${s} after ${previous})`);
      }
      lost.push(previous - s);
    }
  }
  if (survivors.length > 0)
    addInto(censored, survivors.length - 1, survivors[survivors.length - 1] as number);
  return { lost, censored };
}

function addRecords<R>(
  tally: { lost: number[]; censored: number[] },
  rows: readonly R[],
  options: SbgOptions<R> | undefined,
  offset: number,
): void {
  const fr = fieldReader(options?.recency, "recency");
  const ft = fieldReader(options?.T, "T");
  const fw = options?.weight === undefined ? undefined : fieldReader(options.weight, "weight");
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as R;
    const i = offset + j;
    const path = (key: string | undefined): (string | number)[] =>
      key === undefined ? [i] : [i, key];
    const recency = fr.read(row, i);
    if (typeof recency !== "number" || !Number.isSafeInteger(recency) || recency < 1) {
      throw schemaError(periodSchema, recency, path(fr.key), PERIOD_MESSAGE);
    }
    const age = ft.read(row, i);
    if (typeof age !== "number" || !Number.isSafeInteger(age) || age < 1) {
      throw schemaError(periodSchema, age, path(ft.key), PERIOD_MESSAGE);
    }
    if (recency > age)
      throw inputError(path(fr.key), `expected recency (${recency}) <= T (${age})`);
    const w = rowWeight(fw, row, i);
    // Active in period T: survived T − 1 renewals, lifetime > T − 1. Otherwise lifetime = recency.
    if (recency === age) addInto(tally.censored, age - 1, w);
    else addInto(tally.lost, recency - 1, w);
  }
}

interface ResolvedOptions {
  readonly penalty: number;
  readonly maxIterations: number;
}

function resolveOptions<R>(options: SbgOptions<R> | undefined): ResolvedOptions {
  const parsed = parseWith(sbgOptionsSchema, options ?? {}, ["options"]);
  return { penalty: parsed.penalty ?? 0, maxIterations: parsed.maxIterations ?? 500 };
}

/**
 * The sBG fit as a {@link Metric}: records are contract customers `{ recency, T }`.
 * @example
 * runMetric(sbgMetric(), [{ recency: 1, T: 3 }, { recency: 3, T: 3 }]).n
 * //=> 2
 */
export function sbgMetric<R = ContractCustomer>(
  options?: SbgOptions<R>,
): Metric<R, { lost: number[]; censored: number[] }, SbgTally, SbgFit> {
  const opts = resolveOptions(options);
  return {
    name: "sbg",
    init: () => ({ lost: [], censored: [] }),
    add: (state, record, index) => addRecords(state, [record], options, index),
    tally: (state) => ({ lost: state.lost.slice(), censored: state.censored.slice() }),
    empty: emptySbgTally,
    merge: mergeSbgTalliesUnchecked,
    finalize: (tally) => fitSbgTally(tally, opts),
  };
}

// ---------------------------------------------------------------------------------------------
// Likelihood and fit

/**
 * Σ lost_t ln P(T = t) + Σ censored_k ln S(k), with P(T = t) = B(α+1, β+t−1)/B(α, β) and
 * S(k) = B(α, β+k)/B(α, β), and the gradient from d ln B(x, y)/dx = ψ(x) − ψ(x+y).
 */
function logLikelihoodSum(tally: SbgTally, theta: Float64Array, gradient: Float64Array): number {
  const alpha = theta[0] as number;
  const beta = theta[1] as number;
  const lnB0 = betaln(alpha, beta);
  const psiA = digamma(alpha);
  const psiB = digamma(beta);
  const psiAB = digamma(alpha + beta);
  let sum = 0;
  let gA = 0;
  let gB = 0;
  for (let t = 1; t <= tally.lost.length; t++) {
    const w = tally.lost[t - 1] as number;
    if (w === 0) continue;
    const psiEnd = digamma(alpha + beta + t);
    sum += w * (betaln(alpha + 1, beta + t - 1) - lnB0);
    gA += w * (digamma(alpha + 1) - psiEnd - psiA + psiAB);
    gB += w * (digamma(beta + t - 1) - psiEnd - psiB + psiAB);
  }
  for (let k = 0; k < tally.censored.length; k++) {
    const w = tally.censored[k] as number;
    if (w === 0 || k === 0) continue;
    const psiEnd = digamma(alpha + beta + k);
    sum += w * (betaln(alpha, beta + k) - lnB0);
    gA += w * (psiAB - psiEnd);
    gB += w * (digamma(beta + k) - psiEnd - psiB + psiAB);
  }
  gradient[0] = gA;
  gradient[1] = gB;
  return sum;
}

function fitSbgTally(tally: SbgTally, opts: ResolvedOptions): SbgFit {
  let lostTotal = 0;
  let n = 0;
  for (const w of tally.lost) {
    lostTotal += w;
    n += w;
  }
  for (const w of tally.censored) n += w;
  const base = {
    metric: "sbg" as const,
    n,
    periods: Math.max(tally.lost.length, tally.censored.length - 1, 0),
    penalty: opts.penalty,
  };
  const none = (reason: ModelReasonCode, message: string): SbgFit => ({
    ...base,
    ...unfitted(reason, message),
  });
  if (!(n > 0)) return none("empty", "No customers: nothing to fit.");
  if (!(lostTotal > 0)) {
    return none(
      "insufficient-data",
      "No customer churned: the churn distribution cannot be estimated.",
    );
  }
  const fit = fitPositive(
    (theta, gradient) => logLikelihoodSum(tally, theta, gradient),
    [1, 1],
    n,
    opts.penalty,
    opts.maxIterations,
  );
  return {
    ...base,
    ...fitted(fit, (v): SbgParams => ({ alpha: v[0] as number, beta: v[1] as number })),
  };
}

/**
 * Fits the shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007).
 *
 * Each customer churns at the end of each period with probability θ, θ ~ Beta(α, β) across
 * customers. The lifetime T (periods) then has P(T = t) = B(α+1, β+t−1)/B(α, β) and survival
 * S(t) = B(α, β+t)/B(α, β); the log-likelihood is Σₜ (customers lost in t) ln P(T = t) +
 * (customers still active after the last period k) ln S(k).
 *
 * Input: survivors per period (`[1000, 631, 468, …]`: the cohort at the start, then still active
 * after 1, 2, … periods), or one record per customer `{ recency, T }` (see
 * {@link ContractCustomer}; cohorts of different ages can be mixed).
 *
 * Source: Fader & Hardie (2007), "How to project customer retention", Journal of Interactive
 * Marketing 21(1):76–90.
 * @example
 * const fit = fitSbg([1000, 869, 743, 653, 593, 551, 517, 491]);
 * fit.params?.alpha // ≈ 0.668
 * fit.params?.beta // ≈ 3.806
 */
export function fitSbg<R = ContractCustomer>(
  input: readonly number[] | readonly R[],
  options?: SbgOptions<R>,
): SbgFit {
  const opts = resolveOptions(options);
  if (!Array.isArray(input)) {
    throw inputError([], "expected survivors per period (numbers) or customer records");
  }
  if (input.length > 0 && typeof input[0] === "number") {
    if (
      options?.recency !== undefined ||
      options?.T !== undefined ||
      options?.weight !== undefined
    ) {
      throw inputError(["options"], "accessors apply to records, not to survivor counts");
    }
    return fitSbgTally(sbgTallyFromSurvivors(input as readonly number[]), opts);
  }
  const tally = { lost: [] as number[], censored: [] as number[] };
  addRecords(tally, input as readonly R[], options, 0);
  return fitSbgTally(tally, opts);
}

/**
 * Fits the sBG model to a tally (e.g. merged across segments or from SQL).
 * @example
 * fitSbgFromTally(sbgTallyFromSurvivors([1000, 631, 468, 382, 326, 289, 262, 241])).params?.beta // ≈ 1.182
 */
export function fitSbgFromTally(
  tally: SbgTally,
  options?: Omit<SbgOptions, "recency" | "T" | "weight">,
): SbgFit {
  const opts = resolveOptions(options);
  const check = (values: unknown, key: string): number[] => {
    if (!Array.isArray(values)) throw inputError([key], "expected an array of counts");
    return values.map((v, i) => {
      if (typeof v !== "number" || !(v >= 0) || v === Number.POSITIVE_INFINITY) {
        throw schemaError(survivorSchema, v, [key, i], SURVIVORS_MESSAGE);
      }
      return v;
    });
  };
  if (tally === null || typeof tally !== "object") {
    throw inputError([], "expected a tally { lost, censored }");
  }
  const lost = check(tally.lost, "lost");
  const censored = check(tally.censored, "censored");
  // Customers beyond 2^53 in all would overflow the weighted log-likelihood (near 1e308).
  let total = 0;
  for (const [key, values] of [
    ["lost", lost],
    ["censored", censored],
  ] as const) {
    for (let i = 0; i < values.length; i++) {
      total += values[i] as number;
      if (total > Number.MAX_SAFE_INTEGER) throw inputError([key, i], TOTAL_MESSAGE);
    }
  }
  return fitSbgTally({ lost, censored }, opts);
}

/** {@link fitSbg} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFitSbg<R = ContractCustomer>(
  input: readonly number[] | readonly R[],
  options?: SbgOptions<R>,
): SafeResult<SbgFit> {
  return attempt(() => fitSbg(input, options));
}

// ---------------------------------------------------------------------------------------------
// Projections

function checkSbgParams(params: unknown): SbgParams {
  if (params !== null && typeof params === "object") {
    const p: { readonly [K in keyof SbgParams]?: unknown } = params;
    const ok = (v: unknown): v is number =>
      typeof v === "number" && v > 0 && v !== Number.POSITIVE_INFINITY;
    if (ok(p.alpha) && ok(p.beta)) return { alpha: p.alpha, beta: p.beta };
  }
  throw schemaError(sbgParamsSchema, params, ["params"], "expected { alpha, beta } > 0");
}

function checkPeriod(t: unknown, min: number, path: string): number {
  if (typeof t !== "number" || !Number.isSafeInteger(t) || t < min) {
    throw inputError([path], `expected an integer period >= ${min}`);
  }
  return t;
}

/**
 * Projected retention rate in period t (share of those active in period t − 1 who renew):
 * rₜ = (β + t − 1)/(α + β + t − 1), rising with t as the riskier customers leave.
 *
 * Source: Fader & Hardie (2007), eq. (8).
 * @example
 * sbgRetentionRate({ alpha: 0.668, beta: 3.806 }, 1) // ≈ 0.8507
 */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  const { alpha, beta } = checkSbgParams(params);
  const period = checkPeriod(t, 1, "t");
  return retentionAt(alpha, beta, period);
}

/**
 * rₜ = (β + t − 1)/(α + β + t − 1); when α + β overflows (parameters near 1e308) the same ratio
 * as 1/(1 + α/(β + t − 1)), which stays finite and right.
 */
function retentionAt(alpha: number, beta: number, t: number): number {
  const denominator = alpha + beta + t - 1;
  return Number.isFinite(denominator)
    ? (beta + t - 1) / denominator
    : 1 / (1 + alpha / (beta + t - 1));
}

/**
 * Survival S(t): the share of a cohort still active after t periods,
 * S(t) = B(α, β + t)/B(α, β) = Π_{i=1..t} rᵢ.
 *
 * Source: Fader & Hardie (2007), eq. (7).
 * @example
 * sbgSurvival({ alpha: 0.668, beta: 3.806 }, 0)
 * //=> 1
 */
export function sbgSurvival(params: SbgParams, t: number): number {
  const { alpha, beta } = checkSbgParams(params);
  const period = checkPeriod(t, 0, "t");
  const survival = Math.exp(betaln(alpha, beta + period) - betaln(alpha, beta));
  if (Number.isFinite(survival)) return survival;
  // ln B of parameters near 1e308 overflows: the product of the retention rates instead.
  if (period > MAX_CURVE_PERIODS) {
    throw inputError(
      ["params", alpha >= beta ? "alpha" : "beta"],
      "the survival overflows: expected parameters of a realistic magnitude (well below 1e308)",
    );
  }
  let product = 1;
  for (let i = 1; i <= period; i++) product *= retentionAt(alpha, beta, i);
  return product;
}

/** The longest curve {@link sbgSurvivalCurve} builds: 1,000,000 periods. */
const MAX_CURVE_PERIODS = 1_000_000;

/**
 * Survival S(0), S(1), …, S(periods) for a projection chart. `periods` is an integer from 0 to
 * 1,000,000 (a longer curve is an input error, not an out-of-memory crash).
 * @example
 * sbgSurvivalCurve({ alpha: 1, beta: 1 }, 3)
 * //=> [1, 0.5, 0.3333333333333333, 0.25]
 */
export function sbgSurvivalCurve(params: SbgParams, periods: number): number[] {
  const { alpha, beta } = checkSbgParams(params);
  const last = checkPeriod(periods, 0, "periods");
  if (last > MAX_CURVE_PERIODS) {
    throw inputError(["periods"], `expected at most ${MAX_CURVE_PERIODS} periods`);
  }
  const out = [1];
  let s = 1;
  for (let t = 1; t <= last; t++) {
    s *= retentionAt(alpha, beta, t);
    out.push(s);
  }
  return out;
}

/** Options of {@link sbgDiscountedExpectedResidualLifetime}. */
export interface SbgResidualOptions {
  /** Discount rate per period, d > 0 (e.g. 0.1 per year for annual contracts). */
  readonly discountRate: number;
  /** Renewals the customer has made so far (n − 1 in the paper). Default 0: in the first period. */
  readonly renewals?: number;
}

const residualOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    discountRate: z
      .number({ error: "expected a discount rate > 0 per period" })
      .check(z.gt(0, { error: "expected a discount rate > 0 per period" })),
    renewals: z.optional(
      z
        .int({ error: "expected an integer number of renewals >= 0" })
        .check(z.gte(0, { error: "expected an integer number of renewals >= 0" })),
    ),
  }))();

/**
 * Discounted expected residual lifetime (DERL) of a customer who has made n − 1 renewals and is
 * about to decide on the next one: the expected number of future payments, discounted,
 * counting the next renewal's payment undiscounted:
 * DERL(d | α, β, n) = (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)).
 * Multiply by the payment per period for the residual value of the customer.
 *
 * Source: Fader & Hardie (2010), "Customer-base valuation in a contractual setting: the perils
 * of ignoring heterogeneity", Marketing Science 29(1):85–93, eq. (6).
 * @returns `value` is `null` with reason `"no-convergence"` if the series does not settle.
 * @example
 * sbgDiscountedExpectedResidualLifetime({ alpha: 1, beta: 1 }, { discountRate: 0.1 }).value // ≈ 1.8015
 */
export function sbgDiscountedExpectedResidualLifetime(
  params: SbgParams,
  options: SbgResidualOptions,
): ModelValue {
  const { alpha, beta } = checkSbgParams(params);
  const parsed = parseWith(residualOptionsSchema, options, ["options"]);
  const n = (parsed.renewals ?? 0) + 1;
  const f = hypergeometric2F1(1, beta + n, alpha + beta + n, 1 / (1 + parsed.discountRate));
  if (f.value === null) return noValue("no-convergence");
  return modelValue(((beta + n - 1) / (alpha + beta + n - 1)) * f.value);
}

/**
 * Discounted expected lifetime (DEL) of a customer just acquired, counting the first payment
 * undiscounted: DEL(d | α, β) = Σ_{t≥0} S(t)/(1 + d)ᵗ = ₂F₁(1, β; α + β; 1/(1 + d)).
 *
 * Source: Fader & Hardie (2010), eq. (4).
 * @example
 * sbgDiscountedExpectedLifetime({ alpha: 1, beta: 1 }, 0.1).value // ≈ 2.6377
 */
export function sbgDiscountedExpectedLifetime(params: SbgParams, discountRate: number): ModelValue {
  const { alpha, beta } = checkSbgParams(params);
  if (typeof discountRate !== "number" || !(discountRate > 0) || !Number.isFinite(discountRate)) {
    throw inputError(["discountRate"], "expected a discount rate > 0 per period");
  }
  const f = hypergeometric2F1(1, beta, alpha + beta, 1 / (1 + discountRate));
  if (f.value === null) return noValue("no-convergence");
  return modelValue(f.value);
}

/** {@link fitSbgFromTally} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFitSbgFromTally(
  tally: SbgTally,
  options?: Omit<SbgOptions, "recency" | "T" | "weight">,
): SafeResult<SbgFit> {
  return attempt(() => fitSbgFromTally(tally, options));
}

/** {@link mergeSbgTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeSbgTallies(a: SbgTally, b: SbgTally): SafeResult<SbgTally> {
  return attempt(() => mergeSbgTallies(a, b));
}

/** {@link sbgDiscountedExpectedLifetime} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgDiscountedExpectedLifetime(
  params: SbgParams,
  discountRate: number,
): SafeResult<ModelValue> {
  return attempt(() => sbgDiscountedExpectedLifetime(params, discountRate));
}

/** {@link sbgDiscountedExpectedResidualLifetime} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgDiscountedExpectedResidualLifetime(
  params: SbgParams,
  options: SbgResidualOptions,
): SafeResult<ModelValue> {
  return attempt(() => sbgDiscountedExpectedResidualLifetime(params, options));
}

/** {@link sbgMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgMetric<R = ContractCustomer>(
  options?: SbgOptions<R>,
): SafeResult<Metric<R, { lost: number[]; censored: number[] }, SbgTally, SbgFit>> {
  return attempt(() => sbgMetric<R>(options));
}

/** {@link sbgRetentionRate} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgRetentionRate(params: SbgParams, t: number): SafeResult<number> {
  return attempt(() => sbgRetentionRate(params, t));
}

/** {@link sbgSurvival} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgSurvival(params: SbgParams, t: number): SafeResult<number> {
  return attempt(() => sbgSurvival(params, t));
}

/** {@link sbgSurvivalCurve} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgSurvivalCurve(params: SbgParams, periods: number): SafeResult<number[]> {
  return attempt(() => sbgSurvivalCurve(params, periods));
}

/** {@link sbgTallyFromSurvivors} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeSbgTallyFromSurvivors(survivors: readonly number[]): SafeResult<SbgTally> {
  return attempt(() => sbgTallyFromSurvivors(survivors));
}
