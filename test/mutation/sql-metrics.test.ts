// Mutation tests of the SQL metric forms (src/sql/{cohort,customers,rates,survey,reviews,
// order-value}.ts) and of src/duckdb.ts. Oracles: the emitted SQL run on DuckDB and finalized
// by fromSqlRows, compared with the in-memory metric (bySegment) on the same records; or rows
// written by hand whose expected outcome is worked out in comments.
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { duckdbRelation, queryDuckDB } from "../../src/duckdb.ts";
import { MetricsInputError } from "../../src/errors.ts";
import { bySegment } from "../../src/group/segment.ts";
import { cohortRetentionFromSqlRows, cohortRetentionSql } from "../../src/sql/cohort.ts";
import {
  churnSqlMetric,
  mrrChurnSqlMetric,
  repeatPurchaseRateSqlMetric,
  repeatRateSqlMetric,
} from "../../src/sql/customers.ts";
import { arpuSqlMetric } from "../../src/sql/order-value.ts";
import { fromSqlRows, type SqlRow, toSql } from "../../src/sql/query.ts";
import {
  clickThroughRateSqlMetric,
  conversionRateSqlMetric,
  openRateSqlMetric,
  referralRateSqlMetric,
  snsEngagementRateSqlMetric,
} from "../../src/sql/rates.ts";
import { reviewSummarySqlMetric } from "../../src/sql/reviews.ts";
import { csatSqlMetric, npsSqlMetric } from "../../src/sql/survey.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { inputErrorOf, jsonRoundTrip } from "../helpers.ts";

type Rec = Record<string, unknown>;

let instance: DuckDBInstance;
let run: (sql: string) => Promise<SqlRow[]>;

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** Creates table `name` with the given column types and records. */
async function table(name: string, types: Record<string, string>, records: readonly Rec[]) {
  const cols = Object.keys(types);
  await run(`CREATE TABLE ${name} (${cols.map((c) => `"${c}" ${types[c]}`).join(", ")})`);
  if (records.length === 0) return;
  const values = records.map((r) => `(${cols.map((c) => literal(r[c])).join(", ")})`);
  await run(`INSERT INTO ${name} VALUES ${values.join(", ")}`);
}

/** The SQL on DuckDB, finalized, equals bySegment on the same records (grouped by `g`). */
async function sameAsMemory(metrics: never, name: string, records: readonly Rec[]) {
  const rows = await run(toSql(metrics, { table: name, groupBy: "g" }));
  const sql = fromSqlRows(metrics, rows, { groupBy: "g" });
  expect(jsonRoundTrip(sql)).toEqual(jsonRoundTrip(bySegment(records, "g", metrics)));
  return rows;
}

