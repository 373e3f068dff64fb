// Shared by the survey tests: the common helpers (test/helpers.ts) and value generators.
import fc from "fast-check";

export * from "../helpers.ts";

/** Anything a caller might hand over as an answer or a weight, with the tricky numbers over-weighted. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.double(),
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0.5, 4.000000001, 1e300, null, undefined),
  fc.integer({ min: -5, max: 15 }).map(String),
  fc.double({ min: -20, max: 20 }).map(String),
);
