// The checks every runtime runs against the BUILT package (Node 20/22/24 ESM and CJS, Deno, a
// real Chromium). Plain JavaScript with no imports, so the same file runs unchanged everywhere:
// each runner passes in the library's namespace (`import * as api` or `require`).
//
// Expected values are published figures or hand calculations, written out next to each check,
// never the library's own output. A check whose export is missing FAILS: renaming or dropping a
// public function must show up here.

/** @typedef {{ name: string, run: () => void | Promise<void> }} Check */

class CheckFailure extends Error {}

function fail(message) {
  throw new CheckFailure(message);
}

function equal(actual, expected, what) {
  if (!Object.is(actual, expected)) {
    fail(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** |actual − expected| ≤ tolerance. */
function close(actual, expected, tolerance, what) {
  if (typeof actual !== "number" || !(Math.abs(actual - expected) <= tolerance)) {
    fail(`${what}: got ${String(actual)}, expected ${expected} ± ${tolerance}`);
  }
}

function deepEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: got ${a}, expected ${e}`);
}

/** Calls `compute`, expects the library's MetricsInputError with this path (and message). */
function throwsInputError(api, compute, path, message, what) {
  let thrown;
  try {
    compute();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) fail(`${what}: did not throw`);
  if (!(thrown instanceof api.MetricsInputError)) {
    fail(`${what}: threw ${String(thrown)}, not the package's MetricsInputError`);
  }
  equal(thrown.name, "MetricsInputError", `${what}: error.name`);
  deepEqual(thrown.issues[0]?.path, path, `${what}: issues[0].path`);
  if (message !== undefined) equal(thrown.message, message, `${what}: message`);
}

/** The function `name` of the API, or a failure naming the missing export. */
function fn(api, name) {
  const value = api[name];
  if (typeof value !== "function") fail(`export "${name}" is missing or not a function`);
  return value;
}

/** A result must survive JSON unchanged: no Date, NaN, Infinity or undefined-valued keys. */
function jsonSafe(value, what) {
  const walk = (v, at) => {
    if (v === undefined) fail(`${what}: undefined at ${at}`);
    if (typeof v === "number" && !Number.isFinite(v)) fail(`${what}: ${v} at ${at}`);
    if (v instanceof Date) fail(`${what}: a Date at ${at}`);
    if (typeof v === "function") fail(`${what}: a function at ${at}`);
    if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) walk(child, `${at}.${k}`);
    }
  };
  walk(value, "result");
  deepEqual(JSON.parse(JSON.stringify(value)), value, `${what}: JSON round trip`);
}

/** Path of the CDNOW summary, relative to the repository root (read by each runner). */
export const CDNOW_CSV = "test/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv";

/** CDNOW rows `ID,x,t_x,T,zbar` as `{ frequency, recency, T, monetary }`. */
function cdnowRows(text) {
  if (typeof text !== "string") fail("the CDNOW fixture was not passed to the checks");
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [, x, tx, T, zbar] = line.split(",").map(Number);
      return { frequency: x, recency: tx, T, monetary: zbar };
    });
}

/**
 * @param {Record<string, unknown>} api the package namespace
 * @param {{ cdnowCsv?: string }} fixtures data files, read by the runner of each runtime
 * @returns {Check[]}
 */
