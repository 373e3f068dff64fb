import * as z from "zod/mini";
import { attempt, inputError, parseWith, type SafeResult } from "../errors.js";
import type { SchemaOutput } from "../stats/options.js";
import { type ChartRow, defaultFormat, metricsOf, type PlainRow, plainRows } from "./rows.js";

/** A JSON value: what a chart specification is made of. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A Vega-Lite v5 specification: plain JSON, rows inlined under `data.values`. */
export interface VegaLiteSpec {
  readonly $schema: string;
  readonly [key: string]: JsonValue;
}

/** The charts {@link toVegaLite} draws. */
export type ChartKind = "bars" | "line" | "heatmap";

/** Options of {@link toVegaLite}. Only `chart` is required. */
export interface VegaLiteOptions {
  /**
   * `"bars"`: one bar per segment with interval whiskers; `"line"`: the value over periods with
   * an interval band, one line per segment; `"heatmap"`: a cohort matrix, one cell per row.
   */
  readonly chart: ChartKind;
  /**
   * Which metric to draw when the rows hold several. Required then, except for a cohort matrix
   * (`"retention"` and `"retained"` rows), where `"retention"` is the default.
   */
  readonly metric?: string;
  /** Chart title. Default: the metric name. */
  readonly title?: string;
  /** Field on the x axis: periods for `"line"` (default `"period"`), columns for `"heatmap"` (default `"k"`, periods since the cohort's start). */
  readonly x?: string;
  /** Field on the y axis: categories for `"bars"` (default `"segment"`), rows for `"heatmap"` (default `"cohort"`). */
  readonly y?: string;
  /** Field that splits `"line"` into series. Default `"segment"` when rows have one. */
  readonly color?: string;
  /** d3-format string for values. Default `".1f"` for NPS points, `".1%"` for fractions, else `",.2f"`. */
  readonly format?: string;
  /** Width in pixels. Default 480. */
  readonly width?: number;
  /** Height in pixels (`"line"`, `"heatmap"`). Default 260. */
  readonly height?: number;
}

/** A field name. @internal */
export const fieldSchema: z.ZodMiniString<string> = /* @__PURE__ */ z
  .string()
  .check(z.minLength(1, { error: "expected a field name" }));
/** A size in pixels. @internal */
export const pixelsSchema: z.ZodMiniNumber<number> = /* @__PURE__ */ z
  .int({ error: "expected a whole number of pixels, 50-4000" })
  .check(
    z.gte(50, { error: "expected a whole number of pixels, 50-4000" }),
    z.lte(4000, { error: "expected a whole number of pixels, 50-4000" }),
  );

/** Options of {@link toVegaLite}, as a schema (unknown keys are errors). */
export const vegaLiteOptionsSchema: z.ZodMiniType<SchemaOutput<VegaLiteOptions>> =
  /* @__PURE__ */ z.strictObject({
    chart: z.enum(["bars", "line", "heatmap"], {
      error: 'expected "bars", "line" or "heatmap"',
    }),
    metric: z.optional(fieldSchema),
    title: z.optional(z.string()),
    x: z.optional(fieldSchema),
    y: z.optional(fieldSchema),
    color: z.optional(fieldSchema),
    format: z.optional(z.string()),
    width: z.optional(pixelsSchema),
    height: z.optional(pixelsSchema),
  });

const SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v5.json";

/** Vega expression: an ISO instant shown as its calendar date (the zone's local date). */
function dateLabel(field: string): string {
  const d = `datum[${JSON.stringify(field)}]`;
  return `isString(${d}) && length(${d}) > 10 && substring(${d}, 4, 5) == '-' ? substring(${d}, 0, 10) : ${d}`;
}

/** Rows of one metric: the chosen one, or the only one present. @internal */
export function selectMetric(
  rows: readonly PlainRow[],
  chosen: string | undefined,
): { metric: string | undefined; rows: PlainRow[] } {
  const present = metricsOf(rows);
  const cohortMatrix =
    present.length === 2 && present.includes("retention") && present.includes("retained");
  const metric = chosen ?? (cohortMatrix ? "retention" : undefined);
  if (metric === undefined) {
    if (present.length > 1) {
      throw inputError(
        ["options", "metric"],
        `the rows hold several metrics (${present.join(", ")}): choose one`,
      );
    }
    return { metric: present[0], rows: [...rows] };
  }
  return { metric, rows: rows.filter((row) => row["metric"] === metric) };
}

function hasInterval(rows: readonly PlainRow[]): boolean {
  return rows.some((row) => typeof row["lower"] === "number" && typeof row["upper"] === "number");
}

function tooltip(fields: readonly string[], format: string): JsonValue[] {
  return fields.map((field) =>
    ["value", "lower", "upper"].includes(field)
      ? { field, type: "quantitative", format }
      : { field, type: field === "n" ? "quantitative" : "nominal" },
  );
}

