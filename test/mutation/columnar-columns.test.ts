// Tests written against mutants that survived Stryker's run on src/columnar/columns.ts (2026-11-24,
// reports/mutation/columnar): the column shapes a table may hold and how each is resolved. Arrow
// inputs are built by hand through the public shape columns.ts reads (type ids, chunks, chunk
// offsets, null bitmaps, dictionaries), with apache-arrow's own `Type`, `TimeUnit` and `DateUnit`
// enums as the reference for the ids, and with real apache-arrow tables where one shows the same
// thing. Expected values are worked out by hand in the comments, or come from the row-oriented
// twin documented to give the same result (bySegment, runMetric, cohortRetention).
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  type ArrowDataLike,
  type ArrowTableLike,
  type ArrowTypeLike,
  type ArrowVectorLike,
  cellReader,
  codeLimit,
  firstNull,
  isArrowVector,
  isCodedColumn,
  isColumnTable,
  isNullAt,
  type KeyStore,
  keyColumn,
  type NumberStore,
  numberColumn,
  type Piece,
  pieceAt,
  readCodes,
  readNumbers,
  resolveTable,
  toColumnPath,
} from "../../src/columnar/columns.ts";
import {
  bySegmentColumns,
  cohortRetentionColumns,
  runMetricColumns,
} from "../../src/columnar/index.ts";
import { MetricsInputError } from "../../src/errors.ts";
import { cohortRetention } from "../../src/group/cohort.ts";
import { bySegment } from "../../src/group/segment.ts";
import { runMetric } from "../../src/metric.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { inputErrorOf } from "../helpers.ts";

const scoreNpsMetric = npsMetric({ score: "score" });
const weightedNpsMetric = npsMetric({ score: "score", weight: "weight" });

const DAY = 86_400_000;
/** 2025-01-01T00:00:00Z: 1,735,689,600 s since the epoch, day 20,089 (= 1,735,689,600,000 / DAY). */
const JAN = Date.UTC(2025, 0, 1);

// Arrow type descriptors, by apache-arrow's enums.
const INT: ArrowTypeLike = { typeId: arrow.Type.Int };
const FLOAT: ArrowTypeLike = { typeId: arrow.Type.Float };
const UTF8: ArrowTypeLike = { typeId: arrow.Type.Utf8 };
const DICTIONARY: ArrowTypeLike = { typeId: arrow.Type.Dictionary };
const timestamp = (unit?: number): ArrowTypeLike =>
  unit === undefined ? { typeId: arrow.Type.Timestamp } : { typeId: arrow.Type.Timestamp, unit };
const date = (unit: number): ArrowTypeLike => ({ typeId: arrow.Type.Date, unit });

interface ChunkOptions {
  readonly offset?: number;
  readonly length?: number;
  readonly nullCount?: number;
  readonly nullBitmap?: Uint8Array | null;
  readonly dictionary?: ArrowVectorLike | null;
}

/** One Arrow `Data` chunk as columns.ts reads it. */
function chunk(
  type: ArrowTypeLike,
  values: ArrowDataLike["values"],
  options: ChunkOptions = {},
): ArrowDataLike {
  return {
    type,
    offset: options.offset ?? 0,
    length: options.length ?? values.length,
    nullCount: options.nullCount ?? 0,
    nullBitmap: options.nullBitmap,
    values,
    dictionary: options.dictionary,
  };
}

/** An Arrow `Vector` over `data`; `cells` is what Arrow's `toArray()` and `get(i)` give. */
function vector(
  type: ArrowTypeLike,
  data: readonly ArrowDataLike[],
  cells: readonly unknown[],
): ArrowVectorLike {
  return { length: cells.length, type, data, toArray: () => cells, get: (index) => cells[index] };
}

/** A dictionary (its labels), as an Arrow Utf8 vector. */
const words = (...labels: string[]): ArrowVectorLike =>
  vector(UTF8, [chunk(UTF8, new Uint8Array(0), { length: labels.length })], labels);

/**
 * An Arrow table: schema fields in key order, `getChild` answering with what is given. columns.ts
 * passes `getChild`'s answer on unchecked, so some tests hand it bare arrays (the cast).
 */
function arrowTable(numRows: number, columns: Readonly<Record<string, unknown>>): ArrowTableLike {
  const children = new Map(Object.entries(columns));
  return {
    numRows,
    schema: { fields: [...children.keys()].map((name) => ({ name })) },
    getChild: (name) => (children.get(name) ?? null) as ArrowVectorLike | null,
  };
}

/** Expects exactly one input issue, with this path and message. */
function expectIssue(
  compute: () => unknown,
  path: readonly (string | number)[],
  message: string,
): void {
  expect(inputErrorOf(compute).issues).toEqual([{ code: "custom", path, message }]);
}

/** Reads a whole numeric column (of one piece) as numbers. */
function numbersOf(column: { readonly pieces: readonly Piece<NumberStore>[] }): unknown[] {
  return column.pieces.flatMap((piece) => {
    const scratch = new Float64Array(piece.length);
    const { array, offset } = readNumbers(piece, piece.start, piece.length, scratch);
    return Array.from({ length: piece.length }, (_, j) => array[offset + j]);
  });
}

const wholePiece = <V>(values: V, length: number): Piece<V> => ({
  start: 0,
  length,
  values,
  offset: 0,
  validity: null,
  validityOffset: 0,
});

describe("isColumnTable, isArrowVector, isCodedColumn: every part of each shape check", () => {
  it("an Arrow table needs both getChild (a function) and numRows (a number)", () => {
    // { numRows: 3 } is no Arrow table (no getChild), and 3 is no column: not a column table.
    expect(isColumnTable({ numRows: 3 })).toBe(false);
    // A lone getChild function is no Arrow table either, and a function is no column.
    expect(isColumnTable({ getChild: () => null })).toBe(false);
    expect(isColumnTable(arrowTable(0, {}))).toBe(true);
  });

  it("null is neither a vector nor a coded column (and no column of a table)", () => {
    expect(isArrowVector(null)).toBe(false);
    expect(isCodedColumn(null)).toBe(false);
    expect(isColumnTable({ score: null })).toBe(false);
  });

  it("an Arrow vector needs data (an array), toArray (a function) and length (a number)", () => {
    const toArray = () => [];
    expect(isArrowVector({ data: [], toArray, length: 0 })).toBe(true);
    expect(isArrowVector({ data: [], length: 0 })).toBe(false);
    expect(isArrowVector({ data: [], toArray })).toBe(false);
    expect(isColumnTable({ score: { data: [], length: 0 } })).toBe(false);
    expect(isColumnTable({ score: { data: [], toArray } })).toBe(false);
  });
});

