// Tests written for mutants of src/display/ that survived the mutation run (docs/mutation.md).
// Charts are pinned as COMPLETE Vega-Lite v5 specifications written out by hand for small inputs
// (property names as in the Vega-Lite docs: mark types bar/rule/text/line/area/rect, encoding
// channels x/x2/y/y2/color/text/tooltip with field/type/title/format, axis.format, legend.format,
// scale.scheme, conditional value `{ condition: { test, value }, value }`, `height: { step }`,
// `sort: null`), and tables and Jupyter bundles as their exact text. Plain `it` tests only: the
// names stay the same from run to run, so Stryker's per-test coverage can find them again.

import { describe, expect, it } from "vitest";
import {
  type ChartRow,
  jupyterDisplay,
  jupyterDisplaySymbol,
  toHtmlTable,
  toMimeBundle,
  toTextTable,
  toVegaLite,
} from "../../src/display/index.ts";
import { defaultFormat, formatNumber, metricsOf, plainRows } from "../../src/display/rows.ts";
import { deepFreeze, inputErrorOf, jsonRoundTrip } from "../helpers.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** The Vega expression toVegaLite uses to show an ISO instant as its date, for `field`. */
function dateLabel(field: string): string {
  const d = `datum["${field}"]`;
  return `isString(${d}) && length(${d}) > 10 && substring(${d}, 4, 5) == '-' ? substring(${d}, 0, 10) : ${d}`;
}

/** True when `value` is JSON data: no undefined, NaN, Infinity, functions, symbols or Dates. */
function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    if (Object.getOwnPropertySymbols(value).length > 0) return false;
    return Object.values(value).every(isJsonSafe);
  }
  return false;
}

/** The spec is what we expect, and it is plain JSON. */
function expectSpec(spec: unknown, expected: unknown): void {
  expect(spec).toEqual(expected);
  expect(isJsonSafe(spec)).toBe(true);
  expect(jsonRoundTrip(spec)).toEqual(expected);
}

function marks(spec: Record<string, unknown>): string[] {
  const layer = spec["layer"] as { mark: { type: string } }[];
  return layer.map((l) => l.mark.type);
}

function colorTest(spec: Record<string, unknown>): string {
  const layer = spec["layer"] as { encoding: { color: { condition: { test: string } } } }[];
  return layer[1]?.encoding.color.condition.test ?? "";
}

// NPS rows as toRows gives them: NPS 100/60/40 = 30 with the adjusted-Wald interval
// [19.18, 40.82] (reference/README.md), and a second segment.
const npsRows: readonly ChartRow[] = deepFreeze([
  { segment: "North", metric: "nps", value: 30, lower: 19.18, upper: 40.82, n: 200 },
  { segment: "South", metric: "nps", value: -5, lower: -20, upper: 10, n: 80 },
]);

