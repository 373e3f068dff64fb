// Tests written against mutants that survived in src/group/period.ts (Stryker, 2026-11-24):
// each pins a behaviour no other test did (option paths, range filtering, which record or
// option a too-long series names). Expected values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { byPeriod, safeByPeriod } from "../../src/group/index.ts";
import { weightedMedian } from "../../src/group/route.ts";
import { countMetric, expectInputError } from "../group/helpers.ts";

interface Rec {
  readonly at: string;
}

const metrics = { count: countMetric<Rec>() };
// biome-ignore lint/suspicious/noExplicitAny: options are input, possibly malformed.
type Loose = any;

function fails(
  records: unknown,
  options: Record<string, unknown>,
  path: readonly (string | number)[],
  message?: string | RegExp,
): void {
  expectInputError(
    () => byPeriod(records as Loose, options as Loose, metrics),
    () => safeByPeriod(records as Loose, options as Loose, metrics),
    path,
    message,
  );
}

const day = (d: string): Rec => ({ at: `2025-01-${d}T12:00:00Z` });

describe("byPeriod: inputs and options", () => {
  it("rejects records that are not an array", () => {
    fails({}, { date: "at", interval: "day" }, [], "(root): expected an array of records");
  });

  it("names options.start and options.end when they are not dates", () => {
    fails([], { date: "at", interval: "day", start: "not a date" }, ["options", "start"]);
    fails([], { date: "at", interval: "day", end: "not a date" }, ["options", "end"]);
  });

  it("rejects an end not after the start, and accepts an end alone", () => {
    fails(
      [],
      { date: "at", interval: "day", start: "2025-01-02T00:00:00Z", end: "2025-01-02T00:00:00Z" },
      ["options", "end"],
      "options.end: expected end after start: periods are half-open",
    );
    // End alone: the series runs from the first record's day to the day before the end.
    const s = byPeriod(
      [day("03")],
      { date: "at", interval: "day", end: "2025-01-05T00:00:00Z" },
      metrics,
    );
    expect(s.periods.map((p) => p.period.start)).toEqual([
      "2025-01-03T00:00:00.000+00:00",
      "2025-01-04T00:00:00.000+00:00",
    ]);
  });

  it("starts weeks on the day asked for", () => {
    // 2025-01-03 is a Friday. Weeks starting on Wednesday (3): Wednesday 1 January; on Sunday
    // (0): Sunday 29 December 2024; by default Monday: 30 December 2024.
    const start = (weekStartsOn?: number) =>
      byPeriod([day("03")], { date: "at", interval: "week", weekStartsOn } as Loose, metrics)
        .periods[0]?.period.start;
    expect(start(3)).toBe("2025-01-01T00:00:00.000+00:00");
    expect(start(0)).toBe("2024-12-29T00:00:00.000+00:00");
    expect(start()).toBe("2024-12-30T00:00:00.000+00:00");
  });

  it("keeps only the records of the periods between start and end, counting the others", () => {
    // Days 1-5 January, start 2 January 06:00 (its day is kept whole), end 4 January 00:00:
    // days 2 and 3 kept, days 1, 4 and 5 excluded.
    const s = byPeriod(
      ["01", "02", "03", "04", "05"].map(day),
      { date: "at", interval: "day", start: "2025-01-02T06:00:00Z", end: "2025-01-04T00:00:00Z" },
      metrics,
    );
    expect(s.periods.map((p) => [p.period.start, p.n])).toEqual([
      ["2025-01-02T00:00:00.000+00:00", 1],
      ["2025-01-03T00:00:00.000+00:00", 1],
    ]);
    expect(s.excluded).toBe(3);
    expect(s.total.n).toBe(2);
  });
});

describe("byPeriod: a series longer than maxPeriods", () => {
  it("names the first record of the earliest period when the start is farther", () => {
    // Days 1, 1, 10, 10, 10 (daily, maxPeriods 3): 10 periods. Weighted median: day 10 (day 1
    // holds 2 of 5 records, less than half). The start (day 1) is farther from it than the end
    // (day 10 + 1 ms): the early end is named, by the first of the two records of day 1, [0].
    fails(
      [day("01"), day("01"), day("10"), day("10"), day("10")],
      { date: "at", interval: "day", maxPeriods: 3 },
      [0, "at"],
      /expected a series of at most maxPeriods \(3\) days: this date makes it longer \(a mistyped date\? else raise options\.maxPeriods\)$/,
    );
  });

  it("names the first record of the latest period when the end is farther", () => {
    // Days 1, 1, 1, 10, 10: the median is day 1 (3 of 5 records), the end is farther: named by
    // the first record of day 10, [3].
    fails(
      [day("01"), day("01"), day("01"), day("10"), day("10")],
      { date: "at", interval: "day", maxPeriods: 3 },
      [3, "at"],
    );
  });

  it("leaves records before the start out of the median", () => {
    // Start 5 January; 10 records on 1 January (before the start: excluded), 1 on 5 January,
    // 3 on 20 January; daily, maxPeriods 3. Kept: weighted median 20 January (3 of 4), the
    // start is farther from it than the end (20 January + 1 ms): options.start is named. Were
    // the 10 excluded records counted, the median would be 1 January and the end blamed.
    const records = [
      ...Array.from({ length: 10 }, () => day("01")),
      day("05"),
      day("20"),
      day("20"),
      day("20"),
    ];
    fails(records, { date: "at", interval: "day", start: "2025-01-05T00:00:00Z", maxPeriods: 3 }, [
      "options",
      "start",
    ]);
  });

  it("blames the end on a tie between the two ends", () => {
    // Start 1 January, end 3 January, one record on 2 January: 2 days > maxPeriods 1. The
    // median (2 January) is one day from the start and one day from the end: the end is named.
    fails(
      [day("02")],
      {
        date: "at",
        interval: "day",
        start: "2025-01-01T00:00:00Z",
        end: "2025-01-03T00:00:00Z",
        maxPeriods: 1,
      },
      ["options", "end"],
    );
  });

  it("blames the end of an empty range before 1970 too", () => {
    // No records: the median is the first period's start, so the end (farther from it) is
    // named, whatever the sign of the epoch times.
    fails(
      [],
      {
        date: "at",
        interval: "day",
        start: "1900-01-01T00:00:00Z",
        end: "1960-01-01T00:00:00Z",
        maxPeriods: 10,
      },
      ["options", "end"],
    );
  });
});

describe("weightedMedian (route.ts), which names the blamed end", () => {
  it("falls back to the smallest value when no weight reaches half, and to 0 for none", () => {
    // Weights NaN: no running sum reaches half the total, so the loop finds nothing and the
    // smallest value (2, at index 1) is returned. No values at all: 0.
    expect(weightedMedian([5, 2], [Number.NaN, Number.NaN])).toBe(2);
    expect(weightedMedian([], [])).toBe(0);
  });
});
