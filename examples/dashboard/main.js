// A small dashboard over the example data: every number is computed in the page by the
// library (imported by its package name, resolved to the built dist/), every chart is drawn
// with Observable Plot from the library's tidy rows (toRows). Each figure is also written to
// the DOM with a data-testid and its exact value in data-value, so test/runtime/dashboard.mjs
// can compare them with the results Node computes from the same files.
import * as Plot from "@observablehq/plot";
import {
  byPeriod,
  bySegment,
  churnMetric,
  cohortRetention,
  csatMetric,
  npsMetric,
  toRows,
} from "engagement-metrics";
import subscriptionsCsv from "../data/subscriptions.csv?raw";
import surveyCsv from "../data/survey-responses.csv?raw";

/** Parses the example CSV files (no quoted fields) into objects of strings. */
function parseCsv(text) {
  const [head = "", ...lines] = text.trim().split(/\r?\n/);
  const names = head.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ""]));
  });
}

const responses = parseCsv(surveyCsv).map((row) => ({
  region: row.region,
  date: row.date,
  nps: Number(row.nps),
  csat: Number(row.csat),
}));
const subscriptions = parseCsv(subscriptionsCsv).map((row) => ({
  customerId: row.customer_id,
  plan: row.plan,
  start: row.start,
  end: row.end === "" ? null : row.end,
  mrr: Number(row.mrr),
}));

const CHURN_PERIOD = { start: "2025-04-01T00:00:00Z", end: "2025-07-01T00:00:00Z" };
const fixed1 = (x) => (x === null ? "—" : x.toFixed(1));
const percent1 = (x) => (x === null ? "—" : `${(100 * x).toFixed(1)}%`);

/** A DOM element with a test id and the exact value behind the text shown. */
function figure(tag, testId, value, text) {
  const el = document.createElement(tag);
  el.dataset.testid = testId;
  el.dataset.value = value === null ? "null" : String(value);
  el.textContent = text;
  return el;
}

/** Hidden list of figures behind a chart, for tests and screen readers. */
function figureList(section, entries) {
  const list = document.createElement("ul");
  list.className = "figures";
  for (const [testId, value, text] of entries) list.append(figure("li", testId, value, text));
  document.querySelector(section).append(list);
}

function chart(name, plot) {
  document.querySelector(`[data-chart="${name}"]`).replaceChildren(plot);
}

/** Bars with 95% whiskers, the value printed right of the bar or whisker, whichever is last. */
function barsWithWhiskers(rows, { label, format, tickFormat, width }) {
  return Plot.plot({
    width,
    height: 48 + 36 * rows.length,
    marginLeft: 88,
    marginRight: 56,
    x: { label, grid: true, tickFormat },
    y: { label: null, domain: rows.map((d) => d.segment) },
    marks: [
      Plot.barX(rows, { x: "value", y: "segment", fill: "#4c78a8", fillOpacity: 0.85 }),
      Plot.ruleY(rows, { y: "segment", x1: "lower", x2: "upper", stroke: "#1f2328" }),
      Plot.tickX(rows, { x: "lower", y: "segment", stroke: "#1f2328" }),
      Plot.tickX(rows, { x: "upper", y: "segment", stroke: "#1f2328" }),
      Plot.text(rows, {
        x: (d) => Math.max(0, d.value, d.upper ?? d.value),
        y: "segment",
        text: (d) => format(d.value),
        dx: 8,
        textAnchor: "start",
        fontWeight: 600,
      }),
      Plot.ruleX([0]),
    ],
  });
}

// --- NPS and CSAT by region: bySegment routes each answer to its region's tallies ----------
const byRegion = bySegment(responses, "region", {
  nps: npsMetric({ score: "nps" }),
  csat: csatMetric({ rating: "csat" }),
});
const regionRows = toRows(byRegion, { total: true });
const npsRows = regionRows.filter((r) => r.metric === "nps" && !r.total);
chart(
  "nps-by-region",
  barsWithWhiskers(npsRows, { label: "NPS (points)", format: fixed1, width: 520 }),
);

const tbody = document.querySelector('[data-testid="segment-table"] tbody');
for (const row of regionRows.filter((r) => r.metric === "nps")) {
  const key = row.total ? "All" : row.segment;
  const csat = regionRows.find(
    (r) => r.metric === "csat" && (row.total ? r.total : r.segment === row.segment),
  );
  const tr = document.createElement("tr");
  tr.append(
    figure("td", `region-${key}`, key, key),
    figure("td", `n-${key}`, row.n, String(row.n)),
    figure("td", `nps-${key}`, row.value, fixed1(row.value)),
    figure(
      "td",
      `nps-interval-${key}`,
      row.lower === null ? null : `${row.lower},${row.upper}`,
      row.lower === null ? "—" : `${fixed1(row.lower)} to ${fixed1(row.upper)}`,
    ),
    figure("td", `csat-${key}`, csat.value, percent1(csat.value)),
  );
  for (const td of [...tr.children].slice(1)) td.className = "num";
  if (row.total) tr.className = "total";
  tbody.append(tr);
}

