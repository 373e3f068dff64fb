// Cohort retention over columns (customer + date arrays) in two passes over typed arrays, and
// the calendar-mode matrix built from per-cohort counts: shared with the SQL form.
import * as z from "zod/mini";
import { customerIdSchema, type Order } from "../customers/records.js";
import {
  attempt,
  inputError,
  MetricsInputError,
  parseWith,
  type SafeResult,
  schemaError,
} from "../errors.js";
import {
  type CohortCounts,
  type CohortRetention,
  type CohortRetentionOptions,
  checkMatrixWidth,
  cohortCountsOfBits,
  cohortMatrix,
  cohortRetention,
  cohortRetentionOptionsSchema,
} from "../group/cohort.js";
import { DEFAULT_MAX_PERIODS } from "../group/route.js";
import type { SchemaOutput } from "../stats/options.js";
import { dateInputSchema, toEpochMs } from "../time/instant.js";
import {
  addPeriodsUnchecked,
  type BucketOptions,
  bucketStartUnchecked,
  type CalendarInterval,
  resolveTimeZone,
} from "../time/period.js";
import {
  BLOCK,
  type ColumnTable,
  cellReader,
  firstNull,
  isNullAt,
  type KeyColumn,
  keyColumn,
  type NumberColumn,
  type NumberStore,
  numberColumn,
  type Piece,
  pieceAt,
  type ResolvedTable,
  readCodes,
  readNumbers,
  resolveTable,
  toColumnPath,
} from "./columns.js";

export { type CohortCounts, cohortMatrix } from "../group/cohort.js";

// ---------------------------------------------------------------------------------------------
// Options

/** Column names of the order (or subscription) fields in the table. */
export interface CohortColumns {
  /** Default `"customerId"`. */
  readonly customerId?: string;
  /** Order instant (epoch ms, an Arrow date/timestamp, Dates or ISO strings). Default `"date"`. */
  readonly date?: string;
  /** Order amount, checked (≥ 0) when the column exists. Default `"amount"`. */
  readonly amount?: string;
  /** Subscription start. Default `"start"`. */
  readonly start?: string;
  /** Subscription end (null while active). Default `"end"`. */
  readonly end?: string;
}

/** Options of {@link cohortRetentionColumns}: those of `cohortRetention`, and column names. */
export interface CohortRetentionColumnsOptions extends CohortRetentionOptions {
  readonly columns?: CohortColumns;
}

const columnsSchema = /* @__PURE__ */ z.optional(
  /* @__PURE__ */ z.strictObject({
    customerId: z.optional(z.string()),
    date: z.optional(z.string()),
    amount: z.optional(z.string()),
    start: z.optional(z.string()),
    end: z.optional(z.string()),
  }),
);

// ---------------------------------------------------------------------------------------------
// The grid: bucket index of an instant

/**
 * Period starts from the bucket of `min` through the bucket of `max`, and a fast index: a
 * nominal-length estimate corrected against the exact boundaries (month lengths, DST).
 */
