// Column tables: the shapes accepted as columnar input (plain typed arrays, coded columns, Apache
// Arrow tables read through their public shape), resolved into pieces that the kernels read in
// blocks, without copying the caller's arrays. Nothing here imports apache-arrow.
import { inputError, MetricsInputError } from "../errors.js";

// ---------------------------------------------------------------------------------------------
// Public shapes

/** A key as it appears in results: a string or a finite number. */
export type ColumnKey = string | number;

/**
 * A dictionary-encoded column: row `i` holds `labels[codes[i]]`. The fastest shape for segment
 * and customer columns (`codes` a `Uint8Array`, `Uint16Array` or `Int32Array`).
 */
export interface CodedColumn {
  /** One code per row: an integer index into `labels`. */
  readonly codes: ArrayLike<number>;
  /** The value of each code (strings or finite numbers). */
  readonly labels: readonly ColumnKey[];
}

/** The part of an Apache Arrow `Data` chunk this module reads. */
export interface ArrowDataLike {
  readonly type: ArrowTypeLike;
  /** Offset of the chunk's first row in `nullBitmap` (`values` already starts at that row). */
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly nullBitmap?: Uint8Array | null | undefined;
  /** Numbers, codes of a dictionary chunk, or 64-bit integers. */
  readonly values: ArrayLike<number> | BigInt64Array | BigUint64Array;
  /** The labels of a dictionary chunk. */
  readonly dictionary?: ArrowVectorLike | null | undefined;
}

/** The part of an Apache Arrow `DataType` this module reads (`typeId`, the time `unit`). */
export interface ArrowTypeLike {
  readonly typeId: number;
  readonly unit?: number;
}

/** The part of an Apache Arrow `Vector` this module reads. */
export interface ArrowVectorLike {
  readonly length: number;
  readonly type: ArrowTypeLike;
  readonly data: readonly ArrowDataLike[];
  toArray(): ArrayLike<unknown>;
  get(index: number): unknown;
}

/**
 * The part of an Apache Arrow `Table` this module reads: `numRows`, `getChild(name)` and the
 * schema's field names. An `apache-arrow` table fits as it is; the library never imports Arrow.
 */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChild(name: string): ArrowVectorLike | null;
}

/**
 * One column: numbers (`Float64Array`, `Uint8Array`, ..., `number[]`), a {@link CodedColumn},
 * an array of values (strings, dates), or an Arrow vector.
 */
export type Column =
  | ArrayLike<number>
  | BigInt64Array
  | BigUint64Array
  | CodedColumn
  | readonly unknown[]
  | ArrowVectorLike;

/**
 * A row of a column table as metrics see it: field names are column names. Metrics used on
 * columns are typed for such rows (`npsMetric({ score: "score" })` reads column `score`).
 */
// biome-ignore lint/suspicious/noExplicitAny: `any` values let metrics typed for any record shape (interfaces included) be used on columns, and let `npsMetric({ score: "score" })` infer its field inline.
export type ColumnRow = { readonly [column: string]: any };

/**
 * Columnar input: an object of equally long columns by name, or an Apache Arrow table.
 * @example
 * const table: ColumnTable = {
 *   score: Uint8Array.of(10, 9, 3),
 *   region: { codes: Uint8Array.of(0, 1, 0), labels: ["EU", "US"] },
 * };
 * isColumnTable(table)
 * //=> true
 */
export type ColumnTable = { readonly [name: string]: Column } | ArrowTableLike;

/**
 * Whether `value` is columnar input (an object of columns or an Arrow table) rather than an
 * array of records.
 * @example
 * isColumnTable({ score: [10, 9] })
 * //=> true
 * isColumnTable([{ score: 10 }])
 * //=> false
 */
