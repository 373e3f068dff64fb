// The counting kernels behind the fast paths: metrics that are a function of the counts of one
// integer answer (Metric.histogram) are tallied by counting answers into one Float64Array per
// metric, indexed by group code × width + answer − min, and calling fromCounts once per group.
// Records and columns each get a kernel; both check every value inline.
import { inputError, type MetricsInputError } from "../errors.js";
import type { AnyMetric, HistogramSpec } from "../metric.js";
import {
  BLOCK,
  codeLimit,
  firstNull,
  isNullAt,
  type KeyColumn,
  type KeyStore,
  type NumberColumn,
  type NumberStore,
  type Piece,
  pieceAt,
  readCodes,
  readNumbers,
} from "./columns.js";

/** The histogram specs of every metric, or `undefined` when one metric has none. @internal */
export function histogramSpecs<R>(
  metrics: readonly AnyMetric<R>[],
): readonly HistogramSpec<R, unknown>[] | undefined {
  const specs: HistogramSpec<R, unknown>[] = [];
  for (const metric of metrics) {
    const spec: HistogramSpec<R, unknown> | undefined = metric.histogram;
    if (spec === undefined || !isUsableSpec(spec)) return undefined;
    specs.push(spec);
  }
  return specs;
}

/**
 * Whether the kernels can count a histogram's answers: integer bounds, `min <= max`, and at most
 * 1,024 answers (beyond that, one counter per group and answer costs more than `add`).
 * @internal
 */
export function isUsableSpec(spec: HistogramSpec<never, unknown>): boolean {
  return (
    Number.isInteger(spec.min) &&
    Number.isInteger(spec.max) &&
    spec.max >= spec.min &&
    spec.max - spec.min < 1024
  );
}

/** Answer counts of each group, per metric, and rows per group. @internal */
export interface GroupCounts {
  /** Number of groups (codes `0 .. groups - 1`). */
  readonly groups: number;
  /** Rows per group. */
  readonly rows: Float64Array<ArrayBuffer>;
  /** Per metric: `counts[code * width + answer - min]`. */
  readonly counts: readonly Float64Array<ArrayBuffer>[];
}

/** The tally of one group for one metric. @internal */
export function groupTally<R>(
  spec: HistogramSpec<R, unknown>,
  counts: Float64Array,
  code: number,
): unknown {
  const width = spec.max - spec.min + 1;
  return spec.fromCounts(counts.subarray(code * width, code * width + width));
}

