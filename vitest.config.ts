import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // FC_SEED=<integer> fixes fast-check's seed (CI sets it; see test/setup/seed.ts).
    setupFiles: ["test/setup/seed.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
