import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { convertChurnRate } from "../src/customers/churn.ts";
import { repeatRateFromOrders } from "../src/customers/repeat.ts";
import { clickThroughRateFromRecords } from "../src/engagement/click-through-rate.ts";
import { engagementScore } from "../src/engagement/score.ts";
import { attempt, formatPath, MetricsInputError, parseWith } from "../src/errors.ts";
import { bySegment } from "../src/group/segment.ts";
import { npsMetric } from "../src/survey/nps.ts";

/** The issues' messages of the MetricsInputError `compute` throws ([] when it returns). */
function issueMessages(compute: () => unknown): string[] {
  try {
    compute();
  } catch (error) {
    if (error instanceof MetricsInputError) return error.issues.map((i) => i.message);
    throw error;
  }
  return [];
}

describe("MetricsInputError", () => {
  it("names the first issue's path and counts the rest", () => {
    const error = new MetricsInputError([
      { code: "too_big", path: [41, "score"], message: "expected an integer 0-10" },
      { code: "too_big", path: [42, "score"], message: "expected an integer 0-10" },
    ]);
    expect(error.message).toBe("[41].score: expected an integer 0-10 (and 1 more)");
    expect(error.name).toBe("MetricsInputError");
    expect(error).toBeInstanceOf(Error);
    expect(error.issues).toHaveLength(2);
  });
  it("formats paths readably", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["options", "promoterMin"])).toBe("options.promoterMin");
    expect(formatPath([3, "date"])).toBe("[3].date");
    expect(formatPath([3, "first name"])).toBe('[3]["first name"]');
    expect(formatPath(["score", 41])).toBe("score[41]");
  });
});

describe("attempt", () => {
  it("returns values and input errors, and rethrows bugs", () => {
    expect(attempt(() => 1)).toEqual({ ok: true, value: 1 });
    const failed = attempt(() => {
      throw new MetricsInputError([{ code: "custom", path: [], message: "no" }]);
    });
    expect(failed.ok).toBe(false);
    expect(() =>
      attempt(() => {
        throw new TypeError("a bug");
      }),
    ).toThrow(TypeError);
  });
});

describe("messages where zod/mini has only its default", () => {
  // zod/mini loads no locale: its own message for these issues is "Invalid input". The library
  // says what was expected instead (hand-written expectations).
  const schema = z.strictObject({ kind: z.enum(["a", "b"]), n: z.number(), flag: z.literal(7n) });
  const messageOf = (value: unknown) => issueMessages(() => parseWith(schema, value, ["options"]));

  it("names unknown keys, expected types and expected values", () => {
    expect(messageOf({ kind: "a", n: 1, flag: 7n, sc: 1 })).toEqual(['unknown key "sc"']);
    expect(messageOf({ kind: "a", n: 1, flag: 7n, x: 1, y: 2 })).toEqual(['unknown keys "x", "y"']);
    expect(messageOf({ kind: "c", n: 1, flag: 7n })).toEqual(['expected "a" or "b"']);
    expect(messageOf({ kind: "a", n: "1", flag: 7n })).toEqual(["expected number"]);
    // A bigint among the expected values is written as a number, not passed to JSON.stringify.
    expect(messageOf({ kind: "a", n: 1, flag: 8n })).toEqual(["expected 7"]);
  });

  it("keeps a schema's own message", () => {
    const own = z.number({ error: "expected a count" });
    expect(() => parseWith(own, "x", ["n"])).toThrow("n: expected a count");
  });
});

describe("messages of a union's own issue", () => {
  // zod/mini's union reports "Invalid input" when no option matches (issue code invalid_union);
  // each union of the library states what it expects instead. Regression: a NaN customer id or a
  // `true` segment key used to read "Invalid input".
  const union = (value: unknown, compute: (v: never) => unknown) =>
    issueMessages(() => compute(value as never));

  it("customer ids, segment keys, accessors and period lengths", () => {
    const ID = "expected a customer id: a non-empty string or a finite number";
    expect(
      union(Number.NaN, (id) =>
        engagementScore([{ v: 1, id }], {
          components: [{ name: "v", weight: 1, normalize: "min-max" }],
          id: "id",
        }),
      ),
    ).toEqual([ID]);
    expect(
      union(true, (customerId) =>
        repeatRateFromOrders([{ customerId, date: "2024-01-01T00:00:00Z", amount: 1 }], {
          period: { start: "2024-01-01T00:00:00Z", end: "2024-02-01T00:00:00Z" },
        }),
      ),
    ).toEqual([ID]);
    expect(
      union({}, (key: string) =>
        bySegment([{ key, s: 9 }], "key", {
          n: npsMetric<{ key: string; s: number }>({ score: "s" }),
        }),
      ),
    ).toEqual(["expected a segment key: a string or a finite number"]);
    expect(union(7, (keyOf) => bySegment([{ s: 9 }], keyOf, {}))).toEqual([
      "expected a property name or a function (record, index) => value",
    ]);
    expect(
      union(5, (click) =>
        clickThroughRateFromRecords([{ type: "click" }], { events: { clicks: click } }),
      ),
    ).toEqual(["expected an event type or a list of event types"]);
    expect(union(true, (from) => convertChurnRate(0.1, { from, to: "year" }))).toEqual([
      'expected a positive number or "day", "week", "month", "quarter" or "year"',
    ]);
  });
});
