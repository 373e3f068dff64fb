// Speed of the probabilistic CLV fits: BG/NBD and Gamma-Gamma on CDNOW (2,357 and 23,570
// customers) and on 1,000,000 simulated customers, beside lifetimes 0.11.3 on this machine.
//
// Run after a build:  npx tsup && node bench/models/fit.ts
// (Node 22 strips the types; the script imports the built package, "engagement-metrics".)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fitBgNbd, fitGammaGamma, rfmSummary } from "engagement-metrics";

const ROOT = join(import.meta.dirname, "..", "..");
const SAMPLE = join(ROOT, "test", "fixtures", "cdnow", "CDNOW_sample.txt");
const MASTER = join(ROOT, "..", "shared", "data", "cdnow-lifetimes", "CDNOW_master.txt");

// lifetimes 0.11.3 (numpy 1.24, scipy 1.10) timed on this machine, default settings.
const LIFETIMES_MS = { bgNbdSample: 135, bgNbdMaster: 432, gammaGammaSample: 45 };

interface Order {
  readonly customerId: string;
  readonly date: string;
  readonly amount: number;
}

function isoDay(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}T00:00:00Z`;
}

/** CDNOW_sample.txt: master id, sample id, date, CDs, dollars (no header). */
function sampleOrders(): Order[] {
  return readFileSync(SAMPLE, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const cells = line.trim().split(/\s+/);
      return {
        customerId: cells[1] ?? "",
        date: isoDay(cells[2] ?? ""),
        amount: Number(cells[4]),
      };
    });
}

/** CDNOW_master.txt: header, then id, date, CDs, dollars. */
function masterOrders(): Order[] | null {
  if (!existsSync(MASTER)) return null;
  return readFileSync(MASTER, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const cells = line.trim().split(/\s+/);
      return { customerId: cells[0] ?? "", date: isoDay(cells[1] ?? ""), amount: Number(cells[3]) };
    });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median wall time of `runs` calls after one warm-up call. */
function time<T>(runs: number, task: () => T): { ms: number; result: T } {
  let result = task();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = task();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

// ---------------------------------------------------------------------------------------------
// A seeded BG/NBD + Gamma-Gamma simulator (mulberry32, Marsaglia-Tsang gamma).

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function gamma(random: () => number, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

interface SimulatedCustomer {
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
}

/**
 * Customers as BG/NBD + Gamma-Gamma would generate them (CDNOW's estimates), first purchases
 * spread over 12 weeks and a 39-week window. `resolution` is the time grid in weeks: 1 gives
 * whole weeks (lifetimes' freq="W"), 1/7 gives days in weeks (freq="D", freq_multiplier=7).
 */
function simulate(n: number, resolution: number, seed: number): SimulatedCustomer[] {
  const random = mulberry32(seed);
  const [r, alpha, a, b] = [0.243, 4.414, 0.793, 2.426];
  const [p, q, v] = [6.25, 3.74, 15.44];
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((random() * 12) / resolution) * resolution;
    const T = Math.round((39 - start) / resolution) * resolution;
    const rate = gamma(random, r) / alpha;
    const ga = gamma(random, a);
    const dropout = ga / (ga + gamma(random, b));
    const nu = gamma(random, q) / v;
    let t = 0;
    let x = 0;
    let last = 0;
    let spend = 0;
    for (;;) {
      t += -Math.log(1 - random()) / rate;
      if (!(t < T)) break;
      const slot = Math.floor(t / resolution) * resolution;
      if (slot > last || x === 0) {
        x++;
        last = slot;
        spend += gamma(random, p) / nu;
      }
      if (random() < dropout) break;
    }
    out.push({ frequency: x, recency: x === 0 ? 0 : last, T, monetary: x === 0 ? 0 : spend / x });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const rows: string[][] = [];
function report(task: string, customers: number, ms: number, lifetimes?: number): void {
  const ratio = lifetimes === undefined ? "" : `${(lifetimes / ms).toFixed(1)}×`;
  rows.push([
    task,
    customers.toLocaleString("en-US"),
    ms.toFixed(1),
    lifetimes === undefined ? "" : String(lifetimes),
    ratio,
  ]);
  console.log(`${task.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms ${ratio}`);
}

const calibration = {
  observationEnd: "1997-09-30T00:00:00Z",
  timeUnit: "week",
  grain: "day",
} as const;

const sample = time(10, () => rfmSummary(sampleOrders(), calibration));
report("rfmSummary, CDNOW sample (6,919 orders, parse included)", sample.result.n, sample.ms);
const bgSample = time(10, () => fitBgNbd(sample.result));
report("BG/NBD fit, CDNOW sample", sample.result.n, bgSample.ms, LIFETIMES_MS.bgNbdSample);
const ggSample = time(10, () => fitGammaGamma(sample.result));
report(
  "Gamma-Gamma fit, CDNOW sample repeat customers",
  ggSample.result.n,
  ggSample.ms,
  LIFETIMES_MS.gammaGammaSample,
);
console.log(
  `  BG/NBD r=${bgSample.result.params?.r.toFixed(4)} alpha=${bgSample.result.params?.alpha.toFixed(4)} a=${bgSample.result.params?.a.toFixed(4)} b=${bgSample.result.params?.b.toFixed(4)} LL=${bgSample.result.logLikelihood?.toFixed(2)}`,
);

const master = masterOrders();
if (master === null) {
  console.log(`CDNOW master not found at ${MASTER}: skipping the 23,570-customer runs.`);
} else {
  const summary = time(3, () => rfmSummary(master, calibration));
  report("rfmSummary, CDNOW master (69,659 orders)", summary.result.n, summary.ms);
  const bg = time(5, () => fitBgNbd(summary.result));
  report("BG/NBD fit, CDNOW master", summary.result.n, bg.ms, LIFETIMES_MS.bgNbdMaster);
  // The master file has $0 orders: a repeat customer whose mean spend is 0 cannot be in a
  // Gamma-Gamma model (fitGammaGamma rejects it), so they are filtered first, as with lifetimes.
  const spenders = summary.result.customers.filter((c) => c.frequency > 0 && c.monetary > 0);
  const gg = time(5, () => fitGammaGamma(spenders));
  report("Gamma-Gamma fit, CDNOW master repeat customers (spend > 0)", gg.result.n, gg.ms);
}

for (const [label, resolution] of [
  ["whole weeks", 1],
  ["days in weeks", 1 / 7],
] as const) {
  const customers = simulate(1_000_000, resolution, 20250101);
  const bg = time(3, () => fitBgNbd(customers, { timeUnit: "week" }));
  report(
    `BG/NBD fit, 1M simulated (${label}; ${bg.result.distinctRows.toLocaleString("en-US")} distinct rows)`,
    1_000_000,
    bg.ms,
  );
  console.log(
    `  r=${bg.result.params?.r.toFixed(3)} alpha=${bg.result.params?.alpha.toFixed(3)} a=${bg.result.params?.a.toFixed(3)} b=${bg.result.params?.b.toFixed(3)} (simulated from 0.243, 4.414, 0.793, 2.426)`,
  );
  const gg = time(3, () => fitGammaGamma(customers));
  report(
    `Gamma-Gamma fit, 1M simulated (${label}; ${gg.result.n.toLocaleString("en-US")} repeat)`,
    gg.result.n,
    gg.ms,
  );
  console.log(
    `  p=${gg.result.params?.p.toFixed(3)} q=${gg.result.params?.q.toFixed(3)} v=${gg.result.params?.v.toFixed(3)} (simulated from 6.25, 3.74, 15.44)`,
  );
}

console.log(
  "\n| task | customers | ms (median) | lifetimes ms | speed-up |\n| --- | ---: | ---: | ---: | ---: |",
);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