describe("toVegaLite bars: the complete specification", () => {
  it("NPS by segment: bars, whiskers lower..upper, value labels, points format", () => {
    const spec = toVegaLite(npsRows, { chart: "bars" });
    const valueTip = { type: "quantitative", format: ".1f" };
    expectSpec(spec, {
      $schema: SCHEMA,
      title: "nps",
      width: 480,
      // A discrete y axis: one 28-pixel band per segment.
      height: { step: 28 },
      data: { values: npsRows },
      // Segments in the rows' order (sort: null), shared by every layer.
      encoding: { y: { field: "segment", type: "nominal", sort: null, title: "segment" } },
      layer: [
        {
          mark: { type: "bar", color: "#4c78a8" },
          encoding: {
            x: { field: "value", type: "quantitative", title: "nps", axis: { format: ".1f" } },
            tooltip: [
              { field: "segment", type: "nominal" },
              { field: "value", ...valueTip },
              { field: "lower", ...valueTip },
              { field: "upper", ...valueTip },
              { field: "n", type: "quantitative" },
            ],
          },
        },
        {
          // The interval whisker: a rule from lower to upper.
          mark: { type: "rule", color: "#222222", strokeWidth: 1.5 },
          encoding: { x: { field: "lower", type: "quantitative" }, x2: { field: "upper" } },
        },
        {
          // The label sits right of the bar or of the whisker, whichever ends further right.
          transform: [
            {
              calculate: "isValid(datum.upper) ? max(datum.value, datum.upper) : datum.value",
              as: "labelAt",
            },
          ],
          mark: { type: "text", align: "left", dx: 4, baseline: "middle" },
          encoding: {
            x: { field: "labelAt", type: "quantitative" },
            text: { field: "value", type: "quantitative", format: ".1f" },
          },
        },
      ],
    });
  });

  it("named y field, title, format and width; no bounds: no whisker layer", () => {
    const rows = deepFreeze([
      { region: "EU", metric: "csat", value: 0.8, n: 50 },
      { region: "US", metric: "csat", value: 0.6, n: 40 },
    ]) as unknown as ChartRow[];
    const spec = toVegaLite(rows, {
      chart: "bars",
      y: "region",
      title: "CSAT",
      format: ".0%",
      width: 600,
    });
    const valueTip = { type: "quantitative", format: ".0%" };
    expectSpec(spec, {
      $schema: SCHEMA,
      title: "CSAT",
      width: 600,
      height: { step: 28 },
      data: {
        values: [
          { metric: "csat", value: 0.8, n: 50, region: "EU" },
          { metric: "csat", value: 0.6, n: 40, region: "US" },
        ],
      },
      encoding: { y: { field: "region", type: "nominal", sort: null, title: "region" } },
      layer: [
        {
          mark: { type: "bar", color: "#4c78a8" },
          encoding: {
            x: { field: "value", type: "quantitative", title: "csat", axis: { format: ".0%" } },
            tooltip: [
              { field: "region", type: "nominal" },
              { field: "value", ...valueTip },
              { field: "lower", ...valueTip },
              { field: "upper", ...valueTip },
              { field: "n", type: "quantitative" },
            ],
          },
        },
        {
          transform: [
            {
              calculate: "isValid(datum.upper) ? max(datum.value, datum.upper) : datum.value",
              as: "labelAt",
            },
          ],
          mark: { type: "text", align: "left", dx: 4, baseline: "middle" },
          encoding: {
            x: { field: "labelAt", type: "quantitative" },
            text: { field: "value", type: "quantitative", format: ".0%" },
          },
        },
      ],
    });
  });

  it("a whisker needs both bounds on some row", () => {
    const lowerOnly = [{ segment: "A", metric: "csat", value: 0.5, lower: 0.4, upper: null }];
    const upperOnly = [{ segment: "A", metric: "csat", value: 0.5, upper: 0.6 }];
    const both = [
      ...lowerOnly,
      { segment: "B", metric: "csat", value: 0.5, lower: 0.4, upper: 0.6 },
    ];
    expect(marks(toVegaLite(lowerOnly, { chart: "bars" }))).toEqual(["bar", "text"]);
    expect(marks(toVegaLite(upperOnly, { chart: "bars" }))).toEqual(["bar", "text"]);
    expect(marks(toVegaLite(both, { chart: "bars" }))).toEqual(["bar", "rule", "text"]);
  });

  it("a total row is charted as the segment 'Total' and keeps total: true", () => {
    const rows = deepFreeze([
      { segment: "EU", metric: "nps", value: 100, n: 2 },
      { total: true, metric: "nps", value: 33.3, n: 3 },
      // A total row that names its own segment keeps that name.
      { segment: "All regions", total: true, metric: "nps", value: 33.3, n: 3 },
    ]);
    const spec = toVegaLite(rows, { chart: "bars" });
    expect(spec["data"]).toEqual({
      values: [
        { segment: "EU", metric: "nps", value: 100, n: 2 },
        { segment: "Total", metric: "nps", value: 33.3, n: 3, total: true },
        { segment: "All regions", metric: "nps", value: 33.3, n: 3, total: true },
      ],
    });
  });

  it("only the charted fields are copied, even a field named 'undefined'", () => {
    const rows: (ChartRow & { undefined: number })[] = [
      { segment: "A", metric: "csat", value: 0.5, undefined: 1 },
    ];
    expect(toVegaLite(rows, { chart: "bars" })["data"]).toEqual({
      values: [{ segment: "A", metric: "csat", value: 0.5 }],
    });
  });
});

