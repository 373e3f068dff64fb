import { fc, test as fcTest } from "@fast-check/vitest";
import { format as d3Format } from "d3-format";
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
import { defaultFormat, formatNumber, plainRows } from "../../src/display/rows.ts";
import {
  bySegment,
  cohortRetention,
  compareSegments,
  MetricsInputError,
  npsMetric,
  safeNps,
  toRows,
} from "../../src/index.ts";
import { deepFreeze } from "../helpers.ts";

function inputErrorPath(compute: () => unknown): readonly (string | number)[] {
  try {
    compute();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricsInputError);
    if (error instanceof MetricsInputError) return error.issues[0]?.path ?? [];
  }
  throw new Error("did not throw");
}

// Hand-made rows in the shape of toRows: NPS 100/60/40 = 30 with its Wald interval
// [19.18, 40.82] (reference/README.md), and a second segment.
const npsRows: readonly ChartRow[] = deepFreeze([
  { segment: "North", metric: "nps", value: 30, lower: 19.18, upper: 40.82, n: 200 },
  { segment: "South", metric: "nps", value: -5, lower: -20, upper: 10, n: 80 },
]);

type Layer = { mark: { type: string }; encoding: Record<string, { field?: string }> };

function layers(spec: Record<string, unknown>): Layer[] {
  return spec["layer"] as Layer[];
}