/**
 * A Vega-Lite v5 specification of common metric charts, from tidy rows (see `toRows`), as plain
 * JSON: segment bars with interval whiskers, a value-over-periods line with an interval band, or
 * a cohort heatmap. Rows are copied into `data.values` (only the charted fields); null values
 * are left out of marks by Vega-Lite, so empty periods show as gaps.
 *
 * Source: the Vega-Lite v5 grammar (Satyanarayan et al. 2017, vega.github.io/vega-lite).
 * Render it with any Vega-Lite renderer, or in Jupyter through {@link jupyterDisplay}.
 * @param rows - Tidy rows `{ segment?, period?, metric, value, lower?, upper?, n? }`.
 * @param options - The chart kind and optional field names, title, format and size.
 * @example
 * const spec = toVegaLite(
 *   [
 *     { segment: "North", metric: "nps", value: 30, lower: 19.2, upper: 40.8, n: 200 },
 *     { segment: "South", metric: "nps", value: -5, lower: -20, upper: 10, n: 80 },
 *   ],
 *   { chart: "bars" },
 * );
 * spec.$schema
 * //=> "https://vega.github.io/schema/vega-lite/v5.json"
 * spec.data
 * //=> { values: [{ segment: "North", metric: "nps", value: 30, lower: 19.2, upper: 40.8, n: 200 }, { segment: "South", metric: "nps", value: -5, lower: -20, upper: 10, n: 80 }] }
 */
export function toVegaLite(rows: readonly ChartRow[], options: VegaLiteOptions): VegaLiteSpec {
  return buildVegaLite(rows, parseWith(vegaLiteOptionsSchema, options, ["options"]));
}

/** {@link toVegaLite} after its options are validated. @internal */
export function buildVegaLite(
  rows: readonly ChartRow[],
  opts: SchemaOutput<VegaLiteOptions>,
): VegaLiteSpec {
  const extra = [opts.x, opts.y, opts.color].filter((f): f is string => f !== undefined);
  const selected = selectMetric(plainRows(rows, extra), opts.metric);
  const data = selected.rows;
  const metric = selected.metric ?? "value";
  const format = opts.format ?? defaultFormat(selected.metric, data);
  const title = opts.title ?? metric;
  const width = opts.width ?? 480;
  const height = opts.height ?? 260;
  const withInterval = hasInterval(data);
  const head = { $schema: SCHEMA_URL, title, width, data: { values: data } };

  if (opts.chart === "bars") {
    const y = opts.y ?? "segment";
    const layer: JsonValue[] = [
      {
        mark: { type: "bar", color: "#4c78a8" },
        encoding: {
          x: { field: "value", type: "quantitative", title: metric, axis: { format } },
          tooltip: tooltip([y, "value", "lower", "upper", "n"], format),
        },
      },
    ];
    if (withInterval) {
      layer.push({
        mark: { type: "rule", color: "#222222", strokeWidth: 1.5 },
        encoding: {
          x: { field: "lower", type: "quantitative" },
          x2: { field: "upper" },
        },
      });
    }
    layer.push({
      transform: [
        {
          calculate: "isValid(datum.upper) ? max(datum.value, datum.upper) : datum.value",
          as: "labelAt",
        },
      ],
      mark: { type: "text", align: "left", dx: 4, baseline: "middle" },
      encoding: {
        x: { field: "labelAt", type: "quantitative" },
        text: { field: "value", type: "quantitative", format },
      },
    });
    return {
      ...head,
      height: { step: 28 },
      encoding: { y: { field: y, type: "nominal", sort: null, title: y } },
      layer,
    };
  }

  if (opts.chart === "line") {
    const x = opts.x ?? "period";
    // A total row has no period: it is not a point of the series.
    const series = data.filter((row) => row["total"] !== true);
    const color =
      opts.color ?? (series.some((row) => row["segment"] != null) ? "segment" : undefined);
    const colorEncoding: Record<string, JsonValue> =
      color === undefined ? {} : { color: { field: color, type: "nominal", title: color } };
    const layer: JsonValue[] = [];
    if (withInterval) {
      layer.push({
        mark: { type: "area", opacity: 0.18 },
        encoding: {
          y: { field: "lower", type: "quantitative" },
          y2: { field: "upper" },
          ...colorEncoding,
        },
      });
    }
    layer.push({
      mark: { type: "line", point: true },
      encoding: {
        y: { field: "value", type: "quantitative", title: metric, axis: { format } },
        ...colorEncoding,
        tooltip: tooltip([x, ...(color === undefined ? [] : [color]), "value", "n"], format),
      },
    });
    return {
      ...head,
      data: { values: series },
      height,
      transform: [{ calculate: dateLabel(x), as: "xLabel" }],
      encoding: { x: { field: "xLabel", type: "ordinal", sort: null, title: x } },
      layer,
    };
  }

  const x = opts.x ?? "k";
  const y = opts.y ?? "cohort";
  // Light cells get dark labels and dark cells white ones: the switch is at 60% of the range.
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const row of data) {
    const v = row["value"];
    if (typeof v === "number") {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  const threshold = low <= high ? low + 0.6 * (high - low) : 0;
  return {
    ...head,
    height,
    transform: [
      { calculate: dateLabel(x), as: "xLabel" },
      { calculate: dateLabel(y), as: "yLabel" },
    ],
    encoding: {
      x: { field: "xLabel", type: "ordinal", sort: null, title: x },
      y: { field: "yLabel", type: "ordinal", sort: null, title: y },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "value",
            type: "quantitative",
            title: metric,
            scale: { scheme: "blues" },
            legend: { format },
          },
          tooltip: tooltip([x, y, "value", "n"], format),
        },
      },
      {
        mark: { type: "text", fontSize: 10 },
        encoding: {
          text: { field: "value", type: "quantitative", format },
          color: {
            condition: { test: `datum.value > ${threshold}`, value: "#ffffff" },
            value: "#222222",
          },
        },
      },
    ],
  };
}

/** {@link toVegaLite} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToVegaLite(
  rows: readonly ChartRow[],
  options: VegaLiteOptions,
): SafeResult<VegaLiteSpec> {
  return attempt(() => toVegaLite(rows, options));
}
