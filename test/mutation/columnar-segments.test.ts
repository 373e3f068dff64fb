// Tests written against mutants that survived in src/columnar/histogram.ts and
// src/columnar/segments.ts (Stryker, 2026-11-24): the counting kernels behind bySegment's
// records fast path, bySegmentColumns and runMetricColumns. Oracles: bySegment and runMetric on
// the same rows as records (the columnar functions are documented to give the same tables);
// bySegment's general path (the same metric with its histogram removed, so that every record goes
// through add); and hand calculations in the comments. Error messages are pinned whole.
import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ArrowTableLike,
  type ArrowVectorLike,
  BLOCK,
  type CodedColumn,
  type ColumnRow,
  type ColumnTable,
} from "../../src/columnar/columns.ts";
import {
  bySegmentColumns,
  runMetricColumns,
  safeBySegmentColumns,
  safeRunMetricColumns,
} from "../../src/columnar/index.ts";
import { inputError } from "../../src/errors.ts";
import { type BySegmentOptions, bySegment, type SegmentKey } from "../../src/group/segment.ts";
import { type HistogramSpec, type Metric, runMetric } from "../../src/metric.ts";
import { cesMetric } from "../../src/survey/ces.ts";
import { csatMetric } from "../../src/survey/csat.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { expectInputError, inputErrorOf } from "../helpers.ts";

const npsScoreMetric = npsMetric<ColumnRow>({ score: "score" });
const csatRatingMetric = csatMetric<ColumnRow>({ rating: "rating" });
const cesEffortMetric = cesMetric<ColumnRow>({ score: "effort" });
// A CSAT on -2..2 (satisfied: 1 and 2): a scale whose lowest answer is not 0, so that an
// answer's slot (answer − min) differs from the answer.
const csatSignedMetric = csatMetric<ColumnRow>({ rating: "rating", scaleMin: -2, scaleMax: 2 });
const signedMetric = csatMetric<ColumnRow>({ rating: "signed", scaleMin: -2, scaleMax: 2 });
// Weighted: no histogram, so columns reach it as rows (objects).
const weightedNpsMetric = npsMetric<ColumnRow>({ score: "score", weight: "w" });
// No accessor: the records are the answers.
const npsAnswersMetric = npsMetric();
const csatAnswersMetric = csatMetric();
// An answer read by a function: a histogram with `get`.
const npsGetMetric = npsMetric<ColumnRow>({ score: (row) => row["s"] });

const KEY_MESSAGE = "expected a segment key: a string or a finite number";
const SCORE_MESSAGE = "expected an integer 0-10";

// ---------------------------------------------------------------------------------------------
// Helpers

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The same metric without its histogram: bySegment then adds every record (the general path). */
function withoutHistogram<R, S, T, Res>(metric: Metric<R, S, T, Res>): Metric<R, S, T, Res> {
  const { histogram, ...general } = metric;
  expect(histogram).toBeDefined();
  return general;
}

/** `[key, n, value]` of every segment row. */
function rowsOf(table: {
  readonly segments: readonly {
    readonly key: SegmentKey;
    readonly n: number;
    readonly results: { readonly [name: string]: { readonly value: number | null } };
  }[];
}): [SegmentKey, number, number | null][] {
  return table.segments.map((row) => [
    row.key,
    row.n,
    Object.values(row.results)[0]?.value ?? null,
  ]);
}

/** The error thrown by `compute`, whatever its class. */
function thrown(compute: () => unknown): unknown {
  try {
    compute();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but nothing was thrown");
}

interface AnswerState {
  n: number;
  sum: number;
}
interface AnswerTally {
  readonly n: number;
  readonly sum: number;
}
interface AnswerResult {
  readonly value: number | null;
  readonly n: number;
}
type AnswerSpec = Pick<HistogramSpec<ColumnRow, AnswerTally>, "field" | "get" | "min" | "max">;

/**
 * A metric of the test's own: the mean of the answers in field `read` (any finite number). With
 * `spec` it declares a histogram whose `fromCounts` gives the tally `add` gives, for answers
 * `min..max` (counts[k] answers equal to min + k).
 */
function answerMetric(
  read: string,
  spec?: AnswerSpec,
): Metric<ColumnRow, AnswerState, AnswerTally, AnswerResult> {
  const histogram: HistogramSpec<ColumnRow, AnswerTally> | undefined =
    spec === undefined
      ? undefined
      : {
          ...spec,
          fromCounts: (counts) => {
            let n = 0;
            let sum = 0;
            for (let k = 0; k < counts.length; k++) {
              const c = counts[k] ?? 0;
              n += c;
              sum += c * (spec.min + k);
            }
            return { n, sum };
          },
          invalid: (_value, path) => inputError(path, `expected an answer ${spec.min}-${spec.max}`),
        };
  return {
    name: "answers",
    init: () => ({ n: 0, sum: 0 }),
    add: (state, record, index) => {
      const value: unknown = record[read];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw inputError([index, read], "expected a finite number");
      }
      state.n += 1;
      state.sum += value;
    },
    tally: (state) => ({ n: state.n, sum: state.sum }),
    empty: () => ({ n: 0, sum: 0 }),
    merge: (a, b) => ({ n: a.n + b.n, sum: a.sum + b.sum }),
    finalize: (tally) => ({ value: tally.n === 0 ? null : tally.sum / tally.n, n: tally.n }),
    ...(histogram === undefined ? {} : { histogram }),
  };
}

/** Arrow vectors in chunks (one `Data` per inner array), built with apache-arrow. */
function chunked(chunks: readonly (readonly number[])[], type: "uint8" | "int32" | "float64") {
  const vectors = chunks.map((chunk) =>
    arrow.vectorFromArray(
      type === "uint8"
        ? Uint8Array.from(chunk)
        : type === "int32"
          ? Int32Array.from(chunk)
          : Float64Array.from(chunk),
    ),
  );
  return vectors.slice(1).reduce((all, next) => all.concat(next), vectors[0] as arrow.Vector);
}

/** An Arrow-shaped dictionary column with one dictionary per chunk (no apache-arrow involved). */
function dictionaryColumn(
  chunks: readonly { codes: number[]; words: string[] }[],
): ArrowVectorLike {
  const type = { typeId: -1 };
  const data = chunks.map(({ codes, words }) => ({
    type,
    offset: 0,
    length: codes.length,
    nullCount: 0,
    nullBitmap: null,
    values: Int32Array.from(codes),
    dictionary: {
      length: words.length,
      type: { typeId: 5 },
      data: [],
      toArray: () => words,
      get: (index: number) => words[index],
    },
  }));
  const rows = chunks.flatMap(({ codes, words }) => codes.map((code) => words[code]));
  return {
    length: rows.length,
    type,
    data,
    toArray: () => rows,
    get: (index: number) => rows[index],
  };
}