/** The error fromSqlRows throws on the SQL's rows (or undefined). */
async function sqlError(metrics: never, name: string, dates?: "epoch-ms"): Promise<unknown> {
  const rows = await run(toSql(metrics, { table: name, ...(dates ? { dates } : {}) }));
  try {
    fromSqlRows(metrics, rows);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A result row of one SQL metric: `n`, then every other field as a `<prefix>__<field>` column. */
function metricRow(prefix: string, fields: Record<string, number>, n: number): SqlRow {
  return Object.fromEntries([
    ["n", n],
    ...Object.entries(fields)
      .filter(([k]) => k !== "n")
      .map(([k, v]) => [`${prefix}__${k}`, v]),
  ]);
}

const EVENTS: readonly Rec[] = [
  "click",
  "click",
  "impression",
  "impression",
  "impression",
  "conversion",
  "visit",
  "visit",
  "referral",
  "customer",
  "customer",
  "customer",
  "open",
  "delivered",
  "delivered",
  "it's",
  "like",
  "share",
].map((type, k) => ({ g: k % 2 === 0 ? "a" : "b", type }));

const SNS: readonly Rec[] = [
  {
    g: "a",
    likes: 3,
    shares: 1,
    comments: 2,
    urlClicks: 4,
    imageClicks: 5,
    videoPlays: 6,
    reach: 100,
  },
  {
    g: "a",
    likes: 0,
    shares: 2,
    comments: 0,
    urlClicks: 1,
    imageClicks: 2,
    videoPlays: 3,
    reach: 50,
  },
  {
    g: "b",
    likes: 7,
    shares: 0,
    comments: 1,
    urlClicks: 9,
    imageClicks: 1,
    videoPlays: 2,
    reach: 80,
  },
];
/** Answers on a -2..2 scale with weights, in two segments. */
const SURVEY: readonly Rec[] = [
  { g: "a", r: -2, w: 1 },
  { g: "a", r: -1, w: 0.5 },
  { g: "a", r: 2, w: 2 },
  { g: "b", r: -2, w: 0.25 },
  { g: "b", r: 1, w: 1 },
  { g: "b", r: 0, w: 1 },
];

const SNS_TYPES = {
  g: "VARCHAR",
  likes: "INTEGER",
  shares: "INTEGER",
  comments: "INTEGER",
  urlClicks: "INTEGER",
  imageClicks: "INTEGER",
  videoPlays: "INTEGER",
  reach: "INTEGER",
};

const P = { start: 1000, end: 2000 };

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  await table("events", { g: "VARCHAR", type: "VARCHAR" }, EVENTS);
  await table("events_bad", { g: "VARCHAR", type: "VARCHAR" }, [{ g: "a", type: null }]);
  await table("sns", SNS_TYPES, SNS);
  await table("sns_null", SNS_TYPES, [{ ...SNS[0], likes: null }]);
  await table("sns_neg", SNS_TYPES, [{ ...SNS[0], likes: -1 }]);
  await table("sns_bad", SNS_TYPES, [{ ...SNS[0], reach: -1 }]);
  await table(
    "mail",
    { g: "VARCHAR", opens: "INTEGER", delivered: "INTEGER", s: "INTEGER", b: "INTEGER" },
    [
      { g: "a", opens: 3, delivered: 10, s: 12, b: 2 },
      { g: "a", opens: 1, delivered: 4, s: 6, b: 1 },
      { g: "b", opens: 2, delivered: 2, s: 9, b: 0 },
    ],
  );
  await table("ctr_bad", { clicks: "INTEGER", impressions: "INTEGER" }, [
    { clicks: 5, impressions: 2 },
  ]);
  await table(
    "subs_bad",
    { customerId: "VARCHAR", start: "BIGINT", end: "BIGINT", mrr: "DOUBLE" },
    [
      { customerId: "c1", start: 500, end: null, mrr: 10 },
      { customerId: null, start: 500, end: 1500, mrr: 10 },
    ],
  );
  await table(
    "subs_neg",
    { customerId: "VARCHAR", start: "BIGINT", end: "BIGINT", mrr: "DOUBLE" },
    [{ customerId: "c1", start: 500, end: null, mrr: -5 }],
  );
  await table("orders_bad", { customerId: "VARCHAR", date: "BIGINT", amount: "DOUBLE" }, [
    { customerId: "c1", date: 1500, amount: 10 },
    { customerId: "c2", date: 1500, amount: -1 },
  ]);
  await table("reviews", { g: "VARCHAR", stars: "INTEGER", likes: "INTEGER", sh: "INTEGER" }, [
    { g: "a", stars: 5, likes: 2, sh: 3 },
    { g: "a", stars: 3, likes: 0, sh: 1 },
    { g: "b", stars: 4, likes: 1, sh: 0 },
  ]);
  await table("reviews_null", { stars: "INTEGER", likes: "INTEGER" }, [{ stars: 5, likes: null }]);
  await table("survey", { g: "VARCHAR", r: "INTEGER", w: "DOUBLE" }, SURVEY);
  await table("survey_bad", { score: "INTEGER", w: "DOUBLE" }, [{ score: 5, w: -1 }]);
  await table("orders", { customerId: "VARCHAR", date: "BIGINT", amount: "DOUBLE" }, [
    // 2025-01-01 = 1735689600000 (Wednesday); months from 2025-01 to 2025-03.
    { customerId: "c1", date: Date.UTC(2025, 0, 5), amount: 1 },
    { customerId: "c1", date: Date.UTC(2025, 1, 5), amount: 1 },
    { customerId: "c2", date: Date.UTC(2025, 1, 6), amount: 1 },
    { customerId: "c2", date: Date.UTC(2025, 2, 6), amount: 1 },
    { customerId: "c3", date: Date.UTC(2025, 2, 7), amount: 1 },
  ]);
});

afterAll(() => instance.closeSync());

