// Node's built-in test runner (no vitest, so it runs on Node 20; Deno runs it too through its
// node:test support) against the BUILT package, imported by its own name: the "import"
// condition of package.json "exports", i.e. dist/index.js.
import { test } from "node:test";
import * as api from "engagement-metrics";
import { runtimeChecks } from "./checks.mjs";
import { runtimeLabel } from "./label.mjs";

const label = runtimeLabel();
for (const check of runtimeChecks(api)) test(`${label} esm: ${check.name}`, () => check.run());
