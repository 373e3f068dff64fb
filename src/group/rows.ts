import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import { readField } from "../metric.js";
import type { CohortRetention } from "./cohort.js";
import type { SegmentComparison } from "./compare.js";
import type { PeriodSeries } from "./period.js";
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
  const grouping: unknown = readField(result, "grouping");
  if (grouping === "segments" || grouping === "periods") {
    const field = grouping === "segments" ? "segments" : "periods";
    const metrics = metricNames(result);
    const out: TidyRow[] = [];
    rowsOf(result, field).forEach((row, i) => {
      const path = [field, i];
      const group = groupAt(row, path);
      const keys =
        field === "segments"
          ? { segment: keyAt(readField(row, "key"), [...path, "key"]) }
          : {
              period: stringAt(readField(readField(row, "period"), "start"), [
                ...path,
                "period",
                "start",
              ]),
            };
      groupRows(out, metrics, group, keys);
    });
    if (withTotal)
      groupRows(out, metrics, groupAt(readField(result, "total"), ["total"]), { total: true });
    return out;
  }
  if (grouping === "cohorts") {
    const out: TidyRow[] = [];
    rowsOf(result, "cohorts").forEach((row, i) => {
      const path = ["cohorts", i];
      if (row === null || typeof row !== "object") throw inputError(path, "expected a cohort row");
      const cohort = stringAt(readField(readField(row, "cohort"), "start"), [
        ...path,
        "cohort",
        "start",
      ]);
      const n = countAt(readField(row, "size"), [...path, "size"]);
      const retention = valuesAt(readField(row, "retention"), [...path, "retention"]);
      const retained = valuesAt(readField(row, "retained"), [...path, "retained"]);
      for (let k = 0; k < retention.length; k++) {
        const base = { cohort, k, lower: null, upper: null, n };
        out.push({ ...base, metric: "retention", value: retention[k] ?? null });
        out.push({ ...base, metric: "retained", value: retained[k] ?? null });
      }
    });
    return out;
  }
  if (grouping === "segment-comparison") {
    return rowsOf(result, "comparisons").map((row, i): TidyRow => {
      const path = ["comparisons", i];
      if (row === null || typeof row !== "object")
        throw inputError(path, "expected a comparison row");
      const baseline: unknown = readField(row, "baselineKey");
      const interval: unknown = readField(row, "interval");
      const bounds =
        interval === null || interval === undefined
          ? { lower: null, upper: null }
          : {
              lower: numberAt(readField(interval, "lower"), [...path, "interval", "lower"]),
              upper: numberAt(readField(interval, "upper"), [...path, "interval", "upper"]),
            };
      return {
        segment: keyAt(readField(row, "segment"), [...path, "segment"]),
        ...(baseline === null || baseline === undefined
          ? {}
          : { baseline: keyAt(baseline, [...path, "baselineKey"]) }),
        metric: stringAt(readField(row, "metric"), [...path, "metric"]),
        value: numberOrNullAt(readField(row, "difference"), [...path, "difference"]),
        ...bounds,
        n: countAt(readField(row, "n"), [...path, "n"]),
        pValue: numberOrNullAt(readField(row, "pValue"), [...path, "pValue"]),
        adjustedPValue: numberOrNullAt(readField(row, "adjustedPValue"), [
          ...path,
          "adjustedPValue",
        ]),
      };
    });
  }
  throw inputError(
    ["grouping"],
    'expected a result of bySegment, byPeriod, cohortRetention or compareSegments (grouping "segments", "periods", "cohorts" or "segment-comparison")',
  );
}

// Shape checks: a result may have been stored and read back, so it is input.
type Path = readonly (string | number)[];

/** The fields of a group row that {@link toRows} reads. */
interface StoredGroup {
  readonly n: number;
  readonly results: object;
}

function rowsOf(result: object, field: string): unknown[] {
  const rows: unknown = readField(result, field);
  if (!Array.isArray(rows)) throw inputError([field], "expected an array of rows");
  return rows;
}

function metricNames(result: object): string[] {
  const names: unknown = readField(result, "metrics");
  if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) {
    throw inputError(["metrics"], "expected the result's metric names (an array of strings)");
  }
  return names;
}

function groupAt(row: unknown, path: Path): StoredGroup {
  if (row === null || typeof row !== "object") throw inputError(path, "expected a group row");
  const results: unknown = readField(row, "results");
  if (results === null || typeof results !== "object") {
    throw inputError([...path, "results"], "expected an object of results by metric name");
  }
  return { n: countAt(readField(row, "n"), [...path, "n"]), results };
}

function keyAt(value: unknown, path: Path): SegmentKey {
  if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) {
    return value;
  }
  throw inputError(path, "expected a segment key: a string or a finite number");
}

function stringAt(value: unknown, path: Path): string {
  if (typeof value !== "string") throw inputError(path, "expected a string");
  return value;
}

function numberAt(value: unknown, path: Path): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw inputError(path, "expected a finite number");
  }
  return value;
}

function numberOrNullAt(value: unknown, path: Path): number | null {
  return value === null ? null : numberAt(value, path);
}

function countAt(value: unknown, path: Path): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw inputError(path, "expected a finite number >= 0");
  }
  return value;
}

function valuesAt(value: unknown, path: Path): (number | null)[] {
  if (!Array.isArray(value)) throw inputError(path, "expected an array of numbers or nulls");
  return value.map((x: unknown, k) => numberOrNullAt(x, [...path, k]));
}

function groupRows(
  out: TidyRow[],
  metrics: readonly string[],
  row: StoredGroup,
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
      lower: typeof lower === "number" && Number.isFinite(lower) ? lower : null,
      upper: typeof upper === "number" && Number.isFinite(upper) ? upper : null,
      n: typeof n === "number" && Number.isFinite(n) ? n : row.n,
    });
  }
}

/** {@link toRows} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToRows(result: GroupedResult, options?: ToRowsOptions): SafeResult<TidyRow[]> {
  return attempt(() => toRows(result, options));
}