/** An Arrow-table-shaped object whose columns may be chunked differently. */
function arrowTable(rows: number, columns: Record<string, ArrowVectorLike>): ArrowTableLike {
  return {
    numRows: rows,
    schema: { fields: Object.keys(columns).map((name) => ({ name })) },
    getChild: (name) => columns[name] ?? null,
  };
}

// A guard against runaway growth: every Float64Array a test makes (the kernels' counters
// included) is capped at 2^22 elements. The largest the code under test needs here is one block
// of scratch (65,536); growth that doubles per key or per row (instead of when full) fails fast
// instead of reserving gigabytes.
const ALLOCATION_LIMIT = 2 ** 22;
const RealFloat64Array = globalThis.Float64Array;
beforeEach(() => {
  globalThis.Float64Array = new Proxy(RealFloat64Array, {
    construct(target, args, newTarget) {
      const [size] = args as unknown[];
      if (typeof size === "number" && size > ALLOCATION_LIMIT) {
        throw new RangeError(`test guard: a Float64Array of ${size} elements`);
      }
      return Reflect.construct(target, args, newTarget);
    },
  });
});
afterEach(() => {
  globalThis.Float64Array = RealFloat64Array;
});

// ---------------------------------------------------------------------------------------------
// bySegment on records: the counting fast path (countRecordsByKey)

describe("bySegment's counting path: a plain key and one answer field", () => {
  const records = [
    { region: "EU", score: 10, rating: 2 },
    { region: "US", score: 0, rating: -1 },
    { region: "EU", score: 9, rating: 1 },
    { region: "EU", score: 6, rating: -2 },
    { region: "US", score: 7, rating: 2 },
    { region: "EU", score: 8, rating: 0 },
    { region: "US", score: 7, rating: 1 },
  ];

  it("gives hand-worked NPS tallies, like the general path", () => {
    // EU: 10, 9, 6, 8 -> promoters 2, passives 1, detractors 1: 100 * (2 - 1) / 4 = 25.
    // US: 0, 7, 7 -> detractors 1, passives 2: 100 * (0 - 1) / 3 = -33.33...
    const table = bySegment(records, "region", { nps: npsScoreMetric }, { minN: 0 });
    expect(rowsOf(table).map(([key, n]) => [key, n])).toEqual([
      ["EU", 4],
      ["US", 3],
    ]);
    expect(table.segments[0]?.results.nps.value).toBe(25);
    expect(table.segments[1]?.results.nps.value).toBeCloseTo(-100 / 3, 12);
    expect(table.segments[0]?.tallies.nps).toEqual({
      promoters: 2,
      passives: 1,
      detractors: 1,
      responses: 4,
      sumSquaredWeights: 4,
    });
    const general = bySegment(
      records,
      "region",
      { nps: withoutHistogram(npsScoreMetric) },
      { minN: 0 },
    );
    expect(json(table)).toEqual(json(general));
  });

  it("counts answers of a scale that starts below zero in their own slots", () => {
    // CSAT on -2..2, satisfied 1 and 2. EU: 2, 1, -2, 0 -> counts for -2..2 are [1, 0, 1, 1, 1],
    // satisfied 2 of 4 = 0.5, mean (2 + 1 - 2 + 0) / 4 = 0.25. US: -1, 2, 1 -> [0, 1, 0, 1, 1],
    // satisfied 2 of 3, mean 2/3.
    for (const keyOf of ["region", (row: ColumnRow) => row["region"]] as const) {
      const table = bySegment(records, keyOf, { csat: csatSignedMetric }, { minN: 0 });
      const [eu, us] = table.segments;
      expect(eu?.tallies.csat).toEqual({
        counts: [1, 0, 1, 1, 1],
        responses: 4,
        sumSquaredWeights: 4,
      });
      expect(us?.tallies.csat).toEqual({
        counts: [0, 1, 0, 1, 1],
        responses: 3,
        sumSquaredWeights: 3,
      });
      expect(eu?.results.csat.value).toBe(0.5);
      expect(eu?.results.csat.mean).toBe(0.25);
      expect(us?.results.csat.value).toBeCloseTo(2 / 3, 12);
      expect(us?.results.csat.mean).toBeCloseTo(2 / 3, 12);
      const general = bySegment(
        records,
        "region",
        { csat: withoutHistogram(csatSignedMetric) },
        { minN: 0 },
      );
      expect(json(table)).toEqual(json(general));
    }
  });
});

describe("bySegment's counting path: every bad answer is reported where add would report it", () => {
  const bad = [11, -1, 2.5, Number.NaN, "7", null, undefined, {}];
  const table = (score: unknown) => [
    { region: "a", score: 3, rating: 4 },
    { region: "b", score, rating: 4 },
  ];

  it("a plain key and one metric", () => {
    for (const value of bad) {
      const error = inputErrorOf(() => bySegment(table(value), "region", { nps: npsScoreMetric }));
      expect(error.issues[0]?.path).toEqual([1, "score"]);
      expect(error.message).toBe(`[1].score: ${SCORE_MESSAGE}`);
      const general = inputErrorOf(() =>
        bySegment(table(value), "region", { nps: withoutHistogram(npsScoreMetric) }),
      );
      expect(error.issues).toEqual(general.issues);
    }
  });

  it("a key function and one metric", () => {
    for (const value of bad) {
      const error = inputErrorOf(() =>
        bySegment(table(value), (row) => row["region"], { nps: npsScoreMetric }),
      );
      expect(error.issues[0]?.path).toEqual([1, "score"]);
      expect(error.message).toBe(`[1].score: ${SCORE_MESSAGE}`);
    }
  });

  it("several metrics: the answers of each, in metric order", () => {
    for (const value of bad) {
      const error = inputErrorOf(() =>
        bySegment(table(value), "region", { csat: csatRatingMetric, nps: npsScoreMetric }),
      );
      expect(error.issues[0]?.path).toEqual([1, "score"]);
      expect(error.message).toBe(`[1].score: ${SCORE_MESSAGE}`);
    }
    // Both answers bad: the first metric's is reported (rating 0 is below 1-5).
    const both = [{ region: "a", score: 12, rating: 0 }];
    const error = inputErrorOf(() =>
      bySegment(both, "region", { csat: csatRatingMetric, nps: npsScoreMetric }),
    );
    expect(error.message).toBe("[0].rating: expected an integer 1-5");
  });

  it("records that are the answers: the path is the record's index", () => {
    for (const value of [11, -1, 2.5, "7", null]) {
      // One metric (its own loop) and two metrics (the general loop).
      const one = inputErrorOf(() =>
        bySegment([5, value as number], () => "all", { nps: npsAnswersMetric }),
      );
      expect(one.message).toBe(`[1]: ${SCORE_MESSAGE}`);
      const two = inputErrorOf(() =>
        bySegment([5, value as number], () => "all", {
          nps: npsAnswersMetric,
          csat: csatAnswersMetric,
        }),
      );
      expect(two.message).toBe(`[1]: ${SCORE_MESSAGE}`);
    }
  });
});

