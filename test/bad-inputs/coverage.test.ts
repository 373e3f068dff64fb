// The corpus is large enough and covers the API: every function with a safe twin has bad-input
// cases, and every exported function is either in the corpus, exempt for a stated reason, or a
// known gap (docs/reliability.md, "Known gaps"). A new export therefore shows up here.
import { describe, expect, it } from "vitest";
import { formatPath, isColumnTable, toEpochMs } from "../../src/index.ts";
import { exportedFunctions } from "../reliability/battery.ts";
import { CASES, type Category, safeName } from "./cases.ts";

/** Functions with no input to corrupt, or whose contract is to accept anything. */
const EXEMPT: Readonly<Record<string, string>> = {
  attempt: "takes a thunk; rethrows any error other than MetricsInputError by design",
  MetricsInputError: "the error class itself",
  isColumnTable: "a predicate: false for anything that is not a column table (checked below)",
  toEpochMs: "returns undefined for anything that is not a valid instant (checked below)",
  formatPath: 'formats any value; "(root)" for anything that is not an array (checked below)',
  emptySum: "takes no input",
  emptyBgNbdTally: "takes no input",
  emptyChurnTally: "takes no input",
  emptyClickThroughTally: "takes no input",
  emptyConversionTally: "takes no input",
  emptyGammaGammaTally: "takes no input",
  emptyMrrChurnTally: "takes no input",
  emptyNpsTally: "takes no input",
  emptyOpenRateTally: "takes no input",
  emptyOrderValueTally: "takes no input",
  emptyReferralTally: "takes no input",
  emptyRepeatPurchaseTally: "takes no input",
  emptyRepeatRateTally: "takes no input",
  emptyReviewTally: "takes no input",
  emptySbgTally: "takes no input",
  emptySnsEngagementTally: "takes no input",
};

/**
 * Public functions that do not validate their input today: a malformed call escapes as a
 * TypeError, RangeError, NaN, undefined or a hang. They have no corpus cases; each is described
 * in docs/reliability.md with a proposed fix.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  // None open: the time helpers, compensated sums, exported merges and overflow cases listed
  // here before are corpus cases now (docs/reliability.md, "Fixed since").
};

const CATEGORIES: readonly Category[] = [
  "wrong-type",
  "out-of-range",
  "non-integer",
  "nan",
  "infinity",
  "null",
  "missing-field",
  "extra-nesting",
  "date",
  "reversed-period",
  "negative-money",
  "impossible-option",
  "unknown-option",
  "empty",
  "huge",
  "overflow",
];

/** What formatPath gives for the arrays among the junk: [] is the root, [[9]] one odd part. */
function formatArray(value: readonly unknown[]): string {
  return value.length === 0 ? "(root)" : "[9]";
}

describe("bad-input corpus coverage", () => {
  const functions = exportedFunctions();
  const entries = new Set(CASES.map((c) => c.entry));

  it("has at least 150 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });

  it("names only exported functions", () => {
    expect([...entries].filter((name) => !functions.includes(name))).toEqual([]);
  });

  it("covers every function that has a safe twin", () => {
    const twins = functions
      .filter((name) => /^safe[A-Z]/.test(name))
      .map((name) => `${name.charAt(4).toLowerCase()}${name.slice(5)}`);
    expect(twins.length).toBeGreaterThan(60);
    expect(twins.filter((name) => !functions.includes(name))).toEqual([]);
    expect(twins.filter((name) => !entries.has(name))).toEqual([]);
  });

  it("gives a safe twin to every function that throws on bad input", () => {
    // The house rule: every entry point that throws has a safe form returning { ok, error }.
    const throwing = [...entries].filter((entry) =>
      CASES.some((c) => c.entry === entry && "path" in c.expect),
    );
    expect(throwing.length).toBeGreaterThan(150);
    expect(throwing.filter((name) => !functions.includes(safeName(name)))).toEqual([]);
  });

  it("accounts for every exported function: corpus, exempt or known gap", () => {
    const unaccounted = functions.filter(
      (name) =>
        !/^safe[A-Z]/.test(name) &&
        !entries.has(name) &&
        !Object.hasOwn(EXEMPT, name) &&
        !Object.hasOwn(KNOWN_GAPS, name),
    );
    expect(unaccounted).toEqual([]);
    // The lists hold no stale or overlapping names.
    for (const name of [...Object.keys(EXEMPT), ...Object.keys(KNOWN_GAPS)]) {
      expect(functions, name).toContain(name);
      expect(entries.has(name), `${name} is in the corpus and in a list`).toBe(false);
    }
  });

  it("uses every category, and every entry has an error case", () => {
    const used = new Set(CASES.map((c) => c.category));
    expect(CATEGORIES.filter((c) => !used.has(c))).toEqual([]);
    for (const entry of entries) {
      expect(
        CASES.some((c) => c.entry === entry && "path" in c.expect),
        entry,
      ).toBe(true);
    }
  });

  it("has no duplicate case names", () => {
    const names = CASES.map((c) => `${c.entry}: ${c.note}`);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it("exempt functions accept junk without throwing", () => {
    const junk: unknown[] = [
      undefined,
      null,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      8.64e15 + 1,
      "x",
      "2025-02-30T00:00:00Z",
      "2025-03-01T00:00:00",
      {},
      [],
      [[9]],
      new Date(Number.NaN),
      Symbol("s"),
      () => 1,
      Object.create(null),
    ];
    for (const value of junk) {
      expect(toEpochMs(value)).toBeUndefined();
      expect(typeof isColumnTable(value)).toBe("boolean");
      // formatPath is typed for paths; the junk goes through `unknown` on purpose.
      const path: unknown = value;
      const text = formatPath(path as readonly (string | number)[]);
      expect(text, String(typeof value)).toBe(Array.isArray(value) ? formatArray(value) : "(root)");
    }
  });
});
