import { fc, test } from "@fast-check/vitest";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod/mini";
import { engagementCountSchema } from "../../src/engagement/rate.ts";
import {
  emptySnsEngagementTally,
  mergeSnsEngagementTallies,
  type SnsEngagementCounts,
  type SnsEngagementRateResult,
  type SnsEngagementTally,
  safeSnsEngagementRate,
  safeSnsEngagementRateFromRecords,
  snsEngagementCountsSchema,
  snsEngagementRate,
  snsEngagementRateFromRecords,
  snsEngagementRateMetric,
  snsInteractionKinds,
} from "../../src/engagement/sns-engagement-rate.ts";
import { runMetric } from "../../src/metric.ts";
import {
  anyValue,
  deepFreeze,
  expectInputError,
  jsonRoundTrip,
  splits,
  withShuffle,
} from "./helpers.ts";

interface Post {
  readonly likes?: number;
  readonly shares?: number;
  readonly comments?: number;
  readonly urlClicks?: number;
  readonly imageClicks?: number;
  readonly videoPlays?: number;
  readonly impressions: number;
  readonly reach: number;
}

const maybeCount = fc.option(fc.nat(300), { nil: undefined });

/** Posts with any subset of interaction kinds present. */
const postArb: fc.Arbitrary<Post> = fc
  .record({
    likes: maybeCount,
    shares: maybeCount,
    comments: maybeCount,
    urlClicks: maybeCount,
    imageClicks: maybeCount,
    videoPlays: maybeCount,
    impressions: fc.nat(5000),
    reach: fc.nat(3000),
  })
  .map((p) => {
    // Drop undefined keys: an absent kind is "not reported".
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
    return out as unknown as Post;
  });

const postsArb = fc.array(postArb, { maxLength: 30 });

function sumInteractions(p: Post): number {
  return (
    (p.likes ?? 0) +
    (p.shares ?? 0) +
    (p.comments ?? 0) +
    (p.urlClicks ?? 0) +
    (p.imageClicks ?? 0) +
    (p.videoPlays ?? 0)
  );
}

describe("snsEngagementRate: reference vectors", () => {
  it("engagement rate by reach: (120 + 30 + 10) / 4000 = 0.04 (Hootsuite's ERR)", () => {
    const r = snsEngagementRate(deepFreeze({ likes: 120, comments: 30, shares: 10, reach: 4000 }), {
      base: "reach",
    });
    // Wilson 160/4000 from scipy 1.17.1 binomtest(160, 4000).proportion_ci(method="wilson").
    expect(r).toEqual({
      metric: "snsEngagementRate",
      value: 0.04,
      reason: null,
      n: 4000,
      base: "reach",
      interactions: 160,
      likes: 120,
      shares: 10,
      comments: 30,
      urlClicks: 0,
      imageClicks: 0,
      videoPlays: 0,
      baseTotal: 4000,
      records: 1,
      interval: {
        lower: expect.closeTo(0.03435550734181985, 12),
        upper: expect.closeTo(0.04652718048470552, 12),
        level: 0.95,
        method: "wilson",
      },
      warnings: [],
    });
  });

  it("by impressions over posts is the pooled ratio Σinteractions / Σimpressions", () => {
    // Posts: (40 + 5) / 1000 and (10 + 40) / 1000: pooled 95 / 2000 = 0.0475.
    // (The mean of the per-post rates, Hootsuite's "average ER", would be (0.045 + 0.05)/2,
    // the same here only because both posts have 1000 impressions.)
    const r = snsEngagementRateFromRecords(
      deepFreeze([
        { likes: 40, shares: 5, impressions: 1000 },
        { likes: 10, videoPlays: 40, impressions: 1000 },
      ]),
      { base: "impressions" },
    );
    expect(r.value).toBe(0.0475);
    expect(r.interactions).toBe(95);
    expect(r.interval?.lower).toBeCloseTo(0.03901402059617837, 12);
    expect(r.interval?.upper).toBeCloseTo(0.05772090719335554, 12);
  });

  it("by followers: per-post follower counts make it average engagements per post / followers", () => {
    // 3 posts by an account with 1000 followers, 30 + 50 + 10 interactions:
    // Σ/Σ = 90 / 3000 = 0.03 = (90 / 3 posts) / 1000 (Hootsuite's "ER post" averaged).
    const posts = [30, 50, 10].map((likes) => ({ likes, followers: 1000 }));
    expect(snsEngagementRateFromRecords(posts, { base: "followers" }).value).toBeCloseTo(0.03, 15);
  });

  it("can exceed 1: reported with an above-one warning and no interval", () => {
    const r = snsEngagementRate({ likes: 90, shares: 30, followers: 100 }, { base: "followers" });
    expect(r.value).toBe(1.2);
    expect(r.interval).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["above-one"]);
    expect(r.warnings[0]?.message).toContain("Interactions (120) exceed followers (100)");
    // Exactly equal is still a proportion: Wilson 100/100 (scipy: [0.96300650, 1]).
    const equal = snsEngagementRate({ likes: 100, reach: 100 }, { base: "reach" });
    expect(equal.value).toBe(1);
    expect(equal.interval?.lower).toBeCloseTo(0.9630065017930143, 12);
    expect(equal.warnings).toEqual([]);
    // Small samples warn too.
    const small = snsEngagementRate({ likes: 12, reach: 10 }, { base: "reach" });
    expect(small.warnings.map((w) => w.code)).toEqual(["small-sample", "above-one"]);
  });

  it("events: one per record, impressions only", () => {
    const events = deepFreeze([
      ...Array.from({ length: 8 }, () => ({ type: "impression" })),
      { type: "like" },
      { type: "url_click" },
      { type: "follow" },
    ]);
    const r = snsEngagementRateFromRecords(events, { base: "impressions", type: "type" });
    expect(r.value).toBe(0.25);
    expect(r.likes).toBe(1);
    expect(r.urlClicks).toBe(1);
    expect(r.records).toBe(10);
    const renamed = snsEngagementRateFromRecords(
      [{ e: "view" }, { e: "view" }, { e: "heart" }, { e: "like" }],
      { base: "impressions", type: "e", events: { likes: "heart", impressions: "view" } },
    );
    expect(renamed.likes).toBe(1);
    expect(renamed.value).toBe(0.5);
  });

  it("rows: absent kinds are not counted; named kinds are the only ones read", () => {
    const posts = deepFreeze([
      { likes: 3, shares: null, saves: 100, impressions: 10 },
      { comments: 1, impressions: 10 },
    ]);
    const implicit = snsEngagementRateFromRecords(posts, { base: "impressions" });
    expect(implicit.interactions).toBe(4);
    const onlyLikes = snsEngagementRateFromRecords(posts, {
      base: "impressions",
      interactions: { likes: (p) => ("likes" in p ? p.likes : 0) },
    });
    expect(onlyLikes.interactions).toBe(3);
    expect(onlyLikes.comments).toBe(0);
    const renamedBase = snsEngagementRateFromRecords([{ likes: 1, seen: 4 }], {
      base: "reach",
      reach: "seen",
    });
    expect(renamedBase.value).toBe(0.25);
  });
});

