#!/usr/bin/env bash
# Bundle budgets (size-limit, .size-limit.cjs): for each public metric, the brotli size of what
# `import { metric }` keeps, without (library code) and with (zod, date-fns, @stdlib) its
# dependencies. Fails when an entry is over its ceiling. Also prints each library-code size
# against the 1 kB per-metric target. Needs Node >= 22 (size-limit) and the build.
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
const TARGET = 1000; // bytes: the 1 kB library-code target per metric
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const rows = new Map();
for (const check of checks) {
  const [name, kind] = check.name.split(" · ");
  const row = rows.get(name) ?? { name };
  row[kind === "library code" ? "library" : "full"] = check;
  rows.set(name, row);
}
console.log("entry".padEnd(28), "library".padStart(9), "vs 1 kB".padStart(10), "with deps".padStart(10), " status");
let failed = 0;
for (const { name, library, full } of rows.values()) {
  const over = library.size - TARGET;
  const status = [library, full].every((c) => c.passed) ? "ok" : "OVER CEILING";
  if (status !== "ok") failed++;
  console.log(
    name.padEnd(28),
    kB(library.size).padStart(9),
    (over > 0 ? `+${kB(over)}` : "met").padStart(10),
    kB(full.size).padStart(10),
    ` ${status}`,
  );
}
console.log(`\n${rows.size - failed} passed, ${failed} failed`);
JS
echo "size report: $(pwd)/reports/size-limit.json"
exit "${status}"