function makeGrid(
  min: number,
  max: number,
  interval: CalendarInterval,
  options: BucketOptions & { readonly timeZone: string },
): { readonly starts: Float64Array; index(t: number): number } {
  // Period starts from min's period through the first start past max (the end of max's
  // period), each add(first, k) as listBuckets computes them, without its check of max + 1 (past
  // the last instant accepted when max is 9999-12-31T23:59:59.999Z).
  const first = bucketStartUnchecked(min, interval, options);
  const list = [first];
  while ((list[list.length - 1] as number) <= max) {
    list.push(addPeriodsUnchecked(first, interval, list.length, options.timeZone));
  }
  const starts = Float64Array.from(list);
  const last = starts.length - 2;
  // The mean period length (> 0: the grid ends past max, which is at or after first).
  const nominal = ((starts[last + 1] as number) - first) / (last + 1);
  return {
    starts: starts.subarray(0, last + 1),
    index(t) {
      let k = Math.floor((t - first) / nominal);
      if (k < 0) k = 0;
      else if (k > last) k = last;
      while (k > 0 && (starts[k] as number) > t) k--;
      while (k < last && (starts[k + 1] as number) <= t) k++;
      return k;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The columnar pass

interface Columns {
  readonly table: ResolvedTable;
  readonly customer: KeyColumn;
  readonly date: NumberColumn;
  readonly amount: NumberColumn | null;
}

/**
 * Instants of a block: numbers in place, or Dates / ISO strings read one by one (NaN where a
 * value is not an instant).
 */
function readInstants(
  piece: Piece<NumberStore>,
  from: number,
  count: number,
  scratch: Float64Array,
): { readonly array: ArrayLike<number>; readonly offset: number } {
  const read = readNumbers(piece, from, count, scratch);
  if (piece.values.kind !== "array") {
    return { array: read.array as ArrayLike<number>, offset: read.offset };
  }
  for (let j = 0; j < count; j++) scratch[j] = toEpochMs(read.array[read.offset + j]) ?? Number.NaN;
  return { array: scratch, offset: 0 };
}

function badDate(columns: Columns, piece: Piece<NumberStore>, row: number, value: unknown): never {
  throw schemaError(
    dateInputSchema,
    isNullAt(piece, row) ? null : value,
    [columns.date.name, row],
    "expected a valid Date, epoch milliseconds, or an ISO 8601 string with an offset",
  );
}

/**
 * Two passes over the columns, nothing allocated per row. Pass 1 (sequential) checks every row
 * and finds the range of instants before `asOf`; the calendar grid is built over that range.
 * Pass 2 sets one bit per customer and period (Uint32 words per customer): one random access
 * per row. A customer's cohort is their lowest set bit; each set bit counts them once in that
 * period. Codes that share a label (one customer) have their bits OR-ed together.
 */
function countCohorts(
  columns: Columns,
  interval: CalendarInterval,
  bucketOptions: BucketOptions & { readonly timeZone: string },
  givenAsOf: number | undefined,
  maxPeriods: number,
): { readonly counts: CohortCounts; readonly asOf: number | undefined } {
  const { table, customer, date, amount } = columns;
  const rows = table.rows;
  const limit = givenAsOf ?? Number.POSITIVE_INFINITY;
  let excluded = 0;
  let latest = Number.NEGATIVE_INFINITY;
  let earliest = Number.POSITIVE_INFINITY;
  let latestRow = -1;
  let earliestRow = -1;
  const codeScratch = new Int32Array(BLOCK);
  const dateScratch = new Float64Array(BLOCK);
  const amountScratch = new Float64Array(BLOCK);

  // Pass 1: every check, in row order; the range of instants kept.
  for (let from = 0; from < rows; ) {
    const customerPiece = pieceAt(customer.pieces, from);
    const datePiece = pieceAt(date.pieces, from);
    let count = Math.min(
      BLOCK,
      rows - from,
      customerPiece.start + customerPiece.length - from,
      datePiece.start + datePiece.length - from,
    );
    const amountPiece = amount === null ? null : pieceAt(amount.pieces, from);
    if (amountPiece !== null)
      count = Math.min(count, amountPiece.start + amountPiece.length - from);
    const codes = readCodes(customer, customerPiece, from, count, codeScratch);
    const times = readInstants(datePiece, from, count, dateScratch);
    const amounts =
      amountPiece === null ? null : readNumbers(amountPiece, from, count, amountScratch);
    if (
      firstNull(customerPiece, from, count) >= 0 ||
      firstNull(datePiece, from, count) >= 0 ||
      (amountPiece !== null && firstNull(amountPiece, from, count) >= 0)
    ) {
      // Arrow nulls: the first problem, row by row, in order.
      for (let j = 0; j < count; j++) {
        const row = from + j;
        if (isNullAt(customerPiece, row))
          throw inputError([customer.name, row], "expected a customer id");
        if (isNullAt(datePiece, row)) badDate(columns, datePiece, row, null);
        if (amountPiece !== null && amount !== null && isNullAt(amountPiece, row)) {
          throw inputError([amount.name, row], "expected a finite amount >= 0");
        }
      }
    }
    const limitCodes = customer.labels.length;
    const codeArray = codes.array;
    const codeOffset = codes.offset;
    const timeArray = times.array;
    const timeOffset = times.offset;
    for (let j = 0; j < count; j++) {
      const code = codeArray[codeOffset + j] as number;
      const t = timeArray[timeOffset + j] as number;
      if (!((code | 0) === code && code >= 0 && code < limitCodes)) {
        throw inputError([customer.name, from + j], "expected a customer id");
      }
      // Numbers (typed arrays, Arrow dates and timestamps) too must be instants of years
      // 0001-9999, as for records: NaN, ±Infinity and far dates are errors at their row.
      if (toEpochMs(t) === undefined) {
        const raw = readNumbers(datePiece, from + j, 1, new Float64Array(1));
        badDate(columns, datePiece, from + j, raw.array[raw.offset]);
      }
      if (amounts !== null && amount !== null) {
        const a = amounts.array[amounts.offset + j];
        if (typeof a !== "number" || !(a >= 0 && a !== Number.POSITIVE_INFINITY)) {
          throw inputError([amount.name, from + j], "expected a finite amount >= 0");
        }
      }
      if (t >= limit) excluded++;
      else {
        if (t > latest) {
          latest = t;
          latestRow = from + j;
        }
        if (t < earliest) {
          earliest = t;
          earliestRow = from + j;
        }
      }
    }
    from += count;
  }
  const asOf = givenAsOf ?? (Number.isFinite(latest) ? latest + 1 : undefined);
  const none = { counts: { starts: [], sizes: [], active: () => 0, customers: 0, excluded }, asOf };
  if (asOf === undefined || !Number.isFinite(earliest)) return none;

  // At most maxPeriods columns from the oldest cohort's start to asOf (as cohortRetention).
  const origin = bucketStartUnchecked(earliest, interval, bucketOptions);
  checkMatrixWidth(
    origin,
    asOf,
    interval,
    bucketOptions.timeZone,
    maxPeriods,
    () => customersFirstOrders(columns, limit),
    givenAsOf === undefined ? [date.name, latestRow] : ["options", "asOf"],
    [date.name, earliestRow],
  );

  // Pass 2: one bit per customer and period of the grid.
  const grid = makeGrid(earliest, latest, interval, bucketOptions);
  const periods = grid.starts.length;
  const words = (periods + 31) >>> 5;
  const labels = customer.labels.length;
  const bits = new Uint32Array(labels * words);
  for (let from = 0; from < rows; ) {
    const customerPiece = pieceAt(customer.pieces, from);
    const datePiece = pieceAt(date.pieces, from);
    const count = Math.min(
      BLOCK,
      rows - from,
      customerPiece.start + customerPiece.length - from,
      datePiece.start + datePiece.length - from,
    );
    const codes = readCodes(customer, customerPiece, from, count, codeScratch);
    const times = readInstants(datePiece, from, count, dateScratch);
    const codeArray = codes.array;
    const codeOffset = codes.offset;
    const timeArray = times.array;
    const timeOffset = times.offset;
    for (let j = 0; j < count; j++) {
      const t = timeArray[timeOffset + j] as number;
      if (t >= limit) continue;
      const g = grid.index(t);
      const at = (codeArray[codeOffset + j] as number) * words + (g >>> 5);
      bits[at] = (bits[at] as number) | (1 << (g & 31));
    }
    from += count;
  }

  // Codes of one customer (equal labels) are one customer: their bits go to the first code.
  if (!customer.uniqueLabels) {
    const seen = new Map<unknown, number>();
    for (let code = 0; code < labels; code++) {
      const id = seen.get(customer.labels[code]);
      if (id === undefined) seen.set(customer.labels[code], code);
      else {
        for (let w = 0; w < words; w++) {
          bits[id * words + w] =
            (bits[id * words + w] as number) | (bits[code * words + w] as number);
          bits[code * words + w] = 0;
        }
      }
    }
  }

  // Each customer: cohort = lowest set bit; each set bit counts them in that period.
  // Each customer's label is checked once, where the customer has an order.
  const checkLabel = (code: number): void => {
    const label = customer.labels[code];
    if (!((typeof label === "string" && label.length > 0) || Number.isFinite(label))) {
      throw schemaError(
        customerIdSchema,
        label,
        [customer.name, firstRowOfCode(columns, code)],
        "expected a customer id: a non-empty string or a finite number",
      );
    }
  };
  return {
    counts: cohortCountsOfBits(
      bits,
      words,
      labels,
      Array.from(grid.starts),
      excluded,
      null,
      checkLabel,
    ),
    asOf,
  };
}

/**
 * The customers' first orders before `limit` (the error path of a too-wide matrix: a second pass
 * over checked columns, to blame the end farther from the customers).
 */
function customersFirstOrders(columns: Columns, limit: number): number[] {
  const { table, customer, date } = columns;
  const firsts = new Map<unknown, number>();
  const codeScratch = new Int32Array(BLOCK);
  const dateScratch = new Float64Array(BLOCK);
  for (let from = 0; from < table.rows; ) {
    const customerPiece = pieceAt(customer.pieces, from);
    const datePiece = pieceAt(date.pieces, from);
    const count = Math.min(
      BLOCK,
      table.rows - from,
      customerPiece.start + customerPiece.length - from,
      datePiece.start + datePiece.length - from,
    );
    const codes = readCodes(customer, customerPiece, from, count, codeScratch);
    const times = readInstants(datePiece, from, count, dateScratch);
    for (let j = 0; j < count; j++) {
      const t = times.array[times.offset + j] as number;
      if (t >= limit) continue;
      const label = customer.labels[codes.array[codes.offset + j] as number];
      const first = firsts.get(label);
      if (first === undefined || t < first) firsts.set(label, t);
    }
    from += count;
  }
  return [...firsts.values()];
}

function firstRowOfCode(columns: Columns, code: number): number {
  const scratch = new Int32Array(BLOCK);
  for (let from = 0; from < columns.table.rows; ) {
    const piece = pieceAt(columns.customer.pieces, from);
    const count = Math.min(BLOCK, columns.table.rows - from, piece.start + piece.length - from);
    const read = readCodes(columns.customer, piece, from, count, scratch);
    for (let j = 0; j < count; j++) if (read.array[read.offset + j] === code) return from + j;
    from += count;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Public entry point

/**
 * Cohort retention over columnar input: the same {@link CohortRetention} as `cohortRetention`
 * gives for the same orders as records.
 *
 * For orders in `"calendar"` mode (the default) it runs two passes over the columns: the first
 * checks every row and keeps each customer's first order; the second puts each order in its
 * calendar period (in `timeZone`) and sets one bit per customer and period, counting each
 * customer once per period. Memory: a few bytes per customer and period, nothing per row.
 * Other modes and subscriptions read the rows as records and call `cohortRetention`.
 *
 * Columns: `customerId` (a `{ codes, labels }` column, small integer codes, or ids), `date`
 * (epoch ms in a `Float64Array`, an Arrow date or timestamp, or Dates / ISO strings) and,
 * if present, `amount` (checked ≥ 0); rename them with `options.columns`. Errors name the
 * column and row: `["date", 41]`.
 * @example
 * const table = {
 *   customerId: Int32Array.of(0, 1, 0, 2),
 *   date: Float64Array.of(Date.UTC(2025, 0, 5), Date.UTC(2025, 0, 20), Date.UTC(2025, 1, 3), Date.UTC(2025, 1, 10)),
 * };
 * const m = cohortRetentionColumns(table, { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
 * m.cohorts.map((row) => [row.size, row.retention])
 * //=> [[2, [1, 0.5]], [1, [1, null]]]
 */
export function cohortRetentionColumns(
  table: ColumnTable,
  options: CohortRetentionColumnsOptions,
): CohortRetention {
  const resolved = resolveTable(table);
  const { columns: names, ...rest } = options ?? { kind: "orders" };
  const columnNames = parseWith(columnsSchema, names, ["options", "columns"]) ?? {};
  const parsed = parseWith(cohortRetentionOptionsSchema, rest, ["options"]);
  const mode = parsed.mode ?? "calendar";
  if (parsed.kind !== "orders" || mode !== "calendar")
    return viaRecords(resolved, rest, columnNames);

  const interval = parsed.interval ?? "month";
  const timeZone = resolveTimeZone(parsed.timeZone, ["options", "timeZone"]);
  const bucketOptions = { timeZone, weekStartsOn: parsed.weekStartsOn ?? 1 };
  // The options schema has checked asOf (dateInputSchema: toEpochMs(value) !== undefined).
  const givenAsOf = toEpochMs(parsed.asOf);
  const amountName = columnNames.amount ?? "amount";
  const columns: Columns = {
    table: resolved,
    customer: keyColumn(resolved, columnNames.customerId ?? "customerId"),
    date: numberColumn(resolved, columnNames.date ?? "date"),
    amount: resolved.names.includes(amountName) ? numberColumn(resolved, amountName) : null,
  };
  const maxPeriods = parsed.maxPeriods ?? DEFAULT_MAX_PERIODS;
  if (parsed.periods !== undefined && parsed.periods > maxPeriods) {
    throw inputError(
      ["options", "periods"],
      `expected at most maxPeriods (${maxPeriods}) periods (else raise options.maxPeriods)`,
    );
  }
  const { counts, asOf } = countCohorts(columns, interval, bucketOptions, givenAsOf, maxPeriods);
  return cohortMatrix(counts, { interval, timeZone, asOf, periods: parsed.periods });
}

/** Other modes: rows as records through `cohortRetention`, errors mapped back to columns. */
function viaRecords(
  table: ResolvedTable,
  options: CohortRetentionOptions,
  names: SchemaOutput<CohortColumns>,
): CohortRetention {
  const fields =
    options.kind === "orders"
      ? ([
          ["customerId", names.customerId],
          ["date", names.date],
          ["amount", names.amount],
        ] as const)
      : ([
          ["customerId", names.customerId],
          ["start", names.start],
          ["end", names.end],
        ] as const);
  // Every column is required but `end` (absent: every subscription is active) and `amount`:
  // amounts are only checked, so without the column there are none to check (as in calendar
  // mode), and the records get an amount of 0.
  const readers = fields.flatMap(([field, name]) => {
    const column = name ?? field;
    if (table.names.includes(column) || (field !== "end" && field !== "amount")) {
      return [[field, column, cellReader(table.column(column))] as const];
    }
    return field === "amount" ? [[field, column, () => 0] as const] : [];
  });
  const records: unknown[] = new Array(table.rows);
  // (records carry the Order / Subscription fields read from the columns)
  for (let row = 0; row < table.rows; row++) {
    const record: Record<string, unknown> = {};
    for (const [field, , read] of readers) record[field] = read(row);
    records[row] = record;
  }
  try {
    // The records carry the Order / Subscription fields read from the columns; cohortRetention
    // checks each of them inline, as it does for any caller's records.
    return cohortRetention(records as unknown as readonly Order[], options);
  } catch (error) {
    if (!(error instanceof MetricsInputError)) throw error;
    const columnOf = new Map<string, string>(readers.map(([field, column]) => [field, column]));
    const mapped = toColumnPath(error);
    throw new MetricsInputError(
      mapped.issues.map((issue) => {
        const [field, ...rest] = issue.path;
        return typeof field === "string" && columnOf.has(field)
          ? { ...issue, path: [columnOf.get(field) as string, ...rest] }
          : issue;
      }),
    );
  }
}

/** {@link cohortRetentionColumns} that returns `{ ok, value }` or `{ ok: false, error }`. */
export function safeCohortRetentionColumns(
  table: ColumnTable,
  options: CohortRetentionColumnsOptions,
): SafeResult<CohortRetention> {
  return attempt(() => cohortRetentionColumns(table, options));
}
