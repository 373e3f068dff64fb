// Properties: on random rows (instants drawn around the period boundaries, where the rules
// differ), DuckDB running the emitted SQL gives exactly what the in-memory metrics give.

import { DuckDBInstance } from "@duckdb/node-api";
import { test as fcTest } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { cohortRetention } from "../../src/group/cohort.ts";
import { bySegment } from "../../src/group/segment.ts";
import { cohortRetentionFromSqlRows, cohortRetentionSql } from "../../src/sql/cohort.ts";
import { churnSqlMetric, repeatRateSqlMetric } from "../../src/sql/customers.ts";
import { fromSqlRows, type SqlRow, toSql } from "../../src/sql/query.ts";
import { npsMetric } from "../../src/survey/nps.ts";

let instance: DuckDBInstance;
let run: (sql: string) => Promise<SqlRow[]>;
let table = 0;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  run = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
});
afterAll(() => instance.closeSync());

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const sqlValue = (v: unknown): string =>
  v === null ? "NULL" : typeof v === "string" ? `'${v}'` : String(v);

/** Creates a fresh table of the rows (epoch-ms instants as BIGINT) and returns its name. */
async function load(columns: string, rows: readonly (readonly unknown[])[]): Promise<string> {
  const name = `t${table++}`;
  await run(`CREATE TABLE ${name} (${columns})`);
  if (rows.length > 0) {
    await run(
      `INSERT INTO ${name} VALUES ${rows.map((r) => `(${r.map(sqlValue).join(", ")})`).join(", ")}`,
    );
  }
  return name;
}

const S = Date.UTC(2025, 2, 1);
const E = Date.UTC(2025, 3, 1);
const day = 86_400_000;
/** Instants around the boundaries S and E, where start/end rules differ. */
const instant = fc.constantFrom(
  S - 40 * day,
  S - 1,
  S,
  S + 1,
  S + 10 * day,
  E - 1,
  E,
  E + 1,
  E + 20 * day,
);

describe("DuckDB equals memory on random rows", () => {
  const subscription = fc
    .record({
      customerId: fc.constantFrom("a", "b", "c", "d"),
      plan: fc.constantFrom("pro", "team"),
      start: instant,
      end: fc.option(instant, { nil: null }),
    })
    .filter((s) => s.end === null || s.end >= s.start);

  fcTest.prop(
    [
      fc.array(subscription, { maxLength: 25 }),
      fc.constantFrom(
        "no-active-subscription",
        "any-subscription-ended",
      ) as fc.Arbitrary<"no-active-subscription">,
    ],
    { numRuns: 40 },
  )("churn by plan", async (subscriptions, churnWhen) => {
    const name = await load(
      'customerId VARCHAR, plan VARCHAR, "start" BIGINT, "end" BIGINT',
      subscriptions.map((s) => [s.customerId, s.plan, s.start, s.end]),
    );
    const churn = churnSqlMetric({ period: { start: S, end: E }, churnWhen });
    const options = { table: name, groupBy: "plan", dates: "epoch-ms" } as const;
    const rows = await run(toSql(churn, options));
    expect(json(fromSqlRows(churn, rows, options))).toEqual(
      json(bySegment(subscriptions, "plan", { churnRate: churn })),
    );
  });

  const order = fc.record({
    customerId: fc.integer({ min: 1, max: 5 }),
    date: instant,
    amount: fc.constantFrom(0, 5, 12.5),
    channel: fc.constantFrom("web", "app"),
  });

  fcTest.prop([fc.array(order, { maxLength: 30 })], { numRuns: 40 })(
    "repeat rate by channel",
    async (orders) => {
      const name = await load(
        'customerId INTEGER, "date" BIGINT, amount DOUBLE, channel VARCHAR',
        orders.map((o) => [o.customerId, o.date, o.amount, o.channel]),
      );
      const repeat = repeatRateSqlMetric({ period: { start: S, end: E } });
      const options = { table: name, groupBy: "channel", dates: "epoch-ms" } as const;
      const rows = await run(toSql(repeat, options));
      expect(json(fromSqlRows(repeat, rows, options))).toEqual(
        json(bySegment(orders, "channel", { repeatRate: repeat })),
      );
    },
  );

  fcTest.prop(
    [
      fc.array(
        fc.record({
          customerId: fc.integer({ min: 1, max: 8 }),
          date: fc.integer({ min: S - 90 * day, max: E + 60 * day }),
          amount: fc.constant(1),
        }),
        { maxLength: 40 },
      ),
      fc.constantFrom("day", "week", "month") as fc.Arbitrary<"month">,
      fc.constantFrom("UTC", "America/New_York", "Australia/Lord_Howe"),
    ],
    { numRuns: 30 },
  )("cohort retention", async (orders, interval, timeZone) => {
    const name = await load(
      'customerId INTEGER, "date" BIGINT, amount DOUBLE',
      orders.map((o) => [o.customerId, o.date, o.amount]),
    );
    const options = {
      table: name,
      dates: "epoch-ms",
      interval,
      timeZone,
      start: S - 100 * day,
      asOf: E,
    } as const;
    const rows = await run(cohortRetentionSql(options));
    expect(json(cohortRetentionFromSqlRows(rows, options))).toEqual(
      json(cohortRetention(orders, { kind: "orders", interval, timeZone, asOf: E })),
    );
  });

  fcTest.prop(
    [
      fc.array(
        fc.record({
          score: fc.integer({ min: 0, max: 10 }),
          region: fc.constantFrom("x", "y", "z"),
        }),
        { maxLength: 50 },
      ),
    ],
    { numRuns: 30 },
  )("NPS by region", async (answers) => {
    const name = await load(
      "score INTEGER, region VARCHAR",
      answers.map((a) => [a.score, a.region]),
    );
    const nps = npsMetric<{ score: number; region: string }>({ score: "score" });
    const options = { table: name, groupBy: "region" } as const;
    const rows = await run(toSql(nps, options));
    expect(json(fromSqlRows(nps, rows, options))).toEqual(
      json(bySegment(answers, "region", { nps })),
    );
  });
});
