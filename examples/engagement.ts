// Channel rates and a composite engagement score on a small synthetic dataset.
//
// Run after `npm run build`:  node examples/engagement.ts
// (Node 22 strips the types; this file uses erasable TypeScript only.)
//
// The data are generated here with a seeded generator, so every run prints the same numbers.

import {
  clickThroughRate,
  clickThroughRateFromRecords,
  conversionRateFromRecords,
  type EngagementComponent,
  engagementScore,
  fitEngagementScale,
  openRateFromRecords,
  referralRate,
  reviewSummary,
  snsEngagementRateFromRecords,
} from "engagement-metrics";

// ---------------------------------------------------------------------------------------------
// A seeded generator (mulberry32) and a few draws.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20250301);

function binomial(n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
}

function between(min: number, max: number): number {
  return min + (max - min) * random();
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const percent = (x: number | null): string => (x === null ? "—" : `${(100 * x).toFixed(2)}%`);
const interval = (r: { readonly interval: { lower: number; upper: number } | null }): string =>
  r.interval === null ? "" : ` [${percent(r.interval.lower)}, ${percent(r.interval.upper)}]`;

// ---------------------------------------------------------------------------------------------
// 1. Channel rates

console.log("== Channel rates ==");

// Ads: one row per ad and day, with counts.
const adDays = Array.from({ length: 30 }, (_, day) => {
  const impressions = 800 + Math.floor(400 * random());
  return { day, ad: pick(["spring", "summer"]), impressions, clicks: binomial(impressions, 0.031) };
});
const ctr = clickThroughRateFromRecords(adDays);
console.log(
  `CTR, 30 ad-days: ${percent(ctr.value)}${interval(ctr)} (${ctr.clicks} / ${ctr.impressions})`,
);
console.log(
  `CTR from counts: ${percent(clickThroughRate({ clicks: 30, impressions: 1000 }).value)}`,
);

// Email: Mailchimp-style campaign rows (sent, bounced, unique opens).
const campaigns = ["jan", "feb", "mar"].map((name) => {
  const sent = 5000;
  const bounced = binomial(sent, 0.02);
  return { name, sent, bounced, opens: binomial(sent - bounced, 0.24) };
});
const opens = openRateFromRecords(campaigns, { sent: "sent" });
console.log(`Open rate (opens / (sent − bounced)): ${percent(opens.value)}${interval(opens)}`);

// Web: an event log; conversions are visits that ended in a purchase.
const events: { type: string }[] = [];
for (let i = 0; i < 2000; i++) {
  events.push({ type: "visit" });
  if (random() < 0.027) events.push({ type: "conversion" });
  if (random() < 0.5) events.push({ type: "page_view" }); // ignored: no option names it
}
const conversion = conversionRateFromRecords(events, { type: "type" });
console.log(
  `Conversion rate from ${events.length} events: ${percent(conversion.value)}${interval(conversion)}`,
);

const referral = referralRate({ referred: 48, customers: 400 });
console.log(`Referral rate (referred new customers / new customers): ${percent(referral.value)}`);

// Social: posts with whichever interactions the platform reports.
const posts = Array.from({ length: 12 }, () => {
  const reach = 2000 + Math.floor(3000 * random());
  return {
    reach,
    likes: binomial(reach, 0.03),
    comments: binomial(reach, 0.004),
    shares: binomial(reach, 0.002),
  };
});
const sns = snsEngagementRateFromRecords(posts, { base: "reach" });
console.log(
  `SNS engagement rate by reach: ${percent(sns.value)}${interval(sns)} (${sns.interactions} interactions)`,
);

// Reviews: 1-5 stars with likes.
const reviews = Array.from({ length: 120 }, () => ({
  stars: pick([5, 5, 5, 4, 4, 3, 2, 1]),
  likes: Math.floor(4 * random()),
}));
const summary = reviewSummary(reviews, { rating: "stars" });
console.log(
  `Reviews: ${summary.n}, average ${summary.value?.toFixed(2)}, positive (4-5) ${percent(summary.positive.share)}, ` +
    `${summary.reactions.perReview?.toFixed(2)} reactions per review`,
);

// ---------------------------------------------------------------------------------------------
// 2. Composite engagement score

console.log("\n== Engagement score ==");

interface Customer {
  readonly id: string;
  readonly dwellMinutes: number;
  readonly emailOpenRate: number | null; // null: never emailed
  readonly appSessionsPerWeek: number;
  readonly purchasesPerYear: number;
  readonly nps: number | null; // null: did not answer
  readonly complaints: number;
}

function makeCustomers(count: number, prefix: string): Customer[] {
  return Array.from({ length: count }, (_, i) => {
    const engaged = random();
    return {
      id: `${prefix}${String(i + 1).padStart(3, "0")}`,
      dwellMinutes: Math.round(between(1, 10) + 30 * engaged * random()),
      emailOpenRate:
        random() < 0.1 ? null : Math.min(1, Math.round(100 * engaged * between(0.2, 0.8)) / 100),
      appSessionsPerWeek: Math.floor(8 * engaged * random()),
      purchasesPerYear: Math.floor(12 * engaged * random()),
      nps: random() < 0.3 ? null : Math.min(10, Math.round(4 + 6 * engaged + between(-2, 2))),
      complaints: Math.floor(3 * random() * (1 - engaged)),
    };
  });
}

const components: readonly EngagementComponent<Customer>[] = [
  { name: "dwell", value: "dwellMinutes", weight: 1, normalize: "z-score" },
  { name: "email", value: "emailOpenRate", weight: 1, normalize: "target", target: 0.4 },
  { name: "app", value: "appSessionsPerWeek", weight: 2, normalize: "percentile" },
  { name: "purchases", value: "purchasesPerYear", weight: 2, normalize: "min-max" },
  { name: "nps", weight: 1, normalize: "min-max" },
  { name: "complaints", weight: 0.5, normalize: "min-max", higherIsBetter: false },
];

const lastQuarter = makeCustomers(200, "Q");
const result = engagementScore(lastQuarter, {
  components,
  id: "id",
  tiers: { quantiles: [0.25, 0.75], labels: ["at risk", "steady", "champion"] },
});
const s = result.summary;
console.log(
  `${result.scored} of ${result.n} customers scored; mean ${s.mean?.toFixed(1)}, ` +
    `quartiles ${s.q1?.toFixed(1)} / ${s.median?.toFixed(1)} / ${s.q3?.toFixed(1)} (R type 7)`,
);
console.log(
  "Weights:",
  result.weights.map((w) => `${w.name} ${(100 * w.normalized).toFixed(1)}%`).join(", "),
);
const tiers = result.tiers;
if (tiers !== null) {
  console.log(
    "Tiers:",
    tiers.labels.map((label, k) => `${label} ${tiers.counts[k]}`).join(", "),
    `(cut points ${tiers.cutPoints?.map((c) => c.toFixed(1)).join(", ")})`,
  );
}
for (const w of result.warnings) console.log(`  warning ${w.code}: ${w.message}`);

const top = [...result.rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).slice(0, 3);
for (const row of top) {
  const parts = row.components.map((c) => `${c.name} ${c.contribution.toFixed(1)}`).join(" + ");
  console.log(`  ${row.id}: ${row.score?.toFixed(1)} = ${parts} (${row.tier})`);
}

// Fit the scale on last quarter once, store it as JSON, and score today's customers against it,
// keeping last quarter's tier cut points so tiers mean the same thing.
const stored = JSON.stringify(fitEngagementScale(lastQuarter, { components }));
const today = makeCustomers(5, "T");
const todayResult = engagementScore(today, {
  components,
  id: "id",
  scale: JSON.parse(stored),
  tiers: { thresholds: tiers?.cutPoints ?? [40, 60], labels: ["at risk", "steady", "champion"] },
});
console.log(`\nToday's customers against last quarter's scale (${stored.length} bytes of JSON):`);
for (const row of todayResult.rows)
  console.log(`  ${row.id}: ${row.score?.toFixed(1)} (${row.tier})`);
