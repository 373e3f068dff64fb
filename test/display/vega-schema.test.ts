// Every chart toVegaLite draws is a valid Vega-Lite v5 specification: checked against the
// official JSON schema (vega-lite 5.9.3, build/vega-lite-schema.json, with Ajv), and compiled to
// Vega by vega-lite's own compiler with no warnings. The rows come from the library's real
// results (bySegment, byPeriod, cohortRetention through toRows), not hand-made shapes only.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import {
  type ChartRow,
  jupyterDisplay,
  jupyterDisplaySymbol,
  toVegaLite,
} from "../../src/display/index.ts";
import {
  byPeriod,
  bySegment,
  cohortRetention,
  csatMetric,
  npsMetric,
  toRows,
} from "../../src/index.ts";

const require = createRequire(import.meta.url);
const schema: object = JSON.parse(
  readFileSync(require.resolve("vega-lite/build/vega-lite-schema.json"), "utf8"),
);
// The schema uses draft-07 with a few vendor keywords (strict mode off) and URI formats that Ajv
// does not ship (formats not validated: no field of ours is a URI but $schema, a constant).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);

/** Schema errors, and the compiler's warnings, of a spec: both empty for a valid chart. */
function problems(spec: object): string[] {
  const found: string[] = [];
  if (!validate(spec)) {
    for (const e of validate.errors ?? []) found.push(`schema ${e.instancePath} ${e.message}`);
  }
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => found.push(`error ${m.join(" ")}`),
    warn: (...m: unknown[]) => found.push(`warn ${m.join(" ")}`),
    info: () => logger,
    debug: () => logger,
  };
  // compile() throws on specs it cannot turn into Vega.
  compile(spec as Parameters<typeof compile>[0], { logger: logger as never });
  return found;
}

type Answer = { region: string; month: string; score: number; stars: number };
const answers: Answer[] = [];
// 3 regions × 3 months × 12 answers with scores 0-10 and stars 1-5, a fixed pattern.
for (const [r, region] of ["North", "South", "East & <West>"].entries()) {
  for (const [m, month] of ["2025-01-15", "2025-02-15", "2025-03-15"].entries()) {
    for (let i = 0; i < 12; i++) {
      answers.push({
        region,
        month: `${month}T10:00:00Z`,
        score: (i * 7 + r * 3 + m) % 11,
        stars: 1 + ((i + r + m) % 5),
      });
    }
  }
}
const metrics = {
  nps: npsMetric<Answer>({ score: "score" }),
  csat: csatMetric<Answer>({ rating: "stars" }),
};

describe("toVegaLite: valid Vega-Lite v5", () => {
  it("validates the schema itself (a wrong spec is caught)", () => {
    // Guards against a validator that accepts anything: an unknown mark and a bad encoding.
    const data = { values: [{ a: 1 }] };
    const x = { field: "a", type: "quantitative" };
    expect(problems({ data, mark: "bar", encoding: { x } })).toEqual([]);
    expect(validate({ data, mark: "pie-chart", encoding: { x } })).toBe(false);
    expect(validate({ data, mark: "bar", encoding: { x: { ...x, type: "nominalish" } } })).toBe(
      false,
    );
    expect(validate({ mark: "bar", encoding: { x } })).toBe(false);
  });

  it("segment bars with interval whiskers", () => {
    const rows = toRows(bySegment(answers, "region", metrics, { minN: 0 })) as ChartRow[];
    for (const metric of ["nps", "csat"]) {
      const spec = toVegaLite(rows, { chart: "bars", metric });
      expect(problems(spec), metric).toEqual([]);
    }
  });

  it("period lines with an interval band, one line per segment, and without segments", () => {
    const series = byPeriod(answers, { date: "month", interval: "month", minN: 0 }, metrics);
    const plain = toRows(series) as ChartRow[];
    expect(problems(toVegaLite(plain, { chart: "line", metric: "nps" }))).toEqual([]);
    const bySegmentRows: ChartRow[] = [];
    for (const region of ["North", "South"]) {
      const one = byPeriod(
        answers.filter((a) => a.region === region),
        { date: "month", interval: "month", minN: 0 },
        { nps: metrics.nps },
      );
      for (const row of toRows(one) as ChartRow[]) bySegmentRows.push({ ...row, segment: region });
    }
    expect(problems(toVegaLite(bySegmentRows, { chart: "line" }))).toEqual([]);
  });

  it("a cohort heatmap, retention and retained counts", () => {
    const orders = [
      { customerId: "a", date: "2025-01-05T00:00:00Z", amount: 10 },
      { customerId: "a", date: "2025-02-03T00:00:00Z", amount: 10 },
      { customerId: "b", date: "2025-01-20T00:00:00Z", amount: 10 },
      { customerId: "c", date: "2025-02-10T00:00:00Z", amount: 10 },
    ];
    const matrix = cohortRetention(orders, { kind: "orders", asOf: "2025-04-01T00:00:00Z" });
    const rows = toRows(matrix) as ChartRow[];
    expect(problems(toVegaLite(rows, { chart: "heatmap" }))).toEqual([]);
    expect(problems(toVegaLite(rows, { chart: "heatmap", metric: "retained" }))).toEqual([]);
  });

  it("the chart in jupyterDisplay's MIME bundle", () => {
    const rows = toRows(bySegment(answers, "region", { nps: metrics.nps }, { minN: 0 }));
    const shown = jupyterDisplay(rows as ChartRow[], { chart: "bars" })[jupyterDisplaySymbol]();
    const spec = shown["application/vnd.vegalite.v5+json"];
    expect(spec).toBeTypeOf("object");
    expect(problems(spec as object)).toEqual([]);
  });
});
