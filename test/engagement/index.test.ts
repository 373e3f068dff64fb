import { describe, expect, it } from "vitest";
import * as engagement from "../../src/engagement/index.ts";
import * as api from "../../src/index.ts";

// The public API of the engagement folder. An export added or removed shows up here in review.
const EXPORTS = [
  "clickThroughCountsSchema",
  "clickThroughRate",
  "clickThroughRateFromRecords",
  "clickThroughRateMetric",
  "conversionCountsSchema",
  "conversionRate",
  "conversionRateFromRecords",
  "conversionRateMetric",
  "emptyClickThroughTally",
  "emptyConversionTally",
  "emptyOpenRateTally",
  "emptyReferralTally",
  "emptyReviewTally",
  "emptySnsEngagementTally",
  "engagementCountSchema",
  "engagementEventSchema",
  "engagementScaleSchema",
  "engagementScore",
  "engagementValueSchema",
  "fitEngagementScale",
  "mergeClickThroughTallies",
  "mergeConversionTallies",
  "mergeEngagementScales",
  "mergeOpenRateTallies",
  "mergeReferralTallies",
  "mergeReviewTallies",
  "mergeSnsEngagementTallies",
  "openRate",
  "openRateCountsSchema",
  "openRateFromRecords",
  "openRateMetric",
  "referralCountsSchema",
  "referralRate",
  "referralRateFromRecords",
  "referralRateMetric",
  "reviewCountsSchema",
  "reviewRatingSchema",
  "reviewSummary",
  "reviewSummaryFromCounts",
  "reviewSummaryMetric",
  "safeClickThroughRate",
  "safeClickThroughRateFromRecords",
  "safeClickThroughRateMetric",
  "safeConversionRate",
  "safeConversionRateFromRecords",
  "safeConversionRateMetric",
  "safeEngagementScore",
  "safeFitEngagementScale",
  "safeMergeClickThroughTallies",
  "safeMergeConversionTallies",
  "safeMergeEngagementScales",
  "safeMergeOpenRateTallies",
  "safeMergeReferralTallies",
  "safeMergeReviewTallies",
  "safeMergeSnsEngagementTallies",
  "safeOpenRate",
  "safeOpenRateFromRecords",
  "safeOpenRateMetric",
  "safeReferralRate",
  "safeReferralRateFromRecords",
  "safeReferralRateMetric",
  "safeReviewSummary",
  "safeReviewSummaryFromCounts",
  "safeReviewSummaryMetric",
  "safeSnsEngagementRate",
  "safeSnsEngagementRateFromRecords",
  "safeSnsEngagementRateMetric",
  "snsEngagementCountsSchema",
  "snsEngagementRate",
  "snsEngagementRateFromRecords",
  "snsEngagementRateMetric",
  "snsInteractionKinds",
];

describe("engagement: public exports", () => {
  it("exports exactly the documented names", () => {
    expect(Object.keys(engagement).sort()).toEqual(EXPORTS);
  });

  it("re-exports them all from the package index", () => {
    for (const name of EXPORTS) {
      expect(Reflect.get(api, name), name).toBe(Reflect.get(engagement, name));
    }
  });

  it("every Metric factory builds a metric with the documented name", () => {
    expect(engagement.clickThroughRateMetric().name).toBe("clickThroughRate");
    expect(engagement.openRateMetric().name).toBe("openRate");
    expect(engagement.conversionRateMetric().name).toBe("conversionRate");
    expect(engagement.referralRateMetric().name).toBe("referralRate");
    expect(engagement.snsEngagementRateMetric({ base: "reach" }).name).toBe("snsEngagementRate");
    expect(engagement.reviewSummaryMetric().name).toBe("reviewSummary");
  });
});

describe("engagement: with the group helpers", () => {
  it("bySegment routes rows to the rate metrics; segments and total match direct calls", () => {
    const rows = [
      { channel: "search", imps: 1000, clicks: 40, visits: 40, orders: 2 },
      { channel: "social", imps: 3000, clicks: 30, visits: 30, orders: 0 },
      { channel: "search", imps: 500, clicks: 10, visits: 10, orders: 1 },
    ];
    const table = api.bySegment(rows, "channel", {
      ctr: engagement.clickThroughRateMetric<(typeof rows)[number]>({ impressions: "imps" }),
      conversion: engagement.conversionRateMetric<(typeof rows)[number]>({
        visitors: "visits",
        conversions: "orders",
      }),
    });
    const search = table.segments.find((s) => s.key === "search");
    // search: 50 clicks / 1500 impressions; 3 orders / 50 visits.
    expect(search?.results.ctr.value).toBeCloseTo(50 / 1500, 15);
    expect(search?.results.conversion.value).toBe(0.06);
    expect(table.total.results.ctr).toEqual(
      engagement.clickThroughRateFromRecords(rows, { impressions: "imps" }),
    );
  });
});
