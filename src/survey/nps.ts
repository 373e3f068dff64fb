import * as z from "zod/mini";
import {
  attempt,
  inputError,
  type MetricsInputError,
  parseWith,
  type SafeResult,
  schemaError,
} from "../errors.js";
import { type Accessor, type Metric, readField } from "../metric.js";
import type { Interval, ReasonCode, Warning } from "../result.js";
import { zForLevel } from "../stats/normal.js";
import {
  accessorSchema,
  countSchema,
  levelSchema,
  nonNegativeSchema,
  positiveSchema,
  type SchemaOutput,
} from "../stats/options.js";
import { sampleWarnings } from "../stats/proportion.js";
import { twoSidedPValue } from "../stats/pvalue.js";
import { mergeCheckedTallies } from "../stats/tally.js";
import { readWeight } from "./weight.js";

// ---------------------------------------------------------------------------------------------
// Schemas

const SCORE_MESSAGE = "expected an integer 0-10";

/**
 * One answer to "How likely are you to recommend us?": an integer from 0 to 10.
 * The inline check in {@link nps} accepts exactly what this schema accepts.
 */
export const npsScoreSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ (() =>
  z
    .int({ error: SCORE_MESSAGE })
    .check(z.gte(0, { error: SCORE_MESSAGE }), z.lte(10, { error: SCORE_MESSAGE })))();

export { responseWeightSchema } from "./weight.js";

/** Options of {@link nps} and {@link npsFromCounts}, as a schema (unknown keys are errors). */
export const npsOptionsSchema: z.ZodMiniType<
  SchemaOutput<Omit<NpsOptions, "score" | "weight">> & { score?: unknown; weight?: unknown }
> = /* @__PURE__ */ (() =>
  z.strictObject({
    promoterMin: z.optional(
      z
        .int({ error: "expected an integer 1-10" })
        .check(
          z.gte(1, { error: "expected an integer 1-10" }),
          z.lte(10, { error: "expected an integer 1-10" }),
        ),
    ),
    detractorMax: z.optional(
      z
        .int({ error: "expected an integer 0-9" })
        .check(
          z.gte(0, { error: "expected an integer 0-9" }),
          z.lte(9, { error: "expected an integer 0-9" }),
        ),
    ),
    interval: z.optional(
      z.enum(["adjusted-wald", "wald"], { error: 'expected "adjusted-wald" or "wald"' }),
    ),
    level: z.optional(levelSchema),
    minSampleSize: z.optional(nonNegativeSchema),
    maxMargin: z.optional(positiveSchema),
    score: z.optional(accessorSchema),
    weight: z.optional(accessorSchema),
  }))();

/** Counts of promoters, passives and detractors, as a warehouse hands them over. */
export const npsCountsSchema: z.ZodMiniType<SchemaOutput<NpsCounts>> = /* @__PURE__ */ (() =>
  z.strictObject({
    promoters: nonNegativeSchema,
    passives: nonNegativeSchema,
    detractors: nonNegativeSchema,
    responses: z.optional(countSchema),
    sumSquaredWeights: z.optional(nonNegativeSchema),
  }))();

// ---------------------------------------------------------------------------------------------
// Types

/** Options of the NPS functions. Every field is optional; defaults are documented per field. */
export interface NpsOptions<R = number> {
  /** Lowest score that makes a promoter. Default 9. Must be greater than `detractorMax`. */
  readonly promoterMin?: number;
  /** Highest score that makes a detractor. Default 6. */
  readonly detractorMax?: number;
  /** Interval method: `"adjusted-wald"` (Rocks 2016, default) or `"wald"`. */
  readonly interval?: "adjusted-wald" | "wald";
  /** Confidence level. Default 0.95. */
  readonly level?: number;
  /** Fewer (effective) responses than this add a `"small-sample"` warning. Default 30. */
  readonly minSampleSize?: number;
  /** A margin (half-width) wider than this many points adds a `"wide-interval"` warning. Default 10. */
  readonly maxMargin?: number;
  /** Where the score is, for records: a property name or `(record, index) => score`. Omit for an array of numbers. */
  readonly score?: Accessor<R>;
  /** Optional response weight: a property name or `(record, index) => weight`. */
  readonly weight?: Accessor<R>;
}

