// Churn, retention, revenue churn, repeat rates, ARPU / AOV / frequency and LTVs, printed as text.
// Run from the repository root after a build: `npm run build && node examples/customers.ts`.
// Data: examples/data/subscriptions.csv (synthetic) and examples/data/orders-sample.csv (a
// slice of the UCI Online Retail orders, CC BY 4.0; see examples/data/README.md).
import { join } from "node:path";
import {
  addIntervals,
  arpu,
  averageOrderValue,
  churnRateFromSubscriptions,
  convertChurnRate,
  customerRetentionRateFromSubscriptions,
  listBuckets,
  ltv,
  ltvFromChurn,
  ltvFromOrders,
  mrrChurnFromSubscriptions,
  purchaseFrequency,
  repeatPurchaseRate,
  repeatRateFromOrders,
} from "engagement-metrics";
import { readCsv } from "./lib/csv.ts";

const data = join(import.meta.dirname, "data");
const pct = (x: number | null, digits = 1) => (x === null ? "–" : `${(100 * x).toFixed(digits)}%`);
const money = (x: number | null) => (x === null ? "–" : x.toFixed(2));

// Subscriptions: one row each; an empty `end` means still active.
const subscriptions = readCsv(join(data, "subscriptions.csv")).map(
  ({ customer_id = "", start = "", end = "", mrr }) => ({
    customerId: customer_id,
    start,
    end: end === "" ? null : end,
    mrr: Number(mrr),
  }),
);

// 1. Monthly churn and retention in 2025, under two documented rules.
console.log("month     churn (start)  churn (Stripe)  CRR     gross MRR churn  NRR");
const monthlyChurn: (number | null)[] = [];
let lastArpu: number | null = null;
for (let m = 0; m < 11; m++) {
  const period = { start: Date.UTC(2025, m, 1), end: Date.UTC(2025, m + 1, 1) };
  const churn = churnRateFromSubscriptions(subscriptions, { period });
  const stripe = churnRateFromSubscriptions(subscriptions, {
    period,
    denominator: "active-at-start-plus-new",
  });
  const crr = customerRetentionRateFromSubscriptions(subscriptions, { period });
  const mrr = mrrChurnFromSubscriptions(subscriptions, { period });
  monthlyChurn.push(churn.value);
  lastArpu = churn.customersAtStart > 0 ? mrr.startingMrr / churn.customersAtStart : null;
  console.log(
    `${churn.period?.start.slice(0, 7)}   ${pct(churn.value).padStart(12)}  ${pct(stripe.value).padStart(14)}  ${pct(crr.value).padStart(6)}  ${pct(mrr.grossMrrChurnRate).padStart(15)}  ${pct(mrr.netRevenueRetention).padStart(6)}`,
  );
}

// 2. From monthly to annual churn, and LTV from ARPU and a six-month trailing churn.
const recent = monthlyChurn.slice(-7, -1);
const known = recent.filter((x): x is number => x !== null);
const monthly = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
console.log(
  `\nAverage monthly churn ${pct(monthly, 2)} = annual ${pct(convertChurnRate(monthly, { from: "month", to: "year" }))}`,
);
if (lastArpu !== null) {
  const plain = ltvFromChurn({ arpu: lastArpu, churnRates: recent, grossMargin: 0.8 });
  const discounted = ltvFromChurn({
    arpu: lastArpu,
    churnRates: recent,
    grossMargin: 0.8,
    discountRate: 0.01,
  });
  console.log(
    `ARPA ${money(lastArpu)} a month, 80% margin: LTV ${money(plain.value)}; discounted at 1% a month ${money(discounted.value)}`,
  );
}

// 3. Orders (real, UK shop): monthly repeat rates and order values, on London's calendar.
const orders = readCsv(join(data, "orders-sample.csv")).map(
  ({ customer_id = "", date = "", amount }) => ({
    customerId: customer_id,
    date,
    amount: Number(amount),
  }),
);
const timeZone = "Europe/London";
console.log("\nmonth     repeat rate  repeat purchase  ARPU     AOV      orders/customer");
const yearStart = Date.parse("2011-01-01T00:00:00Z");
for (const start of listBuckets(yearStart, Date.parse("2011-12-01T00:00:00Z"), "month", {
  timeZone,
})) {
  const period = { start, end: addIntervals(start, "month", 1, timeZone) };
  const repeat = repeatRateFromOrders(orders, { period, timeZone });
  const purchase = repeatPurchaseRate(orders, { period, timeZone });
  const frequency = purchaseFrequency(orders, { period, timeZone }).value;
  console.log(
    `${repeat.period?.start.slice(0, 7)}   ${pct(repeat.value).padStart(11)}  ${pct(purchase.value).padStart(15)}  ${money(arpu(orders, { period, timeZone }).value).padStart(7)}  ${money(averageOrderValue(orders, { period, timeZone }).value).padStart(7)}  ${(frequency ?? 0).toFixed(2).padStart(15)}`,
  );
}

// 4. LTV from the 2011 orders, per year: AOV and frequency derived, margin given, lifespan from
// the observed churn of past buyers (a proxy); and the textbook product of factors.
const year = ltvFromOrders(orders, {
  period: { start: "2011-01-01T00:00:00+00:00", end: "2012-01-01T00:00:00+00:00" },
  timeZone,
  unit: "year",
  grossMargin: 0.3,
});
console.log(`\nLTV from 2011 orders: ${money(year.value)} (${year.unit}ly factors)`);
for (const [name, factor] of Object.entries(year.factors)) {
  console.log(
    `  ${name.padEnd(18)} ${String(factor.value === null ? "–" : factor.value.toFixed(3)).padStart(10)}  ${factor.source}`,
  );
}
const textbook = ltv({
  averageOrderValue: 5000,
  grossMargin: 0.3,
  purchaseFrequency: 4,
  lifespan: 3,
  unit: "year",
});
console.log(`5,000 × 0.3 × 4 a year × 3 years = ${textbook.value}`);
