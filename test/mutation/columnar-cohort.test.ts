// Tests written against mutants that survived in src/columnar/cohort.ts (Stryker, columnar area):
// the calendar grid's index, Arrow nulls, chunked Arrow columns, the checks of codes, labels,
// amounts and dates, customers whose codes share a label, the end of a too-wide matrix that is
// blamed, tables past one block of 65,536 rows, and the record path of the other modes.
// Expected values are worked out by hand in the comments, or are those of `cohortRetention` on
// the same orders as records: `cohortRetentionColumns` is documented to give the same matrix.
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  type ArrowTableLike,
  type ArrowVectorLike,
  type CohortRetentionColumnsOptions,
  type ColumnTable,
  cohortRetentionColumns,
  safeCohortRetentionColumns,
} from "../../src/columnar/index.ts";
import { MetricsInputError } from "../../src/errors.ts";
import {
  type CohortRetentionOptions,
  cohortRetention,
  cohortRetentionGeneral,
} from "../../src/group/cohort.ts";
import { expectInputError, inputErrorOf } from "../helpers.ts";

const day = 86_400_000;
const JAN = Date.UTC(2025, 0, 1);
const at = (iso: string): number => Date.parse(iso);

const DATE_MESSAGE =
  "expected a valid Date, epoch milliseconds, or an ISO 8601 string with an offset (Z or ±hh:mm), between years 0001 and 9999";
const ID_MESSAGE = "expected a customer id: a non-empty string or a finite number";
const COLUMN_ID_MESSAGE = "expected a customer id";
const AMOUNT_MESSAGE = "expected a finite amount >= 0";
const NO_COLUMN_MESSAGE = "expected a column of that name";
const widthMessage = (maxPeriods: number, interval: string): string =>
  `expected a matrix of at most maxPeriods (${maxPeriods}) ${interval}s from the oldest cohort to asOf: this date makes it wider (a mistyped date? else raise options.maxPeriods)`;

/** The issues of the input error `compute` throws, as `{ path, message }`. */
function issuesOf(compute: () => unknown): { path: unknown; message: string }[] {
  return inputErrorOf(compute).issues.map(({ path, message }) => ({ path, message }));
}

/** Both forms: the error of the thrower, the same error from the safe twin. */
function columnsError(
  table: unknown,
  options: CohortRetentionColumnsOptions,
  path: readonly (string | number)[],
  message: string,
): void {
  const error = expectInputError(
    () => cohortRetentionColumns(table as ColumnTable, options),
    () => safeCohortRetentionColumns(table as ColumnTable, options),
    path,
  );
  expect(error.issues.map((issue) => [issue.path, issue.message])).toEqual([[path, message]]);
}

interface OrderRow {
  readonly customerId: unknown;
  readonly date: number;
  readonly amount: number;
}

/** The orders of plain columns as records (amount 0 when the table has none). */
function ordersOf(
  customerId: readonly unknown[],
  date: ArrayLike<number>,
  amount?: ArrayLike<number>,
): OrderRow[] {
  return customerId.map((id, i) => ({
    customerId: id,
    date: date[i] as number,
    amount: amount === undefined ? 0 : (amount[i] as number),
  }));
}

/** `cohortRetention` (and its general path) on records: the reference of the columnar form. */
function reference(records: readonly OrderRow[], options: CohortRetentionOptions) {
  const rows = records as never;
  const general = cohortRetentionGeneral(rows, options);
  expect(cohortRetention(rows, options)).toEqual(general);
  return general;
}

/** A table shaped like an Arrow table (numRows, schema, getChild) over the given vectors. */
function arrowLike(rows: number, columns: Record<string, ArrowVectorLike>): ArrowTableLike {
  return {
    numRows: rows,
    schema: { fields: Object.keys(columns).map((name) => ({ name })) },
    getChild: (name) => columns[name] ?? null,
  };
}

/** An Arrow Float64 vector in chunks of the given sizes. */
function chunkedFloats(values: readonly number[], sizes: readonly number[]): ArrowVectorLike {
  const chunks: Float64Array[] = [];
  let from = 0;
  for (const size of sizes) {
    chunks.push(Float64Array.from(values.slice(from, from + size)));
    from += size;
  }
  expect(from).toBe(values.length);
  return arrow.makeVector(chunks) as unknown as ArrowVectorLike;
}

const ones = (n: number): number[] => Array.from({ length: n }, () => 1);

// ---------------------------------------------------------------------------------------------

