// The SQL equality cases, shared by the DuckDB and the PostgreSQL tests: the same fixture files
// loaded into the same tables, the same SQL text (standard dialect) run on each engine, and
// the in-memory result the rows must finalize to.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cohortRetention } from "../../src/group/cohort.ts";
import { byPeriod } from "../../src/group/period.ts";
import { bySegment } from "../../src/group/segment.ts";
import { cohortRetentionFromSqlRows, cohortRetentionSql } from "../../src/sql/cohort.ts";
import {
  churnSqlMetric,
  customerRetentionSqlMetric,
  mrrChurnSqlMetric,
  repeatPurchaseRateSqlMetric,
  repeatRateSqlMetric,
  retentionSqlMetric,
} from "../../src/sql/customers.ts";
import {
  arpuSqlMetric,
  averageOrderValueSqlMetric,
  purchaseFrequencySqlMetric,
} from "../../src/sql/order-value.ts";
import { fromSqlRows, type SqlRow, toSql } from "../../src/sql/query.ts";
import {
  clickThroughRateSqlMetric,
  conversionRateSqlMetric,
  openRateSqlMetric,
  referralRateSqlMetric,
  snsEngagementRateSqlMetric,
} from "../../src/sql/rates.ts";
import { reviewSummarySqlMetric } from "../../src/sql/reviews.ts";
import { cesSqlMetric, csatSqlMetric, npsSqlMetric } from "../../src/sql/survey.ts";
import { csatMetric } from "../../src/survey/csat.ts";
import { npsMetric } from "../../src/survey/nps.ts";

export const FIXTURES: string = join(import.meta.dirname, "..", "fixtures", "scale");

/** Parses a CSV file without quoted fields (true of these fixtures) into rows of strings. */
export function readCsv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(FIXTURES, name), "utf8").trim().split("\n");
  const columns = (head ?? "").split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(columns.map((c, k) => [c, cells[k] ?? ""]));
  });
}

export interface Answer {
  readonly region: string;
  readonly plan: string;
  readonly date: string;
  readonly nps: number;
  readonly csat: number;
}

export interface Sub {
  readonly customerId: string;
  readonly plan: string;
  readonly start: string;
  readonly end: string | null;
  readonly mrr: number;
}

export interface Purchase {
  readonly customerId: number;
  readonly date: string;
  readonly amount: number;
  readonly segment: "even" | "odd";
}

export const answers: readonly Answer[] = readCsv("survey-responses.csv").map((r) => ({
  region: r["region"] as string,
  plan: r["plan"] as string,
  date: r["date"] as string,
  nps: Number(r["nps"]),
  csat: Number(r["csat"]),
}));

/**
 * A survey answer with a weight by plan and channel counts derived from the answers, so the
 * same records exist in memory and (through `columns` expressions) in SQL. The weights are
 * multiples of 1/4: every partial sum is exact in binary floating point, so summing in another
 * order (the engine's) gives the same numbers, and results can be compared for equality.
 */
export interface WeightedAnswer extends Answer {
  readonly ces: number;
  readonly weight: number;
  /** Click-through counts: clicks = nps (0-10) <= impressions = 10 + ces. */
  readonly clicks: number;
  readonly impressions: number;
  /** Email counts: sent = 20 + csat, bounced = ces (<= 7), opens = nps <= sent - bounced. */
  readonly sent: number;
  readonly bounced: number;
  /** An event type: "click" for promoters, "impression" otherwise. */
  readonly event: string;
}

export const PLAN_WEIGHTS: Readonly<Record<string, number>> = {
  Basic: 0.5,
  Pro: 1.25,
  Enterprise: 2,
};

