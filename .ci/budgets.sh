#!/usr/bin/env bash
# Bundle budgets (size-limit, .size-limit.cjs): for each public metric, the brotli size of what
# `import { metric }` keeps: its library code alone, its library code next to the shared core
# (printed as what it adds to the core), and alone with its dependencies (zod, date-fns, @stdlib).
# Fails when a check is over its ceiling. Also prints each library-code size and each addition
# against the 1 kB per-metric target, and why an entry is over it. Needs Node >= 22 (size-limit)
# and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f dist/index.js ]; then
  echo "budgets.sh: dist/ is missing: build first (npm run build)" >&2
  exit 1
fi
mkdir -p reports
status=0
npx --no-install size-limit --json > reports/size-limit.json || status=$?

node - <<'JS'
const { readFileSync } = require("node:fs");
const raw = readFileSync("reports/size-limit.json", "utf8");
let checks;
try {
  checks = JSON.parse(raw);
} catch {
  console.error(raw);
  process.exit(1);
}
if (!Array.isArray(checks)) {
  console.error(checks.error ?? raw);
  process.exit(1);
}
const { TARGET_LIBRARY_KB, LIBRARY_OVER_TARGET } = require("./.size-limit.cjs");
const TARGET = TARGET_LIBRARY_KB * 1000; // bytes: the 1 kB library-code target per metric
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const vsTarget = (bytes) => (bytes > TARGET ? `+${kB(bytes - TARGET)}` : "met");
const KINDS = {
  "library code": "library",
  "with the shared core": "withCore",
  "with dependencies": "full",
};
const rows = new Map();
for (const check of checks) {
  const [name, kind] = check.name.split(" · ");
  const row = rows.get(name) ?? { name };
  row[KINDS[kind]] = check;
  rows.set(name, row);
}
const core = rows.get("shared core")?.library;
rows.delete("shared core");
if (core !== undefined) {
  console.log(
    `shared core (errors, options, intervals, warnings, periods): ${kB(core.size)}` +
      (core.passed ? "" : "  OVER CEILING"),
  );
}
// "library": the import alone; "adds": with the shared core, minus the core (what a metric adds
// to an application that already has another); "with deps": alone, zod and the rest included.
console.log(
  "entry".padEnd(28),
  "library".padStart(9),
  "vs 1 kB".padStart(10),
  "adds".padStart(9),
  "vs 1 kB".padStart(10),
  "with deps".padStart(10),
  " status",
);
let failed = core === undefined || core.passed ? 0 : 1;
let libraryMet = 0;
let addsMet = 0;
const over = [];
for (const { name, library, withCore, full } of rows.values()) {
  const own = [library, withCore, full].filter((c) => c !== undefined);
  const status = own.every((c) => c.passed) ? "ok" : "OVER CEILING";
  if (status !== "ok") failed++;
  const adds = withCore !== undefined && core !== undefined ? withCore.size - core.size : null;
  if (library.size <= TARGET) libraryMet++;
  else over.push(name);
  if (adds !== null && adds <= TARGET) addsMet++;
  console.log(
    name.padEnd(28),
    kB(library.size).padStart(9),
    vsTarget(library.size).padStart(10),
    (adds === null ? "-" : kB(adds)).padStart(9),
    (adds === null ? "" : vsTarget(adds)).padStart(10),
    kB(full.size).padStart(10),
    ` ${status}`,
  );
}
console.log(
  `\n1 kB target: met by ${libraryMet} of ${rows.size} entries alone, ` +
    `and by ${addsMet} as what they add to the shared core.`,
);
console.log("Over the target alone, and why (.size-limit.cjs, LIBRARY_OVER_TARGET):");
for (const name of over) {
  console.log(`  ${name}: ${LIBRARY_OVER_TARGET?.[name] ?? "(no reason given: add one)"}`);
}
console.log(`\n${rows.size + (core === undefined ? 0 : 1) - failed} passed, ${failed} failed`);
JS
echo "size report: $(pwd)/reports/size-limit.json"
exit "${status}"
