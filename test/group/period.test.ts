import { fc, test } from "@fast-check/vitest";
import { afterEach, describe, expect, it } from "vitest";
import { byPeriod, type PeriodSeries, safeByPeriod } from "../../src/group/index.ts";
import { runMetric } from "../../src/metric.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import {
  countMetric,
  deepFreeze,
  expectInputError,
  jsonRoundTrip,
  shareMetric,
} from "./helpers.ts";

interface Row {
  readonly at: string | number;
  readonly score: number;
  readonly ok: boolean;
}

const nps = npsMetric<Row>({ score: "score" });
const metrics = { nps, count: countMetric<Row>() };

function starts(series: PeriodSeries<unknown>): string[] {
  return series.periods.map((row) => row.period.start);
}

describe("byPeriod: months in UTC", () => {
  const rows: readonly Row[] = deepFreeze([
    { at: "2025-01-10T12:00:00Z", score: 10, ok: true },
    { at: "2025-04-30T23:59:59.999Z", score: 0, ok: false },
    { at: "2025-01-31T23:59:59.999Z", score: 0, ok: true },
    { at: "2025-02-01T00:00:00Z", score: 9, ok: true },
  ]);

  it("keeps empty periods with null values, from the first to the last record's period", () => {
    const series = byPeriod(rows, { date: "at", interval: "month" }, metrics);
    expect(series.grouping).toBe("periods");
    expect(series.timeZone).toBe("UTC");
    expect(starts(series)).toEqual([
      "2025-01-01T00:00:00.000+00:00",
      "2025-02-01T00:00:00.000+00:00",
      "2025-03-01T00:00:00.000+00:00",
      "2025-04-01T00:00:00.000+00:00",
    ]);
    // January: 10 and 0 -> 0; February: 9 -> 100; March: none; April: 0 -> -100.
    expect(series.periods.map((row) => row.results.nps.value)).toEqual([0, 100, null, -100]);
    expect(series.periods.map((row) => row.n)).toEqual([2, 1, 0, 1]);
    expect(series.periods[2]?.results.nps.reason).toBe("empty");
    expect(series.periods[2]?.results.count).toBe(0);
    expect(series.periods[2]?.warnings[0]?.code).toBe("small-group");
    expect(series.periods.map((row) => row.period.end)).toEqual([
      "2025-02-01T00:00:00.000+00:00",
      "2025-03-01T00:00:00.000+00:00",
      "2025-04-01T00:00:00.000+00:00",
      "2025-05-01T00:00:00.000+00:00",
    ]);
    expect(series.total.n).toBe(4);
    expect(series.total.results.nps).toEqual(runMetric(nps, rows));
    expect(series.excluded).toBe(0);
    expect(jsonRoundTrip(series)).toEqual(series);
  });

  it("puts a record exactly at a boundary in the later period (half-open)", () => {
    const series = byPeriod(rows, { date: "at", interval: "month" }, metrics);
    // 2025-01-31T23:59:59.999Z is January; 2025-02-01T00:00:00Z is February.
    expect(series.periods[0]?.tallies.nps.detractors).toBe(1);
    expect(series.periods[1]?.tallies.nps.promoters).toBe(1);
  });

  it("takes start and end: whole periods, empty ones at either side, the rest excluded", () => {
    const more = [
      ...rows,
      { at: "2024-12-31T23:59:59Z", score: 10, ok: true },
      { at: "2025-06-01T00:00:00Z", score: 10, ok: true },
    ];
    const series = byPeriod(
      more,
      { date: "at", interval: "month", start: "2024-11-20T00:00:00Z", end: "2025-06-01T00:00:00Z" },
      metrics,
    );
    // From November 2024 (the period containing start) to May 2025 (end is exclusive).
    expect(starts(series)).toEqual([
      "2024-11-01T00:00:00.000+00:00",
      "2024-12-01T00:00:00.000+00:00",
      "2025-01-01T00:00:00.000+00:00",
      "2025-02-01T00:00:00.000+00:00",
      "2025-03-01T00:00:00.000+00:00",
      "2025-04-01T00:00:00.000+00:00",
      "2025-05-01T00:00:00.000+00:00",
    ]);
    expect(series.periods.map((row) => row.n)).toEqual([0, 1, 2, 1, 0, 1, 0]);
    expect(series.excluded).toBe(1);
    // Records before start in the same period are kept (whole periods).
    const inside = byPeriod(
      rows,
      { date: "at", interval: "month", start: "2025-01-20T00:00:00Z", end: "2025-02-15T00:00:00Z" },
      metrics,
    );
    expect(inside.periods.map((row) => row.n)).toEqual([2, 1]);
    expect(inside.excluded).toBe(1);
  });

  it("gives an empty series for no records and no range", () => {
    const series = byPeriod([] as Row[], { date: "at", interval: "day" }, metrics);
    expect(series.periods).toEqual([]);
    expect(series.total.n).toBe(0);
    expect(series.total.results.nps.value).toBeNull();
    const ranged = byPeriod(
      [] as Row[],
      { date: "at", interval: "day", start: "2025-01-01T00:00:00Z", end: "2025-01-04T00:00:00Z" },
      metrics,
    );
    expect(ranged.periods.map((row) => row.results.nps.value)).toEqual([null, null, null]);
  });

  it("bins quarters and years", () => {
    const q = byPeriod(rows, { date: "at", interval: "quarter" }, metrics);
    expect(starts(q)).toEqual(["2025-01-01T00:00:00.000+00:00", "2025-04-01T00:00:00.000+00:00"]);
    expect(q.periods.map((row) => row.n)).toEqual([3, 1]);
    const y = byPeriod(rows, { date: (r) => r.at, interval: "year" }, metrics);
    expect(y.periods.map((row) => [row.period.start, row.period.end, row.n])).toEqual([
      ["2025-01-01T00:00:00.000+00:00", "2026-01-01T00:00:00.000+00:00", 4],
    ]);
  });
});