function grow(array: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  if (array.length >= size) return array;
  const next = new Float64Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

// ---------------------------------------------------------------------------------------------
// Records

/** A segment key as the group helpers accept it. */
function isKey(key: unknown): key is string | number {
  return typeof key === "string" || (typeof key === "number" && Number.isFinite(key));
}

/**
 * Readable records: a type guard, so that fields are read with a plain `record[name]`, which V8
 * caches per call site (`Reflect.get` is not inlined and costs about 50% more per row).
 */
function isRecordObject(record: unknown): record is { readonly [field: string]: unknown } {
  return record !== null && typeof record === "object";
}

/** Whether plain property reads of these names are safe (none is on `Object.prototype`). */
function plainNames(names: readonly (string | undefined)[]): boolean {
  return names.every((name) => name === undefined || !(name in Object.prototype));
}

/**
 * Counts answers of records by segment key, for metrics that all have a histogram, in one
 * pass: the fast path of `bySegment`. Returns `undefined` when the fast path does not apply
 * (a metric without a histogram, or a field named like an `Object.prototype` member); the
 * caller then routes records through `add`.
 *
 * Every record is checked inline: its key (a string or a finite number), then each metric's
 * answer (an integer `min..max`). `badKey` builds the error for a bad key at `[index, key]`
 * (or `[index]` for a key function); a bad answer throws the metric's own error.
 * @internal
 */
export function countRecordsByKey<R>(
  records: readonly R[],
  keyOf: string | ((record: R, index: number) => unknown),
  metrics: readonly AnyMetric<R>[],
  badKey: (key: unknown, path: readonly (string | number)[]) => MetricsInputError,
): { readonly keys: readonly (string | number)[]; readonly counts: GroupCounts } | undefined {
  const specs = histogramSpecs(metrics);
  if (specs === undefined) return undefined;
  const keyName = typeof keyOf === "string" ? keyOf : undefined;
  const keyFn = typeof keyOf === "function" ? keyOf : undefined;
  if (!plainNames([keyName, ...specs.map((spec) => spec.field)])) return undefined;

  const only = specs.length === 1 ? specs[0] : undefined;
  if (
    keyName !== undefined &&
    only !== undefined &&
    only.get === undefined &&
    only.field !== undefined
  ) {
    return countByNamedKey(records, keyName, only, only.field, badKey);
  }
  const keys: (string | number)[] = [];
  const codes = new Map<unknown, number>();
  let rows = new Float64Array(64);
  const widths = specs.map((spec) => spec.max - spec.min + 1);
  const counts = widths.map((width) => new Float64Array(64 * width));
  const single = specs.length === 1 && specs[0]?.get === undefined ? specs[0] : undefined;

  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    let key: unknown;
    if (keyFn !== undefined) key = keyFn(record as R, i);
    else if (keyName !== undefined && isRecordObject(record)) key = record[keyName];
    let code = codes.get(key);
    if (code === undefined) {
      if (!isKey(key)) throw badKey(key, keyName === undefined ? [i] : [i, keyName]);
      code = keys.length;
      keys.push(key);
      codes.set(key, code);
      if (code >= rows.length) {
        rows = grow(rows, 2 * rows.length);
        for (let m = 0; m < specs.length; m++) {
          counts[m] = grow(
            counts[m] as Float64Array<ArrayBuffer>,
            rows.length * (widths[m] as number),
          );
        }
      }
    }
    rows[code] = (rows[code] as number) + 1;
    if (single !== undefined) {
      // One metric reading a field: the common case, kept free of the inner loop.
      const field = single.field;
      const value =
        field === undefined ? record : isRecordObject(record) ? record[field] : undefined;
      const min = single.min;
      const width = single.max - min + 1;
      const v = typeof value === "number" ? value - min : Number.NaN;
      if (!((v | 0) === v && v >= 0 && v < width)) {
        throw single.invalid(value, field === undefined ? [i] : [i, field]);
      }
      const target = counts[0] as Float64Array;
      target[code * width + v] = (target[code * width + v] as number) + 1;
      continue;
    }
    for (let m = 0; m < specs.length; m++) {
      const spec = specs[m] as HistogramSpec<R, unknown>;
      const field = spec.field;
      const value =
        spec.get !== undefined
          ? spec.get(record as R, i)
          : field === undefined
            ? record
            : isRecordObject(record)
              ? record[field]
              : undefined;
      const width = spec.max - spec.min + 1;
      const v = typeof value === "number" ? value - spec.min : Number.NaN;
      if (!((v | 0) === v && v >= 0 && v < width)) {
        throw spec.invalid(value, field === undefined ? [i] : [i, field]);
      }
      const target = counts[m] as Float64Array;
      target[code * width + v] = (target[code * width + v] as number) + 1;
    }
  }
  return { keys, counts: { groups: keys.length, rows, counts } };
}

/**
 * The common case in its own tight loop: the key and the answer are plain fields, one metric.
 * Rows per group are the sum of the group's answer counts, folded at the end.
 */
function countByNamedKey<R>(
  records: readonly R[],
  keyName: string,
  spec: HistogramSpec<R, unknown>,
  field: string,
  badKey: (key: unknown, path: readonly (string | number)[]) => MetricsInputError,
): { readonly keys: readonly (string | number)[]; readonly counts: GroupCounts } {
  const keys: (string | number)[] = [];
  const codes = new Map<unknown, number>();
  const min = spec.min;
  const width = spec.max - min + 1;
  let counts = new Float64Array(64 * width);
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    if (!isRecordObject(record)) throw badKey(undefined, [i, keyName]);
    const key = record[keyName];
    let code = codes.get(key);
    if (code === undefined) {
      if (!isKey(key)) throw badKey(key, [i, keyName]);
      code = keys.length;
      keys.push(key);
      codes.set(key, code);
      counts = grow(counts, (code + 1) * width);
    }
    const value = record[field];
    const v = typeof value === "number" ? value - min : Number.NaN;
    if (!((v | 0) === v && v >= 0 && v < width)) throw spec.invalid(value, [i, field]);
    const at = code * width + v;
    counts[at] = (counts[at] as number) + 1;
  }
  const rows = new Float64Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    let n = 0;
    for (let v = 0; v < width; v++) n += counts[k * width + v] as number;
    rows[k] = n;
  }
  return { keys, counts: { groups: keys.length, rows, counts: [counts] } };
}

// ---------------------------------------------------------------------------------------------
// Columns