describe("the calendar grid: each order in its period", () => {
  it("puts an order late in a long month and one at a period's first instant in their months", () => {
    // Months of 31, 28 and 31 days: a nominal month of 90 / 3 = 30 days puts 31 Jan 12:00
    // (30.5 days in) past the end of January and 1 Mar 00:00 (59 days in) before March; the
    // grid steps back and forward to the true period.
    // a: 31 Jan and 1 Mar; b: 10 Feb. asOf 1 Apr.
    // January cohort {a}: Jan 1, Feb 0, Mar 1; every period ended by 1 Apr -> [1, 0, 1].
    // February cohort {b}: Feb 1, Mar 0, April (k = 2) begins at asOf: not begun -> null.
    const table = {
      customerId: ["a", "b", "a"],
      date: Float64Array.of(at("2025-01-31T12:00:00Z"), JAN + 40 * day, at("2025-03-01T00:00:00Z")),
      amount: Float64Array.of(5, 0, 7),
    };
    const options = { kind: "orders", asOf: "2025-04-01T00:00:00Z" } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m).toEqual({
      grouping: "cohorts",
      kind: "orders",
      mode: "calendar",
      interval: "month",
      timeZone: "UTC",
      asOf: "2025-04-01T00:00:00.000+00:00",
      periods: 3,
      customers: 2,
      excluded: 0,
      cohorts: [
        {
          cohort: {
            start: "2025-01-01T00:00:00.000+00:00",
            end: "2025-02-01T00:00:00.000+00:00",
            timeZone: "UTC",
          },
          size: 1,
          retained: [1, 0, 1],
          retention: [1, 0, 1],
          complete: [true, true, true],
        },
        {
          cohort: {
            start: "2025-02-01T00:00:00.000+00:00",
            end: "2025-03-01T00:00:00.000+00:00",
            timeZone: "UTC",
          },
          size: 1,
          retained: [1, 0, null],
          retention: [1, 0, null],
          complete: [true, true, false],
        },
      ],
    });
    expect(m).toEqual(reference(ordersOf(table.customerId, table.date, table.amount), options));
  });

  it("reads the calendar in the time zone (Paris)", () => {
    // 31 Jan 23:30Z is 1 Feb 00:30 in Paris (UTC+1): a's first order is in February there.
    // b: 15 Jan and 10 Feb. asOf 1 Mar 00:00 Paris (28 Feb 23:00Z).
    // January cohort {b}: Jan 1, Feb 1; February ends at asOf -> complete: [1, 1].
    // February cohort {a}: Feb 1; March not begun -> [1, null].
    const table = {
      customerId: ["a", "b", "b"],
      date: [at("2025-01-31T23:30:00Z"), at("2025-01-15T12:00:00Z"), at("2025-02-10T00:00:00Z")],
    };
    const options = {
      kind: "orders",
      timeZone: "Europe/Paris",
      asOf: "2025-03-01T00:00:00+01:00",
    } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m.asOf).toBe("2025-03-01T00:00:00.000+01:00");
    expect(m.periods).toBe(2);
    expect(
      m.cohorts.map((row) => [
        row.cohort.start,
        row.cohort.end,
        row.size,
        row.retained,
        row.retention,
        row.complete,
      ]),
    ).toEqual([
      [
        "2025-01-01T00:00:00.000+01:00",
        "2025-02-01T00:00:00.000+01:00",
        1,
        [1, 1],
        [1, 1],
        [true, true],
      ],
      [
        "2025-02-01T00:00:00.000+01:00",
        "2025-03-01T00:00:00.000+01:00",
        1,
        [1, null],
        [1, null],
        [true, false],
      ],
    ]);
    expect(m).toEqual(reference(ordersOf(table.customerId, table.date), options));
    // In UTC the same orders make one January cohort {a, b}; in February only b: [1, 0.5].
    const utc = cohortRetentionColumns(table, { kind: "orders", asOf: "2025-03-01T00:00:00Z" });
    expect(utc.cohorts.map((row) => [row.size, row.retention])).toEqual([[2, [1, 0.5]]]);
  });

  it("equals cohortRetention for orders on period boundaries, in every unit, zone and week start", () => {
    // Instants on or next to boundaries: year ends, the end of a 31-day month, the last
    // millisecond of February, DST changes (New York 9 Mar and 2 Nov, Europe 30 Mar and 26 Oct,
    // Lord Howe's half hour), midnights of Paris (31 Mar 22:00Z), Kolkata (30 Jun 18:30Z) and
    // New York (1 Jan 05:00Z). Rows out of date order; string and number ids.
    const rows: [string | number, string][] = [
      [7, "2025-11-02T06:00:00Z"],
      ["a", "2024-12-31T23:30:00Z"],
      ["b", "2025-01-31T12:00:00Z"],
      [7, "2025-01-01T00:00:00Z"],
      ["a", "2025-02-28T23:59:59.999Z"],
      [7, "2025-03-01T00:00:00Z"],
      ["c", "2025-03-09T07:00:00Z"],
      ["b", "2025-03-30T01:00:00Z"],
      ["d", "2025-03-31T22:00:00Z"],
      ["a", "2025-06-30T18:30:00Z"],
      ["c", "2025-10-26T01:00:00Z"],
      ["e", "2025-12-31T23:59:00Z"],
      ["b", "2026-01-01T05:00:00Z"],
      ["f", "2025-04-05T15:00:00Z"],
    ];
    const customerId = rows.map(([id]) => id);
    const date = Float64Array.from(rows, ([, iso]) => at(iso));
    const records = ordersOf(customerId, date);
    const zones = [
      "UTC",
      "Europe/Paris",
      "America/New_York",
      "Asia/Kolkata",
      "Australia/Lord_Howe",
    ];
    const units: [NonNullable<CohortRetentionOptions["interval"]>, (0 | 1 | 6)[]][] = [
      ["week", [0, 1, 6]],
      ["month", [1]],
      ["quarter", [1]],
      ["year", [1]],
    ];
    // asOf: just after the last order, mid-year with 4 columns, or in Kolkata's calendar.
    const windows: { asOf?: string; periods?: number }[] = [
      {},
      { asOf: "2025-07-01T00:00:00Z", periods: 4 },
      { asOf: "2026-03-01T00:00:00+05:30" },
    ];
    let checked = 0;
    for (const timeZone of zones) {
      for (const [interval, starts] of units) {
        for (const weekStartsOn of starts) {
          for (const window of windows) {
            const options: CohortRetentionOptions = {
              kind: "orders",
              interval,
              timeZone,
              weekStartsOn,
              ...window,
            };
            expect(cohortRetentionColumns({ customerId, date }, options)).toEqual(
              reference(records, options),
            );
            checked++;
          }
        }
      }
    }
    // Days: two zones, 31 Dec 2024 (in some zones 30 Dec or 1 Jan) to asOf 1 Apr: about 92 columns.
    for (const timeZone of ["UTC", "America/New_York"]) {
      const options: CohortRetentionOptions = {
        kind: "orders",
        interval: "day",
        timeZone,
        asOf: "2025-04-01T00:00:00Z",
      };
      expect(cohortRetentionColumns({ customerId, date }, options)).toEqual(
        reference(records, options),
      );
      checked++;
    }
    expect(checked).toBe(5 * 6 * 3 + 2);
  });
});

