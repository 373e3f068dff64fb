import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  checkOrder,
  checkSubscription,
  orderSchema,
  subscriptionSchema,
} from "../src/customers/records.ts";
import { MetricsInputError } from "../src/errors.ts";

const dateLike = fc.oneof(
  fc.constantFrom(
    "2025-01-01T00:00:00Z",
    "2025-01-01T00:00:00",
    "2025-02-30T00:00:00Z",
    "",
    null,
    undefined,
  ),
  fc.integer({ min: 0, max: 2e12 }),
  fc.double(),
  fc.date(),
);
const numberLike = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom("10", null, undefined, -0),
);
const idLike = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.double(),
  fc.constantFrom(null, undefined, {}),
);

function accepts(check: (record: unknown, index: number) => unknown, record: unknown): boolean {
  try {
    check(record, 0);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(MetricsInputError);
    return false;
  }
}

describe("order records", () => {
  it("the inline check accepts exactly what orderSchema accepts", () => {
    const order = fc.record(
      {
        customerId: idLike,
        date: dateLike,
        amount: numberLike,
        margin: numberLike,
        cost: numberLike,
        region: fc.string(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(order, fc.anything()), (record) => {
        expect(accepts(checkOrder, record)).toBe(z.safeParse(orderSchema, record).success);
      }),
      { numRuns: 3000 },
    );
  });
  it("names the record and field that failed", () => {
    expect(() =>
      checkOrder({ customerId: "a", date: "2025-01-01T00:00:00", amount: 1 }, 41),
    ).toThrow(/^\[41\]\.date: expected a valid Date/);
    expect(() => checkOrder({ customerId: "a", date: 0, amount: -1 }, 2)).toThrow(
      /^\[2\]\.amount: expected a finite amount >= 0/,
    );
    expect(() => checkOrder({ customerId: "", date: 0, amount: 1 }, 0)).toThrow(
      /^\[0\]\.customerId/,
    );
    expect(
      checkOrder(Object.freeze({ customerId: 7, date: "2025-01-01T00:00:00+01:00", amount: 0 }), 0),
    ).toBe(Date.UTC(2024, 11, 31, 23));
  });
});

describe("subscription records", () => {
  it("the inline check accepts what subscriptionSchema accepts, plus end >= start", () => {
    const sub = fc.record(
      { customerId: idLike, start: dateLike, end: dateLike, mrr: numberLike },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(sub, fc.anything()), (record) => {
        const schemaOk = z.safeParse(subscriptionSchema, record).success;
        const inlineOk = accepts(checkSubscription, record);
        if (inlineOk) expect(schemaOk).toBe(true);
        if (schemaOk && !inlineOk) {
          // The only rule beyond the schema: the end is not before the start.
          expect(() => checkSubscription(record, 0)).toThrow(
            /\[0\]\.end: expected end on or after start/,
          );
        }
      }),
      { numRuns: 3000 },
    );
  });
  it("treats a missing or null end as active", () => {
    expect(checkSubscription({ customerId: "a", start: 0 }, 0)).toEqual([
      0,
      Number.POSITIVE_INFINITY,
    ]);
    expect(checkSubscription({ customerId: "a", start: 0, end: null }, 0)).toEqual([
      0,
      Number.POSITIVE_INFINITY,
    ]);
    expect(() => checkSubscription({ customerId: "a", start: 10, end: 5 }, 3)).toThrow(
      /^\[3\]\.end/,
    );
  });
});
