// Bundled by browser.mjs (esbuild, platform "browser") and run in the page: the same checks as
// on Node and Deno, against the built package resolved through its "exports" ("import").
import * as api from "engagement-metrics";
// The CSV is inlined as text by esbuild (loader "text"): the page reads no file.
import cdnowCsv from "../fixtures/cdnow/cdnow_customers_summary_with_transactions.csv";
import { runAll, runtimeChecks } from "./checks.mjs";

globalThis.__checks = runAll(runtimeChecks(api, { cdnowCsv }));