export function isColumnTable(value: unknown): value is ColumnTable {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (isArrowTable(value)) return true;
  for (const name of Object.keys(value)) {
    if (!isColumn(Reflect.get(value, name))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Arrow type ids (apache-arrow's `Type` enum) and time units

const ARROW_INT = 2;
const ARROW_FLOAT = 3;
const ARROW_UTF8 = 5;
const ARROW_DATE = 8;
const ARROW_TIMESTAMP = 10;
const ARROW_LARGE_UTF8 = 20;
const ARROW_UTF8_VIEW = 24;
const ARROW_DICTIONARY = -1;

/** Milliseconds per Arrow `TimeUnit` (SECOND, MILLISECOND, MICROSECOND, NANOSECOND). */
const MS_PER_UNIT = [1000, 1, 1e-3, 1e-6] as const;
const MS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Guards

function isArrowTable(value: object): value is ArrowTableLike {
  return (
    typeof Reflect.get(value, "getChild") === "function" &&
    typeof Reflect.get(value, "numRows") === "number"
  );
}

/** @internal */
export function isArrowVector(value: unknown): value is ArrowVectorLike {
  return (
    value !== null &&
    typeof value === "object" &&
    Array.isArray(Reflect.get(value, "data")) &&
    typeof Reflect.get(value, "toArray") === "function" &&
    typeof Reflect.get(value, "length") === "number"
  );
}

/** @internal */
export function isCodedColumn(value: unknown): value is CodedColumn {
  return (
    value !== null &&
    typeof value === "object" &&
    isArrayLike(Reflect.get(value, "codes")) &&
    Array.isArray(Reflect.get(value, "labels"))
  );
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || isNumberTypedArray(value);
}

/** A typed array of numbers (not 64-bit integers): every element is a number. */
function isNumberTypedArray(value: unknown): value is ArrayLike<number> {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

function isColumn(value: unknown): value is Column {
  return (
    isArrayLike(value) ||
    value instanceof BigInt64Array ||
    value instanceof BigUint64Array ||
    isCodedColumn(value) ||
    isArrowVector(value)
  );
}

/**
 * A 64-bit integer as a key or a cell: the number when it is a safe integer, else its decimal
 * string, so that two ids beyond 2^53 - 1 (which `Number` would round to one double) stay two
 * keys, and a result never holds a `bigint` (not JSON). @internal
 */
export function int64Value(x: bigint): number | string {
  const n = Number(x);
  return Number.isSafeInteger(n) ? n : String(x);
}

// ---------------------------------------------------------------------------------------------
// Resolved columns

/** Rows per block: kernels run block by block, conversions fill block-sized scratch arrays. */
export const BLOCK = 65_536;

/**
 * A run of rows of one column: rows `[start, start + length)` of the table are
 * `values[offset .. offset + length)`. @internal
 */
export interface Piece<V> {
  readonly start: number;
  readonly length: number;
  readonly values: V;
  readonly offset: number;
  /** Arrow validity bitmap (bit `validityOffset + j` is row `start + j`), or `null`. */
  readonly validity: Uint8Array | null;
  readonly validityOffset: number;
}

/** How the numbers of a piece are stored. @internal */
export type NumberStore =
  /** A typed array: every element is a number. */
  | { readonly kind: "typed"; readonly array: ArrayLike<number> }
  /** An array that may hold anything: each element is checked. */
  | { readonly kind: "array"; readonly array: readonly unknown[] }
  /** 64-bit integers, converted per block, times `scale` (ms per unit for times). */
  | {
      readonly kind: "int64";
      readonly array: BigInt64Array | BigUint64Array;
      readonly scale: number;
    }
  /** 32-bit integers times `scale` (Arrow date32: days). */
  | { readonly kind: "scaled"; readonly array: ArrayLike<number>; readonly scale: number };

/** A numeric column of a table, resolved. @internal */
export interface NumberColumn {
  readonly name: string;
  readonly pieces: readonly Piece<NumberStore>[];
}

/**
 * A table resolved for reading: its row count and a way to look up columns by name.
 * @internal
 */
export interface ResolvedTable {
  readonly rows: number;
  /** Column names, in the table's order. */
  readonly names: readonly string[];
  /** The raw column, or a {@link MetricsInputError} at `[name]` when there is none. */
  column(name: string): Column;
}

/**
 * Checks columnar input and returns its row count and columns. Every column of a plain table
 * must have the same length.
 * @internal
 */
export function resolveTable(table: unknown): ResolvedTable {
  if (table === null || typeof table !== "object" || Array.isArray(table)) {
    throw inputError(
      [],
      "expected a column table: an object of equally long columns, or an Arrow table",
    );
  }
  if (isArrowTable(table)) {
    const names = table.schema.fields.map((field) => field.name);
    return {
      rows: table.numRows,
      names,
      column(name) {
        const child = names.includes(name) ? table.getChild(name) : null;
        if (child === null) throw inputError([name], "expected a column of that name");
        return child;
      },
    };
  }
  const names = Object.keys(table);
  let rows: number | undefined;
  let first = "";
  for (const name of names) {
    const column: unknown = Reflect.get(table, name);
    if (!isColumn(column)) {
      throw inputError(
        [name],
        "expected a column: an array, a typed array, { codes, labels } or an Arrow vector",
      );
    }
    const length = columnLength(column);
    if (rows === undefined) {
      rows = length;
      first = name;
    } else if (length !== rows) {
      throw inputError(
        [name],
        `expected ${rows} values, the length of column ${JSON.stringify(first)} (got ${length})`,
      );
    }
  }
  return {
    rows: rows ?? 0,
    names,
    column(name) {
      const column: unknown = Object.hasOwn(table, name) ? Reflect.get(table, name) : undefined;
      if (column === undefined) throw inputError([name], "expected a column of that name");
      if (!isColumn(column)) throw inputError([name], "expected a column");
      return column;
    },
  };
}

function columnLength(column: Column): number {
  return isCodedColumn(column) ? column.codes.length : column.length;
}

/** A single piece covering the whole column, with no validity bitmap. */
function whole<V>(values: V, length: number): Piece<V>[] {
  return [{ start: 0, length, values, offset: 0, validity: null, validityOffset: 0 }];
}

function arrowPieces<V>(
  vector: ArrowVectorLike,
  store: (data: ArrowDataLike, index: number) => V,
): Piece<V>[] {
  const pieces: Piece<V>[] = [];
  let start = 0;
  vector.data.forEach((data, index) => {
    pieces.push({
      start,
      length: data.length,
      values: store(data, index),
      offset: 0,
      validity: data.nullCount > 0 ? (data.nullBitmap ?? null) : null,
      validityOffset: data.offset,
    });
    start += data.length;
  });
  return pieces;
}

/**
 * Resolves a numeric column (scores, amounts, dates as epoch ms). Arrow dates and timestamps
 * become epoch milliseconds; other Arrow types are rejected.
 * @internal
 */
export function numberColumn(table: ResolvedTable, name: string): NumberColumn {
  const column = table.column(name);
  if (isArrowVector(column)) {
    const pieces = arrowPieces<NumberStore>(column, (data) => arrowNumbers(data, name));
    return { name, pieces };
  }
  if (isCodedColumn(column)) {
    throw inputError([name], "expected a column of numbers, not { codes, labels }");
  }
  if (isNumberTypedArray(column)) {
    return { name, pieces: whole({ kind: "typed", array: column }, column.length) };
  }
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) {
    return { name, pieces: whole({ kind: "int64", array: column, scale: 1 }, column.length) };
  }
  if (!Array.isArray(column)) throw inputError([name], "expected a column of numbers");
  // A plain array: the kernels check every element.
  return { name, pieces: whole({ kind: "array", array: column }, column.length) };
}

function arrowNumbers(data: ArrowDataLike, name: string): NumberStore {
  const { typeId, unit } = data.type;
  const values = data.values;
  const int64 = values instanceof BigInt64Array || values instanceof BigUint64Array;
  if (typeId === ARROW_INT || typeId === ARROW_FLOAT) {
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      return { kind: "int64", array: values, scale: 1 };
    }
    return { kind: "typed", array: values };
  }
  if (typeId === ARROW_TIMESTAMP || (typeId === ARROW_DATE && unit === 1)) {
    const scale = typeId === ARROW_DATE ? 1 : (MS_PER_UNIT[unit ?? 1] ?? 1);
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      return { kind: "int64", array: values, scale };
    }
    return { kind: "scaled", array: values, scale };
  }
  if (typeId === ARROW_DATE && !int64 && !(values instanceof BigUint64Array)) {
    return { kind: "scaled", array: values, scale: MS_PER_DAY };
  }
  throw inputError([name], "expected an Arrow column of numbers, dates or timestamps");
}

/**
 * Reads rows `[from, from + count)` of a numeric piece: returns an array and the index of row
 * `from` in it. Typed arrays and plain arrays are read in place; 64-bit and scaled integers are
 * converted into `scratch` (a block-sized array), so no column is ever copied whole.
 * @internal
 */
export function readNumbers(
  piece: Piece<NumberStore>,
  from: number,
  count: number,
  scratch: Float64Array,
): { readonly array: ArrayLike<unknown>; readonly offset: number } {
  const store = piece.values;
  const at = piece.offset + (from - piece.start);
  switch (store.kind) {
    case "typed":
    case "array":
      return { array: store.array, offset: at };
    case "scaled": {
      const { array, scale } = store;
      for (let j = 0; j < count; j++) scratch[j] = (array[at + j] as number) * scale;
      return { array: scratch, offset: 0 };
    }
    case "int64": {
      const { array, scale } = store;
      for (let j = 0; j < count; j++) scratch[j] = Number(array[at + j]) * scale;
      return { array: scratch, offset: 0 };
    }
  }
}

/** Whether row `start + j` of a piece is null (Arrow validity bit unset). @internal */
export function isNullAt(piece: Piece<unknown>, row: number): boolean {
  const validity = piece.validity;
  if (validity === null) return false;
  const bit = piece.validityOffset + (row - piece.start);
  return ((validity[bit >> 3] as number) & (1 << (bit & 7))) === 0;
}

/** The first null row of `[from, from + count)` in a piece, or -1. @internal */
export function firstNull(piece: Piece<unknown>, from: number, count: number): number {
  if (piece.validity === null) return -1;
  for (let row = from; row < from + count; row++) if (isNullAt(piece, row)) return row;
  return -1;
}

/** The piece holding `row` (pieces are sorted by start). @internal */
export function pieceAt<V>(pieces: readonly Piece<V>[], row: number): Piece<V> {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pieces[mid] as Piece<V>).start <= row) lo = mid;
    else hi = mid - 1;
  }
  return pieces[lo] as Piece<V>;
}