describe("toVegaLite line: the complete specification", () => {
  it("NPS per period and segment: interval band, points, tooltips; the total row left out", () => {
    const jan = "2025-01-01T00:00:00.000+01:00";
    const feb = "2025-02-01T00:00:00.000+01:00";
    const rows = deepFreeze([
      { segment: "A", period: jan, metric: "nps", value: 10, lower: 0, upper: 20, n: 50 },
      { segment: "A", period: feb, metric: "nps", value: null, n: 0 },
      { segment: "B", period: jan, metric: "nps", value: 5, lower: -5, upper: 15, n: 40 },
      { total: true, metric: "nps", value: 7.8, lower: 0.5, upper: 15.1, n: 90 },
    ]);
    const spec = toVegaLite(rows, { chart: "line", title: "NPS", width: 640, height: 320 });
    const color = { field: "segment", type: "nominal", title: "segment" };
    expectSpec(spec, {
      $schema: SCHEMA,
      title: "NPS",
      width: 640,
      height: 320,
      // The total has no period: not a point of any series.
      data: { values: rows.slice(0, 3) },
      transform: [{ calculate: dateLabel("period"), as: "xLabel" }],
      encoding: { x: { field: "xLabel", type: "ordinal", sort: null, title: "period" } },
      layer: [
        {
          mark: { type: "area", opacity: 0.18 },
          encoding: {
            y: { field: "lower", type: "quantitative" },
            y2: { field: "upper" },
            color,
          },
        },
        {
          mark: { type: "line", point: true },
          encoding: {
            y: { field: "value", type: "quantitative", title: "nps", axis: { format: ".1f" } },
            color,
            tooltip: [
              { field: "period", type: "nominal" },
              { field: "segment", type: "nominal" },
              { field: "value", type: "quantitative", format: ".1f" },
              { field: "n", type: "quantitative" },
            ],
          },
        },
      ],
    });
  });

  it("one series without bounds: no band, no colour, a percent axis", () => {
    const rows = deepFreeze([
      { period: "2025-01-01T00:00:00.000Z", metric: "churnRate", value: 0.05, n: 100 },
      { period: "2025-02-01T00:00:00.000Z", metric: "churnRate", value: 0.04, n: 95 },
    ]);
    const spec = toVegaLite(rows, { chart: "line" });
    expectSpec(spec, {
      $schema: SCHEMA,
      title: "churnRate",
      width: 480,
      height: 260,
      data: { values: rows },
      transform: [{ calculate: dateLabel("period"), as: "xLabel" }],
      encoding: { x: { field: "xLabel", type: "ordinal", sort: null, title: "period" } },
      layer: [
        {
          mark: { type: "line", point: true },
          encoding: {
            y: {
              field: "value",
              type: "quantitative",
              title: "churnRate",
              axis: { format: ".1%" },
            },
            tooltip: [
              { field: "period", type: "nominal" },
              { field: "value", type: "quantitative", format: ".1%" },
              { field: "n", type: "quantitative" },
            ],
          },
        },
      ],
    });
  });

  it("colour by segment as soon as one row has a segment; or by a named field", () => {
    const rows = [
      { segment: null, period: "2025-01", metric: "ltv", value: 120 },
      { segment: "B", period: "2025-01", metric: "ltv", value: 80 },
    ];
    const byDefault = toVegaLite(rows, { chart: "line" });
    const line = (byDefault["layer"] as { encoding: Record<string, unknown> }[])[0];
    expect(line?.encoding["color"]).toEqual({
      field: "segment",
      type: "nominal",
      title: "segment",
    });

    const plans = [{ plan: "Pro", month: "2025-01", metric: "ltv", value: 120 }];
    const named = toVegaLite(plans as unknown as ChartRow[], {
      chart: "line",
      x: "month",
      color: "plan",
    });
    expect(named["data"]).toEqual({
      values: [{ metric: "ltv", value: 120, month: "2025-01", plan: "Pro" }],
    });
    expect(named["layer"]).toEqual([
      {
        mark: { type: "line", point: true },
        encoding: {
          y: { field: "value", type: "quantitative", title: "ltv", axis: { format: ",.2f" } },
          color: { field: "plan", type: "nominal", title: "plan" },
          tooltip: [
            { field: "month", type: "nominal" },
            { field: "plan", type: "nominal" },
            { field: "value", type: "quantitative", format: ",.2f" },
            { field: "n", type: "quantitative" },
          ],
        },
      },
    ]);
  });
});

