import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import { type AnyMetric, type MetricComparison, readField } from "../metric.js";
import type { Warning } from "../result.js";
import { holmAdjust } from "../stats/compare.js";
import { levelSchema } from "../stats/options.js";
import {
  checkMetrics,
  emptyTallies,
  type MetricList,
  type MetricMap,
  mergeTallies,
  readTallies,
} from "./route.js";
import { resultValue, type SegmentKey, type SegmentTable, segmentKeySchema } from "./segment.js";

/** What each segment is compared with: the rest (all other segments), or one baseline segment. */
export type SegmentBaseline = "rest" | { readonly segment: SegmentKey };

/** Options of {@link compareSegments}. */
export interface CompareSegmentsOptions {
  /**
   * The metrics the table was built with (tallies are data; the formulas are in the metrics).
   * Only those with a `compare` are compared; the others are listed in `notCompared`.
   */
  readonly metrics: MetricMap<never>;
  /** Default `"rest"`: each segment against all other segments merged. */
  readonly against?: SegmentBaseline;
  /** Confidence level of the intervals. Default 0.95. */
  readonly level?: number;
  /** Multiple-comparison adjustment of the p-values: `"holm"` (default) or `"none"`. */
  readonly adjust?: "holm" | "none";
}

/** Options of {@link compareSegments}, as a schema (unknown keys are errors). */
export const compareSegmentsOptionsSchema: z.ZodMiniType<{
  metrics: unknown;
  against?: "rest" | { segment: SegmentKey } | undefined;
  level?: number | undefined;
  adjust?: "holm" | "none" | undefined;
}> = /* @__PURE__ */ z.strictObject({
  metrics: z.unknown(),
  against: z.optional(
    z.union([z.literal("rest"), z.strictObject({ segment: segmentKeySchema })], {
      error: 'expected "rest" or { segment: key }',
    }),
  ),
  level: z.optional(levelSchema),
  adjust: z.optional(z.enum(["holm", "none"], { error: 'expected "holm" or "none"' })),
});

/** One segment compared with its baseline on one metric: segment − baseline. */
export interface SegmentComparisonRow extends MetricComparison {
  readonly segment: SegmentKey;
  readonly metric: string;
  /** The baseline segment's key, or `null` when the baseline is the rest. */
  readonly baselineKey: SegmentKey | null;
  /** Records in the segment. */
  readonly n: number;
  /** Records in the baseline (the rest, or the baseline segment). */
  readonly baselineN: number;
  /** The segment's value of the metric. */
  readonly value: number | null;
  /** The baseline's value of the metric. */
  readonly baselineValue: number | null;
  /** `pValue` after the requested adjustment over every comparison of the call. */
  readonly adjustedPValue: number | null;
  /** `true` when the segment or the baseline has fewer records than the table's `minN`. */
  readonly flagged: boolean;
}

/** The result of {@link compareSegments}: plain JSON. */
export interface SegmentComparison {
  readonly grouping: "segment-comparison";
  readonly against: SegmentBaseline;
  readonly level: number;
  readonly adjust: "holm" | "none";
  /** Segment by segment (table order), metric by metric. */
  readonly comparisons: readonly SegmentComparisonRow[];
  /** Metrics of the table without a `compare` (or not passed in `options.metrics`). */
  readonly notCompared: readonly string[];
  /** `"multiple-comparisons"` when more than one p-value was computed. */
  readonly warnings: readonly Warning[];
}

interface StoredSegment {
  readonly key: SegmentKey;
  readonly n: number;
  /** The stored `tallies` object, read per metric by {@link readTallies}. */
  readonly tallies: unknown;
}

interface StoredTable {
  readonly names: readonly string[];
  readonly minN: number;
  readonly segments: readonly StoredSegment[];
}

