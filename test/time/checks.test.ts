// The exported time helpers check their arguments (docs/reliability.md, "Known gaps", fixed);
// the unchecked internal versions the per-record loops use give the same answers on valid input.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import {
  addIntervals,
  addIntervalsUnchecked,
  bucketStart,
  bucketStartUnchecked,
  type CalendarInterval,
  createBucketer,
  createBucketerUnchecked,
  isoInZone,
  isoInZoneUnchecked,
  safeCreateBucketer,
} from "../../src/time/period.ts";

const INTERVALS: readonly CalendarInterval[] = ["day", "week", "month", "quarter", "year"];
const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"];
// 1900-01-01 … 2100-01-01 UTC.
const instant = fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 });

function pathOf(call: () => unknown): readonly (string | number)[] | undefined {
  try {
    call();
  } catch (error) {
    if (error instanceof MetricsInputError) return error.issues[0]?.path;
    throw error;
  }
  return undefined;
}

describe("checked and unchecked time helpers agree on valid input", () => {
  test.prop([
    instant,
    fc.constantFrom(...INTERVALS),
    fc.constantFrom(...ZONES),
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: -500, max: 500 }),
  ])("bucketStart, addIntervals, isoInZone", (ms, interval, timeZone, day, k) => {
    const weekStartsOn = day as 0 | 1 | 2 | 3 | 4 | 5 | 6;
    const options = { timeZone, weekStartsOn };
    expect(bucketStart(ms, interval, options)).toBe(bucketStartUnchecked(ms, interval, options));
    expect(addIntervals(ms, interval, k, timeZone)).toBe(
      addIntervalsUnchecked(ms, interval, k, timeZone),
    );
    expect(isoInZone(ms, timeZone)).toBe(isoInZoneUnchecked(ms, timeZone));
    expect(createBucketer(interval, options)(ms)).toBe(
      createBucketerUnchecked(interval, options)(ms),
    );
  });
});

describe("bad arguments are input errors naming the parameter", () => {
  it("rejects a bad instant given to a bucketer, per call", () => {
    const bucket = createBucketer("month", { timeZone: "UTC" });
    // 2025-05-17 UTC is in May 2025, which starts 2025-05-01 (hand-checked calendar).
    expect(bucket(Date.UTC(2025, 4, 17))).toBe(Date.UTC(2025, 4, 1));
    expect(pathOf(() => bucket(Number.NaN))).toEqual(["ms"]);
    expect(pathOf(() => bucket(8.64e15))).toEqual(["ms"]);
  });

  it("safeCreateBucketer: the bucketer it returns is safe per call too", () => {
    const made = safeCreateBucketer("month", { timeZone: "UTC" });
    if (!made.ok) throw made.error;
    expect(made.value(Date.UTC(2025, 4, 17))).toEqual({ ok: true, value: Date.UTC(2025, 4, 1) });
    const bad = made.value(Number.NaN);
    expect(bad.ok).toBe(false);
    expect(bad.ok ? null : bad.error.issues[0]?.path).toEqual(["ms"]);
    expect(safeCreateBucketer("eon" as CalendarInterval).ok).toBe(false);
  });

  it("accepts instants up to the edges of Date in addIntervals and isoInZone", () => {
    // The last valid Date, 275760-09-13T00:00:00.000Z (ECMA-262 §21.4.1.1); TZDate writes +00:00.
    expect(isoInZone(8.64e15, "UTC")).toBe("+275760-09-13T00:00:00.000+00:00");
    expect(addIntervals(8.64e15, "day", -1)).toBe(8.64e15 - 86_400_000);
    expect(pathOf(() => addIntervals(8.64e15, "day", 1))).toEqual(["k"]);
    expect(pathOf(() => isoInZone(8.64e15 + 1, "UTC"))).toEqual(["ms"]);
  });

  it("names each parameter", () => {
    expect(pathOf(() => bucketStart(0, "month", { weekStartsOn: 1.5 as 1 }))).toEqual([
      "options",
      "weekStartsOn",
    ]);
    expect(pathOf(() => addIntervals(0, "month", Number.MAX_SAFE_INTEGER + 2))).toEqual(["k"]);
    expect(pathOf(() => isoInZone(0, "Mars/Olympus"))).toEqual(["timeZone"]);
    // The zone check is remembered for one zone; a bad zone after a good one is still caught.
    expect(isoInZone(0, "Asia/Kolkata")).toBe("1970-01-01T05:30:00.000+05:30");
    expect(pathOf(() => isoInZone(0, "Asia/Kolkatta"))).toEqual(["timeZone"]);
    expect(isoInZone(0, "Asia/Kolkata")).toBe("1970-01-01T05:30:00.000+05:30");
  });
});