/**
 * Counts behind an NPS, as input. Unweighted counts are integers. Weighted tallies give the
 * weighted sums plus `responses` (raw count) and `sumSquaredWeights` (Σw²).
 */
export interface NpsCounts {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly responses?: number;
  readonly sumSquaredWeights?: number;
}

/**
 * The sufficient statistics of an NPS. Mergeable by adding field by field; all zeros is the
 * identity. Unweighted, the three groups are counts and `sumSquaredWeights = responses`.
 */
export interface NpsTally {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Number of answers (raw count, even when weighted). */
  readonly responses: number;
  /** Σw² over answers; equals `responses` when unweighted. Gives the Kish effective n. */
  readonly sumSquaredWeights: number;
}

/** Shares of each group, fractions of the (weighted) total. */
export interface NpsShares {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

/** An NPS, in points (-100..100), with its counts, shares, interval and warnings. */
export interface NpsResult {
  readonly metric: "nps";
  /** Promoter share minus detractor share, in points; `null` when there are no answers. */
  readonly value: number | null;
  /** Why `value` is `null`, else `null`. */
  readonly reason: ReasonCode | null;
  /** Number of answers. */
  readonly n: number;
  /** Kish effective sample size (Σw)²/Σw²; equals `n` when unweighted. */
  readonly effectiveN: number;
  /** Promoters (weighted sum if weighted). */
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly shares: NpsShares | null;
  /** Standard error of the NPS, in points (plain, unadjusted). */
  readonly standardError: number | null;
  /** Interval in points, clamped to [-100, 100]. */
  readonly interval: Interval | null;
  readonly warnings: readonly Warning[];
}

// ---------------------------------------------------------------------------------------------
// Options

interface ResolvedNpsOptions {
  readonly promoterMin: number;
  readonly detractorMax: number;
  readonly interval: "adjusted-wald" | "wald";
  readonly level: number;
  readonly minSampleSize: number;
  readonly maxMargin: number;
}

function resolveOptions<R>(options: NpsOptions<R> | undefined): ResolvedNpsOptions {
  const parsed = parseWith(npsOptionsSchema, options ?? {}, ["options"]);
  const promoterMin = parsed.promoterMin ?? 9;
  const detractorMax = parsed.detractorMax ?? 6;
  if (promoterMin <= detractorMax) {
    throw inputError(
      ["options", "promoterMin"],
      `promoterMin (${promoterMin}) must be greater than detractorMax (${detractorMax})`,
    );
  }
  return {
    promoterMin,
    detractorMax,
    interval: parsed.interval ?? "adjusted-wald",
    level: parsed.level ?? 0.95,
    minSampleSize: parsed.minSampleSize ?? 30,
    maxMargin: parsed.maxMargin ?? 10,
  };
}

// ---------------------------------------------------------------------------------------------
// Tally and merge

/** The empty NPS tally, identity of {@link mergeNpsTallies}. */
export function emptyNpsTally(): NpsTally {
  return { promoters: 0, passives: 0, detractors: 0, responses: 0, sumSquaredWeights: 0 };
}

/**
 * Merges two NPS tallies (associative, commutative).
 * Both tallies are checked (an object, every count finite and ≥ 0): else a
 * {@link MetricsInputError} at `a…` / `b…`; a merged count that overflows is an error at `b…`.
 * @example
 * mergeNpsTallies(
 *   { promoters: 1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 },
 *   { promoters: 0, passives: 0, detractors: 1, responses: 1, sumSquaredWeights: 1 },
 * ).responses
 * //=> 2
 */
export function mergeNpsTallies(a: NpsTally, b: NpsTally): NpsTally {
  return mergeCheckedTallies(npsTallySchema, a, b, mergeNpsTalliesUnchecked);
}

/** {@link mergeNpsTallies} without checks: the metric's own merge, for tallies it built. @internal */
function mergeNpsTalliesUnchecked(a: NpsTally, b: NpsTally): NpsTally {
  return {
    promoters: a.promoters + b.promoters,
    passives: a.passives + b.passives,
    detractors: a.detractors + b.detractors,
    responses: a.responses + b.responses,
    sumSquaredWeights: a.sumSquaredWeights + b.sumSquaredWeights,
  };
}

/** Mutable state while tallying: weight per score 0..10, raw count and Σw². @internal */
export interface NpsState {
  readonly byScore: Float64Array;
  responses: number;
  sumSquaredWeights: number;
}

function isScore(s: unknown): s is number {
  return typeof s === "number" && Number.isInteger(s) && s >= 0 && s <= 10;
}

function stateToTally(state: NpsState, opts: ResolvedNpsOptions): NpsTally {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (let s = 0; s <= 10; s++) {
    const w = state.byScore[s] as number;
    if (s >= opts.promoterMin) promoters += w;
    else if (s <= opts.detractorMax) detractors += w;
    else passives += w;
  }
  return {
    promoters,
    passives,
    detractors,
    responses: state.responses,
    sumSquaredWeights: state.sumSquaredWeights,
  };
}

function scoreError(value: unknown, path: readonly (string | number)[]): MetricsInputError {
  return schemaError(npsScoreSchema, value, path, SCORE_MESSAGE);
}

/**
 * The NPS as a {@link Metric}, for `runMetric`, `bySegment`, `byPeriod` and friends.
 * @param options - Thresholds, interval and accessors; see {@link NpsOptions}.
 * @example
 * const metric = npsMetric<{ score: number }>({ score: "score" });
 * runMetric(metric, [{ score: 10 }, { score: 0 }]).value
 * //=> 0
 */
export function npsMetric<R = number>(
  options?: NpsOptions<R>,
): Metric<R, NpsState, NpsTally, NpsResult> {
  const opts = resolveOptions(options);
  const scoreAccessor = options?.score;
  return {
    name: "nps",
    init: initNpsState,
    add: npsAdder(options),
    tally: (state) => stateToTally(state, opts),
    empty: emptyNpsTally,
    merge: mergeNpsTalliesUnchecked,
    finalize: (tally) => finalizeNps(tally, opts),
    // Difference in points with a Wald test (see compareNps), for compareSegments.
    compare: (a, b, level) => compareNps(a, b, { level }),
    // Unweighted, the tally is a function of the count of each score: the fast path of the
    // group helpers, columnar input and SQL (see Metric.histogram).
    ...(options?.weight !== undefined
      ? {}
      : {
          histogram: {
            field: typeof scoreAccessor === "string" ? scoreAccessor : undefined,
            get: typeof scoreAccessor === "function" ? scoreAccessor : undefined,
            min: 0,
            max: 10,
            fromCounts: (counts: ArrayLike<number>) => countsToTally(counts, opts),
            invalid: scoreError,
          },
        }),
  };
}

function initNpsState(): NpsState {
  return { byScore: new Float64Array(11), responses: 0, sumSquaredWeights: 0 };
}

/**
 * The `add` step of {@link npsMetric}: reads and checks one record's score (and weight) and
 * counts it. {@link nps} calls it directly, without the rest of the metric (merge, compare).
 */
function npsAdder<R>(
  options: NpsOptions<R> | undefined,
): (state: NpsState, record: R, index: number) => void {
  const scoreAccessor = options?.score;
  const weightAccessor = options?.weight;
  const scoreKey = typeof scoreAccessor === "string" ? scoreAccessor : undefined;
  const scoreFn = typeof scoreAccessor === "function" ? scoreAccessor : undefined;
  const weightKey = typeof weightAccessor === "string" ? weightAccessor : undefined;
  const weightFn = typeof weightAccessor === "function" ? weightAccessor : undefined;
  const weighted = weightAccessor !== undefined;

  return (state, record, index) => {
    let s: unknown;
    if (scoreKey !== undefined) {
      s = readField(record, scoreKey);
      if (!isScore(s)) throw scoreError(s, [index, scoreKey]);
    } else {
      s = scoreFn === undefined ? record : scoreFn(record, index);
      if (!isScore(s)) throw scoreError(s, [index]);
    }
    if (!weighted) {
      (state.byScore[s] as number)++;
      state.responses++;
      state.sumSquaredWeights++;
      return;
    }
    const w = readWeight(record, index, weightKey, weightFn);
    state.byScore[s] = (state.byScore[s] as number) + w;
    state.responses++;
    state.sumSquaredWeights += w * w;
  };
}

/** The unweighted tally of score counts (`counts[s]` answers scored `s`). */
function countsToTally(counts: ArrayLike<number>, opts: ResolvedNpsOptions): NpsTally {
  const byScore = new Float64Array(11);
  let responses = 0;
  for (let s = 0; s <= 10; s++) {
    const c = counts[s] ?? 0;
    byScore[s] = c;
    responses += c;
  }
  return stateToTally({ byScore, responses, sumSquaredWeights: responses }, opts);
}

// ---------------------------------------------------------------------------------------------
// Finalize

function finalizeNps(tally: NpsTally, opts: ResolvedNpsOptions): NpsResult {
  const { promoters, passives, detractors, responses, sumSquaredWeights } = tally;
  const total = promoters + passives + detractors;
  // Kish: total² / Σw², written as total · (total / Σw²) so that huge totals do not overflow.
  const effectiveN = sumSquaredWeights > 0 ? total * (total / sumSquaredWeights) : 0;
  const base = {
    metric: "nps" as const,
    n: responses,
    effectiveN,
    promoters,
    passives,
    detractors,
  };
  if (!(total > 0)) {
    // No answers at all, or answers whose weights are all zero.
    const reason = responses > 0 ? "zero-denominator" : "empty";
    return {
      ...base,
      value: null,
      reason,
      shares: null,
      standardError: null,
      interval: null,
      warnings: [
        reason === "empty"
          ? { code: "empty", message: "No answers: the NPS is undefined." }
          : {
              code: "zero-denominator",
              message: "Every answer has weight 0: the NPS is undefined.",
            },
      ],
    };
  }
  const p = promoters / total;
  const d = detractors / total;
  const value = 100 * (p - d);
  const variance = p + d - (p - d) * (p - d);
  const standardError = 100 * Math.sqrt(variance / effectiveN);
  const interval = npsInterval(p, d, effectiveN, opts.level, opts.interval);
  return {
    ...base,
    value,
    reason: null,
    shares: { promoters: p, passives: passives / total, detractors: d },
    standardError,
    interval,
    warnings: sampleWarnings(effectiveN, opts.minSampleSize, interval, opts.maxMargin, "points"),
  };
}

/**
 * Wald: (p − d) ± z·√(((p + d) − (p − d)²)/n). Adjusted Wald (Rocks 2016): the same after adding
 * 3/4 to promoters and to detractors and 3 to n (so 3/2 to passives). In points, clamped.
 */
function npsInterval(
  p: number,
  d: number,
  n: number,
  level: number,
  method: "adjusted-wald" | "wald",
): Interval {
  let pp = p;
  let dd = d;
  let nn = n;
  if (method === "adjusted-wald") {
    nn = n + 3;
    pp = (p * n + 0.75) / nn;
    dd = (d * n + 0.75) / nn;
  }
  const centre = pp - dd;
  const half = zForLevel(level) * Math.sqrt((pp + dd - centre * centre) / nn);
  return {
    lower: Math.max(-100, 100 * (centre - half)),
    upper: Math.min(100, 100 * (centre + half)),
    level,
    method,
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Net Promoter Score from answers: promoter share minus detractor share, in points (-100..100).
 *
 * NPS = 100 · (P − D) / N, promoters scoring 9–10 and detractors 0–6 (Reichheld 2003).
 * Standard error √(((p + d) − (p − d)²)/n) (R package `NPS`, `nps.se`). Interval: adjusted Wald
 * by default (Rocks 2016, arXiv:1601.07235), Wald as an option. With weights, shares are weighted
 * and intervals use the Kish effective size (Σw)²/Σw².
 *
 * Every answer is checked; a bad one throws {@link MetricsInputError} naming it.
 * @param input - Scores (integers 0–10), or records with `options.score` naming the field.
 * @returns `value` is `null` with reason `"empty"` when there are no answers.
 * @example
 * nps([10, 9, 8, 7, 6, 3]).value
 * //=> 0
 * nps([{ s: 10 }, { s: 2 }, { s: 9 }], { score: "s" }).promoters
 * //=> 2
 */
export function nps<R = number>(input: readonly R[], options?: NpsOptions<R>): NpsResult {
  if (!Array.isArray(input)) throw inputError([], "expected an array of answers");
  const opts = resolveOptions(options);
  const state = initNpsState();
  if (options?.score === undefined && options?.weight === undefined) {
    // Hot path: an array of numbers, counted into 11 slots with the inline check.
    const byScore = state.byScore;
    for (let i = 0; i < input.length; i++) {
      const s: unknown = input[i];
      if (typeof s !== "number" || !(s >= 0 && s <= 10) || (s | 0) !== s) throw scoreError(s, [i]);
      (byScore[s] as number)++;
    }
    state.responses = input.length;
    state.sumSquaredWeights = input.length;
  } else {
    const add = npsAdder(options);
    for (let i = 0; i < input.length; i++) add(state, input[i] as R, i);
  }
  return finalizeNps(stateToTally(state, opts), opts);
}

/**
 * NPS from counts (or a weighted tally), e.g. from a warehouse GROUP BY.
 *
 * Same formula and interval as {@link nps}. Counts must be non-negative; without
 * `sumSquaredWeights` they are taken as unweighted integer counts.
 * @example
 * npsFromCounts({ promoters: 100, passives: 60, detractors: 40 }).value
 * //=> 30
 */
export function npsFromCounts(
  counts: NpsCounts,
  options?: Omit<NpsOptions, "score" | "weight">,
): NpsResult {
  const opts = resolveOptions(options);
  return finalizeNps(npsTallyFromCounts(counts), opts);
}

/**
 * Validates counts and returns the matching tally (unweighted when `sumSquaredWeights` is absent).
 * @example
 * npsTallyFromCounts({ promoters: 3, passives: 1, detractors: 1 }).responses
 * //=> 5
 */
export function npsTallyFromCounts(counts: NpsCounts): NpsTally {
  const parsed = parseWith(npsCountsSchema, counts, []);
  let total = 0;
  for (const key of ["promoters", "passives", "detractors"] as const) {
    total += parsed[key];
    // Weighted sums near 1.8e308 whose total overflows: name the count that tipped it over.
    if (!Number.isFinite(total))
      throw inputError([key], "the counts' total overflows: expected counts below 1.8e308 in all");
  }
  if (parsed.sumSquaredWeights === undefined) {
    for (const key of ["promoters", "passives", "detractors"] as const) {
      if (!Number.isSafeInteger(parsed[key])) {
        throw inputError(
          [key],
          "expected an integer count (give sumSquaredWeights for weighted sums)",
        );
      }
    }
    return {
      ...emptyNpsTally(),
      ...pick(parsed),
      responses: parsed.responses ?? total,
      sumSquaredWeights: total,
    };
  }
  // Σw² = 0 with a positive Σw is impossible, and would make the standard error infinite.
  if (total > 0 && !(parsed.sumSquaredWeights > 0)) {
    throw inputError(
      ["sumSquaredWeights"],
      "expected a positive sum of squared weights when some counts are positive",
    );
  }
  return {
    ...pick(parsed),
    responses: parsed.responses ?? Math.round(total),
    sumSquaredWeights: parsed.sumSquaredWeights,
  };
}

function pick(
  c: Pick<NpsCounts, "promoters" | "passives" | "detractors">,
): Pick<NpsTally, "promoters" | "passives" | "detractors"> {
  return { promoters: c.promoters, passives: c.passives, detractors: c.detractors };
}

/** {@link nps} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeNps<R = number>(
  input: readonly R[],
  options?: NpsOptions<R>,
): SafeResult<NpsResult> {
  return attempt(() => nps(input, options));
}

/** {@link npsFromCounts} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeNpsFromCounts(
  counts: NpsCounts,
  options?: Omit<NpsOptions, "score" | "weight">,
): SafeResult<NpsResult> {
  return attempt(() => npsFromCounts(counts, options));
}

// ---------------------------------------------------------------------------------------------
// Comparison and planning

/** The difference between two NPS values with its test. */
export interface NpsComparison {
  /** NPS of `a` minus NPS of `b`, in points; `null` if either is undefined. */
  readonly difference: number | null;
  readonly reason: ReasonCode | null;
  /** Standard error of the difference, in points. */
  readonly standardError: number | null;
  readonly z: number | null;
  /** Two-sided p-value of "no difference". */
  readonly pValue: number | null;
  /** Wald interval of the difference, in points, clamped to [-200, 200]. */
  readonly interval: Interval | null;
}

/** Options of {@link compareNps}. */
export interface CompareNpsOptions {
  /** Confidence level of the interval. Default 0.95. */
  readonly level?: number;
}

const compareOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({ level: z.optional(levelSchema) }))();

/** The fields of an NPS result that {@link compareNps} reads (a result may carry more). */
const resultCountSchema = /* @__PURE__ */ (() =>
  z
    .number({ error: "expected a finite number >= 0" })
    .check(z.gte(0, { error: "expected a finite number >= 0" })))();
const npsResultCountsSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    metric: z.literal("nps", { error: 'expected an NPS result (metric "nps") or tally' }),
    promoters: resultCountSchema,
    passives: resultCountSchema,
    detractors: resultCountSchema,
    n: countSchema,
    effectiveN: resultCountSchema,
  }))();

