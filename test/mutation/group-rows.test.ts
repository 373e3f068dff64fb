// Tests written against mutants that survived in src/group/rows.ts (Stryker, 2026-11-24): each
// pins a behaviour no other test did, mostly the shape checks of stored results (a result may
// have been saved as JSON and read back, so every field is input) and the paths and messages
// of their errors. The inputs are hand-built plain objects; expected rows are read off them.
import { describe, expect, it } from "vitest";
import { bySegment, safeBySegment, safeToRows, toRows } from "../../src/group/index.ts";
import type { Metric } from "../../src/metric.ts";
import { countMetric, expectInputError } from "../group/helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: stored results are hand-built, possibly malformed.
type Loose = any;

/** toRows and safeToRows both fail on `result` with this path and message. */
function fails(result: unknown, path: readonly (string | number)[], message: string): void {
  expectInputError(
    () => toRows(result as Loose),
    () => safeToRows(result as Loose),
    path,
    message,
  );
}

/** A stored bySegment table with one segment row replaced. */
function table(row: unknown, extra: Record<string, unknown> = {}): unknown {
  return { grouping: "segments", metrics: ["m"], segments: [row], ...extra };
}

const goodGroup = { key: "a", n: 4, results: { m: { value: 1, n: 4, interval: null } } };

/** A stored compareSegments result with one comparison row. */
function comparison(row: Record<string, unknown>): unknown {
  return { grouping: "segment-comparison", comparisons: [row] };
}

const goodComparison = {
  segment: "a",
  baselineKey: "b",
  metric: "m",
  difference: 0.5,
  interval: { lower: 0.25, upper: 0.75 },
  n: 10,
  pValue: 0.01,
  adjustedPValue: 0.02,
};

describe("toRows: a result that is not an object or has no known grouping", () => {
  it("names the accepted results", () => {
    fails(
      null,
      [],
      "(root): expected a result of bySegment, byPeriod, cohortRetention or compareSegments",
    );
    fails(
      { grouping: "other" },
      ["grouping"],
      'grouping: expected a result of bySegment, byPeriod, cohortRetention or compareSegments (grouping "segments", "periods", "cohorts" or "segment-comparison")',
    );
  });

  it("rejects rows and metric names of the wrong shape", () => {
    fails(
      { grouping: "segments", metrics: ["m"], segments: {} },
      ["segments"],
      "segments: expected an array of rows",
    );
    // Every name must be a string: one number among strings is enough to fail, and so is a
    // list of numbers only.
    const msg = "metrics: expected the result's metric names (an array of strings)";
    fails({ grouping: "segments", metrics: ["m", 1], segments: [] }, ["metrics"], msg);
    fails({ grouping: "segments", metrics: [1], segments: [] }, ["metrics"], msg);
  });
});

describe("toRows: stored segment and period rows", () => {
  it("rejects a group row that is not an object, with its own path", () => {
    // A number is not null but is no object either.
    fails(table(5), ["segments", 0], "segments[0]: expected a group row");
    fails(table(null), ["segments", 0], "segments[0]: expected a group row");
  });

  it("rejects results that are null, absent or not an object", () => {
    const msg = "segments[0].results: expected an object of results by metric name";
    fails(table({ key: "a", n: 1, results: null }), ["segments", 0, "results"], msg);
    fails(table({ key: "a", n: 1 }), ["segments", 0, "results"], msg);
    fails(table({ key: "a", n: 1, results: "x" }), ["segments", 0, "results"], msg);
  });

  it("rejects a count that is absent, negative, not finite or not a number", () => {
    const msg = "segments[0].n: expected a finite number >= 0";
    for (const n of [undefined, -1, Number.POSITIVE_INFINITY, Number.NaN, "3"]) {
      fails(table({ ...goodGroup, n }), ["segments", 0, "n"], msg);
    }
    // 0 is a count.
    expect(toRows(table({ ...goodGroup, n: 0 }) as Loose)[0]?.n).toBe(4);
  });

  it("accepts string and finite number keys, rejects the others at segments[i].key", () => {
    // Key 3 (a finite number) is kept as a number.
    expect(toRows(table({ ...goodGroup, key: 3 }) as Loose)[0]?.segment).toBe(3);
    expect(toRows(table({ ...goodGroup, key: "x" }) as Loose)[0]?.segment).toBe("x");
    const msg = "segments[0].key: expected a segment key: a string or a finite number";
    for (const key of [Number.NaN, Number.POSITIVE_INFINITY, true, null, undefined]) {
      fails(table({ ...goodGroup, key }), ["segments", 0, "key"], msg);
    }
  });

  it("rejects a period start that is not a string, at periods[i].period.start", () => {
    fails(
      { grouping: "periods", metrics: ["m"], periods: [{ ...goodGroup, period: { start: 1 } }] },
      ["periods", 0, "period", "start"],
      "periods[0].period.start: expected a string",
    );
  });

  it("rejects a missing total when asked for it, at total", () => {
    expectInputError(
      () => toRows(table(goodGroup) as Loose, { total: true }),
      () => safeToRows(table(goodGroup) as Loose, { total: true }),
      ["total"],
      "total: expected a group row",
    );
  });

  it("keeps only finite number bounds, and the result's own finite n over the group's", () => {
    // Group n 9. Result n 7 (finite number) is used; n "7" (a string), NaN and absent fall
    // back to 9. Bounds "0.1" (string) and Infinity are not finite numbers: null.
    const results = {
      a: { value: 1, n: 7, interval: { lower: 0.1, upper: 0.9 } },
      b: { value: 1, n: "7", interval: { lower: "0.1", upper: "0.9" } },
      c: { value: 1, n: Number.NaN, interval: { lower: -Infinity, upper: Infinity } },
      d: 2,
    };
    const out = toRows({
      grouping: "segments",
      metrics: ["a", "b", "c", "d"],
      segments: [{ key: "s", n: 9, results }],
    } as Loose);
    expect(out).toStrictEqual([
      { segment: "s", metric: "a", value: 1, lower: 0.1, upper: 0.9, n: 7 },
      { segment: "s", metric: "b", value: 1, lower: null, upper: null, n: 9 },
      { segment: "s", metric: "c", value: 1, lower: null, upper: null, n: 9 },
      { segment: "s", metric: "d", value: 2, lower: null, upper: null, n: 9 },
    ]);
  });
});

