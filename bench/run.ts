// `npm run bench`: builds (tsup), then runs every workload, each engine in its own process, and
// writes bench/RESULTS.md (and the raw numbers to bench/results.json).
// Options: --only nps-segments,cohort (workloads) ; BENCH_RUNS=7 ; BENCH_NPS_ROWS ; ...
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import * as cohort from "./cohort.ts";
import type { EngineReport } from "./lib/harness.ts";
import { ms, RUNS } from "./lib/harness.ts";
import type { WorkloadResult } from "./lib/workload.ts";
import * as npsSegments from "./nps-segments.ts";
import * as validation from "./validation.ts";
import * as workers from "./workers.ts";

const HERE = import.meta.dirname;
const ROOT = join(HERE, "..");

const WORKLOADS: Record<string, { run(): Promise<WorkloadResult> }> = {
  "nps-segments": npsSegments,
  cohort,
  validation,
  workers,
};

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

function cores(): number {
  try {
    return readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .filter((l) => l.startsWith("processor")).length;
  } catch {
    return 0;
  }
}

function version(name: string): string {
  try {
    const json = JSON.parse(
      readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"),
    ) as { version?: string };
    return json.version ?? "?";
  } catch {
    return "?";
  }
}

function isReport(r: WorkloadResult["reports"][number]): r is EngineReport {
  return !("error" in r);
}

function find(result: WorkloadResult, engine: string): EngineReport | undefined {
  const r = result.reports.find((x) => x.engine === engine);
  return r !== undefined && isReport(r) ? r : undefined;
}

const PER_ROW: Record<string, number> = {
  validation: Number(process.env["BENCH_VALIDATION_ROWS"] ?? 1_000_000),
};

function table(result: WorkloadResult): string {
  const reference = result.lines.find((l) => l.reference)?.engine;
  const base = reference === undefined ? undefined : find(result, reference)?.time.median;
  const perRow = PER_ROW[result.id];
  const checks = new Set(result.reports.filter(isReport).map((r) => r.check));
  const compare = result.id === "nps-segments" || result.id === "cohort" || result.id === "workers";
  const head =
    perRow === undefined
      ? "| engine | median ms | min – max | × reference | load median ms | load + query ms | heap MB | answer |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
      : "| engine | median ms | ns / row | × reference | note |\n| --- | ---: | ---: | ---: | --- |";
  const lines = result.lines.map((line) => {
    const r = result.reports.find((x) => x.engine === line.engine);
    if (r === undefined) return `| ${line.label} | not run | | | | | | |`;
    if (!isReport(r))
      return `| ${line.label} | error: ${r.error.replaceAll("|", "/").slice(0, 120)} | | | | | | |`;
    const ratio = base === undefined ? "" : `${(r.time.median / base).toFixed(2)}×`;
    if (perRow !== undefined) {
      return `| ${line.label} | ${ms(r.time.median)} | ${((r.time.median * 1e6) / perRow).toFixed(1)} | ${ratio} | ${r.note ?? ""} |`;
    }
    const load = r.load === undefined ? "" : ms(r.load.median);
    const total = r.load === undefined ? "" : ms(r.load.median + r.time.median);
    const answer = compare ? (checks.size === 1 ? "same" : `digest ${r.check}`) : "";
    const note = r.note === undefined ? "" : ` (${r.note})`;
    return `| ${line.label}${note} | **${ms(r.time.median)}** | ${ms(r.time.min)} – ${ms(r.time.max)} | ${ratio} | ${load} | ${total} | ${r.heapMB} | ${answer} |`;
  });
  return [`### ${result.title}`, "", result.description, "", head, ...lines].join("\n");
}