function asTally(x: NpsResult | NpsTally, path: string): NpsTally {
  if (x === null || typeof x !== "object" || Array.isArray(x)) {
    throw inputError([path], "expected an NPS result or tally");
  }
  if (Object.hasOwn(x, "metric")) {
    const r = parseWith(npsResultCountsSchema, x, [path]);
    const total = r.promoters + r.passives + r.detractors;
    return {
      promoters: r.promoters,
      passives: r.passives,
      detractors: r.detractors,
      responses: r.n,
      // total² / effectiveN, written so that huge totals do not overflow.
      sumSquaredWeights: r.effectiveN > 0 ? total * (total / r.effectiveN) : 0,
    };
  }
  return parseWith(npsTallySchema, x, [path]);
}

/** An NPS tally, as a schema. */
export const npsTallySchema: z.ZodMiniType<NpsTally> = /* @__PURE__ */ (() =>
  z.object({
    promoters: nonNegativeSchema,
    passives: nonNegativeSchema,
    detractors: nonNegativeSchema,
    responses: countSchema,
    sumSquaredWeights: nonNegativeSchema,
  }))();

/**
 * Compares two NPS values (two periods, two segments) assumed independent:
 * difference = NPS_a − NPS_b; SE = √(Var_a/n_a + Var_b/n_b) with Var = (p + d) − (p − d)²;
 * z = difference / SE; two-sided p from the normal; interval difference ± z_{level}·SE.
 *
 * Source: the variance of the NPS as in R package `NPS` (nps.var); the two-sample z-test
 * is the standard one for independent samples. With weights, n is the Kish effective size.
 * @param a - An NPS result or tally.
 * @param b - An NPS result or tally.
 * @example
 * const c = compareNps(
 *   npsFromCounts({ promoters: 100, passives: 60, detractors: 40 }),
 *   npsFromCounts({ promoters: 80, passives: 60, detractors: 60 }),
 * );
 * c.difference
 * //=> 20
 */
