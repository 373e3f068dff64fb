import { test as fcTest } from "@fast-check/vitest";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { countRecordsByKey } from "../../src/columnar/histogram.ts";
import {
  bySegmentColumns,
  isColumnTable,
  runMetricColumns,
  safeBySegmentColumns,
  safeRunMetricColumns,
} from "../../src/columnar/index.ts";
import { schemaError } from "../../src/errors.ts";
import { bySegment, type SegmentTable, segmentKeySchema } from "../../src/group/segment.ts";
import { runMetric } from "../../src/metric.ts";
import { csatMetric } from "../../src/survey/csat.ts";
import { type NpsTally, npsMetric } from "../../src/survey/nps.ts";
import { expectInputError } from "../helpers.ts";
import { freeze as deepFreeze, unchanged } from "./helpers.ts";

const nps = npsMetric({ score: "score" });

describe("bySegmentColumns: reference vectors", () => {
  // Hand calculation. Segment EU: scores 10, 9, 3, 7 -> promoters 2 (10, 9), passives 1 (7),
  // detractors 1 (3); NPS = 100 * (2 - 1) / 4 = 25. Segment US: 0, 8 -> detractors 1,
  // passives 1; NPS = 100 * (0 - 1) / 2 = -50. Total: P 2, S 2, D 2 of 6 -> 0.
  const table = deepFreeze({
    score: Uint8Array.of(10, 0, 9, 3, 8, 7),
    region: { codes: Uint8Array.of(0, 1, 0, 0, 1, 0), labels: ["EU", "US"] },
  });

  it("counts promoters, passives and detractors per segment", () => {
    const result = unchanged(table, () => bySegmentColumns(table, "region", { nps }, { minN: 0 }));
    expect(result.segments.map((row) => [row.key, row.n, row.results.nps.value])).toEqual([
      ["EU", 4, 25],
      ["US", 2, -50],
    ]);
    expect(result.segments[0]?.tallies.nps).toEqual({
      promoters: 2,
      passives: 1,
      detractors: 1,
      responses: 4,
      sumSquaredWeights: 4,
    });
    expect(result.total.results.nps.value).toBe(0);
    expect(result.total.n).toBe(6);
  });

  it("reads plain arrays, Float64Array scores and string segment columns alike", () => {
    const variants = [
      { score: [10, 0, 9, 3, 8, 7], region: ["EU", "US", "EU", "EU", "US", "EU"] },
      {
        score: Float64Array.of(10, 0, 9, 3, 8, 7),
        region: { codes: [0, 1, 0, 0, 1, 0], labels: ["EU", "US"] },
      },
      { score: Int32Array.of(10, 0, 9, 3, 8, 7), region: Uint16Array.of(5, 9, 5, 5, 9, 5) },
    ];
    for (const variant of variants) {
      const result = bySegmentColumns(deepFreeze(variant), "region", { nps }, { minN: 0 });
      expect(result.segments.map((row) => row.results.nps.value)).toEqual([25, -50]);
    }
  });

  it("runs CSAT (another histogram metric) and NPS in one call", () => {
    // CSAT: share of 4-5 answers. EU ratings 5, 4, 1, 3 -> 2/4 = 0.5; US 2, 5 -> 1/2.
    const result = bySegmentColumns(
      deepFreeze({ ...table, rating: [5, 2, 4, 1, 5, 3] }),
      "region",
      { nps, csat: csatMetric<{ rating: number }>({ rating: "rating" }) },
      { minN: 0 },
    );
    expect(result.segments.map((row) => row.results.csat.value)).toEqual([0.5, 0.5]);
    expect(result.metrics).toEqual(["nps", "csat"]);
  });

  it("runs metrics without a histogram through rows as objects", () => {
    // A weighted NPS has no histogram: rows are read as { score, region, w } objects.
    // EU: weights 1, 3, 1, 1 on 10, 9, 3, 7 -> P 4, S 1, D 1 of 6 -> 100 * 3/6 = 50.
    const weighted = npsMetric<{ score: number; w: number }>({ score: "score", weight: "w" });
    const result = bySegmentColumns(
      deepFreeze({ ...table, w: [1, 1, 3, 1, 1, 1] }),
      "region",
      { weighted },
      { minN: 0 },
    );
    expect(result.segments[0]?.results.weighted.value).toBeCloseTo(50, 12);
  });

  it("merges two codes that share a label into one segment", () => {
    const result = bySegmentColumns(
      deepFreeze({ score: [10, 0], region: { codes: [0, 1], labels: ["EU", "EU"] } }),
      "region",
      { nps },
      { minN: 0 },
    );
    expect(result.segments.map((row) => [row.key, row.n, row.results.nps.value])).toEqual([
      ["EU", 2, 0],
    ]);
  });

  it("runMetricColumns gives the ungrouped metric", () => {
    // 10, 9, 3: P 2, D 1 of 3 -> 100/3.
    expect(runMetricColumns(nps, { score: [10, 9, 3] }).value).toBeCloseTo(100 / 3, 12);
    expect(runMetricColumns(nps, { score: new Uint8Array(0) }).value).toBeNull();
  });
});