export const weightedAnswers: readonly WeightedAnswer[] = readCsv("survey-responses.csv").map(
  (r) => {
    const nps = Number(r["nps"]);
    const csat = Number(r["csat"]);
    const ces = Number(r["ces"]);
    return {
      region: r["region"] as string,
      plan: r["plan"] as string,
      date: r["date"] as string,
      nps,
      csat,
      ces,
      weight: PLAN_WEIGHTS[r["plan"] as string] as number,
      clicks: nps,
      impressions: 10 + ces,
      sent: 20 + csat,
      bounced: ces,
      event: nps >= 9 ? "click" : "impression",
    };
  },
);

/** The same derived fields as SQL expressions over the survey table (standard SQL). */
export const weightedColumns: Readonly<Record<string, string>> = {
  weight:
    "CAST(CASE plan WHEN 'Basic' THEN 0.5 WHEN 'Pro' THEN 1.25 WHEN 'Enterprise' THEN 2 END AS DOUBLE PRECISION)",
  clicks: "nps",
  impressions: "(10 + ces)",
  sent: "(20 + csat)",
  bounced: "ces",
  event: "CASE WHEN nps >= 9 THEN 'click' ELSE 'impression' END",
};

export const subscriptions: readonly Sub[] = readCsv("subscriptions.csv").map((r) => ({
  customerId: r["customer_id"] as string,
  plan: r["plan"] as string,
  start: r["start"] as string,
  end: r["end"] === "" ? null : (r["end"] as string),
  mrr: Number(r["mrr"]),
}));

/** Orders that are not cancellations, dates read as UTC. */
export const orders: readonly Purchase[] = readCsv("orders_ii_2009_2010.csv")
  .filter((r) => r["is_cancellation"] === "false")
  .map((r) => ({
    customerId: Number(r["customer_id"]),
    date: `${(r["date"] as string).replace(" ", "T")}Z`,
    amount: Number(r["amount"]),
    segment: Number(r["customer_id"]) % 2 === 0 ? "even" : "odd",
  }));

/** Portable DDL (DuckDB and PostgreSQL) of the three tables. */
export const TABLES: readonly {
  readonly name: string;
  readonly file: string;
  readonly ddl: string;
}[] = [
  {
    name: "survey",
    file: "survey-responses.csv",
    ddl: 'CREATE TABLE survey (response_id VARCHAR, customer_id VARCHAR, "date" TIMESTAMP WITH TIME ZONE, region VARCHAR, plan VARCHAR, nps INTEGER, csat INTEGER, ces INTEGER)',
  },
  {
    name: "subscriptions",
    file: "subscriptions.csv",
    ddl: 'CREATE TABLE subscriptions (customer_id VARCHAR, region VARCHAR, plan VARCHAR, "start" TIMESTAMP WITH TIME ZONE, "end" TIMESTAMP WITH TIME ZONE, mrr DOUBLE PRECISION)',
  },
  {
    name: "orders",
    file: "orders_ii_2009_2010.csv",
    ddl: 'CREATE TABLE orders (customer_id INTEGER, invoice VARCHAR, "date" TIMESTAMP, amount DOUBLE PRECISION, is_cancellation BOOLEAN)',
  },
];

/** One equality case: SQL text (standard dialect), and how its rows finalize. */
export interface SqlCase {
  readonly name: string;
  readonly sql: string;
  /** The result from the rows, to compare with `expected()`. */
  finalize(rows: readonly SqlRow[]): unknown;
  /** The in-memory result on the same rows as records. */
  expected(): unknown;
  /** What of both results is compared (default: all of it, as plain JSON). */
  readonly compare?: (result: unknown) => unknown;
}

