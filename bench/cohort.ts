// Workload: monthly cohort retention (UTC) over 5M orders of 500k customers, 2022-2024.
// Engines: hand-written loops (typed arrays, objects with Date values), the library (columns,
// records, its SQL on DuckDB), DuckDB, nodejs-polars and arquero.
// Run: node --max-old-space-size=12000 bench/cohort.ts [--only a,b]
import { ORDERS_END, ORDERS_START, orderRecords, orders } from "./lib/data.ts";
import { cohortDigest } from "./lib/digest.ts";
import { type EngineReport, engineMain, heapMB, measure, measureEach } from "./lib/harness.ts";
import { type Library, library } from "./lib/library.ts";
import {
  type EngineLine,
  isMain,
  onlyEngines,
  runWorkload,
  type WorkloadResult,
} from "./lib/workload.ts";

const ROWS = Number(process.env["BENCH_COHORT_ROWS"] ?? 5_000_000);
const CUSTOMERS = Number(process.env["BENCH_COHORT_CUSTOMERS"] ?? 500_000);
const LOAD_RUNS = 3;
/** Observation end: just after the data (every engine uses all orders). */
const AS_OF = ORDERS_END;

type Cell = readonly [number, number, number];

function report(
  engine: string,
  time: EngineReport["time"],
  cells: readonly Cell[],
  extra: Partial<EngineReport> = {},
): EngineReport {
  return { engine, time, check: cohortDigest(cells), heapMB: heapMB(), ...extra };
}

/** Month starts (UTC) from the first month of the data to the one after the last. */
function monthStarts(): Float64Array {
  const out: number[] = [];
  const first = new Date(ORDERS_START);
  for (let k = 0; ; k++) {
    const t = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, 1);
    out.push(t);
    if (t >= ORDERS_END) break;
  }
  return Float64Array.from(out);
}

/** The records loop (see "hand-objects"), a function of its inputs. */
function cohortOfRecords(
  records: readonly { customerId: number; date: Date }[],
  starts: Float64Array,
): Cell[] {
  const months = starts.length - 1;
  const nominal = (ORDERS_END - ORDERS_START) / months;
  const words = (months + 31) >>> 5;
  const index = new Map<number, number>();
  let bits = new Uint32Array(1024 * words);
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as { customerId: number; date: Date };
    const t = r.date instanceof Date ? r.date.getTime() : Number.NaN;
    if (!Number.isFinite(t) || typeof r.customerId !== "number") throw new Error(`row ${i}`);
    let c = index.get(r.customerId);
    if (c === undefined) {
      c = index.size;
      index.set(r.customerId, c);
      if ((c + 1) * words > bits.length) {
        const next = new Uint32Array(bits.length * 2);
        next.set(bits);
        bits = next;
      }
    }
    let m = Math.floor((t - ORDERS_START) / nominal);
    if (m < 0) m = 0;
    if (m > months - 1) m = months - 1;
    while (m > 0 && (starts[m] as number) > t) m--;
    while (m < months - 1 && (starts[m + 1] as number) <= t) m++;
    const at = c * words + (m >>> 5);
    bits[at] = (bits[at] as number) | (1 << (m & 31));
  }
  const counts = new Float64Array(months * months);
  for (let c = 0; c < index.size; c++) {
    let first = -1;
    for (let w = 0; w < words; w++) {
      let word = bits[c * words + w] as number;
      while (word !== 0) {
        const low = word & -word;
        const m = w * 32 + (31 - Math.clz32(low));
        word ^= low;
        if (first < 0) first = m;
        counts[first * months + (m - first)] = (counts[first * months + (m - first)] as number) + 1;
      }
    }
  }
  const cells: Cell[] = [];
  for (let f = 0; f < months; f++) {
    for (let k = 0; f + k < months; k++)
      cells.push([starts[f] as number, k, counts[f * months + k] as number]);
  }
  return cells;
}

