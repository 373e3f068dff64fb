import { inputError } from "../errors.js";
import { readField } from "../metric.js";

/**
 * One tidy row, as the group helpers' `toRows` produces them: a metric's value for a segment
 * and/or a period, with its interval bounds and sample size. Rows may carry other fields (a
 * cohort, a period offset): the display helpers read those only when an option names them.
 */
export interface ChartRow {
  /** Metric name (`"nps"`, `"csat"`, `"churnRate"`). */
  readonly metric: string;
  /** The value, `null` when undefined (an empty period). */
  readonly value: number | null;
  /** Lower interval bound, in the value's unit, when there is one. */
  readonly lower?: number | null;
  /** Upper interval bound. */
  readonly upper?: number | null;
  /** Sample size behind the value. */
  readonly n?: number | null;
  /** Segment key. */
  readonly segment?: string | number | null;
  /** Period start, ISO 8601 with offset. */
  readonly period?: string | null;
  /** Cohort start, ISO 8601 with offset (cohort matrices). */
  readonly cohort?: string | null;
  /** Periods since the cohort's start (cohort matrices). */
  readonly k?: number | null;
  /** `true` on a total row: shown as the segment "Total". */
  readonly total?: boolean;
  /** Baseline segment of a comparison. */
  readonly baseline?: string | number | null;
  /** Two-sided p-value of a comparison. */
  readonly pValue?: number | null;
  /** Multiplicity-adjusted p-value of a comparison. */
  readonly adjustedPValue?: number | null;
}

/** A JSON-safe cell of a chart or table row. */
export type Cell = string | number | boolean | null;

/** A validated row: the known fields plus the ones asked for, JSON-safe. @internal */
export type PlainRow = Record<string, Cell>;

/** Fields copied from every row, in table column order. @internal */
export const KNOWN_FIELDS: readonly string[] = [
  "segment",
  "baseline",
  "period",
  "cohort",
  "k",
  "metric",
  "value",
  "lower",
  "upper",
  "n",
  "pValue",
  "adjustedPValue",
];

function isCell(v: unknown): v is Cell {
  return (
    v === null ||
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v))
  );
}

/**
 * Checks rows inline and copies the fields that are charted or tabulated into fresh, JSON-safe
 * objects (the caller's rows are never mutated). `fields` are extra fields to keep. A total row
 * (`total: true`) without a segment gets the segment "Total" and keeps `total: true`.
 * @internal
 */
export function plainRows(rows: unknown, fields: readonly string[]): PlainRow[] {
  if (!Array.isArray(rows)) throw inputError([], "expected an array of rows (see toRows)");
  const keep = [...KNOWN_FIELDS, ...fields.filter((f) => !KNOWN_FIELDS.includes(f))];
  const out: PlainRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (row === null || typeof row !== "object") throw inputError([i], "expected a row object");
    const metric = readField(row, "metric");
    if (typeof metric !== "string") throw inputError([i, "metric"], "expected a metric name");
    const value = readField(row, "value");
    if (value !== null && !(typeof value === "number" && Number.isFinite(value))) {
      throw inputError([i, "value"], "expected a finite number or null");
    }
    const plain: PlainRow = {};
    for (const key of keep) {
      const v = readField(row, key);
      if (v === undefined) continue;
      if (!isCell(v)) {
        throw inputError([i, key], "expected a string, a finite number, a boolean or null");
      }
      plain[key] = v;
    }
    if (readField(row, "total") === true) {
      plain["total"] = true;
      if (plain["segment"] === undefined) plain["segment"] = "Total";
    }
    out.push(plain);
  }
  return out;
}

/** The metric names present, in order of first appearance. @internal */
export function metricsOf(rows: readonly PlainRow[]): string[] {
  const seen: string[] = [];
  for (const row of rows) {
    const m = row["metric"];
    if (typeof m === "string" && !seen.includes(m)) seen.push(m);
  }
  return seen;
}

/** Metrics reported in points rather than as fractions. */
const POINT_METRICS: readonly string[] = ["nps"];

/**
 * A d3-format string for the values of `metric`: `".1f"` for NPS points, `".1%"` when every
 * value and bound lies in [0, 1] (rates and shares are fractions), else `",.2f"`.
 * @internal
 */
export function defaultFormat(metric: string | undefined, rows: readonly PlainRow[]): string {
  if (metric !== undefined && POINT_METRICS.includes(metric)) return ".1f";
  let any = false;
  for (const row of rows) {
    for (const key of ["value", "lower", "upper"]) {
      const v = row[key];
      if (typeof v !== "number") continue;
      any = true;
      if (v < 0 || v > 1) return ",.2f";
    }
  }
  return any ? ".1%" : ",.2f";
}

/**
 * Formats a number like d3-format (which Vega-Lite uses) formats it with the strings
 * `defaultFormat` returns (`.1f`, `.1%`, `,.2f`, any precision), so tables and charts agree;
 * negatives keep an ASCII hyphen where d3 prints "−". Other strings: 3 significant digits.
 * @internal
 */
export function formatNumber(value: number, format: string): string {
  const match = /^(,)?\.(\d+)([f%])$/.exec(format);
  if (match === null) return String(Number(value.toPrecision(3)));
  const [, comma, digitsText, kind] = match;
  const digits = Number(digitsText);
  const scaled = kind === "%" ? value * 100 : value;
  const text =
    comma === undefined
      ? scaled.toFixed(digits)
      : scaled.toLocaleString("en-US", {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
  // As d3-format does: a negative value that rounds to zero shows no sign.
  const unsigned = /^-[0.,]*$/.test(text) ? text.slice(1) : text;
  return kind === "%" ? `${unsigned}%` : unsigned;
}
