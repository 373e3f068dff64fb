// Bundled by browser.mjs (esbuild, platform "browser") and run in the page: the same checks as
// on Node and Deno, against the built package resolved through its "exports" ("import").
import * as api from "engagement-metrics";
import { runAll, runtimeChecks } from "./checks.mjs";

globalThis.__checks = runAll(runtimeChecks(api));
