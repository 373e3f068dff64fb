import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohortRetentionDuckDB, duckdbRelation, queryDuckDB } from "../../src/duckdb.ts";
import { MetricsInputError } from "../../src/errors.ts";
import { cohortRetention } from "../../src/group/cohort.ts";
import { byPeriod } from "../../src/group/period.ts";
import { bySegment } from "../../src/group/segment.ts";
import { fromSqlRows, type SqlRow, toSql } from "../../src/sql/query.ts";
import { csatMetric } from "../../src/survey/csat.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { type Answer, answers, CASES, FIXTURES, orders, TABLES } from "./cases.ts";

let instance: DuckDBInstance;
let run: (sql: string) => Promise<SqlRow[]>;

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

/** JSON round trip: results are plain JSON, so compare them as such. */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("the emitted SQL (standard dialect) on DuckDB equals the in-memory results", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const rows = await run(c.sql);
      const compare = c.compare ?? json;
      expect(compare(c.finalize(rows))).toEqual(compare(c.expected()));
    });
  }
});

describe("independent DuckDB queries agree (reference values)", () => {
  it("NPS of region East", async () => {
    // Reference: NPS = 100 * (promoters - detractors) / answers, written directly in DuckDB.
    const [row] =
      await run(`SELECT 100.0 * (SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) - SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END)) / COUNT(*) AS v
      FROM survey WHERE region = 'East'`);
    const nps = npsMetric<Answer>({ score: "nps" });
    const table = fromSqlRows(
      { nps },
      await run(toSql({ nps }, { table: "survey", groupBy: "region", dialect: "duckdb" })),
      { groupBy: "region" },
    );
    const east = table.segments.find((s) => s.key === "East");
    expect(east?.results.nps.value).toBeCloseTo(Number(row?.["v"]), 10);
  });

  it("month-1 retention of the December 2009 cohort", async () => {
    // Reference: customers whose first order is in 2009-12 and who also ordered in 2010-01,
    // over the cohort's size, with DuckDB's own date_trunc.
    const [row] = await run(`WITH o AS (
        SELECT customer_id AS c, date_trunc('month', "date") AS m FROM orders WHERE NOT is_cancellation
      ), f AS (SELECT c, MIN(m) AS first FROM o GROUP BY c)
      SELECT COUNT(DISTINCT CASE WHEN o.m = DATE '2010-01-01' THEN o.c END) * 1.0 / COUNT(DISTINCT o.c) AS r
      FROM o JOIN f USING (c) WHERE f.first = DATE '2009-12-01'`);
    const inMemory = cohortRetention(orders, { kind: "orders", asOf: "2011-01-01T00:00:00Z" });
    expect(inMemory.cohorts[0]?.cohort.start).toBe("2009-12-01T00:00:00.000+00:00");
    expect(inMemory.cohorts[0]?.retention[1]).toBeCloseTo(Number(row?.["r"]), 12);
  });
});

describe("engagement-metrics/duckdb: files read by DuckDB", () => {
  const survey = { file: join(FIXTURES, "survey-responses.csv") };

  it("queryDuckDB reads a CSV file and equals bySegment", async () => {
    const nps = npsMetric<Answer>({ score: "nps" });
    const csat = csatMetric<Answer>({ rating: "csat" });
    const result = await queryDuckDB({ nps, csat }, { source: survey, groupBy: "plan" });
    expect(json(result)).toEqual(json(bySegment(answers, "plan", { nps, csat })));
  });

  it("queryDuckDB buckets by period with date_trunc, in a zone", async () => {
    const nps = npsMetric<Answer>({ score: "nps" });
    const period = { date: "date", interval: "week", timeZone: "America/New_York" } as const;
    const result = await queryDuckDB(nps, {
      source: survey,
      period: { ...period, bucketing: "date_trunc" },
      columns: { date: 'CAST("date" AS TIMESTAMPTZ)' },
    });
    expect(json(result)).toEqual(json(byPeriod(answers, period, { nps })));
  });

  it("reads Parquet written by DuckDB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "engagement-metrics-"));
    try {
      const file = join(dir, "survey.parquet");
      await run(`COPY survey TO '${file}' (FORMAT PARQUET)`);
      const nps = npsMetric<Answer>({ score: "nps" });
      const result = await queryDuckDB(nps, { source: { file }, groupBy: "region" });
      expect(json(result)).toEqual(json(bySegment(answers, "region", { nps })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cohortRetentionDuckDB equals cohortRetention", async () => {
    const file = join(FIXTURES, "orders_ii_2009_2010.csv");
    const options = { start: "2009-12-01T00:00:00Z", asOf: "2010-12-10T00:00:00Z" } as const;
    const matrix = await cohortRetentionDuckDB({
      ...options,
      source: {
        table: `(SELECT customer_id AS "customerId", CAST("date" AS TIMESTAMP) AT TIME ZONE 'UTC' AS "date", amount
          FROM read_csv('${file}') WHERE NOT is_cancellation) AS o`,
      },
    });
    expect(json(matrix)).toEqual(
      json(cohortRetention(orders, { kind: "orders", asOf: options.asOf })),
    );
  });

  it("rejects invalid orders (cancellations have negative amounts), as cohortRetention does", async () => {
    const error = await cohortRetentionDuckDB({
      source: { file: join(FIXTURES, "orders_ii_2009_2010.csv") },
      columns: {
        customerId: "customer_id",
        date: `(CAST("date" AS TIMESTAMP) AT TIME ZONE 'UTC')`,
      },
      start: "2009-12-01T00:00:00Z",
      asOf: "2010-12-10T00:00:00Z",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsInputError);
    expect(String(error)).toMatch(
      /4372 order\(s\) have no customer id, no date, or no amount >= 0/,
    );
  });

  it("names the source in FROM", () => {
    expect(duckdbRelation({ file: "a.parquet" })).toBe("read_parquet(['a.parquet'])");
    expect(duckdbRelation({ file: ["a.csv", "it's.csv"] })).toBe(
      "read_csv(['a.csv', 'it''s.csv'])",
    );
    expect(duckdbRelation({ table: "orders" })).toBe("orders");
    expect(() => duckdbRelation({})).toThrow(MetricsInputError);
  });
});
