// From raw orders to per-customer P(alive), expected purchases and discounted CLV.
//
// Run after a build:  npx tsup && node examples/clv.ts
// Data: the CDNOW sample (examples/data/cdnow/README.md), first purchases in Q1 1997.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  customerLifetimeValue,
  evaluateHoldout,
  fitBgNbd,
  fitGammaGamma,
  rfmSummary,
} from "engagement-metrics";

// 1. Orders: { customerId, date, amount }, dates with an offset.
const orders = readFileSync(join(import.meta.dirname, "data", "cdnow", "CDNOW_sample.txt"), "utf8")
  .trim()
  .split("\n")
  .map((line) => {
    const [, id = "", day = "", , dollars = "0"] = line.trim().split(/\s+/);
    return {
      customerId: id,
      date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00Z`,
      amount: Number(dollars),
    };
  });

// 2. One row per customer: repeat purchase days, recency and age in weeks, mean repeat spend.
//    39 weeks of calibration (through 1997-09-30), the following 39 weeks held out.
const summary = rfmSummary(orders, {
  calibrationEnd: "1997-09-30T00:00:00Z",
  observationEnd: "1998-06-30T00:00:00Z",
  timeUnit: "week",
  grain: "day",
});

// 3. Fit the purchase model and the spend model.
const transactionModel = fitBgNbd(summary);
const spendModel = fitGammaGamma(summary);
console.log("BG/NBD", transactionModel.params, "LL", transactionModel.logLikelihood?.toFixed(1));
console.log("Gamma-Gamma", spendModel.params, "warnings", spendModel.warnings.length);

// 4. How well does it predict the 39 held-out weeks?
const holdout = evaluateHoldout(transactionModel, summary);
console.log(
  `holdout purchases: actual ${holdout.actualTotal}, predicted ${holdout.predictedTotal.toFixed(0)}, MAE ${holdout.meanAbsoluteError?.toFixed(3)}`,
);

// 5. 12-month discounted CLV, 1% a month; the units are explicit (weeks ↔ months converted).
const clv = customerLifetimeValue({
  transactionModel,
  spendModel,
  customers: summary,
  horizon: { value: 12, unit: "month" },
  discountRate: { rate: 0.01, per: "month" },
});
console.log(clv.conversion);
const top = [...clv.customers].sort((a, b) => (b.clv ?? 0) - (a.clv ?? 0)).slice(0, 5);
console.table(
  top.map((c) => ({
    customer: c.customerId,
    "P(alive)": c.probabilityAlive.toFixed(3),
    "purchases, 12 months": c.expectedPurchases?.toFixed(2),
    "spend per purchase": c.expectedSpend?.toFixed(2),
    CLV: c.clv?.toFixed(2),
  })),
);
console.log(`total 12-month CLV of ${clv.n} customers: $${clv.total.toFixed(0)}`);