function cellsOfMatrix(matrix: ReturnType<Library["cohortRetention"]>): Cell[] {
  const cells: Cell[] = [];
  for (const row of matrix.cohorts) {
    const start = Date.parse(row.cohort.start);
    row.retained.forEach((n, k) => {
      if (n !== null && n > 0) cells.push([start, k, n]);
    });
  }
  return cells;
}

const engines: Record<string, () => Promise<EngineReport>> = {
  /**
   * The best hand-written loop over typed arrays: month boundaries precomputed, a month index
   * per order from a nominal-length estimate corrected against them, one bit per customer and
   * month (one random access per order); a customer's cohort is their lowest bit.
   */
  async "hand-typed"() {
    const data = orders(ROWS, CUSTOMERS);
    const starts = monthStarts();
    const months = starts.length - 1;
    const nominal = (ORDERS_END - ORDERS_START) / months;
    const { customer, date } = data;
    const { time, value } = await measure(() => {
      const words = (months + 31) >>> 5;
      const bits = new Uint32Array(data.customers * words);
      for (let i = 0; i < customer.length; i++) {
        const t = date[i] as number;
        if (!Number.isFinite(t)) throw new Error(`row ${i}`);
        let m = Math.floor((t - ORDERS_START) / nominal);
        if (m < 0) m = 0;
        if (m > months - 1) m = months - 1;
        while (m > 0 && (starts[m] as number) > t) m--;
        while (m < months - 1 && (starts[m + 1] as number) <= t) m++;
        const at = (customer[i] as number) * words + (m >>> 5);
        bits[at] = (bits[at] as number) | (1 << (m & 31));
      }
      const counts = new Float64Array(months * months);
      for (let c = 0; c < data.customers; c++) {
        let first = -1;
        for (let w = 0; w < words; w++) {
          let word = bits[c * words + w] as number;
          while (word !== 0) {
            const low = word & -word;
            const m = w * 32 + (31 - Math.clz32(low));
            word ^= low;
            if (first < 0) first = m;
            counts[first * months + (m - first)] =
              (counts[first * months + (m - first)] as number) + 1;
          }
        }
      }
      const cells: Cell[] = [];
      for (let f = 0; f < months; f++) {
        for (let k = 0; f + k < months; k++)
          cells.push([starts[f] as number, k, counts[f * months + k] as number]);
      }
      return cells;
    });
    return report("hand-typed", time, value);
  },

  /**
   * The best hand-written loop over records with Date values: a Map from customer id to a dense
   * index, then the typed-array method (month index, one bit per customer and month).
   */
  async "hand-objects"() {
    const records = orderRecords(orders(ROWS, CUSTOMERS));
    const starts = monthStarts();
    const { time, value } = await measure(() => cohortOfRecords(records, starts));
    return report("hand-objects", time, value);
  },

  /** The library on columns: cohortRetentionColumns over Int32Array + Float64Array. */
  async "library-columns"() {
    const lib = await library();
    const data = orders(ROWS, CUSTOMERS);
    const table = { customerId: data.customer, date: data.date, amount: data.amount };
    const { time, value } = await measure(() =>
      lib.cohortRetentionColumns(table, { kind: "orders", asOf: AS_OF }),
    );
    return report("library-columns", time, cellsOfMatrix(value));
  },

  /** The library on records (src/group's cohortRetention), orders with Date values. */
  async "library-objects"() {
    const lib = await library();
    const records = orderRecords(orders(ROWS, CUSTOMERS));
    // A slow path gets fewer runs, so that the whole benchmark stays within minutes: above 20 s
    // the first (cold) run is the only one.
    const probe = performance.now();
    const first = lib.cohortRetention(records, { kind: "orders", asOf: AS_OF });
    const once = performance.now() - probe;
    if (once > 20_000) {
      const time = { median: once, min: once, max: once, runs: [once] };
      return report("library-objects", time, cellsOfMatrix(first), {
        note: `1 cold run: ${(once / 1000).toFixed(1)} s is too slow for 7`,
      });
    }
    const runs = once > 5_000 ? 3 : undefined;
    const { time, value } = await measure(
      () => lib.cohortRetention(records, { kind: "orders", asOf: AS_OF }),
      runs,
      0,
    );
    return report("library-objects", time, cellsOfMatrix(value), {
      ...(runs === undefined
        ? {}
        : { note: `${runs} run(s): one run took ${(once / 1000).toFixed(1)} s` }),
    });
  },

  async duckdb() {
    return duckdb(false);
  },
  async "duckdb-library-sql"() {
    return duckdb(true);
  },

  /** nodejs-polars: truncate to months, first month per customer, distinct (customer, month). */
  async polars() {
    const { default: pl } = await import("nodejs-polars");
    const data = orders(ROWS, CUSTOMERS);
    const load = await measureEach(
      () =>
        pl.DataFrame({
          customer: pl.Series("customer", data.customer),
          date: pl.Series("date", data.date).cast(pl.Int64).cast(pl.Datetime("ms")),
        }),
      LOAD_RUNS,
    );
    const df = load.value;
    const { time, value } = await measure(() => {
      const monthly = df
        .select(
          pl.col("customer"),
          pl
            .col("date")
            .dt.year()
            .cast(pl.Int32)
            .mul(12)
            .add(pl.col("date").dt.month().cast(pl.Int32))
            .alias("month"),
        )
        .unique();
      const first = monthly.groupBy("customer").agg(pl.col("month").min().alias("cohort"));
      return monthly
        .join(first, { on: "customer" })
        .groupBy(["cohort", "month"])
        .agg(pl.len().alias("n"))
        .toRecords() as { cohort: number; month: number; n: number }[];
    });
    // Month keys are year * 12 + month (1-12).
    const cells = value.map(
      (r): Cell => [
        Date.UTC(Math.floor((r.cohort - 1) / 12), (r.cohort - 1) % 12, 1),
        r.month - r.cohort,
        Number(r.n),
      ],
    );
    return report("polars", time, cells, { load: load.time });
  },

  /** arquero: month keys, first month per customer, distinct (customer, month). */
  async arquero() {
    const aq = await import("arquero");
    const { op } = aq;
    const data = orders(ROWS, CUSTOMERS);
    const load = await measureEach(
      () => aq.table({ customer: data.customer, date: data.date }),
      LOAD_RUNS,
    );
    const table = load.value;
    const { time, value } = await measure(() => {
      const monthly = table
        .derive({ month: (d: { date: number }) => op.utcyear(d.date) * 12 + op.utcmonth(d.date) })
        .select("customer", "month")
        .dedupe("customer", "month");
      const first = monthly
        .groupby("customer")
        .rollup({ cohort: (d: { month: number }) => op.min(d.month) });
      return monthly
        .join(first, "customer")
        .groupby("cohort", "month")
        .count({ as: "n" })
        .objects() as { cohort: number; month: number; n: number }[];
    });
    const cells = value.map(
      (r): Cell => [Date.UTC(Math.floor(r.cohort / 12), r.cohort % 12, 1), r.month - r.cohort, r.n],
    );
    return report("arquero", time, cells, { load: load.time });
  },
};

