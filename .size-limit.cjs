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
  ["nps", 2.8, 17.0],
  ["npsFromCounts", 2.9, 17.0],
  ["compareNps", 1.4, 14.5],
  ["csat", 2.8, 16.5],
  ["ces", 2.8, 16.5],
  // customers
  ["churnRate", 2.8, 18.0],
  ["churnRateFromSubscriptions", 4.1, 19.5],
  ["retentionRate", 2.9, 18.0],
  ["customerRetentionRate", 2.3, 17.5],
  ["mrrChurn", 2.1, 8.5],
  ["repeatRate", 2.3, 17.0],
  ["repeatPurchaseRate", 3.1, 18.5],
  // value
  ["arpu", 2.8, 9.5],
  ["averageOrderValue", 2.8, 9.5],
  ["purchaseFrequency", 2.8, 9.5],
  ["ltv", 1.4, 7.5],
  ["ltvFromChurn", 1.7, 8.5],
  ["ltvFromOrders", 5.3, 21.0],
  ["averageLifespan", 0.7, 5.5],
  // engagement
  ["clickThroughRate", 1.7, 16.0],
  ["conversionRate", 1.7, 16.0],
  ["openRate", 1.8, 16.0],
  ["referralRate", 1.7, 16.0],
  ["reviewSummary", 2.4, 17.0],
  ["engagementScore", 4.5, 17.5],
  // group
  ["bySegment", 2.5, 8.0], // + the histogram fast path (one-pass counting for NPS, CSAT, CES)
  ["byPeriod", 2.8, 9.5],
  ["cohortRetention", 3.3, 11.0],
  ["compareSegments", 2.5, 7.5],
  ["toRows", 1.4, 5.5],
  // probabilistic models
  ["fitBgNbd", 4.0, 23.5],
  ["fitGammaGamma", 3.7, 19.0],
  ["fitSbg", 3.3, 23.0],
  ["customerLifetimeValue", 3.8, 23.5],
  ["rfmSummary", 2.8, 10.0],
  // display
  ["toVegaLite", 2.2, 7.5],
  ["jupyterDisplay", 3.0, 9.0],
];

// WHERE THE NUMBERS STAND (measured 2026-11-23 with the per-module ESM build):
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

