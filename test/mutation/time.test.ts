// Tests written for mutants of src/time/ that survived the mutation run (docs/mutation.md):
// each one pins a behaviour that no other test checked. Expected values are calendar facts.
import { describe, expect, it } from "vitest";
import { MetricsInputError } from "../../src/errors.ts";
import { createBucketer, resolvePeriod } from "../../src/time/period.ts";

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
