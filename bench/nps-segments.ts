// Workload: NPS by segment over 10M answers in 50 segments.
// Engines: hand-written loops (objects, typed arrays), the library (records via bySegment,
// columns via bySegmentColumns, its SQL on DuckDB), arquero, nodejs-polars and DuckDB.
// Run: node --max-old-space-size=12000 bench/nps-segments.ts [--only a,b]

import { type Survey, survey, surveyRecords } from "./lib/data.ts";
import { npsDigest } from "./lib/digest.ts";
import { type EngineReport, engineMain, heapMB, measure, measureEach } from "./lib/harness.ts";
import { library } from "./lib/library.ts";
import {
  type EngineLine,
  isMain,
  onlyEngines,
  runWorkload,
  type WorkloadResult,
} from "./lib/workload.ts";

const ROWS = Number(process.env["BENCH_NPS_ROWS"] ?? 10_000_000);
const SEGMENTS = 50;
const LOAD_RUNS = 3;

type Row = readonly [string, number, number, number];

/** Promoters, passives, detractors from counts per score (stride `stride`, 11 used). */
function fold(labels: readonly string[], counts: ArrayLike<number>, stride: number): Row[] {
  const rows: Row[] = [];
  labels.forEach((label, k) => {
    let p = 0;
    let s = 0;
    let d = 0;
    for (let v = 0; v <= 10; v++) {
      const c = counts[k * stride + v] as number;
      if (v >= 9) p += c;
      else if (v >= 7) s += c;
      else d += c;
    }
    if (p + s + d > 0) rows.push([label, p, s, d]);
  });
  return rows;
}

function report(
  engine: string,
  time: EngineReport["time"],
  rows: readonly Row[],
  extra: Partial<EngineReport> = {},
): EngineReport {
  return { engine, time, check: npsDigest(rows), heapMB: heapMB(), ...extra };
}

const labelsOf = (data: Survey): readonly string[] => data.labels;

/** The records loop, a function of its array (the Map and counters are locals). */
function countObjects(records: readonly { segment: string; score: number }[]): Row[] {
  const index = new Map<string, number>();
  const labels: string[] = [];
  let counts = new Float64Array(64 * 11);
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as { segment: string; score: number };
    let k = index.get(r.segment);
    if (k === undefined) {
      k = labels.length;
      labels.push(r.segment);
      index.set(r.segment, k);
      if ((k + 1) * 11 > counts.length) {
        const next = new Float64Array(counts.length * 2);
        next.set(counts);
        counts = next;
      }
    }
    const s = r.score;
    if (typeof s !== "number" || !(s >= 0 && s <= 10) || (s | 0) !== s) throw new Error(`row ${i}`);
    counts[k * 11 + s] = (counts[k * 11 + s] as number) + 1;
  }
  return fold(labels, counts, 11);
}

/** The typed-array loop, a function of its arrays (locals, no closure context in the loop). */
function countTyped(score: Uint8Array, segment: Uint16Array, segments: number): Int32Array {
  const counts = new Int32Array(segments * 16);
  let bad = 0;
  for (let i = 0; i < score.length; i++) {
    const s = score[i] as number;
    bad |= s > 10 ? 1 : 0;
    const at = ((segment[i] as number) << 4) | (s & 15);
    counts[at] = (counts[at] as number) + 1;
  }
  if (bad !== 0) throw new Error("score out of range");
  return counts;
}

