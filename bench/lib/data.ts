// Seeded synthetic data for the benchmarks: the same seed gives the same rows in every process,
// so each engine (run in its own process) sees identical input.

/** mulberry32: a small, fast, seeded PRNG (public domain, Tommy Ettinger). */
export function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A discrete distribution given by weights, sampled in O(1) on average: a 1024-slot guide table
 * gives the first candidate, then a short linear step (Chen & Asau's guide-table method).
 */
function distribution(weights: readonly number[]): (u: number) => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w / total;
    cumulative[i] = running;
  });
  cumulative[cumulative.length - 1] = 1;
  const guide = new Int32Array(1024);
  let k = 0;
  for (let g = 0; g < 1024; g++) {
    while ((cumulative[k] as number) <= g / 1024) k++;
    guide[g] = k;
  }
  return (u) => {
    let j = guide[(u * 1024) | 0] as number;
    while (u >= (cumulative[j] as number)) j++;
    return j;
  };
}

export interface Survey {
  readonly rows: number;
  /** NPS answer 0..10 per row. */
  readonly score: Uint8Array;
  /** Segment code per row, into `labels`. */
  readonly segment: Uint16Array;
  readonly labels: readonly string[];
}

/**
 * NPS answers in `segments` segments of unequal size (weight ∝ 1/√(rank)), each segment with its
 * own answer mix (a shifted, top-heavy distribution).
 */
export function survey(rows: number, segments = 50, seed = 20_250_301): Survey {
  const random = prng(seed);
  const labels = Array.from(
    { length: segments },
    (_, i) => `segment-${String(i).padStart(2, "0")}`,
  );
  const sizes = distribution(labels.map((_, i) => 1 / Math.sqrt(i + 1)));
  const mixes = labels.map((_, i) =>
    distribution([2, 1, 1, 2, 2, 4, 6, 10, 18 + (i % 7), 20 + (i % 5) * 3, 16 + (i % 3) * 4]),
  );
  const score = new Uint8Array(rows);
  const segment = new Uint16Array(rows);
  for (let i = 0; i < rows; i++) {
    const s = sizes(random());
    segment[i] = s;
    score[i] = (mixes[s] as (u: number) => number)(random());
  }
  return { rows, score, segment, labels };
}

/** The survey as records `{ segment, score }` (what an API or ORM hands over). */
export function surveyRecords(data: Survey): { segment: string; score: number }[] {
  const out = new Array<{ segment: string; score: number }>(data.rows);
  for (let i = 0; i < data.rows; i++) {
    out[i] = {
      segment: data.labels[data.segment[i] as number] as string,
      score: data.score[i] as number,
    };
  }
  return out;
}

export interface Orders {
  readonly rows: number;
  readonly customers: number;
  /** Customer code per order, 0 .. customers - 1. */
  readonly customer: Int32Array;
  /** Order instant, epoch ms (UTC). */
  readonly date: Float64Array;
  readonly amount: Float64Array;
}

/** First instant of the data (2022-01-01) and its span (3 years). */
export const ORDERS_START: number = Date.UTC(2022, 0, 1);
export const ORDERS_END: number = Date.UTC(2025, 0, 1);

/**
 * Orders of `customers` customers over 2022-2024: each customer starts at a uniform instant and
 * orders with a popularity ∝ 1/rank^0.6 (a long tail of one-time buyers), at instants that thin
 * out after the start (start + U² · remaining time), so cohorts decay as real ones do.
 */
export function orders(rows: number, customers = 500_000, seed = 20_250_302): Orders {
  const random = prng(seed);
  const span = ORDERS_END - ORDERS_START;
  const start = new Float64Array(customers);
  for (let c = 0; c < customers; c++) start[c] = ORDERS_START + Math.floor(random() * span * 0.97);
  // Inverse-CDF sampling of a power law over ranks: rank = floor(customers * u^(1/(1-0.6))).
  const customer = new Int32Array(rows);
  const date = new Float64Array(rows);
  const amount = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = random();
    const c =
      i < customers ? i : Math.min(customers - 1, Math.floor(customers * v * v * Math.sqrt(v)));
    customer[i] = c;
    const first = start[c] as number;
    // Every customer's first order is at their start; later ones thin out.
    const u = random();
    date[i] = i < customers ? first : Math.floor(first + u * u * (ORDERS_END - first - 1));
    amount[i] = Math.round((5 + random() * 195) * 100) / 100;
  }
  return { rows, customers, customer, date, amount };
}

/** The orders as records with `Date` values, as a database driver returns them. */
export function orderRecords(data: Orders): { customerId: number; date: Date; amount: number }[] {
  const out = new Array<{ customerId: number; date: Date; amount: number }>(data.rows);
  for (let i = 0; i < data.rows; i++) {
    out[i] = {
      customerId: data.customer[i] as number,
      date: new Date(data.date[i] as number),
      amount: data.amount[i] as number,
    };
  }
  return out;
}