// ---------------------------------------------------------------------------------------------
// Key columns (segments, customers): rows to dense integer codes

/** How the keys of a piece are stored. @internal */
export type KeyStore =
  /** Codes into `labels`; `remap` maps piece codes to table-wide codes when chunks differ. */
  | {
      readonly kind: "codes";
      readonly codes: ArrayLike<number>;
      readonly size: number;
      readonly remap: Int32Array | null;
    }
  /** Raw keys (strings, numbers), interned into codes as they are read. */
  | { readonly kind: "values"; readonly values: ArrayLike<unknown> };

/**
 * A key column resolved to dense codes `0..labels.length - 1`. `labels` grows while raw keys are
 * interned, so read it after the pass. @internal
 */
export interface KeyColumn {
  readonly name: string;
  readonly pieces: readonly Piece<KeyStore>[];
  readonly labels: unknown[];
  /** Whether no two codes share a label (else callers merge codes by label). */
  readonly uniqueLabels: boolean;
  /** Table-wide code of a raw key, interning it (raw-key pieces only). */
  intern(key: unknown): number;
}

/**
 * Resolves a key column: a {@link CodedColumn} or an Arrow dictionary column is read through
 * its codes (no per-row work beyond a bounds check); integer typed arrays whose values are
 * small non-negative integers are their own codes; anything else is interned through a `Map`.
 * @internal
 */
