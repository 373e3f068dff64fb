// Setup for mutation runs only (vitest.stryker.config.ts).
// - A fixed seed: @fast-check/vitest names each property test with its seed ("… (with
//   seed=-50997969)"). With a random seed the name changes between Stryker's coverage run and
//   the mutant runs, so per-test coverage never selects the property tests again and every
//   mutant only they would kill counts as survived. A fixed seed keeps the names stable.
// - Fewer runs per property (25 instead of 100) where a test does not set its own count. A
//   mutant that survives 25 random cases may die at 100, so this can only lower the score,
//   never raise it; it makes each mutant's test run several times shorter.
import { fc } from "@fast-check/vitest";

fc.configureGlobal({ numRuns: 25, seed: 42 });
