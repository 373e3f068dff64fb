// The runtime checks in a real browser: test/runtime/browser-entry.mjs is bundled with esbuild
// (the built package and its dependencies, as an application bundler would), served on
// 127.0.0.1, and run in headless Debian Chromium through playwright-core.
// Run: node --test test/runtime/browser.mjs   (after the build; needs /usr/bin/chromium)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { build } from "esbuild";
import { launchChromium, openPage, serveDirectory } from "./chromium.mjs";

const ROOT = join(import.meta.dirname, "..", "..");
const OUT = join(ROOT, ".tmp", "browser-checks");

let server;
let browser;

before(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(import.meta.dirname, "browser-entry.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(OUT, "checks.js"),
    alias: { "engagement-metrics": join(ROOT, "dist", "index.js") },
    loader: { ".csv": "text" },
    logLevel: "warning",
  });
  writeFileSync(
    join(OUT, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>runtime checks</title><link rel="icon" href="data:,"><script type="module" src="./checks.js"></script>',
  );
  server = await serveDirectory(OUT);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("chromium: runtime checks in the page", async (t) => {
  const { page, errors } = await openPage(browser.context, server.url);
  const results = await page.evaluate(() => globalThis.__checks);
  const agent = await page.evaluate(() => navigator.userAgent);
  if (errors.length > 0) throw new Error(errors.join("\n"));
  if (!Array.isArray(results) || results.length === 0) throw new Error("no checks ran in the page");
  for (const result of results) {
    await t.test(`${agent.match(/Chrome\/[\d.]+/)?.[0] ?? "chromium"}: ${result.name}`, () => {
      if (!result.ok) throw new Error(result.error);
    });
  }
});