function goals(results: Readonly<Record<string, WorkloadResult>>): string {
  const out: string[] = [];
  const median = (w: string, e: string): number | undefined => {
    const result = results[w];
    return result === undefined ? undefined : find(result, e)?.time.median;
  };
  const line = (
    text: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    unit: string,
  ) => {
    if (value === undefined) out.push(`- ${text}: not measured`);
    else out.push(`- ${text}: ${value.toFixed(2)}${unit} ${ok(value) ? "✅" : "❌"}`);
  };
  const ratio = (a?: number, b?: number) =>
    a === undefined || b === undefined ? undefined : a / b;
  line(
    "Segment NPS over 10M records, library ÷ best hand loop over records (goal ≤ 1.3)",
    ratio(median("nps-segments", "library-objects"), median("nps-segments", "hand-objects")),
    (v) => v <= 1.3,
    "×",
  );
  line(
    "arquero ÷ library on records (goal ≥ 5)",
    ratio(median("nps-segments", "arquero"), median("nps-segments", "library-objects")),
    (v) => v >= 5,
    "×",
  );
  line(
    "Segment NPS on columns, library ÷ typed-array loop (goal ≤ 2)",
    ratio(median("nps-segments", "library-columns"), median("nps-segments", "hand-typed")),
    (v) => v <= 2,
    "×",
  );
  line(
    "Segment NPS on columns, library ÷ DuckDB on ENUM columns (goal < 1)",
    ratio(median("nps-segments", "library-columns"), median("nps-segments", "duckdb-enum")),
    (v) => v < 1,
    "×",
  );
  line(
    "Cohort retention on 5M order columns (goal ≤ 250 ms)",
    median("cohort", "library-columns"),
    (v) => v <= 250,
    " ms",
  );
  line(
    "  ÷ DuckDB (goal < 1)",
    ratio(median("cohort", "library-columns"), median("cohort", "duckdb")),
    (v) => v < 1,
    "×",
  );
  line(
    "  ÷ polars (goal < 1)",
    ratio(median("cohort", "library-columns"), median("cohort", "polars")),
    (v) => v < 1,
    "×",
  );
  line(
    "Cohort retention on 5M order records, src/group's path (goal ≤ 1.5 s)",
    median("cohort", "library-objects"),
    (v) => v <= 1500,
    " ms",
  );
  const rows = PER_ROW["validation"] ?? 1;
  for (const engine of ["library-nps-numbers", "library-records", "library-columns"]) {
    const v = median("validation", engine);
    line(
      `Validation, ${engine} (goal ≤ 25 ns/row, check included)`,
      v === undefined ? undefined : (v * 1e6) / rows,
      (x) => x <= 25,
      " ns/row",
    );
  }
  line(
    "Two warm workers with shared data ÷ one thread (< 1 means it pays)",
    ratio(median("workers", "two-workers-shared"), median("workers", "one-thread")),
    (v) => v < 1,
    "×",
  );
  line(
    "Two workers started per call ÷ one thread",
    ratio(median("workers", "two-workers-cold"), median("workers", "one-thread")),
    (v) => v < 1,
    "×",
  );
  return out.join("\n");
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--only");
  const only = at < 0 ? Object.keys(WORKLOADS) : (process.argv[at + 1] ?? "").split(",");
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  // With --only, the other workloads keep their last figures (bench/results.json).
  const results: Record<string, WorkloadResult> = {};
  if (at >= 0) {
    try {
      const previous = JSON.parse(readFileSync(join(HERE, "results.json"), "utf8")) as {
        results?: Record<string, WorkloadResult>;
      };
      Object.assign(results, previous.results ?? {});
    } catch {
      // No previous results: only the requested workloads are reported.
    }
  }
  for (const id of only) {
    const workload = WORKLOADS[id];
    if (workload === undefined) throw new Error(`unknown workload ${id}`);
    process.stderr.write(`${id}\n`);
    results[id] = await workload.run();
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const load = `${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`;
  const machine = `${cpuModel()}, ${cores()} cores, Node ${process.version}, ${process.platform} ${process.arch}`;
  const peers = `@duckdb/node-api ${version("@duckdb/node-api")}, nodejs-polars ${version("nodejs-polars")}, arquero ${version("arquero")}, zod ${version("zod")}`;
  const md = `# Benchmark results

Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; ${peers}.
${at >= 0 ? `Last run (${only.join(", ")} only; the rest from the previous run)` : "Whole run"}: ${minutes} min (\`npm run bench\`); 1-minute load average ${load} (2 = both cores busy).

Method: each engine runs in its own Node process (\`bench/<workload>.ts --engine <name>\`), on data
made by the same seeded generator (\`bench/lib/data.ts\`); one warm-up, then the **median of
${RUNS} runs** (min – max shown). The time covers the whole computation from the input to the
per-group answer (JavaScript objects out of DuckDB, polars and arquero included). "Load" is getting
the same columns into the engine (DuckDB: appended in 2,048-row data chunks; polars and arquero:
built from the typed arrays), median of 3; "load + query" is what a one-off analysis pays.
Ratios are to the hand-written typed-array loop (× reference). "answer: same" means every
engine's per-group counts have the same digest. The machine's 2 cores were shared with other
work while this ran, so single figures move by ±20%; the ratios are steadier.

${Object.values(results).map(table).join("\n\n")}

## Goals

${goals(results)}
`;
  writeFileSync(join(HERE, "RESULTS.md"), md);
  writeFileSync(
    join(HERE, "results.json"),
    `${JSON.stringify({ machine, peers, results }, null, 2)}\n`,
  );
  process.stderr.write(`wrote bench/RESULTS.md (${minutes} min)\n`);
}

await main();
