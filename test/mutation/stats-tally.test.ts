// Tests written for mutants of src/stats/tally.ts (the checked merge behind every exported
// mergeXxxTallies) that survived the mutation run of 2026-11-24 (docs/mutation.md).
import { describe, expect, it } from "vitest";
import { attempt } from "../../src/errors.ts";
import { mergeNpsTallies } from "../../src/survey/nps.ts";
import { mergeBgNbdTallies } from "../../src/value/models/bgnbd.ts";
import { inputErrorOf } from "../helpers.ts";

describe("mergeCheckedTallies: the finite check walks the merged tally", () => {
  it("passes over a null field (a BG/NBD tally of records without a time unit)", () => {
    // Both units null: the merged tally keeps timeUnit null, and the search for a non-finite
    // number must step over it (Object.entries(null) would throw a TypeError).
    // Rows sorted by (x, tₓ, T): [0, 0, 5] before [1, 2, 5].
    const merged = mergeBgNbdTallies(
      { rows: [[1, 2, 5, 1]], timeUnit: null },
      { rows: [[0, 0, 5, 2]], timeUnit: null },
    );
    expect(merged).toEqual({
      rows: [
        [0, 0, 5, 2],
        [1, 2, 5, 1],
      ],
      timeUnit: null,
    });
  });

  it("passes over a string field (the time unit)", () => {
    // Identical histories add their weights: [1, 2, 5] with weights 1 + 3 = 4.
    const merged = mergeBgNbdTallies(
      { rows: [[1, 2, 5, 1]], timeUnit: "week" },
      { rows: [[1, 2, 5, 3]], timeUnit: "week" },
    );
    expect(merged).toEqual({ rows: [[1, 2, 5, 4]], timeUnit: "week" });
  });

  it("names the overflowing field under b, with the overflow message", () => {
    // promoters 1.5e308 + 1.5e308 = 3e308 > Number.MAX_VALUE (≈ 1.7977e308): +Infinity. The
    // error names the first non-finite number of the merged tally (promoters comes first).
    const big = {
      promoters: 1.5e308,
      passives: 0,
      detractors: 0,
      responses: 1,
      sumSquaredWeights: 1,
    };
    const error = inputErrorOf(() => mergeNpsTallies(big, big));
    expect(error.issues.map((issue) => issue.path)).toEqual([["b", "promoters"]]);
    expect(error.message).toBe(
      "b.promoters: the merged tally overflows: expected counts and sums whose totals stay finite",
    );
    const safe = attempt(() => mergeNpsTallies(big, big));
    expect(safe.ok).toBe(false);
  });
});