describe("bySegment's counting path: accessors", () => {
  it("records that are answers, keyed by a function", () => {
    // 10, 9 -> "p": 100; 3 -> "d": -100.
    const numbers = [10, 3, 9];
    const table = bySegment(numbers, (x) => (x >= 9 ? "p" : "d"), { nps: npsAnswersMetric });
    expect(rowsOf(table)).toEqual([
      ["d", 1, -100],
      ["p", 2, 100],
    ]);
    // Two metrics over 1-5 answers. hi (> 3): 5, 4 -> NPS -100 (both detractors), CSAT 1;
    // lo: 3, 1, 2 -> NPS -100, CSAT 0.
    const two = bySegment([5, 3, 4, 1, 2], (x) => (x > 3 ? "hi" : "lo"), {
      csat: csatAnswersMetric,
      nps: npsAnswersMetric,
    });
    expect(two.segments.map((row) => [row.key, row.n, row.results.csat.value])).toEqual([
      ["hi", 2, 1],
      ["lo", 3, 0],
    ]);
    expect(two.segments.map((row) => row.results.nps.value)).toEqual([-100, -100]);
  });

  it("records that are answers, keyed by a property name: an object is not an answer", () => {
    const expected = inputErrorOf(() => runMetric(npsAnswersMetric, [{ region: "a" }] as never));
    const error = inputErrorOf(() =>
      bySegment([{ region: "a" }] as never[], "region" as never, { nps: npsAnswersMetric }),
    );
    expect(error.issues[0]?.path).toEqual([0]);
    expect(error.message).toBe(`[0]: ${SCORE_MESSAGE}`);
    expect(error.issues).toEqual(expected.issues);
  });

  it("an answer read by a function (alone, and next to another metric)", () => {
    // a: 10, 9 -> 100; b: 0, 8 -> -50.
    const records = [
      { g: "a", s: 10, rating: 5 },
      { g: "b", s: 0, rating: 1 },
      { g: "a", s: 9, rating: 4 },
      { g: "b", s: 8, rating: 2 },
    ];
    const alone = bySegment(records, "g", { nps: npsGetMetric }, { minN: 0 });
    expect(rowsOf(alone)).toEqual([
      ["a", 2, 100],
      ["b", 2, -50],
    ]);
    expect(json(alone)).toEqual(
      json(bySegment(records, "g", { nps: withoutHistogram(npsGetMetric) }, { minN: 0 })),
    );
    const both = bySegment(records, "g", { nps: npsGetMetric, csat: csatRatingMetric });
    expect(both.segments.map((row) => [row.results.nps.value, row.results.csat.value])).toEqual([
      [100, 1],
      [-50, 0],
    ]);
  });

  it("a histogram with both get and field: get reads the answer, field names it in errors", () => {
    // The answer is y; x is a decoy. a: y 1, 2 -> mean 1.5; b: y 5 -> 5.
    const metric = answerMetric("y", { field: "x", get: (row) => row["y"], min: 1, max: 5 });
    const records = [
      { g: "a", x: 4, y: 1 },
      { g: "a", x: 4, y: 2 },
      { g: "b", x: 4, y: 5 },
    ];
    const table = bySegment(records, "g", { m: metric }, { minN: 0 });
    expect(rowsOf(table)).toEqual([
      ["a", 2, 1.5],
      ["b", 1, 5],
    ]);
    const error = inputErrorOf(() => bySegment([{ g: "a", x: 1, y: 9 }], "g", { m: metric }));
    expect(error.message).toBe("[0].x: expected an answer 1-5");
  });

  it("fields named like Object.prototype members are read as own properties only", () => {
    // readField ignores an inherited valueOf: the answer is missing, as on the general path.
    const inherited = [Object.assign(Object.create({ valueOf: 7 }), { region: "a" })];
    const metric = npsMetric<ColumnRow>({ score: "valueOf" });
    const error = inputErrorOf(() => bySegment(inherited, "region", { nps: metric }));
    expect(error.message).toBe(`[0].valueOf: ${SCORE_MESSAGE}`);
    const general = inputErrorOf(() =>
      bySegment(inherited, "region", { nps: withoutHistogram(metric) }),
    );
    expect(error.issues).toEqual(general.issues);
    // An own valueOf is read: one promoter -> 100.
    const own = [{ region: "a", valueOf: 9 }];
    expect(rowsOf(bySegment(own, "region", { nps: metric }))).toEqual([["a", 1, 100]]);
  });
});