describe("snsEngagementRate: edge cases", () => {
  it("empty records and a zero base", () => {
    const empty = snsEngagementRateFromRecords([], { base: "reach" });
    expect(empty.value).toBeNull();
    expect(empty.reason).toBe("empty");
    expect(empty.base).toBe("reach");
    const zero = snsEngagementRate({ likes: 3, impressions: 0 }, { base: "impressions" });
    expect(zero.value).toBeNull();
    expect(zero.reason).toBe("zero-denominator");
    expect(zero.interactions).toBe(3);
    expect(jsonRoundTrip(zero)).toEqual(zero);
  });

  it("merges tallies and runs as a Metric", () => {
    const metric = snsEngagementRateMetric<{ likes: number; reach: number }>({ base: "reach" });
    expect(metric.name).toBe("snsEngagementRate");
    expect(runMetric(metric, [{ likes: 1, reach: 2 }]).value).toBe(0.5);
    const t: SnsEngagementTally = {
      ...emptySnsEngagementTally(),
      likes: 2,
      baseTotal: 9,
      records: 2,
    };
    expect(mergeSnsEngagementTallies(emptySnsEngagementTally(), t)).toEqual(t);
    expectTypeOf(snsEngagementRate).returns.toEqualTypeOf<SnsEngagementRateResult>();
    expect(snsInteractionKinds).toEqual([
      "likes",
      "shares",
      "comments",
      "urlClicks",
      "imageClicks",
      "videoPlays",
    ]);
  });
});