describe("resolveTable", () => {
  const NOT_A_TABLE =
    "expected a column table: an object of equally long columns, or an Arrow table";

  it("rejects null, undefined, numbers, strings and arrays at the root", () => {
    for (const bad of [null, undefined, 5, "score", [{ score: 10 }]]) {
      expectIssue(() => resolveTable(bad), [], NOT_A_TABLE);
    }
    // The public entry points say the same.
    expectIssue(() => runMetricColumns(scoreNpsMetric, null as never), [], NOT_A_TABLE);
  });

  it("an Arrow table's columns are its schema's fields; any other name is no column", () => {
    const score = vector(INT, [chunk(INT, Int32Array.of(10, 9))], [10, 9]);
    const resolved = resolveTable(arrowTable(2, { score }));
    expect(resolved.rows).toBe(2);
    expect(resolved.names).toEqual(["score"]);
    expect(resolved.column("score")).toBe(score);
    expectIssue(() => resolved.column("region"), ["region"], "expected a column of that name");
    // The same with a real apache-arrow table, through a public entry point.
    const real = arrow.tableFromArrays({ answer: Float64Array.of(10, 9) });
    expectIssue(
      () => runMetricColumns(scoreNpsMetric, real),
      ["score"],
      "expected a column of that name",
    );
  });

  it("names the first value of a plain table that is no column (a DataView included)", () => {
    const message =
      "expected a column: an array, a typed array, { codes, labels } or an Arrow vector";
    expectIssue(() => resolveTable({ score: [10, 9], region: 5 }), ["region"], message);
    expectIssue(() => resolveTable({ region: 5, score: [10, 9] }), ["region"], message);
    expectIssue(() => resolveTable({ when: new DataView(new ArrayBuffer(8)) }), ["when"], message);
    // 64-bit integer arrays are columns (test/columnar/int64.test.ts).
    expect(resolveTable({ when: BigInt64Array.of(1n), id: BigUint64Array.of(2n) }).rows).toBe(1);
  });

  it("column(name): a name that is no own property, and an own property that is no column", () => {
    // Non-enumerable properties are not among the table's columns (Object.keys), but they are
    // own properties: column() still checks what it hands out.
    const table = { score: [10, 9] };
    const extra = [7, 8];
    Object.defineProperty(table, "hidden", { value: 5, enumerable: false });
    Object.defineProperty(table, "extra", { value: extra, enumerable: false });
    const resolved = resolveTable(table);
    expect(resolved.names).toEqual(["score"]);
    expect(resolved.rows).toBe(2);
    expectIssue(() => resolved.column("region"), ["region"], "expected a column of that name");
    expectIssue(() => resolved.column("toString"), ["toString"], "expected a column of that name");
    expectIssue(() => resolved.column("hidden"), ["hidden"], "expected a column");
    expect(resolved.column("extra")).toBe(extra);
  });
});

describe("numberColumn: plain columns", () => {
  it("reads typed arrays and plain arrays in place", () => {
    const typed = Uint8Array.of(10, 9);
    const plain = [10, "9"];
    const resolved = resolveTable({ typed, plain });
    expect(numberColumn(resolved, "typed")).toEqual({
      name: "typed",
      pieces: [wholePiece({ kind: "typed", array: typed }, 2)],
    });
    expect(numberColumn(resolved, "plain")).toEqual({
      name: "plain",
      pieces: [wholePiece({ kind: "array", array: plain }, 2)],
    });
  });

  it("rejects a coded column as numbers", () => {
    const table = { score: { codes: Uint8Array.of(0, 1), labels: [10, 9] } };
    const message = "expected a column of numbers, not { codes, labels }";
    expectIssue(() => numberColumn(resolveTable(table), "score"), ["score"], message);
    expectIssue(() => runMetricColumns(scoreNpsMetric, table), ["score"], message);
  });

  it("reads a bare 64-bit integer array (from an Arrow table's getChild) one block at a time", () => {
    const signed = BigInt64Array.of(5n, -7n);
    const unsigned = BigUint64Array.of(3n);
    const resolved = resolveTable(arrowTable(2, { signed, unsigned }));
    const a = numberColumn(resolved, "signed");
    expect(a.pieces).toEqual([wholePiece({ kind: "int64", array: signed, scale: 1 }, 2)]);
    expect(numbersOf(a)).toEqual([5, -7]);
    const b = numberColumn(resolved, "unsigned");
    expect(b.pieces).toEqual([wholePiece({ kind: "int64", array: unsigned, scale: 1 }, 1)]);
    expect(numbersOf(b)).toEqual([3]);
  });

  it("rejects anything else getChild may answer", () => {
    const resolved = resolveTable(arrowTable(1, { text: "10", object: {} }));
    expectIssue(() => numberColumn(resolved, "text"), ["text"], "expected a column of numbers");
    expectIssue(() => numberColumn(resolved, "object"), ["object"], "expected a column of numbers");
  });
});