export function keyColumn(table: ResolvedTable, name: string): KeyColumn {
  const column = table.column(name);
  const labels: unknown[] = [];
  const index = new Map<unknown, number>();
  const intern = (key: unknown): number => {
    let code = index.get(key);
    if (code === undefined) {
      code = labels.length;
      labels.push(key);
      index.set(key, code);
    }
    return code;
  };
  const values = (array: ArrayLike<unknown>): KeyStore => ({ kind: "values", values: array });

  if (isCodedColumn(column)) {
    labels.push(...column.labels);
    const store: KeyStore = {
      kind: "codes",
      codes: column.codes,
      size: column.labels.length,
      remap: null,
    };
    const uniqueLabels = new Set(labels).size === labels.length;
    return { name, pieces: whole(store, column.codes.length), labels, uniqueLabels, intern };
  }
  if (isArrowVector(column)) {
    if (column.type.typeId === ARROW_DICTIONARY) {
      let shared: ArrowVectorLike | null = null;
      const pieces = arrowPieces<KeyStore>(column, (data) => {
        const dictionary = data.dictionary;
        const codes = data.values;
        if (
          dictionary === null ||
          dictionary === undefined ||
          codes instanceof BigInt64Array ||
          codes instanceof BigUint64Array
        ) {
          throw inputError([name], "expected an Arrow dictionary column with 8-32 bit indices");
        }
        const words = Array.from(dictionary.toArray(), (word) =>
          typeof word === "bigint" ? int64Value(word) : word,
        );
        if (shared === null || shared === dictionary) {
          // One dictionary for every chunk (the usual case): codes are table-wide codes.
          if (shared === null) {
            // Later dictionaries are interned against these labels.
            words.forEach((word, code) => {
              labels.push(word);
              if (!index.has(word)) index.set(word, code);
            });
          }
          shared = dictionary;
          return { kind: "codes", codes, size: words.length, remap: null };
        }
        const remap = Int32Array.from(words, (word) => intern(word));
        return { kind: "codes", codes, size: words.length, remap };
      });
      return { name, pieces, labels, uniqueLabels: new Set(labels).size === labels.length, intern };
    }
    const isText = [ARROW_UTF8, ARROW_LARGE_UTF8, ARROW_UTF8_VIEW].includes(column.type.typeId);
    if (isText) {
      // Strings have to be decoded once; dictionary columns avoid this.
      return {
        name,
        pieces: whole(values(column.toArray()), column.length),
        labels,
        uniqueLabels: true,
        intern,
      };
    }
    const numbers = numberColumn(table, name);
    const pieces = numbers.pieces.map((piece) => ({
      ...piece,
      values: values(keyStoreArray(piece.values)),
    }));
    return { name, pieces, labels, uniqueLabels: true, intern };
  }
  const size = isNumberTypedArray(column) ? smallCodeRange(column) : -1;
  if (isNumberTypedArray(column) && size >= 0) {
    for (let code = 0; code < size; code++) labels.push(code);
    const store: KeyStore = { kind: "codes", codes: column, size, remap: null };
    return { name, pieces: whole(store, column.length), labels, uniqueLabels: true, intern };
  }
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) {
    return {
      name,
      pieces: whole(values(Array.from(column, int64Value)), column.length),
      labels,
      uniqueLabels: true,
      intern,
    };
  }
  return {
    name,
    pieces: whole(values(column as ArrayLike<unknown>), column.length),
    labels,
    uniqueLabels: true,
    intern,
  };
}

