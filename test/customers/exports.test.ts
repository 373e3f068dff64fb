// The public exports of the customer and value modules: an accidental export or removal shows up
// here in review.
import { describe, expect, it } from "vitest";
import * as customers from "../../src/customers/index.ts";
import * as api from "../../src/index.ts";
import * as value from "../../src/value/index.ts";

const CUSTOMERS = [
  "churnCountsOptionsSchema",
  "churnCountsSchema",
  "churnMetric",
  "churnOptionsSchema",
  "churnRate",
  "churnRateFromSubscriptions",
  "convertChurnOptionsSchema",
  "convertChurnRate",
  "customerIdSchema",
  "customerRetentionCountsOptionsSchema",
  "customerRetentionCountsSchema",
  "customerRetentionMetric",
  "customerRetentionOptionsSchema",
  "customerRetentionRate",
  "customerRetentionRateFromSubscriptions",
  "emptyChurnTally",
  "emptyMrrChurnTally",
  "emptyRepeatPurchaseTally",
  "emptyRepeatRateTally",
  "mergeChurnTallies",
  "mergeMrrChurnTallies",
  "mergeRepeatPurchaseTallies",
  "mergeRepeatRateTallies",
  "mrrChurn",
  "mrrChurnCountsOptionsSchema",
  "mrrChurnCountsSchema",
  "mrrChurnFromSubscriptions",
  "mrrChurnMetric",
  "mrrChurnOptionsSchema",
  "orderSchema",
  "repeatCountsOptionsSchema",
  "repeatOptionsSchema",
  "repeatPurchaseCountsSchema",
  "repeatPurchaseRate",
  "repeatPurchaseRateFromCounts",
  "repeatPurchaseRateMetric",
  "repeatRate",
  "repeatRateCountsSchema",
  "repeatRateFromOrders",
  "repeatRateMetric",
  "retentionMetric",
  "retentionRate",
  "retentionRateFromSubscriptions",
  "safeChurnRate",
  "safeChurnRateFromSubscriptions",
  "safeConvertChurnRate",
  "safeCustomerRetentionRate",
  "safeCustomerRetentionRateFromSubscriptions",
  "safeMrrChurn",
  "safeMrrChurnFromSubscriptions",
  "safeRepeatPurchaseRate",
  "safeRepeatPurchaseRateFromCounts",
  "safeRepeatRate",
  "safeRepeatRateFromOrders",
  "safeRetentionRate",
  "safeRetentionRateFromSubscriptions",
  "subscriptionSchema",
];
const VALUE = [
  "arpu",
  "arpuFromTotals",
  "arpuMetric",
  "averageLifespan",
  "averageOrderValue",
  "averageOrderValueFromTotals",
  "averageOrderValueMetric",
  "emptyOrderValueTally",
  "lifespanInputSchema",
  "ltv",
  "ltvFromChurn",
  "ltvFromChurnInputSchema",
  "ltvFromOrders",
  "ltvFromOrdersOptionsSchema",
  "ltvInputSchema",
  "ltvMetric",
  "mergeOrderValueTallies",
  "orderValueOptionsSchema",
  "orderValueTotalsOptionsSchema",
  "orderValueTotalsSchema",
  "purchaseFrequency",
  "purchaseFrequencyFromCounts",
  "purchaseFrequencyMetric",
  "safeArpu",
  "safeArpuFromTotals",
  "safeAverageLifespan",
  "safeAverageOrderValue",
  "safeAverageOrderValueFromTotals",
  "safeLtv",
  "safeLtvFromChurn",
  "safeLtvFromOrders",
  "safePurchaseFrequency",
  "safePurchaseFrequencyFromCounts",
];

describe("public exports", () => {
  it("customers", () => {
    expect(Object.keys(customers).sort()).toEqual(CUSTOMERS);
  });
  it("value", () => {
    expect(Object.keys(value).sort()).toEqual(VALUE);
  });
  it("all of them reach the package index", () => {
    for (const name of [...CUSTOMERS, ...VALUE]) expect(api, name).toHaveProperty(name);
  });
});
