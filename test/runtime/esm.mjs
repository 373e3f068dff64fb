// Node's built-in test runner (no vitest, so it runs on Node 20; Deno runs it too through its
// node:test support) against the BUILT package, imported by its own name: the "import"
// condition of package.json "exports", i.e. dist/index.js.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as api from "engagement-metrics";
import { CDNOW_CSV, runtimeChecks } from "./checks.mjs";
import { runtimeLabel } from "./label.mjs";

const label = runtimeLabel();
const cdnowCsv = readFileSync(join(import.meta.dirname, "..", "..", CDNOW_CSV), "utf8");
for (const check of runtimeChecks(api, { cdnowCsv }))
  test(`${label} esm: ${check.name}`, () => check.run());
