// Ten million answers: a bad value at the very end is found and named quickly, and a valid array
// of that size neither overflows the stack (no spreading into calls, no recursion) nor takes
// long. Two entry points only, to keep the suite fast. The time limits are generous (the machine
// is shared); the work itself takes well under a second per call.
import { describe, expect, it } from "vitest";
import { csat, MetricsInputError, nps, safeNps } from "../../src/index.ts";

const N = 10_000_000;

function timed<T>(run: () => T): { readonly value: T; readonly ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

describe("10M-element inputs", () => {
  it("nps: an 11 at index 9,999,999 is named, quickly", () => {
    const scores: number[] = new Array(N).fill(9);
    scores[N - 1] = 11;
    const { value: error, ms } = timed(() => {
      try {
        nps(scores);
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(MetricsInputError);
    expect((error as MetricsInputError).issues[0]?.path).toEqual([9_999_999]);
    expect((error as MetricsInputError).message).toBe("[9999999]: expected an integer 0-10");
    expect(ms).toBeLessThan(5_000);
    const safe = safeNps(scores);
    expect(safe.ok).toBe(false);
  }, 20_000);

  it("nps: 10M valid answers give the exact counts, no stack overflow", () => {
    // 9,999,990 scores of 9 (promoters) and 10 of 0 (detractors):
    // NPS = 100 · (9,999,990 − 10) / 10,000,000 = 99.9998.
    const scores: number[] = new Array(N).fill(9);
    for (let i = 0; i < 10; i++) scores[i * 1_000_000] = 0;
    const { value: result, ms } = timed(() => nps(scores));
    expect(result.n).toBe(N);
    expect(result.promoters).toBe(N - 10);
    expect(result.detractors).toBe(10);
    expect(result.value).toBeCloseTo(99.9998, 9);
    expect(ms).toBeLessThan(5_000);
  }, 20_000);

  it("csat: 10M valid ratings, records through an accessor", () => {
    // Ratings 1..5 in turn: 4 and 5 are satisfied, 2 in 5 = 0.4; mean (1+2+3+4+5)/5 = 3.
    const ratings: number[] = Array.from({ length: N }, (_, i) => 1 + (i % 5));
    const { value: result, ms } = timed(() => csat(ratings, { rating: (r: number) => r }));
    expect(result.n).toBe(N);
    expect(result.value).toBeCloseTo(0.4, 12);
    expect(result.mean).toBeCloseTo(3, 12);
    expect(ms).toBeLessThan(5_000);
  }, 20_000);
});
