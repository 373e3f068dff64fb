// Tests written for mutants of src/errors.ts and src/metric.ts that survived the mutation run
// (docs/mutation.md): each one pins a documented behaviour that no other test checked.

import { describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { inputError, MetricsInputError, schemaError } from "../../src/errors.ts";
import { readField, resolveAccessor } from "../../src/metric.ts";

describe("MetricsInputError", () => {
  it("has a message even with no issue", () => {
    const error = new MetricsInputError([]);
    expect(error.message).toBe("invalid input");
    expect(error.issues).toEqual([]);
  });
});

describe("inputError", () => {
  it("builds one custom issue at the path", () => {
    const error = inputError(["options", "asOf"], "expected asOf after start");
    expect(error.issues).toEqual([
      { code: "custom", path: ["options", "asOf"], message: "expected asOf after start" },
    ]);
    expect(error.message).toBe("options.asOf: expected asOf after start");
  });
});

describe("schemaError when the schema accepts what the inline check rejected", () => {
  it("reports the inline verdict at the prefix, with the fallback message", () => {
    // z.number() accepts 5, so the schema has no issue to report: the error must still be one.
    const error = schemaError(z.number(), 5, [3, "score"], "expected an integer 0-10");
    expect(error).toBeInstanceOf(MetricsInputError);
    expect(error.issues).toEqual([
      { code: "custom", path: [3, "score"], message: "expected an integer 0-10" },
    ]);
    expect(error.message).toBe("[3].score: expected an integer 0-10");
  });
});

describe("readField", () => {
  it("never reads a field from Object.prototype", () => {
    expect(readField({}, "toString")).toBeUndefined();
    expect(readField({ score: 9 }, "constructor")).toBeUndefined();
  });
  it("reads own fields, including ones named like Object.prototype members", () => {
    expect(readField({ constructor: 5 }, "constructor")).toBe(5);
    expect(readField({ score: 9 }, "score")).toBe(9);
    expect(readField(null, "score")).toBeUndefined();
  });
});

describe("resolveAccessor", () => {
  it("turns a field name into a getter and a path key", () => {
    const { get, key } = resolveAccessor<{ score: number }>("score");
    expect(key).toBe("score");
    expect(get?.({ score: 7 }, 0)).toBe(7);
  });
  it("keeps a function as the getter, with no key", () => {
    const byIndex = (_: number, index: number) => index * 2;
    const resolved = resolveAccessor<number>(byIndex);
    expect(resolved.get).toBe(byIndex);
    expect(resolved.key).toBeUndefined();
  });
  it("resolves no accessor to nothing", () => {
    expect(resolveAccessor(undefined)).toEqual({ get: undefined, key: undefined });
  });
});