/** One metric over a column: its spec and the resolved answer column. @internal */
export interface ColumnSpec<R> {
  readonly spec: HistogramSpec<R, unknown>;
  readonly column: NumberColumn;
}

/** A typed array of numbers, viewed per block with `subarray` (no copy). */
type NumberView = ArrayLike<number> & {
  subarray(begin: number, end: number): ArrayLike<number>;
};

function isView(array: ArrayLike<unknown>): array is NumberView {
  return ArrayBuffer.isView(array);
}

/**
 * Counts one block: `values` and `codes` are typed arrays of the block's rows (views, indexed
 * from 0). Returns 1 when some value or code is out of range, else 0; the counts are then
 * meaningless and the caller looks for the first bad row. The check is a branch that never
 * fires on good data; a bad index writes out of range (ignored) or into a slot that is
 * thrown away with the error.
 */
function countBlock(
  counts: Float64Array,
  values: ArrayLike<number>,
  codes: ArrayLike<number> | null,
  count: number,
  min: number,
  width: number,
  codeLimit: number,
): number {
  let bad = 0;
  if (codes === null) {
    for (let j = 0; j < count; j++) {
      const v = (values[j] as number) - min;
      if (v >>> 0 >= width || (v | 0) !== v) bad = 1;
      const at = v | 0;
      counts[at] = (counts[at] as number) + 1;
    }
    return bad;
  }
  for (let j = 0; j < count; j++) {
    const v = (values[j] as number) - min;
    const k = codes[j] as number;
    if (v >>> 0 >= width || k >>> 0 >= codeLimit || (v | 0) !== v || (k | 0) !== k) bad = 1;
    const at = (k * width + v) | 0;
    counts[at] = (counts[at] as number) + 1;
  }
  return bad;
}

/** {@link countBlock} for plain arrays, which may hold anything: each element's type is checked. */
function countBlockAny(
  counts: Float64Array,
  values: ArrayLike<unknown>,
  offset: number,
  codes: ArrayLike<number> | null,
  count: number,
  min: number,
  width: number,
  codeLimit: number,
): number {
  let bad = 0;
  for (let j = 0; j < count; j++) {
    const raw = values[offset + j];
    const v = typeof raw === "number" ? raw - min : Number.NaN;
    const k = codes === null ? 0 : (codes[j] as number);
    if (v >>> 0 >= width || k >>> 0 >= codeLimit || (v | 0) !== v || (k | 0) !== k) bad = 1;
    const at = (k * width + v) | 0;
    counts[at] = (counts[at] as number) + 1;
  }
  return bad;
}

/** The codes of a block as a typed array indexed from 0 (a view, or copied into `scratch`). */
function codeView(
  read: { readonly array: ArrayLike<number>; readonly offset: number },
  count: number,
  scratch: Int32Array,
): ArrayLike<number> {
  const { array, offset } = read;
  if (array === scratch) return scratch;
  if (isView(array)) return array.subarray(offset, offset + count);
  // A plain array may hold anything: what is not an exact 32-bit integer (1.5, NaN, null, "1",
  // 2^32) becomes -1, out of range, so that the row is reported rather than truncated into range.
  for (let j = 0; j < count; j++) {
    const code = array[offset + j] as number;
    scratch[j] = (code | 0) === code ? code : -1;
  }
  return scratch;
}

/**
 * Counts the answers of each metric's column by the key column's code (or all in group 0 when
 * `key` is `null`), block by block, reading the caller's arrays in place. On a bad value the
 * first offending row is found and its error thrown: a null or out-of-range key code at
 * `[keyColumn, row]`, or the metric's own error at `[answerColumn, row]` (row order, the key
 * before the answers of a row, answers in metric order). `columns` is not empty: a group's rows
 * are its answers to the first metric.
 * @internal
 */
