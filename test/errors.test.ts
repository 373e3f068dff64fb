import { describe, expect, it } from "vitest";
import { attempt, formatPath, MetricsInputError } from "../src/errors.ts";

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