describe("toVegaLite", () => {
  it("bars: one bar per segment, whiskers lower..upper, labels, NPS in points", () => {
    const spec = toVegaLite(npsRows, { chart: "bars", title: "NPS by region" });
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(spec["title"]).toBe("NPS by region");
    expect(spec["data"]).toEqual({ values: npsRows });
    expect(layers(spec).map((l) => l.mark.type)).toEqual(["bar", "rule", "text"]);
    const [bar, rule] = layers(spec);
    expect(bar?.encoding["x"]).toMatchObject({ field: "value", axis: { format: ".1f" } });
    expect(rule?.encoding["x"]?.field).toBe("lower");
    expect(rule?.encoding["x2"]?.field).toBe("upper");
    expect(spec["encoding"]).toEqual({
      y: { field: "segment", type: "nominal", sort: null, title: "segment" },
    });
    // Plain JSON: a round trip gives the same object.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it("bars without bounds have no whiskers; data keeps only the charted fields", () => {
    const rows = [{ segment: "A", metric: "csat", value: 0.5, n: 10, secret: { x: 1 } }];
    const spec = toVegaLite(rows as unknown as ChartRow[], { chart: "bars" });
    expect(layers(spec).map((l) => l.mark.type)).toEqual(["bar", "text"]);
    expect(spec["data"]).toEqual({ values: [{ segment: "A", metric: "csat", value: 0.5, n: 10 }] });
    // CSAT is a fraction: percent axis.
    expect(layers(spec)[0]?.encoding["x"]).toMatchObject({ axis: { format: ".1%" } });
  });

  it("line: periods on x as dates, one series per segment, interval band", () => {
    const rows = deepFreeze([
      {
        segment: "A",
        period: "2025-01-01T00:00:00.000+01:00",
        metric: "nps",
        value: 10,
        lower: 0,
        upper: 20,
        n: 50,
      },
      { segment: "A", period: "2025-02-01T00:00:00.000+01:00", metric: "nps", value: null, n: 0 },
      {
        segment: "B",
        period: "2025-01-01T00:00:00.000+01:00",
        metric: "nps",
        value: 5,
        lower: -5,
        upper: 15,
        n: 40,
      },
    ]);
    const spec = toVegaLite(rows, { chart: "line" });
    expect(layers(spec).map((l) => l.mark.type)).toEqual(["area", "line"]);
    expect(layers(spec)[1]?.encoding["color"]?.field).toBe("segment");
    expect(spec["encoding"]).toMatchObject({ x: { field: "xLabel", type: "ordinal" } });
    // The empty period stays in the data with a null value: Vega-Lite draws a gap.
    expect((spec["data"] as { values: unknown[] }).values).toHaveLength(3);
    const transform = spec["transform"] as { calculate: string; as: string }[];
    expect(transform[0]?.as).toBe("xLabel");
    expect(transform[0]?.calculate).toContain('substring(datum["period"], 0, 10)');
  });

  it("line without segments has no colour; x and color fields can be named", () => {
    const rows = [{ month: "2025-01", metric: "churnRate", value: 0.05 }] as unknown as ChartRow[];
    const plain = toVegaLite(rows, { chart: "line", x: "month" });
    expect(layers(plain)[0]?.encoding["color"]).toBeUndefined();
    expect(spec0(plain).transform[0]?.calculate).toContain('datum["month"]');
  });

  it("heatmap: cells by x and y fields, white labels on the darkest 40% of the range", () => {
    const rows = [
      { cohort: "2025-01", age: 0, metric: "retention", value: 1, n: 10 },
      { cohort: "2025-01", age: 1, metric: "retention", value: 0.5, n: 10 },
      { cohort: "2025-02", age: 0, metric: "retention", value: 0, n: 0 },
    ] as unknown as ChartRow[];
    const spec = toVegaLite(rows, { chart: "heatmap", x: "age", y: "cohort" });
    expect(layers(spec).map((l) => l.mark.type)).toEqual(["rect", "text"]);
    // Range 0..1: the switch is at 0 + 0.6 · (1 − 0) = 0.6.
    expect(JSON.stringify(layers(spec)[1]?.encoding["color"])).toContain("datum.value > 0.6");
    expect((spec["data"] as { values: Record<string, unknown>[] }).values[1]).toEqual({
      metric: "retention",
      value: 0.5,
      n: 10,
      age: 1,
      cohort: "2025-01",
    });
    expect(layers(spec)[0]?.encoding["color"]).toMatchObject({ legend: { format: ".1%" } });
  });

  it("several metrics need options.metric; with it, only that metric is charted", () => {
    const rows = [...npsRows, { segment: "North", metric: "csat", value: 0.8, n: 200 }];
    expect(inputErrorPath(() => toVegaLite(rows, { chart: "bars" }))).toEqual([
      "options",
      "metric",
    ]);
    const spec = toVegaLite(rows, { chart: "bars", metric: "csat" });
    expect((spec["data"] as { values: unknown[] }).values).toEqual([
      { segment: "North", metric: "csat", value: 0.8, n: 200 },
    ]);
  });

  it("no rows: a valid, empty chart (dashboards have empty days)", () => {
    const spec = toVegaLite([], { chart: "bars" });
    expect(spec["data"]).toEqual({ values: [] });
    expect(spec["title"]).toBe("value");
  });

  it("bad rows and options throw MetricsInputError with paths", () => {
    expect(inputErrorPath(() => toVegaLite("rows" as never, { chart: "bars" }))).toEqual([]);
    expect(inputErrorPath(() => toVegaLite([null] as never, { chart: "bars" }))).toEqual([0]);
    const missing = [{ value: 1 }] as unknown as ChartRow[];
    expect(inputErrorPath(() => toVegaLite(missing, { chart: "bars" }))).toEqual([0, "metric"]);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, "1", undefined]) {
      const rows = [npsRows[0], { metric: "nps", value: bad }] as unknown as ChartRow[];
      expect(inputErrorPath(() => toVegaLite(rows, { chart: "bars" }))).toEqual([1, "value"]);
    }
    const objectCell = [{ metric: "nps", value: 1, segment: { a: 1 } }] as unknown as ChartRow[];
    expect(inputErrorPath(() => toVegaLite(objectCell, { chart: "bars" }))).toEqual([0, "segment"]);
    expect(inputErrorPath(() => toVegaLite(npsRows, { chart: "pie" } as never))).toEqual([
      "options",
      "chart",
    ]);
    expect(inputErrorPath(() => toVegaLite(npsRows, { chart: "bars", width: 10 }))).toEqual([
      "options",
      "width",
    ]);
    expect(inputErrorPath(() => toVegaLite(npsRows, { chart: "bars", bogus: 1 } as never))).toEqual(
      ["options"],
    );
    expect(inputErrorPath(() => toVegaLite(npsRows, undefined as never))).toEqual(["options"]);
  });
});

function spec0(spec: Record<string, unknown>): { transform: { calculate: string }[] } {
  return spec as unknown as { transform: { calculate: string }[] };
}

