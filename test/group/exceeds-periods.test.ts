// exceedsPeriods answers a range shorter than maxPeriods half-days without taking the calendar
// step, which for a huge maxPeriods would leave the range of Date (the checked addIntervals
// rejects that step; toSql and fromSqlRows pass it a step through the exported helper).
import { describe, expect, it } from "vitest";
import { exceedsPeriods } from "../../src/group/route.ts";
import { addIntervals } from "../../src/time/period.ts";

const JAN_1 = Date.UTC(2025, 0, 1);
const FEB_1 = Date.UTC(2025, 1, 1);
const day = (s: number, k: number): number => addIntervals(s, "day", k);

describe("exceedsPeriods", () => {
  it("does not step for a maxPeriods far beyond the range", () => {
    const step = (): number => {
      throw new Error("stepped");
    };
    expect(exceedsPeriods(JAN_1, FEB_1, 1e9, step)).toBe(false);
    // [Jan 1, Feb 1) is 31 days = 62 half-days: maxPeriods 62 needs no step, 61 does.
    expect(exceedsPeriods(JAN_1, FEB_1, 62, step)).toBe(false);
    expect(() => exceedsPeriods(JAN_1, FEB_1, 61, step)).toThrow("stepped");
  });

  it("steps when the range could hold more periods", () => {
    // January has 31 days: [Jan 1, Feb 1) holds 31 daily periods (hand count).
    expect(exceedsPeriods(JAN_1, FEB_1, 30, day)).toBe(true);
    expect(exceedsPeriods(JAN_1, FEB_1, 16, day)).toBe(true);
    // Monthly: one period, never more than maxPeriods 1.
    expect(exceedsPeriods(JAN_1, FEB_1, 1, (s, k) => addIntervals(s, "month", k))).toBe(false);
  });
});
