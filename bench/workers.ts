// Workload: does a second core pay for segment NPS over 10M typed rows? Tallies merge, so two
// worker threads can each count half and the main thread merges. Measured: one thread; two
// workers already running with the data in SharedArrayBuffers (the best case); two workers on
// ordinary arrays (halves copied by postMessage); and a cold start (workers created per call).
// Run: node --max-old-space-size=12000 bench/workers.ts [--only a,b]
import { Worker } from "node:worker_threads";
import { survey } from "./lib/data.ts";
import { npsDigest } from "./lib/digest.ts";
import { type EngineReport, engineMain, heapMB, measure } from "./lib/harness.ts";
import { LIBRARY, library } from "./lib/library.ts";
import {
  type EngineLine,
  isMain,
  onlyEngines,
  runWorkload,
  type WorkloadResult,
} from "./lib/workload.ts";

const ROWS = Number(process.env["BENCH_NPS_ROWS"] ?? 10_000_000);
const SEGMENTS = 50;

/** The worker: counts its half with bySegmentColumns and posts the tallies back. */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
let lib;
parentPort.on("message", async ({ score, codes, labels }) => {
  lib ??= await import(workerData.library);
  const table = lib.bySegmentColumns({ score, segment: { codes, labels } }, "segment", { nps: lib.npsMetric({ score: "score" }) });
  parentPort.postMessage(table.segments.map((row) => [row.key, row.n, row.tallies.nps]));
});
`;

type Part = [
  string,
  number,
  {
    promoters: number;
    passives: number;
    detractors: number;
    responses: number;
    sumSquaredWeights: number;
  },
][];

/** The built package's entry, resolved here (an eval'd worker has no module location). */
const LIBRARY_URL = LIBRARY.startsWith("/") ? `file://${LIBRARY}` : import.meta.resolve(LIBRARY);

function startWorker(): Worker {
  return new Worker(WORKER, { eval: true, workerData: { library: LIBRARY_URL } });
}

function ask(worker: Worker, message: unknown, transfer: ArrayBuffer[] = []): Promise<Part> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.postMessage(message, transfer);
  });
}

/** Merges the halves' tallies by segment (what the library's merge does), then the digest rows. */
async function mergeParts(
  parts: readonly Part[],
): Promise<(readonly [string, number, number, number])[]> {
  const lib = await library();
  const metric = lib.npsMetric({ score: "score" });
  const merged = new Map<string, Part[number][2]>();
  for (const part of parts) {
    for (const [key, , tally] of part) {
      const seen = merged.get(key);
      merged.set(key, seen === undefined ? tally : metric.merge(seen, tally));
    }
  }
  // Finalize each segment, as bySegment would (included in the time).
  for (const tally of merged.values()) metric.finalize(tally);
  return [...merged].map(([key, t]) => [key, t.promoters, t.passives, t.detractors] as const);
}

function shared(source: Uint8Array | Uint16Array): Uint8Array | Uint16Array {
  const buffer = new SharedArrayBuffer(source.byteLength);
  const copy = source instanceof Uint8Array ? new Uint8Array(buffer) : new Uint16Array(buffer);
  copy.set(source);
  return copy;
}

const engines: Record<string, () => Promise<EngineReport>> = {
  async "one-thread"() {
    const lib = await library();
    const data = survey(ROWS, SEGMENTS);
    const metric = lib.npsMetric({ score: "score" });
    const table = { score: data.score, segment: { codes: data.segment, labels: data.labels } };
    const { time, value } = await measure(() =>
      lib.bySegmentColumns(table, "segment", { nps: metric }),
    );
    const rows = value.segments.map(
      (r) =>
        [
          String(r.key),
          r.tallies.nps.promoters,
          r.tallies.nps.passives,
          r.tallies.nps.detractors,
        ] as const,
    );
    return { engine: "one-thread", time, check: npsDigest(rows), heapMB: heapMB() };
  },

  async "two-workers-shared"() {
    const data = survey(ROWS, SEGMENTS);
    const score = shared(data.score);
    const codes = shared(data.segment);
    const half = ROWS >> 1;
    const workers = [startWorker(), startWorker()];
    const { time, value } = await measure(async () => {
      const parts = await Promise.all([
        ask(workers[0] as Worker, {
          score: score.subarray(0, half),
          codes: codes.subarray(0, half),
          labels: data.labels,
        }),
        ask(workers[1] as Worker, {
          score: score.subarray(half),
          codes: codes.subarray(half),
          labels: data.labels,
        }),
      ]);
      return mergeParts(parts);
    });
    await Promise.all(workers.map((w) => w.terminate()));
    return {
      engine: "two-workers-shared",
      time,
      check: npsDigest(value),
      heapMB: heapMB(),
    };
  },

  async "two-workers-copied"() {
    const data = survey(ROWS, SEGMENTS);
    const half = ROWS >> 1;
    const workers = [startWorker(), startWorker()];
    const { time, value } = await measure(async () => {
      const parts = await Promise.all([
        ask(workers[0] as Worker, {
          score: data.score.subarray(0, half),
          codes: data.segment.subarray(0, half),
          labels: data.labels,
        }),
        ask(workers[1] as Worker, {
          score: data.score.subarray(half),
          codes: data.segment.subarray(half),
          labels: data.labels,
        }),
      ]);
      return mergeParts(parts);
    });
    await Promise.all(workers.map((w) => w.terminate()));
    return {
      engine: "two-workers-copied",
      time,
      check: npsDigest(value),
      heapMB: heapMB(),
    };
  },

  async "two-workers-cold"() {
    const data = survey(ROWS, SEGMENTS);
    const score = shared(data.score);
    const codes = shared(data.segment);
    const half = ROWS >> 1;
    const { time, value } = await measure(async () => {
      const workers = [startWorker(), startWorker()];
      const parts = await Promise.all([
        ask(workers[0] as Worker, {
          score: score.subarray(0, half),
          codes: codes.subarray(0, half),
          labels: data.labels,
        }),
        ask(workers[1] as Worker, {
          score: score.subarray(half),
          codes: codes.subarray(half),
          labels: data.labels,
        }),
      ]);
      await Promise.all(workers.map((w) => w.terminate()));
      return mergeParts(parts);
    });
    return {
      engine: "two-workers-cold",
      time,
      check: npsDigest(value),
      heapMB: heapMB(),
    };
  },
};

export const LINES: readonly EngineLine[] = [
  { engine: "one-thread", label: "library: bySegmentColumns, one thread", reference: true },
  { engine: "two-workers-shared", label: "2 warm workers, data in SharedArrayBuffers" },
  { engine: "two-workers-copied", label: "2 warm workers, halves copied (ordinary arrays)" },
  { engine: "two-workers-cold", label: "2 workers started per call" },
];

/** Runs every engine of this workload. */
export function run(only?: readonly string[]): Promise<WorkloadResult> {
  return runWorkload(
    new URL(import.meta.url).pathname,
    "workers",
    `Two cores? Segment NPS over ${ROWS.toLocaleString("en-US")} typed rows, split in halves`,
    "Each worker counts half with bySegmentColumns; the main thread merges the tallies (metric.merge) and finalizes.",
    LINES,
    only,
  );
}

if (!(await engineMain(engines)) && isMain(import.meta.url)) {
  const result = await run(onlyEngines());
  console.log(JSON.stringify(result, null, 2));
}
