import * as z from "zod/mini";
import { attempt, parseWith, type SafeResult } from "../errors.js";
import type { SchemaOutput } from "../stats/options.js";
import {
  type Cell,
  type ChartRow,
  defaultFormat,
  formatNumber,
  KNOWN_FIELDS,
  metricsOf,
  type PlainRow,
  plainRows,
} from "./rows.js";

/** Options of {@link toHtmlTable} and {@link toTextTable}. */
export interface TableOptions {
  /** Only the rows of this metric. Default: every row. */
  readonly metric?: string;
  /** Extra fields to show after the standard ones (a cohort, an offset). */
  readonly columns?: readonly string[];
  /** d3-style number format (`".1f"`, `".1%"`, `",.2f"`). Default per metric, as in charts. */
  readonly format?: string;
}

/** Options of the table helpers, as a schema (unknown keys are errors). */
export const tableOptionsSchema: z.ZodMiniType<SchemaOutput<TableOptions>> =
  /* @__PURE__ */ z.strictObject({
    metric: z.optional(z.string()),
    columns: z.optional(z.readonly(z.array(z.string()))),
    format: z.optional(z.string()),
  });

const FORMATTED: readonly string[] = ["value", "lower", "upper"];
const P_VALUES: readonly string[] = ["pValue", "adjustedPValue"];

/** Header and formatted cells of a table, shared by the HTML and text forms. @internal */
export function tableCells(
  rows: readonly ChartRow[],
  options: TableOptions | undefined,
): { header: string[]; body: string[][]; numeric: boolean[] } {
  const opts = parseWith(tableOptionsSchema, options ?? {}, ["options"]);
  const extra = opts.columns ?? [];
  let data: PlainRow[] = plainRows(rows, extra);
  if (opts.metric !== undefined) data = data.filter((row) => row["metric"] === opts.metric);
  const formats = new Map<string, string>();
  for (const metric of metricsOf(data)) {
    const own = data.filter((row) => row["metric"] === metric);
    formats.set(metric, opts.format ?? defaultFormat(metric, own));
  }
  // A column appears when some row has a value in it (a cohort matrix has no interval bounds).
  const header = [...KNOWN_FIELDS, ...extra.filter((f) => !KNOWN_FIELDS.includes(f))].filter(
    (field) => data.some((row) => row[field] !== undefined && row[field] !== null),
  );
  const numeric = header.map((field) => data.some((row) => typeof row[field] === "number"));
  const body = data.map((row) => {
    const format = formats.get(String(row["metric"])) ?? ",.2f";
    return header.map((field) =>
      cellText(
        row[field],
        FORMATTED.includes(field) ? format : P_VALUES.includes(field) ? "p-value" : null,
      ),
    );
  });
  return { header, body, numeric };
}

function cellText(value: Cell | undefined, format: string | null): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "number") {
    if (format === null) return String(Number(value.toPrecision(12)));
    // p-values to 3 significant digits: 0.324, 1.05e-37.
    if (format === "p-value") return String(Number(value.toPrecision(3)));
    return formatNumber(value, format);
  }
  return String(value);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Tidy rows (see `toRows`) as an HTML `<table>`: one column per field of `toRows` that some row
 * has (segment, baseline, period, cohort, k, metric, value, lower, upper, n, pValue,
 * adjustedPValue) plus `options.columns`. Values and bounds are formatted per metric (NPS in
 * points to 0.1, fractions as percentages), p-values to 3 significant digits, other numbers to
 * 12, missing values show as "—", a total row as the segment "Total", and every cell is
 * HTML-escaped.
 * @example
 * toHtmlTable([{ segment: "North", metric: "csat", value: 0.5, n: 100 }])
 * //=> '<table class="engagement-metrics"><thead><tr><th>segment</th><th>metric</th><th>value</th><th>n</th></tr></thead><tbody><tr><td>North</td><td>csat</td><td style="text-align:right">50.0%</td><td style="text-align:right">100</td></tr></tbody></table>'
 */
export function toHtmlTable(rows: readonly ChartRow[], options?: TableOptions): string {
  const { header, body, numeric } = tableCells(rows, options);
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const tr = body
    .map(
      (cells) =>
        `<tr>${cells
          .map((c, i) =>
            numeric[i] === true
              ? `<td style="text-align:right">${escapeHtml(c)}</td>`
              : `<td>${escapeHtml(c)}</td>`,
          )
          .join("")}</tr>`,
    )
    .join("");
  return `<table class="engagement-metrics"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/**
 * Tidy rows as a plain-text table with aligned columns (numbers right-aligned), for consoles
 * and the `text/plain` part of a Jupyter bundle. Same columns and formats as {@link toHtmlTable}.
 * @example
 * toTextTable([{ segment: "North", metric: "nps", value: 30, n: 200 }])
 * //=> "segment  metric  value    n\nNorth    nps      30.0  200"
 */
export function toTextTable(rows: readonly ChartRow[], options?: TableOptions): string {
  const { header, body, numeric } = tableCells(rows, options);
  const widths = header.map((h, i) => {
    let width = h.length;
    for (const cells of body) width = Math.max(width, (cells[i] ?? "").length);
    return width;
  });
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}

/** {@link toHtmlTable} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToHtmlTable(
  rows: readonly ChartRow[],
  options?: TableOptions,
): SafeResult<string> {
  return attempt(() => toHtmlTable(rows, options));
}

/** {@link toTextTable} that returns `{ ok, value }` or `{ ok: false, error }` instead of throwing. */
export function safeToTextTable(
  rows: readonly ChartRow[],
  options?: TableOptions,
): SafeResult<string> {
  return attempt(() => toTextTable(rows, options));
}