function readTable(table: unknown): StoredTable {
  if (readField(table, "grouping") !== "segments") {
    throw inputError([], 'expected a table from bySegment ({ grouping: "segments", ... })');
  }
  const names: unknown = readField(table, "metrics");
  const rows: unknown = readField(table, "segments");
  const minN: unknown = readField(table, "minN");
  if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) {
    throw inputError(["metrics"], "expected the table's metric names");
  }
  if (!Array.isArray(rows)) throw inputError(["segments"], "expected an array of segments");
  const segments = rows.map((row: unknown, i): StoredSegment => {
    const key = readField(row, "key");
    const n = readField(row, "n");
    if (!(typeof key === "string" || (typeof key === "number" && Number.isFinite(key)))) {
      throw inputError(
        ["segments", i, "key"],
        "expected a segment key: a string or a finite number",
      );
    }
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
      throw inputError(["segments", i, "n"], "expected a non-negative integer count");
    }
    return { key, n, tallies: readField(row, "tallies") };
  });
  return { names, minN: typeof minN === "number" ? minN : 30, segments };
}

type Compare = (a: unknown, b: unknown, level: number) => MetricComparison;

/**
 * Compares each segment of a {@link bySegment} table with a baseline, metric by metric:
 * the difference (segment − baseline), its interval and a two-sided p-value, from each
 * metric's own `compare` (NPS: {@link compareNps}; proportions: {@link compareProportions}).
 *
 * The baseline is, by default, **the rest**: all other segments' tallies merged. A segment is
 * part of the total, so a test against the total would compare a group with itself in part;
 * the rest is disjoint from the segment, as the tests assume. With `{ segment: key }` each other
 * segment is compared with that one. Records are assumed independent.
 *
 * Many comparisons inflate false positives: with 20 tests at 5%, one is expected "significant"
 * by chance. `adjustedPValue` is Holm's adjustment over every comparison of the call (Holm 1979,
 * as R's `p.adjust(p, "holm")`); `pValue` stays raw.
 * @param table - A table from {@link bySegment} (or stored and read back: only `grouping`,
 *   `metrics`, `minN` and each segment's `key`, `n` and `tallies` are used).
 * @example
 * const rows = [10, 10, 10, 9, 2, 3, 0, 1].map((s, i) => ({ g: i < 4 ? "a" : "b", s }));
 * const metrics = { nps: npsMetric<{ g: string; s: number }>({ score: "s" }) };
 * const c = compareSegments(bySegment(rows, "g", metrics), { metrics });
 * c.comparisons.map((row) => [row.segment, row.difference])
 * //=> [["a", 200], ["b", -200]]
 */
export function compareSegments(
  table: SegmentTable<MetricMap<never>>,
  options: CompareSegmentsOptions,
): SegmentComparison {
  const parsed = parseWith(compareSegmentsOptionsSchema, options, ["options"]);
  const given = checkMetrics<unknown>(parsed.metrics, ["options", "metrics"]);
  const against = parsed.against ?? "rest";
  const level = parsed.level ?? 0.95;
  const adjust = parsed.adjust ?? "holm";

  const stored = readTable(table);
  for (const name of given.names) {
    if (!stored.names.includes(name)) {
      throw inputError(["options", "metrics", name], "expected a metric of the table");
    }
  }
  const names: string[] = [];
  const metrics: AnyMetric<unknown>[] = [];
  const compares: Compare[] = [];
  const notCompared: string[] = [];
  for (const name of stored.names) {
    const metric = given.metrics[given.names.indexOf(name)];
    const compare = metric?.compare;
    if (metric !== undefined && typeof compare === "function") {
      names.push(name);
      metrics.push(metric);
      compares.push((a, b, lvl) => compare.call(metric, a, b, lvl));
    } else notCompared.push(name);
  }
  const compared: MetricList<unknown> = { names, metrics };
  const minN = stored.minN;
  const segments = stored.segments.map((segment, i) => ({
    key: segment.key,
    n: segment.n,
    tallies: readTallies(segment.tallies, names, ["segments", i, "tallies"]),
  }));
  checkStoredTallies(compared, compares, segments, level);

  let baselines: (unknown[] | null)[];
  let baselineNs: number[];
  if (against === "rest") {
    ({ baselines, baselineNs } = restOf(compared, segments));
  } else {
    const index = segments.findIndex((s) => Object.is(s.key, against.segment));
    const baseline = segments[index];
    if (baseline === undefined) {
      throw inputError(
        ["options", "against", "segment"],
        "expected the key of a segment of the table",
      );
    }
    baselines = segments.map((_, i) => (i === index ? null : baseline.tallies));
    baselineNs = segments.map(() => baseline.n);
  }

  const raw: Omit<SegmentComparisonRow, "adjustedPValue">[] = [];
  segments.forEach((segment, i) => {
    const baseline = baselines[i];
    if (baseline === null || baseline === undefined) return;
    const baselineN = baselineNs[i] as number;
    metrics.forEach((metric, m) => {
      const a = segment.tallies[m];
      const b = baseline[m];
      const comparison = (compares[m] as Compare)(a, b, level);
      raw.push({
        segment: segment.key,
        metric: names[m] as string,
        baselineKey: against === "rest" ? null : against.segment,
        n: segment.n,
        baselineN,
        value: resultValue(metric.finalize(a)),
        baselineValue: resultValue(metric.finalize(b)),
        difference: comparison.difference,
        reason: comparison.reason,
        standardError: comparison.standardError,
        z: comparison.z,
        pValue: comparison.pValue,
        interval: comparison.interval,
        flagged: segment.n < minN || baselineN < minN,
      });
    });
  });
  const pValues = raw.map((row) => row.pValue);
  const adjusted = adjust === "holm" ? holmAdjust(pValues) : pValues;
  const comparisons = raw.map((row, j) => ({ ...row, adjustedPValue: adjusted[j] ?? null }));
  const tests = pValues.filter((p) => p !== null).length;
  const warnings: Warning[] =
    tests > 1
      ? [
          {
            code: "multiple-comparisons",
            message: `${tests} comparisons: at a 5% level about ${round(tests * 0.05)} would look significant by chance alone; read adjustedPValue${adjust === "none" ? " (no adjustment was requested)" : " (Holm)"}.`,
          },
        ]
      : [];
  return {
    grouping: "segment-comparison",
    against,
    level,
    adjust,
    comparisons,
    notCompared,
    warnings,
  };
}