// ---------------------------------------------------------------------------------------------

describe("dates of numeric columns are instants of years 0001-9999, as for records", () => {
  const MIN = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
  const MAX = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

  it("rejects a typed-array date past 9999 or before 0001 at its row (regression)", () => {
    // Before the fix a Float64Array date in year 10000 passed the row checks (it is finite)
    // and failed later in the grid with the path ["endMs"]; a record with that date fails at
    // its row with the date message.
    for (const bad of [MAX + 1, Date.UTC(10_000, 0, 1), MIN - 1, 1e300]) {
      const table = { customerId: ["a", "b"], date: Float64Array.of(JAN, bad) };
      columnsError(table, { kind: "orders", interval: "year" }, ["date", 1], DATE_MESSAGE);
      expect(
        issuesOf(() =>
          cohortRetention(ordersOf(table.customerId, table.date) as never, {
            kind: "orders",
            interval: "year",
          }),
        ),
      ).toEqual([{ path: [1, "date"], message: DATE_MESSAGE }]);
    }
  });

  it("rejects an Arrow timestamp past 9999 at its row (regression)", () => {
    const table = new arrow.Table({
      customerId: arrow.vectorFromArray(["a", "b"]),
      date: arrow.vectorFromArray(
        [new Date(JAN), new Date(Date.UTC(10_000, 0, 1))],
        new arrow.TimestampMillisecond(),
      ),
    });
    columnsError(table, { kind: "orders", interval: "year" }, ["date", 1], DATE_MESSAGE);
  });

  it("accepts the first and the last instant, as cohortRetention does (regression)", () => {
    // Before the fix an order at the last instant made the grid fail with the path ["endMs"]
    // (its end, one millisecond later, is past the range accepted).
    // (Daily: yearly cohorts of years 1-99 meet a bug of the record path, reported separately.)
    for (const edge of [MIN, MAX]) {
      const table = { customerId: ["a"], date: Float64Array.of(edge) };
      const options = { kind: "orders", interval: "day" } as const;
      const m = cohortRetentionColumns(table, options);
      expect(m.customers).toBe(1);
      expect(m).toEqual(reference(ordersOf(table.customerId, table.date), options));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("other modes and subscriptions: rows as records", () => {
  it("exact mode needs no amount column, as calendar mode (regression)", () => {
    // Before the fix the records had no amount and cohortRetention rejected them
    // (["amount", 0]: expected a finite amount >= 0), while calendar mode took the same table.
    // a: 15 Jan and 20 Feb; b: 3 Feb. asOf 1 Apr, mode "exact" (personal months from the first
    // order): a's k0 = [15 Jan, 15 Feb), k1 = [15 Feb, 15 Mar) holds 20 Feb, k2 = [15 Mar,
    // 15 Apr) has begun but not ended; b's k0 = [3 Feb, 3 Mar), k1 = [3 Mar, 3 Apr) not ended.
    // January cohort {a}: retained [1, 1, 0], retention [1, 1, null].
    // February cohort {b}: retained [1, 0, null] (k2 begins 3 Apr), retention [1, null, null].
    const table = {
      customerId: ["a", "b", "a"],
      date: Float64Array.of(JAN + 14 * day, JAN + 33 * day, JAN + 50 * day),
    };
    const options = { kind: "orders", mode: "exact", asOf: "2025-04-01T00:00:00Z" } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m.mode).toBe("exact");
    expect(m.periods).toBe(3);
    expect(m.cohorts.map((row) => [row.size, row.retained, row.retention])).toEqual([
      [1, [1, 1, 0], [1, 1, null]],
      [1, [1, 0, null], [1, null, null]],
    ]);
    expect(m).toEqual(reference(ordersOf(table.customerId, table.date), options));
    // With an amount column its values are checked.
    columnsError({ ...table, amount: [1, -1, 1] }, options, ["amount", 1], AMOUNT_MESSAGE);
  });

  it("reads subscriptions from renamed columns (end null or absent: active)", () => {
    // a: 10 Jan - 20 Feb; b: from 5 Feb, still active. asOf 1 Apr, calendar months.
    // January cohort {a}: Jan, Feb, not Mar -> [1, 1, 0] (March ends at asOf).
    // February cohort {b}: Feb, Mar -> [1, 1]; April not begun -> null.
    const table = {
      who: ["a", "b"],
      began: [at("2025-01-10T00:00:00Z"), at("2025-02-05T00:00:00Z")],
      ended: [at("2025-02-20T00:00:00Z"), null],
    };
    const options = {
      kind: "subscriptions",
      asOf: "2025-04-01T00:00:00Z",
      columns: { customerId: "who", start: "began", end: "ended" },
    } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m.kind).toBe("subscriptions");
    expect(m.cohorts.map((row) => [row.cohort.start, row.size, row.retention])).toEqual([
      ["2025-01-01T00:00:00.000+00:00", 1, [1, 1, 0]],
      ["2025-02-01T00:00:00.000+00:00", 1, [1, 1, null]],
    ]);
    const records = [
      { customerId: "a", start: table.began[0], end: table.ended[0] },
      { customerId: "b", start: table.began[1], end: null },
    ];
    const { columns: _, ...recordOptions } = options;
    expect(m).toEqual(cohortRetention(records as never, recordOptions));
    // Without the end column both are active until asOf: a in March too.
    // January cohort {a}: [1, 1, 1]; February cohort {b}: [1, 1, null].
    const open = cohortRetentionColumns({ who: table.who, began: table.began }, options);
    expect(open.cohorts.map((row) => row.retained)).toEqual([
      [1, 1, 1],
      [1, 1, null],
    ]);
    expect(open).toEqual(
      cohortRetention(
        records.map(({ customerId, start }) => ({ customerId, start })) as never,
        recordOptions,
      ),
    );
  });

  it("requires the customer, date and start columns, as calendar mode does", () => {
    const orders = { customerId: ["a", "b"] };
    columnsError(orders, { kind: "orders" }, ["date"], NO_COLUMN_MESSAGE);
    columnsError(orders, { kind: "orders", mode: "exact" }, ["date"], NO_COLUMN_MESSAGE);
    columnsError(
      { when: [JAN, JAN] },
      { kind: "orders", mode: "unbounded", columns: { date: "when" } },
      ["customerId"],
      NO_COLUMN_MESSAGE,
    );
    columnsError(
      { customerId: ["a"], end: [JAN] },
      { kind: "subscriptions" },
      ["start"],
      NO_COLUMN_MESSAGE,
    );
  });

  it("names the caller's column in errors of the record path", () => {
    const table = {
      who: ["a", "b", "c"],
      began: [JAN, "2025-01-02", JAN],
      ended: [JAN + day, null, JAN - day],
    };
    const columns = { customerId: "who", start: "began", end: "ended" };
    const error = inputErrorOf(() =>
      cohortRetentionColumns(table, { kind: "subscriptions", columns }),
    );
    expect(error.message).toBe(`began[1]: ${DATE_MESSAGE}`);
    expect(error.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ["began", 1], message: DATE_MESSAGE },
    ]);
    // End before start (row 2).
    expect(
      issuesOf(() =>
        cohortRetentionColumns(
          { ...table, began: [JAN, JAN, JAN] },
          { kind: "subscriptions", columns },
        ),
      ),
    ).toEqual([{ path: ["ended", 2], message: "expected end on or after start" }]);
    // Bad ids and dates of orders in exact mode, renamed.
    expect(
      issuesOf(() =>
        cohortRetentionColumns(
          { id: ["a", ""], when: [JAN, JAN] },
          { kind: "orders", mode: "exact", columns: { customerId: "id", date: "when" } },
        ),
      ),
    ).toEqual([{ path: ["id", 1], message: ID_MESSAGE }]);
    // Paths that are not a column stay as they are.
    expect(
      issuesOf(() =>
        cohortRetentionColumns(
          { id: ["a"], when: [JAN] },
          {
            kind: "orders",
            mode: "exact",
            timeZone: "Mars/Olympus",
            columns: { customerId: "id", date: "when" },
          },
        ),
      ),
    ).toEqual([
      {
        path: ["options", "timeZone"],
        message: 'expected an IANA time zone such as "UTC" or "Europe/Paris"',
      },
    ]);
  });

  it("lets errors that are not input errors through unchanged", () => {
    class FaultyDate extends Date {
      override getTime(): number {
        throw new RangeError("clock failure");
      }
    }
    const table = { customerId: ["a"], date: [new FaultyDate(JAN)] };
    let thrown: unknown;
    try {
      cohortRetentionColumns(table, { kind: "orders", mode: "exact" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect(thrown).not.toBeInstanceOf(MetricsInputError);
    expect((thrown as Error).message).toBe("clock failure");
  });
});

// ---------------------------------------------------------------------------------------------

describe("Arrow nulls: the first one, row by row", () => {
  const dictionary = () => new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  const times = (values: (number | null)[]) =>
    arrow.vectorFromArray(
      values.map((t) => (t === null ? null : new Date(t))),
      new arrow.TimestampMillisecond(),
    );

  it("a null customer, at the first row and later", () => {
    columnsError(
      new arrow.Table({
        customerId: arrow.vectorFromArray([null, "b", "a"], dictionary()),
        date: times([JAN, JAN, JAN]),
      }),
      { kind: "orders" },
      ["customerId", 0],
      COLUMN_ID_MESSAGE,
    );
    columnsError(
      new arrow.Table({
        customerId: arrow.vectorFromArray(["a", null, "b"], dictionary()),
        date: times([JAN, JAN, JAN]),
      }),
      { kind: "orders" },
      ["customerId", 1],
      COLUMN_ID_MESSAGE,
    );
  });

  it("a null date, at the first row and later", () => {
    const customerId = arrow.vectorFromArray(["a", "b", "a"], dictionary());
    columnsError(
      new arrow.Table({ customerId, date: times([null, JAN, JAN]) }),
      { kind: "orders" },
      ["date", 0],
      DATE_MESSAGE,
    );
    columnsError(
      new arrow.Table({ customerId, date: times([JAN, null, JAN]) }),
      { kind: "orders" },
      ["date", 1],
      DATE_MESSAGE,
    );
  });

  it("a null amount, at the first row and later", () => {
    const customerId = arrow.vectorFromArray(["a", "b", "a"], dictionary());
    const date = times([JAN, JAN, JAN]);
    columnsError(
      new arrow.Table({
        customerId,
        date,
        amount: arrow.vectorFromArray([null, 1, 2], new arrow.Float64()),
      }),
      { kind: "orders" },
      ["amount", 0],
      AMOUNT_MESSAGE,
    );
    columnsError(
      new arrow.Table({
        customerId,
        date,
        amount: arrow.vectorFromArray([1, null, 2], new arrow.Float64()),
      }),
      { kind: "orders" },
      ["amount", 1],
      AMOUNT_MESSAGE,
    );
  });

  it("the first problem in row order across the columns", () => {
    // Row 1's date is null, row 2's customer: row 1 first.
    columnsError(
      new arrow.Table({
        customerId: arrow.vectorFromArray(["a", "b", null], dictionary()),
        date: times([JAN, null, JAN]),
        amount: arrow.vectorFromArray([1, 2, null], new arrow.Float64()),
      }),
      { kind: "orders" },
      ["date", 1],
      DATE_MESSAGE,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("checks of codes, labels and amounts", () => {
  const date = Float64Array.of(JAN, JAN + day);

  it("rejects codes that are not integer indexes into the labels", () => {
    // 1.5 is not an integer, -1 is negative, 1 is past the one label ("a" is code 0).
    for (const [codes, labels] of [
      [
        [0, 1.5],
        ["a", "b", "c"],
      ],
      [
        [0, -1],
        ["a", "b"],
      ],
      [[0, 1], ["a"]],
    ] as const) {
      columnsError(
        { customerId: { codes, labels }, date },
        { kind: "orders" },
        ["customerId", 1],
        COLUMN_ID_MESSAGE,
      );
    }
    // The largest code in range is fine: labels a, b; codes 0 and 1 -> one January cohort of 2.
    const m = cohortRetentionColumns(
      { customerId: { codes: [0, 1], labels: ["a", "b"] }, date },
      { kind: "orders" },
    );
    expect(m.cohorts.map((row) => row.size)).toEqual([2]);
  });

  it("rejects labels that are not customer ids, naming the first row of the customer", () => {
    for (const bad of [null, Number.NaN, Number.POSITIVE_INFINITY, "", true]) {
      const customerId = ["a", bad, bad];
      columnsError(
        { customerId, date: Float64Array.of(JAN, JAN + day, JAN + 2 * day) },
        { kind: "orders" },
        ["customerId", 1],
        ID_MESSAGE,
      );
      expect(
        issuesOf(() =>
          cohortRetention(ordersOf(customerId, Float64Array.of(JAN, JAN, JAN)) as never, {
            kind: "orders",
          }),
        ),
      ).toEqual([{ path: [1, "customerId"], message: ID_MESSAGE }]);
    }
    // A bad label of a coded column is blamed at the first row holding its code (row 2).
    columnsError(
      {
        customerId: { codes: Int32Array.of(0, 0, 1, 1), labels: ["a", ""] },
        date: Float64Array.of(JAN, JAN, JAN, JAN),
      },
      { kind: "orders" },
      ["customerId", 2],
      ID_MESSAGE,
    );
    // Numbers and non-empty strings are ids: -3.5 and "0" are two customers.
    const m = cohortRetentionColumns({ customerId: [-3.5, "0"], date }, { kind: "orders" });
    expect(m.customers).toBe(2);
  });

  it("checks amounts: numbers >= 0 and finite, 0 included", () => {
    for (const bad of ["5", -1, Number.POSITIVE_INFINITY, Number.NaN, null]) {
      const amount = [3, bad];
      columnsError(
        { customerId: ["a", "b"], date, amount },
        { kind: "orders" },
        ["amount", 1],
        AMOUNT_MESSAGE,
      );
      expect(
        issuesOf(() =>
          cohortRetention(
            [
              { customerId: "a", date: JAN, amount: 3 },
              { customerId: "b", date: JAN + day, amount: bad },
            ] as never,
            { kind: "orders" },
          ),
        ),
      ).toEqual([{ path: [1, "amount"], message: AMOUNT_MESSAGE }]);
    }
    // An amount of 0 is an order: a and b, one January cohort of 2.
    const m = cohortRetentionColumns(
      { customerId: ["a", "b"], date, amount: Float64Array.of(0, 0) },
      { kind: "orders" },
    );
    expect(m.cohorts.map((row) => row.size)).toEqual([2]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("asOf: orders at or after it are left out", () => {
  it("leaves out an order exactly at asOf", () => {
    // a: 5 Jan; b: 1 Feb 00:00 = asOf -> excluded. January cohort {a}: [1], complete.
    const table = {
      customerId: ["a", "b"],
      date: Float64Array.of(JAN + 4 * day, at("2025-02-01T00:00:00Z")),
    };
    const options = { kind: "orders", asOf: "2025-02-01T00:00:00Z" } as const;
    const m = cohortRetentionColumns(table, options);
    expect([m.excluded, m.customers, m.periods]).toEqual([1, 1, 1]);
    expect(m.cohorts.map((row) => [row.size, row.retained, row.retention])).toEqual([
      [1, [1], [1]],
    ]);
    expect(m).toEqual(reference(ordersOf(table.customerId, table.date), options));
  });

  it("gives an empty matrix when every order is at or after asOf", () => {
    const table = { customerId: ["a", "b"], date: Float64Array.of(JAN, JAN + day) };
    const options = { kind: "orders", asOf: JAN, periods: 2 } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m).toEqual({
      grouping: "cohorts",
      kind: "orders",
      mode: "calendar",
      interval: "month",
      timeZone: "UTC",
      asOf: "2025-01-01T00:00:00.000+00:00",
      periods: 2,
      customers: 0,
      excluded: 2,
      cohorts: [],
    });
    expect(m).toEqual(reference(ordersOf(table.customerId, table.date), options));
  });
});

// ---------------------------------------------------------------------------------------------

describe("codes that share a label are one customer", () => {
  it("merges their periods, over rows of two 32-bit words", () => {
    // Daily periods 1 Jan ... 6 Feb: 37 periods, two words per customer. Labels x, a, b, a, c:
    // codes 1 and 3 are both customer a.
    //   x (code 0): 1 Jan              -> cohort 1 Jan, k = 0
    //   a (code 1): 2 Jan; (code 3): 4 Jan and 6 Feb -> cohort 2 Jan, k = 0, 2, 35
    //   b (code 2): 3 Jan and 5 Feb    -> cohort 3 Jan, k = 0, 33
    //   c (code 4): 1 Jan and 3 Jan    -> cohort 1 Jan, k = 0, 2
    // 4 customers. Cohort 1 Jan {x, c}: retained 2 at k = 0, 1 at k = 2, else 0.
    const codes = Int32Array.of(0, 1, 2, 3, 2, 3, 4, 4);
    const days = [0, 1, 2, 3, 35, 36, 0, 2];
    const labels = ["x", "a", "b", "a", "c"];
    const table = {
      customerId: { codes, labels },
      date: Float64Array.from(days, (d) => JAN + d * day),
    };
    const options = { kind: "orders", interval: "day" } as const;
    const m = cohortRetentionColumns(table, options);
    expect(m.customers).toBe(4);
    expect(m.periods).toBe(37);
    const active = m.cohorts.map((row) => [
      row.cohort.start,
      row.size,
      row.retained.flatMap((count, k) => (count === null || count === 0 ? [] : [[k, count]])),
    ]);
    expect(active).toEqual([
      [
        "2025-01-01T00:00:00.000+00:00",
        2,
        [
          [0, 2],
          [2, 1],
        ],
      ],
      [
        "2025-01-02T00:00:00.000+00:00",
        1,
        [
          [0, 1],
          [2, 1],
          [35, 1],
        ],
      ],
      [
        "2025-01-03T00:00:00.000+00:00",
        1,
        [
          [0, 1],
          [33, 1],
        ],
      ],
    ]);
    const ids = Array.from(codes, (code) => labels[code] as string);
    expect(m).toEqual(reference(ordersOf(ids, table.date), options));
  });
});

// ---------------------------------------------------------------------------------------------

describe("chunked Arrow columns, chunked differently", () => {
  // Seven orders of customers 10..14 (numbers), over January and February.
  const ids = [10, 11, 10, 12, 13, 11, 14];
  const dates = [0, 3, 33, 40, 9, 45, 58].map((d) => JAN + d * day);
  const amounts = [1, 2, 3, 4, 5, 6, 7];
  // By hand (months, asOf 1 Mar): January cohort {10, 11, 13}: Jan 3; Feb: 10 (3 Feb) and 11
  // (15 Feb) -> 2. February cohort {12, 14}: Feb 2; March (k = 1) not begun -> null.
  const expected = [
    [3, [3, 2], [1, 2 / 3]],
    [2, [2, null], [1, null]],
  ];
  const layouts: Record<string, [number[], number[], number[]]> = {
    "customers in 1-row chunks": [ones(7), [7], [7]],
    "dates in 1-row chunks": [[7], ones(7), [7]],
    "amounts in 1-row chunks": [[7], [7], ones(7)],
    "all chunked, unevenly": [
      [2, 1, 4],
      [1, 3, 3],
      [4, 1, 1, 1],
    ],
  };
  for (const [name, [idChunks, dateChunks, amountChunks]] of Object.entries(layouts)) {
    it(name, () => {
      const table = arrowLike(7, {
        customerId: chunkedFloats(ids, idChunks),
        date: chunkedFloats(dates, dateChunks),
        amount: chunkedFloats(amounts, amountChunks),
      });
      const options = { kind: "orders", asOf: "2025-03-01T00:00:00Z" } as const;
      const m = cohortRetentionColumns(table, options);
      expect(m.cohorts.map((row) => [row.size, row.retained, row.retention])).toEqual(expected);
      expect(m).toEqual(reference(ordersOf(ids, dates, amounts), options));
    });
  }

  it("names the first row of a bad id in a later chunk", () => {
    // NaN (not an id) first appears at row 3, in the fourth 1-row chunk.
    const table = arrowLike(5, {
      customerId: chunkedFloats([1, 2, 3, Number.NaN, Number.NaN], ones(5)),
      date: chunkedFloats([JAN, JAN, JAN, JAN, JAN], [5]),
    });
    columnsError(table, { kind: "orders" }, ["customerId", 3], ID_MESSAGE);
  });
});

// ---------------------------------------------------------------------------------------------

describe("a matrix wider than maxPeriods: the end farther from the customers is blamed", () => {
  // The error names the latest order (or options.asOf) when the median of the customers' first
  // orders is at least as close to the oldest cohort's start as to asOf, else the earliest.

  it("names the first of tied latest orders and of tied earliest orders", () => {
    // Daily, default maxPeriods (100,000 days, 273 years).
    // Firsts 5 Jan, 20 Jan 2025, 1 Jan 9999, 1 Jan 9999: median (2nd of 4) 20 Jan, far from
    // asOf -> the latest order, first of the two at 9999 (row 2).
    const late = {
      customerId: ["a", "b", "c", "d"],
      date: Float64Array.of(
        JAN + 4 * day,
        JAN + 19 * day,
        Date.UTC(9999, 0, 1),
        Date.UTC(9999, 0, 1),
      ),
    };
    const options = { kind: "orders", interval: "day" } as const;
    columnsError(late, options, ["date", 2], widthMessage(100_000, "day"));
    expect(issuesOf(() => reference(ordersOf(late.customerId, late.date), options))).toEqual([
      { path: [2, "date"], message: widthMessage(100_000, "day") },
    ]);
    // Firsts 1 Mar 2025, 1 Jan 1025 (rows 1 and 2), 2 and 3 Mar 2025: median (3rd of 5) 1 Mar,
    // near asOf -> the earliest order, the first of the two (row 1).
    const early = {
      customerId: ["a", "x", "y", "b", "c"],
      date: Float64Array.of(
        at("2025-03-01T00:00:00Z"),
        Date.UTC(1025, 0, 1),
        Date.UTC(1025, 0, 1),
        at("2025-03-02T00:00:00Z"),
        at("2025-03-03T00:00:00Z"),
      ),
    };
    columnsError(early, options, ["date", 1], widthMessage(100_000, "day"));
    expect(issuesOf(() => reference(ordersOf(early.customerId, early.date), options))).toEqual([
      { path: [1, "date"], message: widthMessage(100_000, "day") },
    ]);
  });

  it("measures from each customer's first order", () => {
    const options = { kind: "orders", interval: "day", maxPeriods: 30 } as const;
    // (1) Firsts 1 Jan 2020 (x, row 0), 1, 2, 3 Mar 2025: median (2nd of 4) 1 Mar 2025; asOf
    // (3 Mar + 1 ms) - median = 2 days < median - origin (5 years) -> the earliest, row 0.
    const early = {
      customerId: ["x", "a", "b", "c"],
      date: Float64Array.of(
        Date.UTC(2020, 0, 1),
        at("2025-03-01T00:00:00Z"),
        at("2025-03-02T00:00:00Z"),
        at("2025-03-03T00:00:00Z"),
      ),
    };
    columnsError(early, options, ["date", 0], widthMessage(30, "day"));
    // (2) b's rows: 1 Mar (row 0), then 2 Jan (row 2): b's first order is 2 Jan. Firsts 1 Jan
    // (a), 2 Jan (b), 1 Mar (c): median 2 Jan; asOf (1 Mar + 1 ms) - 2 Jan = 58 days >= 1 day
    // -> the latest order, the first at 1 Mar (row 0).
    const firstNotFirstRow = {
      customerId: ["b", "a", "b", "c"],
      date: Float64Array.of(at("2025-03-01T00:00:00Z"), JAN, JAN + day, at("2025-03-01T00:00:00Z")),
    };
    columnsError(firstNotFirstRow, options, ["date", 0], widthMessage(30, "day"));
    for (const table of [early, firstNotFirstRow]) {
      expect(issuesOf(() => reference(ordersOf(table.customerId, table.date), options))).toEqual([
        { path: [0, "date"], message: widthMessage(30, "day") },
      ]);
    }
  });

  it("leaves out orders at or after asOf", () => {
    // asOf 2 Mar. Firsts before it: 1 Jan (a), 2 Jan (b), 1 Mar (c): median 2 Jan; asOf - 2 Jan
    // = 59 days >= 1 day -> options.asOf. e1, e2, e3 order exactly at asOf: left out (with them
    // the median would be 1 Mar, and the earliest order blamed).
    const table = {
      customerId: ["a", "b", "c", "e1", "e2", "e3"],
      date: Float64Array.of(
        JAN,
        JAN + day,
        at("2025-03-01T00:00:00Z"),
        at("2025-03-02T00:00:00Z"),
        at("2025-03-02T00:00:00Z"),
        at("2025-03-02T00:00:00Z"),
      ),
    };
    const options = {
      kind: "orders",
      interval: "day",
      maxPeriods: 30,
      asOf: "2025-03-02T00:00:00Z",
    } as const;
    columnsError(table, options, ["options", "asOf"], widthMessage(30, "day"));
    expect(issuesOf(() => reference(ordersOf(table.customerId, table.date), options))).toEqual([
      { path: ["options", "asOf"], message: widthMessage(30, "day") },
    ]);
  });

  it("reads customers and dates in chunks", () => {
    // Customers 0..6 (numbers), each column in turn in 1-row chunks; daily, maxPeriods 30.
    // (1) Firsts 1 and 2 Jan 2020 (rows 0, 1), 2-6 Mar 2025: median (4th of 7) 4 Mar 2025;
    // asOf (6 Mar + 1 ms) - 4 Mar = 2 days < 4 Mar - 1 Jan 2020 -> the earliest order, row 0.
    // (2) Firsts 1-6 Jan 2025 and 1 Mar (row 4): median (4th of 7) 4 Jan; asOf (1 Mar + 1 ms)
    // - 4 Jan = 56 days >= 3 days -> the latest order, row 4.
    const designs: [string[], number][] = [
      [
        [
          "2020-01-01",
          "2020-01-02",
          "2025-03-02",
          "2025-03-03",
          "2025-03-06",
          "2025-03-04",
          "2025-03-05",
        ],
        0,
      ],
      [
        [
          "2025-01-01",
          "2025-01-02",
          "2025-01-03",
          "2025-01-04",
          "2025-03-01",
          "2025-01-05",
          "2025-01-06",
        ],
        4,
      ],
    ];
    const options = { kind: "orders", interval: "day", maxPeriods: 30 } as const;
    for (const [days, row] of designs) {
      const dates = days.map((d) => at(`${d}T00:00:00Z`));
      for (const [idChunks, dateChunks] of [
        [ones(7), [7]],
        [[7], ones(7)],
      ] as const) {
        const table = arrowLike(7, {
          customerId: chunkedFloats([0, 1, 2, 3, 4, 5, 6], idChunks),
          date: chunkedFloats(dates, dateChunks),
        });
        columnsError(table, options, ["date", row], widthMessage(30, "day"));
      }
      expect(issuesOf(() => reference(ordersOf([0, 1, 2, 3, 4, 5, 6], dates), options))).toEqual([
        { path: [row, "date"], message: widthMessage(30, "day") },
      ]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("tables longer than one block (65,536 rows)", () => {
  // These cross the block size on purpose: 65,540 rows, string ids (interned per block).
  const rows = 65_540;

  it("counts the orders of every block", () => {
    // Rows 0 .. 65,535: customer a on 5 Jan. Rows 65,536 ..: z on 2 Feb.
    // January cohort {a}: [1, 0]; February cohort {z}: [1, null] (asOf 1 Mar).
    const customerId = Array.from({ length: rows }, (_, i) => (i < 65_536 ? "a" : "z"));
    const date = Float64Array.from({ length: rows }, (_, i) =>
      i < 65_536 ? JAN + 4 * day : JAN + 32 * day,
    );
    const options = { kind: "orders", asOf: "2025-03-01T00:00:00Z" } as const;
    const m = cohortRetentionColumns({ customerId, date }, options);
    expect(m.cohorts.map((row) => [row.size, row.retained])).toEqual([
      [1, [1, 0]],
      [1, [1, null]],
    ]);
    expect(m).toEqual(reference(ordersOf(customerId, date), options));
  });

  it("names the row of a bad id or date in the second block", () => {
    const customerId = Array.from({ length: rows }, () => "a");
    customerId[65_538] = "";
    columnsError(
      { customerId, date: new Float64Array(rows).fill(JAN) },
      { kind: "orders" },
      ["customerId", 65_538],
      ID_MESSAGE,
    );
    // Dates as a plain array: row 65,537 (the second of its block) has no offset.
    const date: unknown[] = Array.from({ length: rows }, () => JAN);
    date[65_537] = "2025-01-01T00:00:00";
    columnsError(
      { customerId: new Uint8Array(rows), date },
      { kind: "orders" },
      ["date", 65_537],
      DATE_MESSAGE,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("options", () => {
  const table = {
    customerId: ["a", "b", "a"],
    date: Float64Array.of(JAN, JAN + 20 * day, JAN + 40 * day),
  };

  it("defaults to orders when no options are given", () => {
    // a: 1 Jan, 10 Feb; b: 21 Jan. asOf 10 Feb + 1 ms: January cohort {a, b}: [2, 1], February
    // not ended -> retention [1, null].
    const m = cohortRetentionColumns(table, undefined as never);
    expect([m.kind, m.mode, m.interval, m.timeZone]).toEqual([
      "orders",
      "calendar",
      "month",
      "UTC",
    ]);
    expect(m.cohorts.map((row) => [row.size, row.retained, row.retention])).toEqual([
      [2, [2, 1], [1, null]],
    ]);
  });

  it("names options.timeZone, and allows periods up to maxPeriods", () => {
    columnsError(
      table,
      { kind: "orders", timeZone: "Mars/Olympus" },
      ["options", "timeZone"],
      'expected an IANA time zone such as "UTC" or "Europe/Paris"',
    );
    const m = cohortRetentionColumns(table, { kind: "orders", periods: 2, maxPeriods: 2 });
    expect(m.periods).toBe(2);
    columnsError(
      table,
      { kind: "orders", periods: 3, maxPeriods: 2 },
      ["options", "periods"],
      "expected at most maxPeriods (2) periods (else raise options.maxPeriods)",
    );
  });
});