describe("toVegaLite heatmap: the complete specification", () => {
  it("a retention matrix: blues, percent legend, light/dark labels switched at 60% of the range", () => {
    const rows = deepFreeze([
      { cohort: "2025-01-01T00:00:00.000Z", k: 0, metric: "retention", value: 1, n: 2 },
      { cohort: "2025-01-01T00:00:00.000Z", k: 1, metric: "retention", value: 0.5, n: 2 },
      { cohort: "2025-02-01T00:00:00.000Z", k: 0, metric: "retention", value: 1, n: 1 },
      { cohort: "2025-02-01T00:00:00.000Z", k: 1, metric: "retention", value: null, n: 1 },
      { cohort: "2025-01-01T00:00:00.000Z", k: 0, metric: "retained", value: 2, n: 2 },
    ]);
    const spec = toVegaLite(rows, { chart: "heatmap" });
    const pct = { type: "quantitative", format: ".1%" };
    expectSpec(spec, {
      $schema: SCHEMA,
      // A cohort matrix (retention + retained rows) charts retention by default.
      title: "retention",
      width: 480,
      height: 260,
      data: { values: rows.slice(0, 4) },
      transform: [
        { calculate: dateLabel("k"), as: "xLabel" },
        { calculate: dateLabel("cohort"), as: "yLabel" },
      ],
      encoding: {
        x: { field: "xLabel", type: "ordinal", sort: null, title: "k" },
        y: { field: "yLabel", type: "ordinal", sort: null, title: "cohort" },
      },
      layer: [
        {
          mark: { type: "rect" },
          encoding: {
            color: {
              field: "value",
              type: "quantitative",
              title: "retention",
              scale: { scheme: "blues" },
              legend: { format: ".1%" },
            },
            tooltip: [
              { field: "k", type: "nominal" },
              { field: "cohort", type: "nominal" },
              { field: "value", ...pct },
              { field: "n", type: "quantitative" },
            ],
          },
        },
        {
          mark: { type: "text", fontSize: 10 },
          encoding: {
            text: { field: "value", ...pct },
            // Values 0.5..1 (the null cell is not a value): 0.5 + 0.6 · (1 − 0.5) = 0.8.
            color: {
              condition: { test: "datum.value > 0.8", value: "#ffffff" },
              value: "#222222",
            },
          },
        },
      ],
    });
  });

  it("the label-colour threshold: low + 0.6 · (high − low), one value, no value", () => {
    const cell = (value: number | null) => ({ cohort: "2025-01", k: 0, metric: "orders", value });
    // 10..60: 10 + 0.6 · 50 = 40.
    expect(colorTest(toVegaLite([cell(60), cell(10), cell(25)], { chart: "heatmap" }))).toBe(
      "datum.value > 40",
    );
    // 2..12: 2 + 0.6 · 10 = 8.
    expect(colorTest(toVegaLite([cell(2), cell(12)], { chart: "heatmap" }))).toBe(
      "datum.value > 8",
    );
    // One value: the range is that value.
    expect(colorTest(toVegaLite([cell(0.5)], { chart: "heatmap" }))).toBe("datum.value > 0.5");
    // No value at all: 0 (never NaN or Infinity in the expression).
    expect(colorTest(toVegaLite([cell(null)], { chart: "heatmap" }))).toBe("datum.value > 0");
    expect(colorTest(toVegaLite([], { chart: "heatmap" }))).toBe("datum.value > 0");
  });
});

