import * as z from "zod/mini";
import { attempt, parseWith, type SafeResult } from "../errors.js";
import type { SchemaOutput } from "../stats/options.js";
import type { ChartRow } from "./rows.js";
import { type TableOptions, toHtmlTable, toTextTable } from "./table.js";
import {
  buildVegaLite,
  type ChartKind,
  fieldSchema,
  pixelsSchema,
  type VegaLiteOptions,
  type VegaLiteSpec,
} from "./vega.js";

/**
 * The key Jupyter kernels for JavaScript look up to render a value richly:
 * `Symbol.for("Jupyter.display")` (Deno's `Deno.jupyter.$display`).
 * @example
 * jupyterDisplaySymbol === Symbol.for("Jupyter.display")
 * //=> true
 */
export const jupyterDisplaySymbol: unique symbol = /* @__PURE__ */ Symbol.for("Jupyter.display");

/** A Jupyter MIME bundle: the same rows as text, as HTML, and optionally as a Vega-Lite chart. */
export interface MimeBundle {
  readonly "text/plain": string;
  readonly "text/html": string;
  readonly "application/vnd.vegalite.v5+json"?: VegaLiteSpec;
}

/**
 * A wrapper a Jupyter kernel displays richly (Deno calls its `[Symbol.for("Jupyter.display")]`
 * method when it is a cell's value). Kept apart from results, which stay plain data.
 */
export interface JupyterDisplayable {
  /** The MIME bundle, as plain data. */
  readonly bundle: MimeBundle;
  /** Returns {@link JupyterDisplayable.bundle}; the kernel calls it. */
  [jupyterDisplaySymbol](): MimeBundle;
}

/** Options of {@link toMimeBundle} and {@link jupyterDisplay}. */
export interface DisplayOptions
  extends Omit<VegaLiteOptions, "chart">,
    Omit<TableOptions, "metric"> {
  /** Adds a Vega-Lite chart of this kind (see {@link toVegaLite}). Default: a table only. */
  readonly chart?: ChartKind;
}

/** Options of {@link toMimeBundle}, as a schema (unknown keys are errors). */
export const displayOptionsSchema: z.ZodMiniType<SchemaOutput<DisplayOptions>> =
  /* @__PURE__ */ z.strictObject({
    chart: z.optional(
      z.enum(["bars", "line", "heatmap"], { error: 'expected "bars", "line" or "heatmap"' }),
    ),
    metric: z.optional(fieldSchema),
    title: z.optional(z.string()),
    x: z.optional(fieldSchema),
    y: z.optional(fieldSchema),
    color: z.optional(fieldSchema),
    format: z.optional(z.string()),
    width: z.optional(pixelsSchema),
    height: z.optional(pixelsSchema),
    columns: z.optional(z.readonly(z.array(fieldSchema))),
  });

/**
 * Tidy rows (see `toRows`) as a Jupyter MIME bundle: `text/plain` and `text/html` tables, plus
 * `application/vnd.vegalite.v5+json` when `options.chart` is given. Plain data: JSON round-trips
 * it. The table lists the rows of `options.metric` when given, else all of them.
 * @example
 * const bundle = toMimeBundle([{ segment: "North", metric: "nps", value: 30, n: 200 }], { chart: "bars" });
 * Object.keys(bundle)
 * //=> ["text/plain", "text/html", "application/vnd.vegalite.v5+json"]
 */
export function toMimeBundle(rows: readonly ChartRow[], options?: DisplayOptions): MimeBundle {
  const opts = parseWith(displayOptionsSchema, options ?? {}, ["options"]);
  const table: TableOptions = {
    ...(opts.metric === undefined ? {} : { metric: opts.metric }),
    ...(opts.format === undefined ? {} : { format: opts.format }),
    ...(opts.columns === undefined ? {} : { columns: opts.columns }),
  };
  const text = toTextTable(rows, table);
  const html = toHtmlTable(rows, table);
  if (opts.chart === undefined) return { "text/plain": text, "text/html": html };
  const spec = buildVegaLite(rows, { ...opts, chart: opts.chart });
  return { "text/plain": text, "text/html": html, "application/vnd.vegalite.v5+json": spec };
}

/**
 * Wraps {@link toMimeBundle} in an object a Jupyter kernel renders: make it a cell's last
 * expression in Deno's kernel (`deno jupyter`) to see the table and chart. The results passed
 * in stay untouched plain data; only this wrapper carries the display method.
 * @example
 * const shown = jupyterDisplay([{ segment: "North", metric: "nps", value: 30, n: 200 }]);
 * shown[Symbol.for("Jupyter.display")]()["text/plain"]
 * //=> "segment  metric  value    n\nNorth    nps      30.0  200"
 */
export function jupyterDisplay(
  rows: readonly ChartRow[],
  options?: DisplayOptions,
): JupyterDisplayable {
  const bundle = toMimeBundle(rows, options);
  return {
    bundle,
    [jupyterDisplaySymbol]: () => bundle,
  };
}

/** {@link jupyterDisplay} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeJupyterDisplay(
  rows: readonly ChartRow[],
  options?: DisplayOptions,
): SafeResult<JupyterDisplayable> {
  return attempt(() => jupyterDisplay(rows, options));
}

/** {@link toMimeBundle} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToMimeBundle(
  rows: readonly ChartRow[],
  options?: DisplayOptions,
): SafeResult<MimeBundle> {
  return attempt(() => toMimeBundle(rows, options));
}
