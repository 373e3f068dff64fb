import gammaln from "@stdlib/math-base-special-gammaln";

// Special functions the probabilistic models need beyond what @stdlib ships: a signed log-gamma,
// a stable log(e^a + e^b), and the Gauss hypergeometric function 2F1 for real arguments.
// Log-gamma, log-beta and digamma themselves come from @stdlib (gammaln, betaln, digamma).

/**
 * log(e^a + e^b) without overflow: max(a, b) + log1p(e^(−|a − b|)).
 * @internal
 */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln|Γ(x)| and the sign of Γ(x); `sign` is 0 at the poles x = 0, −1, −2, … (1/Γ = 0 there). */
interface SignedLogGamma {
  readonly ln: number;
  readonly sign: -1 | 0 | 1;
}

function signedLogGamma(x: number): SignedLogGamma {
  if (x > 0) return { ln: gammaln(x), sign: 1 };
  if (Number.isInteger(x)) return { ln: Number.POSITIVE_INFINITY, sign: 0 };
  // Γ is negative on (−1, 0), positive on (−2, −1), …: the sign is (−1)^ceil(−x).
  return { ln: gammaln(x), sign: Math.floor(x) % 2 === 0 ? 1 : -1 };
}

/** Why {@link hypergeometric2F1} has no value. */
export type Hypergeometric2F1Reason = "outside-domain" | "no-convergence";

/** The value of 2F1, or `null` with the reason; `terms` counts the series terms summed. */
export interface Hypergeometric2F1Result {
  readonly value: number | null;
  readonly reason: Hypergeometric2F1Reason | null;
  readonly terms: number;
}

/** Options of {@link hypergeometric2F1}. */
export interface Hypergeometric2F1Options {
  /** Most series terms summed before giving up with `"no-convergence"`. Default 1,000,000. */
  readonly maxTerms?: number;
  /** Relative size of the neglected tail at which the series stops. Default 1e-15. */
  readonly tolerance?: number;
}

const NEAR_INTEGER = 0.05;
const NEAR_ONE = 0.95;

/** Plain Gauss series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ for |z| < 1, with a bound on the neglected tail. */
function gaussSeries(
  a: number,
  b: number,
  c: number,
  z: number,
  maxTerms: number,
  tolerance: number,
): Hypergeometric2F1Result {
  let term = 1;
  let sum = 1;
  let carry = 0;
  // Past n0 the ratio of successive terms moves monotonically towards z, so a geometric bound on
  // the tail is valid there.
  const n0 = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    if (ratio === 0) return { value: sum + carry, reason: null, terms: n + 1 };
    term *= ratio;
    const t = sum + term;
    carry += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    if (!Number.isFinite(sum)) return { value: null, reason: "no-convergence", terms: n + 1 };
    const rho = Math.abs(ratio);
    if (n > n0 && rho < 1 && Math.abs(term) / (1 - rho) <= tolerance * Math.abs(sum + carry)) {
      return { value: sum + carry, reason: null, terms: n + 1 };
    }
  }
  return { value: null, reason: "no-convergence", terms: maxTerms };
}

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/**
 * 2F1 for z ∈ (0, 1): first Euler's transformation 2F1(a, b; c; z) = (1 − z)^(c−a−b)
 * 2F1(c − a, c − b; c; z) when it makes the terms smaller (|(c−a)(c−b)| < |ab|: the BG/NBD
 * conditional expectation with x in the hundreds, whose plain series overflows before it
 * converges), then the direct series, or the linear 1 − z transformation close to 1.
 */
function onUnitInterval(
  a: number,
  b: number,
  c: number,
  z: number,
  maxTerms: number,
  tolerance: number,
): Hypergeometric2F1Result {
  if (Math.abs((c - a) * (c - b)) < Math.abs(a * b)) {
    const inner = nearOne(c - a, c - b, c, z, maxTerms, tolerance);
    if (inner.value === null) return inner;
    const value = inner.value * Math.exp((c - a - b) * Math.log1p(-z));
    if (!Number.isFinite(value))
      return { value: null, reason: "no-convergence", terms: inner.terms };
    return { value, reason: null, terms: inner.terms };
  }
  return nearOne(a, b, c, z, maxTerms, tolerance);
}

