// The exported compensated-sum helpers check their arguments and overflow; the tallies keep the
// unchecked versions (docs/reliability.md, "Known gaps", fixed).
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import {
  addToSum,
  addToSumUnchecked,
  compensatedSum,
  emptySum,
  mergeSums,
  mergeSumsUnchecked,
  sumValue,
} from "../../src/stats/sum.ts";

function pathOf(call: () => unknown): readonly (string | number)[] | undefined {
  try {
    call();
  } catch (error) {
    if (error instanceof MetricsInputError) return error.issues[0]?.path;
    throw error;
  }
  return undefined;
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });

describe("compensated sums", () => {
  test.prop([fc.array(finite, { maxLength: 20 })])(
    "checked and unchecked agree on finite values",
    (values) => {
      let checked = emptySum();
      let unchecked = emptySum();
      for (const x of values) {
        checked = addToSum(checked, x);
        unchecked = addToSumUnchecked(unchecked, x);
      }
      expect(checked).toEqual(unchecked);
      expect(mergeSums(checked, unchecked)).toEqual(mergeSumsUnchecked(checked, unchecked));
    },
  );

  it("sums typed arrays and keeps the small terms", () => {
    // 1e16 + 1 − 1e16 = 1 exactly (a naive loop gives 0).
    expect(compensatedSum(Float64Array.of(1e16, 1, -1e16))).toBe(1);
    expect(sumValue(mergeSums({ sum: 1e16, carry: 0 }, { sum: 1, carry: 0 }))).toBe(1e16 + 1);
  });

  it("names the bad argument", () => {
    expect(pathOf(() => compensatedSum("12" as unknown as number[]))).toEqual(["values"]);
    expect(pathOf(() => compensatedSum([1, 2, undefined as unknown as number]))).toEqual([
      "values",
      2,
    ]);
    // −1e308 − 1e308 overflows to −Infinity.
    expect(pathOf(() => compensatedSum([-1e308, -1e308]))).toEqual(["values"]);
    expect(pathOf(() => addToSum({ sum: 1, carry: Number.NaN }, 1))).toEqual(["acc", "carry"]);
    expect(pathOf(() => mergeSums({ sum: 1e308, carry: 0 }, { sum: 1e308, carry: 0 }))).toEqual([
      "b",
    ]);
    expect(pathOf(() => sumValue(null as unknown as { sum: number; carry: number }))).toEqual([
      "acc",
    ]);
  });
});
