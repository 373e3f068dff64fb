// Apply one Stryker mutant to a private copy of the project and run test files against it.
// node scripts/apply-mutant.mjs <mutation.json> <mutantId> <workdir> <testfile...>
//   <workdir>: e.g. /tmp/mut-a (created once: a copy of src/ test/ and configs, node_modules
//   symlinked). The mutant is applied to <workdir>/src, the tests run there under vitest.stryker.config.ts (seed 42, 25 runs per property, like Stryker) with a 60 s limit,
//   and src is restored afterwards. Exit 0 = the tests FAILED (mutant killed), 1 = survived.
// Run it with `nice -n 19` when a Stryker run shares the machine.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const [reportPath, id, workdir, ...tests] = process.argv.slice(2);
if (!reportPath || !id || !workdir || tests.length === 0) {
  console.error(
    "usage: node scripts/apply-mutant.mjs <mutation.json> <mutantId> <workdir> <testfile...>",
  );
  process.exit(2);
}
const root = resolve(new URL("..", import.meta.url).pathname);
const report = JSON.parse(readFileSync(reportPath, "utf8"));
let file, mutant;
for (const [p, f] of Object.entries(report.files)) {
  const m = f.mutants.find((x) => x.id === id);
  if (m) {
    file = p;
    mutant = m;
    break;
  }
}
if (!mutant) {
  console.error(`no mutant ${id}`);
  process.exit(2);
}

if (!existsSync(workdir)) {
  mkdirSync(workdir, { recursive: true });
  for (const x of [
    "src",
    "test",
    "package.json",
    "tsconfig.json",
    "vitest.config.ts",
    "vitest.stryker.config.ts",
  ]) {
    if (existsSync(`${root}/${x}`)) cpSync(`${root}/${x}`, `${workdir}/${x}`, { recursive: true });
  }
  symlinkSync(`${root}/node_modules`, `${workdir}/node_modules`);
}
// Always refresh src/ and test/ from the project so new tests are picked up.
cpSync(`${root}/src`, `${workdir}/src`, { recursive: true });
cpSync(`${root}/test`, `${workdir}/test`, { recursive: true });

const target = `${workdir}/${file}`;
const original = readFileSync(target, "utf8");
if (original !== report.files[file].source) {
  console.error(`${file} differs from the report's source: line numbers may not match`);
  process.exit(2);
}
const lines = original.split("\n");
const { start, end } = mutant.location;
const offset = (l, c) => lines.slice(0, l - 1).reduce((a, s) => a + s.length + 1, 0) + c - 1;
const a = offset(start.line, start.column),
  b = offset(end.line, end.column);
writeFileSync(target, original.slice(0, a) + mutant.replacement + original.slice(b));
console.log(
  `${file}:${start.line}:${start.column} ${mutant.mutatorName}: ${JSON.stringify(original.slice(a, b)).slice(0, 80)} -> ${JSON.stringify(mutant.replacement).slice(0, 80)}`,
);
try {
  const r = spawnSync(
    "npx",
    [
      "vitest",
      "run",
      "--config",
      "vitest.stryker.config.ts",
      "--pool",
      "forks",
      "--reporter=dot",
      ...tests,
    ],
    {
      cwd: workdir,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, MUTATION_RUN: "1" },
    },
  );
  const killed = r.status !== 0;
  console.log(
    r.error ? `KILLED (timeout/hang: ${r.error.message})` : killed ? "KILLED" : "SURVIVED",
  );
  if (killed && !r.error)
    console.log(
      (r.stdout + r.stderr)
        .split("\n")
        .filter((l) => /FAIL|AssertionError|expected/.test(l))
        .slice(0, 6)
        .join("\n"),
    );
  process.exitCode = killed ? 0 : 1;
} finally {
  writeFileSync(target, original);
}
