// Bundle budgets, checked by size-limit in CI (.ci/budgets.sh; locally `npm run size` after
// `npm run build`). size-limit needs Node >= 22, like the rest of the toolchain.
//
// Every number is BROTLI-compressed, MINIFIED bytes of what an application's bundler (rolldown,
// tree-shaking on) keeps from `import { <name> } from "engagement-metrics"` (dist/index.js), in
// an otherwise empty project. Two entries per public entry point:
//
//   "<name> · library code"   zod, date-fns, @date-fns/tz and @stdlib/* are external (size-limit
//       `ignore`), so this is only this library's own code that the import pulls in: the
//       function, its schemas and result building, and the shared core it uses (the error
//       class, option schemas, intervals, time buckets).
//       TARGET: 1 kB per metric. A limit above 1 kB is a ratchet at today's size (rounded up a
//       little): it must not grow, and should fall to the target. LIBRARY_OVER_TARGET below
//       says which entries are over and why; .ci/budgets.sh prints the gap on every run.
//
//   "<name> · with dependencies"   the same import with everything it costs an application:
//       its share of zod (zod/mini), date-fns and @stdlib included. The ceiling is today's
//       size rounded up to the next 0.5 kB; zod/mini's core is most of it.
//
// Sizes change when code changes: raise a ceiling only with a reason in the commit message.

const DEPENDENCIES = ["zod", "date-fns", "@date-fns/tz", "@stdlib"];

/** kB = 1000 bytes, as size-limit counts them. */
const TARGET_LIBRARY_KB = 1;

// [export, library-code ceiling (kB), with-dependencies ceiling (kB)]
const ENTRIES = [
  // the shared core a metric reaches: the error class and the safe-result helper
  ["MetricsInputError, attempt", 0.4, 0.5],
  // survey
  ["nps", 3.0, 17.0],
  ["npsFromCounts", 3.0, 17.5],
  ["compareNps", 1.6, 15.0],
  ["csat", 3.0, 16.5],
  ["ces", 3.0, 16.5],
  // customers
  ["churnRate", 2.9, 18.0],
  ["churnRateFromSubscriptions", 4.4, 20.0],
  ["retentionRate", 3.0, 18.0],
  ["customerRetentionRate", 2.4, 17.5],
  ["mrrChurn", 2.2, 8.5],
  ["repeatRate", 2.4, 17.5],
  ["repeatPurchaseRate", 3.4, 18.5],
  // value
  ["arpu", 3.0, 9.5],
  ["averageOrderValue", 3.0, 9.5],
  ["purchaseFrequency", 3.0, 9.5],
  ["ltv", 1.4, 7.5],
  ["ltvFromChurn", 1.7, 8.5],
  ["ltvFromOrders", 5.6, 21.0],
  ["averageLifespan", 0.7, 5.5],
  // engagement
  ["clickThroughRate", 1.8, 16.0],
  ["conversionRate", 1.8, 16.0],
  ["openRate", 1.9, 16.0],
  ["referralRate", 1.8, 16.0],
  ["reviewSummary", 2.5, 17.0],
  ["engagementScore", 4.5, 17.5],
  // group
  ["bySegment", 2.5, 8.5], // + the histogram fast path (one-pass counting for NPS, CSAT, CES)
  ["byPeriod", 3.2, 10.5],
  ["cohortRetention", 3.6, 11.0],
  ["compareSegments", 2.7, 8.0],
  ["toRows", 1.9, 6.5],
  // probabilistic models
  ["fitBgNbd", 4.0, 23.5],
  ["fitGammaGamma", 3.8, 19.0],
  ["fitSbg", 3.4, 23.0],
  ["customerLifetimeValue", 3.8, 23.5],
  ["rfmSummary", 2.8, 10.0],
  // display
  ["toVegaLite", 2.2, 7.5],
  ["jupyterDisplay", 3.0, 9.0],
];

// WHERE THE NUMBERS STAND (measured 2026-11-23 with the per-module ESM build; raised the same day
// by 0.1-0.4 kB when input guards from the bad-input corpus landed: compareNps result checks,
// maxPeriods, tally and shape checks in compareSegments and toRows):
// - ESM ships one file per source module and the package is "sideEffects": false, so an import
//   keeps only the modules it reaches: the 1-file bundle of 0.1.0-dev kept every module's schemas
//   (nps went from 5.4 kB to 2.7 kB of library code, 27.5 kB to 16.6 kB with dependencies).
// - What is left over the 1 kB target (the error class alone is 0.3 kB) is the shared code a metric reaches (
//   option schemas, intervals, warnings: the "shared core" entry) plus each metric's own option
//   schema with readable messages. Module-level zod schemas are /* @__PURE__ */ on their outer
//   call only, so an unused schema in a reached module still keeps its nested calls.
// - @stdlib/* packages do not declare "sideEffects": false; the normal quantile (erfcinv) and
//   erfc are most of each "with dependencies" figure beyond zod/mini.

const kB = (value) => `${value} kB`;

module.exports = ENTRIES.flatMap(([name, library, full]) => [
  {
    name: `${name} · library code`,
    path: "dist/index.js",
    import: `{ ${name} }`,
    ignore: DEPENDENCIES,
    limit: kB(library),
  },
  {
    name: `${name} · with dependencies`,
    path: "dist/index.js",
    import: `{ ${name} }`,
    limit: kB(full),
  },
]);

