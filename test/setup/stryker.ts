// Setup for mutation runs only (vitest.stryker.config.ts): fewer fast-check runs per property
// (25 instead of 100) where a test does not set its own count. A mutant that survives 25 random
// cases may die at 100, so this can only lower the score, never raise it; it makes each mutant's
// test run several times shorter.
import { fc } from "@fast-check/vitest";

fc.configureGlobal({ numRuns: 25 });
