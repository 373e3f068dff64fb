// Vitest settings for mutation testing only (stryker.config.mjs); see docs/mutation.md.
// - isolate: false: test files share one module cache per worker. Stryker switches mutants on at
//   run time, so modules need not be re-imported for every mutant (4-5x faster on 2 cores).
// - test/bad-inputs and test/reliability are left out: their batteries feed 10-million-row inputs
//   and repeat whole suites, which under Stryker's instrumentation (a counter on every branch)
//   exceed their own time limits in the initial run. The scores are a lower bound without them.
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      exclude: [...configDefaults.exclude, "test/bad-inputs/**", "test/reliability/**"],
    },
  }),
);
