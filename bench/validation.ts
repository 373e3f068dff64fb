// Workload: the cost of checking every row, in ns per row, 1M rows. Hand-written checks (the
// floor), the library's inline checks (records and columns, with the counting they feed), and
// zod array parsing (what a schema-first library would do at the edge).
// Run: node --max-old-space-size=12000 bench/validation.ts [--only a,b]
import * as z from "zod/mini";
import { orderRecords, orders, survey, surveyRecords } from "./lib/data.ts";
import { fnv } from "./lib/digest.ts";
import { type EngineReport, engineMain, heapMB, measure } from "./lib/harness.ts";
import { library } from "./lib/library.ts";
import {
  type EngineLine,
  isMain,
  onlyEngines,
  runWorkload,
  type WorkloadResult,
} from "./lib/workload.ts";

const ROWS = Number(process.env["BENCH_VALIDATION_ROWS"] ?? 1_000_000);

function report(
  engine: string,
  time: EngineReport["time"],
  answer: unknown,
  note?: string,
): EngineReport {
  return {
    engine,
    time,
    check: fnv(JSON.stringify(answer)),
    heapMB: heapMB(),
    ...(note === undefined ? {} : { note }),
  };
}

const isScore = (s: unknown): boolean =>
  typeof s === "number" && s >= 0 && s <= 10 && (s | 0) === s;

const engines: Record<string, () => Promise<EngineReport>> = {
  /** Hand-written check of survey records (object, score an integer 0-10, segment a string). */
  async "hand-objects"() {
    const records = surveyRecords(survey(ROWS));
    const { time, value } = await measure(() => {
      let valid = 0;
      for (let i = 0; i < records.length; i++) {
        const r: unknown = records[i];
        if (r === null || typeof r !== "object") throw new Error(`row ${i}`);
        const s: unknown = Reflect.get(r, "score");
        const g: unknown = Reflect.get(r, "segment");
        if (!isScore(s) || typeof g !== "string") throw new Error(`row ${i}`);
        valid++;
      }
      return valid;
    });
    return report("hand-objects", time, value);
  },

  /** Hand-written check of a Uint8Array of scores. */
  async "hand-typed"() {
    const { score } = survey(ROWS);
    const { time, value } = await measure(() => {
      let bad = 0;
      for (let i = 0; i < score.length; i++) bad |= (score[i] as number) > 10 ? 1 : 0;
      if (bad !== 0) throw new Error("bad score");
      return score.length;
    });
    return report("hand-typed", time, value);
  },

  /** Hand-written check of order records with Date values (object, id, date, amount). */
  async "hand-orders"() {
    const records = orderRecords(orders(ROWS, Math.max(1, ROWS / 10)));
    const { time, value } = await measure(() => {
      let valid = 0;
      for (let i = 0; i < records.length; i++) {
        const r = records[i] as { customerId: unknown; date: unknown; amount: unknown };
        const t = r.date instanceof Date ? r.date.getTime() : Number.NaN;
        const a = r.amount;
        if (
          !Number.isFinite(t) ||
          typeof r.customerId !== "number" ||
          typeof a !== "number" ||
          !(a >= 0)
        ) {
          throw new Error(`row ${i}`);
        }
        valid++;
      }
      return valid;
    });
    return report("hand-orders", time, value);
  },

  /** The library: nps(number[]), the inline check and the 11 counters. */
  async "library-nps-numbers"() {
    const lib = await library();
    const scores = Array.from(survey(ROWS).score);
    const { time, value } = await measure(() => lib.nps(scores).promoters);
    return report("library-nps-numbers", time, value, "check + count");
  },

  /** The library: bySegment over records (key check + score check + count). */
  async "library-records"() {
    const lib = await library();
    const records = surveyRecords(survey(ROWS));
    const metric = lib.npsMetric<{ segment: string; score: number }>({ score: "score" });
    const { time, value } = await measure(
      () => lib.bySegment(records, "segment", { nps: metric }).total.n,
    );
    return report("library-records", time, value, "check + route + count");
  },

  /** The library: runMetricColumns over a Float64Array (every value checked: integer 0-10). */
  async "library-columns"() {
    const lib = await library();
    const score = Float64Array.from(survey(ROWS).score);
    const metric = lib.npsMetric({ score: "score" });
    const { time, value } = await measure(() => lib.runMetricColumns(metric, { score }).promoters);
    return report("library-columns", time, value, "check + count, Float64Array");
  },

  /** The library: cohortRetentionColumns over order columns (customer, date, amount checks + two passes). */
  async "library-orders-columns"() {
    const lib = await library();
    const data = orders(ROWS, Math.max(1, ROWS / 10));
    const table = { customerId: data.customer, date: data.date, amount: data.amount };
    const { time, value } = await measure(
      () => lib.cohortRetentionColumns(table, { kind: "orders" }).customers,
    );
    return report("library-orders-columns", time, value, "checks + whole cohort matrix");
  },

  /** zod (mini): z.array(z.object({ segment, score })).parse, as a schema-first edge would. */
  async "zod-objects"() {
    const lib = await library();
    const records = surveyRecords(survey(ROWS));
    const schema = z.array(z.object({ segment: z.string(), score: lib.npsScoreSchema }));
    const { time, value } = await measure(() => schema.parse(records).length);
    return report("zod-objects", time, value, "copies every row");
  },

  /** zod (mini): z.array(orderSchema).parse over order records with Date values. */
  async "zod-orders"() {
    const lib = await library();
    const records = orderRecords(orders(ROWS, Math.max(1, ROWS / 10)));
    const schema = z.array(lib.orderSchema);
    const { time, value } = await measure(() => schema.parse(records).length);
    return report("zod-orders", time, value, "copies every row");
  },
};

export const LINES: readonly EngineLine[] = [
  { engine: "hand-typed", label: "hand-written check, Uint8Array scores", reference: true },
  { engine: "hand-objects", label: "hand-written check, survey records" },
  { engine: "hand-orders", label: "hand-written check, order records (Date values)" },
  { engine: "library-nps-numbers", label: "library: nps(number[]) (check + count)" },
  {
    engine: "library-records",
    label: "library: bySegment(records) + npsMetric (check + route + count)",
  },
  { engine: "library-columns", label: "library: runMetricColumns, Float64Array (check + count)" },
  { engine: "library-orders-columns", label: "library: cohortRetentionColumns (checks + matrix)" },
  { engine: "zod-objects", label: "zod: z.array(z.object({ segment, score })).parse" },
  { engine: "zod-orders", label: "zod: z.array(orderSchema).parse (Date values)" },
];

/** Runs every engine of this workload. */
export function run(only?: readonly string[]): Promise<WorkloadResult> {
  return runWorkload(
    new URL(import.meta.url).pathname,
    "validation",
    `Checking every row: ${ROWS.toLocaleString("en-US")} rows (ns per row)`,
    "Each row checked (score an integer 0-10; orders: id, date, amount >= 0); the library rows include the work the check feeds.",
    LINES,
    only,
  );
}

if (!(await engineMain(engines)) && isMain(import.meta.url)) {
  const result = await run(onlyEngines());
  console.log(JSON.stringify(result, null, 2));
}