describe("bySegment's counting path: keys", () => {
  it("a record that is not an object has no key: [row, key]", () => {
    const cases: { records: unknown[]; key: string; path: (string | number)[] }[] = [
      { records: [null], key: "region", path: [0, "region"] },
      { records: [{ region: "a", score: 1, rating: 1 }, null], key: "region", path: [1, "region"] },
      // A string has a length, but a record must be an object.
      { records: ["abcd"], key: "length", path: [0, "length"] },
    ];
    for (const { records, key, path } of cases) {
      for (const metrics of [
        { nps: npsScoreMetric },
        { nps: npsScoreMetric, csat: csatRatingMetric },
        { nps: withoutHistogram(npsScoreMetric) },
      ]) {
        const error = inputErrorOf(() => bySegment(records as ColumnRow[], key, metrics));
        expect(error.issues[0]?.path).toEqual(path);
        expect(error.message).toBe(`[${path[0]}].${path[1]}: ${KEY_MESSAGE}`);
      }
    }
  });

  it("a record that is not an object has no answer fields either", () => {
    // Keyed by a function, the string's own "length" (4) is not an answer field.
    for (const metrics of [
      { nps: npsMetric<ColumnRow>({ score: "length" }) },
      { nps: npsMetric<ColumnRow>({ score: "length" }), csat: csatRatingMetric },
    ]) {
      const error = inputErrorOf(() => bySegment(["abcd"] as never[], () => "a", metrics));
      expect(error.message).toBe(`[0].length: ${SCORE_MESSAGE}`);
    }
  });

  it("keys that are not strings or finite numbers, by name and from a function", () => {
    for (const key of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, true, {}]) {
      const records = [
        { region: "a", score: 1, rating: 1, s: 1 },
        { region: key, score: 1, rating: 1, s: 1 },
      ];
      for (const metrics of [
        { nps: npsScoreMetric },
        { nps: npsScoreMetric, csat: csatRatingMetric },
        { nps: npsGetMetric },
      ]) {
        const named = inputErrorOf(() => bySegment(records, "region", metrics));
        expect(named.issues[0]?.path).toEqual([1, "region"]);
        expect(named.message).toBe(`[1].region: ${KEY_MESSAGE}`);
        const fromFunction = inputErrorOf(() =>
          bySegment(records, (row) => row.region as SegmentKey, metrics),
        );
        expect(fromFunction.issues[0]?.path).toEqual([1]);
        expect(fromFunction.message).toBe(`[1]: ${KEY_MESSAGE}`);
      }
    }
  });
});

describe("bySegment's counting path: more segments than the first allocation (64)", () => {
  // 70 segments s0..s69, one record each with score j % 11, rating 1 + j % 5 and signed rating
  // j % 5 - 2, then a second record of s0 (score 10, rating 5, signed 2), counted after the arrays
  // grew. By hand: s0 has scores 0 and 10 -> NPS 0 (n 2), ratings 1 and 5 -> CSAT 0.5, signed
  // -2 and 2 -> 0.5; sj (j >= 1) has one score: 9-10 -> 100, 7-8 -> 0, 0-6 -> -100; one rating:
  // 4-5 -> CSAT 1, else 0; one signed rating: 1-2 (j % 5 >= 3) -> 1, else 0.
  const records = [
    ...Array.from({ length: 70 }, (_, j) => ({
      region: `s${j}`,
      score: j % 11,
      rating: 1 + (j % 5),
      signed: (j % 5) - 2,
    })),
    { region: "s0", score: 10, rating: 5, signed: 2 },
  ];
  const npsOf = (j: number) => (j === 0 ? 0 : j % 11 >= 9 ? 100 : j % 11 >= 7 ? 0 : -100);
  const csatOf = (j: number) => (j === 0 ? 0.5 : 1 + (j % 5) >= 4 ? 1 : 0);
  const signedOf = (j: number) => (j === 0 ? 0.5 : j % 5 >= 3 ? 1 : 0);
  const expected = (value: (j: number) => number) =>
    Object.fromEntries(
      Array.from({ length: 70 }, (_, j) => [`s${j}`, [j === 0 ? 2 : 1, value(j)]]),
    );
  const byKey = (
    segments: readonly {
      readonly key: SegmentKey;
      readonly n: number;
      readonly results: { readonly [name: string]: { readonly value: number | null } };
    }[],
    name: string,
  ) => Object.fromEntries(segments.map((row) => [row.key, [row.n, row.results[name]?.value]]));

  it("a plain key and one metric", () => {
    const table = bySegment(records, "region", { nps: npsScoreMetric }, { minN: 0 });
    expect(byKey(table.segments, "nps")).toEqual(expected(npsOf));
    const general = bySegment(records, "region", { nps: withoutHistogram(npsScoreMetric) });
    expect(json(bySegment(records, "region", { nps: npsScoreMetric }))).toEqual(json(general));
  });

  it("a key function and one metric", () => {
    const table = bySegment(records, (row) => row["region"], { nps: npsScoreMetric });
    expect(byKey(table.segments, "nps")).toEqual(expected(npsOf));
  });

  it("a plain key and several metrics", () => {
    const table = bySegment(records, "region", { nps: npsScoreMetric, csat: csatRatingMetric });
    expect(byKey(table.segments, "nps")).toEqual(expected(npsOf));
    expect(byKey(table.segments, "csat")).toEqual(expected(csatOf));
    // A scale below zero (-2..2): five counters per segment, whatever max + min is.
    const signed = bySegment(records, "region", { nps: npsScoreMetric, signed: signedMetric });
    expect(byKey(signed.segments, "signed")).toEqual(expected(signedOf));
    const alone = bySegment(records, (row) => row.region, { signed: signedMetric });
    expect(byKey(alone.segments, "signed")).toEqual(expected(signedOf));
  });
});

describe("histograms the kernels cannot use fall back to add (records and columns)", () => {
  // By hand: a: answers 1, 2 -> mean 1.5; b: 3 -> 3.
  const records = [
    { g: "a", x: 1 },
    { g: "a", x: 2 },
    { g: "b", x: 3 },
  ];
  const columns = { g: ["a", "a", "b"], x: Float64Array.of(1, 2, 3) };
  const specs: [string, AnswerSpec][] = [
    ["a bound that is not an integer", { field: "x", get: undefined, min: 0.5, max: 3 }],
    ["max below min", { field: "x", get: undefined, min: 3, max: 1 }],
    ["2^51 + 1 answers", { field: "x", get: undefined, min: -(2 ** 50), max: 2 ** 50 }],
    ["2^50 + 1 answers", { field: "x", get: undefined, min: 0, max: 2 ** 50 }],
  ];

  it.each(specs)("%s", (_, spec) => {
    const metric = answerMetric("x", spec);
    const expected = [
      ["a", 2, 1.5],
      ["b", 1, 3],
    ];
    const table = bySegment(records, "g", { m: metric }, { minN: 0 });
    expect(rowsOf(table)).toEqual(expected);
    expect(json(table)).toEqual(
      json(bySegment(records, "g", { m: answerMetric("x") }, { minN: 0 })),
    );
    const fromColumns = bySegmentColumns(columns, "g", { m: metric }, { minN: 0 });
    expect(json(fromColumns)).toEqual(json(table));
    expect(runMetricColumns(metric, columns)).toEqual({ value: 2, n: 3 });
  });
});

// ---------------------------------------------------------------------------------------------
// bySegmentColumns and runMetricColumns: the same tables as bySegment and runMetric

