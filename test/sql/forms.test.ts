// The SQL forms of weighted NPS/CSAT/CES, the order values (ARPU, average order value, purchase
// frequency) and the channel rates (click-through, conversion, open, referral): reference
// values (hand calculations written out, independent DuckDB queries), DuckDB equal to memory
// on random rows, and the rows fromSqlRows must reject. The fixture equality cases (also run on
// PostgreSQL) are in cases.ts.
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { test as fcTest } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import { bySegment } from "../../src/group/segment.ts";
import { runMetric } from "../../src/metric.ts";
import {
  customerRetentionSqlMetric,
  mrrChurnSqlMetric,
  repeatPurchaseRateSqlMetric,
} from "../../src/sql/customers.ts";
import {
  arpuSqlMetric,
  averageOrderValueSqlMetric,
  purchaseFrequencySqlMetric,
} from "../../src/sql/order-value.ts";
import {
  fromSqlRows,
  type SqlMetrics,
  type SqlRow,
  safeFromSqlRows,
  toSql,
} from "../../src/sql/query.ts";
import {
  clickThroughRateSqlMetric,
  conversionRateSqlMetric,
  openRateSqlMetric,
  referralRateSqlMetric,
  snsEngagementRateSqlMetric,
} from "../../src/sql/rates.ts";
import { reviewSummarySqlMetric } from "../../src/sql/reviews.ts";
import { cesSqlMetric, csatSqlMetric, npsSqlMetric } from "../../src/sql/survey.ts";
import { deepFreeze, expectInputError, inputErrorOf } from "../helpers.ts";
import { FIXTURES, TABLES, weightedColumns } from "./cases.ts";

let instance: DuckDBInstance;
let run: (sql: string) => Promise<SqlRow[]>;
let tables = 0;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  for (const table of TABLES) {
    await connection.run(table.ddl);
    await connection.run(`COPY ${table.name} FROM '${join(FIXTURES, table.file)}' (HEADER)`);
  }
});
afterAll(() => instance.closeSync());

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const sqlValue = (v: unknown): string =>
  v === null || v === undefined ? "NULL" : typeof v === "string" ? `'${v}'` : String(v);

/** Creates a fresh table of the rows and returns its name. */
async function load(columns: string, rows: readonly (readonly unknown[])[]): Promise<string> {
  const name = `f${tables++}`;
  await run(`CREATE TABLE ${name} (${columns})`);
  if (rows.length > 0) {
    await run(
      `INSERT INTO ${name} VALUES ${rows.map((r) => `(${r.map(sqlValue).join(", ")})`).join(", ")}`,
    );
  }
  return name;
}

/** Runs the metric's SQL on the table (ungrouped) and finalizes the rows. */
async function viaDuckDB(metric: SqlMetrics, table: string) {
  const rows = await run(toSql(metric, { table }));
  return fromSqlRows(metric, deepFreeze(rows), { minN: 0 });
}

const JUNE_2010 = { start: "2010-06-01T00:00:00Z", end: "2010-07-01T00:00:00Z" };
const S = Date.UTC(2025, 2, 1);
const E = Date.UTC(2025, 3, 1);