describe("toVegaLite: which metric is charted", () => {
  const row = (metric: string) => ({ cohort: "2025-01", k: 0, metric, value: 1 });

  it("'retained' alone is charted as itself", () => {
    const spec = toVegaLite([row("retained")], { chart: "heatmap" });
    expect(spec["title"]).toBe("retained");
    expect(spec["data"]).toEqual({ values: [row("retained")] });
  });

  it("several metrics that are not exactly a cohort matrix need options.metric", () => {
    for (const present of [
      ["nps", "retained"],
      ["retention", "nps"],
      ["retention", "retained", "nps"],
    ]) {
      const error = inputErrorOf(() => toVegaLite(present.map(row), { chart: "heatmap" }));
      expect(error.issues[0]).toMatchObject({
        path: ["options", "metric"],
        message: `the rows hold several metrics (${present.join(", ")}): choose one`,
      });
    }
  });
});

describe("plainRows: inline checks and their messages", () => {
  function issue(rows: unknown, fields: readonly string[] = []) {
    return inputErrorOf(() => plainRows(rows, fields)).issues[0];
  }

  it("names the record and field of each bad input", () => {
    expect(issue("rows")).toMatchObject({
      path: [],
      message: "expected an array of rows (see toRows)",
    });
    expect(issue(["North"])).toMatchObject({ path: [0], message: "expected a row object" });
    expect(issue([7])).toMatchObject({ path: [0], message: "expected a row object" });
    expect(issue([{ value: 1 }])).toMatchObject({
      path: [0, "metric"],
      message: "expected a metric name",
    });
    expect(issue([{ metric: "nps", value: Number.NaN }])).toMatchObject({
      path: [0, "value"],
      message: "expected a finite number or null",
    });
    expect(issue([{ metric: "nps", value: 1, n: Number.NaN }])).toMatchObject({
      path: [0, "n"],
      message: "expected a string, a finite number, a boolean or null",
    });
    expect(issue([{ metric: "nps", value: 1, lower: Number.NEGATIVE_INFINITY }])).toMatchObject({
      path: [0, "lower"],
    });
  });

  it("keeps booleans and strings of the extra fields, each field once", () => {
    const rows = deepFreeze([
      { metric: "nps", value: 1, segment: "A", flagged: true, plan: "Pro" },
    ]);
    const plain = plainRows(rows, ["flagged", "segment", "plan"]);
    expect(plain).toEqual([{ segment: "A", metric: "nps", value: 1, flagged: true, plan: "Pro" }]);
    expect(Object.keys(plain[0] ?? {})).toEqual(["segment", "metric", "value", "flagged", "plan"]);
  });

  it("metricsOf lists each metric once, in order of first appearance", () => {
    const rows = plainRows(
      [
        { metric: "csat", value: 1 },
        { metric: "nps", value: 1 },
        { metric: "csat", value: 2 },
      ],
      [],
    );
    expect(metricsOf(rows)).toEqual(["csat", "nps"]);
  });
});

