// Tests written for mutants of src/errors.ts and src/metric.ts that survived the mutation run
// (docs/mutation.md): each one pins a documented behaviour that no other test checked.

import { describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { inputError, MetricsInputError, schemaError } from "../../src/errors.ts";
import { readField, resolveAccessor, runMetric } from "../../src/metric.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { listBuckets } from "../../src/time/period.ts";

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
    expect(resolveAccessor(undefined)).toStrictEqual({ get: undefined, key: undefined });
  });
});

describe("runMetric input checks", () => {
  const pathOf = (compute: () => unknown): unknown => {
    try {
      compute();
    } catch (error) {
      if (error instanceof MetricsInputError) return error.issues[0]?.path;
      throw error;
    }
    return "did not throw";
  };
  it("rejects what is not a Metric, naming the argument", () => {
    for (const notMetric of [null, 5, "nps", { init() {}, add() {}, tally() {} }]) {
      expect(() => Reflect.apply(runMetric, undefined, [notMetric, [10]])).toThrow(
        "metric: expected a Metric (from a factory such as npsMetric)",
      );
    }
  });
  it("rejects records that are not array-like, naming the argument", () => {
    for (const notRecords of [null, "910", 7, { length: -1 }, { length: 1.5 }, {}]) {
      expect(pathOf(() => Reflect.apply(runMetric, undefined, [npsMetric(), notRecords]))).toEqual([
        "records",
      ]);
    }
    expect(() => Reflect.apply(runMetric, undefined, [npsMetric(), null])).toThrow(
      "records: expected an array of records",
    );
  });
  it("accepts an array-like object of records", () => {
    // One promoter: NPS = 100 · (1 − 0)/1 = 100.
    expect(runMetric(npsMetric(), { 0: 10, length: 1 }).value).toBe(100);
  });
});

describe("listBuckets input checks", () => {
  it("names the bad argument", () => {
    const pathOf = (compute: () => unknown): unknown => {
      try {
        compute();
      } catch (error) {
        if (error instanceof MetricsInputError) return error.issues[0]?.path;
        throw error;
      }
      return "did not throw";
    };
    expect(pathOf(() => listBuckets(Number.NaN, 0, "month"))).toEqual(["startMs"]);
    expect(pathOf(() => listBuckets(0, Number.NaN, "month"))).toEqual(["endMs"]);
    expect(pathOf(() => Reflect.apply(listBuckets, undefined, [0, 1e9, "eon"]))).toEqual([
      "interval",
    ]);
    expect(pathOf(() => listBuckets(0, 1e9, "month", { timeZone: "Mars/Base" }))).toEqual([
      "options",
      "timeZone",
    ]);
  });
});
