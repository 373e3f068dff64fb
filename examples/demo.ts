// The KPI report: `npm run demo` (builds, then runs this file with Node >= 22).
// Every number below is computed by engagement-metrics from the files in examples/data/:
// synthetic survey answers, subscriptions and activity (seeded, see generate.ts), and a slice of
// the real UCI Online Retail orders (CC BY 4.0).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  arpu,
  arpuMetric,
  averageOrderValue,
  bySegment,
  cesMetric,
  churnMetric,
  csatMetric,
  customerLifetimeValue,
  engagementScore,
  fitBgNbd,
  fitGammaGamma,
  ltv,
  ltvFromChurn,
  mrrChurnFromSubscriptions,
  npsMetric,
  purchaseFrequency,
  repeatPurchaseRate,
  repeatRateFromOrders,
  repeatRateMetric,
  rfmSummary,
  toRows,
  toTextTable,
} from "engagement-metrics";
import { readCsv } from "./lib/csv.ts";

const data = join(import.meta.dirname, "data");
const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? "–" : `${(100 * x).toFixed(digits)}%`;
const num = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? "–" : x.toFixed(digits);
const money = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : x.toLocaleString("en-GB", { maximumFractionDigits: 0 });
const title = (text: string) => console.log(`\n${text}\n${"=".repeat(text.length)}`);

// ---------------------------------------------------------------------------------------------
// Survey: NPS, CSAT and CES, overall and by region, in one pass.
const answers = readCsv(join(data, "survey-responses.csv")).map((r) => ({
  region: r.region ?? "",
  plan: r.plan ?? "",
  date: r.date ?? "",
  nps: Number(r.nps),
  csat: Number(r.csat),
  ces: Number(r.ces),
}));
const surveyMetrics = {
  nps: npsMetric({ score: "nps" }),
  csat: csatMetric({ rating: "csat" }),
  ces: cesMetric({ score: "ces" }),
};
const survey = bySegment(answers, "region", surveyMetrics, { sort: { metric: "nps" } });
const { nps, csat, ces } = survey.total.results;
title(`Customer survey, 2025 (${answers.length} answers)`);
console.log(
  `NPS ${num(nps.value)} points, 95% interval [${num(nps.interval?.lower)}, ${num(nps.interval?.upper)}] (adjusted Wald)`,
);
console.log(
  `CSAT ${pct(csat.value)} satisfied (4-5 of 5), mean ${num(csat.mean, 2)}; CES mean ${num(ces.value, 2)} of 7, ${pct(ces.easyShare)} easy`,
);
console.log("\nBy region (NPS in points, rates as fractions):");
console.log(toTextTable(toRows(survey)));

