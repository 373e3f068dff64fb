import * as z from "zod/mini";
import type { ReasonCode, Warning } from "../../result.js";
import {
  type MinimizeResult,
  type MinimizeStop,
  minimizeLbfgs,
  numericHessian,
  standardErrorsFromHessian,
} from "../../stats/optimize.js";

/** The time unit of recency, T and model rates: what one "period" means. */
export type ModelTimeUnit = "day" | "week" | "month";

/** The model time units, as a schema. */
export const modelTimeUnitSchema: z.ZodMiniEnum<{ day: "day"; week: "week"; month: "month" }> =
  /* @__PURE__ */ z.enum(["day", "week", "month"], {
    error: 'expected "day", "week" or "month"',
  });

/**
 * Why a model quantity is `null`: the general {@link ReasonCode}s, plus
 * - `"no-convergence"`: a series (the hypergeometric ₂F₁) or the optimiser did not settle;
 * - `"parameter-out-of-range"`: the formula is undefined for these parameters
 *   (the Gamma-Gamma mean needs q > 1; the BG/NBD expectation needs a ≠ 1 and a + b > 1), or
 *   parameters and inputs so large (finite, yet near 1e308) that the value overflows.
 */
export type ModelReasonCode = ReasonCode | "no-convergence" | "parameter-out-of-range";

/** A model prediction that can be undefined: a number, or `null` with the reason. */
export interface ModelValue {
  readonly value: number | null;
  readonly reason: ModelReasonCode | null;
}

/**
 * A model prediction with a value; a value that is not finite (astronomically large inputs or
 * parameters overflowed the formula) is `null` with reason `"parameter-out-of-range"`. @internal
 */
export function modelValue(value: number): ModelValue {
  return Number.isFinite(value)
    ? { value, reason: null }
    : { value: null, reason: "parameter-out-of-range" };
}

/** A prediction without a value. @internal */
export function noValue(reason: ModelReasonCode): ModelValue {
  return { value: null, reason };
}

/** Lengths of the units in days, for the documented conversions: 1 month = 365.25 / 12 days. @internal */
export const DAYS_PER_UNIT: { readonly day: 1; readonly week: 7; readonly month: number } = {
  day: 1,
  week: 7,
  month: 365.25 / 12,
};

/** The result of fitting positive parameters by maximum likelihood. @internal */
export interface PositiveFit {
  /** Estimates in the original (positive) parameter space. */
  readonly params: number[];
  /** Σ wᵢ · log-likelihoodᵢ at the estimate, without the penalty. */
  readonly logLikelihood: number;
  /** √diag(H⁻¹) in the original space, or `null` when the Hessian is not positive definite. */
  readonly standardErrors: number[] | null;
  readonly converged: boolean;
  readonly iterations: number;
  readonly optimizer: MinimizeResult;
}

/**
 * Fits positive parameters θ by maximising Σ wᵢ ℓᵢ(θ) − W·λ·Σθ² (λ = `penalty`, W = Σ wᵢ;
 * lifetimes' `penalizer_coef` convention). The optimiser works on log θ with the objective
 * divided by W, so tolerances do not depend on the sample size.
 *
 * `logLikelihood(θ, gradient)` returns Σ wᵢ ℓᵢ(θ) and writes its gradient in θ.
 * @internal
 */
export function fitPositive(
  logLikelihood: (theta: Float64Array, gradient: Float64Array) => number,
  start: readonly number[],
  totalWeight: number,
  penalty: number,
  maxIterations: number,
): PositiveFit {
  const k = start.length;
  const theta = new Float64Array(k);
  const grad = new Float64Array(k);
  const objective = (u: Float64Array, out: Float64Array): number => {
    for (let i = 0; i < k; i++) theta[i] = Math.exp(u[i] as number);
    const ll = logLikelihood(theta, grad);
    let value = -ll / totalWeight;
    for (let i = 0; i < k; i++) {
      const t = theta[i] as number;
      value += penalty * t * t;
      // d/du = θ · d/dθ
      out[i] = t * (-(grad[i] as number) / totalWeight + 2 * penalty * t);
    }
    return value;
  };
  const result = minimizeLbfgs(
    objective,
    start.map((v) => Math.log(v)),
    { maxIterations },
  );
  const params = result.x.map((u) => Math.exp(u));
  const at = Float64Array.from(params);
  const ll = logLikelihood(at, grad);
  // Hessian of the (penalised) negative log-likelihood in the original space.
  const hessian = numericHessian((x, out) => {
    logLikelihood(x, out);
    for (let i = 0; i < k; i++) {
      out[i] = -(out[i] as number) + 2 * penalty * totalWeight * (x[i] as number);
    }
  }, params);
  const standardErrors = hessian === null ? null : standardErrorsFromHessian(hessian);
  return {
    params,
    logLikelihood: ll,
    standardErrors,
    converged: result.converged && params.every((v) => Number.isFinite(v) && v > 0),
    iterations: result.iterations,
    optimizer: result,
  };
}