describe("numberColumn: Arrow chunks", () => {
  /** The numbers of a one-chunk Arrow column of type `type` holding `values`. */
  const resolveOne = (type: ArrowTypeLike, values: ArrowDataLike["values"]) => {
    const column = vector(type, [chunk(type, values)], Array.from(values as ArrayLike<unknown>));
    return numberColumn(resolveTable(arrowTable(values.length, { x: column })), "x");
  };
  const NOT_NUMBERS = "expected an Arrow column of numbers, dates or timestamps";

  it("reads Int and Float chunks in place, Int64 chunks converted", () => {
    const ints = Int32Array.of(3, -4);
    expect(resolveOne(INT, ints).pieces).toEqual([wholePiece({ kind: "typed", array: ints }, 2)]);
    const floats = Float64Array.of(2.5, -1);
    const f = resolveOne(FLOAT, floats);
    expect(f.pieces).toEqual([wholePiece({ kind: "typed", array: floats }, 2)]);
    expect(numbersOf(f)).toEqual([2.5, -1]);
    const longs = BigInt64Array.of(12n, -3n);
    const l = resolveOne(INT, longs);
    expect(l.pieces).toEqual([wholePiece({ kind: "int64", array: longs, scale: 1 }, 2)]);
    expect(numbersOf(l)).toEqual([12, -3]);
  });

  it("reads timestamps in each unit as epoch ms", () => {
    const { SECOND, MILLISECOND, MICROSECOND, NANOSECOND } = arrow.TimeUnit;
    // 2025-01-01T00:00:00Z is 1,735,689,600 s; times 1000 ms per second.
    const seconds = BigInt64Array.of(1_735_689_600n, 60n);
    const s = resolveOne(timestamp(SECOND), seconds);
    expect(s.pieces).toEqual([wholePiece({ kind: "int64", array: seconds, scale: 1000 }, 2)]);
    expect(numbersOf(s)).toEqual([JAN, 60_000]);
    // Milliseconds are epoch ms; a timestamp without a unit reads as milliseconds too.
    expect(numbersOf(resolveOne(timestamp(MILLISECOND), BigInt64Array.of(1234n)))).toEqual([1234]);
    expect(numbersOf(resolveOne(timestamp(), BigInt64Array.of(1234n)))).toEqual([1234]);
    // 5,000 µs = 5 ms and 7,000,000 ns = 7 ms; 1e-3 and 1e-6 are not exact in binary, so the
    // products are compared to 9 decimals (their rounding error is below 1e-15).
    const micro = numbersOf(resolveOne(timestamp(MICROSECOND), BigInt64Array.of(5000n)));
    expect(micro[0]).toBeCloseTo(5, 9);
    const nano = numbersOf(resolveOne(timestamp(NANOSECOND), BigInt64Array.of(7_000_000n)));
    expect(nano[0]).toBeCloseTo(7, 9);
    // Timestamps held in 32-bit or float arrays are scaled as they are read.
    const small = Int32Array.of(1_735_689_600);
    const t = resolveOne(timestamp(SECOND), small);
    expect(t.pieces).toEqual([wholePiece({ kind: "scaled", array: small, scale: 1000 }, 1)]);
    expect(numbersOf(t)).toEqual([JAN]);
  });

  it("reads Arrow dates: days times 86,400,000 ms, milliseconds as they are", () => {
    const { DAY: DAYS, MILLISECOND } = arrow.DateUnit;
    const days = Int32Array.of(20_089, 1);
    const d = resolveOne(date(DAYS), days);
    expect(d.pieces).toEqual([wholePiece({ kind: "scaled", array: days, scale: DAY }, 2)]);
    expect(numbersOf(d)).toEqual([JAN, DAY]);
    // apache-arrow's DateMillisecond holds 64-bit integers; a float array reads the same.
    const ms = BigInt64Array.of(1_735_689_600_000n);
    const m = resolveOne(date(MILLISECOND), ms);
    expect(m.pieces).toEqual([wholePiece({ kind: "int64", array: ms, scale: 1 }, 1)]);
    expect(numbersOf(m)).toEqual([JAN]);
    const floats = Float64Array.of(JAN + 5);
    const f = resolveOne(date(MILLISECOND), floats);
    expect(f.pieces).toEqual([wholePiece({ kind: "scaled", array: floats, scale: 1 }, 1)]);
    expect(numbersOf(f)).toEqual([JAN + 5]);
  });

  it("rejects text, times of day, and days held in 64-bit integers", () => {
    expectIssue(() => resolveOne(UTF8, Uint8Array.of(97, 98)), ["x"], NOT_NUMBERS);
    // Time32 in milliseconds (a time of day, unit 1 like DateMillisecond) is no instant.
    const time = { typeId: arrow.Type.Time, unit: arrow.TimeUnit.MILLISECOND };
    expectIssue(() => resolveOne(time, Int32Array.of(1000)), ["x"], NOT_NUMBERS);
    const days = date(arrow.DateUnit.DAY);
    expectIssue(() => resolveOne(days, BigInt64Array.of(20_089n)), ["x"], NOT_NUMBERS);
    expectIssue(() => resolveOne(days, BigUint64Array.of(20_089n)), ["x"], NOT_NUMBERS);
  });

  it("real apache-arrow columns: Int64 answers, and second, millisecond and day dates", () => {
    // Int64 scores 10, 9, 3 -> P 2, D 1 of 3: NPS 100/3, as runMetric gives for the rows.
    const scores = arrow.tableFromArrays({ score: BigInt64Array.of(10n, 9n, 3n) });
    const columnar = runMetricColumns(scoreNpsMetric, scores);
    expect(columnar.value).toBeCloseTo(100 / 3, 12);
    expect(columnar).toEqual(
      runMetric(scoreNpsMetric, [{ score: 10 }, { score: 9 }, { score: 3 }]),
    );
    const instants = [JAN, JAN + 3 * DAY];
    const as = (type: arrow.DataType) =>
      numberColumn(
        resolveTable(
          new arrow.Table({
            when: arrow.vectorFromArray(
              instants.map((ms) => new Date(ms)),
              type,
            ),
          }),
        ),
        "when",
      );
    expect(numbersOf(as(new arrow.TimestampSecond()))).toEqual(instants);
    expect(numbersOf(as(new arrow.DateMillisecond()))).toEqual(instants);
    expect(numbersOf(as(new arrow.DateDay()))).toEqual(instants);
  });

  it("real apache-arrow dates in cohortRetentionColumns give cohortRetention's matrix", () => {
    // a orders 5 Jan and 3 Feb, b orders 20 Jan; asOf 1 Mar. January cohort {a, b}: month 0
    // both active -> 1, month 1 only a -> 0.5.
    const orders = [
      { customerId: "a", date: JAN + 4 * DAY, amount: 1 },
      { customerId: "b", date: JAN + 19 * DAY, amount: 1 },
      { customerId: "a", date: JAN + 33 * DAY, amount: 1 },
    ];
    const options = { kind: "orders", asOf: "2025-03-01T00:00:00Z" } as const;
    const expected = cohortRetention(orders, options);
    expect(expected.cohorts.map((row) => [row.size, row.retention])).toEqual([[2, [1, 0.5]]]);
    for (const type of [
      new arrow.TimestampSecond(),
      new arrow.TimestampMicrosecond(),
      new arrow.DateMillisecond(),
    ]) {
      const table = new arrow.Table({
        customerId: arrow.vectorFromArray(orders.map((o) => o.customerId)),
        date: arrow.vectorFromArray(
          orders.map((o) => new Date(o.date)),
          type,
        ),
      });
      expect(cohortRetentionColumns(table, options)).toEqual(expected);
    }
  });
});

