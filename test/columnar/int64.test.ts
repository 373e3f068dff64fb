// 64-bit integer columns (BIGINT from a warehouse, Parquet INT64, DuckDB results): Arrow Int64
// vectors and plain BigInt64Array / BigUint64Array columns. Keys stay exact beyond 2^53 - 1
// (as decimal strings), measures read as numbers, and no result holds a bigint.
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  bySegmentColumns,
  cohortRetentionColumns,
  isColumnTable,
  runMetricColumns,
} from "../../src/columnar/index.ts";
import { bySegment } from "../../src/group/segment.ts";
import { npsMetric } from "../../src/survey/nps.ts";
import { jsonRoundTrip } from "../helpers.ts";

// 2^53 = 9007199254740992 is the first integer a double cannot tell from its neighbour:
// Number(2n ** 53n + 1n) === 2 ** 53. Two customers with these ids are two customers.
const BIG = 2n ** 53n;
const ids = [BIG + 1n, BIG, BIG + 1n, 5n];
const scores = [10n, 9n, 3n, 7n];
const weights = [1n, 2n, 1n, 1n];

const int64 = (values: bigint[]) => arrow.vectorFromArray(values, new arrow.Int64());

describe("64-bit integer columns", () => {
  it("are columns", () => {
    expect(isColumnTable({ score: BigInt64Array.from(scores) })).toBe(true);
    expect(isColumnTable({ score: BigUint64Array.from(scores) })).toBe(true);
  });

  it("count answers like any integer column (unweighted NPS, the histogram path)", () => {
    // Scores 10, 9, 3, 7: 2 promoters, 1 detractor of 4 -> 100 * (2 - 1) / 4 = 25.
    for (const score of [BigInt64Array.from(scores), BigUint64Array.from(scores), int64(scores)]) {
      const result = runMetricColumns(
        npsMetric({ score: "score" }),
        score instanceof arrow.Vector ? new arrow.Table({ score }) : { score },
      );
      expect([result.promoters, result.passives, result.detractors, result.value]).toEqual([
        2, 1, 1, 25,
      ]);
    }
  });

  it("read as numbers in rows (weighted NPS, the record path)", () => {
    // Weights 1, 2, 1, 1 on 10, 9, 3, 7: promoters 3, detractors 1, total 5 -> 100 * 2 / 5 = 40.
    const metric = npsMetric({ score: "score", weight: "w" });
    const plain = runMetricColumns(metric, {
      score: BigInt64Array.from(scores),
      w: BigUint64Array.from(weights),
    });
    const fromArrow = runMetricColumns(
      metric,
      new arrow.Table({ score: int64(scores), w: int64(weights) }),
    );
    for (const result of [plain, fromArrow]) {
      expect([result.promoters, result.detractors, result.value]).toEqual([3, 1, 40]);
    }
  });

  it("keep keys beyond 2^53 - 1 apart, as decimal strings", () => {
    // Segments: 5 -> {7}: NPS 0; 2^53 -> {9}: 100; 2^53 + 1 -> {10, 3}: 0.
    const expected = [
      [5, 1, 0],
      ["9007199254740992", 1, 100],
      ["9007199254740993", 2, 0],
    ];
    const metrics = { nps: npsMetric({ score: "score" }) };
    const tables = [
      { id: BigInt64Array.from(ids), score: BigInt64Array.from(scores) },
      { id: BigUint64Array.from(ids), score: Uint8Array.from(scores, Number) },
      new arrow.Table({ id: int64(ids), score: int64(scores) }),
      // A dictionary of 64-bit ids: its labels are converted the same way.
      new arrow.Table({
        id: arrow.vectorFromArray(ids, new arrow.Dictionary(new arrow.Int64(), new arrow.Int32())),
        score: int64(scores),
      }),
    ];
    for (const table of tables) {
      const result = bySegmentColumns(table, "id", metrics);
      expect(result.segments.map((s) => [s.key, s.n, s.results.nps.value])).toEqual(expected);
      expect(jsonRoundTrip(result)).toEqual(result);
    }
    // The same rows as records with string ids give the same segments.
    const records = ids.map((id, i) => ({ id: String(id), score: Number(scores[i]) }));
    const fromRecords = bySegment(records, "id", metrics);
    expect(fromRecords.segments.map((s) => [s.key, s.n, s.results.nps.value])).toEqual([
      ["5", 1, 0],
      ["9007199254740992", 1, 100],
      ["9007199254740993", 2, 0],
    ]);
  });

  it("keep customers beyond 2^53 - 1 apart in cohorts", () => {
    // Two customers, ids 2^53 and 2^53 + 1, each ordering once in January 2025: a cohort of 2.
    const day = 86_400_000;
    const jan = Date.UTC(2025, 0, 1);
    const table = {
      customerId: BigInt64Array.from([BIG, BIG + 1n]),
      date: BigInt64Array.of(BigInt(jan + day), BigInt(jan + 2 * day)),
    };
    const m = cohortRetentionColumns(table, { kind: "orders", asOf: "2025-02-01T00:00:00Z" });
    expect(m.customers).toBe(2);
    expect(m.cohorts.map((row) => [row.size, row.retention])).toEqual([[2, [1]]]);
  });
});
