// The same tallies in a SQL engine: toSql emits the SQL, the engine runs it where the data is,
// fromSqlRows finalizes the rows with the metrics' own formulas. Here the engine is DuckDB,
// embedded, reading a CSV file directly (engagement-metrics/duckdb, needs @duckdb/node-api).
// Run: npm run build && node examples/sql.ts
import { join } from "node:path";
import { churnSqlMetric, csatMetric, fromSqlRows, npsMetric, toSql } from "engagement-metrics";
import { queryDuckDB } from "engagement-metrics/duckdb";

const data = join(import.meta.dirname, "data");
const nps = npsMetric<{ nps: number }>({ score: "nps" });
const csat = csatMetric<{ csat: number }>({ rating: "csat" });

// 1. The SQL, for any engine: plain aggregates, one row per region.
const sql = toSql(
  { nps, csat },
  { table: "survey_responses", groupBy: "region", dialect: "bigquery" },
);
console.log(`${sql.split("\n").slice(0, 6).join("\n")}\n  ...`);

// 2. Rows as a warehouse driver returns them (counts as strings or bigints are fine).
const rows = [
  {
    segment: "EU",
    n: "3",
    nps__answer_10: "2",
    nps__answer_3: "1",
    csat__answer_5: "3",
  },
];
const table = fromSqlRows({ nps, csat }, rows, { groupBy: "region", minN: 0 });
console.log(
  "finalized in TypeScript:",
  table.segments.map((s) => `${s.key}: NPS ${s.results.nps.value?.toFixed(1)}`).join(", "),
);

// 3. DuckDB reading the CSV file: the same result as bySegment on the parsed records.
const byRegion = await queryDuckDB(
  { nps, csat },
  { source: { file: join(data, "survey-responses.csv") }, groupBy: "region" },
);
for (const row of byRegion.segments) {
  console.log(
    `  ${String(row.key).padEnd(6)} n=${row.n}  NPS ${row.results.nps.value?.toFixed(1)}  CSAT ${row.results.csat.value?.toFixed(3)}`,
  );
}

// 4. Churn from a subscriptions file, by plan (customers active at the start, churned by the end).
const churn = churnSqlMetric({
  period: { start: "2025-03-01T00:00:00Z", end: "2025-04-01T00:00:00Z" },
});
const byPlan = await queryDuckDB(
  { churn },
  {
    source: { file: join(data, "subscriptions.csv") },
    groupBy: "plan",
    columns: { customerId: "customer_id" },
  },
);
for (const row of byPlan.segments) {
  const r = row.results.churn;
  console.log(
    `  ${String(row.key).padEnd(11)} at start ${r.customersAtStart}, churned ${r.churned}: ${((r.value ?? 0) * 100).toFixed(1)}%`,
  );
}