export function runtimeChecks(api, fixtures = {}) {
  return [
    {
      name: "every export is defined (no broken re-export in this build)",
      run() {
        const names = Object.keys(api).filter((k) => k !== "default" && k !== "__esModule");
        if (names.length < 10) fail(`only ${names.length} exports`);
        for (const name of names) {
          if (api[name] === undefined) fail(`export "${name}" is undefined`);
        }
      },
    },
    {
      name: "NPS 100/60/40 = 30 with the published Wald interval",
      run() {
        // Reference: NPS = 100·(100 − 40)/200 = 30; SE = √((0.7 − 0.09)/200) = 5.5227 points;
        // Wald 95% interval [19.18, 40.82] (cybaea.net derivation, R package NPS nps.se).
        const r = fn(api, "npsFromCounts")(
          { promoters: 100, passives: 60, detractors: 40 },
          { interval: "wald" },
        );
        equal(r.metric, "nps", "metric");
        close(r.value, 30, 1e-12, "value");
        equal(r.n, 200, "n");
        close(r.standardError, 5.5227, 5e-5, "standardError");
        close(r.interval.lower, 19.18, 5e-3, "interval.lower");
        close(r.interval.upper, 40.82, 5e-3, "interval.upper");
        jsonSafe(r, "npsFromCounts");
      },
    },
    {
      name: "NPS from raw answers, records with an accessor, and weights",
      run() {
        const nps = fn(api, "nps");
        // 10, 9 promoters; 8, 7 passives; 6, 3 detractors: 100·(2 − 2)/6 = 0.
        equal(nps([10, 9, 8, 7, 6, 3]).value, 0, "answers");
        // 2 promoters of 3 records, 1 detractor: 100·(2 − 1)/3.
        const records = Object.freeze([{ s: 10 }, { s: 2 }, { s: 9 }].map(Object.freeze));
        close(nps(records, { score: "s" }).value, 100 / 3, 1e-12, "records");
        // Weights 3 (promoter) and 1 (detractor): 100·(3 − 1)/4 = 50.
        const weighted = nps(
          [
            { s: 10, w: 3 },
            { s: 0, w: 1 },
          ],
          { score: "s", weight: "w" },
        );
        close(weighted.value, 50, 1e-12, "weighted value");
        // Kish effective n = (Σw)²/Σw² = 16/10.
        close(weighted.effectiveN, 1.6, 1e-12, "effectiveN");
      },
    },
    {
      name: "empty input gives null with a reason, never NaN or a throw",
      run() {
        const r = fn(api, "nps")([]);
        equal(r.value, null, "value");
        equal(r.reason, "empty", "reason");
        jsonSafe(r, "empty nps");
      },
    },
    {
      name: "bad input throws MetricsInputError naming record and field",
      run() {
        throwsInputError(
          api,
          () => fn(api, "nps")([9, 11]),
          [1],
          "[1]: expected an integer 0-10",
          "nps([9, 11])",
        );
        const records = Array.from({ length: 42 }, () => ({ score: 8 }));
        records[41] = { score: 10.5 };
        throwsInputError(
          api,
          () => fn(api, "nps")(records, { score: "score" }),
          [41, "score"],
          "[41].score: expected an integer 0-10",
          "record 41",
        );
        throwsInputError(
          api,
          () =>
            fn(api, "npsFromCounts")({ promoters: 1, passives: 0, detractors: 0 }, { bogus: 1 }),
          ["options"],
          undefined,
          "unknown option",
        );
        const safe = fn(api, "safeNps")([Number.NaN]);
        equal(safe.ok, false, "safeNps ok");
        equal(safe.error instanceof api.MetricsInputError, true, "safeNps error class");
      },
    },
    {
      name: "compareNps and npsSampleSize",
      run() {
        const from = fn(api, "npsFromCounts");
        // 30 − (80 − 60)/2 = 30 − 10 = 20 points.
        const c = fn(api, "compareNps")(
          from({ promoters: 100, passives: 60, detractors: 40 }),
          from({ promoters: 80, passives: 60, detractors: 60 }),
        );
        close(c.difference, 20, 1e-12, "difference");
        // n = z²·1/0.05² = 1.959964² · 400 = 1536.58 → 1537.
        equal(fn(api, "npsSampleSize")({ margin: 5 }).n, 1537, "sample size");
      },
    },
    {
      name: "CSAT 10/15/25/30/20 = 0.50 (top-2-box), mean 3.35, Wilson interval",
      run() {
        // Reference: (30 + 20)/100 = 0.50; mean (10·1 + 15·2 + 25·3 + 30·4 + 20·5)/100 = 3.35
        // (reference/README.md). Wilson 95% for 50/100: 0.5 ± 0.0960 → [0.4038, 0.5962]
        // (centre (p + z²/2n)/(1 + z²/n) = 0.5, half z·√(p(1−p)/n + z²/4n²)/(1 + z²/n)).
        const r = fn(api, "csatFromCounts")({ counts: [10, 15, 25, 30, 20] });
        close(r.value, 0.5, 1e-12, "value");
        close(r.mean, 3.35, 1e-12, "mean");
        close(r.interval.lower, 0.4038, 5e-5, "interval.lower");
        close(r.interval.upper, 0.5962, 5e-5, "interval.upper");
        equal(r.interval.method, "wilson", "interval.method");
        close(fn(api, "csat")([5, 4, 3, 2, 5]).value, 0.6, 1e-12, "csat of answers");
        throwsInputError(api, () => fn(api, "csat")([5, 6]), [1], undefined, "csat([5, 6])");
        jsonSafe(r, "csatFromCounts");
      },
    },
    {
      name: "LTV = ARPU / churn: 100 / 0.05 = 2000; with a 70% margin 1400",
      run() {
        // ChartMogul's documented example (reference/README.md).
        const ltvFromChurn = fn(api, "ltvFromChurn");
        close(ltvFromChurn({ arpu: 100, churnRate: 0.05 }).value, 2000, 1e-9, "ltv");
        close(
          ltvFromChurn({ arpu: 100, churnRate: 0.05, grossMargin: 0.7 }).value,
          1400,
          1e-9,
          "margin",
        );
        // 5,000 × 0.3 × 4 per year × 3 years = 18,000 (reference/README.md).
        close(
          fn(
            api,
            "ltv",
          )({
            averageOrderValue: 5000,
            grossMargin: 0.3,
            purchaseFrequency: 4,
            lifespan: 3,
            unit: "year",
          }).value,
          18000,
          1e-9,
          "ltv from order value",
        );
        // Zero churn: an infinite lifetime is a null value with a reason, not Infinity.
        const zero = ltvFromChurn({ arpu: 100, churnRate: 0 });
        equal(zero.value, null, "zero churn value");
        equal(zero.reason, "zero-churn", "zero churn reason");
        jsonSafe(zero, "ltvFromChurn zero churn");
      },
    },
    {
      name: "churn from counts and from subscriptions over a half-open period",
      run() {
        // 10 of 100 customers lost: 0.1.
        close(
          fn(api, "churnRate")({ customersAtStart: 100, churned: 10 }).value,
          0.1,
          1e-12,
          "counts",
        );
        // Customer 1 stays; 2 leaves in March; 3 joins and leaves in March (new: excluded by
        // default). Churn = 1 / 2 customers at start.
        const subscriptions = [
          { customerId: 1, start: "2024-01-01T00:00:00Z" },
          { customerId: 2, start: "2024-01-01T00:00:00Z", end: "2024-03-15T00:00:00Z" },
          { customerId: 3, start: "2024-03-02T00:00:00Z", end: "2024-03-20T00:00:00Z" },
        ];
        const r = fn(api, "churnRateFromSubscriptions")(subscriptions, {
          period: { start: "2024-03-01T00:00:00Z", end: "2024-04-01T00:00:00Z" },
        });
        close(r.value, 0.5, 1e-12, "subscriptions");
        throwsInputError(
          api,
          () =>
            fn(api, "churnRateFromSubscriptions")(
              [{ customerId: 1, start: "2024-01-01T00:00:00" }],
              {
                period: { start: "2024-03-01T00:00:00Z", end: "2024-04-01T00:00:00Z" },
              },
            ),
          [0, "start"],
          undefined,
          "a start without an offset",
        );
      },
    },
    {
      name: "bySegment, byPeriod, cohortRetention and toRows",
      run() {
        const records = [
          { r: "EU", s: 10, at: "2025-01-10T12:00:00Z" },
          { r: "US", s: 3, at: "2025-03-02T09:00:00Z" },
          { r: "EU", s: 9, at: "2025-01-20T12:00:00Z" },
        ];
        const metrics = { nps: fn(api, "npsMetric")({ score: "s" }) };
        // EU: two promoters → 100; US: one detractor → −100; total 100·(2 − 1)/3.
        const table = fn(api, "bySegment")(records, "r", metrics);
        deepEqual(
          table.segments.map((row) => [row.key, row.results.nps.value]),
          [
            ["EU", 100],
            ["US", -100],
          ],
          "segments",
        );
        close(table.total.results.nps.value, 100 / 3, 1e-12, "total");
        jsonSafe(table, "bySegment");
        // January 100, February empty (null, kept), March −100.
        const series = fn(api, "byPeriod")(records, { date: "at", interval: "month" }, metrics);
        deepEqual(
          series.periods.map((row) => row.results.nps.value),
          [100, null, -100],
          "periods",
        );
        const rows = fn(api, "toRows")(series);
        // Period starts are ISO strings with an offset: compare the instants.
        deepEqual(
          rows.map((row) => [Date.parse(row.period), row.metric, row.value]),
          [
            [Date.UTC(2025, 0, 1), "nps", 100],
            [Date.UTC(2025, 1, 1), "nps", null],
            [Date.UTC(2025, 2, 1), "nps", -100],
          ],
          "toRows(byPeriod)",
        );
        // Orders: a and b start in January; a comes back in February: January's cohort keeps
        // 1 of 2 in its second month; c starts in February.
        const orders = [
          { customerId: "a", date: "2025-01-05T10:00:00Z", amount: 10 },
          { customerId: "b", date: "2025-01-20T10:00:00Z", amount: 10 },
          { customerId: "a", date: "2025-02-03T10:00:00Z", amount: 10 },
          { customerId: "c", date: "2025-02-10T10:00:00Z", amount: 10 },
        ];
        const matrix = fn(api, "cohortRetention")(orders, {
          kind: "orders",
          asOf: "2025-03-01T00:00:00Z",
        });
        deepEqual(
          matrix.cohorts.map((row) => [row.size, row.retention]),
          [
            [2, [1, 0.5]],
            [1, [1, null]],
          ],
          "cohorts",
        );
        jsonSafe(matrix, "cohortRetention");
      },
    },
    {
      name: "display helpers: Vega-Lite spec, tables and the Jupyter display protocol",
      run() {
        const rows = [
          { segment: "North", metric: "nps", value: 30, lower: 19.18, upper: 40.82, n: 200 },
          { segment: "South", metric: "csat", value: 0.5, lower: 0.4038, upper: 0.5962, n: 100 },
        ];
        const spec = fn(api, "toVegaLite")(rows, { chart: "bars", metric: "nps" });
        equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json", "$schema");
        deepEqual(spec.data.values, [rows[0]], "chart data");
        jsonSafe(spec, "toVegaLite");
        // NPS in points to 0.1, CSAT as a percentage (d3-format ".1f" and ".1%").
        equal(
          fn(api, "toTextTable")(rows),
          [
            "segment  metric  value  lower  upper    n",
            "North    nps      30.0   19.2   40.8  200",
            "South    csat    50.0%  40.4%  59.6%  100",
          ].join("\n"),
          "text table",
        );
        const shown = fn(api, "jupyterDisplay")(rows, { chart: "bars", metric: "nps" });
        const bundle = shown[Symbol.for("Jupyter.display")]();
        equal(typeof bundle["text/html"], "string", "text/html");
        deepEqual(bundle["application/vnd.vegalite.v5+json"], spec, "bundle chart");
      },
    },
    {
      name: "BG/NBD and Gamma-Gamma on CDNOW reproduce Fader-Hardie; sBG on the paper's cohort",
      run() {
        const rows = cdnowRows(fixtures.cdnowCsv);
        equal(rows.length, 2357, "CDNOW customers");
        // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        const fit = fn(api, "fitBgNbd")(rows, { timeUnit: "week" });
        close(fit.params.r, 0.243, 1e-3, "r");
        close(fit.params.alpha, 4.414, 2e-3, "alpha");
        close(fit.params.a, 0.793, 1e-3, "a");
        close(fit.params.b, 2.426, 2e-3, "b");
        close(fit.logLikelihood, -9582.4, 0.1, "BG/NBD log-likelihood");
        // Fader & Hardie (2013), 946 repeat customers: p = 6.25, q = 3.74, γ = 15.44.
        const spend = fn(api, "fitGammaGamma")(rows);
        equal(spend.n, 946, "repeat customers");
        close(spend.params.p, 6.25, 5e-3, "p");
        close(spend.params.q, 3.74, 5e-3, "q");
        close(spend.params.v, 15.44, 1e-2, "gamma");
        // Fader & Hardie (2007), "regular" cohort: α ≈ 0.704, β ≈ 1.182.
        const sbg = fn(api, "fitSbg")([1000, 631, 468, 382, 326, 290, 262, 241]);
        close(sbg.params.alpha, 0.704, 1e-3, "alpha");
        close(sbg.params.beta, 1.182, 1e-3, "beta");
        jsonSafe(fit, "fitBgNbd");
      },
    },
    {
      name: "time zones: ISO with offset only, DST-aware buckets (Intl data of this runtime)",
      run() {
        const toEpochMs = fn(api, "toEpochMs");
        equal(toEpochMs("2025-03-01T00:00:00+01:00"), Date.UTC(2025, 1, 28, 23), "offset string");
        // A string without an offset is local time in every runtime: rejected.
        equal(toEpochMs("2025-03-01T00:00:00"), undefined, "no offset");
        // EU summer time began 2025-03-30 01:00 UTC: that instant is 03:00 in Berlin.
        equal(
          fn(api, "isoInZone")(Date.UTC(2025, 2, 30, 1), "Europe/Berlin"),
          "2025-03-30T03:00:00.000+02:00",
          "isoInZone over DST",
        );
        // 2025-01-31 23:00 UTC is 2025-02-01 08:00 in Tokyo: its month starts 2025-01-31 15:00 UTC.
        equal(
          fn(api, "bucketStart")(Date.UTC(2025, 0, 31, 23), "month", { timeZone: "Asia/Tokyo" }),
          Date.UTC(2025, 0, 31, 15),
          "month bucket in Tokyo",
        );
        // The exported zone schema (Standard Schema interface) rejects an unknown zone.
        const zone = api.timeZoneSchema?.["~standard"];
        if (zone === undefined) fail("timeZoneSchema is missing");
        equal(zone.validate("Mars/Olympus").issues?.length > 0, true, "unknown zone rejected");
        equal(zone.validate("America/Sao_Paulo").issues, undefined, "known zone accepted");
      },
    },
  ];
}

/**
 * Runs the checks outside a test framework (the browser page): `{ name, ok, error? }` each.
 * @param {Check[]} checks
 */
export async function runAll(checks) {
  const results = [];
  for (const check of checks) {
    try {
      await check.run();
      results.push({ name: check.name, ok: true });
    } catch (error) {
      results.push({ name: check.name, ok: false, error: String(error?.stack ?? error) });
    }
  }
  return results;
}
