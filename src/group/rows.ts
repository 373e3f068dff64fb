import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import { readField } from "../metric.js";
import type { CohortRetention } from "./cohort.js";
import type { SegmentComparison } from "./compare.js";
import type { PeriodSeries } from "./period.js";
import type { GroupRow } from "./route.js";
import { resultValue, type SegmentKey, type SegmentTable } from "./segment.js";

/**
 * One tidy row: one value of one metric for one group, ready for Observable Plot, Vega-Lite or
 * a table. Keys that do not apply are absent (never `undefined`).
 */
export interface TidyRow {
  /** Segment key (bySegment, compareSegments). */
  readonly segment?: SegmentKey;
  /** Period start, ISO in the zone (byPeriod). */
  readonly period?: string;
  /** Cohort start, ISO in the zone (cohortRetention). */
  readonly cohort?: string;
  /** Period index after the cohort's start (cohortRetention). */
  readonly k?: number;
  /** `true` on the total row (when asked for with `{ total: true }`). */
  readonly total?: true;
  /** Baseline segment of a comparison against one segment (absent against the rest). */
  readonly baseline?: SegmentKey;
  /** Metric name (`"nps"`); `"retention"` / `"retained"` for cohorts. */
  readonly metric: string;
  /** The value; for comparisons the difference (segment − baseline). */
  readonly value: number | null;
  /** Interval bounds, `null` when there is none. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** The result's own `n` when it has one (answers, customers), else the group's records; cohort size for cohorts. */
  readonly n: number;
  /** Raw two-sided p-value (comparisons). */
  readonly pValue?: number | null;
  /** Adjusted p-value (comparisons). */
  readonly adjustedPValue?: number | null;
}

/** Options of {@link toRows}. */
export interface ToRowsOptions {
  /** Add the total row's values (with `total: true`) for bySegment and byPeriod. Default `false`. */
  readonly total?: boolean;
}

const toRowsOptionsSchema = /* @__PURE__ */ z.strictObject({ total: z.optional(z.boolean()) });

/** Any grouped result {@link toRows} reads. */
export type GroupedResult =
  // biome-ignore lint/suspicious/noExplicitAny: rows read every metric map through `unknown`.
  | SegmentTable<any>
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  | PeriodSeries<any>
  | CohortRetention
  | SegmentComparison;

/**
 * Tidy rows of any grouped result: `{ segment?, period?, cohort?, k?, metric, value, lower,
 * upper, n }`, one per group and metric (two per cohort cell: `"retention"` and `"retained"`;
 * one per comparison, with `pValue` and `adjustedPValue`). `value` is the result's `value`
 * (or the result itself when it is a number); `lower`/`upper` its `interval`, or `null`.
 * @example
 * const rows = [{ r: "EU", s: 10 }, { r: "US", s: 3 }];
 * const table = bySegment(rows, "r", { nps: npsMetric<{ r: string; s: number }>({ score: "s" }) });
 * toRows(table).map((row) => [row.segment, row.metric, row.value, row.n])
 * //=> [["EU", "nps", 100, 1], ["US", "nps", -100, 1]]
 */
export function toRows(result: GroupedResult, options?: ToRowsOptions): TidyRow[] {
  const withTotal = parseWith(toRowsOptionsSchema, options ?? {}, ["options"]).total ?? false;
  if (result === null || typeof result !== "object") {
    throw inputError(
      [],
      "expected a result of bySegment, byPeriod, cohortRetention or compareSegments",
    );
  }
  if (result.grouping === "segments") {
    const table = result;
    const out: TidyRow[] = [];
    for (const row of table.segments) groupRows(out, table.metrics, row, { segment: row.key });
    if (withTotal) groupRows(out, table.metrics, table.total, { total: true });
    return out;
  }
  if (result.grouping === "periods") {
    const series = result;
    const out: TidyRow[] = [];
    for (const row of series.periods) {
      groupRows(out, series.metrics, row, { period: row.period.start });
    }
    if (withTotal) groupRows(out, series.metrics, series.total, { total: true });
    return out;
  }
  if (result.grouping === "cohorts") {
    const matrix = result;
    const out: TidyRow[] = [];
    for (const row of matrix.cohorts) {
      for (let k = 0; k < row.retention.length; k++) {
        const base = { cohort: row.cohort.start, k, lower: null, upper: null, n: row.size };
        out.push({ ...base, metric: "retention", value: row.retention[k] ?? null });
        out.push({ ...base, metric: "retained", value: row.retained[k] ?? null });
      }
    }
    return out;
  }
  if (result.grouping === "segment-comparison") {
    return result.comparisons.map((row) => ({
      segment: row.segment,
      ...(row.baselineKey === null ? {} : { baseline: row.baselineKey }),
      metric: row.metric,
      value: row.difference,
      lower: row.interval?.lower ?? null,
      upper: row.interval?.upper ?? null,
      n: row.n,
      pValue: row.pValue,
      adjustedPValue: row.adjustedPValue,
    }));
  }
  throw inputError(
    ["grouping"],
    'expected a result of bySegment, byPeriod, cohortRetention or compareSegments (grouping "segments", "periods", "cohorts" or "segment-comparison")',
  );
}

function groupRows(
  out: TidyRow[],
  metrics: readonly string[],
  row: GroupRow<unknown>,
  keys: { readonly segment?: SegmentKey; readonly period?: string; readonly total?: true },
): void {
  for (const metric of metrics) {
    const result: unknown = readField(row.results, metric);
    const interval = readField(result, "interval");
    const lower = readField(interval, "lower");
    const upper = readField(interval, "upper");
    const n = readField(result, "n");
    out.push({
      ...keys,
      metric,
      value: resultValue(result),
      lower: typeof lower === "number" ? lower : null,
      upper: typeof upper === "number" ? upper : null,
      n: typeof n === "number" ? n : row.n,
    });
  }
}

/** {@link toRows} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToRows(result: GroupedResult, options?: ToRowsOptions): SafeResult<TidyRow[]> {
  return attempt(() => toRows(result, options));
}