const engines: Record<string, () => Promise<EngineReport>> = {
  /** The best hand-written loop over records: a Map from segment to index, inline checks. */
  async "hand-objects"() {
    const records = surveyRecords(survey(ROWS, SEGMENTS));
    const { time, value } = await measure(() => countObjects(records));
    return report("hand-objects", time, value);
  },

  /**
   * The best hand-written loop over typed arrays: one counter per segment and score (stride
   * 16), the range check folded into a flag tested once at the end.
   */
  async "hand-typed"() {
    const data = survey(ROWS, SEGMENTS);
    const { time, value } = await measure(() => {
      const counts = countTyped(data.score, data.segment, SEGMENTS);
      return fold(labelsOf(data), counts, 16);
    });
    return report("hand-typed", time, value);
  },

  /** The library on records: bySegment with npsMetric. */
  async "library-objects"() {
    const lib = await library();
    const records = surveyRecords(survey(ROWS, SEGMENTS));
    const metrics = { nps: lib.npsMetric<{ segment: string; score: number }>({ score: "score" }) };
    const { time, value } = await measure(() => lib.bySegment(records, "segment", metrics));
    const rows = value.segments.map((row): Row => {
      const t = row.tallies.nps;
      return [String(row.key), t.promoters, t.passives, t.detractors];
    });
    return report("library-objects", time, rows);
  },

  /** The library on columns: bySegmentColumns over a Uint8Array and a coded segment column. */
  async "library-columns"() {
    const lib = await library();
    const data = survey(ROWS, SEGMENTS);
    const table = { score: data.score, segment: { codes: data.segment, labels: data.labels } };
    const metrics = { nps: lib.npsMetric({ score: "score" }) };
    const { time, value } = await measure(() => lib.bySegmentColumns(table, "segment", metrics));
    const rows = value.segments.map((row): Row => {
      const t = row.tallies.nps;
      return [String(row.key), t.promoters, t.passives, t.detractors];
    });
    return report("library-columns", time, rows);
  },

  /** arquero: a table of a string column and the scores; groupby + rollup. */
  async arquero() {
    const aq = await import("arquero");
    const data = survey(ROWS, SEGMENTS);
    const build = () => {
      const segment = new Array<string>(data.rows);
      for (let i = 0; i < data.rows; i++)
        segment[i] = data.labels[data.segment[i] as number] as string;
      return aq.table({ segment, score: data.score });
    };
    const load = await measureEach(build, LOAD_RUNS);
    const table = load.value;
    const { op } = aq;
    const { time, value } = await measure(
      () =>
        table
          .groupby("segment")
          .rollup({
            promoters: (d: { score: number }) => op.sum(d.score >= 9 ? 1 : 0),
            passives: (d: { score: number }) => op.sum(d.score >= 7 && d.score <= 8 ? 1 : 0),
            detractors: (d: { score: number }) => op.sum(d.score <= 6 ? 1 : 0),
          })
          .objects() as {
          segment: string;
          promoters: number;
          passives: number;
          detractors: number;
        }[],
    );
    const rows = value.map((r): Row => [r.segment, r.promoters, r.passives, r.detractors]);
    return report("arquero", time, rows, { load: load.time });
  },

  /** nodejs-polars: a DataFrame of the code and score columns; groupBy + agg. */
  async polars() {
    const { default: pl } = await import("nodejs-polars");
    const data = survey(ROWS, SEGMENTS);
    const load = await measureEach(
      () =>
        pl.DataFrame({
          segment: pl.Series("segment", data.segment),
          score: pl.Series("score", data.score),
        }),
      LOAD_RUNS,
    );
    const df = load.value;
    const { time, value } = await measure(
      () =>
        df
          .groupBy("segment")
          .agg(
            pl.col("score").gtEq(9).sum().alias("promoters"),
            pl.col("score").gtEq(7).and(pl.col("score").ltEq(8)).sum().alias("passives"),
            pl.col("score").ltEq(6).sum().alias("detractors"),
          )
          .toRecords() as {
          segment: number;
          promoters: number;
          passives: number;
          detractors: number;
        }[],
    );
    const rows = value.map(
      (r): Row => [data.labels[r.segment] as string, r.promoters, r.passives, r.detractors],
    );
    return report("polars", time, rows, { load: load.time });
  },

  async "duckdb-enum"() {
    return duckdb("enum");
  },
  async "duckdb-text"() {
    return duckdb("text");
  },
  async "duckdb-library-sql"() {
    return duckdb("library");
  },
};

/**
 * DuckDB (@duckdb/node-api), in memory. Load: the two columns appended in 2,048-row data chunks,
 * then the segment column cast to an ENUM (or kept as text). The query is a GROUP BY with one
 * SUM(CASE ...) per group of answers; "library" runs the SQL the library emits (toSql) and
 * finalizes the rows with fromSqlRows, on the ENUM table.
 */
