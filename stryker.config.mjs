// Mutation testing (Stryker + the vitest runner). Needs Node >= 22, like vitest 5.
// `npm run mutation` mutates all of src/ and fails under a mutation score of 85 %.
// One area at a time: `npx stryker run --mutate "src/survey/**/*.ts"`.
// Scores, timings and the reasoning behind the settings: docs/mutation.md.
const area = process.env.MUTATION_AREA;
const reportDir = area ? `reports/mutation/${area}` : "reports/mutation";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  // pool "forks" like a plain `vitest run` (the runner's default is "threads", where assigning
  // process.env.TZ does not change the zone, and the byPeriod TZ test fails in the dry run).
  vitest: { configFile: "vitest.stryker.config.ts", pool: "forks" },
  // Per-test coverage: each mutant runs only the tests that executed its code.
  coverageAnalysis: "perTest",
  // All of src/ except the pure re-export barrels (no logic to mutate).
  mutate: ["src/**/*.ts", "!src/index.ts", "!src/**/index.ts"],
  // What the sandbox copy of the project leaves out (build output, docs, benchmarks). `.tmp/` is
  // kept: test/sql/duckdb.test.ts writes a Parquet file there.
  ignorePatterns: ["dist", "docs", "bench", "examples", "coverage", "reports", "*.tgz"],
  thresholds: { high: 90, low: 85, break: 85 },
  // 2 cores on every machine of this project: one worker per core.
  concurrency: 2,
  // Mutants hit by module-level code (schemas built at import time) would need a full reload of
  // every test per mutant; they are skipped and reported as "ignored" instead (see docs/mutation.md).
  ignoreStatic: true,
  // A mutant that loops forever is cut off at (dry-run time of its tests) * 1.5 + timeoutMS.
  timeoutMS: 10_000,
  timeoutFactor: 1.5,
  reporters: ["clear-text", "progress", "html", "json"],
  // MUTATION_AREA=survey keeps one area's reports apart: reports/mutation/survey/.
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Incremental mode: a rerun retests only mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