describe("defaultFormat and formatNumber", () => {
  const fmt = (metric: string, row: Record<string, number | null>) =>
    defaultFormat(metric, plainRows([{ metric, ...row }], []));

  it("percent only when the value and both bounds lie in [0, 1]", () => {
    expect(fmt("csat", { value: 0.5 })).toBe(".1%");
    expect(fmt("csat", { value: 0.5, lower: 0.4, upper: 0.6 })).toBe(".1%");
    expect(fmt("csat", { value: 0, lower: 0, upper: 1 })).toBe(".1%");
    expect(fmt("delta", { value: -0.5 })).toBe(",.2f");
    expect(fmt("delta", { value: 0.5, lower: -0.1, upper: 0.9 })).toBe(",.2f");
    expect(fmt("delta", { value: 0.5, lower: 0.1, upper: 1.2 })).toBe(",.2f");
    expect(fmt("ltv", { value: 5, lower: 0.5, upper: 0.9 })).toBe(",.2f");
    expect(fmt("ltv", { value: null })).toBe(",.2f");
    // NPS is in points whatever the values.
    expect(fmt("nps", { value: 0.5 })).toBe(".1f");
  });

  it("only whole d3 strings (,).<digits>(f|%) are d3 formats; others: 3 significant digits", () => {
    // d3.format(".10f")(1/3) = "0.3333333333" (ten decimals).
    expect(formatNumber(1 / 3, ".10f")).toBe("0.3333333333");
    // d3.format(",.12%")(1/8) = "12.500000000000%".
    expect(formatNumber(1 / 8, ",.12%")).toBe("12.500000000000%");
    // Without grouping no thousands separator: 2000 → "2000.0"; with it "2,000.0".
    expect(formatNumber(2000, ".1f")).toBe("2000.0");
    expect(formatNumber(-1234567.25, ".2f")).toBe("-1234567.25");
    expect(formatNumber(2000, ",.1f")).toBe("2,000.0");
    // Not of that form: 1234.5678 to 3 significant digits is 1230.
    expect(formatNumber(1234.5678, "$.1f")).toBe("1230");
    expect(formatNumber(1234.5678, ".1f%")).toBe("1230");
    expect(formatNumber(1234.5678, ".1")).toBe("1230");
  });
});

// Two metrics, an extra column, and cells that need HTML escaping (&, <, >, ", ').
const tableRows: readonly (ChartRow & { readonly plan: string | null })[] = deepFreeze([
  { segment: "A&B <co>", metric: "nps", value: 30, n: 200, plan: '"Pro"' },
  { segment: "A&B <co>", metric: "csat", value: 0.8254, n: 12345, plan: '"Pro"' },
  { segment: "O'Neil", metric: "csat", value: null, n: 0, plan: null },
]);

// By hand: CSAT rows only; 0.8254 as ".2%" is "82.54%"; n to 12 significant digits stays 12345;
// null shows as "—"; "segment" asked again as a column is not repeated.
const csatHtml =
  '<table class="engagement-metrics"><thead><tr><th>segment</th><th>metric</th><th>value</th><th>n</th><th>plan</th></tr></thead><tbody>' +
  '<tr><td>A&amp;B &lt;co&gt;</td><td>csat</td><td style="text-align:right">82.54%</td><td style="text-align:right">12345</td><td>&quot;Pro&quot;</td></tr>' +
  '<tr><td>O&#39;Neil</td><td>csat</td><td style="text-align:right">—</td><td style="text-align:right">0</td><td>—</td></tr>' +
  "</tbody></table>";
// Column widths 8, 6, 6, 5, 5; numbers right-aligned, two spaces between columns.
const csatText = [
  "segment   metric   value      n  plan",
  'A&B <co>  csat    82.54%  12345  "Pro"',
  "O'Neil    csat         —      0  —",
].join("\n");
const csatOptions = { metric: "csat", format: ".2%", columns: ["segment", "plan"] } as const;

