import { describe, expect, it } from "vitest";
import * as api from "../../src/index.ts";
import * as survey from "../../src/survey/index.ts";

describe("survey exports", () => {
  it("are exactly the reviewed list (internal helpers of scale.ts stay private)", () => {
    expect(Object.keys(survey).sort()).toEqual(
      [
        // CES
        "ces",
        "cesFromCounts",
        "cesMetric",
        "cesOptionsSchema",
        "cesScoreSchema",
        "cesTallyFromCounts",
        "emptyCesTally",
        "mergeCesTallies",
        "safeCes",
        "safeCesFromCounts",
        "safeCesMetric",
        "safeCesScoreSchema",
        "safeCesTallyFromCounts",
        "safeEmptyCesTally",
        "safeMergeCesTallies",
        // CSAT
        "csat",
        "csatFromCounts",
        "csatMetric",
        "csatOptionsSchema",
        "csatRatingSchema",
        "csatTallyFromCounts",
        "emptyCsatTally",
        "mergeCsatTallies",
        "safeCsat",
        "safeCsatFromCounts",
        "safeCsatMetric",
        "safeCsatRatingSchema",
        "safeCsatTallyFromCounts",
        "safeEmptyCsatTally",
        "safeMergeCsatTallies",
        // NPS
        "compareNps",
        "emptyNpsTally",
        "mergeNpsTallies",
        "nps",
        "npsCountsSchema",
        "npsFromCounts",
        "npsMetric",
        "npsOptionsSchema",
        "npsSampleSize",
        "npsScoreSchema",
        "npsTallyFromCounts",
        "npsTallySchema",
        "responseWeightSchema",
        "safeCompareNps",
        "safeNps",
        "safeNpsFromCounts",
        "safeNpsSampleSize",
        "safeMergeNpsTallies",
        "safeNpsMetric",
        "safeNpsTallyFromCounts",
        // shared by CSAT and CES
        "ratingCountsSchema",
      ].sort(),
    );
  });

  it("are all re-exported by the package index", () => {
    for (const name of Object.keys(survey)) {
      expect((api as Record<string, unknown>)[name], name).toBe(
        (survey as Record<string, unknown>)[name],
      );
    }
  });
});