describe("bySegmentColumns: Apache Arrow tables", () => {
  it("reads dictionary columns through their codes, numbers in place, chunk by chunk", () => {
    const dictionary = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    const batch = (scores: number[], regions: string[]) =>
      new arrow.Table({
        score: arrow.vectorFromArray(Uint8Array.from(scores)),
        region: arrow.vectorFromArray(regions, dictionary),
      });
    // Two record batches (chunks), each with its own dictionary.
    const a = batch([10, 0, 9], ["EU", "US", "EU"]);
    const b = batch([3, 8, 7], ["EU", "US", "EU"]);
    const table = a.concat(b);
    expect(table.getChild("score")?.data.length).toBe(2);
    const result = bySegmentColumns(table, "region", { nps }, { minN: 0 });
    expect(result.segments.map((row) => [row.key, row.results.nps.value])).toEqual([
      ["EU", 25],
      ["US", -50],
    ]);
  });

  it("rejects a null answer, naming the column and row", () => {
    const table = arrow.tableFromArrays({ score: [10, null, 9] as (number | null)[] });
    const withNull = new arrow.Table({
      score: arrow.vectorFromArray([10, null, 9], new arrow.Uint8()),
      region: arrow.vectorFromArray(["a", "b", "c"]),
    });
    expect(table.numRows).toBe(3);
    expectInputError(
      () => bySegmentColumns(withNull, "region", { nps }),
      () => safeBySegmentColumns(withNull, "region", { nps }),
      ["score", 1],
      "score[1]: expected an integer 0-10",
    );
  });
});

