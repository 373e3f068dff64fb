// Gate: every result is identical across two runs and whatever the machine's time zone.
// The battery (a valid call of every public function) and the bad-input corpus (error paths and
// messages, null results) are observed:
//   1. twice in this process, and under TZ=UTC, America/New_York and Asia/Kolkata, switching
//      process.env.TZ (Node re-reads it on assignment; the test checks the offset did change);
//   2. in child processes started with each TZ, running the same code bundled by esbuild, so
//      the zone is the process's own from its first instruction.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { observeBattery, observeCorpus } from "./observe.ts";

// Offsets of 15 January 2025 (Date#getTimezoneOffset: minutes behind UTC).
const ZONES = [
  { tz: "UTC", offset: 0 },
  { tz: "America/New_York", offset: 300 },
  { tz: "Asia/Kolkata", offset: -330 },
] as const;

const { TZ: originalZone } = process.env;

function setZone(zone: string | undefined): void {
  if (zone === undefined) Reflect.deleteProperty(process.env, "TZ");
  else Reflect.set(process.env, "TZ", zone);
}

function januaryOffset(): number {
  return new Date(Date.UTC(2025, 0, 15)).getTimezoneOffset();
}

interface Observation {
  readonly battery: string[];
  readonly corpus: string[];
}

function observe(): Observation {
  return { battery: observeBattery(), corpus: observeCorpus() };
}

/** The index and both sides of the first difference, for a readable failure. */
function firstDifference(a: readonly string[], b: readonly string[]): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  const i = a.findIndex((x, k) => x !== b[k]);
  return i < 0 ? null : `#${i}:\n${a[i]?.slice(0, 400)}\n${b[i]?.slice(0, 400)}`;
}

describe("determinism", () => {
  afterAll(() => {
    setZone(originalZone);
  });

  let reference: Observation | undefined;

  it("two runs in one process give the same results", () => {
    setZone("UTC");
    const first = observe();
    const second = observe();
    expect(firstDifference(first.battery, second.battery)).toBeNull();
    expect(firstDifference(first.corpus, second.corpus)).toBeNull();
    expect(first.battery.length).toBeGreaterThan(150);
    expect(first.corpus.length).toBeGreaterThan(150);
    reference = first;
  });

  for (const { tz, offset } of ZONES) {
    it(`the same results with process.env.TZ = ${tz}`, () => {
      setZone(tz);
      // The switch took effect: otherwise this test would compare UTC with UTC.
      expect(januaryOffset()).toBe(offset);
      const seen = observe();
      expect(reference).toBeDefined();
      expect(firstDifference(seen.battery, reference?.battery ?? [])).toBeNull();
      expect(firstDifference(seen.corpus, reference?.corpus ?? [])).toBeNull();
    });
  }

  it("the same results in child processes started with TZ=UTC, America/New_York, Asia/Kolkata", () => {
    const dir = mkdtempSync(join(tmpdir(), "engagement-metrics-determinism-"));
    try {
      const outfile = join(dir, "observe.mjs");
      buildSync({
        entryPoints: [join(import.meta.dirname, "observe-main.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        outfile,
        logLevel: "silent",
      });
      for (const { tz, offset } of ZONES) {
        const child = spawnSync(process.execPath, [outfile], {
          env: { ...process.env, TZ: tz },
          encoding: "utf8",
          maxBuffer: 256 * 1024 * 1024,
          timeout: 60_000,
        });
        expect(child.status, `${tz}: ${child.stderr}`).toBe(0);
        const seen = JSON.parse(child.stdout) as Observation & { offset: number };
        expect(seen.offset, tz).toBe(offset);
        expect(firstDifference(seen.battery, reference?.battery ?? []), tz).toBeNull();
        expect(firstDifference(seen.corpus, reference?.corpus ?? []), tz).toBeNull();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