export function compareNps(
  a: NpsResult | NpsTally,
  b: NpsResult | NpsTally,
  options?: CompareNpsOptions,
): NpsComparison {
  const level = parseWith(compareOptionsSchema, options ?? {}, ["options"]).level ?? 0.95;
  const ta = asTally(a, "a");
  const tb = asTally(b, "b");
  const sa = moments(ta);
  const sb = moments(tb);
  if (sa === null || sb === null) {
    return {
      difference: null,
      reason: "empty",
      standardError: null,
      z: null,
      pValue: null,
      interval: null,
    };
  }
  const difference = 100 * (sa.value - sb.value);
  const standardError = 100 * Math.sqrt(sa.variance / sa.n + sb.variance / sb.n);
  const half = zForLevel(level) * standardError;
  const z = standardError > 0 ? difference / standardError : null;
  return {
    difference,
    reason: null,
    standardError,
    z,
    pValue: z === null ? (difference === 0 ? 1 : 0) : twoSidedPValue(z),
    interval: {
      lower: Math.max(-200, difference - half),
      upper: Math.min(200, difference + half),
      level,
      method: "wald",
    },
  };
}

function moments(t: NpsTally): { value: number; variance: number; n: number } | null {
  const total = t.promoters + t.passives + t.detractors;
  if (!(total > 0) || !(t.sumSquaredWeights > 0)) return null;
  const p = t.promoters / total;
  const d = t.detractors / total;
  return {
    value: p - d,
    variance: p + d - (p - d) * (p - d),
    n: (total * total) / t.sumSquaredWeights,
  };
}