describe("byPeriod: time zones", () => {
  it("follows DST in America/New_York: March has a 23-hour day, period ends at -04:00", () => {
    const zone = "America/New_York";
    const rows = deepFreeze([
      // 2025-03-01T04:59:59Z is 2025-02-28 23:59:59 EST: February.
      { at: "2025-03-01T04:59:59Z", score: 10, ok: true },
      // 2025-03-01T05:00:00Z is 2025-03-01 00:00 EST: March.
      { at: "2025-03-01T05:00:00Z", score: 10, ok: true },
      // Last minute of March in EDT, then the first instant of April in EDT.
      { at: "2025-03-31T23:59:00-04:00", score: 0, ok: true },
      { at: "2025-04-01T00:00:00-04:00", score: 0, ok: true },
    ]);
    const series = byPeriod(rows, { date: "at", interval: "month", timeZone: zone }, metrics);
    expect(series.periods.map((row) => [row.period.start, row.period.end, row.n])).toEqual([
      ["2025-02-01T00:00:00.000-05:00", "2025-03-01T00:00:00.000-05:00", 1],
      ["2025-03-01T00:00:00.000-05:00", "2025-04-01T00:00:00.000-04:00", 2],
      ["2025-04-01T00:00:00.000-04:00", "2025-05-01T00:00:00.000-04:00", 1],
    ]);
    // Days around the spring-forward (9 March, 23 h) and fall-back (2 November, 25 h) dates.
    const days = byPeriod(
      [
        { at: "2025-03-09T23:30:00-04:00", score: 9, ok: true },
        { at: "2025-11-02T23:30:00-05:00", score: 9, ok: true },
      ],
      {
        date: "at",
        interval: "day",
        timeZone: zone,
        start: "2025-03-09T05:00:00Z",
        end: "2025-03-10T04:00:00Z",
      },
      metrics,
    );
    expect(days.periods.map((row) => [row.period.start, row.period.end, row.n])).toEqual([
      ["2025-03-09T00:00:00.000-05:00", "2025-03-10T00:00:00.000-04:00", 1],
    ]);
    expect(days.excluded).toBe(1);
    const fall = byPeriod(
      [{ at: "2025-11-02T23:30:00-05:00", score: 9, ok: true }],
      { date: "at", interval: "day", timeZone: zone },
      metrics,
    );
    expect(fall.periods[0]?.period).toEqual({
      start: "2025-11-02T00:00:00.000-04:00",
      end: "2025-11-03T00:00:00.000-05:00",
      timeZone: zone,
    });
  });

  it("starts weeks on the chosen day", () => {
    // 2025-03-02 is a Sunday, 2025-03-03 a Monday.
    const rows = deepFreeze([
      { at: "2025-03-02T12:00:00Z", score: 9, ok: true },
      { at: "2025-03-03T12:00:00Z", score: 9, ok: true },
    ]);
    const monday = byPeriod(rows, { date: "at", interval: "week" }, metrics);
    expect(monday.periods.map((row) => [row.period.start, row.n])).toEqual([
      ["2025-02-24T00:00:00.000+00:00", 1],
      ["2025-03-03T00:00:00.000+00:00", 1],
    ]);
    const sunday = byPeriod(rows, { date: "at", interval: "week", weekStartsOn: 0 }, metrics);
    expect(sunday.periods.map((row) => [row.period.start, row.period.end, row.n])).toEqual([
      ["2025-03-02T00:00:00.000+00:00", "2025-03-09T00:00:00.000+00:00", 2],
    ]);
  });

  it("reads the calendar in the zone: an instant can be in different months", () => {
    // 2025-01-31T20:00:00Z is 1 February 01:30 in Asia/Kolkata.
    const rows = [{ at: "2025-01-31T20:00:00Z", score: 9, ok: true }];
    const utc = byPeriod(rows, { date: "at", interval: "month" }, metrics);
    const ist = byPeriod(
      rows,
      { date: "at", interval: "month", timeZone: "Asia/Kolkata" },
      metrics,
    );
    expect(utc.periods[0]?.period.start).toBe("2025-01-01T00:00:00.000+00:00");
    expect(ist.periods[0]?.period.start).toBe("2025-02-01T00:00:00.000+05:30");
  });

  describe("is the same whatever the machine's TZ", () => {
    // Node re-reads the zone when process.env.TZ is assigned.
    const { TZ: original } = process.env;
    const setZone = (zone: string | undefined) => {
      if (zone === undefined) Reflect.deleteProperty(process.env, "TZ");
      else Reflect.set(process.env, "TZ", zone);
    };
    afterEach(() => {
      setZone(original);
    });

    it("under TZ=UTC, America/New_York and Asia/Kolkata", () => {
      const rows = deepFreeze(
        Array.from({ length: 400 }, (_, i) => ({
          // Every 22 hours over a year, across both DST changes.
          at: Date.UTC(2025, 0, 1) + i * 22 * 3_600_000,
          score: i % 11,
          ok: i % 3 === 0,
        })),
      );
      const run = () =>
        JSON.stringify(
          ["UTC", "America/New_York", "Europe/London"].flatMap((timeZone) =>
            (["day", "week", "month"] as const).map((interval) =>
              byPeriod(rows, { date: "at", interval, timeZone }, { nps, share: shareMetric("ok") }),
            ),
          ),
        );
      const outputs: string[] = [];
      const offsets: number[] = [];
      for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
        setZone(tz);
        // January: UTC 0, New York +300 minutes, Kolkata -330: the switch took effect.
        offsets.push(new Date(Date.UTC(2025, 0, 15)).getTimezoneOffset());
        outputs.push(run());
      }
      expect(offsets).toEqual([0, 300, -330]);
      expect(outputs[1]).toBe(outputs[0]);
      expect(outputs[2]).toBe(outputs[0]);
    });
  });
});