const nps = npsMetric<Answer>({ score: "nps" });
const csat = csatMetric<Answer>({ rating: "csat" });
const MARCH = { start: "2025-03-01T00:00:00Z", end: "2025-04-01T00:00:00Z" };
const JUNE_2010 = { start: "2010-06-01T00:00:00Z", end: "2010-07-01T00:00:00Z" };
const ordersColumns = {
  customerId: "customer_id",
  date: `("date" AT TIME ZONE 'UTC')`,
  segment: "CASE WHEN customer_id % 2 = 0 THEN 'even' ELSE 'odd' END",
};
const period = {
  date: "date",
  interval: "month",
  start: "2025-01-01T00:00:00Z",
  end: "2026-01-01T00:00:00Z",
  timeZone: "Europe/Paris",
} as const;
const cohortOptions = {
  table: `(SELECT customer_id, ("date" AT TIME ZONE 'UTC') AS "date", amount FROM orders WHERE NOT is_cancellation) AS o`,
  columns: { customerId: "customer_id" },
  start: "2009-12-01T00:00:00Z",
  asOf: "2010-12-10T00:00:00Z",
} as const;

function metricCase<M extends Parameters<typeof toSql>[0]>(
  name: string,
  metrics: M,
  options: Parameters<typeof toSql>[1],
  expected: () => unknown,
): SqlCase {
  return {
    name,
    sql: toSql(metrics, options),
    finalize: (rows) => fromSqlRows(metrics, rows, options),
    expected,
  };
}

const churn = churnSqlMetric<Sub>({ period: MARCH });
const anyEnded = churnSqlMetric<Sub>({ period: MARCH, churnWhen: "any-subscription-ended" });
const retention = retentionSqlMetric<Sub>({ period: MARCH });
const repeat = repeatRateSqlMetric<Purchase>({ period: JUNE_2010 });

const weightedNps = npsSqlMetric<WeightedAnswer>({ score: "nps", weight: "weight" });
const weightedCsat = csatSqlMetric<WeightedAnswer>({ rating: "csat", weight: "weight" });
const weightedCes = cesSqlMetric<WeightedAnswer>({ score: "ces", weight: "weight" });
const ctr = clickThroughRateSqlMetric<WeightedAnswer>();
const ctrEvents = clickThroughRateSqlMetric<WeightedAnswer>({
  type: "event",
  events: { impressions: ["impression", "click"] },
});
const openRate = openRateSqlMetric<WeightedAnswer>({
  opens: "nps",
  sent: "sent",
  bounced: "bounced",
});
const conversion = conversionRateSqlMetric<WeightedAnswer>({
  conversions: "clicks",
  visitors: "impressions",
});
const referral = referralRateSqlMetric<WeightedAnswer>({
  events: { referred: "click", customers: ["impression", "click"] },
  type: "event",
});
const reviews = reviewSummarySqlMetric<WeightedAnswer>({
  rating: "csat",
  likes: "clicks",
  shares: "bounced",
});
const sns = snsEngagementRateSqlMetric<WeightedAnswer>({
  base: "impressions",
  interactions: { likes: "clicks", comments: "bounced" },
});
const mrrChurn = mrrChurnSqlMetric<Sub>({ period: MARCH });
const customerRetention = customerRetentionSqlMetric<Sub>({ period: MARCH });
const repeatPurchase = repeatPurchaseRateSqlMetric<Purchase>({ period: JUNE_2010 });
const arpu = arpuSqlMetric<Purchase>({ period: JUNE_2010 });
const averageOrderValue = averageOrderValueSqlMetric<Purchase>({ period: JUNE_2010 });
const purchaseFrequency = purchaseFrequencySqlMetric<Purchase>({ period: JUNE_2010 });

/**
 * A segment table without its tallies: the order values' revenue is a compensated sum
 * `{ sum, carry }` in memory and the engine's plain total in SQL (`{ sum, carry: 0 }`), the
 * same total in two forms. The results (value, revenue, orders, customers) must be equal.
 */
export function withoutTallies(table: unknown): unknown {
  return JSON.parse(JSON.stringify(table), (key, value: unknown) =>
    key === "tallies" ? undefined : value,
  );
}