describe("bySegmentColumns: edge cases and errors", () => {
  it("gives no segments and a null total for an empty table", () => {
    const result = bySegmentColumns({ score: [], region: [] }, "region", { nps });
    expect(result.segments).toEqual([]);
    expect(result.total.n).toBe(0);
    expect(result.total.results.nps.value).toBeNull();
  });

  it("names the column and row of a bad answer (the first one, in row order)", () => {
    const table = deepFreeze({ score: [10, 11, -1], region: ["a", "b", "c"] });
    expectInputError(
      () => bySegmentColumns(table, "region", { nps }),
      () => safeBySegmentColumns(table, "region", { nps }),
      ["score", 1],
      "score[1]: expected an integer 0-10",
    );
    for (const bad of [Number.NaN, 2.5, Number.POSITIVE_INFINITY, "7", null, undefined]) {
      const t = { score: [1, 2, bad], region: ["a", "a", "a"] };
      expectInputError(
        () => bySegmentColumns(t, "region", { nps }),
        () => safeBySegmentColumns(t, "region", { nps }),
        ["score", 2],
      );
    }
    const typed = { score: Uint8Array.of(3, 12), region: Uint8Array.of(0, 0) };
    expectInputError(
      () => bySegmentColumns(typed, "region", { nps }),
      () => safeBySegmentColumns(typed, "region", { nps }),
      ["score", 1],
    );
  });

  it("names bad segment codes and labels", () => {
    const outOfRange = { score: [1, 2], region: { codes: [0, 2], labels: ["a", "b"] } };
    expectInputError(
      () => bySegmentColumns(outOfRange, "region", { nps }),
      () => safeBySegmentColumns(outOfRange, "region", { nps }),
      ["region", 1],
    );
    const badLabel = { score: [1, 2], region: ["a", null] };
    const error = expectInputError(
      () => bySegmentColumns(badLabel, "region", { nps }),
      () => safeBySegmentColumns(badLabel, "region", { nps }),
      ["region", 1],
    );
    expect(error.message).toBe(schemaError(segmentKeySchema, null, ["region", 1], "").message);
  });

  it("rejects missing columns, unequal lengths and bad options", () => {
    expectInputError(
      () => bySegmentColumns({ score: [1] }, "region", { nps }),
      () => safeBySegmentColumns({ score: [1] }, "region", { nps }),
      ["region"],
    );
    expectInputError(
      () => bySegmentColumns({ score: [1, 2], region: ["a"] }, "region", { nps }),
      () => safeBySegmentColumns({ score: [1, 2], region: ["a"] }, "region", { nps }),
      ["region"],
      'region: expected 2 values, the length of column "score" (got 1)',
    );
    const table = { score: [1], region: ["a"] };
    expectInputError(
      // @ts-expect-error an unknown option
      () => bySegmentColumns(table, "region", { nps }, { min: 3 }),
      // @ts-expect-error an unknown option
      () => safeBySegmentColumns(table, "region", { nps }, { min: 3 }),
      ["options"],
    );
    expectInputError(
      // @ts-expect-error not a column table
      () => bySegmentColumns([{ score: 1 }], "region", { nps }),
      // @ts-expect-error not a column table
      () => safeBySegmentColumns([{ score: 1 }], "region", { nps }),
      [],
    );
    expectInputError(
      () => runMetricColumns(nps, { score: [1, 99] }),
      () => safeRunMetricColumns(nps, { score: [1, 99] }),
      ["score", 1],
    );
  });

  it("tells column tables from arrays of records", () => {
    expect(isColumnTable({ score: Uint8Array.of(1), region: { codes: [0], labels: ["a"] } })).toBe(
      true,
    );
    expect(isColumnTable(arrow.tableFromArrays({ score: Float64Array.of(1) }))).toBe(true);
    expect(isColumnTable([{ score: 1 }])).toBe(false);
    expect(isColumnTable({ score: 1 })).toBe(false);
    expect(isColumnTable(null)).toBe(false);
  });

  it("has the types of bySegment's table", () => {
    const result = bySegmentColumns({ score: [1] }, "score", { nps });
    expectTypeOf(result).toEqualTypeOf<SegmentTable<{ nps: typeof nps }>>();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: columns give what bySegment gives on the same rows as records

const rowsArbitrary = fc.array(
  fc.record({ score: fc.integer({ min: 0, max: 10 }), region: fc.constantFrom("a", "b", "c", 7) }),
  { maxLength: 300 },
);

function columnsOf(rows: readonly { score: number; region: string | number }[]) {
  const labels: (string | number)[] = [];
  const codes = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    let code = labels.indexOf(row.region);
    if (code < 0) code = labels.push(row.region) - 1;
    codes[i] = code;
  });
  return { score: Uint8Array.from(rows, (r) => r.score), region: { codes, labels } };
}

describe("bySegmentColumns: properties", () => {
  fcTest.prop([rowsArbitrary, fc.constantFrom("key", "n-desc", "n-asc") as fc.Arbitrary<"key">])(
    "equals bySegment on the same rows as records",
    (rows, sort) => {
      const columns = bySegmentColumns(columnsOf(rows), "region", { nps }, { sort });
      const records = bySegment(rows, "region", { nps }, { sort });
      expect(JSON.parse(JSON.stringify(columns))).toEqual(JSON.parse(JSON.stringify(records)));
    },
  );

  fcTest.prop([rowsArbitrary, fc.integer({ min: 0, max: 300 })])(
    "tallies of a split merge to the tally of the whole",
    (rows, cut) => {
      const at = Math.min(cut, rows.length);
      const whole = runMetricColumns(nps, columnsOf(rows));
      const a = bySegmentColumns(columnsOf(rows.slice(0, at)), "region", { nps }).total.tallies.nps;
      const b = bySegmentColumns(columnsOf(rows.slice(at)), "region", { nps }).total.tallies.nps;
      const merged: NpsTally = nps.merge(a, b);
      expect(nps.finalize(merged)).toEqual(whole);
      expect(whole).toEqual(runMetric(nps, rows));
    },
  );

  fcTest.prop([fc.array(fc.anything(), { minLength: 1, maxLength: 20 })])(
    "accepts exactly the answers the score schema accepts",
    (values) => {
      const column = { score: values, region: values.map(() => "a") };
      const columnar = safeRunMetricColumns(nps, column);
      const records = safeBySegment(values.map((score) => ({ score, region: "a" })));
      expect(columnar.ok).toBe(records.ok);
      if (!columnar.ok && !records.ok) {
        const [row] = records.error.issues[0]?.path ?? [];
        expect(columnar.error.issues[0]?.path).toEqual(["score", row]);
        expect(columnar.error.issues[0]?.message).toBe(records.error.issues[0]?.message);
      }
    },
  );
});

function safeBySegment(records: readonly { score: unknown; region: string }[]) {
  try {
    return { ok: true as const, value: bySegment(records, "region", { nps }) };
  } catch (error) {
    return { ok: false as const, error: error as import("../../src/errors.ts").MetricsInputError };
  }
}

describe("countRecordsByKey (the records fast path for bySegment)", () => {
  const badKey = (key: unknown, path: readonly (string | number)[]) =>
    schemaError(segmentKeySchema, key, path, "expected a segment key");

  fcTest.prop([rowsArbitrary])("gives the tallies of add + tally per segment", (rows) => {
    const counted = countRecordsByKey(rows, "region", [nps], badKey);
    expect(counted).toBeDefined();
    const table = bySegment(rows, "region", { nps }, { minN: 0 });
    const fast = (counted?.keys ?? []).map((key, code) => {
      const width = 11;
      const slice = counted?.counts.counts[0]?.subarray(code * width, code * width + width) ?? [];
      return [key, counted?.counts.rows[code], nps.histogram?.fromCounts(slice)];
    });
    const slow = table.segments.map((row) => [row.key, row.n, row.tallies.nps]);
    expect(fast.sort()).toEqual(slow.sort());
  });

  it("checks keys and answers inline, and steps aside when a metric has no histogram", () => {
    type Row = { region?: unknown; score: number; w?: number };
    const metric = npsMetric<Row>({ score: "score" });
    const count = (rows: Row[], key: string, metrics = [metric]) =>
      countRecordsByKey<Row>(rows, key, metrics, badKey);
    expect(() => count([{ region: null, score: 1 }], "region")).toThrow("[0].region");
    expect(() => count([{ region: "a", score: 11 }], "region")).toThrow(
      "[0].score: expected an integer 0-10",
    );
    const weighted = npsMetric<Row>({ score: "score", weight: "w" });
    expect(count([{ region: "a", score: 1, w: 1 }], "region", [weighted])).toBe(undefined);
    // A key named like an Object.prototype member: the plain-read fast path steps aside.
    const own: Row = JSON.parse('{"constructor":"a","score":1}');
    expect(count([own], "constructor")).toBe(undefined);
  });
});
