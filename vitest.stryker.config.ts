// Vitest settings for mutation testing only (stryker.config.mjs); see docs/mutation.md.
// - isolate: false: test files share one module cache per worker. Stryker switches mutants on at
//   run time, so modules need not be re-imported for every mutant (4-5x faster on 2 cores; the
//   same killed/survived counts as isolate: true where both were run).
// - Left out: test/bad-inputs/huge.test.ts and the corpus's "huge" cases (MUTATION_RUN=1 below:
//   10-million-element inputs with a 10 s limit, which Stryker's instrumentation, a counter on
//   every branch, makes miss), and test/reliability/** (whole-API batteries that spawn Node
//   processes per time zone: minutes per mutant). The scores are a lower bound without them;
//   see docs/mutation.md.
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      setupFiles: ["test/setup/stryker.ts"], // after test/setup/seed.ts (mergeConfig appends)
      env: { MUTATION_RUN: "1" },
      exclude: [...configDefaults.exclude, "test/bad-inputs/huge.test.ts", "test/reliability/**"],
    },
  }),
);
