// Tests written for mutants of src/time/ that survived the mutation run (docs/mutation.md):
// each one pins a behaviour that no other test checked. Expected values are calendar facts.
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import { toEpochMs } from "../../src/time/instant.ts";
import {
  addIntervals,
  bucketStart,
  createBucketer,
  listBuckets,
  resolvePeriod,
} from "../../src/time/period.ts";

describe("createBucketer without options", () => {
  it("reads the calendar in UTC, the documented default", () => {
    const day = createBucketer("day");
    // 2025-03-01T23:30Z lies in the UTC day that starts 2025-03-01T00:00Z (in Europe/Paris it
    // would already be March 2nd, so a wrong default zone shows).
    expect(day(Date.UTC(2025, 2, 1, 23, 30))).toBe(Date.UTC(2025, 2, 1));
    const month = createBucketer("month");
    // The next instant, in the next month: the cached bucket end must be 2025-04-01T00:00Z.
    expect(month(Date.UTC(2025, 2, 31, 23, 59))).toBe(Date.UTC(2025, 2, 1));
    expect(month(Date.UTC(2025, 3, 1))).toBe(Date.UTC(2025, 3, 1));
  });
});

describe("resolvePeriod", () => {
  it("says why a reversed period is rejected", () => {
    const reversed = { start: "2025-02-01T00:00:00Z", end: "2025-01-01T00:00:00Z" };
    expect(() => resolvePeriod(reversed, ["options", "period"])).toThrow(MetricsInputError);
    expect(() => resolvePeriod(reversed, ["options", "period"])).toThrow(
      "options.period.end: expected end after start: periods are half-open [start, end)",
    );
  });
});

describe("the exported time helpers' checks: paths, messages, boundaries", () => {
  const errorOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof MetricsInputError) return error;
    }
    throw new Error("expected a MetricsInputError");
  };
  // ECMA-262 §21.4.1.1: a Date holds at most ±8.64e15 ms; 1e8 days × 86,400,000 ms = 8.64e15.
  const LIMIT = 8.64e15;

  it("bucketStart names ms, interval and options.timeZone", () => {
    expect(errorOf(() => bucketStart(Number.NaN, "month")).issues[0]?.path).toEqual(["ms"]);
    expect(errorOf(() => bucketStart(0, "eon" as never)).issues[0]?.path).toEqual(["interval"]);
    expect(
      errorOf(() => bucketStart(0, "day", { timeZone: "Mars/Olympus" })).issues[0]?.path,
    ).toEqual(["options", "timeZone"]);
  });

  it("addIntervals: its messages, and the last valid Date is still accepted", () => {
    expect(errorOf(() => addIntervals("x" as never, "month", 1)).message).toBe(
      "startMs: expected epoch milliseconds of a valid Date (at most ±8.64e15)",
    );
    expect(errorOf(() => addIntervals(LIMIT + 1, "day", 0)).issues[0]?.path).toEqual(["startMs"]);
    expect(addIntervals(LIMIT, "day", 0)).toBe(LIMIT);
    expect(errorOf(() => addIntervals(0, "eon" as never, 1)).issues[0]?.path).toEqual(["interval"]);
    expect(errorOf(() => addIntervals(0, "month", 1.5)).message).toBe(
      "k: expected an integer number of intervals",
    );
    // One day past the last valid Date (1e8 days from the epoch) is an error at k. (Exactly 1e8
    // days is not asserted: date-fns reaches it through the machine's local time, so under a
    // zone west of UTC the step overflows an hour early; the library's range is years 0001-9999.)
    expect(errorOf(() => addIntervals(0, "day", 100_000_001)).message).toBe(
      "k: expected a step that stays within the range of Date (±8.64e15 ms)",
    );
    expect(errorOf(() => addIntervals(0, "month", 1, "Mars/Olympus")).issues[0]?.path).toEqual([
      "timeZone",
    ]);
  });

  it("listBuckets names a bad interval", () => {
    expect(errorOf(() => listBuckets(0, 1, "eon" as never)).issues[0]?.path).toEqual(["interval"]);
  });
});

describe("createBucketer on instants after and between the periods it has met", () => {
  it("finds a later period, an earlier one and one in between", () => {
    const month = createBucketer("month");
    expect(month(Date.UTC(2025, 0, 15))).toBe(Date.UTC(2025, 0, 1));
    // Later than every period met (the search ends past the list).
    expect(month(Date.UTC(2025, 2, 15))).toBe(Date.UTC(2025, 2, 1));
    expect(month(Date.UTC(2024, 11, 31))).toBe(Date.UTC(2024, 11, 1));
    expect(month(Date.UTC(2025, 1, 10))).toBe(Date.UTC(2025, 1, 1));
    expect(month(Date.UTC(2025, 2, 31, 23))).toBe(Date.UTC(2025, 2, 1));
  });
});

describe("toEpochMs reads strings only as strings", () => {
  it("does not parse an object whose toString is an ISO date", () => {
    expect(toEpochMs({ toString: () => "2025-01-01T00:00:00Z" })).toBeUndefined();
    expect(toEpochMs("2025-01-01T00:00:00Z")).toBe(Date.UTC(2025, 0, 1));
  });
});
