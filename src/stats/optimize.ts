// Numerical optimisation for maximum-likelihood fits: limited-memory BFGS with a backtracking
// (Armijo) line search, a finite-difference Hessian, and a Cholesky inverse for standard errors.
//
// Why hand-written: no small, maintained optimiser package is installed, and the models need
// only a few unconstrained parameters (positive parameters are optimised on their logarithms).
// With analytic gradients L-BFGS converges in tens of iterations where Nelder-Mead (lifetimes'
// default through scipy) needs hundreds of function evaluations.

/**
 * An objective to minimise: returns f(x) and writes ∇f(x) into `gradient`. A non-finite value
 * means "outside the feasible region"; the line search then steps back.
 * @internal
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. @internal */
export interface MinimizeOptions {
  /** Most iterations. Default 500. */
  readonly maxIterations?: number;
  /** Stop when every gradient component is at most this in absolute value. Default 1e-9. */
  readonly gradientTolerance?: number;
  /** Stop when f changes by at most this relative amount over 3 iterations. Default 1e-15. */
  readonly valueTolerance?: number;
  /** Number of correction pairs kept. Default 8. */
  readonly memory?: number;
}

/** Why {@link minimizeLbfgs} stopped. @internal */
export type MinimizeStop = "gradient" | "value" | "max-iterations" | "line-search" | "non-finite";

/** The minimum found. `converged` is true when the gradient (or the value) criterion stopped it. @internal */
export interface MinimizeResult {
  readonly x: number[];
  readonly value: number;
  readonly gradient: number[];
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly stop: MinimizeStop;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/**
 * Minimises a smooth function with L-BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * Algorithm 7.4 two-loop recursion; Armijo backtracking with c₁ = 1e-4, halving the step, and a
 * curvature check sᵀy > 0 before a pair is stored). Restarts from steepest descent when the
 * quasi-Newton direction is not a descent direction or its line search fails.
 * @internal
 */
export function minimizeLbfgs(
  objective: Objective,
  start: readonly number[],
  options?: MinimizeOptions,
): MinimizeResult {
  const maxIterations = options?.maxIterations ?? 500;
  const gradientTolerance = options?.gradientTolerance ?? 1e-9;
  const valueTolerance = options?.valueTolerance ?? 1e-15;
  const memory = options?.memory ?? 8;
  const n = start.length;
  const x = Float64Array.from(start);
  const g = new Float64Array(n);
  let evaluations = 1;
  let f = objective(x, g);
  const finish = (iterations: number, stop: MinimizeStop): MinimizeResult => ({
    x: Array.from(x),
    value: f,
    gradient: Array.from(g),
    iterations,
    evaluations,
    converged: stop === "gradient" || stop === "value",
    stop,
  });
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return finish(0, "non-finite");

  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const alphas = new Float64Array(memory);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let flat = 0;

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(g) <= gradientTolerance) return finish(iteration, "gradient");

    // Two-loop recursion: d = −H g.
    for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
    const m = sList.length;
    for (let k = m - 1; k >= 0; k--) {
      const s = sList[k] as Float64Array;
      const y = yList[k] as Float64Array;
      const a = (rhoList[k] as number) * dot(s, d);
      alphas[k] = a;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (y[i] as number);
    }
    let scale = 1 / Math.max(1, maxAbs(g));
    if (m > 0) {
      const s = sList[m - 1] as Float64Array;
      const y = yList[m - 1] as Float64Array;
      scale = dot(s, y) / dot(y, y);
    }
    for (let i = 0; i < n; i++) d[i] = (d[i] as number) * scale;
    for (let k = 0; k < m; k++) {
      const s = sList[k] as Float64Array;
      const y = yList[k] as Float64Array;
      const b = (rhoList[k] as number) * dot(y, d);
      const a = alphas[k] as number;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) + (a - b) * (s[i] as number);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction: forget the curvature pairs and go downhill.
      sList.length = 0;
      yList.length = 0;
      rhoList.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number) / Math.max(1, maxAbs(g));
      slope = dot(g, d);
    }

    // Backtracking line search on the Armijo condition.
    let step = 1;
    let fNew = Number.NaN;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (d[i] as number);
      evaluations++;
      fNew = objective(xNew, gNew);
      if (Number.isFinite(fNew) && gNew.every(Number.isFinite) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (sList.length > 0) {
        sList.length = 0;
        yList.length = 0;
        rhoList.length = 0;
        continue;
      }
      return finish(iteration, "line-search");
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (sList.length === memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
    }
    const change = Math.abs(f - fNew);
    x.set(xNew);
    g.set(gNew);
    const previous = f;
    f = fNew;
    flat = change <= valueTolerance * Math.max(1, Math.abs(previous)) ? flat + 1 : 0;
    if (flat >= 3) return finish(iteration + 1, "value");
  }
  return finish(maxIterations, maxAbs(g) <= gradientTolerance ? "gradient" : "max-iterations");
}

