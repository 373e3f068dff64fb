// A valid call of every public function, for the reliability gates: frozen inputs
// (frozen.test.ts), determinism across runs and time zones (determinism.test.ts), and the
// coverage checks of the bad-input corpus. Each entry builds fresh arguments per call.
//
// `observe` turns what a function returns into the JSON-safe value the gates compare: most
// results are compared as they are; metric factories are run on records, schemas parse a value,
// functions are called, and so on.
import * as api from "../../src/index.ts";
import {
  bySegment,
  cohortRetention,
  compareSegments,
  csatMetric,
  fitEngagementScale,
  type MetricsInputError,
  npsFromCounts,
  npsMetric,
  runMetric,
} from "../../src/index.ts";
import {
  CDNOW_BG_NBD,
  clvInput,
  JANUARY,
  orders,
  rfmRow,
  subscriptions,
  tidyRows,
  transactionModel,
} from "../bad-inputs/fixtures.ts";

export interface BatteryCall {
  /** The public export called. */
  readonly name: string;
  readonly args: () => readonly unknown[];
  /** What the gates compare; default the result itself. */
  readonly observe?: (result: unknown) => unknown;
  /** Do not deep-freeze the arguments (typed arrays cannot be frozen). */
  readonly noFreeze?: boolean;
  /** Call with `new` (a class). */
  readonly construct?: boolean;
}

type AnyMetric = Parameters<typeof runMetric>[0];

/** A zod schema, as far as the gates use it. */
interface Parseable {
  safeParse(value: unknown): { readonly success: boolean };
}

/** Runs a metric returned by a factory on `records`, so the gate sees a JSON result. */
function runOn(records: readonly unknown[]): (metric: unknown) => unknown {
  return (metric) => runMetric(metric as AnyMetric, records as never[]);
}

const period = { period: JANUARY };
const rfmRows = () => [
  rfmRow(),
  rfmRow({ frequency: 1, recency: 1.71, monetary: 11.77 }),
  rfmRow({ frequency: 0, recency: 0, monetary: 0 }),
  rfmRow({ frequency: 0, recency: 0, monetary: 0 }),
  rfmRow({ frequency: 5, recency: 36, monetary: 25.5 }),
  rfmRow({ frequency: 3, recency: 20, monetary: 40.1 }),
];
const survey = () =>
  Array.from({ length: 60 }, (_, i) => ({
    region: ["EU", "US", "APAC"][i % 3] as string,
    score: (i * 7) % 11,
    stars: 1 + ((i * 3) % 5),
    effort: 1 + ((i * 5) % 7),
    at: Date.UTC(2025, 0, 1) + i * 86_400_000 * 3,
  }));
const surveyMetrics = () => ({
  nps: npsMetric<{ score: number }>({ score: "score" }),
  csat: csatMetric<{ stars: number }>({ rating: "stars" }),
});
const segmentTable = () => bySegment(survey(), "region", surveyMetrics());
const engagementRows = () => [
  { id: "a", visits: 10, spend: 100, open: 0.5 },
  { id: "b", visits: 5, spend: 300, open: null },
  { id: "c", visits: 0, spend: 200, open: 0.1 },
  { id: "d", visits: 7, spend: 50, open: 0.3 },
];
const engagementComponents = [
  { name: "visits", weight: 2, normalize: "min-max" },
  { name: "spend", weight: 1, normalize: "z-score" },
  { name: "open", weight: 1, normalize: "target", target: 0.4 },
] as const;
const cohortOrders = () => [
  { customerId: "a", date: "2025-01-05T10:00:00Z", amount: 10 },
  { customerId: "b", date: "2025-01-20T10:00:00Z", amount: 10 },
  { customerId: "a", date: "2025-02-03T10:00:00Z", amount: 10 },
  { customerId: "c", date: "2025-02-10T10:00:00Z", amount: 10 },
];
const cohortSqlOptions = {
  table: "orders",
  start: "2025-01-01T00:00:00Z",
  asOf: "2025-03-01T00:00:00Z",
};
const cohortSqlRows = () => [
  { cohort: 0, period: 0, customers: 2 },
  { cohort: 0, period: 1, customers: 1 },
  { cohort: 1, period: 1, customers: 1 },
  { cohort: null, period: null, customers: 0, excluded: 0, before: 0, invalid: 0 },
];
const columnTable = () => ({
  score: Uint8Array.of(10, 3, 9, 7, 0),
  region: { codes: Uint8Array.of(0, 1, 0, 1, 1), labels: ["EU", "US"] },
});
const npsTally = { promoters: 3, passives: 1, detractors: 1, responses: 5, sumSquaredWeights: 5 };
const callIt = (result: unknown) =>
  typeof result === "function" ? result(Date.UTC(2025, 4, 17)) : result;

