import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { MetricsInputError } from "../../src/errors.ts";
import { dateInputSchema, toEpochMs } from "../../src/time/instant.ts";
import {
  addIntervals,
  bucketStart,
  createBucketer,
  isoInZone,
  listBuckets,
  resolvePeriod,
} from "../../src/time/period.ts";

describe("toEpochMs", () => {
  it("accepts Dates, epoch ms and ISO strings with an offset", () => {
    expect(toEpochMs(new Date(Date.UTC(2025, 2, 1)))).toBe(Date.UTC(2025, 2, 1));
    expect(toEpochMs(0)).toBe(0);
    // Years 0001-9999 UTC only (no longer the whole Date range, ±8.64e15 ms): the bounds are
    // 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, computed by hand as
    // -(1969·365 + 477 leap days)·86,400,000 = -62,135,596,800,000 and
    // (8030·365 + 1947 leap days)·86,400,000 − 1 = 253,402,300,799,999.
    expect(toEpochMs(-62_135_596_800_000)).toBe(-62_135_596_800_000);
    expect(toEpochMs(253_402_300_799_999)).toBe(253_402_300_799_999);
    expect(toEpochMs("0001-01-01T00:00:00Z")).toBe(-62_135_596_800_000);
    expect(toEpochMs("9999-12-31T23:59:59.999Z")).toBe(253_402_300_799_999);
    expect(toEpochMs(new Date(253_402_300_799_999))).toBe(253_402_300_799_999);
    expect(toEpochMs("2025-03-01T00:00:00Z")).toBe(Date.UTC(2025, 2, 1));
    expect(toEpochMs("2025-03-01T05:30:00+05:30")).toBe(Date.UTC(2025, 2, 1));
    expect(toEpochMs("2025-03-01T00:00:00.123-0100")).toBe(Date.UTC(2025, 2, 1, 1, 0, 0, 123));
    expect(toEpochMs("2024-02-29T12:00Z")).toBe(Date.UTC(2024, 1, 29, 12));
  });
  it("accepts the RFC 3339 forms: a space or t for T, z, ±hhmm and ±hh offsets, 9 fraction digits", () => {
    // PostgreSQL and DuckDB print timestamptz as "2025-03-01 05:30:00+05:30" or "... +00".
    expect(toEpochMs("2025-03-01 00:00:00+00")).toBe(Date.UTC(2025, 2, 1));
    expect(toEpochMs("2025-03-01 05:30:00+05:30")).toBe(Date.UTC(2025, 2, 1));
    expect(toEpochMs("2025-03-01t00:00:00z")).toBe(Date.UTC(2025, 2, 1));
    expect(toEpochMs("2025-03-01T00:00:00-08")).toBe(Date.UTC(2025, 2, 1, 8));
    expect(toEpochMs("2025-03-01T00:00:00+0545")).toBe(Date.UTC(2025, 1, 28, 18, 15));
    // Beyond milliseconds, fraction digits are dropped: .123456789 -> 123 ms; .5 -> 500 ms.
    expect(toEpochMs("2025-03-01T00:00:00.123456789Z")).toBe(Date.UTC(2025, 2, 1, 0, 0, 0, 123));
    expect(toEpochMs("2025-03-01T00:00:00.999999999Z")).toBe(Date.UTC(2025, 2, 1, 0, 0, 0, 999));
    expect(toEpochMs("2025-03-01T00:00:00.5+01:00")).toBe(Date.UTC(2025, 1, 28, 23, 0, 0, 500));
    // Years below 100 are years below 100 (Date.UTC would read 0099 as 1999).
    expect(toEpochMs("0099-12-31T23:00:00-01:00")).toBe(new Date(0).setUTCFullYear(100, 0, 1));
    for (const bad of [
      "2025-03-01 00:00:00",
      "2025-03-01T00:00:00+5",
      "2025-03-01T00:00:00+05:3",
    ]) {
      expect(toEpochMs(bad), bad).toBeUndefined();
    }
  });

  it("does not depend on the engine's Date.parse (Bun's JavaScriptCore differs from V8)", () => {
    const parse = Date.parse;
    Date.parse = () => {
      throw new Error("Date.parse called");
    };
    try {
      expect(toEpochMs("2025-03-01T05:30:00+05:30")).toBe(Date.UTC(2025, 2, 1));
      expect(toEpochMs("2025-03-01 00:00:00.123456-0100")).toBe(Date.UTC(2025, 2, 1, 1, 0, 0, 123));
    } finally {
      Date.parse = parse;
    }
  });

  it("agrees with Date.parse on ECMA-262's own date-time format (§21.4.1.32)", () => {
    // The format every engine must parse the same way: YYYY-MM-DDTHH:mm(:ss(.sss)?)?(Z|±HH:mm).
    const ecma = fc
      .record({
        ms: fc.integer({
          min: -62_135_596_800_000 + 86_400_000,
          max: 253_402_300_799_999 - 86_400_000,
        }),
        offset: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        seconds: fc.constantFrom("none", "whole", "fraction"),
      })
      .map(({ ms, offset, seconds }) => {
        const local = new Date(ms + offset * 60_000).toISOString(); // 2025-03-01T00:00:00.000Z
        const a = Math.abs(offset);
        const zone =
          offset === 0
            ? "Z"
            : `${offset < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
        const time =
          seconds === "none"
            ? local.slice(0, 16)
            : seconds === "whole"
              ? local.slice(0, 19)
              : local.slice(0, 23);
        return `${time}${zone}`;
      });
    fc.assert(
      fc.property(ecma, (text) => {
        expect(toEpochMs(text)).toBe(Date.parse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects offset-less strings, impossible dates and non-finite numbers", () => {
    for (const bad of [
      "2025-03-01T00:00:00", // no offset: would be read in the machine's zone
      "2025-03-01", // date only: UTC in JS but local elsewhere; ambiguous
      "2025-02-29T00:00:00Z", // not a leap year
      "2025-04-31T00:00:00Z",
      "2025-01-01T24:00:00Z",
      "2025-13-01T00:00:00Z",
      "yesterday",
      "",
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date(Number.NaN),
      8.64e15 + 1, // beyond the range of a JavaScript Date
      -8.64e15 - 1,
      8.64e15, // valid Dates (the extremes of the range), but beyond year 9999 / before year 1
      -8.64e15,
      253_402_300_800_000, // 10000-01-01T00:00:00Z
      -62_135_596_800_001, // 0000-12-31T23:59:59.999Z
      new Date(8.64e15),
      "0000-06-01T00:00:00Z",
      "0001-01-01T00:00:00+01:00", // 0000-12-31T23:00Z
      "9999-12-31T23:00:00-01:00", // 10000-01-01T00:00Z
      null,
      undefined,
      {},
    ]) {
      expect(toEpochMs(bad), String(bad)).toBeUndefined();
    }
  });
  it("agrees with the exported schema on any value", () => {
    const isoish = fc
      .tuple(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.constantFrom("Z", "+05:30", "-0800", "", "+24:00"),
      )
      .map(
        ([y, m, d, h, off]) =>
          `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00${off}`,
      );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.double(), fc.date(), isoish), (value) => {
        expect(z.safeParse(dateInputSchema, value).success).toBe(toEpochMs(value) !== undefined);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("bucketing in a time zone", () => {
  it("starts months in the given zone", () => {
    // 2025-01-31T23:00Z is already February 1st 08:00 in Tokyo (UTC+9).
    expect(bucketStart(Date.UTC(2025, 0, 31, 23), "month", { timeZone: "Asia/Tokyo" })).toBe(
      Date.UTC(2025, 0, 31, 15),
    );
    expect(bucketStart(Date.UTC(2025, 0, 31, 23), "month")).toBe(Date.UTC(2025, 0, 1));
  });
  it("handles a 23-hour DST day in America/New_York", () => {
    // 2024-03-10: clocks jump from 02:00 EST to 03:00 EDT, so the day starts at 05:00Z and the
    // next one at 04:00Z the day after: 23 hours.
    const start = bucketStart(Date.UTC(2024, 2, 10, 12), "day", { timeZone: "America/New_York" });
    expect(start).toBe(Date.UTC(2024, 2, 10, 5));
    expect(addIntervals(start, "day", 1, "America/New_York") - start).toBe(23 * 3_600_000);
  });
  it("starts weeks on Monday by default and on the chosen day otherwise", () => {
    // 2025-03-05 is a Wednesday.
    const wed = Date.UTC(2025, 2, 5, 12);
    expect(bucketStart(wed, "week")).toBe(Date.UTC(2025, 2, 3));
    expect(bucketStart(wed, "week", { weekStartsOn: 0 })).toBe(Date.UTC(2025, 2, 2));
    expect(bucketStart(wed, "quarter")).toBe(Date.UTC(2025, 0, 1));
    expect(bucketStart(wed, "year")).toBe(Date.UTC(2025, 0, 1));
  });
  it("adds months from the start, so month ends do not drift", () => {
    const jan31 = Date.UTC(2024, 0, 31);
    expect(addIntervals(jan31, "month", 1)).toBe(Date.UTC(2024, 1, 29));
    // Stepping Feb 29 + 1 month would give Mar 29; from the start it is Mar 31.
    expect(addIntervals(jan31, "month", 2)).toBe(Date.UTC(2024, 2, 31));
  });
  it("the cached bucketer agrees with bucketStart everywhere", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }), {
          maxLength: 50,
        }),
        fc.constantFrom(
          "UTC",
          "America/New_York",
          "Asia/Kolkata",
          "Australia/Lord_Howe",
          "Asia/Kathmandu",
        ),
        fc.constantFrom("day", "week", "month", "quarter", "year" as const),
        (instants, timeZone, interval) => {
          const bucket = createBucketer(interval, { timeZone });
          for (const t of instants) expect(bucket(t)).toBe(bucketStart(t, interval, { timeZone }));
        },
      ),
    );
  });
  it("lists every bucket, empty ones included, half-open at the end", () => {
    expect(listBuckets(Date.UTC(2025, 0, 15), Date.UTC(2025, 3, 1), "month")).toEqual([
      Date.UTC(2025, 0, 1),
      Date.UTC(2025, 1, 1),
      Date.UTC(2025, 2, 1),
    ]);
    expect(listBuckets(Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 1, 0, 0, 0, 1), "day")).toEqual([
      Date.UTC(2025, 0, 1),
    ]);
  });
  it("prints ISO strings with the zone's offset", () => {
    expect(isoInZone(Date.UTC(2025, 2, 1), "Asia/Kolkata")).toBe("2025-03-01T05:30:00.000+05:30");
    expect(isoInZone(Date.UTC(2025, 6, 1, 4), "America/New_York")).toBe(
      "2025-07-01T00:00:00.000-04:00",
    );
    expect(isoInZone(0, "UTC")).toBe("1970-01-01T00:00:00.000+00:00");
  });
});

describe("resolvePeriod", () => {
  it("accepts half-open periods and rejects reversed or empty ones", () => {
    expect(
      resolvePeriod({ start: "2025-01-01T00:00:00Z", end: "2025-02-01T00:00:00Z" }, ["period"]),
    ).toEqual({
      startMs: Date.UTC(2025, 0, 1),
      endMs: Date.UTC(2025, 1, 1),
    });
    for (const bad of [
      { start: "2025-02-01T00:00:00Z", end: "2025-01-01T00:00:00Z" },
      { start: "2025-01-01T00:00:00Z", end: "2025-01-01T00:00:00Z" },
    ]) {
      try {
        resolvePeriod(bad, ["options", "period"]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(MetricsInputError);
        expect((error as MetricsInputError).issues[0]?.path).toEqual(["options", "period", "end"]);
      }
    }
    expect(() =>
      resolvePeriod({ start: "2025-01-01T00:00:00", end: "2025-02-01T00:00:00Z" }, ["period"]),
    ).toThrow(/period\.start: expected a valid Date/);
  });
});

describe("createBucketer at a DST change at midnight", () => {
  it("ends a day that begins at 01:00 where the next day begins", () => {
    // America/Sao_Paulo moved from -03:00 to -02:00 at 2018-11-04 00:00 (tz database): that
    // day begins at 01:00 -02:00 (03:00Z) and the next at 00:00 -02:00 (02:00Z on the 5th), so
    // the day is 23 hours long. Adding one day to its start (wall clock 01:00) would end it at
    // 03:00Z on the 5th, an hour into the next day.
    const bucket = createBucketer("day", { timeZone: "America/Sao_Paulo" });
    const noon4 = Date.parse("2018-11-04T12:00:00-02:00");
    const early5 = Date.parse("2018-11-05T00:30:00-02:00");
    expect(bucket(noon4)).toBe(Date.parse("2018-11-04T01:00:00-02:00"));
    // Called second, after the 4th was met (the order that exposed the overlap).
    expect(bucket(early5)).toBe(Date.parse("2018-11-05T00:00:00-02:00"));
    expect(bucket(noon4)).toBe(Date.parse("2018-11-04T01:00:00-02:00"));
  });

  it("listBuckets from that day: the next days begin at midnight, not at 01:00", () => {
    // Same change (tz database). From the 4th (begins 01:00 -02:00) to the 7th: the 5th and 6th
    // begin at 00:00 -02:00. add(first, k) alone would keep the first day's 01:00 wall clock and
    // start every later "day" an hour into it.
    const starts = listBuckets(
      Date.parse("2018-11-04T12:00:00-02:00"),
      Date.parse("2018-11-07T00:00:00-02:00"),
      "day",
      { timeZone: "America/Sao_Paulo" },
    );
    expect(starts).toEqual([
      Date.parse("2018-11-04T01:00:00-02:00"),
      Date.parse("2018-11-05T00:00:00-02:00"),
      Date.parse("2018-11-06T00:00:00-02:00"),
    ]);
    // Months from the same instant: November begins on the 1st, before the change (00:00
    // -03:00), December after it (00:00 -02:00).
    expect(
      listBuckets(
        Date.parse("2018-11-04T12:00:00-02:00"),
        Date.parse("2019-01-01T00:00:00-02:00"),
        "month",
        { timeZone: "America/Sao_Paulo" },
      ),
    ).toEqual([Date.parse("2018-11-01T00:00:00-03:00"), Date.parse("2018-12-01T00:00:00-02:00")]);
  });
});