describe("weighted NPS, CSAT and CES: reference values", () => {
  it("weighted NPS of five answers, by hand", async () => {
    // Hand calculation: (score, weight) = (10, 2), (9, 1), (7, 1), (3, 0.5), (0, 0.5).
    // Promoters 2 + 1 = 3, passives 1, detractors 0.5 + 0.5 = 1, total 5:
    // NPS = 100 * (3 - 1) / 5 = 40. Σw² = 4 + 1 + 1 + 0.25 + 0.25 = 6.5,
    // Kish effective n = 5² / 6.5 = 3.846153846153846.
    const table = await load("score INTEGER, w DOUBLE", [
      [10, 2],
      [9, 1],
      [7, 1],
      [3, 0.5],
      [0, 0.5],
    ]);
    const nps = npsSqlMetric({ score: "score", weight: "w" });
    const result = (await viaDuckDB(nps, table)).results["nps"];
    expect(result?.value).toBe(40);
    expect(result?.n).toBe(5);
    expect(result?.promoters).toBe(3);
    expect(result?.effectiveN).toBeCloseTo(3.846153846153846, 12);
  });

  it("weighted CSAT share and CES mean, by hand", async () => {
    // Hand calculation, CSAT 1-5 (satisfied 4-5): (5, 3), (4, 1), (2, 4): satisfied 4 of 8 = 0.5;
    // mean (5·3 + 4·1 + 2·4) / 8 = 27 / 8 = 3.375.
    const table = await load("stars INTEGER, w DOUBLE", [
      [5, 3],
      [4, 1],
      [2, 4],
    ]);
    const csat = (await viaDuckDB(csatSqlMetric({ rating: "stars", weight: "w" }), table)).results[
      "csat"
    ];
    expect(csat?.value).toBe(0.5);
    expect(csat?.mean).toBe(3.375);
    // CES 1-7: the same answers as efforts: mean 3.375 again.
    const ces = (await viaDuckDB(cesSqlMetric({ score: "stars", weight: "w" }), table)).results[
      "ces"
    ];
    expect(ces?.value).toBe(3.375);
  });

  it("agree with independent DuckDB formulas on the survey fixture, by region", async () => {
    // Reference: the weighted formulas written directly in DuckDB.
    const w = weightedColumns["weight"] as string;
    const reference = await run(`SELECT region,
        100.0 * (SUM(CASE WHEN nps >= 9 THEN ${w} ELSE 0 END) - SUM(CASE WHEN nps <= 6 THEN ${w} ELSE 0 END)) / SUM(${w}) AS nps,
        SUM(CASE WHEN csat >= 4 THEN ${w} ELSE 0 END) / SUM(${w}) AS csat,
        SUM(ces * ${w}) / SUM(${w}) AS ces,
        SUM(${w}) * SUM(${w}) / SUM(${w} * ${w}) AS kish
      FROM survey GROUP BY region ORDER BY region`);
    const metrics = {
      nps: npsSqlMetric({ score: "nps", weight: "weight" }),
      csat: csatSqlMetric({ rating: "csat", weight: "weight" }),
      ces: cesSqlMetric({ score: "ces", weight: "weight" }),
    };
    const options = { table: "survey", groupBy: "region", columns: weightedColumns } as const;
    const table = fromSqlRows(metrics, await run(toSql(metrics, options)), options);
    expect(table.segments.map((s) => s.key)).toEqual(reference.map((r) => r["region"]));
    table.segments.forEach((segment, k) => {
      const r = reference[k] as SqlRow;
      expect(segment.results.nps.value).toBeCloseTo(Number(r["nps"]), 10);
      expect(segment.results.csat.value).toBeCloseTo(Number(r["csat"]), 12);
      expect(segment.results.ces.value).toBeCloseTo(Number(r["ces"]), 12);
      expect(segment.results.nps.effectiveN).toBeCloseTo(Number(r["kish"]), 9);
    });
  });

  it("all weights 0: no value (zero-denominator), as in memory", async () => {
    const records = deepFreeze([
      { score: 10, w: 0 },
      { score: 3, w: 0 },
    ]);
    const table = await load("score INTEGER, w DOUBLE", [
      [10, 0],
      [3, 0],
    ]);
    const nps = npsSqlMetric<{ score: number; w: number }>({ score: "score", weight: "w" });
    const result = (await viaDuckDB(nps, table)).results["nps"];
    expect(result?.value).toBeNull();
    expect(result?.reason).toBe("zero-denominator");
    expect(json(result)).toEqual(json(runMetric(nps, records)));
  });

  it("unweighted, the SQL is the histogram's (no weight columns)", () => {
    const sql = toSql(npsSqlMetric({ score: "score" }), { table: "t" });
    expect(sql).toContain('AS "nps__answer_10"');
    expect(sql).not.toContain("weight");
  });
});

describe("order values: reference values", () => {
  it("ARPU, AOV and purchase frequency of June 2010 agree with an independent DuckDB query", async () => {
    // Reference: revenue / distinct customers, revenue / orders, orders / distinct customers
    // of the non-cancelled orders in June 2010, written directly in DuckDB.
    const [reference] = await run(`SELECT SUM(amount) / COUNT(DISTINCT customer_id) AS arpu,
        SUM(amount) / COUNT(*) AS aov, COUNT(*) * 1.0 / COUNT(DISTINCT customer_id) AS frequency,
        COUNT(DISTINCT customer_id) AS customers
      FROM orders WHERE NOT is_cancellation
        AND "date" >= TIMESTAMP '2010-06-01' AND "date" < TIMESTAMP '2010-07-01'`);
    const metrics = {
      arpu: arpuSqlMetric({ period: JUNE_2010 }),
      aov: averageOrderValueSqlMetric({ period: JUNE_2010 }),
      frequency: purchaseFrequencySqlMetric({ period: JUNE_2010 }),
    };
    const options = {
      table: "orders",
      where: "NOT is_cancellation",
      columns: { customerId: "customer_id", date: `("date" AT TIME ZONE 'UTC')` },
    } as const;
    const result = fromSqlRows(metrics, await run(toSql(metrics, options)), options);
    expect(result.results.arpu.customers).toBe(Number(reference?.["customers"]));
    expect(result.results.arpu.value).toBeCloseTo(Number(reference?.["arpu"]), 9);
    expect(result.results.aov.value).toBeCloseTo(Number(reference?.["aov"]), 9);
    expect(result.results.frequency.value).toBeCloseTo(Number(reference?.["frequency"]), 12);
  });

  it("by hand: orders on the period boundaries", async () => {
    // Hand calculation, period [S, E): a at S (30), a at E - 1 (20), b at S + 1 (10) are in;
    // b at E (100) and c at S - 1 (7) are out. Revenue 60, orders 3, customers 2:
    // ARPU 30, AOV 20, frequency 1.5.
    const table = await load('customerId VARCHAR, "date" BIGINT, amount DOUBLE', [
      ["a", S, 30],
      ["a", E - 1, 20],
      ["b", S + 1, 10],
      ["b", E, 100],
      ["c", S - 1, 7],
    ]);
    const period = { start: S, end: E };
    const metrics = {
      arpu: arpuSqlMetric({ period }),
      aov: averageOrderValueSqlMetric({ period }),
      frequency: purchaseFrequencySqlMetric({ period }),
    };
    const options = { table, dates: "epoch-ms" } as const;
    const result = fromSqlRows(metrics, await run(toSql(metrics, options)), options);
    expect(result.results.arpu.value).toBe(30);
    expect(result.results.aov.value).toBe(20);
    expect(result.results.frequency.value).toBe(1.5);
    expect(result.results.arpu.revenue).toBe(60);
  });

  it("no order in the period: empty, as in memory", async () => {
    const table = await load('customerId VARCHAR, "date" BIGINT, amount DOUBLE', [["a", E, 5]]);
    const arpu = arpuSqlMetric({ period: { start: S, end: E } });
    const options = { table, dates: "epoch-ms" } as const;
    const result = fromSqlRows(arpu, await run(toSql(arpu, options)), options).results.arpu;
    expect(result?.value).toBeNull();
    expect(result?.reason).toBe("empty");
    expect(json(result)).toEqual(
      json(runMetric(arpu, deepFreeze([{ customerId: "a", date: E, amount: 5 }]))),
    );
  });
});