/**
 * DuckDB: the orders appended in 2,048-row chunks (customer INTEGER, epoch ms BIGINT, amount),
 * then a TIMESTAMP column (UTC) for the date_trunc query, or the epoch ms for the library's SQL. The query is the usual SQL (date_trunc, first
 * month per customer, distinct customer-months); "library" runs `cohortRetentionSql` and
 * finalizes with `cohortRetentionFromSqlRows`.
 */
async function duckdb(librarySql: boolean): Promise<EngineReport> {
  const duck = await import("@duckdb/node-api");
  const data = orders(ROWS, CUSTOMERS);
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  const load = await measureEach(async () => {
    await connection.run("DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS orders");
    await connection.run("CREATE TABLE raw (customer INTEGER, ms BIGINT, amount DOUBLE)");
    const appender = await connection.createAppender("raw");
    const types = [duck.INTEGER, duck.BIGINT, duck.DOUBLE];
    for (let from = 0; from < data.rows; from += 2048) {
      const count = Math.min(2048, data.rows - from);
      const chunk = duck.DuckDBDataChunk.create(types, count);
      chunk.setColumnValues(0, Array.from(data.customer.subarray(from, from + count)));
      chunk.setColumnValues(
        1,
        Array.from(data.date.subarray(from, from + count), (ms) => BigInt(ms)),
      );
      chunk.setColumnValues(2, Array.from(data.amount.subarray(from, from + count)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    appender.closeSync();
    // UTC months: a plain TIMESTAMP for the date_trunc query (TIMESTAMPTZ truncation goes
    // through ICU and is several times slower); epoch ms for the library's SQL (dates: "epoch-ms").
    const date = librarySql ? "ms" : "make_timestamp(ms * 1000)";
    await connection.run(
      `CREATE TABLE orders AS SELECT customer AS "customerId", ${date} AS "date", amount FROM raw`,
    );
    await connection.run("DROP TABLE raw");
    return true;
  }, LOAD_RUNS);

  if (librarySql) {
    const lib = await library();
    const options = {
      table: "orders",
      start: ORDERS_START,
      asOf: AS_OF,
      dialect: "duckdb",
      dates: "epoch-ms",
    } as const;
    const sql = lib.cohortRetentionSql(options);
    const { time, value } = await measure(async () => {
      const reader = await connection.runAndReadAll(sql);
      return lib.cohortRetentionFromSqlRows(reader.getRowObjectsJS(), options);
    });
    connection.closeSync();
    instance.closeSync();
    return report("duckdb-library-sql", time, cellsOfMatrix(value), { load: load.time });
  }
  const query = `WITH o AS (
      SELECT "customerId" AS c, date_trunc('month', "date") AS m FROM orders
    ), f AS (SELECT c, MIN(m) AS cohort FROM o GROUP BY c),
    a AS (SELECT DISTINCT c, m FROM o)
    SELECT epoch_ms(f.cohort) AS cohort, datediff('month', f.cohort, a.m) AS k, COUNT(*) AS n
    FROM a JOIN f USING (c) GROUP BY f.cohort, a.m`;
  const { time, value } = await measure(async () => {
    const reader = await connection.runAndReadAll(query);
    return reader.getRowObjectsJS() as { cohort: bigint; k: bigint; n: bigint }[];
  });
  connection.closeSync();
  instance.closeSync();
  const cells = value.map((r): Cell => [Number(r.cohort), Number(r.k), Number(r.n)]);
  return report("duckdb", time, cells, { load: load.time });
}

export const LINES: readonly EngineLine[] = [
  { engine: "hand-typed", label: "hand-written loop, typed arrays", reference: true },
  { engine: "hand-objects", label: "hand-written loop, objects with Date values" },
  {
    engine: "library-columns",
    label: "library: cohortRetentionColumns (Int32Array + Float64Array)",
  },
  {
    engine: "library-objects",
    label: "library: cohortRetention(records), Date values (src/group)",
  },
  { engine: "duckdb", label: "DuckDB (date_trunc SQL)" },
  { engine: "duckdb-library-sql", label: "DuckDB running the library's cohortRetentionSql" },
  { engine: "polars", label: "nodejs-polars (month key = year · 12 + month)" },
  { engine: "arquero", label: "arquero" },
];

/** Runs every engine of this workload. */
export function run(only?: readonly string[]): Promise<WorkloadResult> {
  return runWorkload(
    new URL(import.meta.url).pathname,
    "cohort",
    `Monthly cohort retention: ${ROWS.toLocaleString("en-US")} orders, ${CUSTOMERS.toLocaleString("en-US")} customers`,
    "Customers of each first-order month active in each later month (UTC), every order checked.",
    LINES,
    only,
  );
}

if (!(await engineMain(engines)) && isMain(import.meta.url)) {
  const result = await run(onlyEngines());
  console.log(JSON.stringify(result, null, 2));
}