describe("columns give bySegment's table for the same rows as records", () => {
  // Eight rows; regions EU, US, APAC.
  const records = [
    { region: "EU", score: 10, rating: 5, signed: 2, effort: 7, w: 1 },
    { region: "US", score: 0, rating: 1, signed: -2, effort: 1, w: 2 },
    { region: "APAC", score: 9, rating: 4, signed: 1, effort: 5, w: 1 },
    { region: "EU", score: 3, rating: 2, signed: 0, effort: 2, w: 3 },
    { region: "US", score: 8, rating: 3, signed: -1, effort: 4, w: 1 },
    { region: "EU", score: 7, rating: 4, signed: 1, effort: 6, w: 1 },
    { region: "APAC", score: 10, rating: 5, signed: 2, effort: 7, w: 2 },
    { region: "EU", score: 6, rating: 1, signed: -2, effort: 3, w: 1 },
  ];
  const column = <K extends keyof (typeof records)[number]>(name: K) =>
    records.map((row) => row[name]);
  const labels = ["EU", "US", "APAC"];
  const codes = records.map((row) => labels.indexOf(row.region));
  const metrics = {
    nps: npsScoreMetric,
    csat: csatRatingMetric,
    ces: cesEffortMetric,
    signed: signedMetric,
  };
  const tables: [string, ColumnTable][] = [
    [
      "typed answers, coded key",
      {
        score: Uint8Array.from(column("score")),
        rating: Int16Array.from(column("rating")),
        signed: Int8Array.from(column("signed")),
        effort: Float64Array.from(column("effort")),
        region: { codes: Uint8Array.from(codes), labels },
      },
    ],
    [
      "plain answers, string key",
      {
        score: column("score"),
        rating: column("rating"),
        signed: column("signed"),
        effort: column("effort"),
        region: column("region"),
      },
    ],
    [
      "typed answers, string key",
      {
        score: Uint8Array.from(column("score")),
        rating: Int16Array.from(column("rating")),
        signed: Int8Array.from(column("signed")),
        effort: Float64Array.from(column("effort")),
        region: column("region"),
      },
    ],
    [
      "plain answers, coded key with plain codes",
      {
        score: column("score"),
        rating: column("rating"),
        signed: column("signed"),
        effort: column("effort"),
        region: { codes, labels },
      },
    ],
  ];
  const options: BySegmentOptions<typeof metrics>[] = [
    {},
    { minN: 3, sort: "n-desc" },
    { sort: "n-asc" },
    { sort: { metric: "signed", direction: "asc" } },
    { sort: { metric: "nps" } },
    { sort: ["US", "APAC"], minN: 0 },
  ];

  it("hand-worked: NPS and the -2..2 CSAT per region", () => {
    // EU: 10, 3, 7, 6 -> P 1, S 1, D 2: 100 * (1 - 2) / 4 = -25; US: 0, 8 -> -50;
    // APAC: 9, 10 -> 100. Signed CSAT (satisfied 1, 2): EU 2, 0, 1, -2 -> 2/4; US -2, -1 -> 0;
    // APAC 1, 2 -> 1.
    for (const [, table] of tables) {
      const result = bySegmentColumns(table, "region", metrics, { minN: 0 });
      expect(
        result.segments.map((row) => [
          row.key,
          row.n,
          row.results.nps.value,
          row.results.signed.value,
        ]),
      ).toEqual([
        ["APAC", 2, 100, 1],
        ["EU", 4, -25, 0.5],
        ["US", 2, -50, 0],
      ]);
      expect(result.segments[1]?.tallies.signed).toEqual({
        counts: [1, 0, 1, 1, 1],
        responses: 4,
        sumSquaredWeights: 4,
      });
      expect(result.total.n).toBe(8);
    }
  });

  it.each(tables)("%s, with every sort and minN", (_, table) => {
    for (const option of options) {
      const fromColumns = bySegmentColumns(table, "region", metrics, option);
      expect(json(fromColumns)).toEqual(json(bySegment(records, "region", metrics, option)));
    }
  });

  it.each(tables)("%s, fast and row-by-row metrics together", (_, table) => {
    const mixed = { nps: npsScoreMetric, weighted: weightedNpsMetric, csat: csatRatingMetric };
    const withWeights = { ...table, w: column("w") } as ColumnTable;
    const fromColumns = bySegmentColumns(withWeights, "region", mixed, { minN: 0 });
    expect(json(fromColumns)).toEqual(json(bySegment(records, "region", mixed, { minN: 0 })));
    const weightedOnly = bySegmentColumns(withWeights, "region", { weighted: weightedNpsMetric });
    expect(json(weightedOnly)).toEqual(
      json(bySegment(records, "region", { weighted: weightedNpsMetric })),
    );
  });

  it("runMetricColumns gives runMetric, fast path and rows alike", () => {
    for (const [, table] of tables) {
      const withWeights = { ...table, w: column("w") } as ColumnTable;
      for (const metric of [npsScoreMetric, csatRatingMetric, cesEffortMetric, signedMetric]) {
        expect(
          json(
            runMetricColumns(metric as Metric<ColumnRow, unknown, unknown, unknown>, withWeights),
          ),
        ).toEqual(json(runMetric(metric as Metric<ColumnRow, unknown, unknown, unknown>, records)));
      }
      expect(json(runMetricColumns(weightedNpsMetric, withWeights))).toEqual(
        json(runMetric(weightedNpsMetric, records)),
      );
    }
    // By hand, weighted: P = 1 (10) + 1 (9) + 2 (10) = 4, S = 1 (8) + 1 (7) = 2,
    // D = 2 (0) + 3 (3) + 1 (6) = 6 of 12 -> 100 * (4 - 6) / 12 = -16.67.
    const weighted = runMetricColumns(weightedNpsMetric, {
      score: column("score"),
      w: column("w"),
    });
    expect(weighted.value).toBeCloseTo(-50 / 3, 12);
  });

  it("runMetricColumns on no rows: the metric's empty result", () => {
    for (const metric of [npsScoreMetric, weightedNpsMetric]) {
      const result = runMetricColumns(metric, { score: [], w: [] });
      expect(result.value).toBeNull();
      expect(result.reason).toBe("empty");
      expect(json(result)).toEqual(json(runMetric(metric, [])));
    }
  });

  it("64-bit integer answers are read as numbers", () => {
    // 10, 9, 3: P 2, D 1 of 3 -> 100/3; by region a (10, 3) -> 0, b (9) -> 100.
    const table = {
      score: arrow.vectorFromArray(BigInt64Array.of(10n, 9n, 3n)),
      region: ["a", "b", "a"],
    };
    expect(runMetricColumns(npsScoreMetric, table).value).toBeCloseTo(100 / 3, 12);
    expect(rowsOf(bySegmentColumns(table, "region", { nps: npsScoreMetric }))).toEqual([
      ["a", 2, 0],
      ["b", 1, 100],
    ]);
  });

  it("a score column given as { codes, labels } is not a column of numbers", () => {
    const table = { score: { codes: [0, 1], labels: [10, 3] }, region: ["a", "b"] };
    expectInputError(
      () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
      () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
      ["score"],
      "score: expected a column of numbers, not { codes, labels }",
    );
  });

  it("metrics without an answer field get each row as an object", () => {
    // An object is not an answer: the row, as runMetric names the record.
    const expected = inputErrorOf(() => runMetric(npsAnswersMetric, [{ score: 1 }] as never));
    const error = expectInputError(
      () => runMetricColumns(npsAnswersMetric as never, { score: [1] }),
      () => safeRunMetricColumns(npsAnswersMetric as never, { score: [1] }),
      [0],
      `[0]: ${SCORE_MESSAGE}`,
    );
    expect(error.issues).toEqual(expected.issues);
    // A histogram with get (and a field for errors) reads through get: y, not x.
    // a: y 1, 2 -> 1.5; b: y 5 -> 5.
    const metric = answerMetric("y", { field: "x", get: (row) => row["y"], min: 1, max: 5 });
    const table = { g: ["a", "a", "b"], x: [4, 4, 4], y: [1, 2, 5] };
    expect(rowsOf(bySegmentColumns(table, "g", { m: metric }, { minN: 0 }))).toEqual([
      ["a", 2, 1.5],
      ["b", 1, 5],
    ]);
  });
});

