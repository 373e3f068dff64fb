// One workload = several engines, each run in its own process, reported side by side.
import { fileURLToPath } from "node:url";
import { type EngineReport, runEngine } from "./harness.ts";

/** An engine's line in a workload's table. */
export interface EngineLine {
  /** Engine id (the `--engine` argument). */
  readonly engine: string;
  /** What it is, for the table. */
  readonly label: string;
  /** Whether it is the reference hand-written loop (ratios are to it). */
  readonly reference?: boolean;
}

/** The outcome of a workload run. */
export interface WorkloadResult {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly lines: readonly EngineLine[];
  readonly reports: readonly (EngineReport | { readonly engine: string; readonly error: string })[];
}

/** Runs every engine of a workload, one process after the other. */
export async function runWorkload(
  script: string,
  id: string,
  title: string,
  description: string,
  lines: readonly EngineLine[],
  only?: readonly string[],
): Promise<WorkloadResult> {
  const reports: WorkloadResult["reports"][number][] = [];
  for (const line of lines) {
    if (only !== undefined && only.length > 0 && !only.includes(line.engine)) continue;
    process.stderr.write(`  ${id} / ${line.engine} ... `);
    const report = await runEngine(script, line.engine);
    process.stderr.write(
      "error" in report ? `ERROR ${report.error}\n` : `${report.time.median.toFixed(1)} ms\n`,
    );
    reports.push(report);
  }
  return { id, title, description, lines, reports };
}

/** Whether `url` (a module's `import.meta.url`) is the script Node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] === fileURLToPath(url);
}

/** Engines named on the command line after `--only`, comma-separated. */
export function onlyEngines(): string[] {
  const at = process.argv.indexOf("--only");
  return at < 0 ? [] : (process.argv[at + 1] ?? "").split(",").filter((s) => s !== "");
}
