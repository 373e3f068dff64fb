// The same checks through require(): the "require" condition of package.json "exports",
// i.e. dist/index.cjs. The shared checks are ESM, so they are loaded with import() in the test.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { test } = require("node:test");
const api = require("engagement-metrics");

test("cjs", async (t) => {
  const { CDNOW_CSV, runtimeChecks } = await import("./checks.mjs");
  const cdnowCsv = readFileSync(join(__dirname, "..", "..", CDNOW_CSV), "utf8");
  const { runtimeLabel } = await import("./label.mjs");
  const label = runtimeLabel();
  for (const check of runtimeChecks(api, { cdnowCsv })) {
    await t.test(`${label} cjs: ${check.name}`, () => check.run());
  }
});