function nearOne(
  a: number,
  b: number,
  c: number,
  z: number,
  maxTerms: number,
  tolerance: number,
): Hypergeometric2F1Result {
  const s = c - a - b;
  if (
    z <= NEAR_ONE ||
    Math.abs(s - Math.round(s)) <= NEAR_INTEGER ||
    isNonPositiveInteger(a) ||
    isNonPositiveInteger(b)
  ) {
    return gaussSeries(a, b, c, z, maxTerms, tolerance);
  }
  // A&S 15.3.6: two series in 1 − z, which is small here.
  const y = 1 - z;
  const f1 = gaussSeries(a, b, 1 - s, y, maxTerms, tolerance);
  if (f1.value === null) return f1;
  const f2 = gaussSeries(c - a, c - b, 1 + s, y, maxTerms, tolerance);
  if (f2.value === null) return f2;
  const g1 = gammaRatio([c, s], [c - a, c - b]);
  const g2 = gammaRatio([c, -s], [a, b]);
  const value = g1 * f1.value + Math.exp(s * Math.log(y)) * g2 * f2.value;
  if (!Number.isFinite(value)) return { value: null, reason: "no-convergence", terms: 0 };
  return { value, reason: null, terms: f1.terms + f2.terms };
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z < 1:
 * Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) · zⁿ, where (q)ₙ is the rising factorial.
 *
 * Method (Abramowitz & Stegun 15.3.3–15.3.6): z < 0 is mapped into (0, 1) by Pfaff's
 * transformation 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z/(z − 1)); on (0, 1) Euler's
 * transformation is applied first when it makes the terms smaller; then on (0, 0.95] the series
 * is summed directly, and on (0.95, 1) the linear 1 − z transformation (15.3.6) is used unless
 * c − a − b is within 0.05 of an integer (where its two terms cancel), in which case the direct
 * series is summed up to `maxTerms` terms.
 * At z = 1, Gauss's theorem Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) applies when c − a − b > 0.
 *
 * Never returns NaN: `value` is `null` with reason `"outside-domain"` (z > 1, z = 1 with
 * c − a − b ≤ 0, c a pole 0, −1, −2, …, a non-finite argument) or `"no-convergence"` (the series
 * did not settle within `maxTerms`, or overflowed).
 * @internal
 */
export function hypergeometric2F1(
  a: number,
  b: number,
  c: number,
  z: number,
  options?: Hypergeometric2F1Options,
): Hypergeometric2F1Result {
  const maxTerms = options?.maxTerms ?? 1_000_000;
  const tolerance = options?.tolerance ?? 1e-15;
  const outside: Hypergeometric2F1Result = { value: null, reason: "outside-domain", terms: 0 };
  if (![a, b, c, z].every(Number.isFinite) || z > 1) return outside;
  if (
    isNonPositiveInteger(c) &&
    !((isNonPositiveInteger(a) && a > c) || (isNonPositiveInteger(b) && b > c))
  ) {
    return outside;
  }
  if (z === 0 || a === 0 || b === 0) return { value: 1, reason: null, terms: 0 };
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
    // A polynomial: the series ends by itself.
    return gaussSeries(a, b, c, z, maxTerms, tolerance);
  }
  if (z === 1) {
    const s = c - a - b;
    if (!(s > 0)) return outside;
    return { value: gammaRatio([c, s], [c - a, c - b]), reason: null, terms: 0 };
  }
  if (z < 0) {
    // Pfaff, with whichever of a and b gives the smaller series.
    const w = z / (z - 1);
    const useA = Math.abs(a * (c - b)) <= Math.abs(b * (c - a));
    const first = useA ? a : b;
    const second = useA ? b : a;
    const inner = hypergeometric2F1(first, c - second, c, w, options);
    if (inner.value === null) return inner;
    return {
      value: inner.value * Math.exp(-first * Math.log1p(-z)),
      reason: null,
      terms: inner.terms,
    };
  }
  return onUnitInterval(a, b, c, z, maxTerms, tolerance);
}

/** Π Γ(num) / Π Γ(den) with signs, through log-gamma; 0 when a denominator Γ has a pole. */
function gammaRatio(num: readonly number[], den: readonly number[]): number {
  let ln = 0;
  let sign = 1;
  for (const x of den) {
    const g = signedLogGamma(x);
    if (g.sign === 0) return 0;
    ln -= g.ln;
    sign *= g.sign;
  }
  for (const x of num) {
    const g = signedLogGamma(x);
    ln += g.ln;
    sign *= g.sign;
  }
  return sign * Math.exp(ln);
}