describe("number formats agree with d3-format (Vega-Lite's formatter)", () => {
  it("reference values", () => {
    // Hand-checked: 30 points → "30.0"; 0.5 → "50.0%"; 2000 → "2,000.00"; −0.04 → "0.0" (no "−0.0").
    expect(formatNumber(30, ".1f")).toBe("30.0");
    expect(formatNumber(0.5, ".1%")).toBe("50.0%");
    expect(formatNumber(2000, ",.2f")).toBe("2,000.00");
    expect(formatNumber(-0.04, ".1f")).toBe("0.0");
    expect(formatNumber(-1234.5, ",.2f")).toBe("-1,234.50");
    expect(formatNumber(1 / 3, "e")).toBe("0.333");
  });

  fcTest.prop([
    fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    fc.constantFrom(".0f", ".1f", ".2f", ".1%", ".3%", ",.2f", ",.0f"),
  ])("formatNumber(x, f) = d3.format(f)(x), with an ASCII minus", (x, f) => {
    expect(formatNumber(x, f)).toBe(d3Format(f)(x).replace("\u2212", "-"));
  });

  it("default formats: NPS in points, fractions as percent, money with grouping", () => {
    expect(defaultFormat("nps", plainRows([{ metric: "nps", value: 0.5 }], []))).toBe(".1f");
    expect(defaultFormat("csat", plainRows([{ metric: "csat", value: 0.5, upper: 1 }], []))).toBe(
      ".1%",
    );
    expect(defaultFormat("ltv", plainRows([{ metric: "ltv", value: 2000 }], []))).toBe(",.2f");
    expect(defaultFormat("x", plainRows([{ metric: "x", value: null }], []))).toBe(",.2f");
  });
});

describe("tables", () => {
  it("HTML: escaped cells, formatted numbers, missing values as a dash", () => {
    const rows = deepFreeze([
      { segment: "<b>&\"'", metric: "nps", value: 30, lower: 19.18, upper: 40.82, n: 200 },
      { segment: "Empty", metric: "nps", value: null, n: 0 },
    ]);
    expect(toHtmlTable(rows)).toBe(
      '<table class="engagement-metrics"><thead><tr><th>segment</th><th>metric</th><th>value</th><th>lower</th><th>upper</th><th>n</th></tr></thead><tbody>' +
        '<tr><td>&lt;b&gt;&amp;&quot;&#39;</td><td>nps</td><td style="text-align:right">30.0</td><td style="text-align:right">19.2</td><td style="text-align:right">40.8</td><td style="text-align:right">200</td></tr>' +
        '<tr><td>Empty</td><td>nps</td><td style="text-align:right">—</td><td style="text-align:right">—</td><td style="text-align:right">—</td><td style="text-align:right">0</td></tr>' +
        "</tbody></table>",
    );
  });

  it("text: aligned columns, several metrics each in its own format, extra columns", () => {
    const rows = [
      { segment: "North", metric: "nps", value: 30, n: 200, plan: "Pro" },
      { segment: "North", metric: "csat", value: 0.825, n: 200, plan: "Pro" },
    ] as unknown as ChartRow[];
    expect(toTextTable(rows, { columns: ["plan"] })).toBe(
      [
        "segment  metric  value    n  plan",
        "North    nps      30.0  200  Pro",
        "North    csat    82.5%  200  Pro",
      ].join("\n"),
    );
    expect(toTextTable(rows, { metric: "csat", format: ".3f" })).toBe(
      ["segment  metric  value    n", "North    csat    0.825  200"].join("\n"),
    );
    expect(inputErrorPath(() => toTextTable(rows, { columns: "plan" } as never))).toEqual([
      "options",
      "columns",
    ]);
  });
});