describe("tables", () => {
  it("metric, format and columns options; escaping; dashes; counts to 12 digits", () => {
    expect(toHtmlTable(tableRows, csatOptions)).toBe(csatHtml);
    expect(toTextTable(tableRows, csatOptions)).toBe(csatText);
  });

  it("other numbers keep 12 significant digits, p-values 3", () => {
    const rows = [
      {
        segment: "B",
        baseline: "A",
        metric: "nps",
        value: 12.345,
        n: 1234567,
        k: 0.1234567891234,
        pValue: 0.0123456,
        adjustedPValue: 1.23456e-7,
      },
    ] as ChartRow[];
    // By hand: k to 12 significant digits "0.123456789123" (width 14); NPS 12.345 as ".1f"
    // "12.3"; n "1234567"; p-values to 3 digits "0.0123" and "1.23e-7" (under a 14-wide header).
    expect(toTextTable(rows)).toBe(
      [
        "segment  baseline               k  metric  value        n  pValue  adjustedPValue",
        "B        A         0.123456789123  nps      12.3  1234567  0.0123         1.23e-7",
      ].join("\n"),
    );
  });
});

describe("Jupyter bundle", () => {
  it("table options reach both tables; the chart is the bars of that metric", () => {
    const shown = jupyterDisplay(tableRows, { ...csatOptions, chart: "bars" });
    const bundle = shown[jupyterDisplaySymbol]();
    expect(Object.keys(bundle)).toEqual([
      "text/plain",
      "text/html",
      "application/vnd.vegalite.v5+json",
    ]);
    expect(bundle["text/plain"]).toBe(csatText);
    expect(bundle["text/html"]).toBe(csatHtml);
    const valueTip = { type: "quantitative", format: ".2%" };
    expect(bundle["application/vnd.vegalite.v5+json"]).toEqual({
      $schema: SCHEMA,
      title: "csat",
      width: 480,
      height: { step: 28 },
      data: {
        values: [
          { segment: "A&B <co>", metric: "csat", value: 0.8254, n: 12345 },
          { segment: "O'Neil", metric: "csat", value: null, n: 0 },
        ],
      },
      encoding: { y: { field: "segment", type: "nominal", sort: null, title: "segment" } },
      layer: [
        {
          mark: { type: "bar", color: "#4c78a8" },
          encoding: {
            x: { field: "value", type: "quantitative", title: "csat", axis: { format: ".2%" } },
            tooltip: [
              { field: "segment", type: "nominal" },
              { field: "value", ...valueTip },
              { field: "lower", ...valueTip },
              { field: "upper", ...valueTip },
              { field: "n", type: "quantitative" },
            ],
          },
        },
        {
          transform: [
            {
              calculate: "isValid(datum.upper) ? max(datum.value, datum.upper) : datum.value",
              as: "labelAt",
            },
          ],
          mark: { type: "text", align: "left", dx: 4, baseline: "middle" },
          encoding: {
            x: { field: "labelAt", type: "quantitative" },
            text: { field: "value", type: "quantitative", format: ".2%" },
          },
        },
      ],
    });
    expect(isJsonSafe(shown.bundle)).toBe(true);
  });

  it("without options: every row, each metric in its own format, no chart", () => {
    const bundle = toMimeBundle(tableRows);
    expect(Object.keys(bundle)).toEqual(["text/plain", "text/html"]);
    // NPS 30 in points ".1f"; CSAT 0.8254 as ".1%" = "82.5%"; plan is not a standard column.
    expect(bundle["text/plain"]).toBe(
      [
        "segment   metric  value      n",
        "A&B <co>  nps      30.0    200",
        "A&B <co>  csat    82.5%  12345",
        "O'Neil    csat        —      0",
      ].join("\n"),
    );
    expect(bundle["text/html"]).toBe(
      '<table class="engagement-metrics"><thead><tr><th>segment</th><th>metric</th><th>value</th><th>n</th></tr></thead><tbody>' +
        '<tr><td>A&amp;B &lt;co&gt;</td><td>nps</td><td style="text-align:right">30.0</td><td style="text-align:right">200</td></tr>' +
        '<tr><td>A&amp;B &lt;co&gt;</td><td>csat</td><td style="text-align:right">82.5%</td><td style="text-align:right">12345</td></tr>' +
        '<tr><td>O&#39;Neil</td><td>csat</td><td style="text-align:right">—</td><td style="text-align:right">0</td></tr>' +
        "</tbody></table>",
    );
  });
});