// --- Churn by plan over Q2 2025: customers at the start of the quarter who left by its end ---
const byPlan = bySegment(subscriptions, "plan", {
  churnRate: churnMetric({ period: CHURN_PERIOD }),
});
const churnRows = toRows(byPlan);
chart(
  "churn-by-plan",
  barsWithWhiskers(churnRows, {
    label: "customer churn rate",
    format: percent1,
    tickFormat: ".0%",
    width: 520,
  }),
);
document.querySelector('[data-testid="churn-period"]').textContent = "Q2 2025";
figureList(
  "#churn-by-plan",
  churnRows.map((r) => [`churn-${r.segment}`, r.value, percent1(r.value)]),
);

// --- NPS by month (byPeriod: calendar months in UTC, empty months kept) ---------------------
const byMonth = byPeriod(
  responses,
  { date: "date", interval: "month", start: "2025-01-01T00:00:00Z", end: "2026-01-01T00:00:00Z" },
  { nps: npsMetric({ score: "nps" }) },
);
const monthRows = toRows(byMonth).map((row) => ({ ...row, date: new Date(row.period) }));
chart(
  "nps-by-month",
  Plot.plot({
    width: 1080,
    height: 260,
    marginRight: 24,
    x: { label: null, type: "utc", tickFormat: "%b %Y" },
    y: { label: "NPS (points)", grid: true },
    marks: [
      Plot.areaY(monthRows, {
        x: "date",
        y1: "lower",
        y2: "upper",
        fill: "#4c78a8",
        fillOpacity: 0.15,
      }),
      Plot.ruleY([0], { stroke: "#8c959f" }),
      Plot.lineY(monthRows, { x: "date", y: "value", stroke: "#4c78a8", strokeWidth: 2 }),
      Plot.dot(monthRows, { x: "date", y: "value", fill: "#4c78a8", r: 3 }),
      Plot.text(monthRows, {
        x: "date",
        y: "upper",
        text: (d) => fixed1(d.value),
        dy: -8,
        fontSize: 10,
      }),
    ],
  }),
);
figureList(
  "#nps-by-month",
  monthRows.map((r) => [`nps-month-${r.period.slice(0, 7)}`, r.value, fixed1(r.value)]),
);

// --- Retention by quarterly signup cohort (subscriptions active k quarters later) -----------
const cohorts = cohortRetention(subscriptions, {
  kind: "subscriptions",
  interval: "quarter",
  asOf: "2025-12-01T00:00:00Z",
});
/** "2024 Q3 · 141": the cohort's quarter and its number of customers. */
function cohortLabel(iso, size) {
  const month = Number(iso.slice(5, 7));
  return `${iso.slice(0, 4)} Q${Math.floor((month - 1) / 3) + 1} · ${size}`;
}
const cohortRows = toRows(cohorts)
  .filter((r) => r.metric === "retention")
  .map((r) => ({ ...r, label: cohortLabel(r.cohort, r.n) }));
chart(
  "cohorts",
  Plot.plot({
    width: 1080,
    height: 48 + 30 * cohorts.cohorts.length,
    marginLeft: 104,
    padding: 0.04,
    x: { label: "quarters since signup →", axis: "top" },
    y: {
      label: "signup quarter · customers",
      domain: cohorts.cohorts.map((c) => cohortLabel(c.cohort.start, c.size)),
    },
    color: {
      scheme: "blues",
      domain: [0.5, 1],
      legend: true,
      tickFormat: ".0%",
      label: "retained",
    },
    marks: [
      Plot.cell(
        cohortRows.filter((r) => r.value !== null),
        { x: "k", y: "label", fill: "value", inset: 0.5 },
      ),
      Plot.text(
        cohortRows.filter((r) => r.value !== null),
        {
          x: "k",
          y: "label",
          text: (d) => percent1(d.value),
          fill: (d) => (d.value > 0.85 ? "white" : "#1f2328"),
          fontSize: 11,
        },
      ),
    ],
  }),
);
figureList(
  "#cohorts",
  cohortRows.map((r) => [`cohort-${r.cohort.slice(0, 7)}-k${r.k}`, r.value, percent1(r.value)]),
);

document.body.dataset.ready = "true";
