// The bad-input corpus: one row per malformed call of a public entry point.
//
// Each case names the export (`entry`), builds its arguments lazily (`args`, so huge arrays are
// only allocated by the test that runs them) and states what must happen:
//   { path }        a MetricsInputError whose issues[0].path is `path` and whose message starts
//                   with formatPath(path); the safe twin returns { ok: false } with that error;
//   { nullReason }  a documented null result: `field` (default "value") is null and `reason` is
//                   the code; the safe twin returns { ok: true } with the same result.
// The expected paths are written from the API's documentation (which record, which field, which
// option), not copied from the library's output.
//
// Cases left out on purpose, because the call escapes with something other than a
// MetricsInputError today, are listed in KNOWN_GAPS (coverage.test.ts) and in docs/reliability.md.
import type { ModelReasonCode, ReasonCode } from "../../src/index.ts";
import {
  bgNbdMetric,
  bySegment,
  churnSqlMetric,
  csatMetric,
  fitEngagementScale,
  npsFromCounts,
  npsMetric,
} from "../../src/index.ts";
import {
  CDNOW_BG_NBD,
  clvInput,
  JANUARY,
  order,
  orders,
  rfmRow,
  spendModel,
  subscription,
  subscriptions,
  tidyRows,
  transactionModel,
} from "./fixtures.ts";

export type Category =
  | "wrong-type"
  | "out-of-range"
  | "non-integer"
  | "nan"
  | "infinity"
  | "null"
  | "missing-field"
  | "extra-nesting"
  | "date"
  | "reversed-period"
  | "negative-money"
  | "impossible-option"
  | "unknown-option"
  | "empty"
  | "huge"
  | "overflow";

export type Path = readonly (string | number)[];

export type Expectation =
  | { readonly path: Path }
  | { readonly nullReason: ReasonCode | ModelReasonCode; readonly field?: string };

export interface BadInputCase {
  /** The public export called. */
  readonly entry: string;
  readonly category: Category;
  /** What is wrong, in a few words (the test's name). */
  readonly note: string;
  /** The arguments, built per call. */
  readonly args: () => readonly unknown[];
  readonly expect: Expectation;
  /** Do not deep-freeze the arguments (typed-array tables, huge arrays). */
  readonly noFreeze?: boolean;
}

function bad(
  entry: string,
  category: Category,
  note: string,
  args: () => readonly unknown[],
  path: Path,
  extra: { readonly noFreeze?: boolean } = {},
): BadInputCase {
  return { entry, category, note, args, expect: { path }, ...extra };
}

function nullResult(
  entry: string,
  note: string,
  args: () => readonly unknown[],
  reason: ReasonCode | ModelReasonCode,
  field?: string,
): BadInputCase {
  return {
    entry,
    category: "empty",
    note,
    args,
    expect: field === undefined ? { nullReason: reason } : { nullReason: reason, field },
  };
}

// Valid tallies of the exported merges (one field is spoilt per case).
const NPS_TALLY = { promoters: 2, passives: 1, detractors: 1, responses: 4, sumSquaredWeights: 4 };
const CHURN_TALLY = {
  customersAtStart: 10,
  customersAtEnd: 9,
  newCustomers: 1,
  retained: 8,
  churned: 2,
  newChurned: 0,
};
const SUM = { sum: 100, carry: 0 };
const MRR_TALLY = {
  customersAtStart: 2,
  startingMrr: SUM,
  endingMrr: SUM,
  newMrr: SUM,
  expansionMrr: SUM,
  contractionMrr: SUM,
  churnedMrr: SUM,
  reactivationMrr: SUM,
};
const REPEAT_TALLY = {
  priorCustomers: 10,
  repeatCustomers: 4,
  periodCustomers: 6,
  newCustomers: 2,
};
const REPEAT_PURCHASE_TALLY = { customers: 3, repeatCustomers: 1 };
const ORDER_TALLY = {
  customers: 2,
  orders: 3,
  revenue: { sum: 60, carry: 0 },
  marginOrders: 0,
  marginRevenue: { sum: 0, carry: 0 },
  grossProfit: { sum: 0, carry: 0 },
};
const SBG_TALLY = { lost: [3, 1], censored: [0, 5] };
const GG_TALLY = { rows: [[2, 10, 1]], skipped: 1 };
const REVIEW_TALLY = { reviews: 2, ratingSum: 9, positive: 2, likes: 1, shares: 0 };
const SNS_TALLY = {
  likes: 3,
  shares: 0,
  comments: 1,
  urlClicks: 0,
  imageClicks: 0,
  videoPlays: 0,
  baseTotal: 100,
  records: 1,
};
const CSAT_TALLY = { counts: [0, 0, 1, 0, 2], responses: 3, sumSquaredWeights: 3 };

const TEN_MILLION = 10_000_000;

/** `length` valid answers with one bad answer at the end. */
function hugeWithBadLast(length: number, valid: unknown, last: unknown): unknown[] {
  const out: unknown[] = new Array(length).fill(valid);
  out[length - 1] = last;
  return out;
}

const period = { period: JANUARY };
const npsRows = (...extra: unknown[]) => [{ s: 9 }, { s: 3 }, ...extra];
const engagementComponents = [
  { name: "visits", weight: 1, normalize: "min-max" },
  { name: "spend", weight: 1, normalize: "z-score" },
] as const;
const engagementRows = (...extra: unknown[]) => [
  { id: "a", visits: 10, spend: 100 },
  { id: "b", visits: 5, spend: 300 },
  ...extra,
];
const segmentMetrics = () => ({ nps: npsMetric<{ r: string; s: number }>({ score: "s" }) });
const segmentRows = () => [
  { r: "EU", s: 10 },
  { r: "US", s: 3 },
  { r: "EU", s: 9 },
];
const segmentTable = () => bySegment(segmentRows(), "r", segmentMetrics());
const cohortSql = { table: "orders", start: "2025-01-01T00:00:00Z", asOf: "2025-03-01T00:00:00Z" };
const cohortSqlRows = (...extra: unknown[]) => [
  { cohort: 0, period: 0, customers: 2 },
  { cohort: 0, period: 1, customers: 1 },
  ...extra,
  { cohort: null, period: null, customers: 0, excluded: 0, before: 0, invalid: 0 },
];
const columnTable = (fields: Record<string, unknown> = {}) => ({
  score: Uint8Array.of(10, 3, 9),
  region: { codes: Uint8Array.of(0, 1, 0), labels: ["EU", "US"] },
  ...fields,
});