describe("Jupyter bundle", () => {
  it("is plain data: text, HTML and (with a chart) Vega-Lite", () => {
    const tableOnly = toMimeBundle(npsRows);
    expect(Object.keys(tableOnly)).toEqual(["text/plain", "text/html"]);
    const bundle = toMimeBundle(npsRows, { chart: "bars", title: "NPS" });
    expect(bundle["application/vnd.vegalite.v5+json"]).toEqual(
      toVegaLite(npsRows, { chart: "bars", title: "NPS" }),
    );
    expect(bundle["text/html"]).toBe(toHtmlTable(npsRows));
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle);
    expect(inputErrorPath(() => toMimeBundle(npsRows, { chart: "pie" } as never))).toEqual([
      "options",
      "chart",
    ]);
  });

  it("the wrapper answers Symbol.for('Jupyter.display'); results stay plain", () => {
    const shown = jupyterDisplay(npsRows, { chart: "bars" });
    expect(jupyterDisplaySymbol).toBe(Symbol.for("Jupyter.display"));
    expect(shown[Symbol.for("Jupyter.display") as typeof jupyterDisplaySymbol]()).toBe(
      shown.bundle,
    );
    expect(shown.bundle).toEqual(toMimeBundle(npsRows, { chart: "bars" }));
    // The rows handed in are untouched (frozen above) and carry no display symbol.
    expect(Object.getOwnPropertySymbols(npsRows[0])).toEqual([]);
  });

  it("the safe forms of metrics still give plain results next to the display helpers", () => {
    const result = safeNps([10, 9, 3]);
    expect(result.ok && Object.getOwnPropertySymbols(result.value)).toEqual([]);
  });
});

describe("with the group helpers' tidy rows (toRows)", () => {
  const records = deepFreeze([
    { r: "EU", s: 10 },
    { r: "US", s: 3 },
    { r: "EU", s: 9 },
  ]);
  const metrics = { nps: npsMetric<{ r: string; s: number }>({ score: "s" }) };

  it("a segment table with its total, as text", () => {
    const rows = toRows(bySegment(records, "r", metrics), { total: true });
    // EU: 2 promoters of 2 → 100; US: 1 detractor → −100; total 100·(2 − 1)/3 = 33.3.
    // Adjusted Wald (Rocks 2016), by hand: EU n' = 5, p' = 2.75/5, d' = 0.75/5, centre 0.4,
    // half 1.96·√((0.7 − 0.16)/5) = 0.6441 → [−24.4, 100 (clamped)]; US n' = 4, p' = 0.1875,
    // d' = 0.4375 → [−98.5, 48.5]; total n' = 6, p' = 0.4583, d' = 0.2917 → [−51.3, 84.7].
    expect(toTextTable(rows)).toBe(
      [
        "segment  metric   value  lower  upper  n",
        "EU       nps      100.0  -24.4  100.0  2",
        "US       nps     -100.0  -98.5   48.5  1",
        "Total    nps       33.3  -51.3   84.7  3",
      ].join("\n"),
    );
    const spec = toVegaLite(rows, { chart: "bars" });
    const values = (spec["data"] as { values: Record<string, unknown>[] }).values;
    expect(values.map((v) => v["segment"])).toEqual(["EU", "US", "Total"]);
  });

  it("comparisons: p-values to 3 significant digits", () => {
    const table = bySegment(records, "r", metrics);
    const rows = toRows(compareSegments(table, { metrics }));
    const text = toTextTable(rows);
    expect(text.split("\n")[0]?.split(/\s+/)).toEqual([
      "segment",
      "metric",
      "value",
      "lower",
      "upper",
      "n",
      "pValue",
      "adjustedPValue",
    ]);
    for (const row of rows) {
      const p = row.pValue;
      expect(p === null || p === undefined || text.includes(String(Number(p.toPrecision(3))))).toBe(
        true,
      );
    }
  });

  it("a cohort matrix: heatmap of retention by default, no empty bound columns", () => {
    const orders = [
      { customerId: "a", date: "2025-01-05T10:00:00Z", amount: 10 },
      { customerId: "b", date: "2025-01-20T10:00:00Z", amount: 10 },
      { customerId: "a", date: "2025-02-03T10:00:00Z", amount: 10 },
      { customerId: "c", date: "2025-02-10T10:00:00Z", amount: 10 },
    ];
    const rows = toRows(cohortRetention(orders, { kind: "orders", asOf: "2025-03-01T00:00:00Z" }));
    const spec = toVegaLite(rows, { chart: "heatmap" });
    const values = (spec["data"] as { values: Record<string, unknown>[] }).values;
    // January's cohort keeps 1 of 2 in its second month; February's second month is not over.
    expect(values.map((v) => [v["k"], v["value"]])).toEqual([
      [0, 1],
      [1, 0.5],
      [0, 1],
      [1, null],
    ]);
    expect(spec["encoding"]).toMatchObject({ x: { title: "k" }, y: { title: "cohort" } });
    expect(toTextTable(rows, { metric: "retention" }).split("\n")[0]).toBe(
      "cohort                         k  metric      value  n",
    );
  });
});