describe("toRows: stored cohort rows", () => {
  const goodCohort = {
    cohort: { start: "2025-01" },
    size: 4,
    retention: [1, 0.5],
    retained: [4, 2],
  };
  const cohorts = (row: unknown): unknown => ({ grouping: "cohorts", cohorts: [row] });

  it("rejects a cohort row that is null or not an object, at cohorts[i]", () => {
    fails(cohorts(null), ["cohorts", 0], "cohorts[0]: expected a cohort row");
    fails(cohorts(7), ["cohorts", 0], "cohorts[0]: expected a cohort row");
  });

  it("rejects a bad size or retained list with their paths", () => {
    fails(
      cohorts({ ...goodCohort, size: -1 }),
      ["cohorts", 0, "size"],
      "cohorts[0].size: expected a finite number >= 0",
    );
    fails(
      cohorts({ ...goodCohort, retained: 4 }),
      ["cohorts", 0, "retained"],
      "cohorts[0].retained: expected an array of numbers or nulls",
    );
    fails(
      cohorts({ ...goodCohort, retention: [1, "x"] }),
      ["cohorts", 0, "retention", 1],
      "cohorts[0].retention[1]: expected a finite number",
    );
  });

  it("gives two rows per period from a good row", () => {
    // Size 4; k = 0: retention 1, retained 4; k = 1: 0.5 and 2.
    expect(toRows(cohorts(goodCohort) as Loose)).toStrictEqual([
      { cohort: "2025-01", k: 0, lower: null, upper: null, n: 4, metric: "retention", value: 1 },
      { cohort: "2025-01", k: 0, lower: null, upper: null, n: 4, metric: "retained", value: 4 },
      { cohort: "2025-01", k: 1, lower: null, upper: null, n: 4, metric: "retention", value: 0.5 },
      { cohort: "2025-01", k: 1, lower: null, upper: null, n: 4, metric: "retained", value: 2 },
    ]);
  });
});

describe("toRows: stored comparison rows", () => {
  it("reads a good row, with or without a baseline and an interval", () => {
    expect(toRows(comparison(goodComparison) as Loose)).toStrictEqual([
      {
        segment: "a",
        baseline: "b",
        metric: "m",
        value: 0.5,
        lower: 0.25,
        upper: 0.75,
        n: 10,
        pValue: 0.01,
        adjustedPValue: 0.02,
      },
    ]);
    // Against the rest, baselineKey is null (or absent once stored without it); no interval is
    // null or absent: no baseline key, null bounds.
    const plain = {
      segment: "a",
      metric: "m",
      value: 0.5,
      lower: null,
      upper: null,
      n: 10,
      pValue: 0.01,
      adjustedPValue: 0.02,
    };
    const { baselineKey: _b, interval: _i, ...rest } = goodComparison;
    expect(toRows(comparison(rest) as Loose)).toStrictEqual([plain]);
    expect(
      toRows(comparison({ ...rest, baselineKey: null, interval: null }) as Loose),
    ).toStrictEqual([plain]);
  });

  it("rejects a comparison row that is null or not an object, at comparisons[i]", () => {
    fails(
      comparison(null as Loose),
      ["comparisons", 0],
      "comparisons[0]: expected a comparison row",
    );
    fails(comparison(3 as Loose), ["comparisons", 0], "comparisons[0]: expected a comparison row");
  });

  it.each([
    ["segment", Number.NaN, "expected a segment key: a string or a finite number"],
    ["baselineKey", Number.NaN, "expected a segment key: a string or a finite number"],
    ["metric", 1, "expected a string"],
    ["difference", "0.5", "expected a finite number"],
    ["n", -1, "expected a finite number >= 0"],
    ["pValue", Number.NaN, "expected a finite number"],
    ["adjustedPValue", "x", "expected a finite number"],
  ])("rejects a bad %s with its path", (field, value, message) => {
    fails(
      comparison({ ...goodComparison, [field]: value }),
      ["comparisons", 0, field],
      `comparisons[0].${field}: ${message}`,
    );
  });

  it.each(["lower", "upper"])("rejects a bad interval.%s with its path", (bound) => {
    fails(
      comparison({ ...goodComparison, interval: { lower: 0, upper: 1, [bound]: "1" } }),
      ["comparisons", 0, "interval", bound],
      `comparisons[0].interval.${bound}: expected a finite number`,
    );
  });
});

