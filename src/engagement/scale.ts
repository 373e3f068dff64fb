import erfc from "@stdlib/math-base-special-erfc";
import type * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { Accessor } from "../metric.js";
import {
  type EngagementComponent,
  type EngagementMissingPolicy,
  type EngagementTiers,
  type ResolvedComponent,
  readColumns,
  resolveScoreOptions,
  scaleShapeSchema,
} from "./components.js";

// A population-fitted normalisation: per component, the statistics that turn a raw value into
// a 0–100 score (min and max; mean and sd; the sorted distinct values with their counts). Plain
// JSON, fitted once and reused, and mergeable (fit per shard, merge).

// ---------------------------------------------------------------------------------------------
// Types

/** The sorted distinct values of a component in the fitted population, with their counts. */
export interface EngagementDistribution {
  /** Distinct values, strictly increasing. */
  readonly values: readonly number[];
  /** How many customers had each value (positive integers, same length). */
  readonly counts: readonly number[];
}

/** What a scale keeps of one component. Statistics are `null` when no customer had a value. */
export interface EngagementComponentScale {
  readonly name: string;
  /** Customers with a value (missing ones are left out). */
  readonly n: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1 denominator, as R's `sd` and `scale`); `null` when n < 2. */
  readonly sd: number | null;
  /** Kept for `"percentile"` components only (else `null`). */
  readonly distribution: EngagementDistribution | null;
}

/** A fitted normalisation, one entry per component, as plain JSON. */
export interface EngagementScale {
  readonly version: 1;
  readonly components: readonly EngagementComponentScale[];
}

/** Options of {@link fitEngagementScale}: the score's options (only `components` is used). */
export interface EngagementScaleOptions<R> {
  readonly components: readonly EngagementComponent<R>[];
  readonly missing?: EngagementMissingPolicy;
  readonly tiers?: EngagementTiers;
  readonly id?: Accessor<R>;
}

/**
 * A fitted {@link EngagementScale}, as a schema (for a scale read back from storage). Its
 * consistency (increasing values, counts adding up to n) is checked when it is used.
 */
export const engagementScaleSchema: z.ZodMiniType<EngagementScale> = scaleShapeSchema;

// ---------------------------------------------------------------------------------------------
// Fitting

/**
 * Σ x / s over the present values, or with `center` Σ (x / s − center)²: the sums of
 * {@link fitColumn} on values scaled into [−1, 1], for columns whose plain sums overflow.
 */
function scaledSum(column: Float64Array, s: number, center?: number): number {
  let total = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (Number.isNaN(x)) continue;
    total += center === undefined ? x / s : (x / s - center) * (x / s - center);
  }
  return total;
}

/** Index of the present value of largest magnitude, to name it in an overflow error. */
function largestAt(column: Float64Array): number {
  let at = 0;
  let largest = -1;
  for (let i = 0; i < column.length; i++) {
    // NaN (missing) compares false, so a missing value is never named.
    const m = Math.abs(column[i] as number);
    if (m > largest) {
      at = i;
      largest = m;
    }
  }
  return at;
}

/** Fits one component's statistics from a column (NaN = missing). @internal */
export function fitColumn(
  name: string,
  column: Float64Array,
  withDistribution: boolean,
): EngagementComponentScale {
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    if (Number.isNaN(x)) continue;
    n++;
    if (x < min) min = x;
    if (x > max) max = x;
    const t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  if (n === 0) {
    return {
      name,
      n,
      min: null,
      max: null,
      mean: null,
      sd: null,
      distribution: withDistribution ? { values: [], counts: [] } : null,
    };
  }
  // Values beyond about 1e154 overflow Σx (near 1e308) or the squares: then the mean and sd are
  // computed on x / s, s = max |x|, and scaled back (same formulas; only then, so ordinary
  // columns keep their exact digits).
  const scale = Math.max(Math.abs(min), Math.abs(max));
  let mean = (sum + carry) / n;
  if (!Number.isFinite(mean)) mean = scale * (scaledSum(column, scale) / n);
  let sd: number | null = null;
  if (n >= 2) {
    // Two-pass: the sum of squared deviations from the mean (stable, unlike Σx² − n·mean²).
    let squares = 0;
    for (let i = 0; i < column.length; i++) {
      const x = column[i] as number;
      if (!Number.isNaN(x)) squares += (x - mean) * (x - mean);
    }
    if (!Number.isFinite(squares)) {
      squares = scaledSum(column, scale, mean / scale);
      sd = min === max ? 0 : scale * Math.sqrt(squares / (n - 1));
    } else sd = min === max ? 0 : Math.sqrt(squares / (n - 1));
    if (!Number.isFinite(sd)) {
      throw inputError(
        [largestAt(column), name],
        "the standard deviation overflows (above 1.8e308): expected values of a realistic magnitude",
      );
    }
  }
  let distribution: EngagementDistribution | null = null;
  if (withDistribution) {
    const sorted = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < column.length; i++) {
      const x = column[i] as number;
      if (!Number.isNaN(x)) sorted[k++] = x;
    }
    sorted.sort();
    const values: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = sorted[i] as number;
      if (values.length > 0 && values[values.length - 1] === x) {
        counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
      } else {
        values.push(x);
        counts.push(1);
      }
    }
    distribution = { values, counts };
  }
  return { name, n, min, max, mean: Math.min(max, Math.max(min, mean)), sd, distribution };
}