export const CASES: readonly BadInputCase[] = [
  // ---------------------------------------------------------------------------------------
  // NPS
  bad("nps", "wrong-type", "a score given as a string", () => [[9, "9"]], [1]),
  bad("nps", "out-of-range", "a score of 11", () => [[9, 11]], [1]),
  bad("nps", "out-of-range", "a score of -1", () => [[-1]], [0]),
  bad("nps", "non-integer", "a score of 9.5", () => [[10, 9.5]], [1]),
  bad("nps", "nan", "a NaN score", () => [[Number.NaN]], [0]),
  bad("nps", "infinity", "an Infinity score", () => [[Number.POSITIVE_INFINITY]], [0]),
  bad("nps", "infinity", "a -Infinity score", () => [[7, Number.NEGATIVE_INFINITY]], [1]),
  bad("nps", "null", "a null score", () => [[9, null]], [1]),
  bad("nps", "null", "null instead of the answers", () => [null], []),
  bad("nps", "wrong-type", "a string instead of the answers", () => ["9,10"], []),
  bad("nps", "extra-nesting", "answers nested one level too deep", () => [[[9]]], [0]),
  bad(
    "nps",
    "extra-nesting",
    "a score wrapped in an object",
    () => [[{ s: { value: 9 } }], { score: "s" }],
    [0, "s"],
  ),
  bad(
    "nps",
    "missing-field",
    "a record without the score field",
    () => [npsRows({}), { score: "s" }],
    [2, "s"],
  ),
  bad("nps", "wrong-type", "a score accessor that is a number", () => [[9], { score: 3 }], [
    "options",
    "score",
  ]),
  bad(
    "nps",
    "nan",
    "a NaN weight",
    () => [[{ s: 9, w: Number.NaN }], { score: "s", weight: "w" }],
    [0, "w"],
  ),
  bad(
    "nps",
    "out-of-range",
    "a negative weight",
    () => [
      [
        { s: 9, w: 1 },
        { s: 9, w: -1 },
      ],
      { score: "s", weight: "w" },
    ],
    [1, "w"],
  ),
  bad(
    "nps",
    "impossible-option",
    "promoterMin equal to detractorMax",
    () => [[9], { promoterMin: 7, detractorMax: 7 }],
    ["options", "promoterMin"],
  ),
  bad(
    "nps",
    "impossible-option",
    "promoterMin below detractorMax",
    () => [[9], { promoterMin: 5, detractorMax: 6 }],
    ["options", "promoterMin"],
  ),
  bad("nps", "impossible-option", "level 1.5", () => [[9], { level: 1.5 }], ["options", "level"]),
  bad("nps", "impossible-option", "level 1", () => [[9], { level: 1 }], ["options", "level"]),
  bad("nps", "non-integer", "promoterMin 8.5", () => [[9], { promoterMin: 8.5 }], [
    "options",
    "promoterMin",
  ]),
  bad(
    "nps",
    "impossible-option",
    "an unknown interval method",
    () => [[9], { interval: "exact" }],
    ["options", "interval"],
  ),
  bad("nps", "unknown-option", "a misspelt option", () => [[9], { promotorMin: 9 }], ["options"]),
  bad("nps", "wrong-type", "options that are a number", () => [[9], 5], ["options"]),
  nullResult("nps", "no answers", () => [[]], "empty"),
  nullResult(
    "nps",
    "every weight zero",
    () => [
      [
        { s: 9, w: 0 },
        { s: 3, w: 0 },
      ],
      { score: "s", weight: "w" },
    ],
    "zero-denominator",
  ),
  bad(
    "nps",
    "huge",
    "10M answers with an 11 at the end",
    () => [hugeWithBadLast(TEN_MILLION, 9, 11)],
    [TEN_MILLION - 1],
    { noFreeze: true },
  ),

  bad(
    "npsFromCounts",
    "negative-money",
    "a negative count",
    () => [{ promoters: -1, passives: 0, detractors: 0 }],
    ["promoters"],
  ),
  bad(
    "npsFromCounts",
    "nan",
    "NaN passives",
    () => [{ promoters: 1, passives: Number.NaN, detractors: 0 }],
    ["passives"],
  ),
  bad(
    "npsFromCounts",
    "infinity",
    "Infinity detractors",
    () => [{ promoters: 1, passives: 0, detractors: Number.POSITIVE_INFINITY }],
    ["detractors"],
  ),
  bad("npsFromCounts", "missing-field", "no detractors", () => [{ promoters: 1, passives: 0 }], [
    "detractors",
  ]),
  bad(
    "npsFromCounts",
    "wrong-type",
    "counts as strings",
    () => [{ promoters: "1", passives: 0, detractors: 0 }],
    ["promoters"],
  ),
  bad(
    "npsFromCounts",
    "non-integer",
    "responses 1.5",
    () => [{ promoters: 1, passives: 0, detractors: 0, responses: 1.5 }],
    ["responses"],
  ),
  bad("npsFromCounts", "null", "null counts", () => [null], []),
  bad(
    "npsFromCounts",
    "unknown-option",
    "an unknown count field",
    () => [{ promoters: 1, passives: 0, detractors: 0, neutrals: 2 }],
    [],
  ),
  bad(
    "npsFromCounts",
    "impossible-option",
    "maxMargin 0",
    () => [{ promoters: 1, passives: 0, detractors: 0 }, { maxMargin: 0 }],
    ["options", "maxMargin"],
  ),
  nullResult(
    "npsFromCounts",
    "all counts zero",
    () => [{ promoters: 0, passives: 0, detractors: 0 }],
    "empty",
  ),

  bad(
    "compareNps",
    "null",
    "null instead of a result or tally",
    () => [null, npsFromCounts({ promoters: 3, passives: 1, detractors: 1 })],
    ["a"],
  ),
  bad(
    "compareNps",
    "wrong-type",
    "a number instead of a tally",
    () => [npsFromCounts({ promoters: 3, passives: 1, detractors: 1 }), 5],
    ["b"],
  ),
  bad(
    "compareNps",
    "infinity",
    "a result with promoters Infinity",
    () => {
      const result = npsFromCounts({ promoters: 3, passives: 1, detractors: 1 });
      return [{ ...result, promoters: Number.POSITIVE_INFINITY }, result];
    },
    ["a", "promoters"],
  ),
  bad(
    "compareNps",
    "wrong-type",
    "a CSAT result",
    () => {
      const result = npsFromCounts({ promoters: 3, passives: 1, detractors: 1 });
      return [result, { ...result, metric: "csat" }];
    },
    ["b", "metric"],
  ),
  bad(
    "compareNps",
    "negative-money",
    "a tally with negative promoters",
    () => [
      { promoters: -1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 },
      { promoters: 1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 },
    ],
    ["a", "promoters"],
  ),
  bad(
    "compareNps",
    "missing-field",
    "a second tally without responses",
    () => [
      { promoters: 1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 },
      { promoters: 1, passives: 0, detractors: 0, sumSquaredWeights: 1 },
    ],
    ["b", "responses"],
  ),
  bad(
    "compareNps",
    "impossible-option",
    "level 0",
    () => [
      { promoters: 1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 },
      { promoters: 1, passives: 0, detractors: 0, responses: 1, sumSquaredWeights: 1 },
      { level: 0 },
    ],
    ["options", "level"],
  ),
  nullResult(
    "compareNps",
    "two empty tallies",
    () => [
      { promoters: 0, passives: 0, detractors: 0, responses: 0, sumSquaredWeights: 0 },
      { promoters: 0, passives: 0, detractors: 0, responses: 0, sumSquaredWeights: 0 },
    ],
    "empty",
    "difference",
  ),

  bad("npsSampleSize", "out-of-range", "margin 0", () => [{ margin: 0 }], ["margin"]),
  bad("npsSampleSize", "nan", "margin NaN", () => [{ margin: Number.NaN }], ["margin"]),
  bad("npsSampleSize", "missing-field", "no margin", () => [{}], ["margin"]),
  bad(
    "npsSampleSize",
    "impossible-option",
    "expected shares adding up to more than 1",
    () => [{ margin: 5, expected: { promoters: 0.7, detractors: 0.5 } }],
    ["expected"],
  ),
  bad("npsSampleSize", "impossible-option", "level 1.5", () => [{ margin: 5, level: 1.5 }], [
    "level",
  ]),
  bad("npsSampleSize", "null", "null input", () => [null], []),

  // ---------------------------------------------------------------------------------------
  // CSAT and CES
  bad("csat", "out-of-range", "a 6 on the default 1-5 scale", () => [[5, 6]], [1]),
  bad("csat", "out-of-range", "a 0 on the default 1-5 scale", () => [[0]], [0]),
  bad("csat", "non-integer", "a 4.5", () => [[4.5]], [0]),
  bad("csat", "nan", "a NaN rating", () => [[5, Number.NaN]], [1]),
  bad("csat", "wrong-type", "a boolean rating", () => [[true]], [0]),
  bad(
    "csat",
    "missing-field",
    "a record without its rating",
    () => [[{ stars: 5 }, { rating: 4 }], { rating: "stars" }],
    [1, "stars"],
  ),
  bad(
    "csat",
    "impossible-option",
    "satisfiedMin above the scale",
    () => [[5], { satisfiedMin: 6 }],
    ["options", "satisfiedMin"],
  ),
  bad(
    "csat",
    "impossible-option",
    "satisfiedMin below the scale",
    () => [[5], { scaleMin: 1, scaleMax: 10, satisfiedMin: 0 }],
    ["options", "satisfiedMin"],
  ),
  bad(
    "csat",
    "impossible-option",
    "scaleMax below scaleMin",
    () => [[5], { scaleMin: 5, scaleMax: 1 }],
    ["options", "scaleMax"],
  ),
  bad("csat", "non-integer", "scaleMax 4.5", () => [[4], { scaleMax: 4.5 }], [
    "options",
    "scaleMax",
  ]),
  bad("csat", "unknown-option", "an unknown option", () => [[5], { topBox: 2 }], ["options"]),
  nullResult("csat", "no answers", () => [[]], "empty"),
  nullResult(
    "csat",
    "every weight zero",
    () => [[{ r: 5, w: 0 }], { rating: "r", weight: "w" }],
    "zero-denominator",
  ),

  bad(
    "csatFromCounts",
    "wrong-type",
    "3 counts on a 5-answer scale",
    () => [{ counts: [1, 2, 3] }],
    ["counts"],
  ),
  bad(
    "csatFromCounts",
    "negative-money",
    "a negative count",
    () => [{ counts: [1, 2, -3, 4, 5] }],
    ["counts", 2],
  ),
  bad("csatFromCounts", "nan", "a NaN count", () => [{ counts: [1, 2, 3, 4, Number.NaN] }], [
    "counts",
    4,
  ]),
  bad("csatFromCounts", "missing-field", "no counts", () => [{}], ["counts"]),
  bad(
    "csatFromCounts",
    "extra-nesting",
    "counts nested in arrays",
    () => [{ counts: [[1], [2], [3], [4], [5]] }],
    ["counts", 0],
  ),
  nullResult("csatFromCounts", "all counts zero", () => [{ counts: [0, 0, 0, 0, 0] }], "empty"),

  bad("ces", "out-of-range", "a 0 on the default 1-7 scale", () => [[0]], [0]),
  bad("ces", "out-of-range", "an 8 on the default 1-7 scale", () => [[7, 8]], [1]),
  bad("ces", "non-integer", "a 5.5", () => [[5.5]], [0]),
  bad("ces", "infinity", "an Infinity answer", () => [[Number.POSITIVE_INFINITY]], [0]),
  bad("ces", "impossible-option", "easyMin above the scale", () => [[5], { easyMin: 8 }], [
    "options",
    "easyMin",
  ]),
  bad("ces", "impossible-option", "a one-answer scale", () => [[5], { scaleMin: 5, scaleMax: 5 }], [
    "options",
    "scaleMax",
  ]),
  nullResult("ces", "no answers", () => [[]], "empty"),

  bad(
    "cesFromCounts",
    "wrong-type",
    "5 counts on a 7-answer scale",
    () => [{ counts: [1, 2, 3, 4, 5] }],
    ["counts"],
  ),
  bad(
    "cesFromCounts",
    "infinity",
    "an Infinity count",
    () => [{ counts: [1, 1, 1, 1, 1, 1, Number.POSITIVE_INFINITY] }],
    ["counts", 6],
  ),
  bad("cesFromCounts", "null", "null counts", () => [{ counts: null }], ["counts"]),
  nullResult(
    "cesFromCounts",
    "all counts zero",
    () => [{ counts: [0, 0, 0, 0, 0, 0, 0] }],
    "empty",
  ),

  // ---------------------------------------------------------------------------------------
  // Churn, retention, revenue churn
  bad(
    "churnRate",
    "out-of-range",
    "more churned than customers at start",
    () => [{ customersAtStart: 10, churned: 11 }],
    ["churned"],
  ),
  bad(
    "churnRate",
    "negative-money",
    "negative customers at start",
    () => [{ customersAtStart: -10, churned: 0 }],
    ["customersAtStart"],
  ),
  bad(
    "churnRate",
    "non-integer",
    "2.5 churned customers",
    () => [{ customersAtStart: 10, churned: 2.5 }],
    ["churned"],
  ),
  bad("churnRate", "missing-field", "no churned count", () => [{ customersAtStart: 10 }], [
    "churned",
  ]),
  bad(
    "churnRate",
    "impossible-option",
    "new-customer churn included with the start denominator",
    () => [
      { customersAtStart: 10, churned: 1, newCustomers: 2, newChurned: 1 },
      { denominator: "active-at-start", newCustomerChurn: "include" },
    ],
    ["options", "newCustomerChurn"],
  ),
  bad(
    "churnRate",
    "impossible-option",
    "an unknown denominator",
    () => [{ customersAtStart: 10, churned: 1 }, { denominator: "everyone" }],
    ["options", "denominator"],
  ),
  nullResult(
    "churnRate",
    "no customers at all",
    () => [{ customersAtStart: 0, churned: 0 }],
    "empty",
  ),

  bad("churnRateFromSubscriptions", "missing-field", "no period", () => [subscriptions(), {}], [
    "options",
    "period",
  ]),
  bad(
    "churnRateFromSubscriptions",
    "reversed-period",
    "a period that ends before it starts",
    () => [subscriptions(), { period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "reversed-period",
    "an empty period (start = end)",
    () => [subscriptions(), { period: { start: JANUARY.start, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "date",
    "a period start without an offset",
    () => [subscriptions(), { period: { start: "2025-01-01T00:00:00", end: JANUARY.end } }],
    ["options", "period", "start"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "date",
    "a subscription starting on 30 February",
    () => [subscriptions(subscription({ customerId: "c", start: "2025-02-30T00:00:00Z" })), period],
    [2, "start"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "date",
    "a subscription ending before it starts",
    () => [subscriptions(subscription({ customerId: "c", end: "2024-01-01T00:00:00Z" })), period],
    [2, "end"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "wrong-type",
    "an empty customer id",
    () => [subscriptions(subscription({ customerId: "" })), period],
    [2, "customerId"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "nan",
    "a NaN customer id",
    () => [subscriptions(subscription({ customerId: Number.NaN })), period],
    [2, "customerId"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "null",
    "a null record",
    () => [subscriptions(null), period],
    [2],
  ),
  bad(
    "churnRateFromSubscriptions",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [subscriptions(), { period: JANUARY, timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  bad(
    "churnRateFromSubscriptions",
    "unknown-option",
    "an unknown option",
    () => [subscriptions(), { period: JANUARY, churnRule: "any" }],
    ["options"],
  ),
  nullResult("churnRateFromSubscriptions", "no subscriptions", () => [[], period], "empty"),

  bad(
    "retentionRate",
    "nan",
    "NaN customers at start",
    () => [{ customersAtStart: Number.NaN, churned: 0 }],
    ["customersAtStart"],
  ),
  bad(
    "retentionRate",
    "impossible-option",
    "level -0.5",
    () => [{ customersAtStart: 10, churned: 1 }, { level: -0.5 }],
    ["options", "level"],
  ),
  nullResult(
    "retentionRate",
    "no customers at all",
    () => [{ customersAtStart: 0, churned: 0 }],
    "empty",
  ),

  bad(
    "retentionRateFromSubscriptions",
    "date",
    "a start given as an offset-less string",
    () => [subscriptions(subscription({ start: "2024-06-01 00:00:00" })), period],
    [2, "start"],
  ),
  bad(
    "retentionRateFromSubscriptions",
    "negative-money",
    "a negative MRR",
    () => [subscriptions(subscription({ mrr: -5 })), period],
    [2, "mrr"],
  ),
  bad(
    "retentionRateFromSubscriptions",
    "wrong-type",
    "records that are not an array",
    () => [{ 0: subscription() }, period],
    [],
  ),
  nullResult("retentionRateFromSubscriptions", "no subscriptions", () => [[], period], "empty"),

  bad(
    "customerRetentionRate",
    "out-of-range",
    "more new customers than customers at the end",
    () => [{ customersAtStart: 100, customersAtEnd: 10, newCustomers: 20 }],
    ["newCustomers"],
  ),
  bad(
    "customerRetentionRate",
    "negative-money",
    "negative customers at the end",
    () => [{ customersAtStart: 100, customersAtEnd: -1, newCustomers: 0 }],
    ["customersAtEnd"],
  ),
  bad(
    "customerRetentionRate",
    "missing-field",
    "no newCustomers",
    () => [{ customersAtStart: 100, customersAtEnd: 90 }],
    ["newCustomers"],
  ),
  nullResult(
    "customerRetentionRate",
    "no customers at all",
    () => [{ customersAtStart: 0, customersAtEnd: 0, newCustomers: 0 }],
    "empty",
  ),

  bad(
    "customerRetentionRateFromSubscriptions",
    "infinity",
    "an Infinity end",
    () => [subscriptions(subscription({ end: Number.POSITIVE_INFINITY })), period],
    [2, "end"],
  ),
  bad(
    "customerRetentionRateFromSubscriptions",
    "reversed-period",
    "a reversed period",
    () => [subscriptions(), { period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  nullResult(
    "customerRetentionRateFromSubscriptions",
    "no subscriptions",
    () => [[], period],
    "empty",
  ),

  bad("convertChurnRate", "out-of-range", "a rate of 1.5", () => [1.5, { from: 1, to: 12 }], []),
  bad("convertChurnRate", "nan", "a NaN rate", () => [Number.NaN, { from: 1, to: 12 }], []),
  bad(
    "convertChurnRate",
    "out-of-range",
    "a period length of 0",
    () => [0.05, { from: 0, to: 12 }],
    ["options", "from"],
  ),
  bad(
    "convertChurnRate",
    "impossible-option",
    "an unknown unit",
    () => [0.05, { from: "fortnight", to: "year" }],
    ["options", "from"],
  ),
  bad(
    "convertChurnRate",
    "impossible-option",
    "a unit mixed with a number",
    () => [0.05, { from: "month", to: 12 }],
    ["options", "to"],
  ),
  bad("convertChurnRate", "missing-field", "no target length", () => [0.05, { from: 1 }], [
    "options",
    "to",
  ]),

  bad(
    "mrrChurn",
    "negative-money",
    "negative starting MRR",
    () => [{ startingMrr: -100, churnedMrr: 0 }],
    ["startingMrr"],
  ),
  bad(
    "mrrChurn",
    "negative-money",
    "negative expansion MRR",
    () => [{ startingMrr: 100, churnedMrr: 0, expansionMrr: -1 }],
    ["expansionMrr"],
  ),
  bad(
    "mrrChurn",
    "infinity",
    "Infinity churned MRR",
    () => [{ startingMrr: 100, churnedMrr: Number.POSITIVE_INFINITY }],
    ["churnedMrr"],
  ),
  bad(
    "mrrChurn",
    "out-of-range",
    "more MRR lost than there was",
    () => [{ startingMrr: 100, churnedMrr: 80, contractionMrr: 30 }],
    ["churnedMrr"],
  ),
  nullResult("mrrChurn", "no starting MRR", () => [{ startingMrr: 0, churnedMrr: 0 }], "empty"),

  bad(
    "mrrChurnFromSubscriptions",
    "missing-field",
    "a subscription without MRR",
    () => [subscriptions({ customerId: "c", start: "2024-06-01T00:00:00Z" }), period],
    [2, "mrr"],
  ),
  bad(
    "mrrChurnFromSubscriptions",
    "wrong-type",
    "MRR as a string",
    () => [subscriptions(subscription({ customerId: "c", mrr: "50" })), period],
    [2, "mrr"],
  ),
  nullResult("mrrChurnFromSubscriptions", "no subscriptions", () => [[], period], "empty"),

  // ---------------------------------------------------------------------------------------
  // Repeat rates
  bad(
    "repeatRate",
    "out-of-range",
    "more repeat customers than prior customers",
    () => [{ priorCustomers: 5, repeatCustomers: 6 }],
    ["repeatCustomers"],
  ),
  bad(
    "repeatRate",
    "non-integer",
    "1.5 prior customers",
    () => [{ priorCustomers: 1.5, repeatCustomers: 1 }],
    ["priorCustomers"],
  ),
  nullResult(
    "repeatRate",
    "no prior customers",
    () => [{ priorCustomers: 0, repeatCustomers: 0 }],
    "empty",
  ),

  bad(
    "repeatRateFromOrders",
    "negative-money",
    "a negative amount",
    () => [orders(order({ amount: -5 })), period],
    [2, "amount"],
  ),
  bad(
    "repeatRateFromOrders",
    "date",
    "an order date without an offset",
    () => [orders(order({ date: "2025-01-03T00:00:00" })), period],
    [2, "date"],
  ),
  bad(
    "repeatRateFromOrders",
    "missing-field",
    "an order without a customer",
    () => [orders({ date: "2025-01-03T00:00:00Z", amount: 5 }), period],
    [2, "customerId"],
  ),
  bad("repeatRateFromOrders", "missing-field", "no options", () => [orders(), undefined], [
    "options",
    "period",
  ]),
  nullResult("repeatRateFromOrders", "no orders", () => [[], period], "empty"),

  bad(
    "repeatPurchaseRate",
    "date",
    "an order on 30 February",
    () => [orders(order({ date: "2025-02-30T00:00:00Z" })), period],
    [2, "date"],
  ),
  bad(
    "repeatPurchaseRate",
    "extra-nesting",
    "an order wrapped in an array",
    () => [orders([order()]), period],
    [2],
  ),
  nullResult("repeatPurchaseRate", "no orders", () => [[], period], "empty"),

  bad(
    "repeatPurchaseRateFromCounts",
    "out-of-range",
    "more repeat customers than customers",
    () => [{ customers: 3, repeatCustomers: 4 }],
    ["repeatCustomers"],
  ),
  bad(
    "repeatPurchaseRateFromCounts",
    "null",
    "null customers",
    () => [{ customers: null, repeatCustomers: 0 }],
    ["customers"],
  ),
  nullResult(
    "repeatPurchaseRateFromCounts",
    "no customers",
    () => [{ customers: 0, repeatCustomers: 0 }],
    "empty",
  ),

  // ---------------------------------------------------------------------------------------
  // Order values and LTV
  bad(
    "arpu",
    "negative-money",
    "a negative amount",
    () => [orders(order({ amount: -0.01 })), period],
    [2, "amount"],
  ),
  bad("arpu", "nan", "a NaN amount", () => [orders(order({ amount: Number.NaN })), period], [
    2,
    "amount",
  ]),
  bad(
    "arpu",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [orders(), { period: JANUARY, timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  nullResult("arpu", "no orders", () => [[], period], "empty"),

  bad(
    "arpuFromTotals",
    "negative-money",
    "negative revenue",
    () => [{ revenue: -5000, customers: 40 }],
    ["revenue"],
  ),
  bad("arpuFromTotals", "non-integer", "1.5 customers", () => [{ revenue: 5000, customers: 1.5 }], [
    "customers",
  ]),
  nullResult("arpuFromTotals", "no customers", () => [{ revenue: 0, customers: 0 }], "empty"),

  bad(
    "averageOrderValue",
    "infinity",
    "an Infinity amount",
    () => [orders(order({ amount: Number.POSITIVE_INFINITY })), period],
    [2, "amount"],
  ),
  bad(
    "averageOrderValue",
    "out-of-range",
    "a margin of 1.5",
    () => [orders(order({ margin: 1.5 })), period],
    [2, "margin"],
  ),
  nullResult("averageOrderValue", "no orders", () => [[], period], "empty"),

  bad(
    "averageOrderValueFromTotals",
    "infinity",
    "Infinity revenue",
    () => [{ revenue: Number.POSITIVE_INFINITY, orders: 50 }],
    ["revenue"],
  ),
  bad("averageOrderValueFromTotals", "missing-field", "no order count", () => [{ revenue: 5000 }], [
    "orders",
  ]),
  nullResult(
    "averageOrderValueFromTotals",
    "no orders",
    () => [{ revenue: 0, orders: 0 }],
    "empty",
  ),

  bad(
    "purchaseFrequency",
    "negative-money",
    "a negative cost",
    () => [orders(order({ cost: -1 })), period],
    [2, "cost"],
  ),
  bad(
    "purchaseFrequency",
    "reversed-period",
    "a reversed period",
    () => [orders(), { period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  nullResult("purchaseFrequency", "no orders", () => [[], period], "empty"),

  // Orders with no customer cannot happen; the result is the documented zero-denominator null.
  nullResult(
    "purchaseFrequencyFromCounts",
    "orders without customers",
    () => [{ orders: 5, customers: 0 }],
    "zero-denominator",
  ),
  bad(
    "purchaseFrequencyFromCounts",
    "wrong-type",
    "orders as a string",
    () => [{ orders: "50", customers: 40 }],
    ["orders"],
  ),
  nullResult(
    "purchaseFrequencyFromCounts",
    "no customers",
    () => [{ orders: 0, customers: 0 }],
    "empty",
  ),

  bad("averageLifespan", "out-of-range", "a churn rate of 1.5", () => [{ churnRate: 1.5 }], [
    "churnRate",
  ]),
  bad("averageLifespan", "nan", "a NaN churn rate", () => [{ churnRate: Number.NaN }], [
    "churnRate",
  ]),
  bad(
    "averageLifespan",
    "impossible-option",
    "an unknown unit",
    () => [{ churnRate: 0.05, unit: "fortnight" }],
    ["unit"],
  ),
  nullResult("averageLifespan", "zero churn", () => [{ churnRate: 0 }], "zero-churn"),

  bad(
    "ltv",
    "missing-field",
    "no unit",
    () => [{ averageOrderValue: 50, purchaseFrequency: 2, lifespan: 3 }],
    ["unit"],
  ),
  bad(
    "ltv",
    "out-of-range",
    "a gross margin of 1.5",
    () => [
      { averageOrderValue: 50, purchaseFrequency: 2, lifespan: 3, unit: "year", grossMargin: 1.5 },
    ],
    ["grossMargin"],
  ),
  bad(
    "ltv",
    "negative-money",
    "a negative average order value",
    () => [{ averageOrderValue: -50, purchaseFrequency: 2, lifespan: 3, unit: "year" }],
    ["averageOrderValue"],
  ),
  bad(
    "ltv",
    "infinity",
    "an Infinity lifespan",
    () => [
      {
        averageOrderValue: 50,
        purchaseFrequency: 2,
        lifespan: Number.POSITIVE_INFINITY,
        unit: "year",
      },
    ],
    ["lifespan"],
  ),

  bad(
    "ltvFromChurn",
    "negative-money",
    "a negative ARPU",
    () => [{ arpu: -100, churnRate: 0.05 }],
    ["arpu"],
  ),
  bad(
    "ltvFromChurn",
    "impossible-option",
    "both churnRate and churnRates",
    () => [{ arpu: 100, churnRate: 0.05, churnRates: [0.05] }],
    ["churnRate"],
  ),
  bad(
    "ltvFromChurn",
    "out-of-range",
    "a churn rate above 1 in the history",
    () => [{ arpu: 100, churnRates: [0.05, 1.2] }],
    ["churnRates", 1],
  ),
  bad(
    "ltvFromChurn",
    "out-of-range",
    "a negative discount rate",
    () => [{ arpu: 100, churnRate: 0.05, discountRate: -0.1 }],
    ["discountRate"],
  ),
  nullResult("ltvFromChurn", "zero churn", () => [{ arpu: 100, churnRate: 0 }], "zero-churn"),

  bad(
    "ltvFromOrders",
    "missing-field",
    "no unit",
    () => [orders(), { period: JANUARY, lifespan: 12 }],
    ["options", "unit"],
  ),
  bad(
    "ltvFromOrders",
    "impossible-option",
    "both a lifespan and a churn rate",
    () => [orders(), { period: JANUARY, unit: "month", lifespan: 12, churnRate: 0.05 }],
    ["options", "churnRate"],
  ),
  bad(
    "ltvFromOrders",
    "out-of-range",
    "an order margin of -0.2",
    () => [orders(order({ margin: -0.2 })), { period: JANUARY, unit: "month", lifespan: 12 }],
    [2, "margin"],
  ),
  nullResult(
    "ltvFromOrders",
    "no orders",
    () => [[], { period: JANUARY, unit: "month", lifespan: 12 }],
    "empty",
  ),

  // ---------------------------------------------------------------------------------------
  // Probabilistic models
  bad("rfmSummary", "missing-field", "no observation end", () => [orders(), { timeUnit: "day" }], [
    "options",
    "observationEnd",
  ]),
  bad(
    "rfmSummary",
    "impossible-option",
    "an unknown time unit",
    () => [orders(), { observationEnd: "2025-01-29T00:00:00Z", timeUnit: "fortnight" }],
    ["options", "timeUnit"],
  ),
  bad(
    "rfmSummary",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [
      orders(),
      { observationEnd: "2025-01-29T00:00:00Z", timeUnit: "day", timeZone: "Mars/Olympus" },
    ],
    ["options", "timeZone"],
  ),
  bad(
    "rfmSummary",
    "reversed-period",
    "a calibration end after the observation end",
    () => [
      orders(),
      {
        observationEnd: "2025-01-29T00:00:00Z",
        calibrationEnd: "2025-03-01T00:00:00Z",
        timeUnit: "day",
      },
    ],
    ["options", "calibrationEnd"],
  ),
  bad(
    "rfmSummary",
    "date",
    "an order dated with a bad offset",
    () => [
      orders(order({ date: "2025-01-03T00:00:00+25:00" })),
      { observationEnd: "2025-01-29T00:00:00Z", timeUnit: "day" },
    ],
    [2, "date"],
  ),

  bad(
    "fitBgNbd",
    "non-integer",
    "a frequency of 1.5",
    () => [[rfmRow({ frequency: 1.5 })], { timeUnit: "week" }],
    [0, "frequency"],
  ),
  bad(
    "fitBgNbd",
    "out-of-range",
    "a recency beyond T",
    () => [[rfmRow(), rfmRow({ recency: 40 })], { timeUnit: "week" }],
    [1, "recency"],
  ),
  bad(
    "fitBgNbd",
    "negative-money",
    "a negative T",
    () => [[rfmRow({ T: -1, recency: 0, frequency: 0 })], { timeUnit: "week" }],
    [0, "T"],
  ),
  bad(
    "fitBgNbd",
    "impossible-option",
    "a negative penalty",
    () => [[rfmRow()], { timeUnit: "week", penalty: -1 }],
    ["options", "penalty"],
  ),
  bad(
    "fitBgNbd",
    "wrong-type",
    "the summary object where rows are expected",
    () => [{ customers: [rfmRow()] }, { timeUnit: "week" }],
    [],
  ),
  nullResult("fitBgNbd", "no customers", () => [[], { timeUnit: "week" }], "empty", "params"),
  nullResult(
    "fitBgNbd",
    "no repeat purchase at all",
    () => [
      [rfmRow({ frequency: 0, recency: 0 }), rfmRow({ frequency: 0, recency: 0, T: 20 })],
      { timeUnit: "week" },
    ],
    "insufficient-data",
    "params",
  ),

  bad(
    "fitGammaGamma",
    "out-of-range",
    "a repeat customer with monetary 0",
    () => [[rfmRow(), rfmRow({ monetary: 0 })]],
    [1, "monetary"],
  ),
  bad("fitGammaGamma", "nan", "a NaN frequency", () => [[rfmRow({ frequency: Number.NaN })]], [
    0,
    "frequency",
  ]),
  bad(
    "fitGammaGamma",
    "impossible-option",
    "a correlation threshold of 2",
    () => [[rfmRow()], { correlationThreshold: 2 }],
    ["options", "correlationThreshold"],
  ),
  nullResult("fitGammaGamma", "no customers", () => [[]], "empty", "params"),

  bad("fitSbg", "out-of-range", "survivors that increase", () => [[1000, 800, 900]], [2]),
  bad("fitSbg", "nan", "a NaN survivor count", () => [[1000, Number.NaN]], [1]),
  bad("fitSbg", "out-of-range", "a recency of 0", () => [[{ recency: 0, T: 3 }]], [0, "recency"]),
  bad("fitSbg", "out-of-range", "a recency beyond T", () => [[{ recency: 4, T: 3 }]], [
    0,
    "recency",
  ]),
  nullResult("fitSbg", "no customers", () => [[]], "empty", "params"),

  bad(
    "customerLifetimeValue",
    "wrong-type",
    "customers given as an object",
    () => [clvInput({ customers: {} })],
    ["customers"],
  ),
  bad(
    "customerLifetimeValue",
    "out-of-range",
    "a horizon of 0",
    () => [clvInput({ horizon: { value: 0, unit: "month" } })],
    ["horizon", "value"],
  ),
  bad(
    "customerLifetimeValue",
    "out-of-range",
    "a negative discount rate",
    () => [clvInput({ discountRate: { rate: -0.01, per: "month" } })],
    ["discountRate", "rate"],
  ),
  bad(
    "customerLifetimeValue",
    "impossible-option",
    "a horizon in fortnights",
    () => [clvInput({ horizon: { value: 2, unit: "fortnight" } })],
    ["horizon", "unit"],
  ),
  bad(
    "customerLifetimeValue",
    "impossible-option",
    "customers in days for a model in weeks",
    () => [clvInput({ timeUnit: "day" })],
    ["timeUnit"],
  ),
  bad(
    "customerLifetimeValue",
    "null",
    "a null transaction model",
    () => [clvInput({ transactionModel: null })],
    ["transactionModel"],
  ),
  bad(
    "customerLifetimeValue",
    "non-integer",
    "a customer with frequency 2.5",
    () => [clvInput({ customers: [rfmRow({ frequency: 2.5 })] })],
    ["customers", 0, "frequency"],
  ),
  bad(
    "customerLifetimeValue",
    "nan",
    "a spend model with NaN p",
    () => [clvInput({ spendModel: spendModel({ params: { p: Number.NaN, q: 3.74, v: 15.44 } }) })],
    ["spendModel", "params", "p"],
  ),

  bad(
    "evaluateHoldout",
    "impossible-option",
    "a model in fortnights",
    () => [
      { ...transactionModel(), timeUnit: "fortnight" },
      [rfmRow({ frequencyHoldout: 1, durationHoldout: 39 })],
    ],
    ["transactionModel", "timeUnit"],
  ),
  bad(
    "evaluateHoldout",
    "nan",
    "a model with timeUnit NaN",
    () => [
      { ...transactionModel(), timeUnit: Number.NaN },
      [rfmRow({ frequencyHoldout: 1, durationHoldout: 39 })],
    ],
    ["transactionModel", "timeUnit"],
  ),
  bad(
    "evaluateHoldout",
    "wrong-type",
    "a summary given as an object",
    () => [transactionModel(), {}],
    ["summary"],
  ),
  bad(
    "evaluateHoldout",
    "missing-field",
    "a row without its holdout duration",
    () => [transactionModel(), [rfmRow({ frequencyHoldout: 1 })]],
    ["summary", 0, "durationHoldout"],
  ),
  bad(
    "evaluateHoldout",
    "negative-money",
    "negative holdout purchases",
    () => [transactionModel(), [rfmRow({ frequencyHoldout: -1, durationHoldout: 39 })]],
    ["summary", 0, "frequencyHoldout"],
  ),
  bad(
    "evaluateHoldout",
    "impossible-option",
    "maxFrequency 0",
    () => [
      transactionModel(),
      [rfmRow({ frequencyHoldout: 1, durationHoldout: 39 })],
      { maxFrequency: 0 },
    ],
    ["options", "maxFrequency"],
  ),
  bad(
    "evaluateHoldout",
    "wrong-type",
    "a model that is not a BG/NBD fit",
    () => [
      { metric: "gammaGamma", params: { p: 1, q: 2, v: 3 } },
      [rfmRow({ frequencyHoldout: 1, durationHoldout: 39 })],
    ],
    ["transactionModel"],
  ),

  // ---------------------------------------------------------------------------------------
  // Engagement rates
  bad(
    "clickThroughRate",
    "out-of-range",
    "more clicks than impressions",
    () => [{ clicks: 12, impressions: 10 }],
    ["clicks"],
  ),
  bad("clickThroughRate", "non-integer", "1.5 clicks", () => [{ clicks: 1.5, impressions: 10 }], [
    "clicks",
  ]),
  bad(
    "clickThroughRate",
    "nan",
    "NaN impressions",
    () => [{ clicks: 1, impressions: Number.NaN }],
    ["impressions"],
  ),
  bad("clickThroughRate", "missing-field", "no impressions", () => [{ clicks: 1 }], [
    "impressions",
  ]),
  // Extra fields in rate counts are ignored (unlike npsFromCounts, which rejects them): a typo
  // in a required field still fails, naming it.
  bad(
    "clickThroughRate",
    "unknown-option",
    "a misspelt count (click)",
    () => [{ click: 1, impressions: 10 }],
    ["clicks"],
  ),
  bad(
    "clickThroughRate",
    "impossible-option",
    "level 1.5",
    () => [{ clicks: 1, impressions: 10 }, { level: 1.5 }],
    ["options", "level"],
  ),
  nullResult(
    "clickThroughRate",
    "zero impressions",
    () => [{ clicks: 0, impressions: 0 }],
    "zero-denominator",
  ),

  bad(
    "clickThroughRateFromRecords",
    "out-of-range",
    "a row with more clicks than impressions",
    () => [
      [
        { clicks: 1, impressions: 10 },
        { clicks: 12, impressions: 10 },
      ],
    ],
    [1, "clicks"],
  ),
  bad(
    "clickThroughRateFromRecords",
    "wrong-type",
    "clicks as a string",
    () => [[{ clicks: "3", impressions: 10 }]],
    [0, "clicks"],
  ),
  bad(
    "clickThroughRateFromRecords",
    "wrong-type",
    "an event type that is a number",
    () => [[{ type: "click" }, { type: 7 }], { type: "type" }],
    [1, "type"],
  ),
  nullResult("clickThroughRateFromRecords", "no rows", () => [[]], "empty"),

  bad(
    "openRate",
    "out-of-range",
    "more opens than delivered",
    () => [{ opens: 301, delivered: 300 }],
    ["opens"],
  ),
  bad(
    "openRate",
    "out-of-range",
    "more bounces than sent",
    () => [{ opens: 1, sent: 10, bounced: 11 }],
    ["bounced"],
  ),
  bad(
    "openRate",
    "impossible-option",
    "both delivered and sent",
    () => [{ opens: 1, delivered: 10, sent: 10 }],
    ["delivered"],
  ),
  nullResult(
    "openRate",
    "nothing delivered",
    () => [{ opens: 0, delivered: 0 }],
    "zero-denominator",
  ),

  bad(
    "openRateFromRecords",
    "negative-money",
    "negative opens in a row",
    () => [[{ opens: -1, delivered: 10 }]],
    [0, "opens"],
  ),
  nullResult("openRateFromRecords", "no rows", () => [[]], "empty"),

  bad(
    "conversionRate",
    "out-of-range",
    "more conversions than visitors",
    () => [{ conversions: 11, visitors: 10 }],
    ["conversions"],
  ),
  bad(
    "conversionRate",
    "infinity",
    "Infinity visitors",
    () => [{ conversions: 1, visitors: Number.POSITIVE_INFINITY }],
    ["visitors"],
  ),
  nullResult(
    "conversionRate",
    "no visitors",
    () => [{ conversions: 0, visitors: 0 }],
    "zero-denominator",
  ),

  bad(
    "conversionRateFromRecords",
    "null",
    "a null row",
    () => [[{ conversions: 1, visitors: 10 }, null]],
    [1, "conversions"],
  ),
  nullResult("conversionRateFromRecords", "no rows", () => [[]], "empty"),

  bad(
    "referralRate",
    "out-of-range",
    "more referred than customers",
    () => [{ referred: 11, customers: 10 }],
    ["referred"],
  ),
  bad("referralRate", "null", "null counts", () => [null], []),
  nullResult(
    "referralRate",
    "no new customers",
    () => [{ referred: 0, customers: 0 }],
    "zero-denominator",
  ),

  bad(
    "referralRateFromRecords",
    "non-integer",
    "2.5 referred in a row",
    () => [[{ referred: 2.5, customers: 10 }]],
    [0, "referred"],
  ),
  nullResult("referralRateFromRecords", "no rows", () => [[]], "empty"),

  bad("snsEngagementRate", "missing-field", "no options", () => [{ likes: 10, reach: 100 }], [
    "options",
  ]),
  bad(
    "snsEngagementRate",
    "missing-field",
    "no base option",
    () => [{ likes: 10, reach: 100 }, {}],
    ["options", "base"],
  ),
  bad(
    "snsEngagementRate",
    "impossible-option",
    "an unknown base",
    () => [{ likes: 10, reach: 100 }, { base: "views" }],
    ["options", "base"],
  ),
  bad(
    "snsEngagementRate",
    "negative-money",
    "negative likes",
    () => [{ likes: -10, reach: 100 }, { base: "reach" }],
    ["likes"],
  ),
  bad(
    "snsEngagementRate",
    "missing-field",
    "the base count missing",
    () => [{ likes: 10 }, { base: "reach" }],
    ["reach"],
  ),
  nullResult(
    "snsEngagementRate",
    "a base of zero",
    () => [{ likes: 0, reach: 0 }, { base: "reach" }],
    "zero-denominator",
  ),

  bad(
    "snsEngagementRateFromRecords",
    "nan",
    "a NaN like count in a row",
    () => [
      [
        { likes: 1, impressions: 10 },
        { likes: Number.NaN, impressions: 10 },
      ],
      { base: "impressions" },
    ],
    [1, "likes"],
  ),
  nullResult("snsEngagementRateFromRecords", "no posts", () => [[], { base: "reach" }], "empty"),

  // ---------------------------------------------------------------------------------------
  // Reviews
  bad("reviewSummary", "out-of-range", "a 6-star review", () => [[5, 6]], [1]),
  bad("reviewSummary", "nan", "a NaN rating", () => [[Number.NaN]], [0]),
  bad(
    "reviewSummary",
    "impossible-option",
    "a scale ending at 10 without positiveMin",
    () => [[9], { ratingMax: 10 }],
    ["options", "positiveMin"],
  ),
  bad(
    "reviewSummary",
    "impossible-option",
    "positiveMin outside the scale",
    () => [[4], { positiveMin: 6 }],
    ["options", "positiveMin"],
  ),
  bad(
    "reviewSummary",
    "negative-money",
    "negative likes on a review",
    () => [[{ stars: 5, likes: -1 }], { rating: "stars" }],
    [0, "likes"],
  ),
  nullResult("reviewSummary", "no reviews", () => [[]], "empty"),

  bad(
    "reviewSummaryFromCounts",
    "out-of-range",
    "more positive reviews than reviews",
    () => [{ reviews: 10, ratingSum: 40, positive: 11 }],
    ["positive"],
  ),
  bad(
    "reviewSummaryFromCounts",
    "out-of-range",
    "a rating sum beyond the scale",
    () => [{ reviews: 10, ratingSum: 60, positive: 5 }],
    ["ratingSum"],
  ),
  nullResult(
    "reviewSummaryFromCounts",
    "no reviews",
    () => [{ reviews: 0, ratingSum: 0, positive: 0 }],
    "empty",
  ),

  // ---------------------------------------------------------------------------------------
  // Composite engagement score and fitted scales
  bad(
    "engagementScore",
    "impossible-option",
    "every weight zero",
    () => [
      engagementRows(),
      { components: engagementComponents.map((c) => ({ ...c, weight: 0 })) },
    ],
    ["options", "components"],
  ),
  bad(
    "engagementScore",
    "impossible-option",
    "two components with one name",
    () => [engagementRows(), { components: [engagementComponents[0], engagementComponents[0]] }],
    ["options", "components", 1, "name"],
  ),
  bad(
    "engagementScore",
    "impossible-option",
    "a target normalisation without a target",
    () => [engagementRows(), { components: [{ name: "visits", weight: 1, normalize: "target" }] }],
    ["options", "components", 0, "target"],
  ),
  bad(
    "engagementScore",
    "impossible-option",
    "decreasing tier thresholds",
    () => [engagementRows(), { components: engagementComponents, tiers: { thresholds: [70, 40] } }],
    ["options", "tiers", "thresholds", 1],
  ),
  bad(
    "engagementScore",
    "impossible-option",
    "a label count that does not fit the cut points",
    () => [
      engagementRows(),
      {
        components: engagementComponents,
        tiers: { thresholds: [40, 70], labels: ["low", "high"] },
      },
    ],
    ["options", "tiers", "labels"],
  ),
  bad(
    "engagementScore",
    "nan",
    "a NaN component value",
    () => [
      engagementRows({ id: "c", visits: Number.NaN, spend: 5 }),
      { components: engagementComponents },
    ],
    [2, "visits"],
  ),
  bad(
    "engagementScore",
    "infinity",
    "an Infinity component value",
    () => [
      engagementRows({ id: "c", visits: 1, spend: Number.NEGATIVE_INFINITY }),
      { components: engagementComponents },
    ],
    [2, "spend"],
  ),
  bad(
    "engagementScore",
    "wrong-type",
    "a component value given as a string",
    () => [
      engagementRows({ id: "c", visits: "7", spend: 5 }),
      { components: engagementComponents },
    ],
    [2, "visits"],
  ),
  bad("engagementScore", "missing-field", "no components", () => [engagementRows(), {}], [
    "options",
    "components",
  ]),
  bad(
    "engagementScore",
    "wrong-type",
    "an id that is an object",
    () => [
      engagementRows({ id: { v: 1 }, visits: 1, spend: 1 }),
      { components: engagementComponents, id: "id" },
    ],
    [2, "id"],
  ),
  bad(
    "engagementScore",
    "wrong-type",
    "a scale that is not version 1",
    () => [
      engagementRows(),
      { components: engagementComponents, scale: { version: 2, components: [] } },
    ],
    ["options", "scale", "version"],
  ),
  nullResult(
    "engagementScore",
    "no customers",
    () => [[], { components: engagementComponents }],
    "empty",
  ),

  bad(
    "fitEngagementScale",
    "impossible-option",
    "an unknown normalisation",
    () => [engagementRows(), { components: [{ name: "visits", weight: 1, normalize: "log" }] }],
    ["options", "components", 0, "normalize"],
  ),
  bad(
    "fitEngagementScale",
    "negative-money",
    "a negative weight",
    () => [
      engagementRows(),
      { components: [{ name: "visits", weight: -1, normalize: "min-max" }] },
    ],
    ["options", "components", 0, "weight"],
  ),
  bad(
    "fitEngagementScale",
    "wrong-type",
    "records that are not an array",
    () => [{ visits: 1 }, { components: engagementComponents }],
    [],
  ),

  bad(
    "mergeEngagementScales",
    "wrong-type",
    "scales of different components",
    () => [
      fitEngagementScale(engagementRows(), { components: engagementComponents }),
      fitEngagementScale(engagementRows(), { components: [engagementComponents[0]] }),
    ],
    ["b", "components"],
  ),
  bad(
    "mergeEngagementScales",
    "null",
    "a null scale",
    () => [fitEngagementScale(engagementRows(), { components: engagementComponents }), null],
    ["b"],
  ),

  // ---------------------------------------------------------------------------------------
  // Segments, periods, cohorts, rows
  bad(
    "bySegment",
    "wrong-type",
    "records that are not an array",
    () => [{ r: "EU" }, "r", segmentMetrics()],
    [],
  ),
  bad("bySegment", "wrong-type", "keyOf a number", () => [segmentRows(), 3, segmentMetrics()], [
    "keyOf",
  ]),
  bad(
    "bySegment",
    "wrong-type",
    "a segment key that is an object",
    () => [[...segmentRows(), { r: { name: "EU" }, s: 9 }], "r", segmentMetrics()],
    [3, "r"],
  ),
  bad(
    "bySegment",
    "nan",
    "a NaN segment key",
    () => [[...segmentRows(), { r: Number.NaN, s: 9 }], "r", segmentMetrics()],
    [3, "r"],
  ),
  bad(
    "bySegment",
    "missing-field",
    "a record without a key",
    () => [[...segmentRows(), { s: 9 }], "r", segmentMetrics()],
    [3, "r"],
  ),
  bad("bySegment", "wrong-type", "no metric", () => [segmentRows(), "r", {}], ["metrics"]),
  bad(
    "bySegment",
    "wrong-type",
    "a metric that is a number",
    () => [segmentRows(), "r", { nps: 5 }],
    ["metrics", "nps"],
  ),
  bad(
    "bySegment",
    "out-of-range",
    "a score of 11 in a segment",
    () => [[...segmentRows(), { r: "US", s: 11 }], "r", segmentMetrics()],
    [3, "s"],
  ),
  bad(
    "bySegment",
    "impossible-option",
    "sort by an unknown metric",
    () => [segmentRows(), "r", segmentMetrics(), { sort: { metric: "csat" } }],
    ["options", "sort", "metric"],
  ),
  bad(
    "bySegment",
    "negative-money",
    "minN -1",
    () => [segmentRows(), "r", segmentMetrics(), { minN: -1 }],
    ["options", "minN"],
  ),
  bad(
    "bySegment",
    "unknown-option",
    "an unknown option",
    () => [segmentRows(), "r", segmentMetrics(), { total: false }],
    ["options"],
  ),

  bad(
    "byPeriod",
    "impossible-option",
    "an unknown interval",
    () => [
      [{ at: "2025-01-10T12:00:00Z", s: 10 }],
      { date: "at", interval: "fortnight" },
      segmentMetrics(),
    ],
    ["options", "interval"],
  ),
  bad(
    "byPeriod",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [
      [{ at: "2025-01-10T12:00:00Z", s: 10 }],
      { date: "at", interval: "month", timeZone: "Mars/Olympus" },
      segmentMetrics(),
    ],
    ["options", "timeZone"],
  ),
  bad(
    "byPeriod",
    "date",
    "a record date without an offset",
    () => [
      [
        { at: "2025-01-10T12:00:00Z", s: 10 },
        { at: "2025-01-11T12:00:00", s: 10 },
      ],
      { date: "at", interval: "month" },
      segmentMetrics(),
    ],
    [1, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "a record dated 30 February",
    () => [
      [{ at: "2025-02-30T00:00:00Z", s: 10 }],
      { date: "at", interval: "month" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "an invalid Date object",
    () => [
      [{ at: new Date(Number.NaN), s: 10 }],
      { date: "at", interval: "month" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "29 February in a common year",
    () => [
      [{ at: "2025-02-29T00:00:00Z", s: 10 }],
      { date: "at", interval: "month" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "hour 24",
    () => [
      [{ at: "2025-01-01T24:00:00Z", s: 10 }],
      { date: "at", interval: "day" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "a leap second",
    () => [
      [{ at: "2016-12-31T23:59:60Z", s: 10 }],
      { date: "at", interval: "day" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "a date without a time",
    () => [[{ at: "2025-01-01", s: 10 }], { date: "at", interval: "day" }, segmentMetrics()],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "epoch milliseconds beyond the Date range",
    () => [[{ at: 8.64e15 + 1, s: 10 }], { date: "at", interval: "day" }, segmentMetrics()],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "the first valid Date (-8.64e15 ms, year -271821) in a yearly series",
    () => [
      [
        { at: "2025-01-10T12:00:00Z", s: 10 },
        { at: -8.64e15, s: 10 },
      ],
      { date: "at", interval: "year" },
      segmentMetrics(),
    ],
    [1, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "an instant in year 10000 (a valid Date)",
    () => [
      [{ at: new Date(Date.UTC(10000, 0, 1)), s: 10 }],
      { date: "at", interval: "year" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "year 0000 in an ISO string",
    () => [
      [{ at: "0000-06-01T00:00:00Z", s: 10 }],
      { date: "at", interval: "year" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "a date string with a leading space",
    () => [
      [{ at: " 2025-01-01T00:00:00Z", s: 10 }],
      { date: "at", interval: "day" },
      segmentMetrics(),
    ],
    [0, "at"],
  ),
  bad(
    "byPeriod",
    "reversed-period",
    "an end before the start",
    () => [
      [{ at: "2025-01-10T12:00:00Z", s: 10 }],
      { date: "at", interval: "month", start: "2025-06-01T00:00:00Z", end: "2025-01-01T00:00:00Z" },
      segmentMetrics(),
    ],
    ["options", "end"],
  ),
  bad(
    "byPeriod",
    "out-of-range",
    "weekStartsOn 7",
    () => [
      [{ at: "2025-01-10T12:00:00Z", s: 10 }],
      { date: "at", interval: "week", weekStartsOn: 7 },
      segmentMetrics(),
    ],
    ["options", "weekStartsOn"],
  ),
  bad(
    "byPeriod",
    "missing-field",
    "no date accessor",
    () => [[{ at: "2025-01-10T12:00:00Z", s: 10 }], { interval: "month" }, segmentMetrics()],
    ["options", "date"],
  ),
  bad(
    "byPeriod",
    "date",
    "a year-9999 date in a daily series (2.9M periods, beyond maxPeriods)",
    () => [
      [
        { at: "2025-01-10T12:00:00Z", s: 10 },
        { at: "2025-01-11T12:00:00Z", s: 9 },
        { at: "9999-01-01T00:00:00Z", s: 3 },
      ],
      { date: "at", interval: "day" },
      segmentMetrics(),
    ],
    [2, "at"],
  ),
  bad(
    "byPeriod",
    "date",
    "a start in year 1025 for daily records of 2025",
    () => [
      [
        { at: "2025-01-10T12:00:00Z", s: 10 },
        { at: "2025-01-11T12:00:00Z", s: 9 },
      ],
      { date: "at", interval: "day", start: "1025-01-01T00:00:00Z" },
      segmentMetrics(),
    ],
    ["options", "start"],
  ),
  bad(
    "byPeriod",
    "out-of-range",
    "maxPeriods 0",
    () => [
      [{ at: "2025-01-10T12:00:00Z", s: 10 }],
      { date: "at", interval: "day", maxPeriods: 0 },
      segmentMetrics(),
    ],
    ["options", "maxPeriods"],
  ),
  bad(
    "byPeriod",
    "out-of-range",
    "a 3-month series with maxPeriods 2",
    () => [
      [
        { at: "2025-01-10T12:00:00Z", s: 10 },
        { at: "2025-01-11T12:00:00Z", s: 9 },
        { at: "2025-03-02T12:00:00Z", s: 3 },
      ],
      { date: "at", interval: "month", maxPeriods: 2 },
      segmentMetrics(),
    ],
    [2, "at"],
  ),

  ...(
    [
      ["null", "a null stored tally", null],
      ["wrong-type", "a stored tally given as a string", "x"],
      ["wrong-type", "a stored tally given as a number", 5],
      ["missing-field", "an empty stored tally", {}],
    ] as const
  ).map(([category, note, tally]) =>
    bad(
      "compareSegments",
      category,
      note,
      () => {
        const table = segmentTable();
        return [
          {
            ...table,
            segments: table.segments.map((row, i) =>
              i === 1 ? { ...row, tallies: { nps: tally } } : row,
            ),
          },
          { metrics: segmentMetrics() },
        ];
      },
      ["segments", 1, "tallies", "nps"],
    ),
  ),
  bad(
    "compareSegments",
    "overflow",
    "a stored n of 1e300",
    () => {
      const table = segmentTable();
      return [
        {
          ...table,
          segments: table.segments.map((row, i) => (i === 0 ? { ...row, n: 1e300 } : row)),
        },
        { metrics: segmentMetrics() },
      ];
    },
    ["segments", 0, "n"],
  ),
  bad(
    "compareSegments",
    "wrong-type",
    "a table that is not from bySegment",
    () => [{ grouping: "periods" }, { metrics: segmentMetrics() }],
    [],
  ),
  bad("compareSegments", "missing-field", "no metrics", () => [segmentTable(), {}], [
    "options",
    "metrics",
  ]),
  bad(
    "compareSegments",
    "impossible-option",
    "a metric the table does not hold",
    () => [segmentTable(), { metrics: { csat: csatMetric() } }],
    ["options", "metrics", "csat"],
  ),
  bad(
    "compareSegments",
    "impossible-option",
    "a baseline segment that does not exist",
    () => [segmentTable(), { metrics: segmentMetrics(), against: { segment: "APAC" } }],
    ["options", "against", "segment"],
  ),
  bad(
    "compareSegments",
    "impossible-option",
    "level 2",
    () => [segmentTable(), { metrics: segmentMetrics(), level: 2 }],
    ["options", "level"],
  ),
  bad(
    "compareSegments",
    "wrong-type",
    "a segment with a non-integer n",
    () => {
      const table = segmentTable();
      return [
        { ...table, segments: table.segments.map((row) => ({ ...row, n: 1.5 })) },
        { metrics: segmentMetrics() },
      ];
    },
    ["segments", 0, "n"],
  ),

  bad("cohortRetention", "missing-field", "no kind", () => [orders(), {}], ["options", "kind"]),
  bad(
    "cohortRetention",
    "impossible-option",
    "an unknown mode",
    () => [orders(), { kind: "orders", mode: "rolling" }],
    ["options", "mode"],
  ),
  bad(
    "cohortRetention",
    "out-of-range",
    "0 periods",
    () => [orders(), { kind: "orders", periods: 0 }],
    ["options", "periods"],
  ),
  bad(
    "cohortRetention",
    "date",
    "an asOf without an offset",
    () => [orders(), { kind: "orders", asOf: "2025-03-01T00:00:00" }],
    ["options", "asOf"],
  ),
  bad(
    "cohortRetention",
    "negative-money",
    "a negative order amount",
    () => [orders(order({ amount: -1 })), { kind: "orders" }],
    [2, "amount"],
  ),
  bad(
    "cohortRetention",
    "date",
    "a subscription ending before it starts",
    () => [subscriptions(subscription({ end: "2024-01-01T00:00:00Z" })), { kind: "subscriptions" }],
    [2, "end"],
  ),
  bad(
    "cohortRetention",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [orders(), { kind: "orders", timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  bad(
    "cohortRetention",
    "date",
    "a year-9999 order in a daily matrix (beyond maxPeriods)",
    () => [
      orders(order({ customerId: "c", date: "9999-01-01T00:00:00Z" })),
      { kind: "orders", interval: "day" },
    ],
    [2, "date"],
  ),
  bad(
    "cohortRetention",
    "date",
    "a subscription ending in year 9999 in a daily matrix",
    () => [
      subscriptions(subscription({ customerId: "c", end: "9999-01-01T00:00:00Z" })),
      { kind: "subscriptions", interval: "day" },
    ],
    [2, "end"],
  ),
  bad(
    "cohortRetention",
    "out-of-range",
    "periods above maxPeriods",
    () => [orders(), { kind: "orders", periods: 13, maxPeriods: 12 }],
    ["options", "periods"],
  ),
  bad(
    "cohortRetention",
    "non-integer",
    "maxPeriods 1.5",
    () => [orders(), { kind: "orders", maxPeriods: 1.5 }],
    ["options", "maxPeriods"],
  ),

  bad(
    "toRows",
    "missing-field",
    "a segments result with nothing else",
    () => [{ grouping: "segments" }],
    ["metrics"],
  ),
  bad(
    "toRows",
    "missing-field",
    "a segments result without segments",
    () => [{ grouping: "segments", metrics: ["nps"] }],
    ["segments"],
  ),
  bad(
    "toRows",
    "null",
    "a null segment row",
    () => {
      const table = segmentTable();
      return [{ ...table, segments: [table.segments[0], null] }];
    },
    ["segments", 1],
  ),
  bad(
    "toRows",
    "missing-field",
    "a cohort row without its cohort",
    () => [{ grouping: "cohorts", cohorts: [{}] }],
    ["cohorts", 0, "cohort", "start"],
  ),
  bad(
    "toRows",
    "nan",
    "a NaN retention",
    () => [
      {
        grouping: "cohorts",
        cohorts: [
          {
            cohort: { start: "2025-01-01T00:00:00.000Z", end: "2025-02-01T00:00:00.000Z" },
            size: 2,
            retained: [2, 1],
            retention: [1, Number.NaN],
          },
        ],
      },
    ],
    ["cohorts", 0, "retention", 1],
  ),
  bad(
    "toRows",
    "wrong-type",
    "comparisons given as an object",
    () => [{ grouping: "segment-comparison", comparisons: {} }],
    ["comparisons"],
  ),
  bad("toRows", "null", "null instead of a result", () => [null], []),
  bad("toRows", "wrong-type", "an unknown grouping", () => [{ grouping: "pivot" }], ["grouping"]),
  bad("toRows", "wrong-type", "total given as a string", () => [segmentTable(), { total: "yes" }], [
    "options",
    "total",
  ]),

  // ---------------------------------------------------------------------------------------
  // SQL
  bad("toSql", "missing-field", "no table", () => [npsMetric({ score: "score" }), {}], [
    "options",
    "table",
  ]),
  bad(
    "toSql",
    "impossible-option",
    "an unknown dialect",
    () => [npsMetric({ score: "score" }), { table: "answers", dialect: "oracle" }],
    ["options", "dialect"],
  ),
  bad("toSql", "null", "a null metric", () => [null, { table: "answers" }], ["metrics"]),
  bad(
    "toSql",
    "wrong-type",
    "a metric with no SQL form (a weighted NPS)",
    () => [npsMetric({ score: "score", weight: "w" }), { table: "answers" }],
    ["metrics", "nps"],
  ),
  bad(
    "fromSqlRows",
    "wrong-type",
    "rows that are not an array",
    () => [npsMetric({ score: "score" }), { segment: "EU" }, { groupBy: "region" }],
    ["rows"],
  ),
  bad(
    "fromSqlRows",
    "out-of-range",
    "a negative count column",
    () => [npsMetric({ score: "score" }), [{ n: 2, nps__answer_10: -2, nps__answer_9: 4 }]],
    [0, "nps__answer_10"],
  ),
  bad(
    "fromSqlRows",
    "non-integer",
    "a fractional row count",
    () => [npsMetric({ score: "score" }), [{ n: 2.5, nps__answer_10: 2 }]],
    [0, "n"],
  ),
  bad(
    "fromSqlRows",
    "infinity",
    "an infinite count column",
    () => [npsMetric({ score: "score" }), [{ n: 2, nps__answer_10: Number.POSITIVE_INFINITY }]],
    [0, "nps__answer_10"],
  ),
  bad(
    "fromSqlRows",
    "out-of-range",
    "more answers counted than rows",
    () => [npsMetric({ score: "score" }), [{ n: 2, nps__answer_10: 3 }]],
    [0, "n"],
  ),
  bad(
    "fromSqlRows",
    "out-of-range",
    "churned above the customers at start (a churn rate of 2.5)",
    () => [
      churnSqlMetric({ period: JANUARY }),
      [
        {
          n: 5,
          churnRate__invalid: 0,
          churnRate__customersAtStart: 2,
          churnRate__churned: 5,
          churnRate__retained: 0,
          churnRate__customersAtEnd: 0,
          churnRate__newCustomers: 0,
          churnRate__newChurned: 0,
        },
      ],
    ],
    [0, "churnRate__churned"],
  ),
  bad(
    "fromSqlRows",
    "huge",
    "a date_trunc series of days longer than maxPeriods",
    () => [
      npsMetric({ score: "score" }),
      [
        { period: Date.UTC(2025, 0, 1), n: 10, nps__answer_10: 10 },
        { period: Date.UTC(9000, 0, 1), n: 1, nps__answer_10: 1 },
      ],
      { period: { date: "at", interval: "day", bucketing: "date_trunc" } },
    ],
    [1, "period"],
  ),
  bad(
    "fromSqlRows",
    "out-of-range",
    "a period index past the series",
    () => [
      npsMetric({ score: "score" }),
      [{ period: 1, n: 1, nps__answer_10: 1 }],
      { period: { date: "at", interval: "month", ...JANUARY } },
    ],
    [0, "period"],
  ),
  bad(
    "toSql",
    "infinity",
    "a hand-made histogram metric with max Infinity",
    () => {
      const metric = npsMetric({ score: "score" });
      return [
        { ...metric, histogram: { ...metric.histogram, max: Number.POSITIVE_INFINITY } },
        { table: "answers" },
      ];
    },
    ["metrics", "nps", "histogram"],
  ),
  bad(
    "toSql",
    "huge",
    "8,000 years of days (over maxPeriods)",
    () => [
      npsMetric({ score: "score" }),
      {
        table: "answers",
        period: {
          date: "at",
          interval: "day",
          start: "1000-01-01T00:00:00Z",
          end: "9000-01-01T00:00:00Z",
        },
      },
    ],
    ["options", "period", "end"],
  ),
  bad(
    "fromSqlRows",
    "wrong-type",
    "a count column that is not a number",
    () => [
      npsMetric({ score: "score" }),
      [{ segment: "EU", n: 2, nps__invalid: 0, nps__answer_10: "two" }],
      { groupBy: "region" },
    ],
    [0, "nps__answer_10"],
  ),
  bad(
    "fromSqlRows",
    "out-of-range",
    "invalid answers reported by the query",
    () => [
      npsMetric({ score: "score" }),
      [{ segment: "EU", n: 2, nps__invalid: 1, nps__answer_10: 1 }],
      { groupBy: "region" },
    ],
    [0, "nps__invalid"],
  ),
  bad(
    "churnSqlMetric",
    "reversed-period",
    "a reversed period",
    () => [{ period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad(
    "cohortRetentionFromSqlRows",
    "missing-field",
    "no start",
    () => [cohortSqlRows(), { table: "orders" }],
    ["options", "start"],
  ),
  bad(
    "cohortRetentionFromSqlRows",
    "out-of-range",
    "negative customers",
    () => [cohortSqlRows({ cohort: 1, period: 1, customers: -2 }), cohortSql],
    [2, "customers"],
  ),
  bad(
    "cohortRetentionFromSqlRows",
    "non-integer",
    "2.5 customers",
    () => [cohortSqlRows({ cohort: 1, period: 1, customers: 2.5 }), cohortSql],
    [2, "customers"],
  ),
  bad(
    "cohortRetentionFromSqlRows",
    "out-of-range",
    "a cell above its cohort's size (a retention of 2.5)",
    () => [cohortSqlRows({ cohort: 0, period: 1, customers: 4 }), cohortSql],
    [2, "customers"],
  ),
  bad(
    "cohortRetentionSql",
    "huge",
    "a grid of days from year 1 (over maxPeriods)",
    () => [{ ...cohortSql, interval: "day", start: "0001-01-01T00:00:00Z" }],
    ["options", "asOf"],
  ),
  bad(
    "cohortRetentionFromSqlRows",
    "out-of-range",
    "a cohort index beyond the grid",
    () => [cohortSqlRows({ cohort: 9, period: 9, customers: 1 }), cohortSql],
    [2, "cohort"],
  ),
  bad(
    "cohortRetentionFromSqlRows",
    "wrong-type",
    "rows that are not an array",
    () => [{}, cohortSql],
    ["rows"],
  ),

  // ---------------------------------------------------------------------------------------
  // Columnar input
  bad(
    "bySegmentColumns",
    "out-of-range",
    "a score column with an 11",
    () => [
      columnTable({ score: Uint8Array.of(10, 11, 9) }),
      "region",
      { nps: npsMetric({ score: "score" }) },
    ],
    ["score", 1],
    { noFreeze: true },
  ),
  bad(
    "bySegmentColumns",
    "missing-field",
    "no key column",
    () => [columnTable(), "country", { nps: npsMetric({ score: "score" }) }],
    ["country"],
    { noFreeze: true },
  ),
  bad(
    "bySegmentColumns",
    "wrong-type",
    "columns of different lengths",
    () => [
      columnTable({ score: Uint8Array.of(10, 3) }),
      "region",
      { nps: npsMetric({ score: "score" }) },
    ],
    // The key column is checked against the first column read (score): it is the one named.
    ["region"],
    { noFreeze: true },
  ),
  bad(
    "bySegmentColumns",
    "out-of-range",
    "a dictionary code without a label",
    () => [
      columnTable({ region: { codes: Uint8Array.of(0, 5, 0), labels: ["EU", "US"] } }),
      "region",
      { nps: npsMetric({ score: "score" }) },
    ],
    ["region", 1],
    { noFreeze: true },
  ),
  bad(
    "runMetricColumns",
    "nan",
    "a NaN in a Float64Array score column",
    () => [npsMetric({ score: "score" }), { score: Float64Array.of(10, Number.NaN) }],
    ["score", 1],
    { noFreeze: true },
  ),
  bad(
    "runMetricColumns",
    "wrong-type",
    "records instead of a column table",
    () => [npsMetric({ score: "score" }), [{ score: 10 }]],
    [],
  ),
  bad(
    "cohortRetentionColumns",
    "nan",
    "a NaN date",
    () => [
      { customerId: Int32Array.of(0, 1), date: Float64Array.of(Date.UTC(2025, 0, 5), Number.NaN) },
      { kind: "orders" },
    ],
    ["date", 1],
    { noFreeze: true },
  ),
  bad(
    "cohortRetentionColumns",
    "missing-field",
    "no customerId column",
    () => [{ date: Float64Array.of(Date.UTC(2025, 0, 5)) }, { kind: "orders" }],
    ["customerId"],
    { noFreeze: true },
  ),

  // ---------------------------------------------------------------------------------------
  // Statistics
  bad(
    "compareProportions",
    "out-of-range",
    "more successes than trials",
    () => [
      { successes: 71, n: 70 },
      { successes: 48, n: 80 },
    ],
    ["a", "successes"],
  ),
  bad(
    "compareProportions",
    "nan",
    "NaN trials",
    () => [
      { successes: 1, n: 70 },
      { successes: 1, n: Number.NaN },
    ],
    ["b", "n"],
  ),
  bad(
    "compareProportions",
    "impossible-option",
    "level 1",
    () => [{ successes: 1, n: 70 }, { successes: 1, n: 80 }, { level: 1 }],
    ["options", "level"],
  ),

  // ---------------------------------------------------------------------------------------
  // Display
  bad("toVegaLite", "impossible-option", "an unknown chart", () => [tidyRows(), { chart: "pie" }], [
    "options",
    "chart",
  ]),
  bad(
    "toVegaLite",
    "nan",
    "a NaN value",
    () => [
      tidyRows({ segment: "East", metric: "nps", value: Number.NaN, n: 1 }),
      { chart: "bars" },
    ],
    [2, "value"],
  ),
  bad("toVegaLite", "missing-field", "no options", () => [tidyRows()], ["options"]),
  bad("toHtmlTable", "wrong-type", "rows that are not an array", () => [{ value: 1 }], []),
  bad(
    "toHtmlTable",
    "infinity",
    "an Infinity bound",
    () => [tidyRows({ metric: "nps", value: 1, upper: Number.POSITIVE_INFINITY })],
    [2, "upper"],
  ),
  bad("toTextTable", "missing-field", "a row without a metric", () => [tidyRows({ value: 1 })], [
    2,
    "metric",
  ]),
  bad("toMimeBundle", "null", "null rows", () => [null], []),
  bad(
    "jupyterDisplay",
    "impossible-option",
    "an unknown chart",
    () => [tidyRows(), { chart: "donut" }],
    ["options", "chart"],
  ),

  // ---------------------------------------------------------------------------------------
  // Metric factories, tallies and model helpers (no safe twin: they throw at the call)
  bad(
    "npsMetric",
    "impossible-option",
    "promoterMin below detractorMax",
    () => [{ promoterMin: 5 }],
    ["options", "promoterMin"],
  ),
  bad(
    "csatMetric",
    "impossible-option",
    "satisfiedMin above the scale",
    () => [{ satisfiedMin: 6 }],
    ["options", "satisfiedMin"],
  ),
  bad("cesMetric", "impossible-option", "easyMin below the scale", () => [{ easyMin: 0 }], [
    "options",
    "easyMin",
  ]),
  bad(
    "churnMetric",
    "reversed-period",
    "a reversed period",
    () => [{ period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad("arpuMetric", "missing-field", "no period", () => [{}], ["options", "period"]),
  bad("ltvMetric", "missing-field", "no unit", () => [{ period: JANUARY }], ["options", "unit"]),
  bad("bgNbdMetric", "impossible-option", "an unknown option", () => [{ frequncy: "x" }], [
    "options",
  ]),
  bad("sqlDialect", "impossible-option", "an unknown dialect", () => ["oracle"], ["dialect"]),
  bad("holmAdjust", "out-of-range", "a p-value of 2", () => [[0.01, 2]], [1]),
  bad("holmAdjust", "nan", "a NaN p-value", () => [[Number.NaN]], [0]),
  bad("bgNbdExpectedPurchases", "out-of-range", "a negative time", () => [CDNOW_BG_NBD, -1], ["t"]),
  bad(
    "bgNbdExpectedPurchases",
    "out-of-range",
    "a negative r",
    () => [{ ...CDNOW_BG_NBD, r: -1 }, 1],
    ["params", "r"],
  ),
  bad(
    "bgNbdConditionalExpectedPurchases",
    "out-of-range",
    "a recency beyond T",
    () => [CDNOW_BG_NBD, { frequency: 2, recency: 40, T: 38 }, 39],
    [0, "recency"],
  ),
  bad("bgNbdPurchaseProbability", "non-integer", "1.5 purchases", () => [CDNOW_BG_NBD, 1.5, 39], [
    "k",
  ]),
  bad(
    "bgNbdProbabilityAlive",
    "nan",
    "a NaN frequency",
    () => [CDNOW_BG_NBD, { frequency: Number.NaN, recency: 0, T: 38 }],
    [0, "frequency"],
  ),
  bad(
    "bgNbdLogLikelihood",
    "out-of-range",
    "a recency beyond T",
    () => [CDNOW_BG_NBD, { frequency: 1, recency: 5, T: 2 }],
    [0, "recency"],
  ),
  bad(
    "gammaGammaExpectedSpend",
    "negative-money",
    "a negative frequency",
    () => [
      { p: 6.25, q: 3.74, v: 15.44 },
      { frequency: -1, monetary: 3 },
    ],
    ["customer", "frequency"],
  ),
  bad("sbgRetentionRate", "out-of-range", "period 0", () => [{ alpha: 1, beta: 1 }, 0], ["t"]),
  bad("sbgSurvival", "nan", "a NaN period", () => [{ alpha: 1, beta: 1 }, Number.NaN], ["t"]),
  bad("sbgSurvivalCurve", "out-of-range", "-1 periods", () => [{ alpha: 1, beta: 1 }, -1], [
    "periods",
  ]),
  bad(
    "sbgDiscountedExpectedLifetime",
    "out-of-range",
    "a discount rate of 0",
    () => [{ alpha: 1, beta: 1 }, 0],
    ["discountRate"],
  ),
  bad(
    "sbgDiscountedExpectedResidualLifetime",
    "non-integer",
    "1.5 renewals",
    () => [
      { alpha: 1, beta: 1 },
      { discountRate: 0.1, renewals: 1.5 },
    ],
    ["options", "renewals"],
  ),
  bad("sbgTallyFromSurvivors", "out-of-range", "survivors that increase", () => [[10, 20]], [1]),
  bad(
    "fitSbgFromTally",
    "negative-money",
    "a negative lost count",
    () => [{ lost: [-1], censored: [] }],
    ["lost", 0],
  ),
  bad(
    "fitBgNbdFromTally",
    "nan",
    "a NaN frequency row",
    () => [{ rows: [[Number.NaN, 0, 1, 1]], timeUnit: "week" }],
    ["rows", 0, "frequency"],
  ),
  bad(
    "npsTallyFromCounts",
    "negative-money",
    "negative promoters",
    () => [{ promoters: -1, passives: 0, detractors: 0 }],
    ["promoters"],
  ),
  bad(
    "csatTallyFromCounts",
    "negative-money",
    "a negative count",
    () => [{ counts: [-1, 0, 0, 0, 0] }],
    ["counts", 0],
  ),
  bad(
    "cesTallyFromCounts",
    "wrong-type",
    "3 counts on a 7-answer scale",
    () => [{ counts: [1, 2, 3] }],
    ["counts"],
  ),
  bad(
    "csatRatingSchema",
    "impossible-option",
    "scaleMax below scaleMin",
    () => [{ scaleMin: 5, scaleMax: 1 }],
    ["options", "scaleMax"],
  ),
  bad(
    "cesScoreSchema",
    "impossible-option",
    "a scale of 200 answers",
    () => [{ scaleMin: 1, scaleMax: 200 }],
    ["options", "scaleMax"],
  ),
  bad("emptyCsatTally", "wrong-type", "scaleMin as a string", () => [{ scaleMin: "1" }], [
    "options",
    "scaleMin",
  ]),
  bad("emptyCesTally", "non-integer", "scaleMax 6.5", () => [{ scaleMax: 6.5 }], [
    "options",
    "scaleMax",
  ]),
  bad(
    "mergeCsatTallies",
    "wrong-type",
    "tallies of different scales",
    () => [
      { counts: [1, 2], responses: 3, sumSquaredWeights: 3 },
      { counts: [1, 2, 3], responses: 6, sumSquaredWeights: 6 },
    ],
    ["counts"],
  ),
  bad(
    "mergeCesTallies",
    "wrong-type",
    "tallies of different scales",
    () => [
      { counts: [1, 2, 3, 4, 5, 6, 7], responses: 28, sumSquaredWeights: 28 },
      { counts: [1, 2, 3, 4, 5], responses: 15, sumSquaredWeights: 15 },
    ],
    ["counts"],
  ),
  bad(
    "mergeBgNbdTallies",
    "wrong-type",
    "tallies in different time units",
    () => [
      { rows: [[1, 2, 5, 1]], timeUnit: "week" },
      { rows: [[1, 2, 5, 1]], timeUnit: "day" },
    ],
    ["timeUnit"],
  ),
  bad("cohortRetentionSql", "missing-field", "no start", () => [{ table: "orders" }], [
    "options",
    "start",
  ]),
  bad("retentionSqlMetric", "missing-field", "no period", () => [{}], ["options", "period"]),
  bad(
    "customerRetentionSqlMetric",
    "unknown-option",
    "an unknown option",
    () => [{ ...period, churnWhen: "any-subscription-ended" }],
    ["options"],
  ),
  bad("mrrChurnSqlMetric", "missing-field", "no period", () => [{}], ["options", "period"]),
  bad(
    "repeatPurchaseRateSqlMetric",
    "reversed-period",
    "a period that ends before it starts",
    () => [{ period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad(
    "reviewSummarySqlMetric",
    "missing-field",
    "no rating field (SQL reads a column)",
    () => [{}],
    ["options", "rating"],
  ),
  bad(
    "reviewSummarySqlMetric",
    "impossible-option",
    "positiveMin above ratingMax",
    () => [{ rating: "stars", positiveMin: 6 }],
    ["options", "positiveMin"],
  ),
  bad(
    "snsEngagementRateSqlMetric",
    "wrong-type",
    "an interaction accessor function (no column)",
    () => [{ base: "reach", interactions: { likes: () => 1 } }],
    ["options", "interactions", "likes"],
  ),
  bad("snsEngagementRateSqlMetric", "missing-field", "no base", () => [{}], ["options", "base"]),
  bad(
    "npsSqlMetric",
    "wrong-type",
    "a weight accessor function (no column)",
    () => [{ score: "score", weight: () => 1 }],
    ["options", "weight"],
  ),
  bad("npsSqlMetric", "missing-field", "no score field", () => [{}], ["options", "score"]),
  bad(
    "npsSqlMetric",
    "impossible-option",
    "promoterMin at or below detractorMax",
    () => [{ score: "score", promoterMin: 6 }],
    ["options", "promoterMin"],
  ),
  bad("csatSqlMetric", "null", "null options (no rating field)", () => [null], [
    "options",
    "rating",
  ]),
  bad(
    "csatSqlMetric",
    "wrong-type",
    "a rating accessor function",
    () => [{ rating: (r: { stars: number }) => r.stars }],
    ["options", "rating"],
  ),
  bad(
    "cesSqlMetric",
    "unknown-option",
    "an unknown option",
    () => [{ score: "effort", weigth: "w" }],
    ["options"],
  ),
  bad(
    "arpuSqlMetric",
    "reversed-period",
    "a period that ends before it starts",
    () => [{ period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad("averageOrderValueSqlMetric", "missing-field", "no period", () => [{}], [
    "options",
    "period",
  ]),
  bad(
    "purchaseFrequencySqlMetric",
    "date",
    "a period start without an offset",
    () => [{ period: { start: "2025-01-01T00:00", end: JANUARY.end } }],
    ["options", "period", "start"],
  ),
  bad(
    "clickThroughRateSqlMetric",
    "wrong-type",
    "a clicks accessor function",
    () => [{ clicks: () => 1 }],
    ["options", "clicks"],
  ),
  bad(
    "conversionRateSqlMetric",
    "empty",
    "an empty list of event types",
    () => [{ events: { conversions: [] } }],
    ["options", "events", "conversions"],
  ),
  bad(
    "openRateSqlMetric",
    "impossible-option",
    "both delivered and sent",
    () => [{ delivered: "delivered", sent: "sent" }],
    ["options", "sent"],
  ),
  bad(
    "referralRateSqlMetric",
    "wrong-type",
    "an event type accessor function",
    () => [{ type: () => "referral" }],
    ["options", "type"],
  ),

  bad(
    "repeatRateSqlMetric",
    "date",
    "a period start on 30 February",
    () => [{ period: { start: "2025-02-30T00:00:00Z", end: "2025-04-01T00:00:00Z" } }],
    ["options", "period", "start"],
  ),
  bad(
    "cesMetric",
    "wrong-type",
    "a score accessor that is an object",
    () => [{ score: { field: "s" } }],
    ["options", "score"],
  ),
  bad("runMetric", "null", "a null metric", () => [null, [9, 10]], ["metric"]),
  bad("runMetric", "null", "null records", () => [npsMetric(), null], ["records"]),
  bad("runMetric", "wrong-type", "a metric without finalize", () => [{ init: () => 0 }, []], [
    "metric",
  ]),

  // Statistics and time helpers: bad arguments are input errors named by the parameter.
  bad("zForLevel", "out-of-range", "level 1.5", () => [1.5], ["level"]),
  bad("zForLevel", "nan", "level NaN", () => [Number.NaN], ["level"]),
  bad("zForLevel", "out-of-range", "level -1", () => [-1], ["level"]),
  bad("twoSidedPValue", "nan", "z NaN", () => [Number.NaN], ["z"]),
  bad("wilsonInterval", "out-of-range", "5 successes of 3", () => [5, 3, 0.95], ["successes"]),
  bad("wilsonInterval", "infinity", "n Infinity", () => [5, Number.POSITIVE_INFINITY, 0.95], ["n"]),
  bad("wilsonInterval", "impossible-option", "level 1.5", () => [5, 10, 1.5], ["level"]),
  bad("waldInterval", "negative-money", "-1 successes", () => [-1, 10, 0.95], ["successes"]),
  bad("listBuckets", "nan", "an end of NaN", () => [0, Number.NaN, "month"], ["endMs"]),
  bad(
    "listBuckets",
    "infinity",
    "a start of -Infinity",
    () => [Number.NEGATIVE_INFINITY, 0, "month"],
    ["startMs"],
  ),
  bad("listBuckets", "impossible-option", "an interval of eons", () => [0, 1e9, "eon"], [
    "interval",
  ]),
  bad(
    "listBuckets",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [0, 1e9, "day", { timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  bad("sbgSurvivalCurve", "huge", "a curve of 1e9 periods", () => [{ alpha: 1, beta: 1 }, 1e9], [
    "periods",
  ]),
  bad(
    "runMetric",
    "out-of-range",
    "a score of 11 through runMetric",
    () => [npsMetric(), [10, 11]],
    [1],
  ),
  bad(
    "runMetric",
    "out-of-range",
    "a BG/NBD row with recency beyond T through runMetric",
    () => [bgNbdMetric(), [rfmRow({ recency: 50 })]],
    [0, "recency"],
  ),
  bad("cesMetric", "unknown-option", "an unknown option", () => [{ scoreField: "s" }], ["options"]),
  bad("csatMetric", "wrong-type", "a weight accessor that is a number", () => [{ weight: 1 }], [
    "options",
    "weight",
  ]),
  bad("npsMetric", "unknown-option", "an unknown option", () => [{ scale: 10 }], ["options"]),
  bad("cesMetric", "impossible-option", "level 0", () => [{ level: 0 }], ["options", "level"]),
  bad(
    "csat",
    "huge",
    "10M ratings with a 6 at the end",
    () => [hugeWithBadLast(TEN_MILLION, 5, 6)],
    [TEN_MILLION - 1],
    { noFreeze: true },
  ),
  bad(
    "ces",
    "extra-nesting",
    "a record whose score is an array",
    () => [[{ s: [7] }], { score: "s" }],
    [0, "s"],
  ),
  bad(
    "csat",
    "extra-nesting",
    "a rating wrapped in an object",
    () => [[{ stars: { value: 5 } }], { rating: "stars" }],
    [0, "stars"],
  ),
  bad(
    "cesMetric",
    "impossible-option",
    "scaleMin above scaleMax",
    () => [{ scaleMin: 7, scaleMax: 1 }],
    ["options", "scaleMax"],
  ),
  bad(
    "retentionMetric",
    "date",
    "a period end without an offset",
    () => [{ period: { start: JANUARY.start, end: "2025-02-01T00:00:00" } }],
    ["options", "period", "end"],
  ),
  bad(
    "customerRetentionMetric",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [{ period: JANUARY, timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  bad("mrrChurnMetric", "missing-field", "no period", () => [{ timeZone: "UTC" }], [
    "options",
    "period",
  ]),
  bad(
    "repeatRateMetric",
    "reversed-period",
    "a reversed period",
    () => [{ period: { start: JANUARY.end, end: JANUARY.start } }],
    ["options", "period", "end"],
  ),
  bad(
    "repeatPurchaseRateMetric",
    "wrong-type",
    "a period given as a string",
    () => [{ period: "January" }],
    ["options", "period"],
  ),
  bad(
    "averageOrderValueMetric",
    "unknown-option",
    "an unknown option",
    () => [{ period: JANUARY, currency: "EUR" }],
    ["options"],
  ),
  bad(
    "purchaseFrequencyMetric",
    "null",
    "null period bounds",
    () => [{ period: { start: null, end: null } }],
    ["options", "period", "start"],
  ),
  bad(
    "clickThroughRateMetric",
    "wrong-type",
    "an impressions accessor that is a number",
    () => [{ impressions: 5 }],
    ["options", "impressions"],
  ),
  bad(
    "openRateMetric",
    "impossible-option",
    "both sent and delivered accessors",
    () => [{ sent: "sent", delivered: "delivered" }],
    ["options", "sent"],
  ),
  bad(
    "conversionRateMetric",
    "wrong-type",
    "event types given as a number",
    () => [{ type: "type", events: { conversions: 5 } }],
    ["options", "events", "conversions"],
  ),
  bad(
    "referralRateMetric",
    "unknown-option",
    "an event list under an unknown name",
    () => [{ type: "type", events: { signups: "signup" } }],
    ["options", "events"],
  ),
  bad("snsEngagementRateMetric", "impossible-option", "base views", () => [{ base: "views" }], [
    "options",
    "base",
  ]),
  bad(
    "reviewSummaryMetric",
    "impossible-option",
    "ratingMin above ratingMax",
    () => [{ ratingMin: 5, ratingMax: 1 }],
    ["options", "ratingMax"],
  ),
  bad("gammaGammaMetric", "impossible-option", "maxIterations 0", () => [{ maxIterations: 0 }], [
    "options",
    "maxIterations",
  ]),
  bad("sbgMetric", "negative-money", "a negative penalty", () => [{ penalty: -1 }], [
    "options",
    "penalty",
  ]),

  // ---------------------------------------------------------------------------------------
  // Time helpers (docs/reliability.md, known gap 4, fixed): instants, interval, k and zone are
  // checked at the exported boundary; the per-record paths use unchecked internal versions.
  bad("bucketStart", "nan", "an instant of NaN", () => [Number.NaN, "month"], ["ms"]),
  bad("bucketStart", "date", "an instant before year 0001", () => [-8.64e15, "year"], ["ms"]),
  bad("bucketStart", "impossible-option", "an interval of eons", () => [0, "eon"], ["interval"]),
  bad(
    "bucketStart",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [0, "day", { timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  bad(
    "bucketStart",
    "out-of-range",
    "a week starting on day 7",
    () => [0, "week", { weekStartsOn: 7 }],
    ["options", "weekStartsOn"],
  ),
  bad("bucketStart", "unknown-option", "an unknown option", () => [0, "day", { zone: "UTC" }], [
    "options",
  ]),
  bad("addIntervals", "nan", "a start of NaN", () => [Number.NaN, "month", 1], ["startMs"]),
  bad(
    "addIntervals",
    "infinity",
    "a start of Infinity",
    () => [Number.POSITIVE_INFINITY, "day", 1],
    ["startMs"],
  ),
  bad("addIntervals", "impossible-option", "an unknown interval", () => [0, "eon", 1], [
    "interval",
  ]),
  bad("addIntervals", "non-integer", "half a month", () => [0, "month", 0.5], ["k"]),
  bad("addIntervals", "null", "a null step", () => [0, "month", null], ["k"]),
  bad(
    "addIntervals",
    "impossible-option",
    "time zone Mars/Olympus",
    () => [0, "month", 1, "Mars/Olympus"],
    ["timeZone"],
  ),
  // 1e9 years from 1970 is far beyond the last Date (year 275760).
  bad("addIntervals", "huge", "a billion years", () => [0, "year", 1e9], ["k"]),
  bad("isoInZone", "nan", "an instant of NaN", () => [Number.NaN, "UTC"], ["ms"]),
  bad("isoInZone", "wrong-type", "an instant as a string", () => ["2025-01-01", "UTC"], ["ms"]),
  bad("isoInZone", "impossible-option", "time zone Mars/Olympus", () => [0, "Mars/Olympus"], [
    "timeZone",
  ]),
  bad("isoInZone", "missing-field", "no time zone", () => [0], ["timeZone"]),
  bad("createBucketer", "impossible-option", "an interval of eons", () => ["eon"], ["interval"]),
  bad(
    "createBucketer",
    "impossible-option",
    "time zone Mars/Olympus",
    () => ["month", { timeZone: "Mars/Olympus" }],
    ["options", "timeZone"],
  ),
  bad("createBucketer", "wrong-type", "a zone given as a number", () => ["day", { timeZone: 1 }], [
    "options",
    "timeZone",
  ]),

  // ---------------------------------------------------------------------------------------
  // Compensated sums (known gap 5, fixed): arguments named by parameter.
  bad("compensatedSum", "null", "null values", () => [null], ["values"]),
  bad("compensatedSum", "nan", "a NaN summand", () => [[1, Number.NaN]], ["values", 1]),
  bad(
    "compensatedSum",
    "infinity",
    "Infinity and -Infinity",
    () => [[Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]],
    ["values", 0],
  ),
  bad("compensatedSum", "wrong-type", "a string summand", () => [[1, "2"]], ["values", 1]),
  // 1e308 + 1e308 is above the largest double (about 1.797e308).
  bad("compensatedSum", "overflow", "two summands of 1e308", () => [[1e308, 1e308]], ["values"]),
  bad("addToSum", "nan", "adding NaN", () => [{ sum: 0, carry: 0 }, Number.NaN], ["x"]),
  bad("addToSum", "null", "a null running sum", () => [null, 1], ["acc"]),
  bad("addToSum", "missing-field", "a running sum without carry", () => [{ sum: 1 }, 1], [
    "acc",
    "carry",
  ]),
  bad("addToSum", "overflow", "1e308 + 1e308", () => [{ sum: 1e308, carry: 0 }, 1e308], ["x"]),
  bad("mergeSums", "null", "a null second sum", () => [{ sum: 1, carry: 0 }, null], ["b"]),
  bad(
    "mergeSums",
    "nan",
    "a NaN sum",
    () => [
      { sum: Number.NaN, carry: 0 },
      { sum: 1, carry: 0 },
    ],
    ["a", "sum"],
  ),
  bad("sumValue", "missing-field", "no carry", () => [{ sum: 1 }], ["acc", "carry"]),
  bad(
    "sumValue",
    "infinity",
    "an infinite sum",
    () => [{ sum: Number.POSITIVE_INFINITY, carry: 0 }],
    ["acc", "sum"],
  ),

  // ---------------------------------------------------------------------------------------
  // Exported merges (known gap 7, fixed): both tallies checked, paths under `a` / `b`.
  bad("mergeNpsTallies", "null", "a null first tally", () => [null, NPS_TALLY], ["a"]),
  bad(
    "mergeNpsTallies",
    "nan",
    "NaN promoters",
    () => [NPS_TALLY, { ...NPS_TALLY, promoters: Number.NaN }],
    ["b", "promoters"],
  ),
  bad(
    "mergeNpsTallies",
    "overflow",
    "promoters whose sum overflows",
    () => [
      { ...NPS_TALLY, promoters: 1e308 },
      { ...NPS_TALLY, promoters: 1e308 },
    ],
    ["b", "promoters"],
  ),
  bad("mergeChurnTallies", "null", "a null second tally", () => [CHURN_TALLY, null], ["b"]),
  bad(
    "mergeChurnTallies",
    "negative-money",
    "-1 churned",
    () => [{ ...CHURN_TALLY, churned: -1 }, CHURN_TALLY],
    ["a", "churned"],
  ),
  bad("mergeMrrChurnTallies", "null", "a null first tally", () => [null, MRR_TALLY], ["a"]),
  bad(
    "mergeMrrChurnTallies",
    "nan",
    "a NaN carry in churned MRR",
    () => [MRR_TALLY, { ...MRR_TALLY, churnedMrr: { sum: 1, carry: Number.NaN } }],
    ["b", "churnedMrr", "carry"],
  ),
  bad(
    "mergeRepeatRateTallies",
    "missing-field",
    "no priorCustomers",
    () => [REPEAT_TALLY, { repeatCustomers: 1, periodCustomers: 1, newCustomers: 0 }],
    ["b", "priorCustomers"],
  ),
  bad("mergeRepeatRateTallies", "null", "a null first tally", () => [null, REPEAT_TALLY], ["a"]),
  bad(
    "mergeRepeatPurchaseTallies",
    "infinity",
    "Infinity customers",
    () => [{ customers: Number.POSITIVE_INFINITY, repeatCustomers: 0 }, REPEAT_PURCHASE_TALLY],
    ["a", "customers"],
  ),
  bad(
    "mergeRepeatPurchaseTallies",
    "wrong-type",
    "a tally given as a number",
    () => [REPEAT_PURCHASE_TALLY, 5],
    ["b"],
  ),
  bad("mergeOrderValueTallies", "null", "a null second tally", () => [ORDER_TALLY, null], ["b"]),
  bad(
    "mergeOrderValueTallies",
    "wrong-type",
    "revenue as a plain number",
    () => [{ ...ORDER_TALLY, revenue: 60 }, ORDER_TALLY],
    ["a", "revenue"],
  ),
  bad("mergeSbgTallies", "null", "a null first tally", () => [null, SBG_TALLY], ["a"]),
  bad(
    "mergeSbgTallies",
    "nan",
    "a NaN lost count",
    () => [SBG_TALLY, { lost: [1, Number.NaN], censored: [] }],
    ["b", "lost", 1],
  ),
  bad(
    "mergeSbgTallies",
    "overflow",
    "lost counts whose sum overflows",
    () => [
      { lost: [1e308], censored: [] },
      { lost: [1e308], censored: [] },
    ],
    ["b", "lost", 0],
  ),
  bad("mergeGammaGammaTallies", "null", "a null second tally", () => [GG_TALLY, null], ["b"]),
  bad(
    "mergeGammaGammaTallies",
    "extra-nesting",
    "a row that is a number",
    () => [{ rows: [5], skipped: 0 }, GG_TALLY],
    ["a", "rows", 0],
  ),
  bad("mergeReviewTallies", "null", "a null first tally", () => [null, REVIEW_TALLY], ["a"]),
  bad(
    "mergeReviewTallies",
    "nan",
    "a NaN rating sum",
    () => [REVIEW_TALLY, { ...REVIEW_TALLY, ratingSum: Number.NaN }],
    ["b", "ratingSum"],
  ),
  bad("mergeSnsEngagementTallies", "null", "a null second tally", () => [SNS_TALLY, null], ["b"]),
  bad(
    "mergeSnsEngagementTallies",
    "negative-money",
    "-3 likes",
    () => [{ ...SNS_TALLY, likes: -3 }, SNS_TALLY],
    ["a", "likes"],
  ),
  bad(
    "mergeClickThroughTallies",
    "nan",
    "NaN clicks",
    () => [
      { clicks: Number.NaN, impressions: 10, records: 1 },
      { clicks: 1, impressions: 10, records: 1 },
    ],
    ["a", "clicks"],
  ),
  bad(
    "mergeConversionTallies",
    "null",
    "a null second tally",
    () => [{ conversions: 1, visitors: 10, records: 1 }, null],
    ["b"],
  ),
  bad(
    "mergeReferralTallies",
    "missing-field",
    "no referred",
    () => [
      { customers: 10, records: 1 },
      { referred: 1, customers: 10, records: 1 },
    ],
    ["a", "referred"],
  ),
  bad(
    "mergeOpenRateTallies",
    "infinity",
    "Infinity delivered",
    () => [
      { opens: 1, delivered: 10, records: 1 },
      { opens: 1, delivered: Number.POSITIVE_INFINITY, records: 1 },
    ],
    ["b", "delivered"],
  ),
  bad("mergeCsatTallies", "null", "a null first tally", () => [null, CSAT_TALLY], ["a"]),
  bad(
    "mergeCesTallies",
    "nan",
    "a NaN count",
    () => [
      { counts: [1, 2, 3, 4, 5, 6, Number.NaN], responses: 28, sumSquaredWeights: 28 },
      { counts: [1, 2, 3, 4, 5, 6, 7], responses: 28, sumSquaredWeights: 28 },
    ],
    ["a", "counts", 6],
  ),
  bad(
    "mergeBgNbdTallies",
    "null",
    "a null second tally",
    () => [{ rows: [[1, 2, 5, 1]], timeUnit: "week" }, null],
    ["b"],
  ),

  // ---------------------------------------------------------------------------------------
  // Overflow from astronomically large finite numbers (known gap 8, fixed): an input error
  // naming the input, or (model predictions) the documented null "parameter-out-of-range".
  // Three weighted counts of 1e308: 1e308 + 1e308 already exceeds the largest double.
  bad(
    "npsFromCounts",
    "overflow",
    "three weighted counts of 1e308",
    () => [{ promoters: 1e308, passives: 1e308, detractors: 1e308, sumSquaredWeights: 1 }],
    ["passives"],
  ),
  bad(
    "npsFromCounts",
    "overflow",
    "an unweighted count above 2^53",
    () => [{ promoters: 1e300, passives: 0, detractors: 0 }],
    ["promoters"],
  ),
  bad(
    "csatFromCounts",
    "overflow",
    "weighted counts whose total overflows",
    () => [{ counts: [0, 0, 0, 1e308, 1e308], sumSquaredWeights: 1 }],
    ["counts", 4],
  ),
  // 1e200 × 1e200 = 1e400: the largest factor is named (the first of equals).
  bad(
    "ltv",
    "overflow",
    "AOV and frequency of 1e200",
    () => [{ averageOrderValue: 1e200, purchaseFrequency: 1e200, lifespan: 1, unit: "month" }],
    ["averageOrderValue"],
  ),
  bad(
    "ltv",
    "overflow",
    "a lifespan of 1e300 with a large AOV",
    () => [{ averageOrderValue: 1e10, purchaseFrequency: 1, lifespan: 1e300, unit: "year" }],
    ["lifespan"],
  ),
  // ARPU / churn = 1e300 / 1e-10 = 1e310.
  bad(
    "ltvFromChurn",
    "overflow",
    "an ARPU of 1e300 and a churn of 1e-10",
    () => [{ arpu: 1e300, churnRate: 1e-10 }],
    ["churnRate"],
  ),
  // 1.5e308 × (1 + 1) overflows before the division.
  bad(
    "ltvFromChurn",
    "overflow",
    "an ARPU of 1.5e308 paid at the start of each period",
    () => [{ arpu: 1.5e308, churnRate: 1, discountRate: 1 }],
    ["arpu"],
  ),
  // p(γ + x·m̄) = 1e200 · 2e200 overflows.
  nullResult(
    "gammaGammaExpectedSpend",
    "p and v of 1e200",
    () => [
      { p: 1e200, q: 2, v: 1e200 },
      { frequency: 1, monetary: 1e200 },
    ],
    "parameter-out-of-range",
  ),
  bad(
    "bgNbdLogLikelihood",
    "overflow",
    "r of 1e308",
    () => [
      { ...CDNOW_BG_NBD, r: 1e308 },
      { frequency: 2, recency: 30, T: 39 },
    ],
    ["params", "r"],
  ),
  bad(
    "bgNbdPurchaseProbability",
    "overflow",
    "r of 1e308",
    () => [{ ...CDNOW_BG_NBD, r: 1e308 }, 0, 39],
    ["params", "r"],
  ),
  bad(
    "fitSbgFromTally",
    "overflow",
    "a lost count of 1e308",
    () => [{ lost: [1e308], censored: [5] }],
    ["lost", 0],
  ),
  bad(
    "fitBgNbdFromTally",
    "overflow",
    "a weight of 1e308",
    () => [
      {
        rows: [
          [1, 2, 5, 1],
          [0, 0, 5, 1e308],
        ],
        timeUnit: "week",
      },
    ],
    ["rows", 1, "weight"],
  ),
  // ln B(1e308, 1e308 + t) overflows, and a product of 2,000,000 retention rates is refused.
  bad(
    "sbgSurvival",
    "overflow",
    "parameters of 1e308 over 2,000,000 periods",
    () => [{ alpha: 1e308, beta: 1e308 }, 2_000_000],
    ["params", "alpha"],
  ),
  // Two values of ±1.7e308: the sd is √2 · 1.7e308, above the largest double.
  bad(
    "fitEngagementScale",
    "overflow",
    "values of ±1.7e308",
    () => [
      [
        { id: "a", visits: 1.7e308 },
        { id: "b", visits: -1.7e308 },
      ],
      { components: [{ name: "visits", weight: 1, normalize: "z-score" }] },
    ],
    [0, "visits"],
  ),
];

/** The name of an entry point's safe twin: `safeNps` for `nps`. */
export function safeName(entry: string): string {
  return `safe${entry.charAt(0).toUpperCase()}${entry.slice(1)}`;
}