/** Input of {@link npsSampleSize}. */
export interface NpsSampleSizeInput {
  /** Target margin of error (half-width), in NPS points, e.g. 5. */
  readonly margin: number;
  /** Confidence level. Default 0.95. */
  readonly level?: number;
  /** Expected promoter and detractor shares (fractions). Omit for the worst case (variance 1). */
  readonly expected?: { readonly promoters: number; readonly detractors: number };
}

/** Responses needed for a target NPS margin. */
export interface NpsSampleSize {
  /** Responses needed, rounded up. */
  readonly n: number;
  /** One-response variance used, (p + d) − (p − d)². */
  readonly variance: number;
  readonly margin: number;
  readonly level: number;
}

const share = /* @__PURE__ */ (() =>
  z
    .number()
    .check(
      z.gte(0, { error: "expected a share between 0 and 1" }),
      z.lte(1, { error: "expected a share between 0 and 1" }),
    ))();

const sampleSizeSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    margin: z
      .number()
      .check(
        z.gt(0, { error: "expected a margin in points, > 0 and <= 100" }),
        z.lte(100, { error: "expected a margin in points, > 0 and <= 100" }),
      ),
    level: z.optional(levelSchema),
    expected: z.optional(z.strictObject({ promoters: share, detractors: share })),
  }))();