/** Fits a scale from columns. @internal */
export function fitColumns<R>(
  components: readonly ResolvedComponent<R>[],
  values: readonly Float64Array[],
): EngagementScale {
  return {
    version: 1,
    components: components.map((c, i) =>
      fitColumn(c.name, values[i] as Float64Array, c.normalize === "percentile"),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Checking a given scale

/** A scale entry ready to score with: the entry and, for percentiles, cumulative counts. @internal */
export interface PreparedComponentScale {
  readonly entry: EngagementComponentScale;
  /** cumulative[k] = number of fitted values below values[k]. */
  readonly cumulative: Float64Array | null;
}

/** Checks an entry's own consistency; returns the path and message of the first problem. */
function entryProblem(
  entry: EngagementComponentScale,
): { readonly field: string; readonly message: string } | null {
  const { n, min, max, mean, sd, distribution } = entry;
  if (n === 0) {
    if (min !== null || max !== null || mean !== null || sd !== null) {
      return { field: "n", message: "statistics must be null when n is 0" };
    }
  } else {
    if (min === null || max === null || mean === null) {
      return { field: "min", message: "min, max and mean are required when n > 0" };
    }
    if (!(min <= max)) return { field: "max", message: "expected min <= max" };
    if (n >= 2 && sd === null) return { field: "sd", message: "sd is required when n >= 2" };
  }
  if (distribution !== null) {
    const { values, counts } = distribution;
    if (values.length !== counts.length) {
      return { field: "distribution", message: "values and counts must have the same length" };
    }
    let total = 0;
    for (let k = 0; k < values.length; k++) {
      if (k > 0 && !((values[k] as number) > (values[k - 1] as number))) {
        return { field: "distribution", message: "values must be strictly increasing" };
      }
      total += counts[k] as number;
    }
    if (total !== n)
      return { field: "distribution", message: `counts add up to ${total}, not n (${n})` };
  }
  return null;
}

/**
 * Validates a caller's scale against the components (an entry per component name, with the
 * statistics its normalisation needs) and prepares it. @internal
 */
export function prepareScale<R>(
  scale: EngagementScale,
  components: readonly ResolvedComponent<R>[],
  path: readonly (string | number)[],
): PreparedComponentScale[] {
  const byName = new Map<string, number>();
  scale.components.forEach((entry, j) => {
    const problem = entryProblem(entry);
    if (problem !== null)
      throw inputError([...path, "components", j, problem.field], problem.message);
    if (byName.has(entry.name)) {
      throw inputError([...path, "components", j, "name"], `duplicate entry "${entry.name}"`);
    }
    byName.set(entry.name, j);
  });
  return components.map((component) => {
    const j = byName.get(component.name);
    if (j === undefined) {
      throw inputError(
        [...path, "components"],
        `no entry for component "${component.name}": fit the scale with the same components`,
      );
    }
    const entry = scale.components[j] as EngagementComponentScale;
    let cumulative: Float64Array | null = null;
    if (component.normalize === "percentile") {
      if (entry.distribution === null) {
        throw inputError(
          [...path, "components", j, "distribution"],
          `component "${component.name}" is a percentile: fit the scale with normalize "percentile"`,
        );
      }
      const counts = entry.distribution.counts;
      cumulative = new Float64Array(counts.length);
      let below = 0;
      for (let k = 0; k < counts.length; k++) {
        cumulative[k] = below;
        below += counts[k] as number;
      }
    }
    return { entry, cumulative };
  });
}

/** Prepares a scale just fitted (consistent by construction). @internal */
export function prepareFitted<R>(
  scale: EngagementScale,
  components: readonly ResolvedComponent<R>[],
): PreparedComponentScale[] {
  return prepareScale(scale, components, ["scale"]);
}

// ---------------------------------------------------------------------------------------------
// Normalising

/** Standard normal CDF Φ(z) = erfc(−z/√2)/2. */
function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** 0, 50 or 100 as x is below, at or above a degenerate (zero-spread) fitted value. */
function sideOf(x: number, centre: number): number {
  return x < centre ? 0 : x > centre ? 100 : 50;
}

/** Mid-rank percentile of x in a fitted distribution: (below + equal/2) / n × 100. */
function percentileRank(
  x: number,
  values: readonly number[],
  counts: readonly number[],
  cumulative: Float64Array,
  n: number,
): number {
  // Lower bound: the first k with values[k] >= x (binary search, O(log m)).
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  const below = lo < values.length ? (cumulative[lo] as number) : n;
  const equal = lo < values.length && values[lo] === x ? (counts[lo] as number) : 0;
  return ((below + equal / 2) / n) * 100;
}

/**
 * A raw value's 0–100 score under a component's normalisation and a prepared scale entry, or
 * `null` when the scale has no data for it. @internal
 */
export function normalizeValue<R>(
  x: number,
  component: ResolvedComponent<R>,
  prepared: PreparedComponentScale,
): number | null {
  if (component.normalize === "target") {
    const t = component.target;
    if (component.higherIsBetter) return Math.min(1, Math.max(0, x / t)) * 100;
    return x <= t ? 100 : (t / x) * 100;
  }
  const { entry, cumulative } = prepared;
  if (entry.n === 0 || entry.min === null || entry.max === null) return null;
  let s: number;
  if (component.normalize === "percentile") {
    const d = entry.distribution;
    if (d === null || cumulative === null) return null;
    s = percentileRank(x, d.values, d.counts, cumulative, entry.n);
  } else if (entry.min === entry.max) {
    s = sideOf(x, entry.min);
  } else if (component.normalize === "min-max") {
    s = Math.min(1, Math.max(0, (x - entry.min) / (entry.max - entry.min))) * 100;
  } else {
    const sd = entry.sd ?? 0;
    const mean = entry.mean ?? entry.min;
    s = sd > 0 ? normalCdf((x - mean) / sd) * 100 : sideOf(x, mean);
  }
  return component.higherIsBetter ? s : 100 - s;
}

// ---------------------------------------------------------------------------------------------
// Merging

const EMPTY_DISTRIBUTION: EngagementDistribution = { values: [], counts: [] };

function mergeDistributions(
  a: EngagementDistribution,
  b: EngagementDistribution,
): EngagementDistribution {
  const values: number[] = [];
  const counts: number[] = [];
  let i = 0;
  let j = 0;
  // Values are finite (the schema), so +∞ marks a side that has run out: the other one's value
  // is always smaller. The loop stops before both have.
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? (a.values[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.values.length ? (b.values[j] as number) : Number.POSITIVE_INFINITY;
    if (x < y) {
      values.push(x);
      counts.push(a.counts[i++] as number);
    } else if (y < x) {
      values.push(y);
      counts.push(b.counts[j++] as number);
    } else {
      values.push(x);
      counts.push((a.counts[i++] as number) + (b.counts[j++] as number));
    }
  }
  return { values, counts };
}

function mergeEntries(
  a: EngagementComponentScale,
  b: EngagementComponentScale,
): EngagementComponentScale {
  // An entry without data has an empty distribution, whether it kept one or not; the merge
  // keeps a distribution when either side kept one and the other can supply its values.
  const da = a.distribution ?? (a.n === 0 ? EMPTY_DISTRIBUTION : null);
  const db = b.distribution ?? (b.n === 0 ? EMPTY_DISTRIBUTION : null);
  const kept = a.distribution !== null || b.distribution !== null;
  const distribution = kept && da !== null && db !== null ? mergeDistributions(da, db) : null;
  if (b.n === 0) return { ...a, distribution };
  if (a.n === 0) return { ...b, name: a.name, distribution };
  const n = a.n + b.n;
  const min = Math.min(a.min ?? Number.POSITIVE_INFINITY, b.min ?? Number.POSITIVE_INFINITY);
  const max = Math.max(a.max ?? Number.NEGATIVE_INFINITY, b.max ?? Number.NEGATIVE_INFINITY);
  const ma = a.mean ?? 0;
  const mb = b.mean ?? 0;
  // Chan, Golub & LeVeque (1979): pooled mean and sum of squared deviations.
  const delta = mb - ma;
  const mean = ma + (delta * b.n) / n;
  const m2 =
    (a.sd ?? 0) ** 2 * Math.max(0, a.n - 1) +
    (b.sd ?? 0) ** 2 * Math.max(0, b.n - 1) +
    (delta * delta * a.n * b.n) / n;
  // Both sides have data here (the empty cases returned above), so n >= 2.
  const sd = min === max ? 0 : Math.sqrt(m2 / (n - 1));
  return {
    name: a.name,
    n,
    min,
    max,
    mean: Math.min(max, Math.max(min, mean)),
    sd,
    distribution,
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Fits the population statistics of each component once, as plain JSON, to score other
 * customers later against the same yardstick: `engagementScore(today, { components, scale })`.
 *
 * Per component, over the customers that have a value (missing ones are left out): n, min, max,
 * mean, the sample standard deviation (n − 1, as R's `sd`), and for `"percentile"` components
 * the sorted distinct values with their counts (O(n log n)). Values are checked as in
 * {@link engagementScore}.
 * @param customers - Customer rows.
 * @param options - The score's options; only `components` matters here.
 * @example
 * const scale = fitEngagementScale(
 *   [{ visits: 2 }, { visits: 4 }, { visits: 4 }, { visits: null }],
 *   { components: [{ name: "visits", weight: 1, normalize: "percentile" }] },
 * );
 * scale.components[0]
 * //=> { name: "visits", n: 3, min: 2, max: 4, mean: 3.3333333333333335, sd: 1.1547005383792515, distribution: { values: [2, 4], counts: [1, 2] } }
 */
export function fitEngagementScale<R>(
  customers: readonly R[],
  options: EngagementScaleOptions<R>,
): EngagementScale {
  if (options !== null && typeof options === "object" && "scale" in options) {
    throw inputError(
      ["options", "scale"],
      "fitEngagementScale fits a scale: pass it to engagementScore",
    );
  }
  const opts = resolveScoreOptions(options);
  const columns = readColumns(customers, opts);
  return fitColumns(opts.components, columns.values);
}

/**
 * Merges two scales fitted on disjoint sets of customers (two shards, two months) into the
 * scale of their union: n adds, min and max combine, mean and sd are pooled exactly (Chan,
 * Golub & LeVeque 1979), distributions merge. Both must have the same component names.
 * @example
 * const components = [{ name: "visits", weight: 1, normalize: "z-score" }] as const;
 * const a = fitEngagementScale([{ visits: 1 }, { visits: 3 }], { components });
 * const b = fitEngagementScale([{ visits: 5 }], { components });
 * mergeEngagementScales(a, b).components[0].sd
 * //=> 2
 */
export function mergeEngagementScales(a: EngagementScale, b: EngagementScale): EngagementScale {
  const pa = parseWith(engagementScaleSchema, a, ["a"]);
  const pb = parseWith(engagementScaleSchema, b, ["b"]);
  const byName = new Map<string, EngagementComponentScale>();
  pb.components.forEach((entry, j) => {
    const problem = entryProblem(entry);
    if (problem !== null) throw inputError(["b", "components", j, problem.field], problem.message);
    byName.set(entry.name, entry);
  });
  if (byName.size !== pa.components.length) {
    throw inputError(["b", "components"], "expected the same components in both scales");
  }
  return {
    version: 1,
    components: pa.components.map((entry, j) => {
      const problem = entryProblem(entry);
      if (problem !== null)
        throw inputError(["a", "components", j, problem.field], problem.message);
      const other = byName.get(entry.name);
      if (other === undefined) {
        throw inputError(["b", "components"], `no entry for component "${entry.name}"`);
      }
      return mergeEntries(entry, other);
    }),
  };
}

/** {@link fitEngagementScale} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeFitEngagementScale<R>(
  customers: readonly R[],
  options: EngagementScaleOptions<R>,
): SafeResult<EngagementScale> {
  return attempt(() => fitEngagementScale(customers, options));
}

/** {@link mergeEngagementScales} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeMergeEngagementScales(
  a: EngagementScale,
  b: EngagementScale,
): SafeResult<EngagementScale> {
  return attempt(() => mergeEngagementScales(a, b));
}
