// Gate: every public function works on deeply frozen inputs (records, options, nested arrays,
// metric objects) and returns plain JSON. A function that sorted, filled or annotated the
// caller's data in place would throw "Cannot assign to read only property" here (modules run in
// strict mode), and a Date, NaN, Infinity or undefined-valued key in a result is named.
import { describe, expect, it } from "vitest";
import { deepFreeze } from "../bad-inputs/fixtures.ts";
import { BATTERY, exportedFunctions, invoke } from "./battery.ts";
import { firstNonJson } from "./plain-json.ts";

describe("frozen inputs", () => {
  it("the battery calls every exported function except the safe twins", () => {
    const called = new Set(BATTERY.map((call) => call.name));
    const missing = exportedFunctions().filter(
      (name) => !called.has(name) && !/^safe[A-Z]/.test(name),
    );
    expect(missing).toEqual([]);
  });

  it("the freeze is deep: a write anywhere in the arguments throws (modules are strict)", () => {
    const args = deepFreeze([
      [
        { score: 9, nested: { list: [1, 2] } },
        { score: 3, nested: { list: [] } },
      ],
      { period: { start: "x" } },
    ]);
    const records = args[0] as { score: number; nested: { list: number[] } }[];
    expect(() => {
      (records[0] as { score: number }).score = 10;
    }).toThrow(TypeError);
    expect(() => records[0]?.nested.list.push(3)).toThrow(TypeError);
    expect(() => records.sort((a, b) => a.score - b.score)).toThrow(TypeError);
    expect(() => Object.defineProperty(args[1], "extra", { value: 1 })).toThrow(TypeError);
  });

  BATTERY.forEach((call, i) => {
    it(`${call.name} (#${i}) on frozen input returns plain JSON`, () => {
      const args = call.args();
      const frozen = call.noFreeze === true ? args : deepFreeze(args);
      if (call.noFreeze !== true) expect(Object.isFrozen(frozen)).toBe(true);
      const snapshot = JSON.stringify(frozen);
      const observed = invoke(call, frozen);
      expect(firstNonJson(observed)).toBeNull();
      expect(JSON.parse(JSON.stringify(observed))).toEqual(observed);
      // Unchanged (JSON.stringify cannot see typed arrays' contents: they are checked below).
      expect(JSON.stringify(frozen)).toBe(snapshot);
    });
  });

  it("safe twins on frozen input return { ok: true } with the same plain result", () => {
    let checked = 0;
    for (const call of BATTERY) {
      const twin = `safe${call.name.charAt(0).toUpperCase()}${call.name.slice(1)}`;
      if (!exportedFunctions().includes(twin) || call.observe !== undefined) continue;
      const args = call.args();
      const frozen = call.noFreeze === true ? args : deepFreeze(args);
      const direct = invoke(call, call.args());
      const safe = invoke({ name: twin, args: call.args }, frozen);
      expect(safe, twin).toEqual({ ok: true, value: direct });
      expect(firstNonJson(safe)).toBeNull();
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("typed-array columns are not written to", () => {
    const table = {
      score: Uint8Array.of(10, 3, 9, 7, 0),
      region: { codes: Uint8Array.of(0, 1, 0, 1, 1), labels: Object.freeze(["EU", "US"]) },
    };
    const before = [Array.from(table.score), Array.from(table.region.codes)];
    const call = BATTERY.find((c) => c.name === "bySegmentColumns");
    expect(call).toBeDefined();
    if (call === undefined) return;
    invoke(call, [table, "region", (call.args()[2] as object) ?? {}]);
    expect([Array.from(table.score), Array.from(table.region.codes)]).toEqual(before);
  });
});