describe("byPeriod: properties", () => {
  const JAN_2024 = Date.UTC(2024, 0, 1);
  const record = fc.record({
    at: fc.integer({ min: 0, max: 400 * 86_400_000 }).map((t) => JAN_2024 + t),
    score: fc.integer({ min: 0, max: 10 }),
    ok: fc.boolean(),
  });
  const options = fc.record({
    interval: fc.constantFrom("day", "week", "month", "quarter", "year" as const),
    timeZone: fc.constantFrom("UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"),
  });

  test.prop([fc.array(record, { maxLength: 150 }), options])(
    "contiguous periods; merged tallies equal the ungrouped metric; n adds up",
    (rows, { interval, timeZone }) => {
      deepFreeze(rows);
      const series = byPeriod(rows, { date: "at", interval, timeZone }, metrics);
      expect(series.total.results.nps).toEqual(runMetric(nps, rows));
      let n = 0;
      series.periods.forEach((row, k) => {
        n += row.n;
        if (k > 0) expect(row.period.start).toBe(series.periods[k - 1]?.period.end);
        const from = Date.parse(row.period.start);
        const to = Date.parse(row.period.end);
        expect(row.n).toBe(rows.filter((r) => r.at >= from && r.at < to).length);
        if (row.n === 0) expect(row.results.nps.value).toBeNull();
      });
      expect(n).toBe(rows.length);
      expect(series.periods.length > 0).toBe(rows.length > 0);
    },
  );
});