/**
 * Responses needed for a target NPS margin of error: n = z² · Var₁ / m², with
 * Var₁ = (p + d) − (p − d)² the one-response variance and m the margin as a fraction.
 * With nothing expected, Var₁ = 1 (p = d = 0.5), the worst case.
 *
 * Source: the NPS variance (R package `NPS`); the usual n = z²σ²/m² for a mean.
 * @example
 * npsSampleSize({ margin: 5 }).n
 * //=> 1537
 */
export function npsSampleSize(input: NpsSampleSizeInput): NpsSampleSize {
  const parsed = parseWith(sampleSizeSchema, input, []);
  const level = parsed.level ?? 0.95;
  let variance = 1;
  if (parsed.expected !== undefined) {
    const { promoters: p, detractors: d } = parsed.expected;
    if (p + d > 1 + 1e-12)
      throw inputError(["expected"], "promoter and detractor shares add up to more than 1");
    variance = p + d - (p - d) * (p - d);
  }
  const z = zForLevel(level);
  const m = parsed.margin / 100;
  // A tiny tolerance keeps an exact integer answer (before rounding error) from rounding up.
  const n = Math.max(1, Math.ceil((z * z * variance) / (m * m) - 1e-9));
  return { n, variance, margin: parsed.margin, level };
}

/** {@link compareNps} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCompareNps(
  a: NpsResult | NpsTally,
  b: NpsResult | NpsTally,
  options?: CompareNpsOptions,
): SafeResult<NpsComparison> {
  return attempt(() => compareNps(a, b, options));
}

/** {@link npsSampleSize} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeNpsSampleSize(input: NpsSampleSizeInput): SafeResult<NpsSampleSize> {
  return attempt(() => npsSampleSize(input));
}

/** {@link mergeNpsTallies} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeMergeNpsTallies(a: NpsTally, b: NpsTally): SafeResult<NpsTally> {
  return attempt(() => mergeNpsTallies(a, b));
}

/** {@link npsMetric} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeNpsMetric<R = number>(
  options?: NpsOptions<R>,
): SafeResult<Metric<R, NpsState, NpsTally, NpsResult>> {
  return attempt(() => npsMetric<R>(options));
}

/** {@link npsTallyFromCounts} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeNpsTallyFromCounts(counts: NpsCounts): SafeResult<NpsTally> {
  return attempt(() => npsTallyFromCounts(counts));
}