/**
 * Hessian of a function from its gradient by central differences, column by column, then
 * symmetrised: H[·][j] ≈ (∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ)) / 2hⱼ with hⱼ = 1e-5 · max(|xⱼ|, 1e-3).
 * Returns `null` when a gradient is not finite.
 * @internal
 */
export function numericHessian(
  gradient: (x: Float64Array, out: Float64Array) => void,
  at: readonly number[],
): number[][] | null {
  const n = at.length;
  const x = Float64Array.from(at);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const h: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const xj = at[j] as number;
    const step = 1e-5 * Math.max(Math.abs(xj), 1e-3);
    x[j] = xj + step;
    gradient(x, plus);
    x[j] = xj - step;
    gradient(x, minus);
    x[j] = xj;
    for (let i = 0; i < n; i++) {
      const v = ((plus[i] as number) - (minus[i] as number)) / (2 * step);
      if (!Number.isFinite(v)) return null;
      (h[i] as number[])[j] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const hi = h[i] as number[];
      const hj = h[j] as number[];
      const mean = ((hi[j] as number) + (hj[i] as number)) / 2;
      hi[j] = mean;
      hj[i] = mean;
    }
  }
  return h;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky factorisation, or `null` when the
 * matrix is not positive definite (a likelihood surface that is flat or not at a maximum).
 * @internal
 */
export function invertPositiveDefinite(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let sum = (matrix[i] as readonly number[])[j] as number;
      for (let k = 0; k < j; k++) sum -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        if (!(sum > 0)) return null;
        li[i] = Math.sqrt(sum);
      } else {
        li[j] = sum / (lj[j] as number);
      }
    }
  }
  // inverse(L) by forward substitution, then inverse(A) = inverse(L)ᵀ inverse(L).
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    for (let i = col; i < n; i++) {
      const li = l[i] as number[];
      let sum = i === col ? 1 : 0;
      for (let k = col; k < i; k++)
        sum -= (li[k] as number) * ((inv[k] as number[])[col] as number);
      (inv[i] as number[])[col] = sum / (li[i] as number);
    }
  }
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) {
        sum += ((inv[k] as number[])[i] as number) * ((inv[k] as number[])[j] as number);
      }
      (out[i] as number[])[j] = sum;
      (out[j] as number[])[i] = sum;
    }
  }
  return out;
}

/**
 * Standard errors √diag(H⁻¹) from the Hessian H of a negative log-likelihood, or `null` when
 * H is not positive definite or a variance is not positive.
 * @internal
 */
export function standardErrorsFromHessian(
  hessian: readonly (readonly number[])[],
): number[] | null {
  const inverse = invertPositiveDefinite(hessian);
  if (inverse === null) return null;
  const out: number[] = [];
  for (let i = 0; i < inverse.length; i++) {
    const v = (inverse[i] as number[])[i] as number;
    if (!(v > 0) || !Number.isFinite(v)) return null;
    out.push(Math.sqrt(v));
  }
  return out;
}