// ---------------------------------------------------------------------------------------------
// Subscriptions: churn in November 2025, overall and by plan; revenue churn; LTV from churn.
const subscriptions = readCsv(join(data, "subscriptions.csv")).map((r) => ({
  customerId: r.customer_id ?? "",
  plan: r.plan ?? "",
  start: r.start ?? "",
  end: r.end === "" || r.end === undefined ? null : r.end,
  mrr: Number(r.mrr),
}));
const november = { start: "2025-11-01T00:00:00Z", end: "2025-12-01T00:00:00Z" };
const churn = bySegment(subscriptions, "plan", { churn: churnMetric({ period: november }) });
const overall = churn.total.results.churn;
title("Subscriptions, November 2025");
console.log(
  `Customer churn ${pct(overall.value, 2)} (${overall.churned} of ${overall.customersAtStart} active at start), Wilson 95% [${pct(overall.interval?.lower, 2)}, ${pct(overall.interval?.upper, 2)}]`,
);
console.log(toTextTable(toRows(churn)));
const mrr = mrrChurnFromSubscriptions(subscriptions, { period: november });
console.log(
  `Gross MRR churn ${pct(mrr.grossMrrChurnRate, 2)}, net revenue retention ${pct(mrr.netRevenueRetention, 1)}`,
);
const trailing = [];
for (let m = 5; m < 11; m++) {
  const period = { start: Date.UTC(2025, m, 1), end: Date.UTC(2025, m + 1, 1) };
  trailing.push(
    bySegment(subscriptions, () => "all", { c: churnMetric({ period }) }).total.results.c.value,
  );
}
const arpa = overall.customersAtStart > 0 ? mrr.startingMrr / overall.customersAtStart : 0;
const lifetimeValue = ltvFromChurn({ arpu: arpa, churnRates: trailing, grossMargin: 0.8 });
console.log(
  `LTV = ARPA ${money(arpa)} x 80% margin / six-month trailing churn ${pct(lifetimeValue.churnRate, 2)} = ${money(lifetimeValue.value)}`,
);
for (const row of churn.segments) {
  const plan = String(row.key);
  const planMrr = mrrChurnFromSubscriptions(
    subscriptions.filter((s) => s.plan === plan),
    { period: november },
  );
  const c = row.results.churn;
  const planLtv = ltvFromChurn({
    arpu: c.customersAtStart > 0 ? planMrr.startingMrr / c.customersAtStart : 0,
    churnRate: c.value ?? 0,
    grossMargin: 0.8,
  });
  console.log(
    `  ${plan.padEnd(10)} LTV ${planLtv.value === null ? `– (${planLtv.reason})` : money(planLtv.value)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Orders (real, UK online retailer): repeat rates, ARPU, AOV, frequency and LTV, on London's calendar.
const orders = readCsv(join(data, "orders-sample.csv")).map((r) => ({
  customerId: r.customer_id ?? "",
  date: r.date ?? "",
  amount: Number(r.amount),
}));
const quarter = { start: "2011-10-01T00:00:00+01:00", end: "2012-01-01T00:00:00Z" };
const orderOptions = { period: quarter, timeZone: "Europe/London" };
const repeat = repeatRateFromOrders(orders, orderOptions);
const repeatPurchase = repeatPurchaseRate(orders, orderOptions);
const revenuePerCustomer = arpu(orders, orderOptions);
const orderValue = averageOrderValue(orders, orderOptions);
const frequency = purchaseFrequency(orders, orderOptions);
title(`Orders, Q4 2011 (${orders.length} orders in the sample)`);
console.log(
  `Repeat rate ${pct(repeat.value)} of earlier buyers bought again; repeat purchase rate ${pct(repeatPurchase.value)} of buyers ordered twice or more`,
);
console.log(
  `ARPU £${money(revenuePerCustomer.value)}, AOV £${money(orderValue.value)}, ${num(frequency.value, 2)} orders per customer in the quarter`,
);
// Repeat rate by acquisition half-year: when did the customer first buy?
const firstOrder = new Map<string, string>();
for (const o of orders) {
  const seen = firstOrder.get(o.customerId);
  if (seen === undefined || Date.parse(o.date) < Date.parse(seen))
    firstOrder.set(o.customerId, o.date);
}
const acquired = (o: { customerId: string }) => {
  const first = Date.parse(firstOrder.get(o.customerId) ?? "");
  return first < Date.UTC(2011, 0, 1)
    ? "2010"
    : first < Date.UTC(2011, 6, 1)
      ? "2011 H1"
      : "2011 H2";
};
const repeatBy = bySegment(orders, acquired, {
  repeatRate: repeatRateMetric(orderOptions),
  arpu: arpuMetric(orderOptions),
});
console.log("By acquisition half-year:");
console.log(toTextTable(toRows(repeatBy)));
const unitLtv = ltv({
  averageOrderValue: orderValue.value ?? 0,
  grossMargin: 0.3,
  purchaseFrequency: 4 * (frequency.value ?? 0),
  lifespan: 3,
  unit: "year",
});
console.log(
  `LTV = AOV x 30% margin x ${num(4 * (frequency.value ?? 0), 1)} orders a year x 3 years = £${money(unitLtv.value)}`,
);

// ---------------------------------------------------------------------------------------------
// Engagement score: four indicators, normalised, weighted, with tiers; by region.
const activity = readCsv(join(data, "activity.csv")).map((r) => ({
  id: r.customer_id ?? "",
  region: r.region ?? "",
  sessions: Number(r.sessions_per_week),
  openRate: Number(r.email_open_rate),
  ctr: Number(r.ctr),
  dwell: Number(r.dwell_minutes),
  reviews: r.review_count === "" ? null : Number(r.review_count),
}));
const scored = engagementScore(activity, {
  id: "id",
  components: [
    { name: "sessions", weight: 3, normalize: "target", target: 7 },
    { name: "openRate", weight: 2, normalize: "percentile" },
    { name: "ctr", weight: 2, normalize: "z-score" },
    { name: "dwell", weight: 1, normalize: "min-max" },
    { name: "reviews", weight: 1, normalize: "target", target: 3 },
  ],
  tiers: { thresholds: [40, 70], labels: ["at risk", "steady", "champion"] },
});
title(`Engagement score (${scored.n} customers, 0-100)`);
console.log(
  `Mean ${num(scored.value)}, quartiles ${num(scored.summary.q1)} / ${num(scored.summary.median)} / ${num(scored.summary.q3)}`,
);
if (scored.tiers !== null) {
  const tiers = scored.tiers;
  console.log(`Tiers: ${tiers.labels.map((label, k) => `${label} ${tiers.counts[k]}`).join(", ")}`);
}
const byRegion = new Map<string, number[]>();
scored.rows.forEach((row, i) => {
  const region = activity[i]?.region ?? "";
  if (row.score !== null) byRegion.set(region, [...(byRegion.get(region) ?? []), row.score]);
});
for (const [region, scores] of [...byRegion].sort()) {
  console.log(
    `  ${region.padEnd(6)} mean score ${num(scores.reduce((a, b) => a + b, 0) / scores.length)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Probabilistic CLV on the CDNOW sample: BG/NBD + Gamma-Gamma, 12 months at 1% a month.
const cdnow = readFileSync(join(data, "cdnow", "CDNOW_sample.txt"), "utf8")
  .trim()
  .split("\n")
  .map((line) => {
    const [, id = "", day = "", , dollars = "0"] = line.trim().split(/\s+/);
    const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00Z`;
    return { customerId: id, date, amount: Number(dollars) };
  });
const rfm = rfmSummary(cdnow, {
  observationEnd: "1997-09-30T00:00:00Z",
  timeUnit: "week",
  grain: "day",
});
const transactionModel = fitBgNbd(rfm);
const spendModel = fitGammaGamma(rfm);
const clv = customerLifetimeValue({
  transactionModel,
  spendModel,
  customers: rfm,
  horizon: { value: 12, unit: "month" },
  discountRate: { rate: 0.01, per: "month" },
});
title(`Customer lifetime value, CDNOW sample (${clv.n} customers, weeks)`);
const p = transactionModel.params;
console.log(
  `BG/NBD r ${num(p?.r, 3)}, alpha ${num(p?.alpha, 3)}, a ${num(p?.a, 3)}, b ${num(p?.b, 3)} (Fader, Hardie & Lee 2005: 0.243, 4.414, 0.793, 2.426)`,
);
const alive = clv.customers.map((c) => c.probabilityAlive);
console.log(
  `Mean P(alive) ${num(alive.reduce((a, b) => a + b, 0) / alive.length, 3)}; 12-month discounted CLV $${money(clv.total)} in all`,
);
const top = [...clv.customers].sort((a, b) => (b.clv ?? 0) - (a.clv ?? 0)).slice(0, 3);
for (const c of top) {
  console.log(
    `  customer ${String(c.customerId).padEnd(5)} P(alive) ${num(c.probabilityAlive, 2)}, ${num(c.expectedPurchases, 1)} purchases x $${num(c.expectedSpend, 0)} -> CLV $${money(c.clv)}`,
  );
}