describe("columns: segment keys", () => {
  it("more segments than the first block knew of, from a string column", () => {
    // Five regions, interned while the block is read. a: 10, 9 -> 100; b: 0 -> -100;
    // c: 7 -> 0; d: 8, 1 -> -50; e: 10 -> 100.
    const table = {
      score: Uint8Array.of(10, 0, 7, 8, 10, 9, 1),
      region: ["a", "b", "c", "d", "e", "a", "d"],
    };
    expect(rowsOf(bySegmentColumns(table, "region", { nps: npsScoreMetric }))).toEqual([
      ["a", 2, 100],
      ["b", 1, -100],
      ["c", 1, 0],
      ["d", 2, -50],
      ["e", 1, 100],
    ]);
    const weighted = bySegmentColumns({ ...table, w: [1, 1, 1, 1, 1, 1, 1] }, "region", {
      weighted: weightedNpsMetric,
    });
    expect(rowsOf(weighted)).toEqual([
      ["a", 2, 100],
      ["b", 1, -100],
      ["c", 1, 0],
      ["d", 2, -50],
      ["e", 1, 100],
    ]);
  });

  it("a label that is not a string or a finite number is named at its first row", () => {
    for (const label of [Number.NaN, Number.POSITIVE_INFINITY, null, true]) {
      const table = {
        score: Uint8Array.of(1, 2, 3),
        region: { codes: Uint8Array.of(0, 1, 1), labels: ["a", label as unknown as string] },
      };
      for (const metrics of [{ nps: npsScoreMetric }, { weighted: weightedNpsMetric }]) {
        expectInputError(
          () => bySegmentColumns({ ...table, w: [1, 1, 1] }, "region", metrics),
          () => safeBySegmentColumns({ ...table, w: [1, 1, 1] }, "region", metrics),
          ["region", 1],
          `region[1]: ${KEY_MESSAGE}`,
        );
      }
    }
  });

  it("codes outside the labels: the counting kernel names the first", () => {
    const cases: [CodedColumn, number, string][] = [
      // A code equal to the number of labels, a negative code, a fraction, no labels at all.
      [{ codes: Uint8Array.of(0, 2), labels: ["a", "b"] }, 1, "0 to 1"],
      [{ codes: Int32Array.of(0, 1, -1), labels: ["a", "b"] }, 2, "0 to 1"],
      [{ codes: Float64Array.of(0, 0.5), labels: ["a", "b"] }, 1, "0 to 1"],
      [{ codes: Uint8Array.of(0), labels: [] }, 0, "0 to -1"],
    ];
    for (const [region, row, range] of cases) {
      const rows = region.codes.length;
      for (const score of [new Uint8Array(rows).fill(5), Array.from({ length: rows }, () => 5)]) {
        const table = { score, region };
        expectInputError(
          () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
          () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
          ["region", row],
          `region[${row}]: expected a code from ${range} (an index into the labels)`,
        );
      }
    }
  });

  it("codes in a plain array are checked like typed ones (not truncated to integers)", () => {
    // Regression: plain-array codes were copied into an Int32Array before the check, so 1.5
    // became 1, NaN, null and 2^32 became 0 and "1" became 1, and the rows were counted in the
    // wrong segment. bySegment on the same rows finds no label for them.
    for (const code of [1.5, Number.NaN, null, "1", 2 ** 32, -1]) {
      const table = {
        score: Uint8Array.of(3, 4),
        region: { codes: [0, code as number], labels: ["a", "b"] },
      };
      expectInputError(
        () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
        () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
        ["region", 1],
        "region[1]: expected a code from 0 to 1 (an index into the labels)",
      );
    }
  });

  it("codes outside the labels, read row by row for metrics without a histogram", () => {
    for (const codes of [
      Uint8Array.of(0, 2),
      Int32Array.of(0, -1),
      Float64Array.of(0, 0.5),
      [0, 1.5],
      [0, "1"],
    ]) {
      const table = {
        score: [3, 4],
        w: [1, 1],
        region: { codes: codes as ArrayLike<number>, labels: ["a", "b"] },
      };
      expectInputError(
        () => bySegmentColumns(table, "region", { weighted: weightedNpsMetric }),
        () => safeBySegmentColumns(table, "region", { weighted: weightedNpsMetric }),
        ["region", 1],
        "region[1]: expected a code into the labels",
      );
    }
  });

  it("Arrow dictionaries that differ per chunk: a bad index is named with the table's range", () => {
    // Chunk 1 has labels a, b; chunk 2 has b, c (interned as 1 and 2), and its second index (5)
    // is outside its dictionary: the labels are a, b, c, so codes run from 0 to 2.
    const region = dictionaryColumn([
      { codes: [0, 1], words: ["a", "b"] },
      { codes: [0, 5], words: ["b", "c"] },
    ]);
    const table = { score: Uint8Array.of(1, 2, 3, 4), region };
    expectInputError(
      () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
      () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
      ["region", 3],
      "region[3]: expected a code from 0 to 2 (an index into the labels)",
    );
    // Without the bad index: a: 10 -> 100; b (both chunks): 2, 9 -> 0; c: 7 -> 0. The label b
    // of both dictionaries is one segment.
    const good = dictionaryColumn([
      { codes: [0, 1], words: ["a", "b"] },
      { codes: [0, 1], words: ["b", "c"] },
    ]);
    expect(
      rowsOf(
        bySegmentColumns({ score: Uint8Array.of(10, 2, 9, 7), region: good }, "region", {
          nps: npsScoreMetric,
        }),
      ),
    ).toEqual([
      ["a", 1, 100],
      ["b", 2, 0],
      ["c", 1, 0],
    ]);
  });

  it("a null key in an Arrow dictionary column (first row and later)", () => {
    const dictionary = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    for (const [regions, row] of [
      [[null, "a", "b"], 0],
      [["a", "b", null], 2],
    ] as const) {
      const table = {
        score: Uint8Array.of(1, 2, 3),
        region: arrow.vectorFromArray([...regions], dictionary),
      };
      expectInputError(
        () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
        () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
        ["region", row],
        `region[${row}]: expected a key, got null`,
      );
    }
  });
});

