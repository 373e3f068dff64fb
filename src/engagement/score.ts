import { attempt, type SafeResult } from "../errors.js";
import type { Accessor } from "../metric.js";
import type { ReasonCode, Warning } from "../result.js";
import {
  type EngagementComponent,
  type EngagementMissingPolicy,
  type EngagementTiers,
  type ResolvedComponent,
  type ResolvedTiers,
  readColumns,
  resolveScoreOptions,
} from "./components.js";
import {
  type EngagementScale,
  fitColumns,
  normalizeValue,
  type PreparedComponentScale,
  prepareFitted,
  prepareScale,
} from "./scale.js";

// ---------------------------------------------------------------------------------------------
// Types

/** Options of {@link engagementScore}. */
export interface EngagementScoreOptions<R> {
  /** The indicators, with accessor, weight, direction and normalisation. At least one. */
  readonly components: readonly EngagementComponent<R>[];
  /**
   * Missing values (`undefined`/`null`): `"skip-and-reweight"` (default) scores a customer on
   * the components they have, with those weights renormalised; `"zero"` scores a missing
   * component 0 at its full weight.
   */
  readonly missing?: EngagementMissingPolicy;
  /** Tiers by score thresholds or by quantiles of the scores, with labels. Default: none. */
  readonly tiers?: EngagementTiers;
  /** Customer id, to label rows: a property name or `(customer, index) => id`. */
  readonly id?: Accessor<R>;
  /**
   * A scale from {@link fitEngagementScale} (or a previous result's `scale`) to score against.
   * Default: the scale fitted on these customers. Values outside it are clamped to 0–100.
   */
  readonly scale?: EngagementScale;
}

/** One component's part in a customer's score. */
export interface EngagementContribution {
  readonly name: string;
  /** The raw value; `null` when missing. */
  readonly value: number | null;
  /** The normalised 0–100 score; `null` when missing (or the scale has no data for it). */
  readonly score: number | null;
  /** The weight this customer's score gave it (weights of the components used sum to 1). */
  readonly weight: number;
  /** weight × score, in points: the contributions add up to the customer's score. */
  readonly contribution: number;
}

/** One customer's engagement score. */
export interface EngagementScoreRow {
  /** Position in the input. */
  readonly index: number;
  /** From `options.id`; `null` without it. */
  readonly id: string | number | null;
  /** 0–100; `null` when no weighted component has a value (see `reason`). */
  readonly score: number | null;
  /** `"empty"`: no component has a value; `"zero-denominator"`: the ones present weigh 0. */
  readonly reason: ReasonCode | null;
  /** Tier label; `null` without tiers or without a score. */
  readonly tier: string | null;
  readonly components: readonly EngagementContribution[];
}

/** Distribution of the scores (scored customers only). Quantiles are type 7 (R's default). */
export interface EngagementScoreSummary {
  readonly mean: number | null;
  readonly min: number | null;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
  readonly max: number | null;
}

/** The tiers as applied: cut points on the score, labels and how many customers each holds. */
export interface EngagementTierSummary {
  readonly method: "thresholds" | "quantiles";
  /** The quantile probabilities, for `"quantiles"`; else `null`. */
  readonly quantiles: readonly number[] | null;
  /**
   * Score cut points: a score ≥ cutPoints[k] is above tier k. `null` for quantiles when no
   * customer has a score. Reuse them as `thresholds` to keep tiers stable across batches.
   */
  readonly cutPoints: readonly number[] | null;
  readonly labels: readonly string[];
  /** Customers per label, in the order of `labels`. */
  readonly counts: readonly number[];
}

/** A component's weight as given and as normalised. */
export interface EngagementWeight {
  readonly name: string;
  readonly weight: number;
  /** weight ÷ Σweights. */
  readonly normalized: number;
}

