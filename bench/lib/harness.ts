// Timing and process isolation for the benchmarks. Each engine runs in its own process (this
// file's `runEngine` spawns the workload script with `--engine <name>`), so one engine's heap,
// JIT state and native threads never disturb another's timings.
import { spawn } from "node:child_process";
import { cpus } from "node:os";

/** Timings of one measured operation, in milliseconds. */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** What an engine reports back to the orchestrator. */
export interface EngineReport {
  readonly engine: string;
  /** The measured work (load excluded). */
  readonly time: Timing;
  /** Getting the data into the engine (polars, DuckDB, arquero), when it applies. */
  readonly load?: Timing;
  /** A digest of the answer, compared across engines. */
  readonly check: string;
  /** Heap used after the runs, MB (rough: the engine's data included). */
  readonly heapMB: number;
  readonly note?: string;
}

/** Number of measured runs (after one warm-up). */
export const RUNS: number = Number(process.env["BENCH_RUNS"] ?? 7);

function summarize(runs: number[]): Timing {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs };
}

/** Runs `fn` `warmups` times to warm up (default 1), then `runs` times; returns the timings and the last value. */
export async function measure<T>(
  fn: () => T | Promise<T>,
  runs: number = RUNS,
  warmups = 1,
): Promise<{ readonly time: Timing; readonly value: T }> {
  for (let w = 0; w < warmups; w++) await fn();
  const times: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < Math.max(1, runs); r++) {
    const start = performance.now();
    value = await fn();
    times.push(performance.now() - start);
  }
  return { time: summarize(times), value: value as T };
}

/** Times a one-off step (such as a load) `runs` times with a fresh setup each time. */
export async function measureEach<T>(
  fn: () => T | Promise<T>,
  runs: number,
): Promise<{ readonly time: Timing; readonly value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = await fn();
    times.push(performance.now() - start);
  }
  return { time: summarize(times), value: value as T };
}

const MARKER = "BENCH-RESULT ";

/**
 * The child side: runs the engine named by `--engine` and prints its report on one line.
 * Returns `false` when this process is the orchestrator (no `--engine` argument).
 */
export async function engineMain(
  engines: Readonly<Record<string, () => Promise<EngineReport>>>,
): Promise<boolean> {
  const at = process.argv.indexOf("--engine");
  if (at < 0) return false;
  const name = process.argv[at + 1] ?? "";
  const engine = engines[name];
  if (engine === undefined) throw new Error(`unknown engine ${name}`);
  const report = await engine();
  process.stdout.write(`${MARKER}${JSON.stringify(report)}\n`);
  return true;
}

/** The orchestrator side: runs one engine in a fresh Node process and returns its report. */
export function runEngine(
  script: string,
  engine: string,
  options: { readonly heapMB?: number; readonly timeoutMs?: number } = {},
): Promise<EngineReport | { readonly engine: string; readonly error: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${options.heapMB ?? 12_000}`,
        "--expose-gc",
        script,
        "--engine",
        engine,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(MARKER));
      if (code === 0 && line !== undefined) {
        resolve(JSON.parse(line.slice(MARKER.length)) as EngineReport);
      } else {
        const tail = err.trim().split("\n").slice(-3).join(" | ");
        resolve({ engine, error: `exit ${code}: ${tail || out.trim().slice(-300)}` });
      }
    });
  });
}

/** The machine, for RESULTS.md. */
export function machine(): { readonly cpu: string; readonly cores: number; readonly node: string } {
  const list = cpus();
  return { cpu: list[0]?.model ?? "unknown", cores: list.length, node: process.version };
}

/** Heap in use now, MB (after a GC when --expose-gc is on). */
export function heapMB(): number {
  const gc: unknown = Reflect.get(globalThis, "gc");
  if (typeof gc === "function") gc();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
}

/** Formats milliseconds for a table: 3 significant digits. */
export function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
