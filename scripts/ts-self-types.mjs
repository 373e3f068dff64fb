// After the build: points each ESM file in dist/ at its declaration file with Deno's
// `@ts-self-types` comment. Deno does not map `./metric.js` to `./metric.d.ts` for a package it
// loads from a folder, so without it Deno's type check of the per-module build fails. The comment
// is prefixed to the first line, so source maps stay aligned; other tools ignore it.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".js")) {
      const types = path.replace(/\.js$/, ".d.ts");
      const text = readFileSync(path, "utf8");
      if (existsSync(types) && !text.includes("@ts-self-types")) {
        writeFileSync(path, `/* @ts-self-types="./${basename(types)}" */ ${text}`);
      }
    }
  }
}
walk("dist");