describe("columns: answers", () => {
  it("an answer out of range, ungrouped and grouped, typed and plain", () => {
    const cases: [unknown[], number][] = [
      [[10, 11], 1],
      [[3, -1], 1],
      [[2.5, 3], 0],
      [[0, 11], 1],
      [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12], 11],
    ];
    for (const [scores, row] of cases) {
      const columns = [
        scores,
        Float64Array.from(scores as number[]),
        ...((scores as number[]).every((s) => Number.isInteger(s))
          ? [Int8Array.from(scores as number[])]
          : []),
      ];
      for (const score of columns) {
        const message = `score[${row}]: ${SCORE_MESSAGE}`;
        expectInputError(
          () => runMetricColumns(npsScoreMetric, { score }),
          () => safeRunMetricColumns(npsScoreMetric, { score }),
          ["score", row],
          message,
        );
        const region = { codes: new Uint8Array(scores.length).fill(1), labels: ["a", "b"] };
        expectInputError(
          () => bySegmentColumns({ score, region }, "region", { nps: npsScoreMetric }),
          () => safeBySegmentColumns({ score, region }, "region", { nps: npsScoreMetric }),
          ["score", row],
          message,
        );
      }
    }
  });

  it("the first bad answer of a scale that does not start at 0 (CSAT 1-5)", () => {
    const cases: [number[], number, string][] = [
      [[5, 9], 1, "rating[1]: expected an integer 1-5"],
      [[5, 6], 1, "rating[1]: expected an integer 1-5"],
      [[0, 3], 0, "rating[0]: expected an integer 1-5"],
      [[1, 5, 0], 2, "rating[2]: expected an integer 1-5"],
    ];
    for (const [ratings, row, message] of cases) {
      for (const rating of [ratings, Int8Array.from(ratings)]) {
        expectInputError(
          () => runMetricColumns(csatRatingMetric, { rating }),
          () => safeRunMetricColumns(csatRatingMetric, { rating }),
          ["rating", row],
          message,
        );
        const table = { rating, region: ratings.map(() => "a") };
        expectInputError(
          () => bySegmentColumns(table, "region", { csat: csatRatingMetric }),
          () => safeBySegmentColumns(table, "region", { csat: csatRatingMetric }),
          ["rating", row],
          message,
        );
      }
    }
  });

  it("a bad answer in the first metric's column is not hidden by a good second column", () => {
    const metrics = { nps: npsScoreMetric, csat: csatRatingMetric };
    for (const [score, rating, column, message] of [
      [[11], [5], "score", `score[0]: ${SCORE_MESSAGE}`],
      [Uint8Array.of(11), Uint8Array.of(5), "score", `score[0]: ${SCORE_MESSAGE}`],
      [[10], [6], "rating", "rating[0]: expected an integer 1-5"],
    ] as const) {
      const table = { score, rating, region: ["a"] };
      expectInputError(
        () => bySegmentColumns(table, "region", metrics),
        () => safeBySegmentColumns(table, "region", metrics),
        [column, 0],
        message,
      );
    }
  });

  it("a null answer in an Arrow column (first row and later)", () => {
    for (const [scores, row] of [
      [[null, 10, 9], 0],
      [[10, 9, null], 2],
    ] as const) {
      const table = {
        score: arrow.vectorFromArray([...scores], new arrow.Uint8()),
        region: ["a", "a", "b"],
      };
      expectInputError(
        () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
        () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
        ["score", row],
        `score[${row}]: ${SCORE_MESSAGE}`,
      );
      expectInputError(
        () => runMetricColumns(npsScoreMetric, table),
        () => safeRunMetricColumns(npsScoreMetric, table),
        ["score", row],
        `score[${row}]: ${SCORE_MESSAGE}`,
      );
    }
  });

  it("a bad answer read row by row is named with the column first", () => {
    const table = { score: [3, 11], w: [1, 1], region: ["a", "a"] };
    expectInputError(
      () => bySegmentColumns(table, "region", { weighted: weightedNpsMetric }),
      () => safeBySegmentColumns(table, "region", { weighted: weightedNpsMetric }),
      ["score", 1],
      `score[1]: ${SCORE_MESSAGE}`,
    );
    expectInputError(
      () => runMetricColumns(weightedNpsMetric, table),
      () => safeRunMetricColumns(weightedNpsMetric, table),
      ["score", 1],
      `score[1]: ${SCORE_MESSAGE}`,
    );
  });

  it("an error of the caller's own metric that is not an input error passes through unchanged", () => {
    const failure = new TypeError("the metric's own failure");
    const metric: Metric<ColumnRow, null, null, null> = {
      name: "failing",
      init: () => null,
      add: () => {
        throw failure;
      },
      tally: () => null,
      empty: () => null,
      merge: () => null,
      finalize: () => null,
    };
    expect(thrown(() => bySegmentColumns({ region: ["a"] }, "region", { failing: metric }))).toBe(
      failure,
    );
    expect(thrown(() => runMetricColumns(metric, { region: ["a"] }))).toBe(failure);
  });
});