async function duckdb(variant: "enum" | "text" | "library"): Promise<EngineReport> {
  const duck = await import("@duckdb/node-api");
  const data = survey(ROWS, SEGMENTS);
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const labelList = `[${data.labels.map((l) => `'${l}'`).join(", ")}]`;
  await connection.run(
    `CREATE TYPE segment_enum AS ENUM (${data.labels.map((l) => `'${l}'`).join(", ")})`,
  );
  let loads = 0;
  const load = await measureEach(async () => {
    loads++;
    await connection.run("DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS survey");
    await connection.run("CREATE TABLE raw (code USMALLINT, score UTINYINT)");
    const appender = await connection.createAppender("raw");
    const types = [duck.USMALLINT, duck.UTINYINT];
    for (let from = 0; from < data.rows; from += 2048) {
      const count = Math.min(2048, data.rows - from);
      const chunk = duck.DuckDBDataChunk.create(types, count);
      chunk.setColumnValues(0, Array.from(data.segment.subarray(from, from + count)));
      chunk.setColumnValues(1, Array.from(data.score.subarray(from, from + count)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    appender.closeSync();
    const segmentType = variant === "text" ? "VARCHAR" : "segment_enum";
    await connection.run(
      `CREATE TABLE survey AS SELECT CAST(${labelList}[code + 1] AS ${segmentType}) AS segment, score FROM raw`,
    );
    await connection.run("DROP TABLE raw");
    return loads;
  }, LOAD_RUNS);

  if (variant === "library") {
    const lib = await library();
    const metric = lib.npsMetric({ score: "score" });
    const sql = lib.toSql(
      { nps: metric },
      { table: "survey", groupBy: "segment", dialect: "duckdb" },
    );
    const { time, value } = await measure(async () => {
      const reader = await connection.runAndReadAll(sql);
      return lib.fromSqlRows({ nps: metric }, reader.getRowObjectsJS(), { groupBy: "segment" });
    });
    const rows = value.segments.map((row): Row => {
      const t = row.tallies.nps;
      return [String(row.key), t.promoters, t.passives, t.detractors];
    });
    connection.closeSync();
    instance.closeSync();
    return report("duckdb-library-sql", time, rows, { load: load.time });
  }

  const query = `SELECT CAST(segment AS VARCHAR) AS segment,
      SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END) AS promoters,
      SUM(CASE WHEN score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,
      SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END) AS detractors
    FROM survey GROUP BY segment`;
  const { time, value } = await measure(async () => {
    const reader = await connection.runAndReadAll(query);
    return reader.getRowObjectsJS() as {
      segment: string;
      promoters: bigint;
      passives: bigint;
      detractors: bigint;
    }[];
  });
  const rows = value.map(
    (r): Row => [r.segment, Number(r.promoters), Number(r.passives), Number(r.detractors)],
  );
  connection.closeSync();
  instance.closeSync();
  return report(`duckdb-${variant}`, time, rows, { load: load.time });
}

export const LINES: readonly EngineLine[] = [
  { engine: "hand-typed", label: "hand-written loop, typed arrays", reference: true },
  { engine: "hand-objects", label: "hand-written loop, objects" },
  { engine: "library-objects", label: "library: bySegment(records) + npsMetric" },
  { engine: "library-columns", label: "library: bySegmentColumns (Uint8Array + coded segment)" },
  { engine: "duckdb-enum", label: "DuckDB, ENUM segment column" },
  { engine: "duckdb-text", label: "DuckDB, VARCHAR segment column" },
  {
    engine: "duckdb-library-sql",
    label: "DuckDB running the library's toSql + fromSqlRows (ENUM)",
  },
  { engine: "polars", label: "nodejs-polars (integer segment code)" },
  { engine: "arquero", label: "arquero (string segment column)" },
];

/** Runs every engine of this workload. */
export function run(only?: readonly string[]): Promise<WorkloadResult> {
  return runWorkload(
    new URL(import.meta.url).pathname,
    "nps-segments",
    `NPS by segment: ${ROWS.toLocaleString("en-US")} answers, ${SEGMENTS} segments`,
    "Promoters, passives and detractors per segment, every answer checked (integer 0-10).",
    LINES,
    only,
  );
}

if (!(await engineMain(engines)) && isMain(import.meta.url)) {
  const result = await run(onlyEngines());
  console.log(JSON.stringify(result, null, 2));
}