/**
 * Stored tallies are input (tables are saved and read back): each must be an object the metric
 * can compare and finalize. Each is compared with the metric's empty tally, so that a bad one is
 * named (`segments[1].tallies.nps`) before any merge mixes it with the others.
 */
function checkStoredTallies(
  list: MetricList<unknown>,
  compares: readonly Compare[],
  segments: readonly { readonly tallies: readonly unknown[] }[],
  level: number,
): void {
  const empty = emptyTallies(list);
  segments.forEach((segment, i) => {
    list.metrics.forEach((metric, m) => {
      const path = ["segments", i, "tallies", list.names[m] as string];
      const tally = segment.tallies[m];
      if (tally === null || typeof tally !== "object") {
        throw inputError(path, "expected a tally of this metric (an object)");
      }
      let detail: string;
      try {
        const { difference } = (compares[m] as Compare)(tally, empty[m], level);
        metric.finalize(tally);
        if (difference === null || Number.isFinite(difference)) return;
        detail = "a non-finite difference";
      } catch (error) {
        detail = error instanceof Error ? error.message : String(error);
      }
      throw inputError(path, `expected a tally of this metric (${detail})`);
    });
  });
}

/**
 * The rest of each segment: the merge of all the others, from prefix and suffix merges
 * (3 merges per segment instead of one per pair).
 */
function restOf<R>(
  list: MetricList<R>,
  segments: readonly { readonly n: number; readonly tallies: unknown[] }[],
): { baselines: unknown[][]; baselineNs: number[] } {
  const count = segments.length;
  const prefix: unknown[][] = [emptyTallies(list)];
  for (let i = 0; i < count; i++) {
    prefix.push(
      mergeTallies(list, prefix[i] as unknown[], (segments[i] as { tallies: unknown[] }).tallies),
    );
  }
  const suffix: unknown[][] = new Array(count + 1);
  suffix[count] = emptyTallies(list);
  for (let i = count - 1; i >= 0; i--) {
    suffix[i] = mergeTallies(
      list,
      (segments[i] as { tallies: unknown[] }).tallies,
      suffix[i + 1] as unknown[],
    );
  }
  let total = 0;
  for (const s of segments) total += s.n;
  return {
    baselines: segments.map((_, i) =>
      mergeTallies(list, prefix[i] as unknown[], suffix[i + 1] as unknown[]),
    ),
    baselineNs: segments.map((s) => total - s.n),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** {@link compareSegments} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeCompareSegments(
  table: SegmentTable<MetricMap<never>>,
  options: CompareSegmentsOptions,
): SafeResult<SegmentComparison> {
  return attempt(() => compareSegments(table, options));
}
