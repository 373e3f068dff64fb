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
  // survey
  ["nps", 5.7, 28.5],
  ["npsFromCounts", 5.7, 28.5],
  ["compareNps", 4.2, 27],
  ["csat", 5.6, 28.5],
  ["ces", 5.6, 28.5],
  // customers
  ["churnRate", 5.2, 28.5],
  ["churnRateFromSubscriptions", 6.5, 30],
  ["retentionRate", 5.3, 28.5],
  ["customerRetentionRate", 4.9, 28],
  ["mrrChurn", 4.7, 27.5],
  ["repeatRate", 4.9, 28],
  ["repeatPurchaseRate", 5.6, 29],
  // value
  ["arpu", 5.3, 28.5],
  ["averageOrderValue", 5.3, 28],
  ["purchaseFrequency", 5.3, 28],
  ["ltv", 3.8, 26.5],
  ["ltvFromChurn", 4.1, 27],
  ["ltvFromOrders", 7.6, 31],
  ["averageLifespan", 3.7, 26.5],
  // engagement
  ["clickThroughRate", 4.5, 27.5],
  ["conversionRate", 4.6, 27.5],
  ["openRate", 4.6, 27.5],
  ["referralRate", 4.5, 27.5],
  ["reviewSummary", 5.3, 28],
  ["engagementScore", 7.2, 30.5],
  // group
  ["bySegment", 4.9, 27.5],
  ["byPeriod", 5.5, 29],
  ["cohortRetention", 5.8, 29.5],
  ["compareSegments", 5.3, 28],
  ["toRows", 4.2, 27],
  // probabilistic models
  ["fitBgNbd", 6.9, 29.5],
  ["fitGammaGamma", 6.7, 29.5],
  ["fitSbg", 6.3, 29],
  ["customerLifetimeValue", 6.6, 29.5],
  ["rfmSummary", 5.3, 28.5],
  // display
  ["toVegaLite", 5.3, 28],
  ["jupyterDisplay", 6.1, 29],
];

// WHY EVERY ENTRY IS OVER TODAY (measured at 0.1.0; details in docs/display.md#bundle-budgets):
// 1. dist/index.js is one bundled file. Module-level zod schemas are marked /* @__PURE__ */ on
//    their outer call only; bundlers drop an unused pure call but keep its arguments (nested
//    z.optional(z.number().check(...)) calls), so every import carries the schema construction
//    of every module: `import { MetricsInputError }` alone keeps ~2.9 kB of library code.
// 2. @stdlib/* packages do not declare "sideEffects": false, so their bare imports survive
//    tree-shaking: every import pays ~17 kB brotli of @stdlib (gammaln alone ~8.7 kB) even
//    when it never calls a special function. That is most of each "with dependencies" figure.
// 3. Even with modules kept separate (measured by bundling src/ with "sideEffects": false),
//    a metric adds 1.2-2.2 kB over the shared core: option schemas with readable messages,
//    interval and warning building, weighted paths. ltvFromChurn (+1.2 kB) and toRows
//    (+1.0 kB) come closest to the target.

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