export function countColumns<R>(
  rows: number,
  key: KeyColumn | null,
  columns: readonly ColumnSpec<R>[],
): GroupCounts {
  const widths = columns.map(({ spec }) => spec.max - spec.min + 1);
  let groups = key === null ? 1 : Math.max(1, key.labels.length);
  let rowCounts = new Float64Array(groups);
  const counts = columns.map((_, m) => new Float64Array(groups * (widths[m] as number)));
  const codeScratch = new Int32Array(BLOCK);
  const numberScratch = new Float64Array(BLOCK);

  for (let from = 0; from < rows; ) {
    // A block ends at BLOCK rows or at the end of any column's piece.
    let count = Math.min(BLOCK, rows - from);
    const keyPiece = key === null ? null : pieceAt(key.pieces, from);
    if (keyPiece !== null) count = Math.min(count, keyPiece.start + keyPiece.length - from);
    const answerPieces = columns.map(({ column }) => pieceAt(column.pieces, from));
    for (const piece of answerPieces) count = Math.min(count, piece.start + piece.length - from);

    let codes: ArrayLike<number> | null = null;
    let limit = 1;
    if (key !== null && keyPiece !== null) {
      if (firstNull(keyPiece, from, count) >= 0) {
        throwFirstProblem(from, count, key, keyPiece, columns, answerPieces);
      }
      codes = codeView(readCodes(key, keyPiece, from, count, codeScratch), count, codeScratch);
      // Interned keys may have added groups.
      if (key.labels.length > groups) {
        groups = Math.max(key.labels.length, 2 * groups);
        rowCounts = grow(rowCounts, groups);
        for (let m = 0; m < counts.length; m++) {
          counts[m] = grow(counts[m] as Float64Array<ArrayBuffer>, groups * (widths[m] as number));
        }
      }
      limit = Math.min(codeLimit(key, keyPiece), groups);
    }
    let bad = 0;
    for (let m = 0; m < columns.length && bad === 0; m++) {
      const { spec } = columns[m] as ColumnSpec<R>;
      const piece = answerPieces[m] as Piece<NumberStore>;
      if (firstNull(piece, from, count) >= 0) bad = 1;
      else {
        const { array, offset } = readNumbers(piece, from, count, numberScratch);
        const target = counts[m] as Float64Array;
        const width = widths[m] as number;
        bad = isView(array)
          ? countBlock(
              target,
              array.subarray(offset, offset + count),
              codes,
              count,
              spec.min,
              width,
              limit,
            )
          : countBlockAny(target, array, offset, codes, count, spec.min, width, limit);
      }
    }
    if (bad !== 0) throwFirstProblem(from, count, key, keyPiece, columns, answerPieces);
    from += count;
  }
  // Every row gives one answer to each metric: a group's rows are its first metric's answers.
  const first = counts[0];
  const width = widths[0];
  if (first !== undefined && width !== undefined) {
    for (let k = 0; k < groups; k++) {
      let n = 0;
      for (let v = 0; v < width; v++) n += first[k * width + v] as number;
      rowCounts[k] = n;
    }
  }
  return { groups: key === null ? 1 : key.labels.length, rows: rowCounts, counts };
}

/** Rechecks a block row by row, in order, and throws the first problem's error. */
function throwFirstProblem<R>(
  from: number,
  count: number,
  key: KeyColumn | null,
  keyPiece: Piece<KeyStore> | null,
  columns: readonly ColumnSpec<R>[],
  answerPieces: readonly Piece<NumberStore>[],
): never {
  const codes =
    key !== null && keyPiece !== null
      ? readCodes(key, keyPiece, from, count, new Int32Array(count))
      : null;
  const limit =
    key !== null && keyPiece !== null ? Math.min(codeLimit(key, keyPiece), key.labels.length) : 1;
  const answers = columns.map((_, m) =>
    readNumbers(answerPieces[m] as Piece<NumberStore>, from, count, new Float64Array(count)),
  );
  for (let j = 0; j < count; j++) {
    const row = from + j;
    if (key !== null && keyPiece !== null && codes !== null) {
      if (isNullAt(keyPiece, row)) throw inputError([key.name, row], "expected a key, got null");
      const code = codes.array[codes.offset + j] as number;
      if (!((code | 0) === code && code >= 0 && code < limit)) {
        throw inputError(
          [key.name, row],
          `expected a code from 0 to ${limit - 1} (an index into the labels)`,
        );
      }
    }
    for (let m = 0; m < columns.length; m++) {
      const { spec, column } = columns[m] as ColumnSpec<R>;
      const piece = answerPieces[m] as Piece<NumberStore>;
      const answer = answers[m] as { array: ArrayLike<unknown>; offset: number };
      const value = isNullAt(piece, row) ? null : answer.array[answer.offset + j];
      const v = typeof value === "number" ? value - spec.min : Number.NaN;
      if (!((v | 0) === v && v >= 0 && v <= spec.max - spec.min)) {
        throw spec.invalid(value, [column.name, row]);
      }
    }
  }
  // The block failed but no row does: the kernels and this check disagree, which is a bug.
  throw new Error("columnar kernel: a block was rejected but no row is invalid");
}
