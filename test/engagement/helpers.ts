// Shared by the engagement tests: the common helpers (test/helpers.ts) and value generators.
import fc from "fast-check";

export * from "../helpers.ts";

/** Anything a caller might hand over as a count or a value, tricky numbers over-weighted. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.double(),
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0.5,
    2 ** 53,
    2 ** 53 - 1,
    1e300,
    null,
    undefined,
    true,
  ),
  fc.integer({ min: -5, max: 15 }).map(String),
);

/** Splits an array into random consecutive groups (some possibly empty). */
export function splits<T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[][]]> {
  return items.chain((all) =>
    fc
      .array(fc.integer({ min: 0, max: all.length }), { maxLength: 5 })
      .map((cuts): [T[], T[][]] => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const groups: T[][] = [];
        let start = 0;
        for (const cut of [...sorted, all.length]) {
          groups.push(all.slice(start, cut));
          start = cut;
        }
        return [all, groups];
      }),
  );
}