export const BATTERY: readonly BatteryCall[] = [
  // errors.ts and metric.ts
  {
    name: "attempt",
    args: () => [() => npsFromCounts({ promoters: -1, passives: 0, detractors: 0 })],
    observe: (r) => {
      const result = r as { ok: boolean; error?: MetricsInputError };
      return { ok: result.ok, issues: result.error?.issues };
    },
  },
  { name: "formatPath", args: () => [[41, "score", "a b"]] },
  {
    name: "MetricsInputError",
    args: () => [[{ code: "custom", path: [1, "x"], message: "bad" }]],
    construct: true,
    observe: (e) => ({ message: (e as Error).message }),
  },
  { name: "runMetric", args: () => [npsMetric(), [10, 9, 3, 0, 7]] },

  // survey
  { name: "nps", args: () => [[10, 9, 8, 7, 6, 3, 10, 0]] },
  { name: "nps", args: () => [survey(), { score: "score", interval: "wald", level: 0.9 }] },
  { name: "npsFromCounts", args: () => [{ promoters: 100, passives: 60, detractors: 40 }] },
  { name: "npsTallyFromCounts", args: () => [{ promoters: 3, passives: 1, detractors: 1 }] },
  { name: "emptyNpsTally", args: () => [] },
  { name: "mergeNpsTallies", args: () => [npsTally, npsTally] },
  { name: "npsMetric", args: () => [{ score: "score" }], observe: runOn(survey()) },
  {
    name: "compareNps",
    args: () => [
      npsFromCounts({ promoters: 100, passives: 60, detractors: 40 }),
      npsFromCounts({ promoters: 80, passives: 60, detractors: 60 }),
    ],
  },
  {
    name: "npsSampleSize",
    args: () => [{ margin: 5, expected: { promoters: 0.5, detractors: 0.2 } }],
  },
  { name: "csat", args: () => [[5, 4, 3, 2, 5, 1]] },
  { name: "csat", args: () => [survey(), { rating: "stars", weight: () => 2 }] },
  { name: "csatFromCounts", args: () => [{ counts: [10, 15, 25, 30, 20] }] },
  { name: "csatTallyFromCounts", args: () => [{ counts: [10, 15, 25, 30, 20] }] },
  { name: "emptyCsatTally", args: () => [{ scaleMin: 0, scaleMax: 10 }] },
  {
    name: "mergeCsatTallies",
    args: () => [
      { counts: [0, 0, 1, 0, 2], responses: 3, sumSquaredWeights: 3 },
      { counts: [1, 0, 0, 0, 1], responses: 2, sumSquaredWeights: 2 },
    ],
  },
  { name: "csatMetric", args: () => [{ rating: "stars" }], observe: runOn(survey()) },
  {
    name: "csatRatingSchema",
    args: () => [{ scaleMin: 0, scaleMax: 10 }],
    observe: (s) => [9, 11, 4.5].map((v) => (s as Parseable).safeParse(v).success),
  },
  { name: "ces", args: () => [[7, 6, 5, 4, 1]] },
  { name: "cesFromCounts", args: () => [{ counts: [0, 0, 0, 10, 0, 0, 10] }] },
  { name: "cesTallyFromCounts", args: () => [{ counts: [1, 1, 2, 3, 5, 8, 13] }] },
  { name: "emptyCesTally", args: () => [] },
  {
    name: "mergeCesTallies",
    args: () => [
      { counts: [0, 0, 0, 0, 1, 0, 2], responses: 3, sumSquaredWeights: 3 },
      { counts: [1, 0, 0, 0, 0, 0, 1], responses: 2, sumSquaredWeights: 2 },
    ],
  },
  { name: "cesMetric", args: () => [{ score: "effort" }], observe: runOn(survey()) },
  {
    name: "cesScoreSchema",
    args: () => [],
    observe: (s) => [7, 8, 0].map((v) => (s as Parseable).safeParse(v).success),
  },

  // customers
  { name: "churnRate", args: () => [{ customersAtStart: 100, churned: 10 }] },
  {
    name: "churnRateFromSubscriptions",
    args: () => [subscriptions(), { ...period, timeZone: "America/New_York" }],
  },
  { name: "retentionRate", args: () => [{ customersAtStart: 100, churned: 10 }] },
  { name: "retentionRateFromSubscriptions", args: () => [subscriptions(), period] },
  { name: "convertChurnRate", args: () => [0.05, { from: "month", to: "year" }] },
  { name: "emptyChurnTally", args: () => [] },
  {
    name: "mergeChurnTallies",
    args: () => [
      {
        customersAtStart: 10,
        customersAtEnd: 9,
        newCustomers: 1,
        retained: 8,
        churned: 2,
        newChurned: 0,
      },
      {
        customersAtStart: 5,
        customersAtEnd: 5,
        newCustomers: 0,
        retained: 5,
        churned: 0,
        newChurned: 0,
      },
    ],
  },
  { name: "churnMetric", args: () => [period], observe: runOn(subscriptions()) },
  { name: "retentionMetric", args: () => [period], observe: runOn(subscriptions()) },
  {
    name: "customerRetentionRate",
    args: () => [{ customersAtStart: 200, customersAtEnd: 190, newCustomers: 20 }],
  },
  { name: "customerRetentionRateFromSubscriptions", args: () => [subscriptions(), period] },
  { name: "customerRetentionMetric", args: () => [period], observe: runOn(subscriptions()) },
  {
    name: "mrrChurn",
    args: () => [{ startingMrr: 100, churnedMrr: 10, contractionMrr: 10, expansionMrr: 10 }],
  },
  { name: "mrrChurnFromSubscriptions", args: () => [subscriptions(), period] },
  { name: "mrrChurnMetric", args: () => [period], observe: runOn(subscriptions()) },
  { name: "emptyMrrChurnTally", args: () => [] },
  {
    name: "mergeMrrChurnTallies",
    args: () => [api.emptyMrrChurnTally(), api.emptyMrrChurnTally()],
  },
  { name: "repeatRate", args: () => [{ priorCustomers: 200, repeatCustomers: 50 }] },
  {
    name: "repeatRateFromOrders",
    args: () => [orders({ customerId: "a", date: "2024-12-05T00:00:00Z", amount: 3 }), period],
  },
  { name: "repeatRateMetric", args: () => [period], observe: runOn(orders()) },
  { name: "emptyRepeatRateTally", args: () => [] },
  {
    name: "mergeRepeatRateTallies",
    args: () => [
      { priorCustomers: 10, repeatCustomers: 4, periodCustomers: 6, newCustomers: 2 },
      { priorCustomers: 5, repeatCustomers: 1, periodCustomers: 1, newCustomers: 0 },
    ],
  },
  {
    name: "repeatPurchaseRate",
    args: () => [orders({ customerId: "a", date: "2025-01-20T00:00:00Z", amount: 3 }), period],
  },
  { name: "repeatPurchaseRateFromCounts", args: () => [{ customers: 400, repeatCustomers: 100 }] },
  { name: "repeatPurchaseRateMetric", args: () => [period], observe: runOn(orders()) },
  { name: "emptyRepeatPurchaseTally", args: () => [] },
  {
    name: "mergeRepeatPurchaseTallies",
    args: () => [
      { customers: 3, repeatCustomers: 1 },
      { customers: 2, repeatCustomers: 2 },
    ],
  },

  // value
  { name: "arpu", args: () => [orders(), period] },
  { name: "arpuFromTotals", args: () => [{ revenue: 5000, customers: 40 }] },
  { name: "arpuMetric", args: () => [period], observe: runOn(orders()) },
  { name: "averageOrderValue", args: () => [orders(), { ...period, timeZone: "Asia/Kolkata" }] },
  { name: "averageOrderValueFromTotals", args: () => [{ revenue: 5000, orders: 50 }] },
  { name: "averageOrderValueMetric", args: () => [period], observe: runOn(orders()) },
  { name: "purchaseFrequency", args: () => [orders(), period] },
  { name: "purchaseFrequencyFromCounts", args: () => [{ orders: 50, customers: 40 }] },
  { name: "purchaseFrequencyMetric", args: () => [period], observe: runOn(orders()) },
  { name: "emptyOrderValueTally", args: () => [] },
  {
    name: "mergeOrderValueTallies",
    args: () => [api.emptyOrderValueTally(), api.emptyOrderValueTally()],
  },
  { name: "averageLifespan", args: () => [{ churnRate: 0.05, unit: "month" }] },
  {
    name: "ltv",
    args: () => [
      {
        averageOrderValue: 5000,
        grossMargin: 0.3,
        purchaseFrequency: 4,
        lifespan: 3,
        unit: "year",
      },
    ],
  },
  {
    name: "ltvFromChurn",
    args: () => [{ arpu: 100, churnRates: [0.04, 0.06, 0.05], discountRate: 0.01 }],
  },
  {
    name: "ltvFromOrders",
    args: () => [
      orders({ customerId: "a", date: "2024-12-05T00:00:00Z", amount: 3 }),
      { ...period, unit: "month", timeZone: "America/New_York" },
    ],
  },
  {
    name: "ltvMetric",
    args: () => [{ ...period, unit: "month", lifespan: 10 }],
    observe: runOn(orders()),
  },

  // models
  {
    name: "rfmSummary",
    args: () => [
      cohortOrders(),
      {
        observationEnd: "2025-03-01T00:00:00Z",
        calibrationEnd: "2025-02-01T00:00:00Z",
        timeUnit: "week",
        grain: "day",
        timeZone: "Asia/Kolkata",
      },
    ],
  },
  { name: "fitBgNbd", args: () => [rfmRows(), { timeUnit: "week" }] },
  {
    name: "fitBgNbdFromTally",
    args: () => [
      {
        rows: [
          [2, 30.43, 38.86, 1],
          [0, 0, 38.86, 2],
          [1, 2, 38.86, 1],
        ],
        timeUnit: "week",
      },
    ],
  },
  { name: "bgNbdMetric", args: () => [{ timeUnit: "week" }], observe: runOn(rfmRows()) },
  { name: "emptyBgNbdTally", args: () => [] },
  {
    name: "mergeBgNbdTallies",
    args: () => [
      { rows: [[1, 2, 5, 1]], timeUnit: "week" },
      {
        rows: [
          [1, 2, 5, 2],
          [0, 0, 5, 1],
        ],
        timeUnit: "week",
      },
    ],
  },
  { name: "bgNbdExpectedPurchases", args: () => [CDNOW_BG_NBD, 78] },
  {
    name: "bgNbdConditionalExpectedPurchases",
    args: () => [CDNOW_BG_NBD, { frequency: 2, recency: 30.43, T: 38.86 }, 39],
  },
  {
    name: "bgNbdProbabilityAlive",
    args: () => [CDNOW_BG_NBD, { frequency: 2, recency: 30.43, T: 38.86 }],
  },
  { name: "bgNbdPurchaseProbability", args: () => [CDNOW_BG_NBD, 1, 39] },
  {
    name: "bgNbdLogLikelihood",
    args: () => [CDNOW_BG_NBD, { frequency: 200, recency: 38, T: 40 }],
  },
  { name: "fitGammaGamma", args: () => [rfmRows()] },
  { name: "gammaGammaMetric", args: () => [], observe: runOn(rfmRows()) },
  { name: "emptyGammaGammaTally", args: () => [] },
  {
    name: "mergeGammaGammaTallies",
    args: () => [
      { rows: [[2, 10, 1]], skipped: 3 },
      { rows: [[2, 10, 1]], skipped: 1 },
    ],
  },
  {
    name: "gammaGammaExpectedSpend",
    args: () => [
      { p: 6.25, q: 3.74, v: 15.44 },
      { frequency: 2, monetary: 22.35 },
    ],
  },
  { name: "fitSbg", args: () => [[1000, 869, 743, 653, 593, 551, 517, 491]] },
  {
    name: "fitSbgFromTally",
    args: () => [{ lost: [369, 163, 86, 56, 37, 27, 21], censored: [0, 0, 0, 0, 0, 0, 0, 241] }],
  },
  {
    name: "sbgMetric",
    args: () => [],
    observe: runOn([
      { recency: 1, T: 3 },
      { recency: 3, T: 3 },
      { recency: 2, T: 3 },
    ]),
  },
  { name: "emptySbgTally", args: () => [] },
  {
    name: "mergeSbgTallies",
    args: () => [
      { lost: [3, 1], censored: [] },
      { lost: [1], censored: [0, 0, 5] },
    ],
  },
  { name: "sbgTallyFromSurvivors", args: () => [[1000, 631, 468]] },
  { name: "sbgRetentionRate", args: () => [{ alpha: 0.668, beta: 3.806 }, 1] },
  { name: "sbgSurvival", args: () => [{ alpha: 0.668, beta: 3.806 }, 4] },
  { name: "sbgSurvivalCurve", args: () => [{ alpha: 1, beta: 1 }, 3] },
  { name: "sbgDiscountedExpectedLifetime", args: () => [{ alpha: 1, beta: 1 }, 0.1] },
  {
    name: "sbgDiscountedExpectedResidualLifetime",
    args: () => [
      { alpha: 1, beta: 1 },
      { discountRate: 0.1, renewals: 2 },
    ],
  },
  { name: "customerLifetimeValue", args: () => [clvInput({ customers: rfmRows() })] },
  {
    name: "evaluateHoldout",
    args: () => [
      transactionModel(),
      [
        rfmRow({ frequencyHoldout: 1, durationHoldout: 39 }),
        rfmRow({ frequency: 0, recency: 0, frequencyHoldout: 0, durationHoldout: 39 }),
      ],
    ],
  },

  // engagement
  { name: "clickThroughRate", args: () => [{ clicks: 30, impressions: 1000 }] },
  {
    name: "clickThroughRateFromRecords",
    args: () => [
      [
        { imps: 200, clicks: 6 },
        { imps: 300, clicks: 9 },
      ],
      { impressions: "imps" },
    ],
  },
  {
    name: "clickThroughRateMetric",
    args: () => [{ type: "type" }],
    observe: runOn([{ type: "impression" }, { type: "click" }]),
  },
  { name: "emptyClickThroughTally", args: () => [] },
  {
    name: "mergeClickThroughTallies",
    args: () => [
      { clicks: 3, impressions: 100, records: 1 },
      { clicks: 1, impressions: 50, records: 1 },
    ],
  },
  { name: "openRate", args: () => [{ opens: 200, sent: 1000, bounced: 100 }] },
  {
    name: "openRateFromRecords",
    args: () => [[{ sent: 500, bounced: 20, opens: 120 }], { sent: "sent" }],
  },
  { name: "openRateMetric", args: () => [{}], observe: runOn([{ opens: 3, delivered: 10 }]) },
  { name: "emptyOpenRateTally", args: () => [] },
  {
    name: "mergeOpenRateTallies",
    args: () => [
      { opens: 20, delivered: 90, records: 1 },
      { opens: 5, delivered: 10, records: 1 },
    ],
  },
  { name: "conversionRate", args: () => [{ conversions: 25, visitors: 1000 }] },
  {
    name: "conversionRateFromRecords",
    args: () => [[{ type: "visit" }, { type: "visit" }, { type: "conversion" }], { type: "type" }],
  },
  {
    name: "conversionRateMetric",
    args: () => [{ visitors: "sessions", conversions: "orders" }],
    observe: runOn([{ sessions: 80, orders: 2 }]),
  },
  { name: "emptyConversionTally", args: () => [] },
  {
    name: "mergeConversionTallies",
    args: () => [
      { conversions: 4, visitors: 100, records: 1 },
      { conversions: 6, visitors: 100, records: 1 },
    ],
  },
  { name: "referralRate", args: () => [{ referred: 150, customers: 1000 }] },
  {
    name: "referralRateFromRecords",
    args: () => [
      [
        { referred: 3, customers: 40 },
        { referred: 7, customers: 60 },
      ],
    ],
  },
  { name: "referralRateMetric", args: () => [{}], observe: runOn([{ referred: 1, customers: 4 }]) },
  { name: "emptyReferralTally", args: () => [] },
  {
    name: "mergeReferralTallies",
    args: () => [
      { referred: 5, customers: 40, records: 1 },
      { referred: 1, customers: 10, records: 1 },
    ],
  },
  {
    name: "snsEngagementRate",
    args: () => [{ likes: 120, comments: 30, shares: 10, reach: 4000 }, { base: "reach" }],
  },
  {
    name: "snsEngagementRateFromRecords",
    args: () => [
      [
        { likes: 40, shares: 5, impressions: 1000 },
        { likes: 10, videoPlays: 45, impressions: 1000 },
      ],
      { base: "impressions" },
    ],
  },
  {
    name: "snsEngagementRateMetric",
    args: () => [{ base: "followers" }],
    observe: runOn([{ likes: 90, shares: 30, followers: 100 }]),
  },
  { name: "emptySnsEngagementTally", args: () => [] },
  {
    name: "mergeSnsEngagementTallies",
    args: () => [api.emptySnsEngagementTally(), api.emptySnsEngagementTally()],
  },
  {
    name: "reviewSummary",
    args: () => [
      [
        { stars: 5, likes: 3 },
        { stars: 1, likes: 1, shares: 2 },
      ],
      { rating: "stars" },
    ],
  },
  {
    name: "reviewSummaryFromCounts",
    args: () => [{ reviews: 6123, ratingSum: 25189, positive: 4747 }],
  },
  {
    name: "reviewSummaryMetric",
    args: () => [{ rating: "stars" }],
    observe: runOn([{ stars: 5 }, { stars: 3 }]),
  },
  { name: "emptyReviewTally", args: () => [] },
  {
    name: "mergeReviewTallies",
    args: () => [
      { reviews: 2, ratingSum: 9, positive: 2, likes: 1, shares: 0 },
      { reviews: 1, ratingSum: 2, positive: 0, likes: 0, shares: 3 },
    ],
  },
  {
    name: "engagementScore",
    args: () => [
      engagementRows(),
      { id: "id", components: engagementComponents, tiers: { quantiles: [0.25, 0.75] } },
    ],
  },
  {
    name: "fitEngagementScale",
    args: () => [engagementRows(), { components: engagementComponents }],
  },
  {
    name: "mergeEngagementScales",
    args: () => [
      fitEngagementScale(engagementRows().slice(0, 2), { components: engagementComponents }),
      fitEngagementScale(engagementRows().slice(2), { components: engagementComponents }),
    ],
  },

  // group
  {
    name: "bySegment",
    args: () => [survey(), "region", surveyMetrics(), { sort: { metric: "nps" }, minN: 10 }],
  },
  {
    name: "byPeriod",
    args: () => [
      survey(),
      { date: "at", interval: "month", timeZone: "America/New_York" },
      surveyMetrics(),
    ],
  },
  { name: "compareSegments", args: () => [segmentTable(), { metrics: surveyMetrics() }] },
  {
    name: "cohortRetention",
    args: () => [
      cohortOrders(),
      { kind: "orders", asOf: "2025-03-01T00:00:00Z", timeZone: "Asia/Kolkata" },
    ],
  },
  { name: "toRows", args: () => [segmentTable(), { total: true }] },
  {
    name: "toRows",
    args: () => [cohortRetention(cohortOrders(), { kind: "orders", asOf: "2025-03-01T00:00:00Z" })],
  },
  {
    name: "toRows",
    args: () => [compareSegments(segmentTable(), { metrics: surveyMetrics() })],
  },

  // columnar
  {
    name: "bySegmentColumns",
    args: () => [columnTable(), "region", { nps: npsMetric({ score: "score" }) }],
    noFreeze: true,
  },
  {
    name: "runMetricColumns",
    args: () => [npsMetric({ score: "score" }), columnTable()],
    noFreeze: true,
  },
  {
    name: "cohortRetentionColumns",
    args: () => [
      {
        customerId: Int32Array.of(0, 1, 0, 2),
        date: Float64Array.of(
          Date.UTC(2025, 0, 5),
          Date.UTC(2025, 0, 20),
          Date.UTC(2025, 1, 3),
          Date.UTC(2025, 1, 10),
        ),
      },
      { kind: "orders", asOf: "2025-03-01T00:00:00Z" },
    ],
    noFreeze: true,
  },
  { name: "isColumnTable", args: () => [{ score: [10, 9] }] },

  // sql
  {
    name: "toSql",
    args: () => [npsMetric({ score: "score" }), { table: "answers", groupBy: "region" }],
  },
  {
    name: "fromSqlRows",
    args: () => [
      npsMetric({ score: "score" }),
      [{ segment: "EU", n: 2, nps__invalid: 0, nps__answer_10: 2 }],
      { groupBy: "region" },
    ],
  },
  {
    name: "churnSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "subscriptions" }),
  },
  {
    name: "retentionSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "subscriptions" }),
  },
  {
    name: "repeatRateSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "orders", dialect: "postgres" }),
  },
  {
    name: "customerRetentionSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "subscriptions", groupBy: "plan" }),
  },
  {
    name: "mrrChurnSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "subscriptions" }),
  },
  {
    name: "repeatPurchaseRateSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "orders", dialect: "snowflake" }),
  },
  {
    name: "reviewSummarySqlMetric",
    args: () => [{ rating: "stars", likes: "likes" }],
    observe: (m) => api.toSql(m as never, { table: "reviews" }),
  },
  {
    name: "snsEngagementRateSqlMetric",
    args: () => [{ base: "reach", interactions: { likes: "likes", comments: "comments" } }],
    observe: (m) => api.toSql(m as never, { table: "posts", groupBy: "network" }),
  },
  {
    name: "npsSqlMetric",
    args: () => [{ score: "score", weight: "w" }],
    observe: (m) => api.toSql(m as never, { table: "answers", groupBy: "region" }),
  },
  {
    name: "csatSqlMetric",
    args: () => [{ rating: "rating", weight: "w" }],
    observe: (m) => api.toSql(m as never, { table: "answers" }),
  },
  {
    name: "cesSqlMetric",
    args: () => [{ score: "effort" }],
    observe: (m) => api.toSql(m as never, { table: "answers", dialect: "bigquery" }),
  },
  {
    name: "arpuSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "orders", groupBy: "channel" }),
  },
  {
    name: "averageOrderValueSqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "orders" }),
  },
  {
    name: "purchaseFrequencySqlMetric",
    args: () => [period],
    observe: (m) => api.toSql(m as never, { table: "orders", dates: "epoch-ms" }),
  },
  {
    name: "clickThroughRateSqlMetric",
    args: () => [{ clicks: "clicks", impressions: "views" }],
    observe: (m) => api.toSql(m as never, { table: "ads" }),
  },
  {
    name: "conversionRateSqlMetric",
    args: () => [{ type: "event" }],
    observe: (m) => api.toSql(m as never, { table: "events" }),
  },
  {
    name: "openRateSqlMetric",
    args: () => [{ sent: "sent", bounced: "bounced" }],
    observe: (m) => api.toSql(m as never, { table: "campaigns" }),
  },
  {
    name: "referralRateSqlMetric",
    args: () => [{ events: { referred: ["referral"], customers: ["signup"] } }],
    observe: (m) => api.toSql(m as never, { table: "events", groupBy: "source" }),
  },
  { name: "cohortRetentionSql", args: () => [{ ...cohortSqlOptions, timeZone: "Asia/Kolkata" }] },
  { name: "cohortRetentionFromSqlRows", args: () => [cohortSqlRows(), cohortSqlOptions] },
  {
    name: "sqlDialect",
    args: () => ["postgres"],
    observe: (d) => {
      const dialect = d as ReturnType<typeof api.sqlDialect>;
      return [dialect.timestamp(Date.UTC(2025, 2, 1)), dialect.quote("a b")];
    },
  },

  // stats
  {
    name: "compareProportions",
    args: () => [
      { successes: 56, n: 70 },
      { successes: 48, n: 80 },
    ],
  },
  { name: "holmAdjust", args: () => [[0.01, 0.04, null, 0.03, 0.005]] },
  { name: "zForLevel", args: () => [0.9] },
  { name: "twoSidedPValue", args: () => [1.959963984540054] },
  { name: "wilsonInterval", args: () => [50, 100, 0.95] },
  { name: "waldInterval", args: () => [50, 100, 0.95] },
  { name: "emptySum", args: () => [] },
  { name: "addToSum", args: () => [{ sum: 1e16, carry: 0 }, 1] },
  { name: "compensatedSum", args: () => [[1e16, 1, -1e16]] },
  {
    name: "mergeSums",
    args: () => [
      { sum: 1, carry: 0 },
      { sum: 2, carry: 1e-17 },
    ],
  },
  { name: "sumValue", args: () => [{ sum: 1e16, carry: 1 }] },

  // time
  { name: "toEpochMs", args: () => ["2025-03-01T00:00:00+01:00"] },
  { name: "isoInZone", args: () => [Date.UTC(2025, 2, 1), "Asia/Kolkata"] },
  {
    name: "bucketStart",
    args: () => [Date.UTC(2025, 0, 31, 23), "month", { timeZone: "Asia/Tokyo" }],
  },
  { name: "addIntervals", args: () => [Date.UTC(2025, 0, 31), "month", 1, "America/New_York"] },
  {
    name: "createBucketer",
    args: () => ["week", { timeZone: "America/New_York", weekStartsOn: 0 }],
    observe: callIt,
  },
  {
    name: "listBuckets",
    args: () => [
      Date.UTC(2025, 0, 15),
      Date.UTC(2025, 3, 1),
      "month",
      { timeZone: "Asia/Kolkata" },
    ],
  },

  // display
  { name: "toVegaLite", args: () => [tidyRows(), { chart: "bars", title: "NPS" }] },
  { name: "toHtmlTable", args: () => [tidyRows()] },
  { name: "toTextTable", args: () => [tidyRows()] },
  { name: "toMimeBundle", args: () => [tidyRows(), { chart: "bars" }] },
  {
    name: "jupyterDisplay",
    args: () => [tidyRows(), { chart: "bars" }],
    observe: (w) => (w as Record<symbol, () => unknown>)[api.jupyterDisplaySymbol]?.(),
  },
  {
    name: "bySegment",
    args: () => [
      Array.from({ length: 12 }, (_, i) => ({ g: i % 2 === 0 ? "a" : "b", s: i % 11 })),
      (row: { g: string }) => row.g,
      { nps: npsMetric<{ s: number }>({ score: "s" }) },
    ],
  },
  {
    name: "bySegmentColumns",
    args: () => [
      { score: [10, 3, 9], region: ["EU", "US", "EU"] },
      "region",
      { nps: npsMetric({ score: "score" }) },
    ],
  },
];

type AnyFunction = (...args: readonly unknown[]) => unknown;
type AnyClass = new (...args: readonly unknown[]) => unknown;

/** Calls `call` on `args` (built by the caller, maybe frozen) and returns what the gates compare. */
export function invoke(call: BatteryCall, args: readonly unknown[]): unknown {
  const target: unknown = Reflect.get(api, call.name);
  if (typeof target !== "function") throw new Error(`${call.name} is not an exported function`);
  const result =
    call.construct === true ? new (target as AnyClass)(...args) : (target as AnyFunction)(...args);
  return call.observe === undefined ? result : call.observe(result);
}

/** Every function the package exports, by name. */
export function exportedFunctions(): string[] {
  return Object.keys(api)
    .filter((name) => typeof Reflect.get(api, name) === "function")
    .sort();
}
