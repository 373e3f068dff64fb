// The example dashboard (examples/dashboard), built with Vite against the built package and
// opened in headless Chromium: every figure it renders (data-testid, exact value in data-value)
// must equal what the library computes here in Node from the same data files, the page must
// draw its charts without a console error, and a screenshot is saved to reports/dashboard.png.
// Run: node --test test/runtime/dashboard.mjs   (after the build; needs /usr/bin/chromium)
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  byPeriod,
  bySegment,
  churnMetric,
  cohortRetention,
  csatMetric,
  npsMetric,
} from "engagement-metrics";
import { build } from "vite";
import { launchChromium, openPage, serveDirectory } from "./chromium.mjs";

const ROOT = join(import.meta.dirname, "..", "..");
const DASHBOARD = join(ROOT, "examples", "dashboard");
const SCREENSHOT = join(ROOT, "reports", "dashboard.png");

// The reference computation, written independently of the page's main.js: read the same CSV,
// group with the library, index the figures by the test ids the page promises.
function readCsv(path) {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const names = head.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    const row = {};
    names.forEach((name, i) => {
      row[name] = cells[i];
    });
    return row;
  });
}

function expectedFigures() {
  const survey = readCsv(join(ROOT, "examples", "data", "survey-responses.csv")).map((r) => ({
    region: r.region,
    date: r.date,
    nps: Number(r.nps),
    csat: Number(r.csat),
  }));
  const figures = new Map();
  const table = bySegment(survey, (r) => r.region, {
    nps: npsMetric({ score: (r) => r.nps }),
    csat: csatMetric({ rating: (r) => r.csat }),
  });
  for (const row of [...table.segments, { ...table.total, key: "All" }]) {
    figures.set(`n-${row.key}`, row.results.nps.n);
    figures.set(`nps-${row.key}`, row.results.nps.value);
    figures.set(`csat-${row.key}`, row.results.csat.value);
  }
  const months = byPeriod(
    survey,
    {
      date: (r) => r.date,
      interval: "month",
      start: "2025-01-01T00:00:00Z",
      end: "2026-01-01T00:00:00Z",
    },
    { nps: npsMetric({ score: (r) => r.nps }) },
  );
  if (months.periods.length !== 12) throw new Error("expected 12 months of 2025");
  for (const row of months.periods) {
    figures.set(`nps-month-${row.period.start.slice(0, 7)}`, row.results.nps.value);
  }

  const subscriptions = readCsv(join(ROOT, "examples", "data", "subscriptions.csv")).map((r) => ({
    customerId: r.customer_id,
    plan: r.plan,
    start: r.start,
    end: r.end === "" ? null : r.end,
  }));
  const churn = bySegment(subscriptions, (s) => s.plan, {
    churn: churnMetric({ period: { start: "2025-04-01T00:00:00Z", end: "2025-07-01T00:00:00Z" } }),
  });
  for (const row of churn.segments) figures.set(`churn-${row.key}`, row.results.churn.value);

  const matrix = cohortRetention(subscriptions, {
    kind: "subscriptions",
    interval: "quarter",
    asOf: "2025-12-01T00:00:00Z",
  });
  for (const row of matrix.cohorts) {
    row.retention.forEach((value, k) => {
      figures.set(`cohort-${row.cohort.start.slice(0, 7)}-k${k}`, value);
    });
  }
  return figures;
}

let server;
let browser;

before(async () => {
  await build({ configFile: join(DASHBOARD, "vite.config.js"), logLevel: "warn" });
  server = await serveDirectory(join(DASHBOARD, "dist"));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("dashboard: rendered figures equal the library's results in Node; screenshot", async (t) => {
  const { page, errors } = await openPage(browser.context, server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }).catch(() => {});
  if (errors.length > 0) throw new Error(errors.join("\n"));
  const shown = await page.$$eval("[data-testid][data-value]", (elements) =>
    elements.map((el) => ({
      id: el.dataset.testid,
      value: el.dataset.value,
      text: el.textContent,
    })),
  );
  const rendered = new Map(shown.map((f) => [f.id, f]));
  const expected = expectedFigures();
  if (expected.size < 20) throw new Error(`only ${expected.size} reference figures`);

  for (const [id, value] of expected) {
    await t.test(id, () => {
      const figure = rendered.get(id);
      if (figure === undefined) throw new Error(`the page shows no [data-testid="${id}"]`);
      const got = figure.value === "null" ? null : Number(figure.value);
      const ok =
        value === null
          ? got === null
          : got !== null && Math.abs(got - value) <= 1e-9 * Math.max(1, Math.abs(value));
      if (!ok) throw new Error(`${id}: page ${figure.value}, Node ${value}`);
      // The text shown is the value rounded as the page promises (0.1 point, 0.1%).
      const percent = /^(csat|churn|cohort)-/.test(id);
      const text =
        value === null
          ? "—"
          : percent
            ? `${(100 * value).toFixed(1)}%`
            : id.startsWith("n-")
              ? String(value)
              : value.toFixed(1);
      if (figure.text !== text)
        throw new Error(`${id}: shows "${figure.text}", expected "${text}"`);
    });
  }

  await t.test("every chart drew an SVG with marks", async () => {
    const charts = await page.$$eval("[data-chart]", (hosts) =>
      hosts.map((h) => ({
        name: h.dataset.chart,
        marks: h.querySelectorAll("svg g[aria-label]").length,
      })),
    );
    const empty = charts.filter((c) => c.marks === 0).map((c) => c.name);
    if (charts.length === 0 || empty.length > 0) throw new Error(`charts without marks: ${empty}`);
  });

  mkdirSync(join(ROOT, "reports"), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`dashboard screenshot: ${SCREENSHOT}`);
});