describe("columns in chunks (Arrow): blocks end where any column's chunk ends", () => {
  // Six rows. By hand: region 1: 10, 0, 3 -> P 1, D 2 -> -33.33; region 2: 9, 8, 7 -> P 1, S 2
  // -> 33.33.
  const scores = [10, 9, 0, 3, 8, 7];
  const regions = [1, 2, 1, 1, 2, 2];
  const records = scores.map((score, i) => ({ score, region: regions[i] as number, w: 1 }));
  const variants: [string, ColumnTable][] = [
    [
      "key in chunks of 2, answers whole",
      {
        score: chunked([scores], "uint8"),
        region: chunked(
          [
            [1, 2],
            [1, 1],
            [2, 2],
          ],
          "int32",
        ),
      },
    ],
    [
      "answers in chunks of 2, key whole",
      {
        score: chunked(
          [
            [10, 9],
            [0, 3],
            [8, 7],
          ],
          "uint8",
        ),
        region: chunked([regions], "int32"),
      },
    ],
    [
      "answers in chunks of 1, 3, 2 and key in chunks of 2",
      {
        score: chunked([[10], [9, 0, 3], [8, 7]], "uint8"),
        region: chunked(
          [
            [1, 2],
            [1, 1],
            [2, 2],
          ],
          "int32",
        ),
      },
    ],
  ];

  it.each(variants)("%s", (_, table) => {
    const result = bySegmentColumns(table, "region", { nps: npsScoreMetric }, { minN: 0 });
    expect(result.segments.map((row) => [row.key, row.n])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(result.segments[0]?.results.nps.value).toBeCloseTo(-100 / 3, 12);
    expect(result.segments[1]?.results.nps.value).toBeCloseTo(100 / 3, 12);
    expect(json(result)).toEqual(
      json(bySegment(records, "region", { nps: npsScoreMetric }, { minN: 0 })),
    );
    const rowByRow = bySegmentColumns(
      { ...table, w: [1, 1, 1, 1, 1, 1] } as ColumnTable,
      "region",
      { weighted: weightedNpsMetric },
      { minN: 0 },
    );
    expect(json(rowByRow)).toEqual(
      json(bySegment(records, "region", { weighted: weightedNpsMetric }, { minN: 0 })),
    );
  });

  it("a bad label in a later chunk is named at its first row", () => {
    // NaN first appears at row 4, in the third chunk of the key.
    const table = arrowTable(6, {
      score: chunked([scores], "uint8"),
      region: chunked(
        [
          [1, 1],
          [2, 2],
          [Number.NaN, 1],
        ],
        "float64",
      ),
    });
    for (const metrics of [
      { nps: npsScoreMetric },
      { nps: npsScoreMetric, csat: npsScoreMetric },
    ]) {
      expectInputError(
        () => bySegmentColumns(table, "region", metrics),
        () => safeBySegmentColumns(table, "region", metrics),
        ["region", 4],
        `region[4]: ${KEY_MESSAGE}`,
      );
    }
  });
});

describe("columns longer than one block (65,536 rows)", () => {
  // These tables must cross BLOCK to reach the second block; each takes a few milliseconds.
  const rows = BLOCK + 1;

  it("a string key interned across blocks", () => {
    // Rows 0..65535 are "a" with score 10 -> NPS 100; row 65536 is "b" with score 0 -> -100.
    const region = Array.from({ length: rows }, (_, i) => (i < BLOCK ? "a" : "b"));
    const score = new Uint8Array(rows).fill(10);
    score[BLOCK] = 0;
    expect(rowsOf(bySegmentColumns({ score, region }, "region", { nps: npsScoreMetric }))).toEqual([
      ["a", BLOCK, 100],
      ["b", 1, -100],
    ]);
  });

  it("rows read one by one, ungrouped", () => {
    // 65,536 promoters and one detractor, weight 1: 100 * 65,535 / 65,537.
    const score = new Uint8Array(rows).fill(10);
    score[BLOCK] = 0;
    const w = new Uint8Array(rows).fill(1);
    const result = runMetricColumns(weightedNpsMetric, { score, w });
    expect(result.value).toBeCloseTo((100 * 65_535) / 65_537, 9);
    expect(result.n).toBe(rows);
  });

  it("a bad label first used in the second block is named at that row", () => {
    const codes = new Uint8Array(rows);
    codes[BLOCK] = 1;
    const table = {
      score: new Uint8Array(rows).fill(5),
      region: { codes, labels: ["a", Number.NaN as unknown as string] },
    };
    expectInputError(
      () => bySegmentColumns(table, "region", { nps: npsScoreMetric }),
      () => safeBySegmentColumns(table, "region", { nps: npsScoreMetric }),
      ["region", BLOCK],
      `region[${BLOCK}]: ${KEY_MESSAGE}`,
    );
  });
});

describe("bySegmentColumns and runMetricColumns: their own arguments", () => {
  const table = { score: [10, 3], region: ["a", "b"] };

  it("the segment column must be named by a string", () => {
    for (const name of [5, null, undefined, ["region"]]) {
      expectInputError(
        () => bySegmentColumns(table, name as unknown as string, { nps: npsScoreMetric }),
        () => safeBySegmentColumns(table, name as unknown as string, { nps: npsScoreMetric }),
        ["keyColumn"],
        "keyColumn: expected the name of the segment column",
      );
    }
  });

  it("metrics are checked at [metrics] and [metric]", () => {
    const notMetric =
      "expected a metric (an object with init, add, tally, empty, merge and finalize), e.g. npsMetric()";
    expectInputError(
      () => bySegmentColumns(table, "region", { nps: 5 } as never),
      () => safeBySegmentColumns(table, "region", { nps: 5 } as never),
      ["metrics", "nps"],
      `metrics.nps: ${notMetric}`,
    );
    expectInputError(
      () => bySegmentColumns(table, "region", {}),
      () => safeBySegmentColumns(table, "region", {}),
      ["metrics"],
      "metrics: expected at least one metric",
    );
    expectInputError(
      () => runMetricColumns({ name: "broken" } as never, table),
      () => safeRunMetricColumns({ name: "broken" } as never, table),
      ["metric", "broken"],
      `metric.broken: ${notMetric}`,
    );
  });

  it("sorting by a metric the call does not have", () => {
    const metrics = { nps: npsScoreMetric, csat: csatRatingMetric };
    const withRatings = { ...table, rating: [5, 1] };
    expectInputError(
      () => bySegmentColumns(withRatings, "region", metrics, { sort: { metric: "ces" } }),
      () => safeBySegmentColumns(withRatings, "region", metrics, { sort: { metric: "ces" } }),
      ["options", "sort", "metric"],
      "options.sort.metric: expected one of: nps, csat",
    );
  });
});
