// node scripts/mutation-survivors.mjs reports/mutation/<area>/mutation.json [statusFilter]
import { readFileSync } from "node:fs";

const [file, filter = "Survived,NoCoverage"] = process.argv.slice(2);
const want = new Set(filter.split(","));
const report = JSON.parse(readFileSync(file, "utf8"));
const totals = {};
for (const [path, f] of Object.entries(report.files)) {
  const lines = f.source.split("\n");
  const t = (totals[path] ??= {});
  for (const m of f.mutants) {
    t[m.status] = (t[m.status] ?? 0) + 1;
    if (!want.has(m.status)) continue;
    const l = m.location.start.line;
    console.log(
      `#${m.id} ${path}:${l}:${m.location.start.column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? "").slice(0, 100)}\n    ${lines[l - 1]?.trim().slice(0, 140)}`,
    );
  }
}
const all = {};
for (const [p, t] of Object.entries(totals)) {
  const k = (t.Killed ?? 0) + (t.Timeout ?? 0),
    s = (t.Survived ?? 0) + (t.NoCoverage ?? 0);
  console.log(
    `${p}: killed ${t.Killed ?? 0} timeout ${t.Timeout ?? 0} survived ${t.Survived ?? 0} nocov ${t.NoCoverage ?? 0} ignored ${t.Ignored ?? 0} score ${((100 * k) / (k + s)).toFixed(1)}%`,
  );
  for (const [st, n] of Object.entries(t)) all[st] = (all[st] ?? 0) + n;
}
const k = (all.Killed ?? 0) + (all.Timeout ?? 0),
  s = (all.Survived ?? 0) + (all.NoCoverage ?? 0);
console.log("TOTAL", JSON.stringify(all), `score ${((100 * k) / (k + s)).toFixed(2)}%`);
