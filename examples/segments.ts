// Segments, a monthly series and a cohort matrix, printed as text.
// Run from the repository root after a build: `npm run build && node examples/segments.ts`.
import { join } from "node:path";
import {
  byPeriod,
  bySegment,
  cohortRetention,
  compareSegments,
  csatMetric,
  npsMetric,
  toRows,
} from "engagement-metrics";
import { readCsv } from "./lib/csv.ts";

const data = join(import.meta.dirname, "data");
const fmt = (x: number | null, digits = 1) => (x === null ? "–" : x.toFixed(digits));

// Survey answers: one row per response.
const answers = readCsv(join(data, "survey-responses.csv")).map(
  ({ region = "", date = "", nps, csat }) => ({
    region,
    date,
    nps: Number(nps),
    csat: Number(csat),
  }),
);
const metrics = { nps: npsMetric({ score: "nps" }), csat: csatMetric({ rating: "csat" }) };

// 1. A segment table: NPS and CSAT per region, in one pass, with a total row.
const table = bySegment(answers, "region", metrics, { sort: { metric: "nps" } });
console.log("region      n    NPS  [95% interval]    CSAT");
for (const row of [...table.segments, { key: "total", ...table.total }]) {
  const { nps, csat } = row.results;
  const interval = `[${fmt(nps.interval?.lower ?? null)}, ${fmt(nps.interval?.upper ?? null)}]`;
  console.log(
    `${String(row.key).padEnd(8)}${String(row.n).padStart(5)}${fmt(nps.value).padStart(7)}  ${interval.padEnd(16)}${fmt(csat.value, 3).padStart(7)}${row.flagged ? "  (small)" : ""}`,
  );
}

// Each region against the rest, with Holm-adjusted p-values.
for (const c of compareSegments(table, { metrics }).comparisons) {
  console.log(
    `${c.metric} ${c.segment} vs rest: ${fmt(c.difference, 3)} (p = ${fmt(c.pValue, 3)}, Holm ${fmt(c.adjustedPValue, 3)})`,
  );
}

// 2. A monthly series in Europe/Paris; empty months stay, with null values.
const series = byPeriod(
  answers,
  { date: "date", interval: "month", timeZone: "Europe/Paris" },
  { nps: metrics.nps },
);
console.log("\nmonth      n    NPS");
for (const row of toRows(series)) {
  console.log(
    `${row.period?.slice(0, 7)}${String(row.n).padStart(6)}${fmt(row.value).padStart(7)}`,
  );
}

// 3. A quarterly cohort matrix of subscriptions: share of each cohort active in quarter k.
const subscriptions = readCsv(join(data, "subscriptions.csv")).map(
  ({ customer_id = "", start = "", end = "" }) => ({
    customerId: customer_id,
    start,
    end: end === "" ? null : end,
  }),
);
const matrix = cohortRetention(subscriptions, {
  kind: "subscriptions",
  interval: "quarter",
  asOf: "2025-12-01T00:00:00Z",
});
console.log(
  `\ncohort     size  ${matrix.cohorts[0]?.retention.map((_, k) => `k=${k}`.padStart(5)).join("")}`,
);
for (const row of matrix.cohorts) {
  const cells = row.retention.map((r) => (r === null ? "" : `${Math.round(r * 100)}%`).padStart(5));
  console.log(`${row.cohort.start.slice(0, 7)}${String(row.size).padStart(7)}  ${cells.join("")}`);
}
