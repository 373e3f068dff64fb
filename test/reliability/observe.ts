// What the determinism gate compares: the JSON of every battery call and the outcome (error path
// and message, or result) of every bad-input case. Used in the test process and, bundled, in
// child processes started with another TZ (observe-main.ts).
import { MetricsInputError } from "../../src/index.ts";
import { CASES } from "../bad-inputs/cases.ts";
import { BATTERY, invoke } from "./battery.ts";

/** One JSON string per battery call, in battery order. */
export function observeBattery(): string[] {
  return BATTERY.map((call) => JSON.stringify({ name: call.name, out: invoke(call, call.args()) }));
}

/** One JSON string per bad-input case (the 10M-element ones left out: they are about speed). */
export function observeCorpus(): string[] {
  return CASES.filter((c) => c.category !== "huge").map((c) => {
    try {
      const out = invoke({ name: c.entry, args: c.args }, c.args());
      return JSON.stringify({ entry: c.entry, note: c.note, out });
    } catch (error) {
      if (error instanceof MetricsInputError) {
        return JSON.stringify({
          entry: c.entry,
          note: c.note,
          issues: error.issues,
          message: error.message,
        });
      }
      throw error;
    }
  });
}