describe("readNumbers, isNullAt, firstNull: rows of a piece that starts later in the table", () => {
  it("readNumbers gives the index of row `from` in the array, or fills the scratch array", () => {
    // Pieces for table rows 4..7: row r is element r - 4 of the piece's values.
    const typed = Float64Array.of(10, 11, 12, 13);
    const piece = (values: NumberStore): Piece<NumberStore> => ({
      start: 4,
      length: 4,
      values,
      offset: 0,
      validity: null,
      validityOffset: 0,
    });
    const scratch = new Float64Array(4);
    expect(readNumbers(piece({ kind: "typed", array: typed }), 6, 2, scratch)).toEqual({
      array: typed,
      offset: 2,
    });
    const plain = [10, 11, 12, 13];
    expect(readNumbers(piece({ kind: "array", array: plain }), 7, 1, scratch).offset).toBe(3);
    // Rows 6 and 7: 3 and 4 seconds -> 3000 and 4000 ms, at the start of the scratch array.
    const scaled = readNumbers(
      piece({ kind: "scaled", array: Int32Array.of(1, 2, 3, 4), scale: 1000 }),
      6,
      2,
      scratch,
    );
    expect(scaled.array).toBe(scratch);
    expect(scaled.offset).toBe(0);
    expect(Array.from(scratch.subarray(0, 2))).toEqual([3000, 4000]);
    // Rows 5 and 6 of 64-bit seconds: 20 and 30 s -> 20,000 and 30,000 ms.
    const longs = readNumbers(
      piece({ kind: "int64", array: BigInt64Array.of(10n, 20n, 30n, 40n), scale: 1000 }),
      5,
      2,
      scratch,
    );
    expect(longs.array).toBe(scratch);
    expect(Array.from(scratch.subarray(0, 2))).toEqual([20_000, 30_000]);
  });

  // A piece for table rows 8..15 whose chunk starts 3 bits into its bitmap: row r is bit
  // 3 + (r - 8). Byte 0 = 0b11101111 (bit 4 unset: row 9 is null), byte 1 = 0b00000110 (bit 8
  // unset: row 13 is null; bits 9 and 10, rows 14 and 15, set). Bits 0-2 belong to rows of
  // another chunk; they are set, so reading the wrong bit shows.
  const nulls: Piece<null> = {
    start: 8,
    length: 8,
    values: null,
    offset: 0,
    validity: Uint8Array.of(0b1110_1111, 0b0000_0110),
    validityOffset: 3,
  };

  it("isNullAt reads bit validityOffset + (row - start)", () => {
    const rows = [8, 9, 10, 11, 12, 13, 14, 15];
    expect(rows.map((row) => isNullAt(nulls, row))).toEqual([
      false,
      true,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(isNullAt({ ...nulls, validity: null }, 9)).toBe(false);
  });

  it("firstNull finds the first null row of [from, from + count), or -1", () => {
    expect(firstNull(nulls, 8, 4)).toBe(9);
    expect(firstNull(nulls, 10, 6)).toBe(13);
    // Rows 10, 11, 12 are valid; row 13 (null) is outside the range.
    expect(firstNull(nulls, 10, 3)).toBe(-1);
    expect(firstNull(nulls, 14, 2)).toBe(-1);
    expect(firstNull({ ...nulls, validity: null }, 8, 8)).toBe(-1);
  });

  it("a null in a sliced second chunk of a real Arrow vector is reported at its table row", () => {
    // Chunk 1: rows 0-2 (10, 9, 8). Chunk 2: [7, 7, 10, null, 6] sliced from 2, so rows 3-5 are
    // 10, null, 6 and its bitmap is read from bit 2: row 4 is the null.
    const first = arrow.vectorFromArray([10, 9, 8], new arrow.Uint8());
    const second = arrow.vectorFromArray([7, 7, 10, null, 6], new arrow.Uint8()).slice(2);
    const table = new arrow.Table({ score: first.concat(second) });
    expect(table.getChild("score")?.data.map((d) => d.offset)).toEqual([0, 2]);
    const error = inputErrorOf(() => runMetricColumns(scoreNpsMetric, table));
    expect(error.issues[0]?.path).toEqual(["score", 4]);
    expect(error.message).toBe("score[4]: expected an integer 0-10");
  });
});

describe("keyColumn: coded columns and Arrow dictionaries", () => {
  it("a coded column is read through its codes; uniqueLabels says whether labels repeat", () => {
    const codes = Uint8Array.of(0, 1, 0);
    const k = keyColumn(resolveTable({ region: { codes, labels: ["EU", "US"] } }), "region");
    expect(k.labels).toEqual(["EU", "US"]);
    expect(k.uniqueLabels).toBe(true);
    expect(k.pieces).toEqual([wholePiece({ kind: "codes", codes, size: 2, remap: null }, 3)]);
    const dup = keyColumn(
      resolveTable({ region: { codes: [0, 1, 2], labels: ["EU", "US", "EU"] } }),
      "region",
    );
    expect(dup.uniqueLabels).toBe(false);
  });

  it("two codes with one customer label are one customer in cohortRetentionColumns", () => {
    // Codes 0 and 2 are both customer a: a orders 5 Jan and 3 Feb, b orders 20 Jan. January
    // cohort {a, b}: size 2, retention [1, 0.5]; 2 customers in all (not 3).
    const table = {
      customerId: { codes: Int32Array.of(0, 1, 2), labels: ["a", "b", "a"] },
      date: Float64Array.of(JAN + 4 * DAY, JAN + 19 * DAY, JAN + 33 * DAY),
      amount: Float64Array.of(1, 1, 1),
    };
    const options = { kind: "orders", asOf: "2025-03-01T00:00:00Z" } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m.customers).toBe(2);
    expect(m.cohorts.map((row) => [row.size, row.retention])).toEqual([[2, [1, 0.5]]]);
    const rows = [
      { customerId: "a", date: JAN + 4 * DAY, amount: 1 },
      { customerId: "b", date: JAN + 19 * DAY, amount: 1 },
      { customerId: "a", date: JAN + 33 * DAY, amount: 1 },
    ];
    expect(m).toEqual(cohortRetention(rows, options));
    // The same with an Arrow dictionary whose words repeat ([a, b, a], codes 0, 1, 2).
    const dates = Array.from(table.date);
    const arrowOrders = arrowTable(3, {
      customerId: vector(
        DICTIONARY,
        [chunk(DICTIONARY, Int8Array.of(0, 1, 2), { dictionary: words("a", "b", "a") })],
        ["a", "b", "a"],
      ),
      date: vector(FLOAT, [chunk(FLOAT, table.date)], dates),
      amount: vector(FLOAT, [chunk(FLOAT, table.amount)], [1, 1, 1]),
    });
    expect(cohortRetentionColumns(arrowOrders, options)).toEqual(m);
  });

  const D1 = words("EU", "US");
  const D2 = words("APAC", "EU");
  const dictionaryColumn = (...chunks: ArrowDataLike[]) =>
    vector(
      DICTIONARY,
      chunks,
      chunks.flatMap((c) =>
        Array.from(c.values as ArrayLike<number>, (code) => c.dictionary?.get(code)),
      ),
    );
  const keysOf = (column: ArrowVectorLike) =>
    keyColumn(resolveTable(arrowTable(column.length, { region: column })), "region");
  /** The table-wide codes of every row, piece by piece. */
  const codesOf = (k: ReturnType<typeof keysOf>) =>
    k.pieces.flatMap((piece) => {
      const read = readCodes(k, piece, piece.start, piece.length, new Int32Array(piece.length));
      return Array.from({ length: piece.length }, (_, j) => read.array[read.offset + j]);
    });

  it("chunks sharing one dictionary read their codes as they are", () => {
    const a = Int8Array.of(0, 1);
    const b = Int8Array.of(1, 1, 0);
    const k = keysOf(
      dictionaryColumn(
        chunk(DICTIONARY, a, { dictionary: D1 }),
        chunk(DICTIONARY, b, { dictionary: D1 }),
      ),
    );
    // The dictionary's words once, not once per chunk.
    expect(k.labels).toEqual(["EU", "US"]);
    expect(k.uniqueLabels).toBe(true);
    expect(k.pieces.map((piece) => [piece.start, piece.length, piece.values])).toEqual([
      [0, 2, { kind: "codes", codes: a, size: 2, remap: null }],
      [2, 3, { kind: "codes", codes: b, size: 2, remap: null }],
    ]);
  });

  it("a chunk with another dictionary is remapped to the first dictionary's codes", () => {
    // D1 = [EU, US], D2 = [APAC, EU], then D1 again. Labels: EU 0, US 1 (D1), APAC 2 (new);
    // D2's remap: APAC -> 2, EU -> 0. The third chunk shares D1: read as it is.
    const k = keysOf(
      dictionaryColumn(
        chunk(DICTIONARY, Int8Array.of(0, 1), { dictionary: D1 }),
        chunk(DICTIONARY, Int32Array.of(0, 1, 0), { dictionary: D2 }),
        chunk(DICTIONARY, Uint8Array.of(1), { dictionary: D1 }),
      ),
    );
    expect(k.labels).toEqual(["EU", "US", "APAC"]);
    expect(k.pieces.map((piece) => piece.values)).toEqual([
      { kind: "codes", codes: Int8Array.of(0, 1), size: 2, remap: null },
      { kind: "codes", codes: Int32Array.of(0, 1, 0), size: 2, remap: Int32Array.of(2, 0) },
      { kind: "codes", codes: Uint8Array.of(1), size: 2, remap: null },
    ]);
    expect(codesOf(k)).toEqual([0, 1, 2, 0, 2, 1]);
  });

  it("a repeated word of the first dictionary keeps its first code for later dictionaries", () => {
    // D = [EU, US, EU]: labels are D as it is (uniqueLabels false), EU's code is 0. The second
    // chunk's dictionary [US, EU] remaps to [1, 0]: no label is added.
    const k = keysOf(
      dictionaryColumn(
        chunk(DICTIONARY, Int8Array.of(0, 2), { dictionary: words("EU", "US", "EU") }),
        chunk(DICTIONARY, Int8Array.of(0, 1), { dictionary: words("US", "EU") }),
      ),
    );
    expect(k.labels).toEqual(["EU", "US", "EU"]);
    expect(k.uniqueLabels).toBe(false);
    expect(codesOf(k)).toEqual([0, 2, 1, 0]);
    expect(k.labels).toEqual(["EU", "US", "EU"]);
  });

  it("rejects a chunk without a dictionary, or with 64-bit indices", () => {
    const message = "expected an Arrow dictionary column with 8-32 bit indices";
    const bad = [
      chunk(DICTIONARY, Int8Array.of(0), { dictionary: null }),
      chunk(DICTIONARY, Int8Array.of(0)),
      chunk(DICTIONARY, BigInt64Array.of(0n), { dictionary: D1 }),
      chunk(DICTIONARY, BigUint64Array.of(0n), { dictionary: D1 }),
    ];
    for (const data of bad) {
      const region = vector(DICTIONARY, [data], ["EU"]);
      expectIssue(() => keysOf(region), ["region"], message);
      const table = arrowTable(1, {
        score: vector(INT, [chunk(INT, Int8Array.of(10))], [10]),
        region,
      });
      expectIssue(
        () => bySegmentColumns(table, "region", { nps: scoreNpsMetric }),
        ["region"],
        message,
      );
    }
  });

  // Scores in two chunks (rows 0-1, 2-7) and regions in three dictionary chunks (rows 0-2 with
  // D1, 3-5 with D2, 6-7 with D1 again): blocks start at rows 0, 2, 3 and 6, so rows are read
  // from the middle of pieces of both columns.
  const scoreColumn = () =>
    vector(
      INT,
      [chunk(INT, Uint8Array.of(10, 0)), chunk(INT, Uint8Array.of(9, 3, 8, 7, 10, 6))],
      [10, 0, 9, 3, 8, 7, 10, 6],
    );
  const regionColumn = (last: Uint8Array) =>
    dictionaryColumn(
      chunk(DICTIONARY, Int8Array.of(0, 1, 0), { dictionary: D1 }),
      chunk(DICTIONARY, Int32Array.of(0, 1, 0), { dictionary: D2 }),
      chunk(DICTIONARY, last, { dictionary: D1 }),
    );

  it("bySegmentColumns over chunks with different dictionaries equals bySegment over the rows", () => {
    // Rows: EU 10, US 0, EU 9, APAC 3, EU 8, APAC 7, US 10, US 6.
    // APAC: 3, 7 -> D 1, S 1 of 2 -> -50. EU: 10, 9, 8 -> P 2, S 1 of 3 -> 200/3.
    // US: 0, 10, 6 -> P 1, D 2 of 3 -> -100/3.
    const region = regionColumn(Uint8Array.of(1, 1));
    const table = arrowTable(8, { score: scoreColumn(), region });
    const result = bySegmentColumns(table, "region", { nps: scoreNpsMetric }, { minN: 0 });
    expect(result.segments.map((row) => row.key)).toEqual(["APAC", "EU", "US"]);
    const values = result.segments.map((row) => row.results.nps.value ?? Number.NaN);
    expect(values[0]).toBe(-50);
    expect(values[1]).toBeCloseTo(200 / 3, 12);
    expect(values[2]).toBeCloseTo(-100 / 3, 12);
    const rows = [10, 0, 9, 3, 8, 7, 10, 6].map((score, i) => ({
      score,
      region: region.get(i) as string,
    }));
    expect(result).toEqual(bySegment(rows, "region", { nps: scoreNpsMetric }, { minN: 0 }));
  });

  it("a code beyond its own chunk's dictionary is rejected, even when other chunks added labels", () => {
    // Row 7 has code 2 in a chunk whose dictionary D1 has 2 words (codes 0-1). Code 2 is APAC
    // table-wide (added by D2), but not in D1.
    const table = arrowTable(8, {
      score: scoreColumn(),
      region: regionColumn(Uint8Array.of(1, 2)),
    });
    const error = inputErrorOf(() =>
      bySegmentColumns(table, "region", { nps: scoreNpsMetric }, { minN: 0 }),
    );
    expect(error.issues).toEqual([
      {
        code: "custom",
        path: ["region", 7],
        message: "expected a code from 0 to 1 (an index into the labels)",
      },
    ]);
  });
  it("a code outside a remapped chunk's dictionary is rejected at its row", () => {
    // Row 4 holds code 2, then code -1, in the D2 chunk, whose dictionary has 2 words (codes
    // 0-1). The path is pinned, not the message: its range is histogram.ts's, which counts the
    // table's labels ("from 0 to 2" here).
    for (const codes of [Int32Array.of(0, 2, 0), Int32Array.of(0, -1, 0)]) {
      const region = dictionaryColumn(
        chunk(DICTIONARY, Int8Array.of(0, 1, 0), { dictionary: D1 }),
        chunk(DICTIONARY, codes, { dictionary: D2 }),
        chunk(DICTIONARY, Uint8Array.of(1, 1), { dictionary: D1 }),
      );
      const table = arrowTable(8, { score: scoreColumn(), region });
      const error = inputErrorOf(() =>
        bySegmentColumns(table, "region", { nps: scoreNpsMetric }, { minN: 0 }),
      );
      expect(error.issues.map((issue) => issue.path)).toEqual([["region", 4]]);
    }
  });

  it("a block without nulls of a chunk with nulls passes; the null is found in its own block", () => {
    // Scores 10, 9, null, 8 in one chunk (null count 1, bitmap 0b1011: row 2 unset); regions
    // in two dictionary chunks (rows 0-1, 2-3) split it into blocks at row 2. Rows 0-1 are
    // valid; row 2 is the null. (apache-arrow's Table would re-chunk the scores to match.)
    const score = vector(
      INT,
      [chunk(INT, Uint8Array.of(10, 9, 0, 8), { nullCount: 1, nullBitmap: Uint8Array.of(0b1011) })],
      [10, 9, null, 8],
    );
    const region = dictionaryColumn(
      chunk(DICTIONARY, Int8Array.of(0, 1), { dictionary: D1 }),
      chunk(DICTIONARY, Int8Array.of(0, 1), { dictionary: D1 }),
    );
    const table = arrowTable(4, { score, region });
    const error = inputErrorOf(() => bySegmentColumns(table, "region", { nps: scoreNpsMetric }));
    expect(error.issues[0]?.path).toEqual(["score", 2]);
    expect(error.message).toBe("score[2]: expected an integer 0-10");
  });
});

describe("keyColumn: text, numeric Arrow columns and plain columns", () => {
  const keysOf = (column: unknown, rows: number) =>
    keyColumn(resolveTable(arrowTable(rows, { key: column })), "key");
  /** Reads every row's code (interning raw keys), then returns the codes and the labels. */
  const read = (k: ReturnType<typeof keysOf>) => {
    const codes = k.pieces.flatMap((piece) => {
      const r = readCodes(k, piece, piece.start, piece.length, new Int32Array(piece.length));
      return Array.from({ length: piece.length }, (_, j) => r.array[r.offset + j]);
    });
    return { codes, labels: k.labels };
  };

  it("text vectors (Utf8, LargeUtf8, Utf8View) are decoded once and interned", () => {
    for (const typeId of [arrow.Type.Utf8, arrow.Type.LargeUtf8, arrow.Type.Utf8View]) {
      const type = { typeId };
      const cells = ["b", "a", "b"];
      const k = keysOf(vector(type, [chunk(type, new Uint8Array(0), { length: 3 })], cells), 3);
      expect(k.uniqueLabels).toBe(true);
      expect(k.pieces).toEqual([wholePiece({ kind: "values", values: cells }, 3)]);
      expect(read(k)).toEqual({ codes: [0, 1, 0], labels: ["b", "a"] });
    }
  });

  it("a real Utf8 region column gives bySegment's table", () => {
    // b: 10, 9 -> P 2 of 2 -> 100; a: 3 -> D 1 of 1 -> -100.
    const region = ["b", "a", "b"];
    const table = new arrow.Table({
      score: arrow.vectorFromArray(Uint8Array.of(10, 3, 9)),
      region: arrow.vectorFromArray(region, new arrow.Utf8()),
    });
    const result = bySegmentColumns(table, "region", { nps: scoreNpsMetric }, { minN: 0 });
    expect(result.segments.map((row) => [row.key, row.results.nps.value])).toEqual([
      ["a", -100],
      ["b", 100],
    ]);
    const rows = [10, 3, 9].map((score, i) => ({ score, region: region[i] as string }));
    expect(result).toEqual(bySegment(rows, "region", { nps: scoreNpsMetric }, { minN: 0 }));
  });

  it("numeric Arrow key columns are interned from their numbers (dates as epoch ms)", () => {
    // Int32: read in place. Date (days): 20,089 and 20,090 -> JAN and JAN + DAY.
    // Timestamp (s, 64-bit): 1,735,689,600 -> JAN. Nulls stay visible through the bitmap.
    const ints = Int32Array.of(7, 3, 7);
    const i = keysOf(vector(INT, [chunk(INT, ints)], [7, 3, 7]), 3);
    expect(i.uniqueLabels).toBe(true);
    expect(i.pieces).toEqual([wholePiece({ kind: "values", values: ints }, 3)]);
    expect(read(i)).toEqual({ codes: [0, 1, 0], labels: [7, 3] });
    const days = date(arrow.DateUnit.DAY);
    const d = keysOf(vector(days, [chunk(days, Int32Array.of(20_090, 20_089))], []), 2);
    expect(read(d)).toEqual({ codes: [0, 1], labels: [JAN + DAY, JAN] });
    const seconds = timestamp(arrow.TimeUnit.SECOND);
    const s = keysOf(
      vector(seconds, [chunk(seconds, BigInt64Array.of(1_735_689_600n, 60n))], []),
      2,
    );
    expect(read(s)).toEqual({ codes: [0, 1], labels: [JAN, 60_000] });
    const bitmap = Uint8Array.of(0b101);
    const withNull = keysOf(
      vector(
        FLOAT,
        [chunk(FLOAT, Float64Array.of(1, 0, 1), { nullCount: 1, nullBitmap: bitmap })],
        [1, null, 1],
      ),
      3,
    );
    expect(withNull.pieces.map((piece) => piece.validity)).toEqual([bitmap]);
  });

  it("real Arrow date and timestamp key columns give bySegment's table keyed by epoch ms", () => {
    // JAN: 10, 9 -> 100; JAN + DAY: 0 -> -100. DateDay holds 32-bit days, TimestampSecond
    // 64-bit seconds: both are keyed by epoch ms.
    const dates = [JAN, JAN + DAY, JAN];
    const rows = [10, 0, 9].map((score, i) => ({ score, day: dates[i] as number }));
    for (const type of [new arrow.DateDay(), new arrow.TimestampSecond()]) {
      const table = new arrow.Table({
        score: arrow.vectorFromArray(Uint8Array.of(10, 0, 9)),
        day: arrow.vectorFromArray(
          dates.map((ms) => new Date(ms)),
          type,
        ),
      });
      const result = bySegmentColumns(table, "day", { nps: scoreNpsMetric }, { minN: 0 });
      expect(result.segments.map((row) => [row.key, row.results.nps.value])).toEqual([
        [JAN, 100],
        [JAN + DAY, -100],
      ]);
      expect(result).toEqual(bySegment(rows, "day", { nps: scoreNpsMetric }, { minN: 0 }));
    }
  });

  it("a null in a numeric Arrow key column is an error at its row", () => {
    const table = new arrow.Table({
      score: arrow.vectorFromArray(Uint8Array.of(10, 0, 9)),
      region: arrow.vectorFromArray([1, null, 2], new arrow.Int32()),
    });
    expectIssue(
      () => bySegmentColumns(table, "region", { nps: scoreNpsMetric }),
      ["region", 1],
      "expected a key, got null",
    );
  });

  it("bare 64-bit integer keys (from getChild) are interned as numbers", () => {
    const k = keysOf(BigInt64Array.of(5n, -2n, 5n), 3);
    expect(k.uniqueLabels).toBe(true);
    expect(k.pieces).toEqual([wholePiece({ kind: "values", values: [5, -2, 5] }, 3)]);
    expect(read(k)).toEqual({ codes: [0, 1, 0], labels: [5, -2] });
    const u = keysOf(BigUint64Array.of(9n), 1);
    expect(read(u)).toEqual({ codes: [0], labels: [9] });
  });

  it("plain arrays are interned in order of first appearance", () => {
    const keys = ["b", 2, "b"];
    const k = keyColumn(resolveTable({ key: keys }), "key");
    expect(k.uniqueLabels).toBe(true);
    expect(k.pieces).toEqual([wholePiece({ kind: "values", values: keys }, 3)]);
    expect(read(k)).toEqual({ codes: [0, 1, 0], labels: ["b", 2] });
  });
});

describe("keyColumn: integer typed arrays of small non-negative codes are their own codes", () => {
  const keysOf = (key: ArrayLike<number>) => keyColumn(resolveTable({ key }), "key");
  const asCodes = (key: ArrayLike<number>, size: number) => {
    const k = keysOf(key);
    expect(k.pieces).toEqual([
      wholePiece({ kind: "codes", codes: key, size, remap: null }, key.length),
    ]);
    expect(k.labels).toEqual(Array.from({ length: size }, (_, code) => code));
    expect(k.uniqueLabels).toBe(true);
  };
  const interned = (key: ArrayLike<number>, labels: number[]) => {
    const k = keysOf(key);
    expect(k.pieces).toEqual([wholePiece({ kind: "values", values: key }, key.length)]);
    expect(k.uniqueLabels).toBe(true);
    const piece = k.pieces[0] as Piece<KeyStore>;
    readCodes(k, piece, 0, key.length, new Int32Array(key.length));
    expect(k.labels).toEqual(labels);
  };

  it("each 8-32 bit integer type: 2, 0, 2 -> codes 0-2 (size max + 1 = 3)", () => {
    for (const key of [
      Uint8Array.of(2, 0, 2),
      Uint16Array.of(2, 0, 2),
      Int8Array.of(2, 0, 2),
      Int16Array.of(2, 0, 2),
      Int32Array.of(2, 0, 2),
      Uint32Array.of(2, 0, 2),
    ]) {
      asCodes(key, 3);
    }
  });

  it("edge sizes: all zeros -> 1 code, empty -> 0 codes, max 5 in 2 rows -> 6 codes", () => {
    asCodes(Uint8Array.of(0, 0), 1);
    asCodes(new Uint8Array(0), 0);
    // The bound is max(65,536, 2 × rows), not min: 5 < 65,536 although 5 >= 2 × 2.
    asCodes(Uint8Array.of(5, 0), 6);
    // 65,535 is the largest code below 65,536 for a short column.
    const k = keysOf(Uint32Array.of(65_535));
    expect(k.pieces.map((piece) => piece.values.kind)).toEqual(["codes"]);
    expect(k.labels.length).toBe(65_536);
  });

  it("long columns allow codes up to 2 × rows", () => {
    // 40,000 rows (past 32,768, where 2 × rows passes 65,536): max 70,000 < 80,000 -> codes.
    const key = new Uint32Array(40_000);
    key[1] = 70_000;
    const k = keysOf(key);
    expect(k.pieces.map((piece) => piece.values)).toEqual([
      { kind: "codes", codes: key, size: 70_001, remap: null },
    ]);
    expect(k.labels.length).toBe(70_001);
  });

  it("floats, negative values and large values are interned instead", () => {
    interned(Float64Array.of(2, 0.5, 2), [2, 0.5]);
    interned(Float32Array.of(1, 0), [1, 0]);
    // A negative value first, a positive one last: the minimum is -1.
    interned(Int8Array.of(-1, 3), [-1, 3]);
    interned(Int16Array.of(3, -1, 0), [3, -1, 0]);
    // 65,536 is not below max(65,536, 2 × 1).
    interned(Uint32Array.of(65_536), [65_536]);
  });

  it("float and negative keys give bySegment's table", () => {
    // Segments sorted by key. Scores 10, 3, 9. 2.5: 10, 9 -> 100; 0.5: 3 -> -100.
    const cases: [ArrayLike<number>, [number, number][]][] = [
      [
        Float64Array.of(2.5, 0.5, 2.5),
        [
          [0.5, -100],
          [2.5, 100],
        ],
      ],
      // A negative key in the middle (the minimum is not the last value): -1: 3 -> -100;
      // 3: 10, 9 -> 100.
      [
        Int8Array.of(3, -1, 3),
        [
          [-1, -100],
          [3, 100],
        ],
      ],
    ];
    for (const [region, expected] of cases) {
      const result = bySegmentColumns(
        { score: Uint8Array.of(10, 3, 9), region },
        "region",
        { nps: scoreNpsMetric },
        { minN: 0 },
      );
      expect(result.segments.map((row) => [row.key, row.results.nps.value])).toEqual(expected);
      const rows = [10, 3, 9].map((score, i) => ({ score, region: region[i] as number }));
      expect(result).toEqual(bySegment(rows, "region", { nps: scoreNpsMetric }, { minN: 0 }));
    }
  });
});

describe("readCodes, codeLimit", () => {
  const keysOf = (key: unknown) => keyColumn(resolveTable({ key }), "key");

  it("codes read in place: the index of row `from` in a piece that starts later", () => {
    const k = keysOf({ codes: Uint8Array.of(0), labels: ["EU", "US"] });
    const codes = Uint8Array.of(1, 0, 1, 1);
    const piece: Piece<KeyStore> = {
      start: 4,
      length: 4,
      values: { kind: "codes", codes, size: 2, remap: null },
      offset: 0,
      validity: null,
      validityOffset: 0,
    };
    // Row 6 is element 6 - 4 = 2.
    expect(readCodes(k, piece, 6, 2, new Int32Array(2))).toEqual({ array: codes, offset: 2 });
  });

  it("remapped codes: each code in range through the remap, any other -1", () => {
    const k = keysOf({
      codes: Uint8Array.of(0),
      labels: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
    });
    // remap [5, 7, 9]: codes 0, 1, 2 -> 5, 7, 9; -1 and 3 (= remap.length) and 4 -> -1.
    const piece: Piece<KeyStore> = {
      start: 10,
      length: 7,
      values: {
        kind: "codes",
        codes: Int8Array.of(1, -1, 2, 0, 3, 4, 0),
        size: 3,
        remap: Int32Array.of(5, 7, 9),
      },
      offset: 0,
      validity: null,
      validityOffset: 0,
    };
    const out = new Int32Array(7);
    const read = readCodes(k, piece, 10, 7, out);
    expect(read.array).toBe(out);
    expect(read.offset).toBe(0);
    expect(Array.from(out)).toEqual([7, -1, 9, 5, -1, -1, 5]);
    // Rows 12-13 only: codes 2, 0 -> 9, 5.
    const two = new Int32Array(2);
    readCodes(k, piece, 12, 2, two);
    expect(Array.from(two)).toEqual([9, 5]);
  });

  it("raw keys are interned as they are read, and only the rows read", () => {
    const k = keysOf(["b", "a", "c"]);
    const piece = k.pieces[0] as Piece<KeyStore>;
    const out = new Int32Array(3);
    readCodes(k, piece, 0, 2, out);
    expect(Array.from(out.subarray(0, 2))).toEqual([0, 1]);
    expect(k.labels).toEqual(["b", "a"]);
    readCodes(k, piece, 2, 1, out);
    expect(out[0]).toBe(2);
    expect(k.labels).toEqual(["b", "a", "c"]);
  });

  it("codeLimit: a piece's own code count when read in place, room for every code otherwise", () => {
    // Coded column with 2 labels: codes 0-1.
    const coded = keysOf({ codes: Uint8Array.of(0, 1), labels: ["EU", "US"] });
    expect(codeLimit(coded, coded.pieces[0] as Piece<KeyStore>)).toBe(2);
    // A piece read in place whose dictionary is smaller than the table's labels (3 here).
    const k = keysOf({ codes: Uint8Array.of(0), labels: ["EU", "US", "APAC"] });
    const small: Piece<KeyStore> = {
      ...(k.pieces[0] as Piece<KeyStore>),
      values: { kind: "codes", codes: Uint8Array.of(0), size: 1, remap: null },
    };
    expect(codeLimit(k, small)).toBe(1);
    // Remapped to table-wide code 2 from a 1-word dictionary: code 2 must pass the bound.
    const remapped: Piece<KeyStore> = {
      ...small,
      values: { kind: "codes", codes: Uint8Array.of(0), size: 1, remap: Int32Array.of(2) },
    };
    expect(codeLimit(k, remapped)).toBeGreaterThan(2);
  });
});

describe("toColumnPath and cellReader", () => {
  it("toColumnPath turns [row, field, ...] into [field, row, ...] and leaves other paths", () => {
    const issue = (path: (string | number)[], message: string) => ({
      code: "custom",
      path,
      message,
    });
    const mapped = toColumnPath(
      new MetricsInputError([
        issue([3, "score", "weight"], "m1"),
        issue(["score", 3], "m2"),
        issue([3, 4], "m3"),
        issue(["a", "b"], "m4"),
        issue([], "m5"),
      ]),
    );
    expect(mapped).toBeInstanceOf(MetricsInputError);
    expect(mapped.issues).toEqual([
      issue(["score", 3, "weight"], "m1"),
      issue(["score", 3], "m2"),
      issue([3, 4], "m3"),
      issue(["a", "b"], "m4"),
      issue([], "m5"),
    ]);
    // formatPath(["score", 3, "weight"]) = "score[3].weight".
    expect(mapped.message).toBe("score[3].weight: m1 (and 4 more)");
  });

  it("cellReader reads labels of coded columns, Arrow's get, and array elements", () => {
    const coded = cellReader({ codes: Uint8Array.of(1, 0), labels: ["EU", "US"] });
    expect([coded(0), coded(1)]).toEqual(["US", "EU"]);
    const arrowCells = cellReader(vector(INT, [chunk(INT, Int32Array.of(4, 5))], ["four", "five"]));
    expect([arrowCells(0), arrowCells(1)]).toEqual(["four", "five"]);
    const plain = cellReader(Float64Array.of(1.5, 2.5));
    expect(plain(1)).toBe(2.5);
  });

  it("weighted NPS reads rows through cellReader: the same result and errors as runMetric", () => {
    // Scores 10, 6, 9 with weights 1, 3, 3: promoters 1 + 3 = 4, detractors 3, of 7:
    // NPS = 100 × (4 - 3) / 7 = 100/7.
    const table = {
      score: vector(INT, [chunk(INT, Int32Array.of(10, 6, 9))], [10, 6, 9]),
      weight: { codes: Uint8Array.of(0, 1, 1), labels: [1, 3] },
    };
    const rows = [
      { score: 10, weight: 1 },
      { score: 6, weight: 3 },
      { score: 9, weight: 3 },
    ];
    const columnar = runMetricColumns(weightedNpsMetric, table);
    expect(columnar.value).toBeCloseTo(100 / 7, 12);
    expect(columnar).toEqual(runMetric(weightedNpsMetric, rows));
    // An answer of 11 at row 1: runMetric names [1, "score"], the columns ["score", 1].
    const bad = {
      ...table,
      score: vector(INT, [chunk(INT, Int32Array.of(10, 11, 9))], [10, 11, 9]),
    };
    const rowError = inputErrorOf(() =>
      runMetric(weightedNpsMetric, [rows[0], { score: 11, weight: 3 }, rows[2]]),
    );
    expect(rowError.issues[0]?.path).toEqual([1, "score"]);
    const error = inputErrorOf(() => runMetricColumns(weightedNpsMetric, bad));
    expect(error.issues).toEqual(
      rowError.issues.map((issue) => ({ ...issue, path: ["score", 1] })),
    );
    expect(error.message).toBe(`score[1]: ${rowError.issues[0]?.message}`);
  });

  it("pieceAt finds the piece holding a row", () => {
    const pieces = [0, 3, 5].map((start) => ({ ...wholePiece(null, 2), start }));
    expect([0, 2, 3, 4, 5, 6].map((row) => pieceAt(pieces, row).start)).toEqual([0, 0, 3, 3, 5, 5]);
  });
});
