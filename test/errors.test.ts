import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { attempt, formatPath, MetricsInputError, parseWith } from "../src/errors.ts";

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
  const messageOf = (value: unknown) => {
    try {
      parseWith(schema, value, ["options"]);
    } catch (error) {
      if (error instanceof MetricsInputError) return error.issues.map((i) => i.message);
    }
    return [];
  };

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