/**
 * The distinct values of `x` in first-seen order, and per row the position of its value among
 * them: the likelihoods compute the x-only terms once per distinct x. @internal
 */
export function distinctIndex(x: ArrayLike<number>): {
  readonly xs: Float64Array;
  readonly xIndex: Int32Array;
} {
  const positions = new Map<number, number>();
  const xIndex = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    let k = positions.get(v);
    if (k === undefined) {
      k = positions.size;
      positions.set(v, k);
    }
    xIndex[i] = k;
  }
  return { xs: Float64Array.from(positions.keys()), xIndex };
}

/** The estimate part of a model fit's result (BG/NBD, Gamma-Gamma, sBG), parameters `P`. @internal */
export interface FitOutcome<P> {
  /** Estimates; `null` when the model could not be fitted. */
  readonly params: P | null;
  readonly reason: ModelReasonCode | null;
  readonly logLikelihood: number | null;
  readonly standardErrors: P | null;
  readonly converged: boolean;
  readonly iterations: number;
  readonly warnings: readonly Warning[];
}

/** What the two fit warnings say. @internal */
export interface FitWording {
  /** The `"no-convergence"` message, given why the optimiser stopped. */
  readonly noConvergence: (stop: MinimizeStop) => string;
  /** The `"no-standard-errors"` message. */
  readonly noStandardErrors: string;
}

/** The usual wording of the fit warnings. @internal */
export const FIT_WORDING: FitWording = {
  noConvergence: (stop) => `The optimiser stopped (${stop}) before the likelihood settled.`,
  noStandardErrors: "The Hessian is not positive definite at the estimate: no standard errors.",
};

/**
 * A model that could not be fitted: no estimates, `reason`, and a warning saying why after the
 * `earlier` ones. @internal
 */
export function unfitted(
  reason: ModelReasonCode,
  message: string,
  earlier: readonly Warning[] = [],
): FitOutcome<never> {
  return {
    params: null,
    reason,
    logLikelihood: null,
    standardErrors: null,
    converged: false,
    iterations: 0,
    warnings: [...earlier, { code: reason, message }],
  };
}

/**
 * The estimates of a {@link fitPositive} run, named by `toParams`, with the `earlier` warnings
 * followed by `"no-convergence"` when the optimiser did not settle and `"no-standard-errors"`
 * when the Hessian is not positive definite. @internal
 */
export function fitted<P>(
  fit: PositiveFit,
  toParams: (values: readonly number[]) => P,
  earlier: readonly Warning[] = [],
  wording: FitWording = FIT_WORDING,
): FitOutcome<P> {
  const warnings: Warning[] = [...earlier];
  if (!fit.converged) {
    warnings.push({ code: "no-convergence", message: wording.noConvergence(fit.optimizer.stop) });
  }
  const se = fit.standardErrors;
  if (se === null) {
    warnings.push({ code: "no-standard-errors", message: wording.noStandardErrors });
  }
  return {
    params: toParams(fit.params),
    reason: null,
    logLikelihood: fit.logLikelihood,
    standardErrors: se === null ? null : toParams(se),
    converged: fit.converged,
    iterations: fit.iterations,
    warnings,
  };
}

const POSITIVE_PARAMETER = "expected a finite number > 0";

/** A model parameter: a finite number > 0, as a schema. @internal */
export const positiveParameterSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z.number({ error: POSITIVE_PARAMETER }).check(z.gt(0, { error: POSITIVE_PARAMETER })))();

/** Options every model fit accepts. */
export interface FitControlOptions {
  /** L2 penalty λ on the parameters (lifetimes' `penalizer_coef`): maximises ℓ/W − λΣθ². Default 0. */
  readonly penalty?: number;
  /** Most optimiser iterations. Default 500. */
  readonly maxIterations?: number;
}

/** The L2 penalty option, as a schema. @internal */
export const penaltySchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z
    .number({ error: "expected a penalty >= 0" })
    .check(z.gte(0, { error: "expected a penalty >= 0" })))();

/** The iteration cap option, as a schema. @internal */
export const maxIterationsSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z
    .int({ error: "expected an integer >= 1" })
    .check(z.gte(1, { error: "expected an integer >= 1" })))();
