// Shared by the group tests: the common helpers (test/helpers.ts) and a test-only proportion
// metric.
import { inputError } from "../../src/errors.ts";
import { type Metric, readField } from "../../src/metric.ts";
import type { Interval } from "../../src/result.ts";
import { compareProportions } from "../../src/stats/compare.ts";
import { wilsonInterval } from "../../src/stats/proportion.ts";

export * from "../helpers.ts";

/** Own property names and descriptors of Object.prototype, to prove nothing was polluted. */
export function prototypeSnapshot(): string {
  const names = Reflect.ownKeys(Object.prototype).map(String).sort();
  return JSON.stringify(names);
}

// ---------------------------------------------------------------------------------------------
// A test-only metric: the share of records whose boolean field is true. It knows nothing of the
// group helpers; it plugs the shared two-proportion comparison into `compare`.

export interface ShareTally {
  readonly successes: number;
  readonly n: number;
}

export interface ShareResult {
  readonly metric: "share";
  readonly value: number | null;
  readonly n: number;
  readonly interval: Interval | null;
}

export function shareMetric<R>(
  field: string,
): Metric<R, { successes: number; n: number }, ShareTally, ShareResult> {
  return {
    name: "share",
    init: () => ({ successes: 0, n: 0 }),
    add(state, record, index) {
      const v = readField(record, field);
      if (typeof v !== "boolean") throw inputError([index, field], "expected a boolean");
      state.n++;
      if (v) state.successes++;
    },
    tally: (state) => ({ successes: state.successes, n: state.n }),
    empty: () => ({ successes: 0, n: 0 }),
    merge: (a, b) => ({ successes: a.successes + b.successes, n: a.n + b.n }),
    finalize: (t) => ({
      metric: "share",
      value: t.n > 0 ? t.successes / t.n : null,
      n: t.n,
      interval: wilsonInterval(t.successes, t.n, 0.95),
    }),
    compare: (a, b, level) => compareProportions(a, b, { level }),
  };
}

/** A test-only metric without `compare` and with a plain-number result. */
export function countMetric<R>(): Metric<R, { n: number }, { n: number }, number> {
  return {
    name: "count",
    init: () => ({ n: 0 }),
    add(state) {
      state.n++;
    },
    tally: (state) => ({ n: state.n }),
    empty: () => ({ n: 0 }),
    merge: (a, b) => ({ n: a.n + b.n }),
    finalize: (t) => t.n,
  };
}