describe("channel rates: reference values", () => {
  it("click-through and conversion rates from rows of counts, by hand", async () => {
    // Hand calculation: clicks (1, 2, 0) of impressions (10, 10, 5): 3 / 25 = 0.12, 3 records.
    const table = await load("clicks INTEGER, impressions INTEGER", [
      [1, 10],
      [2, 10],
      [0, 5],
    ]);
    const ctr = (await viaDuckDB(clickThroughRateSqlMetric(), table)).results["clickThroughRate"];
    expect(ctr?.value).toBe(0.12);
    expect(ctr?.records).toBe(3);
    const conversion = conversionRateSqlMetric({ conversions: "clicks", visitors: "impressions" });
    expect((await viaDuckDB(conversion, table)).results["conversionRate"]?.value).toBe(0.12);
  });

  it("open rate from sent and bounced, by hand (an omitted bounced column reads NULL as 0)", async () => {
    // Hand calculation: (opens, sent, bounced) = (5, 30, 5), (10, 20, 0), (1, 10, NULL):
    // delivered 25 + 20 + 10 = 55, opens 16: 16 / 55.
    const table = await load("opens INTEGER, sent INTEGER, bounced INTEGER", [
      [5, 30, 5],
      [10, 20, 0],
      [1, 10, null],
    ]);
    const result = (await viaDuckDB(openRateSqlMetric({ sent: "sent" }), table)).results[
      "openRate"
    ];
    expect(result?.delivered).toBe(55);
    expect(result?.value).toBe(16 / 55);
    // Named explicitly, bounced must be a count: the NULL row makes the group an error.
    const named = openRateSqlMetric({ sent: "sent", bounced: "bounced" });
    await expect(viaDuckDB(named, table)).rejects.toThrow(/openRate__invalid: 1 row/);
  });

  it("referral rate from events, by hand", async () => {
    // Hand calculation: events referral, customer, customer, page_view (ignored), referral:
    // referred 2 of customers 2 + 2 = 4 (a referral is also a customer): 0.5, 4 records.
    const table = await load("kind VARCHAR", [
      ["referral"],
      ["customer"],
      ["customer"],
      ["page_view"],
      ["referral"],
    ]);
    const referral = referralRateSqlMetric({
      type: "kind",
      events: { customers: ["customer", "referral"] },
    });
    const result = (await viaDuckDB(referral, table)).results["referralRate"];
    expect(result?.value).toBe(0.5);
    expect(result?.records).toBe(4);
  });
});