// ---------------------------------------------------------------------------------------------
describe("duckdbRelation: input checks", () => {
  it("rejects a source that is not an object, naming options.source", () => {
    for (const source of [null, "orders.parquet", 3]) {
      const error = inputErrorOf(() => duckdbRelation(source as never));
      expect(error.issues).toEqual([
        { code: "custom", path: ["options", "source"], message: "expected { file } or { table }" },
      ]);
    }
  });

  it("rejects a source without file or table, naming options.source.file", () => {
    for (const source of [{}, { file: [] }]) {
      const error = inputErrorOf(() => duckdbRelation(source as never));
      expect(error.issues).toEqual([
        {
          code: "custom",
          path: ["options", "source", "file"],
          message: "expected a file (Parquet or CSV) or a table",
        },
      ]);
    }
  });

  it("reads a name with .parquet inside but not at the end as CSV", () => {
    expect(duckdbRelation({ file: "a.parquet.csv" })).toBe("read_csv(['a.parquet.csv'])");
    expect(duckdbRelation({ file: "b.PARQUET" })).toBe("read_parquet(['b.PARQUET'])");
  });
});

describe("duckdb.ts: loading @duckdb/node-api and running the query (module mocked)", () => {
  const calls: string[] = [];
  let rows: SqlRow[] = [];
  const fakeModule = {
    DuckDBInstance: {
      create: async (path?: string) => {
        calls.push(`create ${String(path)}`);
        return {
          connect: async () => ({
            runAndReadAll: async (_sql: string) => ({ getRowObjectsJS: () => rows }),
            closeSync: () => calls.push("close connection"),
          }),
          closeSync: () => calls.push("close instance"),
        };
      },
    },
  };

  async function withModule<T>(factory: () => unknown, f: () => Promise<T>): Promise<T> {
    vi.doMock("@duckdb/node-api", factory as never);
    try {
      return await f();
    } finally {
      vi.doUnmock("@duckdb/node-api");
    }
  }

  it("opens an in-memory database and closes the connection and the instance", async () => {
    calls.length = 0;
    // One group: 2 answers of 10 -> NPS 100; n = 2 < minN 30 -> flagged by default.
    rows = [{ n: 2, nps__answer_10: 2 }];
    const nps = npsMetric<Rec>({ score: "score" });
    const result = await withModule(
      () => fakeModule,
      () => queryDuckDB(nps, { source: { table: "t" } }),
    );
    expect(result.results.nps?.value).toBe(100);
    expect(result.flagged).toBe(true);
    expect(calls).toEqual(["create :memory:", "close connection", "close instance"]);
  });

  it("passes minN and sort on to fromSqlRows", async () => {
    rows = [
      { segment: "a", n: 1, nps__answer_10: 1 },
      { segment: "b", n: 2, nps__answer_0: 2 },
    ];
    const nps = npsMetric<Rec>({ score: "score" });
    const one = await withModule(
      () => fakeModule,
      () => queryDuckDB(nps, { source: { table: "t" }, minN: 0 }),
    );
    // minN 0: nothing is flagged (the default 30 would flag the group of 3).
    expect(one.flagged).toBe(false);
    const table = await withModule(
      () => fakeModule,
      () => queryDuckDB(nps, { source: { table: "t" }, groupBy: "g", sort: "n-desc" }),
    );
    // n-desc: b (2 rows) before a (1 row); the default "key" order would be a, b.
    expect(table.segments.map((s) => s.key)).toEqual(["b", "a"]);
  });

  it("says how to install the peer dependency when it cannot be imported", async () => {
    const error = await withModule(
      () => {
        throw new Error("not installed");
      },
      () => queryDuckDB(npsMetric<Rec>({ score: "score" }), { source: { table: "t" } }),
    ).then(
      () => new Error("resolved"),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(
      "engagement-metrics/duckdb needs the optional peer dependency @duckdb/node-api: run `npm install @duckdb/node-api`",
    );
    expect(error.cause).toBeDefined();
  });

  it("rejects a module without a usable DuckDBInstance", async () => {
    for (const DuckDBInstance of [undefined, null, 42, "x", {}, { create: 1 }]) {
      const error = await withModule(
        () => ({ DuckDBInstance }),
        () => queryDuckDB(npsMetric<Rec>({ score: "score" }), { source: { table: "t" } }),
      ).then(
        () => new Error("resolved"),
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe("@duckdb/node-api does not export DuckDBInstance");
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe("cohort SQL: options and rows", () => {
  const base = {
    table: "orders",
    start: "2025-01-01T00:00:00Z",
    asOf: "2025-04-01T00:00:00Z",
    dates: "epoch-ms",
  } as const;

  it("names the option that is wrong", () => {
    expect(inputErrorOf(() => cohortRetentionSql({ ...base, asOf: base.start })).issues).toEqual([
      { code: "custom", path: ["options", "asOf"], message: "expected asOf after start" },
    ]);
    expect(
      inputErrorOf(() => cohortRetentionSql({ ...base, timeZone: "Nowhere/Void" })).issues[0]?.path,
    ).toEqual(["options", "timeZone"]);
    expect(
      inputErrorOf(() => cohortRetentionSql({ ...base, start: "2025-13-45" })).issues[0]?.path,
    ).toEqual(["options", "start"]);
    expect(
      inputErrorOf(() => cohortRetentionSql({ ...base, asOf: "2025-13-45" })).issues[0]?.path,
    ).toEqual(["options", "asOf"]);
  });

  it("periods may equal maxPeriods, not exceed it", () => {
    expect(() => cohortRetentionSql({ ...base, periods: 2, maxPeriods: 3 })).not.toThrow();
    expect(() => cohortRetentionSql({ ...base, periods: 3, maxPeriods: 3 })).not.toThrow();
    expect(
      inputErrorOf(() => cohortRetentionSql({ ...base, periods: 4, maxPeriods: 3 })).issues,
    ).toEqual([
      {
        code: "custom",
        path: ["options", "periods"],
        message: "expected at most maxPeriods (3) periods (else raise options.maxPeriods)",
      },
    ]);
  });

  it("weeks start on weekStartsOn", () => {
    // 2025-01-01 is a Wednesday: with weekStartsOn 3 the first week starts on that day
    // (Monday weeks would start on 2024-12-30).
    const options = {
      ...base,
      interval: "week",
      weekStartsOn: 3,
      asOf: "2025-01-10T00:00:00Z",
    } as const;
    const matrix = cohortRetentionFromSqlRows(
      [
        { cohort: 0, period: 0, customers: 1 },
        { cohort: null, period: null, customers: 0, excluded: 0, before: 0, invalid: 0 },
      ],
      options,
    );
    expect(matrix.cohorts[0]?.cohort.start).toBe("2025-01-01T00:00:00.000+00:00");
  });

  it("runs on DuckDB: c1 from Jan (active Feb), c2 from Feb (active Mar), c3 from Mar", async () => {
    const sql = cohortRetentionSql(base);
    // The CASE branches are separate tokens ("THEN 0WHEN" is a syntax error in PostgreSQL).
    expect(sql).toContain(" THEN 0 WHEN ");
    const rows = await run(sql);
    const matrix = cohortRetentionFromSqlRows(rows, base);
    // Cohort sizes 1, 1, 1; retention: Jan [1, 1, 0], Feb [1, 1], Mar [1] (null: periods
    // after asOf, as in the documented example).
    expect(matrix.cohorts.map((c) => c.retention)).toEqual([
      [1, 1, 0],
      [1, 1, null],
      [1, null, null],
    ]);
  });

  const summary = { cohort: null, period: null, customers: 0, excluded: 0, before: 0, invalid: 0 };
  const rowsError = (rows: unknown) =>
    inputErrorOf(() => cohortRetentionFromSqlRows(rows as never, base)).issues[0];
  const grid = "expected cohort and period indexes of the grid: 0 <= cohort <= period <= 2";

  it("names the bad row and column", () => {
    expect(rowsError({})).toEqual({
      code: "custom",
      path: ["rows"],
      message: "expected an array of rows",
    });
    expect(rowsError([{ cohort: "x" }])).toEqual({
      code: "custom",
      path: [0, "cohort"],
      message: grid,
    });
    expect(rowsError([{ ...summary, before: -1 }])?.path).toEqual([0, "before"]);
    expect(rowsError([{ ...summary, invalid: -1 }])?.path).toEqual([0, "invalid"]);
    expect(rowsError([{ ...summary, before: 2 }])).toEqual({
      code: "custom",
      path: [0, "before"],
      message: "2 order(s) are before options.start: move start earlier",
    });
    // The grid has 3 periods (Jan-Mar): index 3 is outside it.
    expect(rowsError([{ cohort: 3, period: 3, customers: 1 }])).toEqual({
      code: "custom",
      path: [0, "cohort"],
      message: grid,
    });
    expect(rowsError([{ cohort: -1, period: 0, customers: 1 }])).toEqual({
      code: "custom",
      path: [0, "cohort"],
      message: grid,
    });
    expect(rowsError([{ cohort: 0, period: 3, customers: 1 }])).toEqual({
      code: "custom",
      path: [0, "period"],
      message: grid,
    });
    expect(rowsError([{ cohort: 0, period: null, customers: 1 }])).toEqual({
      code: "custom",
      path: [0, "period"],
      message: grid,
    });
  });

  it("names the row of the cohort's size when a later period exceeds it", () => {
    // Cohort 1 (Feb) has 1 customer (row 0); 2 in period 2 (row 1) is more than its size.
    expect(
      rowsError([
        { cohort: 1, period: 1, customers: 1 },
        { cohort: 1, period: 2, customers: 2 },
      ]),
    ).toEqual({
      code: "custom",
      path: [1, "customers"],
      message: "cannot exceed the size of cohort 1 ([0].customers): 2 > 1",
    });
  });
});

// ---------------------------------------------------------------------------------------------
describe("customer metrics in SQL", () => {
  const period = { start: 1000, end: 2000 };

  it("rejects reactivation churned with its reason", () => {
    expect(
      inputErrorOf(() => churnSqlMetric({ period, reactivation: "churned" } as never)).issues,
    ).toEqual([
      {
        code: "custom",
        path: ["options", "reactivation"],
        message:
          'reactivation "churned" needs the gaps between subscriptions, which this SQL does not compute',
      },
    ]);
  });

  it("counts invalid rows and says what a valid one is", async () => {
    const churn = await sqlError(churnSqlMetric({ period }) as never, "subs_bad", "epoch-ms");
    expect(String(churn)).toContain(
      '1 row(s) of this group are invalid for "churnRate": expected a customer id, a start, and an end that is null or not before the start',
    );
    const mrr = await sqlError(mrrChurnSqlMetric({ period }) as never, "subs_neg", "epoch-ms");
    expect(String(mrr)).toContain(
      "expected a customer id, a start, an end that is null or not before the start, and an mrr >= 0",
    );
    const repeat = await sqlError(
      repeatRateSqlMetric({ period }) as never,
      "orders_bad",
      "epoch-ms",
    );
    expect(String(repeat)).toContain(
      'invalid for "repeatRate": expected a customer id, a date and an amount >= 0',
    );
    const arpu = await sqlError(arpuSqlMetric({ period }) as never, "orders_bad", "epoch-ms");
    expect(String(arpu)).toContain(
      'invalid for "arpu": expected a customer id, a date and an amount >= 0',
    );
  });

  const limitError = (metric: unknown, row: SqlRow) =>
    inputErrorOf(() => fromSqlRows(metric as never, [row])).message;

  it("churn: each limit is checked", () => {
    const churn = churnSqlMetric({ period });
    const row = (r: Record<string, number>): SqlRow => metricRow("churnRate", r, r["n"] ?? 10);
    // retained 2 > customersAtStart 1 (churned 0, end 2 <= 1 + 1 new).
    expect(
      limitError(
        churn,
        row({ customersAtStart: 1, customersAtEnd: 2, newCustomers: 1, retained: 2 }),
      ),
    ).toBe("[0].churnRate__retained: cannot exceed [0].churnRate__customersAtStart (2 > 1)");
    // retained 2 > customersAtEnd 1.
    expect(limitError(churn, row({ customersAtStart: 3, customersAtEnd: 1, retained: 2 }))).toBe(
      "[0].churnRate__retained: cannot exceed [0].churnRate__customersAtEnd (2 > 1)",
    );
    // newChurned 2 > newCustomers 1.
    expect(limitError(churn, row({ newCustomers: 1, newChurned: 2 }))).toBe(
      "[0].churnRate__newChurned: cannot exceed [0].churnRate__newCustomers (2 > 1)",
    );
    // customersAtEnd 2 > customersAtStart 1 + newCustomers 0.
    expect(limitError(churn, row({ customersAtStart: 1, customersAtEnd: 2, retained: 1 }))).toBe(
      "[0].churnRate__customersAtEnd: cannot exceed [0].churnRate__customersAtStart + [0].churnRate__newCustomers (2 > 1)",
    );
    // customersAtStart 2 + newCustomers 1 > n 2.
    expect(limitError(churn, row({ n: 2, customersAtStart: 2, newCustomers: 1 }))).toBe(
      "[0].churnRate__customersAtStart: [0].churnRate__customersAtStart + [0].churnRate__newCustomers cannot exceed [0].n (3 > 2)",
    );
  });

  it("repeat rate, MRR churn and repeat purchase: each limit is checked", () => {
    const repeat = repeatRateSqlMetric({ period });
    const row = (r: Record<string, number>): SqlRow => metricRow("repeatRate", r, r["n"] ?? 10);
    expect(
      limitError(repeat, row({ priorCustomers: 1, repeatCustomers: 2, periodCustomers: 2 })),
    ).toBe("[0].repeatRate__repeatCustomers: cannot exceed [0].repeatRate__priorCustomers (2 > 1)");
    expect(
      limitError(
        repeat,
        row({ priorCustomers: 2, repeatCustomers: 1, newCustomers: 1, periodCustomers: 1 }),
      ),
    ).toBe(
      "[0].repeatRate__repeatCustomers: [0].repeatRate__repeatCustomers + [0].repeatRate__newCustomers cannot exceed [0].repeatRate__periodCustomers (2 > 1)",
    );
    expect(
      limitError(repeat, row({ n: 2, priorCustomers: 2, newCustomers: 1, periodCustomers: 1 })),
    ).toBe(
      "[0].repeatRate__priorCustomers: [0].repeatRate__priorCustomers + [0].repeatRate__newCustomers cannot exceed [0].n (3 > 2)",
    );
    expect(limitError(mrrChurnSqlMetric({ period }), { n: 1, mrrChurn__customersAtStart: 2 })).toBe(
      "[0].mrrChurn__customersAtStart: cannot exceed [0].n (2 > 1)",
    );
    expect(
      limitError(repeatPurchaseRateSqlMetric({ period }), {
        n: 1,
        repeatPurchaseRate__customers: 2,
      }),
    ).toBe("[0].repeatPurchaseRate__customers: cannot exceed [0].n (2 > 1)");
    expect(
      limitError(arpuSqlMetric({ period }), { n: 1, arpu__orders: 2, arpu__customers: 1 }),
    ).toBe("[0].arpu__orders: cannot exceed [0].n (2 > 1)");
  });
});

// ---------------------------------------------------------------------------------------------
describe("channel rates in SQL", () => {
  it("event form with the default event types equals the in-memory rates", async () => {
    const metrics = {
      ctr: clickThroughRateSqlMetric({ type: "type" }),
      conversion: conversionRateSqlMetric({ type: "type" }),
      referral: referralRateSqlMetric({ type: "type" }),
      open: openRateSqlMetric({ type: "type" }),
    };
    await sameAsMemory(metrics as never, "events", EVENTS);
  });

  it("event lists given without type (a string, a quote) read the column type", async () => {
    const metrics = {
      ctr: clickThroughRateSqlMetric({
        events: { clicks: "it's", impressions: ["impression", "click"] },
      }),
      sns: snsEngagementRateSqlMetric({ base: "impressions", events: { likes: ["like", "it's"] } }),
    };
    const rows = await sameAsMemory(metrics as never, "events", EVENTS);
    // Hand count: "it's" is event 15 (odd position: group b), so b has 1 click.
    const b = rows.find((r) => r["segment"] === "b");
    expect(Number(b?.["ctr__clicks"])).toBe(1);
  });

  it("open rate: delivered column, or sent - bounced from named columns", async () => {
    await sameAsMemory({ open: openRateSqlMetric() } as never, "mail", [
      { g: "a", opens: 3, delivered: 10 },
      { g: "a", opens: 1, delivered: 4 },
      { g: "b", opens: 2, delivered: 2 },
    ]);
    await sameAsMemory({ open: openRateSqlMetric({ sent: "s", bounced: "b" }) } as never, "mail", [
      { g: "a", opens: 3, s: 12, b: 2 },
      { g: "a", opens: 1, s: 6, b: 1 },
      { g: "b", opens: 2, s: 9, b: 0 },
    ]);
  });

  it("messages: accessor functions, invalid rows, records above n", async () => {
    expect(
      inputErrorOf(() => clickThroughRateSqlMetric({ clicks: (r: Rec) => r["c"] as number }))
        .issues,
    ).toEqual([
      {
        code: "custom",
        path: ["options", "clicks"],
        message: "expected a field name (a column): an accessor function has no SQL form",
      },
    ]);
    expect(
      inputErrorOf(() =>
        snsEngagementRateSqlMetric({
          base: "reach",
          interactions: { likes: (r: Rec) => r["l"] as number },
        } as never),
      ).issues,
    ).toEqual([
      {
        code: "custom",
        path: ["options", "interactions", "likes"],
        message: "expected a field name (a column): an accessor function has no SQL form",
      },
    ]);
    expect(String(await sqlError(clickThroughRateSqlMetric() as never, "ctr_bad"))).toContain(
      "expected non-negative integer counts with clicks <= impressions",
    );
    expect(
      String(await sqlError(clickThroughRateSqlMetric({ type: "type" }) as never, "events_bad")),
    ).toContain('expected an event type (a non-empty string) in "type"');
    expect(
      String(
        await sqlError(
          snsEngagementRateSqlMetric({ base: "impressions", type: "type" }) as never,
          "events_bad",
        ),
      ),
    ).toContain('expected an event type (a non-empty string) in "type"');
    expect(
      String(await sqlError(snsEngagementRateSqlMetric({ base: "reach" }) as never, "sns_bad")),
    ).toContain("expected non-negative integer counts of interactions and reach");
    expect(
      inputErrorOf(() =>
        fromSqlRows(clickThroughRateSqlMetric(), [
          {
            n: 1,
            clickThroughRate__clicks: 0,
            clickThroughRate__impressions: 0,
            clickThroughRate__records: 2,
          },
        ]),
      ).message,
    ).toBe(
      '[0].n: expected at least the 2 answers counted in the "clickThroughRate" columns (every answer is a row of the group)',
    );
    expect(
      inputErrorOf(() =>
        fromSqlRows(clickThroughRateSqlMetric({ type: "type" }), [
          {
            n: 1,
            clickThroughRate__clicks: 0,
            clickThroughRate__impressions: 0,
            clickThroughRate__records: 2,
          },
        ]),
      ).message,
    ).toBe("[0].clickThroughRate__records: cannot exceed [0].n (2 > 1)");
    expect(
      inputErrorOf(() =>
        fromSqlRows(snsEngagementRateSqlMetric({ base: "impressions", type: "type" }), [
          { n: 1, snsEngagementRate__records: 2 },
        ]),
      ).message,
    ).toBe("[0].snsEngagementRate__records: cannot exceed [0].n (2 > 1)");
  });

  it("SNS row form: all six kinds, or the named ones (others 0, named ones checked)", async () => {
    await sameAsMemory({ sns: snsEngagementRateSqlMetric({ base: "reach" }) } as never, "sns", SNS);
    const named = snsEngagementRateSqlMetric({
      base: "reach",
      interactions: { likes: "likes", urlClicks: "urlClicks" },
    });
    const rows = await sameAsMemory({ sns: named } as never, "sns", SNS);
    // Every kind has its column, 0 when not named.
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      [
        "segment",
        "n",
        "baseTotal",
        "records",
        "likes",
        "shares",
        "comments",
        "urlClicks",
        "imageClicks",
        "videoPlays",
      ]
        .map((k) => (k === "segment" || k === "n" ? k : `sns__${k}`))
        .sort(),
    );
    expect(Number(rows[0]?.["sns__shares"])).toBe(0);
    // A named kind is a count on every row: NULL or negative makes the group invalid.
    const one = snsEngagementRateSqlMetric({ base: "reach", interactions: { likes: "likes" } });
    expect(await sqlError(one as never, "sns_null")).toBeInstanceOf(MetricsInputError);
    expect(await sqlError(one as never, "sns_neg")).toBeInstanceOf(MetricsInputError);
  });
});

// ---------------------------------------------------------------------------------------------
describe("review summary in SQL", () => {
  const r = () => reviewSummarySqlMetric({ rating: "stars" });
  const row = (x: Record<string, number>): SqlRow =>
    metricRow("reviewSummary", x, x["n"] ?? x["reviews"] ?? 0);

  it("the rating sum must lie on the scale (with a relative slack)", () => {
    // 2 reviews on 1-5: the sum lies in [2, 10]; 1.5 is below.
    expect(
      inputErrorOf(() => fromSqlRows(r(), [row({ reviews: 2, ratingSum: 1.5 })])).issues,
    ).toEqual([
      {
        code: "custom",
        path: [0, "reviewSummary__ratingSum"],
        message: "expected a sum of 2 ratings 1-5 (2 to 10); got 1.5",
      },
    ]);
    // Exactly 10: both rated 5, mean 5.
    expect(
      fromSqlRows(r(), [row({ reviews: 2, ratingSum: 10, positive: 2 })]).results.reviewSummary
        ?.value,
    ).toBe(5);
    // 1000 reviews, sum 5000.000001: 1e-6 above 5000, within the slack 1e-9 * 5000 = 5e-6.
    expect(() =>
      fromSqlRows(r(), [row({ reviews: 1000, ratingSum: 5000.000001, positive: 1000 })]),
    ).not.toThrow();
    // At the very edge of the slack: 1 review, 1 - 1e-9 (slack 1e-9 * max(1, |sum|) = 1e-9)
    // and 5.000000005 (slack 1e-9 * 5.000000005 rounds to 5e-9): both accepted.
    expect(() => fromSqlRows(r(), [row({ reviews: 1, ratingSum: 0.999999999 })])).not.toThrow();
    expect(() =>
      fromSqlRows(r(), [row({ reviews: 1, ratingSum: 5.000000005, positive: 1 })]),
    ).not.toThrow();
    // Scale 2-10: 3 reviews sum to 6..30.
    const wide = reviewSummarySqlMetric({
      rating: "stars",
      ratingMin: 2,
      ratingMax: 10,
      positiveMin: 8,
    });
    expect(inputErrorOf(() => fromSqlRows(wide, [row({ reviews: 3, ratingSum: 5 })])).message).toBe(
      "[0].reviewSummary__ratingSum: expected a sum of 3 ratings 2-10 (6 to 30); got 5",
    );
    expect(
      inputErrorOf(() => fromSqlRows(r(), [row({ n: 2, reviews: 3, ratingSum: 9 })])).message,
    ).toMatch(/^\[0\]\.n: expected at least the 3 answers/);
  });

  it("names the rating option", () => {
    expect(inputErrorOf(() => reviewSummarySqlMetric({} as never)).issues).toEqual([
      {
        code: "custom",
        path: ["options", "rating"],
        message: "expected the name of the rating field (a column)",
      },
    ]);
    expect(
      inputErrorOf(() => reviewSummarySqlMetric({ rating: (x: Rec) => x["s"] as number } as never))
        .issues,
    ).toEqual([
      {
        code: "custom",
        path: ["options", "rating"],
        message: "expected a field name (a column): an accessor function has no SQL form",
      },
    ]);
  });

  it("runs on DuckDB: a named shares column; a named likes column must not be NULL", async () => {
    await sameAsMemory(
      { rs: reviewSummarySqlMetric({ rating: "stars", shares: "sh" }) } as never,
      "reviews",
      [
        { g: "a", stars: 5, likes: 2, sh: 3 },
        { g: "a", stars: 3, likes: 0, sh: 1 },
        { g: "b", stars: 4, likes: 1, sh: 0 },
      ],
    );
    const named = reviewSummarySqlMetric({ rating: "stars", likes: "likes", shares: "likes" });
    expect(String(await sqlError(named as never, "reviews_null"))).toContain(
      'expected a rating 1-5 in "stars" and counts of likes and shares',
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe("survey metrics in SQL", () => {
  it("a weighted CSAT on a scale with negative answers equals the in-memory one", async () => {
    const csat = csatSqlMetric({ rating: "r", weight: "w", scaleMin: -2, scaleMax: 2 });
    const rows = await sameAsMemory({ csat } as never, "survey", SURVEY);
    // Negative answers have their own columns (m for minus): answer -2 twice, weights 1 + 0.25.
    const a = rows.find((x) => x["segment"] === "a");
    expect(Number(a?.["csat__answer_m2"])).toBe(1);
    expect(Number(a?.["csat__weight_m2"])).toBe(1);
    expect(Number(a?.["csat__weight_m1"])).toBe(0.5);
  });

  it("messages: accessor functions, invalid weights, negative Σw²", async () => {
    expect(
      inputErrorOf(() => npsSqlMetric({ score: (x: Rec) => x["s"] as number })).issues,
    ).toEqual([
      {
        code: "custom",
        path: ["options", "score"],
        message:
          "expected the name of the score field (a column): an accessor function has no SQL form",
      },
    ]);
    expect(
      String(await sqlError(npsSqlMetric({ score: "score", weight: "w" }) as never, "survey_bad")),
    ).toContain('expected an integer 0-10 in "score" and a weight >= 0 in "w"');
    expect(
      inputErrorOf(() =>
        fromSqlRows(npsSqlMetric({ score: "score", weight: "w" }), [
          { n: 0, nps__sumSquaredWeights: -1 },
        ]),
      ).message,
    ).toBe(
      "[0].nps__sumSquaredWeights: expected a non-negative finite number (a sum of values >= 0)",
    );
  });

  it("answer, order-value and review metrics go in one query (all row-level)", () => {
    const metrics = {
      nps: npsSqlMetric({ score: "score", weight: "w" }),
      arpu: arpuSqlMetric({ period: P }),
      reviews: reviewSummarySqlMetric({ rating: "stars" }),
    };
    expect(toSql(metrics, { table: "t" })).toMatch(/^SELECT/);
  });
});