/** The keys of a numeric piece: 64-bit integers exact ({@link int64Value}), times as epoch ms. */
function keyStoreArray(store: NumberStore): ArrayLike<unknown> {
  if (store.kind === "typed" || store.kind === "array") return store.array;
  if (store.kind === "scaled") return Array.from(store.array, (x) => x * store.scale);
  if (store.scale === 1) return Array.from(store.array, int64Value);
  return Array.from(store.array, (x) => Number(x) * store.scale);
}

/**
 * The size of the code range of an integer typed array whose values are non-negative and small
 * enough to index directly (max + 1), or -1. One pass.
 */
function smallCodeRange(array: ArrayLike<number>): number {
  if (
    !(
      array instanceof Uint8Array ||
      array instanceof Uint16Array ||
      array instanceof Int8Array ||
      array instanceof Int16Array ||
      array instanceof Int32Array ||
      array instanceof Uint32Array
    )
  ) {
    return -1;
  }
  let min = 0;
  let max = -1;
  for (let i = 0; i < array.length; i++) {
    const v = array[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min >= 0 && max < Math.max(1 << 16, 2 * array.length) ? max + 1 : -1;
}

/**
 * Fills `out[0 .. count)` with the table-wide codes of rows `[from, from + count)` of a key
 * piece, or returns the piece's own code array when it can be read in place. Returns the array
 * and the offset of row `from` in it. Codes are not checked here (the kernels check them;
 * remapped Arrow codes out of the dictionary become -1).
 * @internal
 */
export function readCodes(
  column: KeyColumn,
  piece: Piece<KeyStore>,
  from: number,
  count: number,
  out: Int32Array,
): { readonly array: ArrayLike<number>; readonly offset: number } {
  const store = piece.values;
  const at = piece.offset + (from - piece.start);
  if (store.kind === "codes") {
    const remap = store.remap;
    if (remap === null) return { array: store.codes, offset: at };
    const codes = store.codes;
    for (let j = 0; j < count; j++) {
      const code = codes[at + j] as number;
      out[j] = code >= 0 && code < remap.length ? (remap[code] as number) : -1;
    }
    return { array: out, offset: 0 };
  }
  const values = store.values;
  for (let j = 0; j < count; j++) out[j] = column.intern(values[at + j]);
  return { array: out, offset: 0 };
}

/** Number of codes a piece may hold (for bounds checks in the kernels). @internal */
export function codeLimit(column: KeyColumn, piece: Piece<KeyStore>): number {
  const store = piece.values;
  if (store.kind === "codes" && store.remap === null) return store.size;
  // Remapped and interned codes are produced by this module: always in range (or -1 for a bad
  // Arrow index, which the bound below rejects).
  return column.labels.length + BLOCK;
}

/**
 * Converts an input error raised by a record-based `add` (path `[row, field, ...]`) into the
 * columnar form (`[field, row, ...]`), so columnar errors always name the column first.
 * @internal
 */
export function toColumnPath(error: MetricsInputError): MetricsInputError {
  return new MetricsInputError(
    error.issues.map((issue) => {
      const [row, field, ...rest] = issue.path;
      if (typeof row === "number" && typeof field === "string") {
        return { ...issue, path: [field, row, ...rest] };
      }
      return issue;
    }),
  );
}

/** Reads row `row` of a column as a record field: labels for coded columns, Arrow's `get`. @internal */
export function cellReader(column: Column): (row: number) => unknown {
  if (isCodedColumn(column)) {
    const { codes, labels } = column;
    return (row) => labels[codes[row] as number];
  }
  if (isArrowVector(column)) {
    return (row) => {
      const value = column.get(row);
      return typeof value === "bigint" ? int64Value(value) : value;
    };
  }
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) {
    return (row) => int64Value(column[row] as bigint);
  }
  return (row) => column[row];
}