describe("SNS engagement rate: reference values", () => {
  it("from rows of counts, by hand", async () => {
    // Hand calculation: (likes, comments, reach) = (30, 10, 400), (5, 5, 100):
    // interactions 50 of reach 500 = 0.1.
    const table = await load("likes INTEGER, comments INTEGER, reach INTEGER", [
      [30, 10, 400],
      [5, 5, 100],
    ]);
    const metric = snsEngagementRateSqlMetric({
      base: "reach",
      interactions: { likes: "likes", comments: "comments" },
    });
    const result = (await viaDuckDB(metric, table)).results["snsEngagementRate"];
    expect(result?.value).toBe(0.1);
    expect(result?.interactions).toBe(50);
    // Without `interactions` every kind column is read, NULL as 0: the table lacks four of
    // them, mapped to 0. Comments NULL in one row: 30 + 5 + 10 = 45 of 500 = 0.09.
    await run(`UPDATE ${table} SET comments = NULL WHERE likes = 5`);
    const implicit = snsEngagementRateSqlMetric({ base: "reach" });
    const zero = { shares: "0", urlClicks: "0", imageClicks: "0", videoPlays: "0" };
    const options = { table, columns: zero } as const;
    const rows = await run(toSql(implicit, options));
    expect(fromSqlRows(implicit, rows, options).results.snsEngagementRate?.value).toBe(0.09);
  });

  it("from events, by hand (a ratio above 1 is kept, with a warning)", async () => {
    // Hand calculation: 2 likes, 1 share, 1 comment, 2 impressions, 1 unknown type (ignored):
    // interactions 4 of impressions 2 = 2, records 6.
    const table = await load("kind VARCHAR", [
      ["like"],
      ["like"],
      ["share"],
      ["comment"],
      ["impression"],
      ["impression"],
      ["page_view"],
    ]);
    const result = (
      await viaDuckDB(snsEngagementRateSqlMetric({ base: "impressions", type: "kind" }), table)
    ).results["snsEngagementRate"];
    expect(result?.value).toBe(2);
    expect(result?.records).toBe(6);
    expect(result?.warnings.map((w: { readonly code: string }) => w.code)).toContain("above-one");
  });
});