/** The composite engagement score of every customer, with summary, tiers and the scale used. */
export interface EngagementScoreResult {
  readonly metric: "engagementScore";
  /** Mean score of the scored customers; `null` when none has a score. */
  readonly value: number | null;
  /** `"empty"` (no customers), `"insufficient-data"` (no customer could be scored), else `null`. */
  readonly reason: ReasonCode | null;
  /** Customers given. */
  readonly n: number;
  /** Customers with a score. */
  readonly scored: number;
  readonly summary: EngagementScoreSummary;
  readonly rows: readonly EngagementScoreRow[];
  readonly weights: readonly EngagementWeight[];
  readonly tiers: EngagementTierSummary | null;
  readonly missing: EngagementMissingPolicy;
  /** The scale scores were computed against: `options.scale`, or the one fitted here. */
  readonly scale: EngagementScale;
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Type-7 quantile (Hyndman & Fan 1996; R's default) of sorted values, n ≥ 1. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

function tierIndex(score: number, cuts: readonly number[]): number {
  let k = 0;
  while (k < cuts.length && score >= (cuts[k] as number)) k++;
  return k;
}

function summarize(sorted: Float64Array): EngagementScoreSummary {
  if (sorted.length === 0) {
    return { mean: null, min: null, q1: null, median: null, q3: null, max: null };
  }
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i] as number;
    const t = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return {
    mean: (sum + carry) / sorted.length,
    min: sorted[0] as number,
    q1: quantile7(sorted, 0.25),
    median: quantile7(sorted, 0.5),
    q3: quantile7(sorted, 0.75),
    max: sorted[sorted.length - 1] as number,
  };
}

function componentWarnings<R>(
  components: readonly ResolvedComponent<R>[],
  prepared: readonly PreparedComponentScale[],
  missingCounts: readonly number[],
  outOfRange: readonly number[],
  n: number,
  policy: EngagementMissingPolicy,
): Warning[] {
  const warnings: Warning[] = [];
  components.forEach((c, k) => {
    const entry = (prepared[k] as PreparedComponentScale).entry;
    const missing = missingCounts[k] as number;
    if (missing > 0) {
      warnings.push({
        code: "missing-values",
        message: `${missing} of ${n} customers have no ${c.name}: ${
          policy === "zero"
            ? "it scores 0 for them"
            : "their scores use the other components, reweighted"
        }.`,
      });
    }
    if (c.normalize === "target") return;
    if (entry.n === 0) {
      warnings.push({
        code: "no-scale-data",
        message: `The scale has no values of ${c.name}: it cannot be normalised and counts as missing.`,
      });
    } else if (entry.min === entry.max) {
      warnings.push({
        code: "constant-component",
        message: `${c.name} has one value (${entry.min}) in the scale: it scores 50 at that value, 0 below, 100 above.`,
      });
    }
    const out = outOfRange[k] as number;
    if (out > 0) {
      warnings.push({
        code: "out-of-range",
        message: `${out} values of ${c.name} lie outside the fitted range [${entry.min}, ${entry.max}]; their scores are clamped to 0-100.`,
      });
    }
  });
  return warnings;
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Composite engagement score: each customer's indicators (dwell time, email open rate, CTR,
 * app sessions per week, purchase frequency, NPS answer, review count, ...) normalised to 0–100
 * and averaged with weights, giving a 0–100 score per customer, with each component's
 * contribution, a summary, and tiers.
 *
 * score = Σ wₖ·sₖ ÷ Σ wₖ over the components used (all of them under `missing: "zero"`, where
 * a missing sₖ is 0; those with a value under `"skip-and-reweight"`). Normalisations sₖ, for a
 * value x against the scale (fitted on these customers unless `scale` is given):
 * - `"min-max"`: 100·(x − min)/(max − min), clamped to 0–100 (scikit-learn's MinMaxScaler);
 * - `"z-score"`: 100·Φ((x − mean)/sd), the standard normal CDF of the z-score with the sample
 *   sd (R's `scale`): the percentile x would have in a normal population; 50 at the mean;
 * - `"percentile"`: mid-rank percentile rank 100·(below + equal/2)/n, ties share the average
 *   rank (the percentile-rank formula; scipy `percentileofscore(kind="mean")`);
 * - `"target"`: 100·min(x/target, 1); when lower is better, 100 up to the target, then
 *   100·target/x.
 * With `higherIsBetter: false`, min-max, z-score and percentile scores become 100 − s. A
 * component with one value in the scale scores 50 at it, 0 below and 100 above.
 *
 * Weights are checked (finite, ≥ 0, not all 0) and normalised. Values must be finite numbers or
 * `undefined`/`null` (missing); NaN is an input error naming the customer and field.
 * The summary's quartiles are type 7 (Hyndman & Fan 1996, R's default). Tiers: a score at or
 * above a cut point goes to the higher tier.
 * @param customers - Customer rows carrying the indicators.
 * @returns Rows in input order; `value` is the mean score.
 * @example
 * const customers = [
 *   { id: "a", visits: 10, spend: 100 },
 *   { id: "b", visits: 5, spend: 300 },
 *   { id: "c", visits: 0, spend: 200 },
 * ];
 * const result = engagementScore(customers, {
 *   id: "id",
 *   components: [
 *     { name: "visits", weight: 3, normalize: "min-max" },
 *     { name: "spend", weight: 1, normalize: "min-max" },
 *   ],
 *   tiers: { thresholds: [40, 70] },
 * });
 * result.rows.map((row) => row.score)
 * //=> [75, 62.5, 12.5]
 * result.rows.map((row) => row.tier)
 * //=> ["high", "medium", "low"]
 */
export function engagementScore<R>(
  customers: readonly R[],
  options: EngagementScoreOptions<R>,
): EngagementScoreResult {
  const opts = resolveScoreOptions(options);
  const { components, missing: policy } = opts;
  const columns = readColumns(customers, opts);
  const n = customers.length;

  const given = options.scale;
  let scale: EngagementScale;
  let prepared: PreparedComponentScale[];
  if (given === undefined) {
    scale = fitColumns(components, columns.values);
    prepared = prepareFitted(scale, components);
  } else {
    // Already validated against the schema by resolveScoreOptions; check consistency here.
    scale = given;
    prepared = prepareScale(given, components, ["options", "scale"]);
  }

  let totalWeight = 0;
  for (const c of components) totalWeight += c.weight;
  const weights: EngagementWeight[] = components.map((c) => ({
    name: c.name,
    weight: c.weight,
    normalized: c.weight / totalWeight,
  }));

  // Normalised scores per component (NaN = none), and counts for the warnings.
  const k = components.length;
  const missingCounts = new Array<number>(k).fill(0);
  const outOfRange = new Array<number>(k).fill(0);
  const normalized = components.map((component, c) => {
    const column = columns.values[c] as Float64Array;
    const p = prepared[c] as PreparedComponentScale;
    const out = new Float64Array(n);
    const { min, max } = p.entry;
    for (let i = 0; i < n; i++) {
      const x = column[i] as number;
      if (Number.isNaN(x)) {
        missingCounts[c] = (missingCounts[c] as number) + 1;
        out[i] = Number.NaN;
        continue;
      }
      if (
        given !== undefined &&
        component.normalize !== "target" &&
        min !== null &&
        max !== null &&
        (x < min || x > max)
      ) {
        outOfRange[c] = (outOfRange[c] as number) + 1;
      }
      out[i] = normalizeValue(x, component, p) ?? Number.NaN;
    }
    return out;
  });

  // Pass 1: each customer's score (NaN = none) and the weight it was divided by.
  const scoreOf = new Float64Array(n);
  const usedOf = new Float64Array(n);
  const reasonOf: (ReasonCode | null)[] = new Array(n);
  const sorted = new Float64Array(n);
  let scored = 0;
  for (let i = 0; i < n; i++) {
    let used = 0;
    let present = 0;
    let points = 0;
    for (let c = 0; c < k; c++) {
      const s = (normalized[c] as Float64Array)[i] as number;
      const w = (components[c] as ResolvedComponent<R>).weight;
      if (!Number.isNaN(s)) {
        present++;
        used += w;
        points += w * s;
      } else if (policy === "zero") {
        used += w;
      }
    }
    usedOf[i] = used;
    if (policy === "skip-and-reweight" && present === 0) {
      scoreOf[i] = Number.NaN;
      reasonOf[i] = "empty";
    } else if (!(used > 0)) {
      scoreOf[i] = Number.NaN;
      reasonOf[i] = "zero-denominator";
    } else {
      const score = Math.min(100, Math.max(0, points / used));
      scoreOf[i] = score;
      reasonOf[i] = null;
      sorted[scored++] = score;
    }
  }
  const scores = sorted.subarray(0, scored).sort();
  const summary = summarize(scores);
  // The tiers with zero counts, filled in pass 2.
  const tiers = opts.tiers === null ? null : tierCuts(opts.tiers, scores);

  // Pass 2: the rows, with contributions and tiers.
  const rows: EngagementScoreRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const score = scoreOf[i] as number;
    const used = usedOf[i] as number;
    const contributions: EngagementContribution[] = new Array(k);
    for (let c = 0; c < k; c++) {
      const s = (normalized[c] as Float64Array)[i] as number;
      const raw = (columns.values[c] as Float64Array)[i] as number;
      const component = components[c] as ResolvedComponent<R>;
      const counted = !Number.isNaN(s) || policy === "zero";
      const weight = !Number.isNaN(score) && counted ? component.weight / used : 0;
      contributions[c] = {
        name: component.name,
        value: !Number.isNaN(raw) ? raw : null,
        score: !Number.isNaN(s) ? s : null,
        weight,
        contribution: !Number.isNaN(s) ? weight * s : 0,
      };
    }
    let tier: string | null = null;
    if (tiers !== null && tiers.cutPoints !== null && !Number.isNaN(score)) {
      const t = tierIndex(score, tiers.cutPoints);
      tiers.counts[t] = (tiers.counts[t] as number) + 1;
      tier = tiers.labels[t] ?? null;
    }
    rows[i] = {
      index: i,
      id: columns.ids === null ? null : (columns.ids[i] as string | number),
      score: !Number.isNaN(score) ? score : null,
      reason: reasonOf[i] ?? null,
      tier,
      components: contributions,
    };
  }

  const warnings = componentWarnings(components, prepared, missingCounts, outOfRange, n, policy);
  const unscored = n - scored;
  if (unscored > 0) {
    warnings.push({
      code: "unscored",
      message: `${unscored} of ${n} customers have no score: no weighted component has a value.`,
    });
  }
  const reason: ReasonCode | null = n === 0 ? "empty" : scored === 0 ? "insufficient-data" : null;
  if (reason === "empty")
    warnings.push({ code: "empty", message: "No customers: nothing to score." });

  return {
    metric: "engagementScore",
    value: summary.mean,
    reason,
    n,
    scored,
    summary,
    rows,
    weights,
    tiers,
    missing: policy,
    scale,
    warnings,
  };
}

/**
 * The tiers' cut points on the score (the thresholds, or type-7 quantiles of the scores), with
 * every count at 0.
 */
function tierCuts(
  spec: ResolvedTiers,
  sorted: Float64Array,
): EngagementTierSummary & { readonly counts: number[] } {
  const cutPoints =
    spec.method === "thresholds"
      ? [...spec.cuts]
      : sorted.length === 0
        ? null
        : spec.cuts.map((p) => quantile7(sorted, p));
  return {
    method: spec.method,
    quantiles: spec.method === "quantiles" ? [...spec.cuts] : null,
    cutPoints,
    labels: [...spec.labels],
    counts: new Array<number>(spec.labels.length).fill(0),
  };
}

/** {@link engagementScore} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeEngagementScore<R>(
  customers: readonly R[],
  options: EngagementScoreOptions<R>,
): SafeResult<EngagementScoreResult> {
  return attempt(() => engagementScore(customers, options));
}