describe("snsEngagementRate: properties", () => {
  test.prop([postsArb, fc.constantFrom("impressions" as const, "reach" as const)])(
    "value = Σinteractions / Σbase, ≥ 0; an interval only while ≤ 1, holding the value",
    (posts, base) => {
      const r = snsEngagementRateFromRecords(posts, { base });
      const interactions = posts.reduce((s, p) => s + sumInteractions(p), 0);
      const total = posts.reduce((s, p) => s + p[base], 0);
      expect(r.interactions).toBe(interactions);
      expect(r.baseTotal).toBe(total);
      if (total === 0) {
        expect(r.value).toBeNull();
        return;
      }
      expect(r.value).toBeCloseTo(interactions / total, 12);
      if (interactions > total) {
        expect(r.interval).toBeNull();
        expect(r.warnings.map((w) => w.code)).toContain("above-one");
      } else {
        expect(r.interval?.lower).toBeLessThanOrEqual((r.value ?? 0) + 1e-12);
        expect(r.interval?.upper).toBeGreaterThanOrEqual((r.value ?? 0) - 1e-12);
        expect(r.interval?.upper).toBeLessThanOrEqual(1);
      }
    },
  );

  test.prop([splits(postsArb)])(
    "tallies of random groups, merged, equal the whole",
    ([posts, groups]) => {
      const metric = snsEngagementRateMetric<Post>({ base: "reach" });
      const merged = groups
        .map((g) => {
          const s = metric.init();
          g.forEach((p, i) => {
            metric.add(s, p, i);
          });
          return metric.tally(s);
        })
        .reduce(mergeSnsEngagementTallies, emptySnsEngagementTally());
      expect(metric.finalize(merged)).toEqual(
        snsEngagementRateFromRecords(posts, { base: "reach" }),
      );
    },
  );

  test.prop([withShuffle(postsArb)])(
    "order does not matter; inputs stay frozen",
    ([posts, shuffled]) => {
      const frozen = deepFreeze(shuffled.map((p) => ({ ...p })));
      expect(snsEngagementRateFromRecords(frozen, { base: "impressions" })).toEqual(
        snsEngagementRateFromRecords(posts, { base: "impressions" }),
      );
    },
  );

  test.prop([anyValue])("a count is valid exactly when engagementCountSchema says so", (v) => {
    const explicit = safeSnsEngagementRateFromRecords([{ likes: v, reach: 5 }], {
      base: "reach",
      interactions: { likes: "likes" },
    }).ok;
    expect(explicit).toBe(z.safeParse(engagementCountSchema, v).success);
    const asBase = safeSnsEngagementRate({ likes: 0, reach: v } as SnsEngagementCounts, {
      base: "reach",
    }).ok;
    expect(asBase).toBe(z.safeParse(engagementCountSchema, v).success);
  });

  test.prop([anyValue])(
    "implicit kinds: null/undefined read as absent, else the count schema",
    (v) => {
      const ok = safeSnsEngagementRateFromRecords([{ shares: v, reach: 5 }], { base: "reach" }).ok;
      expect(ok).toBe(z.safeParse(snsEngagementCountsSchema, { shares: v }).success || v === null);
    },
  );
});

describe("snsEngagementRate: bad input", () => {
  it("bad counts name the record and field", () => {
    const posts = [
      { likes: 1, reach: 10 },
      { likes: -2, reach: 10 },
    ];
    expectInputError(
      () => snsEngagementRateFromRecords(posts, { base: "reach" }),
      () => safeSnsEngagementRateFromRecords(posts, { base: "reach" }),
      [1, "likes"],
      "[1].likes: expected a non-negative integer count",
    );
    const noBase = [{ likes: 1 }];
    expectInputError(
      () => snsEngagementRateFromRecords(noBase, { base: "followers" }),
      () => safeSnsEngagementRateFromRecords(noBase, { base: "followers" }),
      [0, "followers"],
    );
    const named: { reach: number; likes?: number }[] = [{ reach: 10 }];
    expectInputError(
      () =>
        snsEngagementRateFromRecords(named, { base: "reach", interactions: { likes: "likes" } }),
      () =>
        safeSnsEngagementRateFromRecords(named, {
          base: "reach",
          interactions: { likes: "likes" },
        }),
      [0, "likes"],
    );
  });

  it("counts: a base and at least one interaction are required", () => {
    expectInputError(
      () => snsEngagementRate({ likes: 1 }, { base: "reach" }),
      () => safeSnsEngagementRate({ likes: 1 }, { base: "reach" }),
      ["reach"],
    );
    expectInputError(
      () => snsEngagementRate({ reach: 10 }, { base: "reach" }),
      () => safeSnsEngagementRate({ reach: 10 }, { base: "reach" }),
      [],
      /at least one interaction/,
    );
    expectInputError(
      () => snsEngagementRate({ likes: 1.5, reach: 10 }, { base: "reach" }),
      () => safeSnsEngagementRate({ likes: 1.5, reach: 10 }, { base: "reach" }),
      ["likes"],
    );
  });

  it("bad options", () => {
    const posts = [{ likes: 1, reach: 2, impressions: 3, type: "like" }];
    const noBase = {} as { base: "reach" };
    expectInputError(
      () => snsEngagementRateFromRecords(posts, noBase),
      () => safeSnsEngagementRateFromRecords(posts, noBase),
      ["options", "base"],
    );
    expectInputError(
      () => snsEngagementRateFromRecords(posts, { base: "reach", impressions: "impressions" }),
      () => safeSnsEngagementRateFromRecords(posts, { base: "reach", impressions: "impressions" }),
      ["options", "impressions"],
    );
    expectInputError(
      () => snsEngagementRateFromRecords(posts, { base: "reach", type: "type" }),
      () => safeSnsEngagementRateFromRecords(posts, { base: "reach", type: "type" }),
      ["options", "base"],
      /counts people/,
    );
    expectInputError(
      () =>
        snsEngagementRateFromRecords(posts, {
          base: "impressions",
          interactions: { likes: "likes" },
          type: "type",
        }),
      () =>
        safeSnsEngagementRateFromRecords(posts, {
          base: "impressions",
          interactions: { likes: "likes" },
          type: "type",
        }),
      ["options", "interactions"],
    );
    const badKind = { base: "reach", interactions: { saves: "saves" } } as unknown as {
      base: "reach";
    };
    expectInputError(
      () => snsEngagementRateFromRecords(posts, badKind),
      () => safeSnsEngagementRateFromRecords(posts, badKind),
      ["options", "interactions"],
    );
  });
});