describe("subscriptions, repeat purchases and reviews: reference values", () => {
  const SUBSCRIPTIONS = 'customerId VARCHAR, "start" TIMESTAMPTZ, "end" TIMESTAMPTZ, mrr DOUBLE';
  const JANUARY = { start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" };

  it("MRR movements, by hand", async () => {
    // Hand calculation, January 2025:
    // a: 100 until Jan 10, then 150: in both snapshots, 100 -> 150, expansion 50;
    // b: 100 until Jan 20: only at the start, churned 100;
    // c: 40 in 2024 (ended June), back on Jan 15 at 60: only at the end, earlier: reactivation 60;
    // d: new on Jan 5 at 30: new 30.
    // Starting 200, ending 150 + 60 + 30 = 240; gross churn (100 + 0) / 200 = 0.5;
    // net churn (100 + 0 - 50 - 60) / 200 = -0.05; NRR (200 + 50 - 100) / 200 = 0.75.
    const table = await load(SUBSCRIPTIONS, [
      ["a", "2024-01-01 00:00:00+00", "2025-01-10 00:00:00+00", 100],
      ["a", "2025-01-10 00:00:00+00", null, 150],
      ["b", "2024-01-01 00:00:00+00", "2025-01-20 00:00:00+00", 100],
      ["c", "2024-01-01 00:00:00+00", "2024-06-01 00:00:00+00", 40],
      ["c", "2025-01-15 00:00:00+00", null, 60],
      ["d", "2025-01-05 00:00:00+00", null, 30],
    ]);
    const result = (await viaDuckDB(mrrChurnSqlMetric({ period: JANUARY }), table)).results[
      "mrrChurn"
    ];
    expect(result).toMatchObject({
      startingMrr: 200,
      endingMrr: 240,
      expansionMrr: 50,
      contractionMrr: 0,
      churnedMrr: 100,
      reactivationMrr: 60,
      newMrr: 30,
      grossMrrChurnRate: 0.5,
      netRevenueRetention: 0.75,
    });
    expect(result?.netMrrChurnRate).toBeCloseTo(-0.05, 15);
    // Customer retention: S = {a, b}, E = {a, c, d}, N = {c, d}: (E - N) / S = (3 - 2) / 2.
    const crr = (await viaDuckDB(customerRetentionSqlMetric({ period: JANUARY }), table)).results[
      "customerRetentionRate"
    ];
    expect(crr?.value).toBe(0.5);
  });

  it("repeat purchase rate, by hand, with orders on the boundaries", async () => {
    // Hand calculation, [S, E): a orders at S and E - 1 (twice), b at S + 1 and E (once in the
    // period), c at S - 1 only (not a customer of the period): 1 repeat of 2 customers = 0.5.
    const table = await load('customerId VARCHAR, "date" BIGINT, amount DOUBLE', [
      ["a", S, 1],
      ["a", E - 1, 1],
      ["b", S + 1, 1],
      ["b", E, 1],
      ["c", S - 1, 1],
    ]);
    const metric = repeatPurchaseRateSqlMetric({ period: { start: S, end: E } });
    const options = { table, dates: "epoch-ms" } as const;
    const result = fromSqlRows(metric, await run(toSql(metric, options)), options).results
      .repeatPurchaseRate;
    expect(result?.customers).toBe(2);
    expect(result?.value).toBe(0.5);
  });

  it("review summary, by hand (omitted likes: NULL is 0)", async () => {
    // Hand calculation: ratings 5, 4, 2 (mean 11 / 3), positive (>= 4) 2 of 3, likes 1 + 0 + 3.
    const table = await load("stars INTEGER, likes INTEGER, shares INTEGER", [
      [5, 1, 0],
      [4, null, 2],
      [2, 3, 0],
    ]);
    const result = (await viaDuckDB(reviewSummarySqlMetric({ rating: "stars" }), table)).results[
      "reviewSummary"
    ];
    expect(result?.value).toBe(11 / 3);
    expect(result?.positive.share).toBe(2 / 3);
    expect(result?.reactions.likes).toBe(4);
    expect(result?.reactions.shares).toBe(2);
  });
});

describe("rows the in-memory metric would reject make the group an error", () => {
  const cases: readonly [
    string,
    // Built inside each test (a thunk): see docs/mutation.md on results computed at load.
    () => SqlMetrics & { readonly name: string },
    string,
    readonly (readonly unknown[])[],
  ][] = [
    [
      "a NULL weight",
      () => npsSqlMetric({ score: "score", weight: "w" }),
      "score INTEGER, w DOUBLE",
      [
        [10, 1],
        [9, null],
      ],
    ],
    [
      "a negative weight",
      () => csatSqlMetric({ rating: "score", weight: "w" }),
      "score INTEGER, w DOUBLE",
      [[5, -1]],
    ],
    [
      "a score out of range",
      () => cesSqlMetric({ score: "score", weight: "w" }),
      "score INTEGER, w DOUBLE",
      [[8, 1]],
    ],
    [
      "clicks above impressions",
      () => clickThroughRateSqlMetric(),
      "clicks INTEGER, impressions INTEGER",
      [
        [1, 2],
        [3, 2],
      ],
    ],
    [
      "a fractional count",
      () => clickThroughRateSqlMetric(),
      "clicks DOUBLE, impressions DOUBLE",
      [[1.5, 2]],
    ],
    [
      "bounced above sent",
      () => openRateSqlMetric({ sent: "sent" }),
      "opens INTEGER, sent INTEGER, bounced INTEGER",
      [[0, 2, 3]],
    ],
    [
      "an event without a type",
      () => referralRateSqlMetric({ type: "kind" }),
      "kind VARCHAR",
      [[null]],
    ],
    [
      "a negative amount",
      () => arpuSqlMetric({ period: { start: S, end: E } }),
      'customerId VARCHAR, "date" BIGINT, amount DOUBLE',
      [["a", S, -5]],
    ],
    [
      "a subscription without MRR",
      () => mrrChurnSqlMetric({ period: { start: S, end: E } }),
      'customerId VARCHAR, "start" BIGINT, "end" BIGINT, mrr DOUBLE',
      [["a", S, null, null]],
    ],
    [
      "a rating off the scale",
      () => reviewSummarySqlMetric({ rating: "stars" }),
      "stars INTEGER, likes INTEGER, shares INTEGER",
      [[6, 0, 0]],
    ],
    [
      "a negative like count",
      () => reviewSummarySqlMetric({ rating: "stars" }),
      "stars INTEGER, likes INTEGER, shares INTEGER",
      [[4, -1, 0]],
    ],
    [
      "an order without a date",
      () => repeatPurchaseRateSqlMetric({ period: { start: S, end: E } }),
      'customerId VARCHAR, "date" BIGINT, amount DOUBLE',
      [["a", null, 5]],
    ],
    [
      "a NULL reach",
      () => snsEngagementRateSqlMetric({ base: "reach", interactions: { likes: "likes" } }),
      "likes INTEGER, reach INTEGER",
      [[3, null]],
    ],
    [
      "an order without a customer",
      () => averageOrderValueSqlMetric({ period: { start: S, end: E } }),
      'customerId VARCHAR, "date" BIGINT, amount DOUBLE',
      [[null, S, 5]],
    ],
  ];
  for (const [label, build, columns, rows] of cases) {
    it(label, async () => {
      const metric = build();
      const table = await load(columns, rows);
      const options = { table, dates: "epoch-ms" } as const;
      const result = await run(toSql(metric, options));
      expectInputError(
        () => fromSqlRows(metric, result, options),
        () => safeFromSqlRows(metric, result, options),
        [0, `${metric.name}__invalid`],
        /row\(s\) of this group are invalid/,
      );
    });
  }

  it("an infinite weight gives an infinite sum: rejected as not finite", async () => {
    const table = await load("score INTEGER, w DOUBLE", []);
    await run(`INSERT INTO ${table} VALUES (10, 'inf'::DOUBLE)`);
    await expect(viaDuckDB(npsSqlMetric({ score: "score", weight: "w" }), table)).rejects.toThrow(
      MetricsInputError,
    );
  });
});

describe("hand-edited rows that break the tallies' relations", () => {
  const nps = () => npsSqlMetric({ score: "score", weight: "w" });
  const arpu = () => arpuSqlMetric({ period: { start: S, end: E } });
  const ctr = () => clickThroughRateSqlMetric();
  const weighted = { n: 1, nps__answer_10: 1, nps__weight_10: 2, nps__sumSquaredWeights: 4 };
  const cases: readonly [string, () => SqlMetrics, SqlRow, readonly (string | number)[], RegExp][] =
    [
      [
        "a negative weight sum",
        nps,
        { ...weighted, nps__weight_10: -2 },
        [0, "nps__weight_10"],
        /non-negative/,
      ],
      [
        "a weight sum that is not a number",
        nps,
        { ...weighted, nps__weight_10: "NaN" },
        [0, "nps__weight_10"],
        /finite/,
      ],
      [
        "weights of an answer no one gave",
        nps,
        { ...weighted, nps__weight_9: 1 },
        [0, "nps__weight_9"],
        /no answer 9 is counted/,
      ],
      [
        "a zero sum of squared weights with positive weights",
        nps,
        { ...weighted, nps__sumSquaredWeights: 0 },
        [0, "nps__sumSquaredWeights"],
        /positive sum of squared weights/,
      ],
      [
        "more customers than orders",
        arpu,
        { n: 5, arpu__orders: 2, arpu__customers: 3, arpu__revenue: 10 },
        [0, "arpu__customers"],
        /cannot exceed \[0\]\.arpu__orders \(3 > 2\)/,
      ],
      [
        "revenue without orders",
        arpu,
        { n: 5, arpu__orders: 0, arpu__customers: 0, arpu__revenue: 10 },
        [0, "arpu__revenue"],
        /no order in the period/,
      ],
      [
        "a negative revenue",
        arpu,
        { n: 5, arpu__orders: 1, arpu__customers: 1, arpu__revenue: "-3.50" },
        [0, "arpu__revenue"],
        /non-negative/,
      ],
      [
        "more repeat customers than customers",
        () => repeatPurchaseRateSqlMetric({ period: { start: S, end: E } }),
        { n: 5, repeatPurchaseRate__customers: 1, repeatPurchaseRate__repeatCustomers: 2 },
        [0, "repeatPurchaseRate__repeatCustomers"],
        /cannot exceed/,
      ],
      [
        "starting MRR without customers at the start",
        () => mrrChurnSqlMetric({ period: { start: S, end: E } }),
        { n: 5, mrrChurn__customersAtStart: 0, mrrChurn__startingMrr: 10 },
        [0, "mrrChurn__startingMrr"],
        /no customer is counted at the start/,
      ],
      [
        "more positive reviews than reviews",
        () => reviewSummarySqlMetric({ rating: "stars" }),
        {
          n: 2,
          reviewSummary__reviews: 2,
          reviewSummary__ratingSum: 8,
          reviewSummary__positive: 3,
        },
        [0, "reviewSummary__positive"],
        /cannot exceed/,
      ],
      [
        "a rating sum off the scale",
        () => reviewSummarySqlMetric({ rating: "stars" }),
        {
          n: 2,
          reviewSummary__reviews: 2,
          reviewSummary__ratingSum: 11,
          reviewSummary__positive: 2,
        },
        [0, "reviewSummary__ratingSum"],
        /expected a sum of 2 ratings 1-5 \(2 to 10\); got 11/,
      ],
      [
        "clicks above impressions",
        ctr,
        {
          n: 2,
          clickThroughRate__clicks: 5,
          clickThroughRate__impressions: 4,
          clickThroughRate__records: 2,
        },
        [0, "clickThroughRate__clicks"],
        /cannot exceed/,
      ],
      [
        "more records than rows",
        ctr,
        {
          n: 2,
          clickThroughRate__clicks: 1,
          clickThroughRate__impressions: 4,
          clickThroughRate__records: 3,
        },
        [0, "n"],
        /at least the 3 answers/,
      ],
    ];
  for (const [label, build, row, path, message] of cases) {
    it(label, () => {
      const metric = build();
      const rows = deepFreeze([row]);
      expectInputError(
        () => fromSqlRows(metric, rows),
        () => safeFromSqlRows(metric, rows),
        path,
        message,
      );
    });
  }

  fcTest.prop([fc.double()], { numRuns: 200 })(
    "a weight sum is accepted exactly when it is a finite number >= 0 (Σw² finite, > 0 if w > 0)",
    (w) => {
      const rows = [{ ...weighted, nps__weight_10: w, nps__sumSquaredWeights: w * w }];
      const ok = Number.isFinite(w) && w >= 0 && Number.isFinite(w * w) && (w === 0 || w * w > 0);
      expect(safeFromSqlRows(nps(), rows).ok).toBe(ok);
    },
  );
});

describe("options", () => {
  const bad: readonly [string, () => unknown, readonly (string | number)[]][] = [
    [
      "an NPS score accessor function",
      () => npsSqlMetric({ score: (r: { s: number }) => r.s }),
      ["options", "score"],
    ],
    [
      "an NPS weight accessor function",
      () => npsSqlMetric({ score: "s", weight: () => 1 }),
      ["options", "weight"],
    ],
    ["no CSAT rating field", () => csatSqlMetric({}), ["options", "rating"]],
    // @ts-expect-error options are required
    ["no CES options", () => cesSqlMetric(), ["options", "score"]],
    [
      "an impossible NPS threshold (the metric's own check)",
      () => npsSqlMetric({ score: "s", promoterMin: 5, detractorMax: 6 }),
      ["options", "promoterMin"],
    ],
    [
      "a clicks accessor function",
      () => clickThroughRateSqlMetric({ clicks: () => 1 }),
      ["options", "clicks"],
    ],
    [
      "an event type accessor function",
      () => referralRateSqlMetric({ type: () => "referral" }),
      ["options", "type"],
    ],
    // @ts-expect-error a period is required
    ["no period", () => arpuSqlMetric({}), ["options", "period"]],
    // @ts-expect-error a period is required
    ["no MRR period", () => mrrChurnSqlMetric({}), ["options", "period"]],
    ["no review rating field", () => reviewSummarySqlMetric({}), ["options", "rating"]],
    [
      "an interaction accessor function",
      () => snsEngagementRateSqlMetric({ base: "reach", interactions: { likes: () => 1 } }),
      ["options", "interactions", "likes"],
    ],
    [
      "a base accessor function",
      () => snsEngagementRateSqlMetric({ base: "reach", reach: () => 1 }),
      ["options", "reach"],
    ],
    [
      "a likes accessor function",
      () => reviewSummarySqlMetric({ rating: "stars", likes: () => 1 }),
      ["options", "likes"],
    ],
  ];
  for (const [label, make, path] of bad) {
    it(label, () => {
      expect(inputErrorOf(make).issues[0]?.path).toEqual(path);
    });
  }
});

describe("DuckDB equals memory on random rows", () => {
  // Weights and amounts are multiples of 1/4 below 16: every partial sum is exact, so the
  // engine's order of summation gives the same numbers as memory's.
  const quarter = fc.integer({ min: 0, max: 63 }).map((k) => k / 4);

  fcTest.prop(
    [
      fc.array(
        fc.record({
          score: fc.integer({ min: 0, max: 10 }),
          w: quarter,
          region: fc.constantFrom("x", "y"),
        }),
        { maxLength: 40 },
      ),
    ],
    { numRuns: 25 },
  )("weighted NPS, CSAT (0-10 scale) and CES by region", async (answers) => {
    const table = await load(
      "score INTEGER, w DOUBLE, region VARCHAR",
      answers.map((a) => [a.score, a.w, a.region]),
    );
    type A = (typeof answers)[number];
    const metrics = {
      nps: npsSqlMetric<A>({ score: "score", weight: "w", promoterMin: 8 }),
      csat: csatSqlMetric<A>({ rating: "score", weight: "w", scaleMin: 0, scaleMax: 10 }),
      ces: cesSqlMetric<A>({ score: "score", weight: "w", scaleMin: 0, scaleMax: 10 }),
    };
    const options = { table, groupBy: "region" } as const;
    const rows = await run(toSql(metrics, options));
    expect(json(fromSqlRows(metrics, rows, options))).toEqual(
      json(bySegment(deepFreeze(answers), "region", metrics)),
    );
  });

  const day = 86_400_000;
  fcTest.prop(
    [
      fc.array(
        fc.record({
          customerId: fc.integer({ min: 1, max: 6 }),
          date: fc.constantFrom(S - day, S - 1, S, S + 1, E - 1, E, E + day),
          amount: quarter,
          channel: fc.constantFrom("web", "app"),
        }),
        { maxLength: 30 },
      ),
    ],
    { numRuns: 25 },
  )("ARPU, AOV and purchase frequency by channel", async (orders) => {
    const table = await load(
      'customerId INTEGER, "date" BIGINT, amount DOUBLE, channel VARCHAR',
      orders.map((o) => [o.customerId, o.date, o.amount, o.channel]),
    );
    const period = { start: S, end: E };
    const metrics = {
      arpu: arpuSqlMetric({ period }),
      aov: averageOrderValueSqlMetric({ period }),
      frequency: purchaseFrequencySqlMetric({ period }),
    };
    const options = { table, groupBy: "channel", dates: "epoch-ms" } as const;
    const rows = await run(toSql(metrics, options));
    // Exact sums: the compensated sums' carries are 0, so even the tallies are equal.
    expect(json(fromSqlRows(metrics, rows, options))).toEqual(
      json(bySegment(deepFreeze(orders), "channel", metrics)),
    );
  });

  fcTest.prop(
    [
      fc.array(
        fc
          .record({
            customerId: fc.constantFrom("a", "b", "c", "d"),
            plan: fc.constantFrom("pro", "team"),
            start: fc.constantFrom(S - 40 * day, S - 1, S, S + 1, E - 1, E, E + 1),
            end: fc.option(fc.constantFrom(S - 1, S, S + 1, E - 1, E, E + day), { nil: null }),
            mrr: quarter,
          })
          .filter((s) => s.end === null || s.end >= s.start),
        { maxLength: 25 },
      ),
    ],
    { numRuns: 25 },
  )("MRR churn and customer retention by plan", async (subscriptions) => {
    const table = await load(
      'customerId VARCHAR, plan VARCHAR, "start" BIGINT, "end" BIGINT, mrr DOUBLE',
      subscriptions.map((s) => [s.customerId, s.plan, s.start, s.end, s.mrr]),
    );
    const period = { start: S, end: E };
    const metrics = {
      mrr: mrrChurnSqlMetric({ period }),
      crr: customerRetentionSqlMetric({ period }),
    };
    const options = { table, groupBy: "plan", dates: "epoch-ms" } as const;
    const rows = await run(toSql(metrics, options));
    expect(json(fromSqlRows(metrics, rows, options))).toEqual(
      json(bySegment(deepFreeze(subscriptions), "plan", metrics)),
    );
  });

  fcTest.prop(
    [
      fc.array(
        fc.record({
          customerId: fc.integer({ min: 1, max: 5 }),
          date: fc.constantFrom(S - day, S - 1, S, S + 1, E - 1, E),
          amount: quarter,
          channel: fc.constantFrom("web", "app"),
        }),
        { maxLength: 30 },
      ),
    ],
    { numRuns: 25 },
  )("repeat purchase rate by channel", async (orders) => {
    const table = await load(
      'customerId INTEGER, "date" BIGINT, amount DOUBLE, channel VARCHAR',
      orders.map((o) => [o.customerId, o.date, o.amount, o.channel]),
    );
    const metric = repeatPurchaseRateSqlMetric({ period: { start: S, end: E } });
    const options = { table, groupBy: "channel", dates: "epoch-ms" } as const;
    const rows = await run(toSql(metric, options));
    expect(json(fromSqlRows(metric, rows, options))).toEqual(
      json(bySegment(deepFreeze(orders), "channel", { repeatPurchaseRate: metric })),
    );
  });

  fcTest.prop(
    [
      fc.array(
        fc.record({
          // Ratings in quarters on 1-5: exact sums.
          stars: fc.integer({ min: 4, max: 20 }).map((k) => k / 4),
          likes: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
          shares: fc.integer({ min: 0, max: 9 }),
          site: fc.constantFrom("x", "y"),
        }),
        { maxLength: 30 },
      ),
    ],
    { numRuns: 25 },
  )("review summary by site", async (reviews) => {
    const table = await load(
      "stars DOUBLE, likes INTEGER, shares INTEGER, site VARCHAR",
      reviews.map((r) => [r.stars, r.likes, r.shares, r.site]),
    );
    const metric = reviewSummarySqlMetric<(typeof reviews)[number]>({
      rating: "stars",
      shares: "shares",
    });
    const options = { table, groupBy: "site" } as const;
    const rows = await run(toSql(metric, options));
    expect(json(fromSqlRows(metric, rows, options))).toEqual(
      json(bySegment(deepFreeze(reviews), "site", { reviewSummary: metric })),
    );
  });

  fcTest.prop(
    [
      fc.array(
        fc
          .record({
            clicks: fc.integer({ min: 0, max: 20 }),
            extra: fc.integer({ min: 0, max: 20 }),
            bounced: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
            kind: fc.constantFrom("open", "delivered", "bounce"),
            plan: fc.constantFrom("a", "b"),
          })
          .map((r) => ({
            ...r,
            impressions: r.clicks + r.extra,
            sent: r.clicks + r.extra + (r.bounced ?? 0),
          })),
        { maxLength: 30 },
      ),
    ],
    { numRuns: 25 },
  )("click-through, open (sent − bounced), event open and SNS rates by plan", async (records) => {
    const table = await load(
      "clicks INTEGER, extra INTEGER, impressions INTEGER, sent INTEGER, bounced INTEGER, kind VARCHAR, plan VARCHAR",
      records.map((r) => [r.clicks, r.extra, r.impressions, r.sent, r.bounced, r.kind, r.plan]),
    );
    type Row = (typeof records)[number];
    const metrics = {
      ctr: clickThroughRateSqlMetric<Row>(),
      open: openRateSqlMetric<Row>({ opens: "clicks", sent: "sent" }),
      events: openRateSqlMetric<Row>({
        type: "kind",
        events: { delivered: ["delivered", "open"] },
      }),
      sns: snsEngagementRateSqlMetric<Row>({
        base: "impressions",
        interactions: { likes: "clicks", shares: "extra" },
      }),
      snsEvents: snsEngagementRateSqlMetric<Row>({
        base: "impressions",
        type: "kind",
        events: { likes: "open", impressions: ["delivered", "open"] },
      }),
    };
    const options = { table, groupBy: "plan" } as const;
    const rows = await run(toSql(metrics, options));
    expect(json(fromSqlRows(metrics, rows, options))).toEqual(
      json(bySegment(deepFreeze(records), "plan", metrics)),
    );
  });
});
