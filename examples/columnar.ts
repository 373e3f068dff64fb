// Columnar input: typed arrays (or an Apache Arrow table) instead of arrays of records.
// Run: npm run build && node examples/columnar.ts
import { tableFromArrays } from "apache-arrow";
import {
  bySegmentColumns,
  cohortRetentionColumns,
  csatMetric,
  npsMetric,
  safeBySegmentColumns,
} from "engagement-metrics";

// One million answers: scores in a Uint8Array, regions as a dictionary-coded column.
const rows = 1_000_000;
const score = new Uint8Array(rows);
const rating = new Uint8Array(rows);
const codes = new Uint8Array(rows);
let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
for (let i = 0; i < rows; i++) {
  codes[i] = Math.floor(random() * 3);
  score[i] = Math.min(10, Math.floor(random() * 8) + (codes[i] as number) + 2);
  rating[i] = 1 + Math.floor(random() * 5);
}
const answers = { score, rating, region: { codes, labels: ["EU", "US", "APAC"] } };

const started = performance.now();
const table = bySegmentColumns(answers, "region", {
  nps: npsMetric({ score: "score" }),
  csat: csatMetric<{ rating: number }>({ rating: "rating" }),
});
console.log(
  `NPS and CSAT by region over ${rows.toLocaleString("en-US")} answers in ${(performance.now() - started).toFixed(0)} ms`,
);
for (const row of table.segments) {
  console.log(
    `  ${String(row.key).padEnd(5)} n=${row.n}  NPS ${row.results.nps.value?.toFixed(1)}  CSAT ${row.results.csat.value?.toFixed(3)}`,
  );
}

// Every value is checked; errors name the column and the row.
const broken = safeBySegmentColumns({ score: [9, 11] }, "score", {
  nps: npsMetric({ score: "score" }),
});
if (!broken.ok) console.log(`  a bad answer: ${broken.error.message}`);

// An Arrow table works as it is (read through getChild; apache-arrow is not a dependency).
const arrow = tableFromArrays({
  score: Uint8Array.from([10, 9, 3, 7]),
  region: ["EU", "EU", "US", "US"],
});
const fromArrow = bySegmentColumns(
  arrow,
  "region",
  { nps: npsMetric({ score: "score" }) },
  { minN: 0 },
);
console.log(
  "Arrow:",
  fromArrow.segments.map((row) => `${row.key} ${row.results.nps.value}`).join(", "),
);

// Cohort retention from an Int32Array of customers and a Float64Array of order instants.
const orders = 200_000;
const customerId = new Int32Array(orders);
const date = new Float64Array(orders);
const start = Date.UTC(2025, 0, 1);
for (let i = 0; i < orders; i++) {
  customerId[i] = Math.floor(random() * 20_000);
  date[i] = start + Math.floor(random() * random() * 180) * 86_400_000;
}
const matrix = cohortRetentionColumns(
  { customerId, date },
  { kind: "orders", asOf: "2025-07-01T00:00:00Z" },
);
console.log("Monthly cohorts (retention by month since the first order):");
for (const row of matrix.cohorts) {
  console.log(
    `  ${row.cohort.start.slice(0, 7)}  ${String(row.size).padStart(5)}  ${row.retention.map((r) => (r === null ? "  -  " : r.toFixed(2))).join(" ")}`,
  );
}
