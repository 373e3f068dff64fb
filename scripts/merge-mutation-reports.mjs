// Merge the incremental files of per-area Stryker runs into one, so that a single incremental
// `npm run mutation` (all of src/) re-tests only what changed since each area's run and scores
// every file at one commit.
//
// node scripts/merge-mutation-reports.mjs <out.json> [--drop-timeouts area,area] <area report>...
//   <area report>: reports/mutation/<area>/stryker-incremental.json (the folder name is the area)
//   --drop-timeouts: areas whose Timeout results are not reused (runs that shared the cores with
//     other work, where a slow test can time out without an infinite loop); they are re-tested.
//   Then: cp <out.json> reports/mutation/stryker-incremental.json && npm run mutation
//
// What it does, and why each step keeps the incremental run sound:
// - Source files: each file's mutants come from the latest report that has the file. Mutants with
//   NoCoverage are dropped (Stryker would reuse the status even when a new test covers them).
// - Tests: every report numbers its tests from 0, so ids collide between reports. Each report's
//   tests are carried to the CURRENT test sources with Stryker's own diff (performFileDiff and
//   closeLocations of its IncrementalDiffer, which @stryker-mutator/core does not export: this
//   script loads a copy of that module with an export line added). A test whose code changed since
//   that report is dropped, so a mutant it killed is re-tested and a mutant it did not kill sees
//   it as a new test (re-tested too). Kept tests get one id per (file, start, name), and every
//   mutant's coveredBy and killedBy are renumbered to those ids.
// - The merged testFiles carry the current sources, so Stryker's own test diff finds no change
//   and keeps the locations computed here.
// Written for @stryker-mutator/core 10.x (2026-11-24); check the differ's internals on upgrade.

import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const out = args.shift();
let dropTimeouts = new Set();
if (args[0] === "--drop-timeouts") {
  args.shift();
  dropTimeouts = new Set((args.shift() ?? "").split(",").filter(Boolean));
}
if (!out || args.length === 0) {
  console.error(
    "usage: node scripts/merge-mutation-reports.mjs <out.json> [--drop-timeouts a,b] <report.json>...",
  );
  process.exit(2);
}

const root = resolve(new URL("..", import.meta.url).pathname);
const differ = join(
  root,
  "node_modules/@stryker-mutator/core/dist/src/mutants/incremental-differ.js",
);
const copy = differ.replace(/\.js$/, `.merge-${process.pid}.js`);
writeFileSync(
  copy,
  `${readFileSync(differ, "utf8")}\nexport { performFileDiff, closeLocations };\n`,
);
let performFileDiff;
let closeLocations;
try {
  ({ performFileDiff, closeLocations } = await import(pathToFileURL(copy).href));
} finally {
  unlinkSync(copy);
}

const current = (file) => {
  const full = join(root, file);
  return existsSync(full) ? readFileSync(full, "utf8") : undefined;
};

// Oldest first, so that a later report's copy of a source file wins.
const reports = args
  .map((path) => ({
    path,
    area: basename(dirname(path)),
    mtime: statSync(path).mtimeMs,
    report: JSON.parse(readFileSync(path, "utf8")),
  }))
  .sort((a, b) => a.mtime - b.mtime);

const tests = new Map(); // "file@line:column\nname" -> { id, name, start, file }
const idMaps = reports.map(() => new Map()); // per report: old test id -> merged id
let testsKept = 0;
let testsDropped = 0;
reports.forEach(({ report }, index) => {
  for (const [file, testFile] of Object.entries(report.testFiles ?? {})) {
    const source = current(file);
    if (source === undefined || testFile.source === undefined) {
      testsDropped += testFile.tests.length;
      continue;
    }
    const { results, removeCount } = performFileDiff(
      testFile.source,
      source,
      closeLocations(testFile),
    );
    testsDropped += removeCount;
    testsKept += results.length;
    for (const test of results) {
      const start = test.location.start;
      const key = `${file}@${start.line}:${start.column}\n${test.name}`;
      let merged = tests.get(key);
      if (merged === undefined) {
        merged = { id: String(tests.size), name: test.name, start: { ...start }, file };
        tests.set(key, merged);
      }
      idMaps[index].set(test.id, merged.id);
    }
  }
});

const files = {};
const areaOf = {};
const statuses = {};
reports.forEach(({ report, area }, index) => {
  const ids = idMaps[index];
  const remap = (list) => (list ?? []).map((id) => ids.get(id)).filter((id) => id !== undefined);
  for (const [file, sourceFile] of Object.entries(report.files)) {
    const mutants = [];
    for (const mutant of sourceFile.mutants) {
      if (mutant.status === "NoCoverage") continue;
      if (mutant.status === "Timeout" && dropTimeouts.has(area)) continue;
      mutants.push({
        ...mutant,
        id: `${index}-${mutant.id}`,
        coveredBy: remap(mutant.coveredBy),
        killedBy: remap(mutant.killedBy),
      });
    }
    files[file] = { ...sourceFile, mutants };
    areaOf[file] = area;
  }
});
for (const file of Object.keys(files)) {
  for (const mutant of files[file].mutants)
    statuses[mutant.status] = (statuses[mutant.status] ?? 0) + 1;
}

const testFiles = {};
for (const test of tests.values()) {
  testFiles[test.file] ??= { tests: [], source: current(test.file) };
  testFiles[test.file].tests.push({
    id: test.id,
    name: test.name,
    location: { start: test.start },
  });
}

const latest = reports[reports.length - 1].report;
writeFileSync(out, JSON.stringify({ ...latest, files, testFiles }));
console.log(
  JSON.stringify(
    {
      reports: reports.map(({ area, mtime }) => `${area} ${new Date(mtime).toISOString()}`),
      sourceFiles: Object.keys(files).length,
      mutantsReusable: statuses,
      tests: tests.size,
      testsKept,
      testsDropped,
    },
    null,
    1,
  ),
);