// The rows toRows reads come from bySegment; these pin its order and value reading
// (src/group/segment.ts).
describe("bySegment: errors, row order and values", () => {
  interface V {
    readonly k: string;
    readonly v?: unknown;
  }
  // A test-only metric whose result is { value: the last record's v, or null }.
  const last: Metric<V, { v: unknown }, { v: unknown }, { value: unknown }> = {
    name: "last",
    init: () => ({ v: null }),
    add(state, record) {
      state.v = record.v ?? null;
    },
    tally: (state) => ({ v: state.v }),
    empty: () => ({ v: null }),
    merge: (a, b) => ({ v: b.v ?? a.v }),
    finalize: (t) => ({ value: t.v }),
  };
  const keys = (records: readonly V[], sort: unknown): unknown[] =>
    bySegment(records, "k", { last }, { sort } as Loose).segments.map((row) => row.key);

  it("rejects records that are not an array, and an unknown sort metric", () => {
    expectInputError(
      () => bySegment({} as Loose, "k", { last }),
      () => safeBySegment({} as Loose, "k", { last }),
      [],
      "(root): expected an array of records",
    );
    expectInputError(
      () =>
        bySegment([] as V[], "k", { last, count: countMetric<V>() }, {
          sort: { metric: "x" },
        } as Loose),
      () =>
        safeBySegment([] as V[], "k", { last, count: countMetric<V>() }, {
          sort: { metric: "x" },
        } as Loose),
      ["options", "sort", "metric"],
      "options.sort.metric: expected one of: last, count",
    );
  });

  it("ranks a key listed twice in a sort list by its first place", () => {
    // Sort ["b", "a", "b"]: b is first (place 0), a second.
    expect(keys([{ k: "a" }, { k: "b" }], ["b", "a", "b"])).toEqual(["b", "a"]);
  });

  it("puts null values last, by key, and breaks ties by key", () => {
    // Values: n null, m null, x 5, y 1 (records in that order). Ascending: y 1, x 5, then the
    // nulls by key: m, n. Descending: x, y, m, n.
    const records: V[] = [{ k: "n" }, { k: "m" }, { k: "x", v: 5 }, { k: "y", v: 1 }];
    expect(keys(records, { metric: "last", direction: "asc" })).toEqual(["y", "x", "m", "n"]);
    expect(keys(records, { metric: "last", direction: "desc" })).toEqual(["x", "y", "m", "n"]);
    // A null first and a value after it, two segments only.
    expect(keys([{ k: "n" }, { k: "x", v: 5 }], { metric: "last", direction: "asc" })).toEqual([
      "x",
      "n",
    ]);
    // Equal values: by key, whatever the direction (b before a in the records).
    const tie: V[] = [
      { k: "b", v: 2 },
      { k: "a", v: 2 },
    ];
    expect(keys(tie, { metric: "last", direction: "asc" })).toEqual(["a", "b"]);
    expect(keys(tie, { metric: "last", direction: "desc" })).toEqual(["a", "b"]);
  });

  it("reads only finite number values, in the sort and in toRows", () => {
    // Values Infinity and "5" are not finite numbers: null, so sorted last (by key) and null
    // in the rows; 3 is kept.
    const records: V[] = [
      { k: "p", v: Number.POSITIVE_INFINITY },
      { k: "q", v: "5" },
      { k: "r", v: 3 },
    ];
    const table = bySegment(
      records,
      "k",
      { last },
      { sort: { metric: "last", direction: "desc" } },
    );
    expect(table.segments.map((row) => row.key)).toEqual(["r", "p", "q"]);
    expect(toRows(table).map((row) => [row.segment, row.value])).toEqual([
      ["r", 3],
      ["p", null],
      ["q", null],
    ]);
  });
});