export const CASES: readonly SqlCase[] = [
  metricCase("NPS and CSAT by region", { nps, csat }, { table: "survey", groupBy: "region" }, () =>
    bySegment(answers, "region", { nps, csat }),
  ),
  metricCase("NPS by month in Europe/Paris", { nps }, { table: "survey", period }, () =>
    byPeriod(answers, period, { nps }),
  ),
  metricCase(
    "churn and retention by plan, March 2025",
    { churnRate: churn, anyEnded, retentionRate: retention },
    { table: "subscriptions", groupBy: "plan", columns: { customerId: "customer_id" } },
    () =>
      bySegment(subscriptions, "plan", { churnRate: churn, anyEnded, retentionRate: retention }),
  ),
  metricCase(
    "repeat rate by customer parity, June 2010",
    repeat,
    { table: "orders", groupBy: "segment", columns: ordersColumns, where: "NOT is_cancellation" },
    () => bySegment(orders, "segment", { repeatRate: repeat }),
  ),
  metricCase(
    "repeat rate, ungrouped",
    repeat,
    { table: "orders", columns: ordersColumns, where: "NOT is_cancellation" },
    () => bySegment(orders, () => "all", { repeatRate: repeat }).total,
  ),
  metricCase(
    "weighted NPS, CSAT and CES by region",
    { nps: weightedNps, csat: weightedCsat, ces: weightedCes },
    { table: "survey", groupBy: "region", columns: weightedColumns },
    () =>
      bySegment(weightedAnswers, "region", {
        nps: weightedNps,
        csat: weightedCsat,
        ces: weightedCes,
      }),
  ),
  metricCase(
    "weighted NPS by month in Europe/Paris",
    { nps: weightedNps },
    { table: "survey", period, columns: weightedColumns },
    () => byPeriod(weightedAnswers, period, { nps: weightedNps }),
  ),
  metricCase(
    "click-through, open, conversion and SNS engagement rates from counts by plan",
    { ctr, openRate, conversion, sns },
    { table: "survey", groupBy: "plan", columns: weightedColumns },
    () => bySegment(weightedAnswers, "plan", { ctr, openRate, conversion, sns }),
  ),
  metricCase(
    "click-through and referral rates from events by region",
    { ctrEvents, referral },
    { table: "survey", groupBy: "region", columns: weightedColumns },
    () => bySegment(weightedAnswers, "region", { ctrEvents, referral }),
  ),
  {
    ...metricCase(
      "ARPU, average order value and purchase frequency by customer parity, June 2010",
      { arpu, averageOrderValue, purchaseFrequency },
      {
        table: "orders",
        groupBy: "segment",
        // DECIMAL money: the engine's SUM is exact (the amounts have two decimals).
        columns: { ...ordersColumns, amount: "CAST(amount AS DECIMAL(18, 2))" },
        where: "NOT is_cancellation",
      },
      () => bySegment(orders, "segment", { arpu, averageOrderValue, purchaseFrequency }),
    ),
    compare: withoutTallies,
  },
  metricCase(
    "review summary by plan (rating csat, likes nps, shares ces)",
    { reviews },
    { table: "survey", groupBy: "plan", columns: weightedColumns },
    () => bySegment(weightedAnswers, "plan", { reviews }),
  ),
  metricCase(
    "MRR churn and customer retention by plan, March 2025",
    { mrrChurn, customerRetention },
    { table: "subscriptions", groupBy: "plan", columns: { customerId: "customer_id" } },
    () => bySegment(subscriptions, "plan", { mrrChurn, customerRetention }),
  ),
  metricCase(
    "repeat purchase rate by customer parity, June 2010",
    { repeatPurchase },
    { table: "orders", groupBy: "segment", columns: ordersColumns, where: "NOT is_cancellation" },
    () => bySegment(orders, "segment", { repeatPurchase }),
  ),
  {
    name: "monthly cohort retention of orders",
    sql: cohortRetentionSql(cohortOptions),
    finalize: (rows) => cohortRetentionFromSqlRows(rows, cohortOptions),
    expected: () => cohortRetention(orders, { kind: "orders", asOf: cohortOptions.asOf }),
  },
];
