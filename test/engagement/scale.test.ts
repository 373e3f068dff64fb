import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { EngagementComponent } from "../../src/engagement/components.ts";
import {
  type EngagementScale,
  engagementScaleSchema,
  fitEngagementScale,
  mergeEngagementScales,
  safeFitEngagementScale,
  safeMergeEngagementScales,
} from "../../src/engagement/scale.ts";
import { engagementScore } from "../../src/engagement/score.ts";
import { deepFreeze, expectInputError, jsonRoundTrip, splits } from "./helpers.ts";

type Row = Record<string, number | null>;

const components: readonly EngagementComponent<Row>[] = deepFreeze([
  { name: "dwell", weight: 2, normalize: "min-max" },
  { name: "openRate", weight: 1, normalize: "z-score" },
  { name: "sessions", weight: 1, normalize: "percentile" },
]);

const population: readonly Row[] = deepFreeze([
  { dwell: 10, openRate: 0.2, sessions: 3 },
  { dwell: 20, openRate: 0.5, sessions: 3 },
  { dwell: 30, openRate: null, sessions: 5 },
  { dwell: 40, openRate: 0.1, sessions: 1 },
  { dwell: 50, openRate: 0.4, sessions: 3 },
]);

describe("fitEngagementScale", () => {
  it("keeps n, min, max, mean, sample sd, and the distribution of percentile components", () => {
    // dwell: mean 30, sd √250 = 15.811388300841896 (numpy std(ddof=1)).
    // openRate (one missing): 0.2, 0.5, 0.1, 0.4 -> mean 0.3, sd √(0.1/3) = 0.18257418583505536.
    // sessions: sorted 1, 3, 3, 3, 5 -> values [1, 3, 5], counts [1, 3, 1].
    const scale = fitEngagementScale(population, { components });
    expect(scale).toEqual({
      version: 1,
      components: [
        {
          name: "dwell",
          n: 5,
          min: 10,
          max: 50,
          mean: 30,
          sd: expect.closeTo(15.811388300841896, 12),
          distribution: null,
        },
        {
          name: "openRate",
          n: 4,
          min: 0.1,
          max: 0.5,
          mean: expect.closeTo(0.3, 15),
          sd: expect.closeTo(0.18257418583505536, 14),
          distribution: null,
        },
        {
          name: "sessions",
          n: 5,
          min: 1,
          max: 5,
          mean: 3,
          sd: expect.closeTo(Math.sqrt(2), 14),
          distribution: { values: [1, 3, 5], counts: [1, 3, 1] },
        },
      ],
    });
    expect(jsonRoundTrip(scale)).toEqual(scale);
    expect(z.safeParse(engagementScaleSchema, jsonRoundTrip(scale)).success).toBe(true);
  });

  it("a component without values has null statistics; one value has no sd", () => {
    const scale = fitEngagementScale([{ x: null, y: 4 }], {
      components: [
        { name: "x", weight: 1, normalize: "percentile" },
        { name: "y", weight: 1, normalize: "z-score" },
      ],
    });
    expect(scale.components).toEqual([
      {
        name: "x",
        n: 0,
        min: null,
        max: null,
        mean: null,
        sd: null,
        distribution: { values: [], counts: [] },
      },
      { name: "y", n: 1, min: 4, max: 4, mean: 4, sd: null, distribution: null },
    ]);
  });

  it("is what engagementScore fits and returns", () => {
    expect(engagementScore(population, { components }).scale).toEqual(
      fitEngagementScale(population, { components }),
    );
  });

  it("rejects a scale option and bad values, with paths", () => {
    const withScale = { components, scale: fitEngagementScale(population, { components }) };
    expectInputError(
      () => fitEngagementScale(population, withScale),
      () => safeFitEngagementScale(population, withScale),
      ["options", "scale"],
    );
    const bad = [{ dwell: 1, openRate: 0, sessions: Number.NaN }];
    expectInputError(
      () => fitEngagementScale(bad, { components }),
      () => safeFitEngagementScale(bad, { components }),
      [0, "sessions"],
    );
  });
});

const rowArb: fc.Arbitrary<Row> = fc.record({
  dwell: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
  openRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  sessions: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
});

describe("mergeEngagementScales", () => {
  it("pools two fits exactly (Chan et al.)", () => {
    // [1, 3] (mean 2, sd √2) + [5] -> [1, 3, 5]: mean 3, sd 2.
    const c = [{ name: "v", weight: 1, normalize: "percentile" }] as const;
    const a = fitEngagementScale([{ v: 1 }, { v: 3 }], { components: c });
    const b = fitEngagementScale([{ v: 5 }, { v: null }], { components: c });
    expect(mergeEngagementScales(a, b)).toEqual({
      version: 1,
      components: [
        {
          name: "v",
          n: 3,
          min: 1,
          max: 5,
          mean: 3,
          sd: 2,
          distribution: { values: [1, 3, 5], counts: [1, 1, 1] },
        },
      ],
    });
  });

  test.prop([splits(fc.array(rowArb, { maxLength: 30 }))])(
    "fitting shards and merging equals fitting the whole",
    ([rows, groups]) => {
      const whole = fitEngagementScale(rows, { components });
      const merged = groups
        .map((g) => fitEngagementScale(g, { components }))
        .reduce((x, y) => mergeEngagementScales(x, y));
      merged.components.forEach((entry, k) => {
        const expected = whole.components[k];
        expect(entry.name).toBe(expected?.name);
        expect(entry.n).toBe(expected?.n);
        expect(entry.min).toBe(expected?.min);
        expect(entry.max).toBe(expected?.max);
        expect(entry.distribution).toEqual(expected?.distribution);
        if (expected?.mean == null) expect(entry.mean).toBeNull();
        else expect(entry.mean).toBeCloseTo(expected.mean, 9);
        if (expected?.sd == null) expect(entry.sd).toBeNull();
        else expect(entry.sd).toBeCloseTo(expected.sd, 9);
      });
    },
  );

  it("needs the same components on both sides", () => {
    const a = fitEngagementScale(population, { components });
    const b = fitEngagementScale(population, { components: components.slice(0, 2) });
    expectInputError(
      () => mergeEngagementScales(a, b),
      () => safeMergeEngagementScales(a, b),
      ["b", "components"],
    );
    const broken = { version: 1, components: [{ name: "v", n: -1 }] } as unknown as EngagementScale;
    expectInputError(
      () => mergeEngagementScales(broken, a),
      () => safeMergeEngagementScales(broken, a),
      ["a", "components", 0, "n"],
    );
  });
});