describe("byPeriod: bad input", () => {
  const rows: readonly Row[] = deepFreeze([
    { at: "2025-01-10T12:00:00Z", score: 10, ok: true },
    { at: "2025-01-11T12:00:00", score: 10, ok: true },
  ]);
  const good = { date: "at", interval: "month" } as const;

  it("names the record of a bad date", () => {
    expectInputError(
      () => byPeriod(rows, good, metrics),
      () => safeByPeriod(rows, good, metrics),
      [1, "at"],
      "[1].at: expected a valid Date, epoch milliseconds, or an ISO 8601 string with an offset (Z or ±hh:mm), between years 0001 and 9999",
    );
    for (const bad of [null, Number.NaN, Infinity, "yesterday", "2025-02-30T00:00:00Z", {}]) {
      expectInputError(
        () =>
          byPeriod([{ at: bad }], { date: (r) => r.at, interval: "day" }, { count: countMetric() }),
        () =>
          safeByPeriod(
            [{ at: bad }],
            { date: (r) => r.at, interval: "day" },
            { count: countMetric() },
          ),
        [0],
      );
    }
  });

  it("caps the series at maxPeriods, checked before it is built, naming the outlying record", () => {
    // Jan, Feb, Mar 2025: three monthly periods (empty February included), counted by hand.
    const three = deepFreeze([
      { at: "2025-01-10T12:00:00Z", score: 10, ok: true },
      { at: "2025-01-11T12:00:00Z", score: 9, ok: true },
      { at: "2025-03-02T12:00:00Z", score: 3, ok: true },
    ]);
    expect(byPeriod(three, { ...good, maxPeriods: 3 }, metrics).periods).toHaveLength(3);
    expectInputError(
      () => byPeriod(three, { ...good, maxPeriods: 2 }, metrics),
      () => safeByPeriod(three, { ...good, maxPeriods: 2 }, metrics),
      [2, "at"],
    );
    // An early outlier is named when it is the far end: 1025 against two records of 2025.
    const early = deepFreeze([
      { at: "1025-06-01T00:00:00Z", score: 10, ok: true },
      ...three.slice(0, 2),
    ]);
    expectInputError(
      () => byPeriod(early, { date: "at", interval: "day" }, metrics),
      () => safeByPeriod(early, { date: "at", interval: "day" }, metrics),
      [0, "at"],
    );
    // Year 9999 in a daily series (2.9 million periods): an error at once, not minutes of work.
    const late = deepFreeze([...three, { at: "9999-01-01T00:00:00Z", score: 1, ok: true }]);
    const began = performance.now();
    expectInputError(
      () => byPeriod(late, { date: "at", interval: "day" }, metrics),
      () => safeByPeriod(late, { date: "at", interval: "day" }, metrics),
      [3, "at"],
    );
    expect(performance.now() - began).toBeLessThan(1000);
    // Set by the options: end.
    expectInputError(
      () =>
        byPeriod(
          three,
          { ...good, start: "2025-01-01T00:00:00Z", end: "2026-01-01T00:00:00Z", maxPeriods: 11 },
          metrics,
        ),
      () =>
        safeByPeriod(
          three,
          { ...good, start: "2025-01-01T00:00:00Z", end: "2026-01-01T00:00:00Z", maxPeriods: 11 },
          metrics,
        ),
      ["options", "end"],
    );
    expect(
      byPeriod(
        three,
        { ...good, start: "2025-01-01T00:00:00Z", end: "2026-01-01T00:00:00Z", maxPeriods: 12 },
        metrics,
      ).periods,
    ).toHaveLength(12);
  });

  it("names bad options and metrics", () => {
    const ok = rows.slice(0, 1);
    const cases: [unknown, unknown, (string | number)[]][] = [
      [{ interval: "month" }, metrics, ["options", "date"]],
      [{ date: "at" }, metrics, ["options", "interval"]],
      [{ date: "at", interval: "fortnight" }, metrics, ["options", "interval"]],
      [{ ...good, timeZone: "Mars/Olympus" }, metrics, ["options", "timeZone"]],
      [{ ...good, weekStartsOn: 7 }, metrics, ["options", "weekStartsOn"]],
      [{ ...good, start: "2025-01-01" }, metrics, ["options", "start"]],
      [
        { ...good, start: "2025-02-01T00:00:00Z", end: "2025-02-01T00:00:00Z" },
        metrics,
        ["options", "end"],
      ],
      [{ ...good, minN: -2 }, metrics, ["options", "minN"]],
      [{ ...good, maxPeriods: 0 }, metrics, ["options", "maxPeriods"]],
      [{ ...good, maxPeriods: 2.5 }, metrics, ["options", "maxPeriods"]],
      [{ ...good, every: 2 }, metrics, ["options"]],
      [good, { nps: null }, ["metrics", "nps"]],
    ];
    for (const [options, m, path] of cases) {
      expectInputError(
        () => byPeriod(ok, options as never, m as never),
        () => safeByPeriod(ok, options as never, m as never),
        path,
      );
    }
    expectInputError(
      () => byPeriod({} as unknown as Row[], good, metrics),
      () => safeByPeriod({} as unknown as Row[], good, metrics),
      [],
    );
  });
});
